"""Fully qualified names the plugin looks for."""

from __future__ import annotations

from typing import Final

SIGNAL: Final = "typedsignals.dispatcher.Signal"
CHECKED_SIGNAL: Final = "typedsignals._typing.CheckedSignal"
"""What ``Signal(M, ...)`` is typed as for checkers without plugins."""
RECEIVER_FUNCTION: Final = "typedsignals.receivers.receiver"
CELERY_TASK_RECEIVER: Final = "typedsignals.contrib.celery.task_receiver"
RECEIVER_FACTORIES: Final = frozenset({RECEIVER_FUNCTION, CELERY_TASK_RECEIVER})
"""Decorator factories taking a signal or a list of signals first, checked like ``receiver``."""
RECEIVER_DECORATOR: Final = "typedsignals.receivers._ReceiverDecorator"
RECEIVER_DECORATOR_CALL: Final = f"{RECEIVER_DECORATOR}.__call__"
SEND_METHODS: Final = frozenset({"send", "send_robust", "asend", "asend_robust"})
CONNECT_METHOD: Final = "connect"
ITERABLE: Final = "typing.Iterable"

BASE_MODEL: Final = "pydantic.main.BaseModel"
ROOT_MODEL: Final = "pydantic.root_model.RootModel"
FIELD: Final = "pydantic.fields.Field"
FIELD_INFO: Final = "pydantic.fields.FieldInfo"
ALIAS_CHOICES: Final = "pydantic.aliases.AliasChoices"
ALIAS_PATH: Final = "pydantic.aliases.AliasPath"
ANNOTATED: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})

RESERVED_NAMES: Final = ("signal", "sender")
"""Keyword arguments every receiver gets besides the payload's fields."""

METADATA_KEY: Final = "typedsignals"
"""``TypeInfo.metadata`` key under which a model's own field facts are recorded."""
FIELDS_MARKER: Final = "__typedsignals_fields__"
"""Plugin-generated class attribute mirroring the metadata, so that dmypy sees it change."""
