"""Django's built-in signals, typed, validated and documented (the ``django`` extra).

``from typedsignals.contrib.django import post_save`` gives the typed counterpart of Django's
``post_save``; ``send_on_commit`` sends a signal when a transaction commits; and
``"typedsignals.contrib.django"`` in ``INSTALLED_APPS`` imports every app's ``signals`` and
``receivers`` modules when Django starts. See docs/django.md.
"""

from typedsignals.extras import requires_extra

with requires_extra(__name__, "Django", extra="django"):
    import django  # noqa: F401  (every module of this package imports it)

from typedsignals.contrib.django.bridge import BridgedModelSignal, BridgedSignal
from typedsignals.contrib.django.on_commit import send_on_commit
from typedsignals.contrib.django.signals import (
    DeletionPayload,
    DjangoPayload,
    GotRequestException,
    M2MChanged,
    MigrateSignalPayload,
    PostDelete,
    PostInit,
    PostMigrate,
    PostSave,
    PreDelete,
    PreInit,
    PreMigrate,
    PreSave,
    RequestFinished,
    RequestStarted,
    SettingChanged,
    UserLoggedIn,
    UserLoggedOut,
    UserLoginFailed,
    got_request_exception,
    m2m_changed,
    post_delete,
    post_init,
    post_migrate,
    post_save,
    pre_delete,
    pre_init,
    pre_migrate,
    pre_save,
    request_finished,
    request_started,
    setting_changed,
    user_logged_in,
    user_logged_out,
    user_login_failed,
)

__all__ = [
    "BridgedModelSignal",
    "BridgedSignal",
    "DeletionPayload",
    "DjangoPayload",
    "GotRequestException",
    "M2MChanged",
    "MigrateSignalPayload",
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
    "send_on_commit",
    "setting_changed",
    "user_logged_in",
    "user_logged_out",
    "user_login_failed",
]
