"""The errors typedsignals raises, each naming the signal, model, receiver and field involved."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, get_args

from pydantic import ValidationError
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import ErrorType

from typedsignals.redaction import HIDDEN, MASK, Secrets, one_line, scrub, short_repr

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from typedsignals.dispatcher import Signal

__all__ = ["PayloadError", "ReceiverSignatureError", "SignalDeclarationError"]

MAX_ERROR_LINES = 20
"""A ``PayloadError`` message lists this many errors at most; ``errors()`` has them all."""

_LINE_LIMIT = 300
_INPUT_NOT_SHOWN = frozenset({"missing", "reserved_key", "model_validator_result"})
"""Error types whose input says nothing the message does not (or is the whole payload)."""
_INPUT_IS_THE_CONTAINER = frozenset(
    {"missing", "missing_argument", "missing_keyword_argument", "missing_positional_only_argument"}
)
"""Error types whose input is the object missing the key at ``loc``, not a value there."""
_TEMPLATE_ONLY_TYPES = frozenset(get_args(ErrorType)) - {
    "value_error",
    "assertion_error",
    "get_attribute_error",
    "iteration_error",
}
"""pydantic's error types whose message is its own template, never an exception's text."""


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

    ``signal`` is the signal, ``label`` its label, ``errors()`` lists every problem in
    pydantic's shape, and ``__cause__`` is the ``pydantic.ValidationError`` when pydantic
    raised one. Neither the message nor ``errors()`` ever holds the value of a secret field
    (``SecretStr``, ``SecretBytes``, ``Secret[...]``: masked as ``**********``), nor any input
    when the model sets ``hide_input_in_errors``; the message is bounded (at most
    ``MAX_ERROR_LINES`` errors, each on one shortened line without control characters).

    It pickles, and it is rebuilt from its ``args`` — ``(label, errors, message)``, all plain
    JSON values — as Celery's JSON result backend rebuilds exceptions: the rebuilt error keeps
    its label, message and errors (each input as the shortened text the message shows), and
    its ``signal`` is the live signal with that label in the rebuilding process, or ``None``.
    """

    signal: Signal[Any] | None

    def __init__(
        self,
        signal: Signal[Any] | str,
        errors: Sequence[ErrorDetails],
        message: str | None = None,
    ) -> None:
        if isinstance(signal, str):  # rebuilt from args, after pickling or transport
            self.signal = _live_signal(signal)
            self.label = signal
            self._errors = list(errors)
            message = message if message is not None else _header(signal, "", len(errors))
        else:
            self.signal = signal
            self.label = signal.label
            spec = signal.payload_spec
            self._errors = _redacted(errors, spec.secrets if spec else None)
            message = _render(signal, self._errors)
        self.message = message
        super().__init__(self.label, [_portable(error) for error in self._errors], message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)

    def errors(self) -> list[ErrorDetails]:
        """Every problem with the payload, as pydantic's ``ValidationError.errors()`` gives them
        (secrets masked, hidden inputs left out)."""
        return list(self._errors)


def _render(signal: Signal[Any], errors: list[ErrorDetails]) -> str:
    model = signal.payload_model
    lines = [_header(signal.label, model.__name__ if model else "untyped", len(errors))]
    lines.extend(
        one_line(f"  {_describe(error, signal)}", _LINE_LIMIT) for error in errors[:MAX_ERROR_LINES]
    )
    if len(errors) > MAX_ERROR_LINES:
        lines.append(f"  … and {len(errors) - MAX_ERROR_LINES} more (see errors())")
    return "\n".join(lines)


def _header(label: str, model_name: str, count: int) -> str:
    model = f" ({model_name})" if model_name else ""
    return (
        f"invalid payload for signal {one_line(repr(label), 200)}{model}: "
        f"{count} error{'' if count == 1 else 's'}"
    )


def _describe(error: ErrorDetails, signal: Signal[Any]) -> str:
    location = ".".join(one_line(str(part), 80) for part in error["loc"]) or "(payload)"
    if error["type"] == "extra_forbidden":  # the key is the mistake; its value may be a secret
        model = signal.payload_model
        if model is None or len(error["loc"]) != 1:
            return f"{location}: unknown field"
        known = ", ".join(model.model_fields) or "no fields"
        hint = _close_match(str(error["loc"][0]), signal)
        return f"{location}: unknown field ({model.__name__} has: {one_line(known, 150)}){hint}"
    message = one_line(error["msg"], 250)
    if error["type"] in _INPUT_NOT_SHOWN or "input" not in error:
        return f"{location}: {message}"
    return f"{location}: {message} [input={short_repr(error['input'])}]"


def _close_match(key: str, signal: Signal[Any]) -> str:
    spec = signal.payload_spec
    if spec is None or len(key) > 100:
        return ""
    matches = difflib.get_close_matches(key, sorted(spec.accepted_keys), n=1)
    return f"; did you mean {matches[0]!r}?" if matches else ""


def _redacted(errors: Sequence[ErrorDetails], secrets: Secrets | None) -> list[ErrorDetails]:
    """``errors`` with each input masked where it holds a secret (left out where hidden), and
    each message that may quote user text (a validator's exception) scrubbed of the secrets
    found in any of the inputs."""
    if secrets is None or not secrets.anywhere:
        return list(errors)
    found: set[str] = set()
    redacted: list[ErrorDetails] = []
    for error in errors:
        copy = dict(error)
        copy.pop("ctx", None)  # a validator's exception may quote the secret
        if "input" in error:
            loc = tuple(error["loc"])
            if error["type"] in _INPUT_IS_THE_CONTAINER:
                loc = loc[:-1]
            shown, secrets_in_input = secrets.redact(loc, error["input"])
            found |= secrets_in_input
            if shown is HIDDEN:
                del copy["input"]
            else:
                copy["input"] = shown
        redacted.append(copy)  # type: ignore[arg-type]
    for error in redacted:
        if error["type"] not in _TEMPLATE_ONLY_TYPES:
            error["msg"] = scrub(error["msg"], found)
    return redacted


def safe_cause(error: PayloadError, cause: Exception) -> BaseException | None:
    """What ``error`` may be chained to: ``cause`` itself, unless its text (or a traceback
    printing it) could show what ``error`` hides; then, for pydantic's ``ValidationError``,
    the same errors rebuilt from ``error.errors()`` (secrets masked), else nothing."""
    spec = error.signal.payload_spec if error.signal is not None else None
    if spec is None or not spec.secrets.anywhere:
        return cause
    if not isinstance(cause, ValidationError):
        return None
    return ValidationError.from_exception_data(
        cause.title,
        [
            {
                "type": PydanticCustomError(problem["type"], problem["msg"]),
                "loc": tuple(problem["loc"]),
                "input": problem.get("input", MASK),
            }
            for problem in error.errors()[: cause.error_count()]
        ],
        hide_input=spec.secrets.hide_all_input,
    )


def _portable(error: ErrorDetails) -> dict[str, Any]:
    """``error`` as plain JSON values: what ``args`` (and so pickle and Celery) carry."""
    portable: dict[str, Any] = {
        "type": one_line(str(error["type"]), 100),
        "loc": [
            part if isinstance(part, int) else one_line(str(part), 80) for part in error["loc"]
        ],
        "msg": one_line(str(error["msg"]), 300),
    }
    if "input" in error:
        portable["input"] = short_repr(error["input"])
    return portable


def _live_signal(label: str) -> Signal[Any] | None:
    from typedsignals.dispatcher import all_signals

    return next((signal for signal in all_signals() if signal.label == label), None)
