"""Fully qualified names the plugin looks for."""

from __future__ import annotations

from typing import Final

SIGNAL: Final = "typedsignals.dispatcher.Signal"
RECEIVER_FUNCTION: Final = "typedsignals.receivers.receiver"
CELERY_TASK_RECEIVER: Final = "typedsignals.contrib.celery.task_receiver"
RECEIVER_FACTORIES: Final = frozenset({RECEIVER_FUNCTION, CELERY_TASK_RECEIVER})
"""Decorator factories taking a signal or a list of signals first, checked like ``receiver``."""
RECEIVER_DECORATOR: Final = "typedsignals.receivers._ReceiverDecorator"
RECEIVER_DECORATOR_CALL: Final = f"{RECEIVER_DECORATOR}.__call__"
SEND_METHODS: Final = frozenset({"send", "send_robust", "asend", "asend_robust"})
CONNECT_METHOD: Final = "connect"

BASE_MODEL: Final = "pydantic.main.BaseModel"
FIELD: Final = "pydantic.fields.Field"
ALIAS_CHOICES: Final = "pydantic.aliases.AliasChoices"

RESERVED_NAMES: Final = ("signal", "sender")
"""Keyword arguments every receiver gets besides the payload's fields."""

METADATA_KEY: Final = "typedsignals"
"""``TypeInfo.metadata`` key under which a model's own field facts are recorded."""
PYDANTIC_METADATA_KEY: Final = "pydantic-mypy-metadata"
DATACLASS_METADATA_KEY: Final = "dataclass"
FIELDS_MARKER: Final = "__typedsignals_fields__"
"""Plugin-generated class attribute mirroring the metadata, so that dmypy sees it change."""
