"""Async receivers (Django's AsyncReceiversTests, ported) and how sync ones run under asend."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from typing import Any

import pytest

from tests.runtime.conftest import Val
from typedsignals import PayloadError, Signal


def sync_receiver(sender: Any, **kwargs: Any) -> str:
    return "sync"


async def async_receiver(sender: Any, **kwargs: Any) -> str:
    await asyncio.sleep(0)
    return "async"


async def failing_async_receiver(sender: Any, **kwargs: Any) -> None:
    await asyncio.sleep(0)
    raise ValueError("async failure")


class AsyncCallable:
    async def __call__(self, **kwargs: Any) -> str:
        return "callable object"


@pytest.fixture
def signal() -> Signal[Val]:
    return Signal[Val]()


def test_send_runs_async_receivers_after_sync_ones(signal: Signal[Val]) -> None:
    order: list[str] = []

    async def first_async(**kwargs: Any) -> str:
        order.append("async")
        return "a"

    def first_sync(**kwargs: Any) -> str:
        order.append("sync")
        return "s"

    signal.connect(first_async)
    signal.connect(first_sync)
    assert signal.send(sender=None, val=1) == [(first_sync, "s"), (first_async, "a")]
    assert order == ["sync", "async"]


def test_send_with_async_receivers_inside_a_loop_is_refused_before_any_call(
    signal: Signal[Val],
) -> None:
    called: list[str] = []

    def sync(**kwargs: Any) -> None:
        called.append("sync")

    signal.connect(sync)
    signal.connect(async_receiver)

    async def main() -> None:
        signal.send(sender=None, val=1)

    with pytest.raises(RuntimeError) as error:
        asyncio.run(main())
    assert str(error.value) == (
        f"signal {signal.label!r} has async receivers ('tests.runtime.test_async.async_receiver')"
        " and send() cannot run them inside a running event loop: use "
        "`await signal.asend(...)` instead"
    )
    assert called == []


def test_send_robust_with_async_receivers(signal: Signal[Val]) -> None:
    signal.connect(sync_receiver)
    signal.connect(failing_async_receiver)
    signal.connect(async_receiver)
    result = signal.send_robust(sender=None, val=1)
    assert [receiver for receiver, _ in result] == [
        sync_receiver,
        failing_async_receiver,
        async_receiver,
    ]
    assert result[0][1] == "sync"
    assert isinstance(result[1][1], ValueError)
    assert result[2][1] == "async"


def test_async_callable_object_is_async(signal: Signal[Val]) -> None:
    obj = AsyncCallable()
    signal.connect(obj)
    assert signal.receivers_info()[0].is_async
    assert signal.send(sender=None, val=1) == [(obj, "callable object")]


async def test_asend(signal: Signal[Val]) -> None:
    signal.connect(async_receiver)
    signal.connect(sync_receiver)
    result = await signal.asend(sender=None, val=1)
    assert result == [(sync_receiver, "sync"), (async_receiver, "async")]


async def test_asend_only_async_receivers(signal: Signal[Val]) -> None:
    signal.connect(async_receiver)
    assert await signal.asend(sender=None, val=1) == [(async_receiver, "async")]


async def test_asend_no_receivers(signal: Signal[Val]) -> None:
    assert await signal.asend(sender=None, val=1) == []


async def test_asend_runs_async_receivers_concurrently(signal: Signal[Val]) -> None:
    both_started = asyncio.Event()
    started: list[str] = []

    async def waits_for_the_other(**kwargs: Any) -> str:
        started.append("one")
        if len(started) == 2:
            both_started.set()
        await asyncio.wait_for(both_started.wait(), timeout=5)
        return "done"

    async def other(**kwargs: Any) -> str:
        return await waits_for_the_other()

    signal.connect(waits_for_the_other)
    signal.connect(other)
    assert [r for _, r in await signal.asend(sender=None, val=1)] == ["done", "done"]


async def test_asend_runs_sync_receivers_in_order_in_one_worker_thread(
    signal: Signal[Val],
) -> None:
    request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id")
    request_id.set("r-1")
    seen: list[tuple[str, str, bool]] = []

    def first(**kwargs: Any) -> None:
        seen.append(("first", request_id.get(), threading.current_thread() is main))

    def second(**kwargs: Any) -> None:
        seen.append(("second", request_id.get(), threading.current_thread() is main))

    main = threading.current_thread()
    signal.connect(first)
    signal.connect(second)
    await signal.asend(sender=None, val=1)
    assert seen == [("first", "r-1", False), ("second", "r-1", False)]


async def test_asend_propagates_the_first_exception(signal: Signal[Val]) -> None:
    signal.connect(failing_async_receiver)
    with pytest.raises(ValueError, match="async failure"):
        await signal.asend(sender=None, val=1)


async def test_asend_robust(signal: Signal[Val], caplog: pytest.LogCaptureFixture) -> None:
    def failing_sync(**kwargs: Any) -> None:
        raise ValueError("sync failure")

    signal.connect(failing_sync)
    signal.connect(sync_receiver)
    signal.connect(failing_async_receiver)
    signal.connect(async_receiver)
    result = await signal.asend_robust(sender=None, val=1)
    assert [receiver for receiver, _ in result] == [
        failing_sync,
        sync_receiver,
        failing_async_receiver,
        async_receiver,
    ]
    assert str(result[0][1]) == "sync failure"
    assert result[1][1] == "sync"
    assert str(result[2][1]) == "async failure"
    assert result[3][1] == "async"
    # The sync group (worker thread) and the async group run concurrently: either logs first.
    assert sorted(record.getMessage().split(" raised ")[1] for record in caplog.records) == [
        "ValueError: async failure",
        "ValueError: sync failure",
    ]


async def test_asend_validates_before_any_receiver(signal: Signal[Val]) -> None:
    called: list[str] = []

    async def record(**kwargs: Any) -> None:
        called.append("called")

    signal.connect(record)
    with pytest.raises(PayloadError):
        await signal.asend(sender=None, val=1, typo=2)
    with pytest.raises(PayloadError):
        await signal.asend_robust(sender=None, val=1, typo=2)
    assert called == []
