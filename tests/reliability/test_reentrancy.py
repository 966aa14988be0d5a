"""Re-entrancy: receivers that send the same signal, or connect and disconnect, mid-send.

Each send uses the snapshot of receivers taken when it starts: a receiver connected during it
is not called by it (a send started later, even a nested one, calls it); a receiver
disconnected during it is still called by it (and by no later send).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from typedsignals import Signal


class Step(BaseModel):
    depth: int


class Kitchen:
    pass


def send(signal: Signal[Step], depth: int) -> list[Any]:
    return [response for _, response in signal.send(Kitchen, depth=depth)]


def send_robust(signal: Signal[Step], depth: int) -> list[Any]:
    return [response for _, response in signal.send_robust(Kitchen, depth=depth)]


def asend(signal: Signal[Step], depth: int) -> list[Any]:
    return [response for _, response in asyncio.run(signal.asend(Kitchen, depth=depth))]


FLAVOURS = [send, send_robust, asend]
SENDER_FILTERS = [None, Kitchen]


@pytest.mark.parametrize("use_caching", [False, True], ids=["no-cache", "use_caching"])
@pytest.mark.parametrize("only_from", SENDER_FILTERS, ids=["any-sender", "sender=Kitchen"])
@pytest.mark.parametrize("dispatch", FLAVOURS)
def test_a_receiver_sending_the_same_signal(
    dispatch: Callable[[Signal[Step], int], list[Any]], only_from: type | None, use_caching: bool
) -> None:
    signal = Signal[Step](use_caching=use_caching)
    log: list[str] = []

    def recurse(depth: int, **kwargs: Any) -> str:
        log.append(f"recurse {depth}")
        if depth < 3:
            assert signal.send(Kitchen, depth=depth + 1) == [
                (recurse, f"recursed {depth + 1}"),
                (count, f"counted {depth + 1}"),
            ]
        return f"recursed {depth}"

    def count(depth: int, **kwargs: Any) -> str:
        log.append(f"count {depth}")
        return f"counted {depth}"

    signal.connect(recurse, sender=only_from)
    signal.connect(count, sender=only_from)

    assert dispatch(signal, 1) == ["recursed 1", "counted 1"]
    assert log == ["recurse 1", "recurse 2", "recurse 3", "count 3", "count 2", "count 1"]


@pytest.mark.parametrize("use_caching", [False, True], ids=["no-cache", "use_caching"])
@pytest.mark.parametrize("only_from", SENDER_FILTERS, ids=["any-sender", "sender=Kitchen"])
@pytest.mark.parametrize("dispatch", FLAVOURS)
def test_connecting_and_disconnecting_mid_send(
    dispatch: Callable[[Signal[Step], int], list[Any]], only_from: type | None, use_caching: bool
) -> None:
    signal = Signal[Step](use_caching=use_caching)
    log: list[str] = []

    def changes_receivers(depth: int, **kwargs: Any) -> str:
        if depth == 1:
            signal.disconnect(changes_receivers, sender=only_from)  # itself
            signal.disconnect(disconnected, sender=only_from)
            signal.connect(connected, sender=only_from)
            nested = signal.send(Kitchen, depth=2)  # starts now: sees the new set
            log.append(f"nested send called {[receiver.__name__ for receiver, _ in nested]}")
        return "changed"

    def disconnected(depth: int, **kwargs: Any) -> str:
        log.append(f"disconnected, called by send {depth}")
        return "disconnected"

    def connected(depth: int, **kwargs: Any) -> str:
        log.append(f"connected, called by send {depth}")
        return "connected"

    for receiver in (changes_receivers, disconnected):
        signal.connect(receiver, sender=only_from)

    assert dispatch(signal, 1) == ["changed", "disconnected"]
    assert log == [
        "connected, called by send 2",
        "nested send called ['connected']",
        "disconnected, called by send 1",
    ]
    log.clear()
    assert dispatch(signal, 3) == ["connected"]
    assert log == ["connected, called by send 3"]


def test_a_receiver_dropping_the_last_reference_to_a_weak_receiver_mid_send() -> None:
    """The send dereferenced every receiver before the first call: the dropped one still runs
    in this send, and the next send finds it dead and prunes it."""
    signal = Signal[Step]()
    log: list[str] = []

    class Courier:
        def deliver(self, depth: int, **kwargs: Any) -> None:
            log.append(f"delivered {depth}")

    couriers = [Courier()]

    def drops_the_courier(**kwargs: Any) -> None:
        couriers.clear()

    signal.connect(drops_the_courier)
    signal.connect(couriers[0].deliver)

    signal.send(None, depth=1)
    signal.send(None, depth=2)

    assert log == ["delivered 1"]
    assert [info.receiver for info in signal.receivers_info()] == [drops_the_courier]
