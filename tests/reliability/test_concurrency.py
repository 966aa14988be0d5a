"""Many threads send while others connect, disconnect and drop receivers.

Every receiver connected for the whole run must get exactly one call per send that it hears
(counted exactly, per sender thread and send number), receivers filtered to a sender must
never hear another sender, and no thread may see an exception.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from tests.reliability.conftest import scaled
from typedsignals import Signal

pytestmark = pytest.mark.usefixtures("fast_thread_switching")

SEND_THREADS = 4
SENDS_PER_THREAD = scaled(2_500, 100_000)
JOIN_TIMEOUT = 600


class Tick(BaseModel):
    """One send: which sender thread sent it, and its number in that thread."""

    thread: int
    n: int


class Kitchen:
    """A long-lived sender."""


class Courier:
    """A short-lived sender: a new one for some sends (``use_caching`` caches per sender)."""


KITCHEN, BAKERY = Kitchen(), Kitchen()


def sender_for(n: int) -> object:
    """Sends rotate between two long-lived senders, ``None`` and a fresh short-lived one."""
    return (KITCHEN, BAKERY, None, Courier())[n % 4]


class Recorder:
    """Steady receivers record ``(thread, n)`` for every send they get."""

    def __init__(self) -> None:
        self.heard: list[tuple[int, int]] = []

    def on_tick(self, thread: int, n: int, **kwargs: Any) -> None:
        self.heard.append((thread, n))

    def __call__(self, thread: int, n: int, **kwargs: Any) -> None:
        self.heard.append((thread, n))


class Workers:
    """Sender threads and churning threads, run at once; what they raise is collected."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.sending_done = threading.Event()
        self._threads: list[threading.Thread] = []

    def add(self, target: Callable[[], None], count: int = 1) -> None:
        for _ in range(count):
            self._threads.append(threading.Thread(target=self._guarded, args=(target,)))

    def churn(self, step: Callable[[int], None]) -> None:
        """Run ``step(i)`` for i = 0, 1, 2 … until every sender thread is done."""

        def until_sending_done() -> None:
            for i in itertools.count():
                if self.sending_done.is_set():
                    return
                step(i)

        self.add(until_sending_done)

    def run(self, sender_threads: list[threading.Thread]) -> float:
        """Start everything; return the seconds the sender threads took."""
        start = time.perf_counter()
        for thread in [*sender_threads, *self._threads]:
            thread.start()
        for thread in sender_threads:
            thread.join(JOIN_TIMEOUT)
        elapsed = time.perf_counter() - start
        self.sending_done.set()
        for thread in self._threads:
            thread.join(JOIN_TIMEOUT)
        assert not any(t.is_alive() for t in [*sender_threads, *self._threads]), "a thread hung"
        return elapsed

    def sender_threads(self, send: Callable[[int], None]) -> list[threading.Thread]:
        return [
            threading.Thread(target=self._guarded, args=(lambda t=t: send(t),))
            for t in range(SEND_THREADS)
        ]

    def _guarded(self, target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as exc:  # asserted on in the main thread
            self.errors.append(exc)


def expected_ticks(
    heard_from: Callable[[int], bool] = lambda n: True, sends_per_thread: int = SENDS_PER_THREAD
) -> list[tuple[int, int]]:
    return sorted(
        (thread, n)
        for thread in range(SEND_THREADS)
        for n in range(sends_per_thread)
        if heard_from(n)
    )


def connect_and_disconnect_transients(
    signal: Signal[Tick], churner: str, i: int, wrong: list[str]
) -> None:
    """One churn step: connect a transient receiver (varied kinds and filters), disconnect it.

    ``churner`` names the churning thread: two threads must never share a ``dispatch_uid``.
    """
    only_from = (None, KITCHEN, BAKERY)[i % 3]

    def transient(sender: object, **kwargs: Any) -> None:
        if only_from is not None and sender is not only_from:
            wrong.append(f"a receiver filtered to {only_from!r} heard {sender!r}")

    uid = f"{churner}-{i}" if i % 5 == 0 else None
    if i % 2:
        signal.connect(transient, sender=only_from, dispatch_uid=uid)
        assert signal.disconnect(transient, sender=only_from, dispatch_uid=uid)
    else:
        holder = Recorder()
        signal.connect(holder.on_tick, sender=only_from, weak=i % 4 == 0)
        assert signal.disconnect(holder.on_tick, sender=only_from)


def drop_weak_receivers(signal: Signal[Tick], i: int) -> None:
    """One churn step: weak receivers (a closure, a bound method) die without a disconnect."""

    def doomed(**kwargs: Any) -> None:
        pass

    signal.connect(doomed)
    signal.connect(Recorder().on_tick)  # its instance dies at once: a dead WeakMethod
    signal.connect(doomed, sender=Courier())  # its sender dies at once
    del doomed


@pytest.mark.parametrize("use_caching", [False, True], ids=["no-cache", "use_caching"])
def test_steady_receivers_get_exactly_one_call_per_send_under_churn(
    use_caching: bool, record_figure: Callable[[str], None]
) -> None:
    signal = Signal[Tick](use_caching=use_caching)
    weak_method, strong_object, weak_object, kitchen_only = (Recorder() for _ in range(4))
    closure_heard: list[tuple[int, int]] = []

    def weak_closure(thread: int, n: int, **kwargs: Any) -> None:
        closure_heard.append((thread, n))

    signal.connect(weak_method.on_tick)
    signal.connect(weak_closure)
    signal.connect(strong_object, weak=False, dispatch_uid="strong")
    signal.connect(weak_object)
    signal.connect(kitchen_only.on_tick, sender=KITCHEN)
    steady = [weak_method.on_tick, weak_closure, strong_object, weak_object, kitchen_only.on_tick]

    workers = Workers()
    wrong_sender: list[str] = []

    def send_all(thread: int) -> None:
        for n in range(SENDS_PER_THREAD):
            signal.send(sender_for(n), thread=thread, n=n)

    workers.churn(lambda i: connect_and_disconnect_transients(signal, "a", i, wrong_sender))
    workers.churn(lambda i: connect_and_disconnect_transients(signal, "b", i + 1, wrong_sender))
    workers.churn(lambda i: drop_weak_receivers(signal, i))
    elapsed = workers.run(workers.sender_threads(send_all))

    assert workers.errors == []
    assert wrong_sender == []
    every_send = expected_ticks()
    assert sorted(weak_method.heard) == every_send
    assert sorted(closure_heard) == every_send
    assert sorted(strong_object.heard) == every_send
    assert sorted(weak_object.heard) == every_send
    assert sorted(kitchen_only.heard) == expected_ticks(lambda n: sender_for(n) is KITCHEN)
    assert [info.receiver for info in signal.receivers_info()] == steady
    sends = SEND_THREADS * SENDS_PER_THREAD
    record_figure(
        f"threads, use_caching={use_caching}: {sends} sends from {SEND_THREADS} threads "
        f"against 3 churning threads: {sends / elapsed:,.0f} sends/s "
        f"(5 steady receivers + transients, switch interval 10 µs)"
    )


def test_asend_from_event_loops_in_several_threads_under_churn() -> None:
    signal = Signal[Tick]()
    sync_heard, async_heard = Recorder(), Recorder()

    async def async_receiver(thread: int, n: int, **kwargs: Any) -> None:
        await asyncio.sleep(0)
        async_heard.heard.append((thread, n))

    signal.connect(sync_heard.on_tick)
    signal.connect(async_receiver)
    workers = Workers()
    wrong_sender: list[str] = []
    sends_per_thread = SENDS_PER_THREAD // 10

    async def asend_all(thread: int) -> None:
        for n in range(sends_per_thread):
            await signal.asend(sender_for(n), thread=thread, n=n)

    workers.churn(lambda i: connect_and_disconnect_transients(signal, "a", i, wrong_sender))
    workers.churn(lambda i: drop_weak_receivers(signal, i))
    workers.run(workers.sender_threads(lambda thread: asyncio.run(asend_all(thread))))

    assert workers.errors == []
    assert wrong_sender == []
    every_send = expected_ticks(sends_per_thread=sends_per_thread)
    assert sorted(sync_heard.heard) == every_send
    assert sorted(async_heard.heard) == every_send
    assert [info.receiver for info in signal.receivers_info()] == [
        sync_heard.on_tick,
        async_receiver,
    ]


def test_a_weak_receiver_dying_in_another_thread_is_called_by_sends_that_saw_it_alive() -> None:
    """A send dereferences its receivers before calling any: a receiver that dies during the
    send (here: another thread drops the last reference while the send is in a receiver) is
    still called by that send, and never by a later one."""
    signal = Signal[Tick]()
    in_first = threading.Event()
    dropped = threading.Event()
    calls: list[str] = []

    def first(**kwargs: Any) -> None:
        calls.append("first")
        in_first.set()
        assert dropped.wait(10)

    class Doomed:
        def on_tick(self, **kwargs: Any) -> None:
            calls.append("doomed")

    doomed: list[Doomed] = [Doomed()]
    signal.connect(first)
    signal.connect(doomed[0].on_tick)

    def drop() -> None:
        assert in_first.wait(10)
        doomed.clear()  # the last strong reference to the instance
        dropped.set()

    dropper = threading.Thread(target=drop)
    dropper.start()
    signal.send(None, thread=0, n=0)
    dropper.join(10)
    assert calls == ["first", "doomed"]
    calls.clear()
    signal.send(None, thread=0, n=1)  # ``dropped`` is still set: ``first`` returns at once
    assert calls == ["first"]
    assert [info.receiver for info in signal.receivers_info()] == [first]


def test_a_receiver_filtered_to_a_sender_never_hears_another_while_filters_come_and_go() -> None:
    """A send decides whether the signal filters senders and reads the snapshot for that case;
    a connect in another thread that adds the first sender filter (or a disconnect that removes
    the last) must never let a send pair one state's decision with the other's snapshot."""
    signal = Signal[Tick]()
    wrong_sender: list[str] = []

    def kitchen_only(sender: object, **kwargs: Any) -> None:
        if sender is not KITCHEN:
            wrong_sender.append(f"heard {sender!r}")

    workers = Workers()

    def send_from_the_bakery(thread: int) -> None:
        for n in range(SENDS_PER_THREAD):
            signal.send(BAKERY, thread=thread, n=n)

    def toggle_the_only_filter(i: int) -> None:
        signal.connect(kitchen_only, sender=KITCHEN)
        signal.disconnect(kitchen_only, sender=KITCHEN)

    workers.churn(toggle_the_only_filter)
    workers.churn(toggle_the_only_filter)
    workers.run(workers.sender_threads(send_from_the_bakery))

    assert workers.errors == []
    assert wrong_sender == []
