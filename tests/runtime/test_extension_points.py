"""The public extension points integrations build on: overriding connect, receivers_changed,
add_tracer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.runtime.conftest import Val, garbage_collect
from typedsignals import PayloadError, Signal, receiver
from typedsignals.dispatcher import add_tracer, remove_tracer


class CountingSignal(Signal[Val]):
    """Records when the set of live receivers changed, and what connect was asked."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.changes: list[int] = []
        self.connected_with: list[dict[str, Any]] = []

    def connect(
        self, receiver: Any = None, sender: Any = None, weak: bool = True, dispatch_uid: Any = None
    ) -> Any:
        self.connected_with.append({"sender": sender, "weak": weak})
        return super().connect(receiver, sender, weak, dispatch_uid)

    def receivers_changed(self) -> None:
        self.changes.append(len(self.receivers_info()))


def test_receivers_changed_after_connect_disconnect_and_death() -> None:
    signal = CountingSignal()

    def first(**kwargs: Any) -> None: ...

    def second(**kwargs: Any) -> None: ...

    signal.connect(first)
    signal.connect(second)
    signal.connect(second)  # already connected: nothing changed
    signal.disconnect(first)
    assert not signal.disconnect(first)  # not connected: nothing changed
    assert signal.changes == [1, 2, 1]
    del second
    garbage_collect()
    signal.send(None, val=1)  # the send notices the dead receiver
    assert signal.changes == [1, 2, 1, 0]
    signal.send(None, val=1)
    assert signal.changes == [1, 2, 1, 0]


def test_receiver_decorator_goes_through_the_subclass_connect() -> None:
    signal = CountingSignal()

    @receiver(signal, sender=int, weak=False)
    def handler(**kwargs: Any) -> None: ...

    assert signal.connected_with == [{"sender": int, "weak": False}]


# -- add_tracer: every send and every receiver call, observed -----------------------------


class RecordingTracer:
    """A ``SignalTracer`` that records what it saw, in order, and passes every call on."""

    def __init__(self, name: str, seen: list[tuple[Any, ...]]) -> None:
        self.name = name
        self.seen = seen

    def observes(self, signal: Any) -> bool:
        return getattr(signal, "name", "") != "ignored"

    def send(self, signal: Any, sender: Any, method: str, run: Any) -> Any:
        self.seen.append((self.name, "send", method, sender))
        try:
            return run()
        except Exception as exc:
            self.seen.append((self.name, "raised", type(exc).__name__))
            raise

    async def asend(self, signal: Any, sender: Any, method: str, run: Any) -> Any:
        self.seen.append((self.name, "send", method, sender))
        return await run()

    def call(self, signal: Any, receiver: Any, run: Any) -> Any:
        self.seen.append((self.name, "call", receiver.__name__))
        return run()

    async def acall(self, signal: Any, receiver: Any, run: Any) -> Any:
        self.seen.append((self.name, "acall", receiver.__name__))
        return await run()


@pytest.fixture
def seen() -> Iterator[list[tuple[Any, ...]]]:
    records: list[tuple[Any, ...]] = []
    tracer = RecordingTracer("t", records)
    add_tracer(tracer)
    try:
        yield records
    finally:
        assert remove_tracer(tracer)


def test_untraced_send_methods_are_the_plain_ones() -> None:
    """No tracer installed: the send path is the one defined in Signal, untouched."""
    for name, method in Signal._untraced.items():
        assert getattr(Signal, name) is method
    tracer = RecordingTracer("t", [])
    add_tracer(tracer)
    assert Signal.send is not Signal._untraced["send"]
    assert remove_tracer(tracer)
    assert not remove_tracer(tracer)
    assert Signal.send is Signal._untraced["send"]


def test_tracer_sees_every_send_flavour_and_each_receiver(seen: list[tuple[Any, ...]]) -> None:
    signal = Signal[Val]()

    def first(val: object, **kwargs: Any) -> str:
        return f"first {val}"

    def failing(**kwargs: Any) -> None:
        raise KeyError("boom")

    signal.connect(first)
    assert signal.send(int, val=1) == [(first, "first 1")]
    signal.connect(failing)
    responses = signal.send_robust(str, val=2)
    assert responses[0] == (first, "first 2")
    assert isinstance(responses[1][1], KeyError)
    assert seen == [
        ("t", "send", "send", int),
        ("t", "call", "first"),
        ("t", "send", "send_robust", str),
        ("t", "call", "first"),
        ("t", "call", "failing"),
    ]


async def test_tracer_sees_async_sends_and_async_receivers(seen: list[tuple[Any, ...]]) -> None:
    signal = Signal[Val]()

    def sync_one(**kwargs: Any) -> int:
        return 1

    async def async_one(**kwargs: Any) -> int:
        return 2

    signal.connect(sync_one)
    signal.connect(async_one)
    assert await signal.asend(None, val=1) == [(sync_one, 1), (async_one, 2)]
    assert await signal.asend_robust(None, val=1) == [(sync_one, 1), (async_one, 2)]
    assert sorted(seen[:3]) == sorted(
        [
            ("t", "send", "asend", None),
            ("t", "call", "sync_one"),
            ("t", "acall", "async_one"),
        ]
    )
    assert seen[0] == ("t", "send", "asend", None)
    assert seen[3] == ("t", "send", "asend_robust", None)
    assert len(seen) == 6


def test_refused_payload_raises_out_of_the_tracers_run(seen: list[tuple[Any, ...]]) -> None:
    signal = Signal[Val]()
    with pytest.raises(PayloadError):
        signal.send(None, vall=1)
    assert seen == [("t", "send", "send", None), ("t", "raised", "PayloadError")]


def test_tracers_nest_first_added_outermost(seen: list[tuple[Any, ...]]) -> None:
    inner = RecordingTracer("inner", seen)
    add_tracer(inner)
    add_tracer(inner)  # twice: once
    try:
        signal = Signal[Val]()

        def handler(**kwargs: Any) -> None: ...

        signal.connect(handler)
        signal.send(None, val=1)
    finally:
        assert remove_tracer(inner)
    assert seen == [
        ("t", "send", "send", None),
        ("inner", "send", "send", None),
        ("t", "call", "handler"),
        ("inner", "call", "handler"),
    ]


async def test_a_signal_no_tracer_observes_runs_untraced(seen: list[tuple[Any, ...]]) -> None:
    ignored = Signal[Val](name="ignored")

    def handler(**kwargs: Any) -> int:
        return 1

    async def async_handler(**kwargs: Any) -> int:
        return 2

    ignored.connect(handler)
    assert ignored.send(None, val=1) == [(handler, 1)]
    assert ignored.send_robust(None, val=1) == [(handler, 1)]
    ignored.connect(async_handler)
    assert await ignored.asend(None, val=1) == [(handler, 1), (async_handler, 2)]
    assert await ignored.asend_robust(None, val=1) == [(handler, 1), (async_handler, 2)]
    assert seen == []
