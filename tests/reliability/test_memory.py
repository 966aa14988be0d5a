"""Memory: connect/send/disconnect cycles and short-lived senders leave nothing behind, and no
reference cycle keeps a receiver, a sender or a payload alive.

Growth is measured with tracemalloc over each workload's cycles, after a warm-up (first-use
caches, interned strings, free lists), and must stay under ``GROWTH_BOUND`` bytes in total: a
leak of one small object (16 bytes or more) per cycle would exceed it several times over.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import tracemalloc
import weakref
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from tests.reliability.conftest import refcounting_only, scaled
from typedsignals import PayloadError, Signal

WARM_UP = 500
GROWTH_BOUND = 16 * 1024


class Box:
    """A payload value, a sender or a receiver's owner, observed through a weak reference."""

    def on_parcel(self, **kwargs: Any) -> None:
        pass


class Parcel(BaseModel):
    box: Any
    weight: int = 1


def traced_growth(step: Callable[[int], None], cycles: int) -> int:
    """Bytes still allocated after ``cycles`` calls of ``step`` that were not before."""
    for i in range(WARM_UP):
        step(i)
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for i in range(cycles):
            step(i)
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return after - before


def connect_send_disconnect(signal: Signal[Parcel]) -> Callable[[int], None]:
    """Every kind of receiver: a new closure, a bound method of a new object, a strong one
    under a ``dispatch_uid``, each for any sender or for one."""

    def step(i: int) -> None:
        def receiver(**kwargs: Any) -> None:
            pass

        owner = Box()
        sender = (None, Box)[i % 2]
        signal.connect(receiver, sender=sender)
        signal.connect(owner.on_parcel)
        signal.connect(receiver, weak=False, dispatch_uid=("strong", i % 7))
        signal.send(Box, box=owner)
        assert signal.disconnect(receiver, sender=sender)
        assert signal.disconnect(owner.on_parcel)
        assert signal.disconnect(dispatch_uid=("strong", i % 7))

    return step


def short_lived_senders(signal: Signal[Parcel]) -> Callable[[int], None]:
    """A new sender every send; every fourth one cannot be weakly referenced (not cached)."""

    def step(i: int) -> None:
        sender: object = (i, "courier") if i % 4 == 0 else Box()
        signal.send(sender, box=sender)

    return step


def dying_receivers(signal: Signal[Parcel]) -> Callable[[int], None]:
    """Weak receivers that die without a disconnect, found dead by the next send."""

    def step(i: int) -> None:
        signal.connect(Box().on_parcel)
        signal.send(None, box=i)

    return step


@pytest.mark.parametrize("use_caching", [False, True], ids=["no-cache", "use_caching"])
@pytest.mark.parametrize(
    ("workload", "cycles"),
    [
        # Three connects (a signature check each, for a new function) and three disconnects
        # per cycle are slow under tracemalloc: fewer cycles.
        (connect_send_disconnect, scaled(2_000, 100_000)),
        (short_lived_senders, scaled(10_000, 500_000)),
        (dying_receivers, scaled(5_000, 100_000)),
    ],
)
def test_memory_stays_flat(
    workload: Callable[[Signal[Parcel]], Callable[[int], None]],
    cycles: int,
    use_caching: bool,
    record_figure: Callable[[str], None],
) -> None:
    signal = Signal[Parcel](use_caching=use_caching)
    steady = Box()
    signal.connect(steady.on_parcel)
    signal.connect(steady.on_parcel, sender=Box)  # a sender filter: use_caching caches

    growth = traced_growth(workload(signal), cycles)

    record_figure(
        f"memory, {workload.__name__}, use_caching={use_caching}: {cycles:,} cycles, "
        f"growth {growth:+,} bytes (bound {GROWTH_BOUND:,})"
    )
    assert growth < GROWTH_BOUND
    assert [info.receiver for info in signal.receivers_info()] == [
        steady.on_parcel,
        steady.on_parcel,
    ]


def send(signal: Signal[Parcel], sender: object, box: Box) -> None:
    signal.send(sender, box=box)


def send_robust(signal: Signal[Parcel], sender: object, box: Box) -> None:
    signal.send_robust(sender, box=box)


def asend(signal: Signal[Parcel], sender: object, box: Box) -> None:
    asyncio.run(signal.asend(sender, box=box))


def send_a_payload_instance(signal: Signal[Parcel], sender: object, box: Box) -> None:
    signal.send(sender, Parcel(box=box))


def send_that_raises(signal: Signal[Parcel], sender: object, box: Box) -> None:
    def fails(**kwargs: Any) -> None:
        raise ValueError("no courier")

    signal.connect(fails)
    with pytest.raises(ValueError, match="no courier"):
        signal.send(sender, box=box)


def refused_payload(signal: Signal[Parcel], sender: object, box: Box) -> None:
    with pytest.raises(PayloadError):
        signal.send(sender, box=box, weight=box)
    with pytest.raises(PayloadError):  # no more fields than required: send's inlined validation
        signal.send(sender, weight=box)


@pytest.mark.parametrize("use_caching", [False, True], ids=["no-cache", "use_caching"])
@pytest.mark.parametrize(
    "dispatch",
    [send, send_robust, asend, send_a_payload_instance, send_that_raises, refused_payload],
)
def test_no_reference_cycle_keeps_receiver_sender_or_payload_alive(
    dispatch: Callable[[Signal[Parcel], object, Box], None], use_caching: bool
) -> None:
    with refcounting_only():
        signal = Signal[Parcel](use_caching=use_caching)
        owner, sender, payload = Box(), Box(), Box()
        calls: list[str] = []

        def plain(**kwargs: Any) -> None:
            calls.append("plain")

        async def coroutine(**kwargs: Any) -> None:
            calls.append("coroutine")

        signal.connect(plain, sender=sender)
        signal.connect(owner.on_parcel)
        if dispatch is asend:
            signal.connect(coroutine, sender=sender)
        watched = {
            name: weakref.ref(obj)
            for name, obj in [
                ("receiver", plain),
                ("bound receiver's object", owner),
                ("sender", sender),
                ("payload", payload),
                ("signal", signal),
            ]
        }

        dispatch(signal, sender, payload)
        del plain, coroutine, owner, sender, payload, signal

        assert [name for name, ref in watched.items() if ref() is not None] == []
    expected = {refused_payload: [], asend: ["coroutine", "plain"]}.get(dispatch, ["plain"])
    assert sorted(calls) == expected


def asend_that_raises(signal: Signal[Parcel], sender: object, box: Box) -> None:
    async def fails(**kwargs: Any) -> None:
        raise ValueError("no courier")

    signal.connect(fails)
    with pytest.raises(ValueError, match="no courier"):
        asyncio.run(signal.asend(sender, box=box))


def send_robust_that_catches(signal: Signal[Parcel], sender: object, box: Box) -> None:
    def fails(**kwargs: Any) -> None:
        raise ValueError("no courier")

    signal.connect(fails)
    assert isinstance(signal.send_robust(sender, box=box)[-1][1], ValueError)


@pytest.mark.parametrize("dispatch", [asend_that_raises, send_robust_that_catches])
def test_an_exception_kept_past_its_send_is_freed_by_the_garbage_collector(
    dispatch: Callable[[Signal[Parcel], object, Box], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception object that outlives the frame that caught it (returned by
    ``send_robust``, or held by asyncio's tasks) references, through its traceback, the
    frames it passed, whose locals reference it back: Python's usual exception cycle. The
    cyclic garbage collector frees it, with the payload."""
    logger = logging.getLogger("typedsignals")  # pytest keeps each record, exc_info and all
    monkeypatch.setattr(logger, "propagate", False)
    monkeypatch.setattr(logger, "handlers", [logging.NullHandler()])
    signal = Signal[Parcel]()
    payload = Box()
    watched = weakref.ref(payload)

    dispatch(signal, None, payload)
    del payload
    gc.collect()

    assert watched() is None
