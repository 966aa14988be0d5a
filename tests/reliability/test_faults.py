"""Receivers that fail: what each send flavour does with the exception and the other receivers.

- ``send``: the exception propagates, later receivers are not called, the signal stays usable.
- ``send_robust``: every receiver runs; each ``Exception`` is returned in its pair and logged;
  a ``BaseException`` that is not an ``Exception`` (``KeyboardInterrupt`` …) propagates.
- ``asend`` / ``asend_robust``: sync receivers first, then the async ones; every receiver
  started is awaited before the call returns or raises, so none is left running unobserved;
  ``asend`` then raises the first exception in response order. Cancelling the awaiting task
  cancels the async receivers; sync receivers, already handed to their thread, run to their
  end there.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from typedsignals import Signal

HANG_GUARD = 10  # seconds; only reached if the code under test hangs


class Order(BaseModel):
    order_id: int


class Broken(Exception):
    """What the failing receivers raise."""


class Interrupted(BaseException):
    """A ``BaseException`` that is not an ``Exception``, like ``KeyboardInterrupt``."""


BASE_EXCEPTIONS = [KeyboardInterrupt, SystemExit, Interrupted]


@pytest.fixture
def signal() -> Signal[Order]:
    return Signal[Order](name="order_paid")


class Calls:
    """Receivers that record their calls, and ones that raise."""

    def __init__(self) -> None:
        self.log: list[str] = []

    def ok(self, name: str) -> Callable[..., str]:
        def receiver(order_id: int, **kwargs: Any) -> str:
            self.log.append(name)
            return name

        receiver.__qualname__ = name
        return receiver

    def raises(self, name: str, exception: BaseException) -> Callable[..., str]:
        def receiver(**kwargs: Any) -> str:
            self.log.append(name)
            raise exception

        receiver.__qualname__ = name
        return receiver

    def ok_async(self, name: str) -> Callable[..., Any]:
        async def receiver(order_id: int, **kwargs: Any) -> str:
            await asyncio.sleep(0.01)  # still running when a receiver that fails at once fails
            self.log.append(name)
            return name

        receiver.__qualname__ = name
        return receiver

    def raises_async(self, name: str, exception: BaseException) -> Callable[..., Any]:
        async def receiver(**kwargs: Any) -> str:
            self.log.append(name)
            raise exception

        receiver.__qualname__ = name
        return receiver


def connect_all(signal: Signal[Order], *receivers: Callable[..., Any]) -> None:
    for receiver in receivers:
        signal.connect(receiver, weak=False)


# -- send --------------------------------------------------------------------------------------


@pytest.mark.parametrize("exception", [Broken("no oven"), *(kind() for kind in BASE_EXCEPTIONS)])
def test_send_propagates_stops_and_the_signal_stays_usable(
    signal: Signal[Order], exception: BaseException
) -> None:
    calls = Calls()
    connect_all(signal, calls.ok("first"), calls.raises("fails", exception), calls.ok("later"))
    connect_all(signal, calls.ok_async("later_async"))

    with pytest.raises(type(exception)) as raised:
        signal.send(None, order_id=1)

    assert raised.value is exception
    assert calls.log == ["first", "fails"]
    signal.disconnect(signal.receivers_info()[1].receiver)
    assert [response for _, response in signal.send(None, order_id=2)] == [
        "first",
        "later",
        "later_async",
    ]


def test_send_waits_for_every_async_receiver_before_raising(signal: Signal[Order]) -> None:
    calls = Calls()
    connect_all(signal, calls.raises_async("fails", Broken("no oven")), calls.ok_async("slow"))

    with pytest.raises(Broken):
        signal.send(None, order_id=1)

    assert calls.log == ["fails", "slow"]  # "slow" finished, not cancelled half-way


# -- send_robust -------------------------------------------------------------------------------


def test_send_robust_runs_every_receiver_and_returns_and_logs_each_exception(
    signal: Signal[Order], caplog: pytest.LogCaptureFixture
) -> None:
    calls = Calls()
    first_error, async_error = Broken("no oven"), Broken("no courier")
    connect_all(signal, calls.raises("fails", first_error), calls.ok("later"))
    connect_all(signal, calls.raises_async("fails_async", async_error), calls.ok_async("last"))

    responses = signal.send_robust(None, order_id=1)

    assert [response for _, response in responses] == [first_error, "later", async_error, "last"]
    assert calls.log == ["fails", "later", "fails_async", "last"]
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (
            logging.ERROR,
            "receiver 'tests.reliability.test_faults.fails' of signal "
            "'tests.reliability.test_faults.order_paid' raised Broken: no oven",
        ),
        (
            logging.ERROR,
            "receiver 'tests.reliability.test_faults.fails_async' of signal "
            "'tests.reliability.test_faults.order_paid' raised Broken: no courier",
        ),
    ]
    assert [record.exc_info[1] for record in caplog.records if record.exc_info] == [
        first_error,
        async_error,
    ]


@pytest.mark.parametrize("kind", BASE_EXCEPTIONS)
def test_send_robust_lets_base_exceptions_through(
    signal: Signal[Order], kind: type[BaseException]
) -> None:
    calls = Calls()
    connect_all(signal, calls.ok("first"), calls.raises("interrupted", kind()), calls.ok("later"))

    with pytest.raises(kind):
        signal.send_robust(None, order_id=1)

    assert calls.log == ["first", "interrupted"]
    signal.disconnect(signal.receivers_info()[1].receiver)
    assert [response for _, response in signal.send_robust(None, order_id=2)] == [
        "first",
        "later",
    ]


# -- asend / asend_robust ----------------------------------------------------------------------


async def test_asend_stops_at_a_sync_failure_before_any_async_receiver_starts(
    signal: Signal[Order],
) -> None:
    """Sync receivers run first, then the async ones (Django 6.1's order)."""
    calls = Calls()
    sync_error = Broken("sync")
    connect_all(signal, calls.ok_async("async"), calls.ok("first_sync"))
    connect_all(signal, calls.raises("fails_sync", sync_error), calls.ok("after_sync_failure"))

    with pytest.raises(Broken) as raised:
        await signal.asend(None, order_id=1)

    assert raised.value is sync_error
    assert calls.log == ["first_sync", "fails_sync"]


async def test_asend_waits_for_every_async_receiver_then_raises_the_first_in_response_order(
    signal: Signal[Order],
) -> None:
    calls = Calls()
    first_error, second_error = Broken("first"), Broken("second")
    connect_all(signal, calls.ok("sync"), calls.ok_async("slow_async"))
    connect_all(signal, calls.raises_async("fails", first_error))
    connect_all(signal, calls.raises_async("fails_too", second_error))

    with pytest.raises(Broken) as raised:
        await signal.asend(None, order_id=1)

    assert raised.value is first_error
    assert calls.log[0] == "sync"
    assert sorted(calls.log[1:]) == ["fails", "fails_too", "slow_async"]


async def test_asend_robust_runs_every_receiver_and_returns_each_exception(
    signal: Signal[Order], caplog: pytest.LogCaptureFixture
) -> None:
    calls = Calls()
    sync_error, async_error = Broken("sync"), Broken("async")
    connect_all(signal, calls.raises("fails_sync", sync_error), calls.ok("later"))
    connect_all(signal, calls.raises_async("fails", async_error), calls.ok_async("slow"))

    responses = await signal.asend_robust(None, order_id=1)

    assert [response for _, response in responses] == [sync_error, "later", async_error, "slow"]
    assert sorted(calls.log) == ["fails", "fails_sync", "later", "slow"]
    assert sorted(record.getMessage() for record in caplog.records) == [
        "receiver 'tests.reliability.test_faults.fails' of signal "
        "'tests.reliability.test_faults.order_paid' raised Broken: async",
        "receiver 'tests.reliability.test_faults.fails_sync' of signal "
        "'tests.reliability.test_faults.order_paid' raised Broken: sync",
    ]


# KeyboardInterrupt and SystemExit raised by an *async* receiver stop the event loop from
# inside a task, which under pytest on CPython 3.11 leaves the interpreter's recursion counter
# off ("AST constructor recursion depth mismatch" at the next import): not tested in-process.
@pytest.mark.parametrize("flavour", ["asend", "asend_robust"])
@pytest.mark.parametrize(
    ("kind", "origin"),
    [
        (KeyboardInterrupt, "sync"),
        (SystemExit, "sync"),
        (Interrupted, "sync"),
        (Interrupted, "async"),
    ],
)
def test_asend_lets_base_exceptions_through(
    signal: Signal[Order], flavour: str, origin: str, kind: type[BaseException]
) -> None:
    """Neither flavour catches them. ``KeyboardInterrupt`` and ``SystemExit`` also stop the
    event loop at once (asyncio does that for any task), so ``asyncio.run`` then cancels the
    receivers still running; other ``BaseException``s wait for them, as exceptions do."""
    calls = Calls()
    if origin == "sync":
        connect_all(signal, calls.raises("interrupted", kind()), calls.ok("later"))
    else:
        connect_all(signal, calls.raises_async("interrupted", kind()))
    connect_all(signal, calls.ok_async("slow_async"))

    with pytest.raises(kind):
        asyncio.run(getattr(signal, flavour)(None, order_id=1))

    stops_the_loop = kind in (KeyboardInterrupt, SystemExit)
    assert calls.log == ["interrupted"] if stops_the_loop else ["interrupted", "slow_async"]


@pytest.mark.parametrize("flavour", ["asend", "asend_robust"])
async def test_cancelling_the_awaiting_task(signal: Signal[Order], flavour: str) -> None:
    """Cancelled while the sync receivers run, they run to their end in their thread (a thread
    cannot be interrupted) and the async ones never start; cancelled while the async receivers
    run, they are cancelled and awaited. The signal stays usable."""
    log: list[str] = []
    async_started = asyncio.Event()
    sync_started, release_sync, sync_done = threading.Event(), threading.Event(), threading.Event()

    async def waits_forever(**kwargs: Any) -> None:
        async_started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            await asyncio.sleep(0)  # cleanup that awaits: asend waits for it
            log.append("async receiver cancelled")
            raise

    def blocks(**kwargs: Any) -> None:
        sync_started.set()
        assert release_sync.wait(HANG_GUARD)
        log.append("sync receiver finished")

    def after_blocks(**kwargs: Any) -> None:
        log.append("later sync receiver ran")
        sync_done.set()

    connect_all(signal, waits_forever, blocks, after_blocks)
    task = asyncio.create_task(getattr(signal, flavour)(None, order_id=1))
    assert await asyncio.to_thread(sync_started.wait, HANG_GUARD)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    release_sync.set()
    assert await asyncio.to_thread(sync_done.wait, HANG_GUARD)
    assert log == ["sync receiver finished", "later sync receiver ran"]
    assert not async_started.is_set()

    signal.disconnect(blocks)
    signal.disconnect(after_blocks)
    task = asyncio.create_task(getattr(signal, flavour)(None, order_id=2))
    await asyncio.wait_for(async_started.wait(), HANG_GUARD)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert log[2:] == ["async receiver cancelled"]
    signal.disconnect(waits_forever)
    signal.connect(blocks, weak=False)
    release_sync.set()
    assert [receiver for receiver, _ in await signal.asend(None, order_id=3)] == [blocks]
