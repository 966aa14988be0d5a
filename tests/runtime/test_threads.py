"""Thread safety: sends never lock, connects and disconnects from other threads are safe."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.runtime.conftest import Val
from typedsignals import Signal


@pytest.mark.parametrize("use_caching", [False, True])
def test_concurrent_send_connect_disconnect(use_caching: bool) -> None:
    signal = Signal[Val](use_caching=use_caching)
    steady_calls: list[int] = []
    signal.connect(lambda **kw: steady_calls.append(1), weak=False, dispatch_uid="steady")
    sends_per_thread, threads = 2_000, 4
    errors: list[BaseException] = []
    start = threading.Barrier(threads + 2)

    def sender() -> None:
        start.wait()
        try:
            for i in range(sends_per_thread):
                signal.send(object() if i % 2 else None, val=i)
        except BaseException as exc:  # collected, then asserted on in the main thread
            errors.append(exc)

    def churn() -> None:
        start.wait()
        for i in range(sends_per_thread):

            def transient(**kwargs: Any) -> None:
                pass

            signal.connect(transient, sender=None if i % 3 else int)
            signal.disconnect(transient, sender=None if i % 3 else int)

    workers = [threading.Thread(target=sender) for _ in range(threads)]
    workers += [threading.Thread(target=churn) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert len(steady_calls) == sends_per_thread * threads
    assert [info.dispatch_uid for info in signal.receivers_info()] == ["steady"]


def test_a_send_uses_the_snapshot_taken_when_it_started() -> None:
    signal = Signal[Val]()
    calls: list[str] = []

    def late(**kwargs: Any) -> None:
        calls.append("late")

    def second(**kwargs: Any) -> None:
        calls.append("second")

    def first(**kwargs: Any) -> None:
        calls.append("first")
        signal.connect(late)  # connected during the send: not called by it
        signal.disconnect(second)  # disconnected during the send: still called by it

    signal.connect(first)
    signal.connect(second)
    signal.send(None, val=1)
    assert calls == ["first", "second"]
    calls.clear()
    signal.send(None, val=2)
    assert calls == ["first", "late"]
