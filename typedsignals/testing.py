"""Test helpers for code that sends signals, and the pytest plugin that offers them as fixtures.

Modelled on blinker's ``connected_to`` and ``muted``, built on ``Signal``'s public API only:

- ``SignalCapture`` (``with SignalCapture(signal) as sent:``) records every send of a signal
  that reaches its receivers, with the sender and the validated payload, and asserts on them:
  ``assert_sent``, ``assert_sent_once``, ``assert_not_sent``;
- ``muted(signal, ...)`` disconnects every receiver for a block and reconnects them after;
- ``connected(signal, receiver)`` connects a receiver for a block.

The pytest plugin (registered through the ``pytest11`` entry point, so installing typedsignals
is enough) offers the same as fixtures that undo themselves when the test ends:
``capture_signal``, ``mute_signal`` and ``connect_receiver``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from types import TracebackType
from typing import Any, Generic, Self
from unittest.mock import ANY

import attrs
from pydantic import BaseModel
from typing_extensions import TypeVar

from typedsignals.catalog import qualified_name
from typedsignals.dispatcher import Signal
from typedsignals.extras import requires_extra

with requires_extra(__name__, "pytest"):
    import pytest

__all__ = [
    "ANY",
    "CaptureSignal",
    "ConnectReceiver",
    "MuteSignal",
    "Sent",
    "SignalCapture",
    "capture_signal",
    "connect_receiver",
    "connected",
    "mute_signal",
    "muted",
]

M = TypeVar("M", bound=BaseModel, default=Any)
R = TypeVar("R", bound=Callable[..., Any])

_MISSING = object()
_capture_ids = itertools.count()


@attrs.frozen
class Sent(Generic[M]):
    """One send, as the signal's receivers saw it."""

    signal: Signal[M]
    sender: Any
    values: Mapping[str, Any]
    """The keyword arguments receivers got: the validated fields, by field name."""

    @property
    def payload(self) -> M:
        """The payload as an instance of the signal's model (built from ``values``).

        Raises ``TypeError`` for an untyped signal, which has no model: read ``values``.
        """
        model = self.signal.payload_model
        if model is None:
            raise TypeError(
                f"signal {self.signal.label!r} is untyped, so its sends have no payload model: "
                "read .values instead"
            )
        return model.model_construct(**self.values)

    def describe(self) -> str:
        """``sender=…: field=value, …``, as assertion messages show a send."""
        fields = ", ".join(f"{name}={value!r}" for name, value in self.values.items())
        return f"sender={qualified_name(self.sender)}: {fields or '(no fields)'}"


class SignalCapture(Generic[M]):
    """Records every send of ``signal`` (from ``sender`` only, if given) while entered.

    The capture is a receiver connected last (with ``weak=False``), so it records the sends
    that reach it: a send whose payload is invalid raises ``PayloadError`` before any receiver
    runs and is not recorded, and neither is one stopped by an earlier receiver's exception.
    While capturing, ``signal.has_listeners()`` is true.
    """

    def __init__(self, signal: Signal[M], sender: Any = None) -> None:
        self.signal = signal
        self.sender = sender
        self.sends: list[Sent[M]] = []
        self._uid = ("typedsignals.testing.SignalCapture", next(_capture_ids))

    def __enter__(self) -> Self:
        self.signal.connect(self._record, sender=self.sender, weak=False, dispatch_uid=self._uid)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.signal.disconnect(sender=self.sender, dispatch_uid=self._uid)

    def __len__(self) -> int:
        return len(self.sends)

    def __iter__(self) -> Iterator[Sent[M]]:
        return iter(self.sends)

    def __getitem__(self, index: int) -> Sent[M]:
        return self.sends[index]

    @property
    def payloads(self) -> list[M]:
        """The payload of each send, in order (see ``Sent.payload``)."""
        return [sent.payload for sent in self.sends]

    def assert_sent(self, sender: Any = ANY, **fields: Any) -> Sent[M]:
        """Assert some send came from ``sender`` with these field values; return the first.

        Fields not named are not compared; ``unittest.mock.ANY`` matches any value.
        """
        __tracebackhide__ = True
        matches = self._matching(sender, fields)
        if not matches:
            raise AssertionError(self._not_sent(sender, fields))
        return matches[0][1]

    def assert_sent_once(self, sender: Any = ANY, **fields: Any) -> Sent[M]:
        """Assert exactly one send came from ``sender`` with these field values; return it."""
        __tracebackhide__ = True
        matches = self._matching(sender, fields)
        if not matches:
            raise AssertionError(self._not_sent(sender, fields))
        if len(matches) > 1:
            raise AssertionError(
                f"signal {self.signal.label!r} was sent{_with(sender, fields)} "
                f"{_times(len(matches))}, expected once:{self._listing(matches)}"
            )
        return matches[0][1]

    def assert_not_sent(self, sender: Any = ANY, **fields: Any) -> None:
        """Assert no send came from ``sender`` with these field values (none at all, if none
        are given)."""
        __tracebackhide__ = True
        matches = self._matching(sender, fields)
        if matches:
            raise AssertionError(
                f"signal {self.signal.label!r} was sent{_with(sender, fields)} "
                f"{_times(len(matches))}, expected no such send:{self._listing(matches)}"
            )

    def _record(self, signal: Signal[M], sender: Any, **values: Any) -> None:
        self.sends.append(Sent(signal=signal, sender=sender, values=values))

    def _matching(self, sender: Any, fields: dict[str, Any]) -> list[tuple[int, Sent[M]]]:
        """The matching sends, each with its number (from 1) among all sends."""
        self._check_field_names(fields)
        return [
            (number, sent)
            for number, sent in enumerate(self.sends, start=1)
            if not _differences(sent, sender, fields)
        ]

    def _check_field_names(self, fields: dict[str, Any]) -> None:
        model = self.signal.payload_model
        if model is None or model.model_config.get("extra") == "allow":
            return
        unknown = [name for name in fields if name not in model.model_fields]
        if unknown:
            raise TypeError(
                f"signal {self.signal.label!r}: {model.__name__} has no field "
                f"{', '.join(map(repr, unknown))} (fields: {', '.join(model.model_fields)}); "
                "assertions take the sender and field names"
            )

    def _not_sent(self, sender: Any, fields: dict[str, Any]) -> str:
        expected = _with(sender, fields)
        if not self.sends:
            return f"signal {self.signal.label!r} was never sent" + (
                f" (expected a send{expected})" if expected else ""
            )
        lines = [
            f"signal {self.signal.label!r} was not sent{expected}; "
            f"it was sent {_times(len(self.sends))}:"
        ]
        lines.extend(
            f"  #{number} " + ", ".join(_differences(sent, sender, fields))
            for number, sent in enumerate(self.sends, start=1)
        )
        return "\n".join(lines)

    @staticmethod
    def _listing(matches: list[tuple[int, Sent[M]]]) -> str:
        return "".join(f"\n  #{number} {sent.describe()}" for number, sent in matches)


@contextmanager
def muted(*signals: Signal[Any]) -> Iterator[None]:
    """Disconnect every receiver of ``signals`` for the block; reconnect them after, in order.

    Sends still validate: a bad payload raises ``PayloadError`` even while muted. Receivers
    are reconnected as they were (sender, ``dispatch_uid``, ``weak``); the block holds them
    strongly, so a weak receiver cannot be collected during it. A capture entered inside the
    block records sends that no other receiver sees.
    """
    disconnected = []
    try:
        for signal in signals:
            infos = signal.receivers_info()
            for info in infos:
                signal.disconnect(info.receiver, sender=info.sender, dispatch_uid=info.dispatch_uid)
            disconnected.append((signal, infos))
        yield
    finally:
        for signal, infos in disconnected:
            for info in infos:
                signal.connect(
                    info.receiver,
                    sender=info.sender,
                    weak=info.weak,
                    dispatch_uid=info.dispatch_uid,
                )


@contextmanager
def connected(
    signal: Signal[Any], receiver: R, sender: Any = None, dispatch_uid: Any = None
) -> Iterator[R]:
    """Connect ``receiver`` (strongly) to ``signal`` for the block; disconnect it after.

    Raises ``ValueError`` if it is already connected under the same key, since disconnecting
    at the end would remove that earlier connection too.
    """
    for info in signal.receivers_info():
        same_key = info.dispatch_uid == dispatch_uid if dispatch_uid else info.receiver == receiver
        if same_key and info.sender is sender:
            raise ValueError(
                f"receiver {qualified_name(receiver)!r} is already connected to signal "
                f"{signal.label!r} for that sender; connected() would disconnect it at the end "
                "of the block"
            )
    signal.connect(receiver, sender=sender, weak=False, dispatch_uid=dispatch_uid)
    try:
        yield receiver
    finally:
        signal.disconnect(receiver, sender=sender, dispatch_uid=dispatch_uid)


# -- the pytest plugin ---------------------------------------------------------------------------


class CaptureSignal:
    """The ``capture_signal`` fixture: ``capture_signal(signal, sender=None)`` starts a capture
    that lasts until the test ends."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack

    def __call__(self, signal: Signal[M], sender: Any = None) -> SignalCapture[M]:
        return self._stack.enter_context(SignalCapture(signal, sender))


class MuteSignal:
    """The ``mute_signal`` fixture: ``mute_signal(signal, ...)`` mutes until the test ends."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack

    def __call__(self, *signals: Signal[Any]) -> None:
        self._stack.enter_context(muted(*signals))


class ConnectReceiver:
    """The ``connect_receiver`` fixture: ``connect_receiver(signal, receiver, sender=None)``
    connects until the test ends, and returns the receiver."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack

    def __call__(
        self, signal: Signal[Any], receiver: R, sender: Any = None, dispatch_uid: Any = None
    ) -> R:
        return self._stack.enter_context(connected(signal, receiver, sender, dispatch_uid))


@pytest.fixture
def capture_signal() -> Iterator[CaptureSignal]:
    """Capture sends of a signal: ``sent = capture_signal(pizza_done)``."""
    with ExitStack() as stack:
        yield CaptureSignal(stack)


@pytest.fixture
def mute_signal() -> Iterator[MuteSignal]:
    """Mute signals for the rest of the test: ``mute_signal(pizza_done)``."""
    with ExitStack() as stack:
        yield MuteSignal(stack)


@pytest.fixture
def connect_receiver() -> Iterator[ConnectReceiver]:
    """Connect a receiver until the test ends: ``connect_receiver(pizza_done, fn)``."""
    with ExitStack() as stack:
        yield ConnectReceiver(stack)


def _differences(sent: Sent[Any], sender: Any, fields: dict[str, Any]) -> list[str]:
    """How ``sent`` differs from the expectation, one ``name=actual (expected …)`` per field."""
    differences = []
    if sender != sent.sender:
        differences.append(
            f"sender={qualified_name(sent.sender)} (expected {qualified_name(sender)})"
        )
    for name, expected in fields.items():
        actual = sent.values.get(name, _MISSING)
        if actual is _MISSING:
            differences.append(f"{name} not sent (expected {expected!r})")
        elif expected != actual:
            differences.append(f"{name}={actual!r} (expected {expected!r})")
    return differences


def _with(sender: Any, fields: dict[str, Any]) -> str:
    """`` with sender=…, field=…`` for a message; empty when nothing is expected."""
    parts = [] if sender is ANY else [f"sender={qualified_name(sender)}"]
    parts.extend(f"{name}={value!r}" for name, value in fields.items())
    return f" with {', '.join(parts)}" if parts else ""


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
