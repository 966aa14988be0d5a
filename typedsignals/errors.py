"""The errors typedsignals raises, each naming the signal, model, receiver and field involved."""

from __future__ import annotations

import reprlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from typedsignals.dispatcher import Signal

__all__ = ["PayloadError", "ReceiverSignatureError", "SignalDeclarationError"]

_input_repr = reprlib.Repr()
_input_repr.maxstring = 60
_input_repr.maxother = 60


class SignalDeclarationError(TypeError):
    """A signal was declared with a payload model it cannot carry.

    Raised when the model is not a ``pydantic.BaseModel`` subclass, or when one of its fields
    (or aliases) is named ``signal`` or ``sender``: every receiver already gets those two.
    """


class ReceiverSignatureError(TypeError, ValueError):
    """A receiver could not be called with what its signal sends.

    Raised by ``connect`` (and so by ``@receiver``), before the receiver is connected. It is a
    ``TypeError``; it is also a ``ValueError`` because ``django.dispatch`` raises ``ValueError``
    for a receiver without ``**kwargs``, so code written against Django keeps catching it.
    """


class PayloadError(ValueError):
    """``send`` was given a payload its signal's model rejects; no receiver was called.

    ``signal`` is the signal, ``errors()`` lists every problem in pydantic's shape, and
    ``__cause__`` is the ``pydantic.ValidationError`` when pydantic raised one.
    """

    def __init__(self, signal: Signal[Any], errors: Sequence[ErrorDetails]) -> None:
        self.signal = signal
        self._errors = list(errors)
        super().__init__(self._render())

    def errors(self) -> list[ErrorDetails]:
        """Every problem with the payload, as pydantic's ``ValidationError.errors()`` gives them."""
        return list(self._errors)

    def _render(self) -> str:
        model = self.signal.payload_model
        model_name = model.__name__ if model is not None else "untyped"
        count = len(self._errors)
        lines = [
            f"invalid payload for signal {self.signal.label!r} ({model_name}): "
            f"{count} error{'' if count == 1 else 's'}"
        ]
        lines.extend(f"  {_describe(error, self.signal)}" for error in self._errors)
        return "\n".join(lines)


def _describe(error: ErrorDetails, signal: Signal[Any]) -> str:
    location = ".".join(str(part) for part in error["loc"]) or "(payload)"
    if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
        model = signal.payload_model
        if model is not None:
            known = ", ".join(model.model_fields) or "no fields"
            return f"{location}: unknown field ({model.__name__} has: {known})"
        return f"{location}: unknown field"
    if error["type"] == "missing":
        return f"{location}: {error['msg']}"
    return f"{location}: {error['msg']} [input={_safe_repr(error.get('input'))}]"


def _safe_repr(value: object) -> str:
    try:
        return _input_repr.repr(value)
    except Exception as exc:  # a hostile __repr__ must not hide the real error
        return f"<{type(value).__name__} whose repr raised {type(exc).__name__}>"
