"""Typed counterparts of Django's built-in signals, and the payload models they carry.

Each model mirrors what Django 5.2 and 6.0 send (read from every ``send`` call in Django's
source). The model signals' payloads are generic over the model class: the mypy plugin binds
the type parameter to the class a receiver is connected for (``sender=Article`` lets the
receiver take ``instance: Article``); without a sender it is ``Model``. Every model allows extra
fields, because Django may add arguments to its signals (its receivers must take ``**kwargs``).
"""

from __future__ import annotations

from io import TextIOBase
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from django.apps import AppConfig
from django.apps.registry import Apps
from django.contrib.auth import signals as auth_signals
from django.core import signals as core_signals
from django.core.handlers.base import BaseHandler
from django.db.migrations import Migration
from django.db.models import Model, QuerySet
from django.db.models import signals as model_signals
from django.http import HttpRequest
from pydantic import BaseModel, ConfigDict, Field

from typedsignals.contrib.django.bridge import BridgedModelSignal, BridgedSignal

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as AuthUser
else:
    # Importing AbstractBaseUser needs a ready app registry, and this module is imported while
    # Django sets up; every user model is a Model.
    AuthUser = Model

__all__ = [
    "DeletionPayload",
    "DjangoPayload",
    "GotRequestException",
    "M2MChanged",
    "MigrateSignalPayload",
    "ModelT",
    "PostDelete",
    "PostInit",
    "PostMigrate",
    "PostSave",
    "PreDelete",
    "PreInit",
    "PreMigrate",
    "PreSave",
    "RequestFinished",
    "RequestStarted",
    "SettingChanged",
    "UserLoggedIn",
    "UserLoggedOut",
    "UserLoginFailed",
    "UserT",
    "got_request_exception",
    "m2m_changed",
    "post_delete",
    "post_init",
    "post_migrate",
    "post_save",
    "pre_delete",
    "pre_init",
    "pre_migrate",
    "pre_save",
    "request_finished",
    "request_started",
    "setting_changed",
    "user_logged_in",
    "user_logged_out",
    "user_login_failed",
]

ModelT = TypeVar("ModelT", bound=Model)
"""The model class a model signal's receiver is connected for (its ``sender``)."""
UserT = TypeVar("UserT", bound=AuthUser)
"""The user model class an auth signal's receiver is connected for (its ``sender``)."""


class DjangoPayload(BaseModel):
    """Base of every payload model here: Django objects as field types, extra fields allowed."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="allow")


# -- model signals ---------------------------------------------------------------------------


class PreInit(DjangoPayload):
    """Sent at the start of a model's ``__init__``, before any field is set."""

    args: tuple[Any, ...] = Field(
        description="The positional arguments given to the model's constructor."
    )
    kwargs: dict[str, Any] = Field(
        description="The keyword arguments given to the model's constructor."
    )


class PostInit(DjangoPayload, Generic[ModelT]):
    """Sent at the end of a model's ``__init__``."""

    instance: ModelT = Field(description="The instance just created.")


class PreSave(DjangoPayload, Generic[ModelT]):
    """Sent at the start of a model's ``save()``."""

    instance: ModelT = Field(description="The instance being saved.")
    raw: bool = Field(
        description="True when the model is saved exactly as presented (loading a fixture): "
        "do not query or modify other records."
    )
    using: str = Field(description="The database alias being used.")
    update_fields: frozenset[str] | None = Field(
        description="The fields to update as passed to save(), or None if it got none."
    )


class PostSave(DjangoPayload, Generic[ModelT]):
    """Sent at the end of a model's ``save()``."""

    instance: ModelT = Field(description="The instance just saved.")
    created: bool = Field(description="True if a new record was created.")
    update_fields: frozenset[str] | None = Field(
        description="The fields to update as passed to save(), or None if it got none."
    )
    raw: bool = Field(
        description="True when the model is saved exactly as presented (loading a fixture): "
        "do not query or modify other records."
    )
    using: str = Field(description="The database alias being used.")


class DeletionPayload(DjangoPayload, Generic[ModelT]):
    """What ``pre_delete`` and ``post_delete`` send, once for each instance deleted."""

    instance: ModelT = Field(
        description="The instance being deleted (for post_delete: no longer in the database)."
    )
    using: str = Field(description="The database alias being used.")
    origin: Model | QuerySet[Any] | None = Field(
        description="The instance or queryset whose delete() started the deletion "
        "(None when a Collector was made without one)."
    )


class PreDelete(DeletionPayload[ModelT]):
    """Sent at the start of a model's or a queryset's ``delete()``, for each instance."""


class PostDelete(DeletionPayload[ModelT]):
    """Sent at the end of a model's or a queryset's ``delete()``, for each instance."""


class M2MChanged(DjangoPayload):
    """Sent when a many-to-many relation changes, before and after (its sender is the
    relation's intermediate model, ``Article.tags.through``)."""

    action: Literal[
        "pre_add", "post_add", "pre_remove", "post_remove", "pre_clear", "post_clear"
    ] = Field(description="What is happening to the relation.")
    instance: Model = Field(
        description="The instance whose relation changes: either side's, see reverse."
    )
    reverse: bool = Field(
        description="False when the relation is changed from the model declaring the "
        "ManyToManyField, True from the other side."
    )
    model: type[Model] = Field(
        description="The class of the objects added to, removed from or cleared from the relation."
    )
    pk_set: set[Any] | None = Field(
        description="The primary keys added or removed (only those not yet added, for add); "
        "None for clear. Receivers of pre_add/pre_remove may change it, as Django documents."
    )
    using: str = Field(description="The database alias being used.")


class MigrateSignalPayload(DjangoPayload):
    """What ``pre_migrate`` and ``post_migrate`` send, once for each app with models."""

    app_config: AppConfig = Field(description="The app's AppConfig (also the sender).")
    verbosity: int = Field(description="The verbosity of the command (0 to 3).")
    interactive: bool = Field(
        description="Whether the user may be prompted; if False, do not prompt."
    )
    using: str = Field(description="The alias of the database being migrated.")
    stdout: TextIOBase | None = Field(
        default=None,
        description="Where verbose output should go (None when flush or a TransactionTestCase "
        "sends it).",
    )
    apps: Apps | None = Field(
        default=None,
        description="The migration state's app registry (models as the migrations have them); "
        "None when flush or a TransactionTestCase sends it.",
    )
    plan: list[tuple[Migration, bool]] | None = Field(
        default=None,
        description="The migration plan: (migration, backwards) pairs; None when flush or a "
        "TransactionTestCase sends it.",
    )


class PreMigrate(MigrateSignalPayload):
    """Sent by ``migrate`` before it migrates, for each app with models."""


class PostMigrate(MigrateSignalPayload):
    """Sent at the end of ``migrate`` and ``flush``, for each app with models."""


pre_init = BridgedModelSignal[PreInit](model_signals.pre_init, sender=Model, use_caching=True)
post_init = BridgedModelSignal[PostInit[Model]](
    model_signals.post_init, sender=Model, use_caching=True
)
pre_save = BridgedModelSignal[PreSave[Model]](
    model_signals.pre_save, sender=Model, use_caching=True
)
post_save = BridgedModelSignal[PostSave[Model]](
    model_signals.post_save, sender=Model, use_caching=True
)
pre_delete = BridgedModelSignal[PreDelete[Model]](
    model_signals.pre_delete, sender=Model, use_caching=True
)
post_delete = BridgedModelSignal[PostDelete[Model]](
    model_signals.post_delete, sender=Model, use_caching=True
)
m2m_changed = BridgedModelSignal[M2MChanged](
    model_signals.m2m_changed, sender=Model, use_caching=True
)
pre_migrate = BridgedSignal[PreMigrate](model_signals.pre_migrate, sender=AppConfig)
post_migrate = BridgedSignal[PostMigrate](model_signals.post_migrate, sender=AppConfig)


# -- request signals -------------------------------------------------------------------------


class RequestStarted(DjangoPayload):
    """Sent when Django begins processing a request, before the request object exists.

    Exactly one of ``environ`` (WSGI) and ``scope`` (ASGI) is set.
    """

    environ: dict[str, Any] | None = Field(
        default=None, description="The WSGI environ of the request; None under ASGI."
    )
    scope: dict[str, Any] | None = Field(
        default=None, description="The ASGI connection scope of the request; None under WSGI."
    )


class RequestFinished(DjangoPayload):
    """Sent when Django has finished delivering a response (when the response is closed).

    The sender is the handler class that served it, or None when that handler does not say
    (the test client's).
    """


class GotRequestException(DjangoPayload):
    """Sent when Django meets an exception while processing a request (the sender is None)."""

    request: HttpRequest = Field(description="The request being processed.")


request_started = BridgedSignal[RequestStarted](core_signals.request_started, sender=BaseHandler)
request_finished = BridgedSignal[RequestFinished](core_signals.request_finished, sender=BaseHandler)
got_request_exception = BridgedSignal[GotRequestException](core_signals.got_request_exception)


# -- settings --------------------------------------------------------------------------------


class SettingChanged(DjangoPayload):
    """Sent when a setting changes through ``override_settings``, ``TestCase.settings()`` or
    ``modify_settings``, on entering and on leaving (the sender is the settings holder class)."""

    setting: str = Field(description="The name of the setting.")
    value: Any = Field(
        description="The setting's value after the change; None if it was removed on leaving."
    )
    enter: bool = Field(description="True when the change is applied, False when reverted.")


setting_changed = BridgedSignal[SettingChanged](core_signals.setting_changed)


# -- auth ------------------------------------------------------------------------------------


class UserLoggedIn(DjangoPayload, Generic[UserT]):
    """Sent when a user logs in (``login()``/``alogin()``); the sender is the user's class."""

    request: HttpRequest = Field(description="The current request.")
    user: UserT = Field(description="The user who logged in.")


class UserLoggedOut(DjangoPayload, Generic[UserT]):
    """Sent when ``logout()``/``alogout()`` is called; the sender is the user's class
    (``NoneType`` when nobody was logged in)."""

    request: HttpRequest = Field(description="The current request.")
    user: UserT | None = Field(
        description="The user who logged out, or None if nobody was logged in."
    )


class UserLoginFailed(DjangoPayload):
    """Sent when ``authenticate()`` finds no backend accepting the credentials (the sender
    is the string ``"django.contrib.auth"``)."""

    credentials: dict[str, Any] = Field(
        description="The keyword arguments given to authenticate(), with sensitive ones "
        "(such as the password) masked."
    )
    request: HttpRequest | None = Field(description="The request given to authenticate(), or None.")


user_logged_in = BridgedSignal[UserLoggedIn[AuthUser]](auth_signals.user_logged_in, sender=AuthUser)
user_logged_out = BridgedSignal[UserLoggedOut[AuthUser]](
    auth_signals.user_logged_out, sender=AuthUser
)
user_login_failed = BridgedSignal[UserLoginFailed](
    auth_signals.user_login_failed, sender="django.contrib.auth"
)
