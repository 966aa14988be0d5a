"""``send_on_commit``: validate a payload now, send it when the database transaction commits."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction
from pydantic import BaseModel

from typedsignals import Signal

__all__ = ["send_on_commit"]

M = TypeVar("M", bound=BaseModel)


def send_on_commit(
    signal: Signal[M], sender: Any, /, *payload: M, _using: str | None = None, **fields: Any
) -> None:
    """Validate the payload now; ``signal.send`` it once the current transaction commits.

    The payload is given as for ``send``: keyword fields, or one instance of the model.
    ``_using`` names the database whose transaction counts (the default database if omitted).
    Nothing is sent if that transaction rolls back; outside a transaction (autocommit) the
    signal is sent at once. Raises ``PayloadError`` (and sends nothing, ever) if the payload is
    invalid, as ``send`` would.
    """
    transaction.on_commit(_dispatcher(signal, sender, payload, fields), using=_using)


def _dispatcher(
    signal: Signal[M], sender: Any, payload: tuple[M, ...], fields: dict[str, Any]
) -> Callable[[], object]:
    """A call that sends the payload, checked (and validated, if ``signal`` validates) now."""
    spec, model = signal.payload_spec, signal.payload_model
    if payload:
        if spec is None or model is None:
            raise TypeError(
                f"send_on_commit(): signal {signal.label!r} is untyped: pass its payload as "
                "keyword arguments"
            )
        if fields or len(payload) > 1 or not isinstance(payload[0], model):
            given = ", ".join(type(each).__name__ for each in payload)
            raise TypeError(
                f"send_on_commit(): signal {signal.label!r} takes either one "
                f"{model.__name__} instance or keyword fields; got positional ({given})"
                + (f" and keywords ({', '.join(fields)})" if fields else "")
            )
        return functools.partial(signal.send, sender, payload[0])
    if spec is None or model is None:
        return functools.partial(signal.send, sender, **fields)
    if not signal.validates:
        return functools.partial(signal.send, sender, **spec.checked_fields(signal, fields))
    # Validated once, here: the instance is built from the validated values as trusted data.
    values = spec.validated_values(signal, fields)
    return functools.partial(signal.send, sender, model.model_construct(**values))
