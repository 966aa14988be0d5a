"""How observability tools (``contrib.opentelemetry``, the debug-toolbar panel) name senders,
receivers and errors: never with a payload value, the sender's value, or unbounded text."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from typedsignals.errors import PayloadError
from typedsignals.receivers import describe_receiver
from typedsignals.redaction import one_line


def receiver_name(receiver: Callable[..., Any]) -> str:
    """``module.qualname`` of a receiver."""
    return ".".join(filter(None, describe_receiver(receiver)))


def sender_name(sender: Any) -> str:
    """A class or function by its qualified name; any other sender by its type only, so no
    value (an id, a string, an object's ``repr``) reaches a trace."""
    if isinstance(sender, type | types.FunctionType):
        return f"{sender.__module__}.{sender.__qualname__}"
    return f"{type(sender).__module__}.{type(sender).__qualname__} instance"


def type_name(exc: BaseException) -> str:
    """The exception's class, qualified unless builtin (``typedsignals.errors.PayloadError``)."""
    kind = type(exc)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def refusal(exc: PayloadError) -> str:
    """A refused payload told by its signal, model, and each bad field with pydantic's error
    type: never an input value (unlike the ``PayloadError``'s own message)."""
    errors = exc.errors()
    fields = ", ".join(
        one_line(f"{'.'.join(map(str, error['loc'])) or '(payload)'} ({error['type']})", 120)
        for error in errors[:20]
    )
    more = f", and {len(errors) - 20} more" if len(errors) > 20 else ""
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    model = exc.signal.model_label if exc.signal is not None else "payload"
    return f"invalid payload for signal {exc.label!r} ({model}): {count}: {fields}{more}"


def failure_text(exc: BaseException) -> str:
    """``refusal`` for a ``PayloadError``, else ``exception_text``."""
    return refusal(exc) if isinstance(exc, PayloadError) else exception_text(exc)


def exception_text(exc: BaseException) -> str:
    """The exception's text on one shortened line, as the ``send_robust`` log shows it."""
    try:
        return one_line(str(exc), 500)
    except Exception:  # a hostile __str__ must not hide the real error
        return f"<{type(exc).__name__} whose str() raised>"
