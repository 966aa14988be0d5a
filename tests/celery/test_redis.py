"""A real ``celery worker`` process and a real Redis broker (``redis://127.0.0.1:6379``).

Skipped, with the reason, when Redis does not answer; failed instead when ``CI`` is set.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
import redis

from .conftest import Opens

ROOT = Path(__file__).parents[2]
DEADLINE = 60  # seconds: an upper bound on waiting for the worker, never an assertion on speed

pytestmark = pytest.mark.slow


@pytest.fixture
def orders(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """tests/celery/redis_app.py on a queue (and keys) of this test's own."""
    queue = f"typedsignals-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("TYPEDSIGNALS_TEST_BROKER", redis_url)
    monkeypatch.setenv("TYPEDSIGNALS_TEST_QUEUE", queue)
    sys.modules.pop("tests.celery.redis_app", None)
    module = importlib.import_module("tests.celery.redis_app")
    try:
        yield module
    finally:
        sys.modules.pop("tests.celery.redis_app", None)
        module.store.delete(module.SEEN, module.RUNS, queue)
        module.store.close()


def start_worker() -> subprocess.Popen[bytes]:
    """``celery worker`` for tests/celery/redis_app.py, in its own process (solo pool)."""
    return start_worker_for("tests.celery.redis_app")


def start_worker_for(app: str, **env: str) -> subprocess.Popen[bytes]:
    """``celery worker`` for the app module ``app``, in its own process (solo pool)."""
    command = [sys.executable, "-m", "celery", "-A", app, "worker"]
    options = ["--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    return subprocess.Popen(
        [*command, *options],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {DEADLINE} s waiting for {what}")
        time.sleep(0.05)


KILL_ATTEMPTS = 3


def runs(store: redis.Redis, key: str) -> int:
    return int(store.get(key) or 0)


def runs_reach(store: redis.Redis, key: str, count: int) -> bool:
    return runs(store, key) >= count


def test_a_killed_worker_loses_no_payload(
    orders: ModuleType, record_property: Callable[[str, object], None]
) -> None:
    sent = 60
    store, seen_key, runs_key = orders.store, orders.SEEN, orders.RUNS
    worker = start_worker()
    try:
        for number in range(sent):
            orders.order_placed.send(sender="till-1", number=number)
        # A kill that lands between two batches (every task received acknowledged, the next
        # not yet fetched) leaves nothing in flight and proves nothing: then another worker
        # runs ten more orders and is killed in turn.
        for attempt in range(KILL_ATTEMPTS):
            if attempt:
                worker = start_worker()
            target = runs(store, runs_key) + 10
            wait_until(functools.partial(runs_reach, store, runs_key, target), "ten more orders")
            worker.send_signal(signal.SIGKILL)  # mid-run: some tasks received, not acknowledged
            worker.wait()
            assert runs(store, runs_key) < sent, "the worker finished before it was killed"
            in_flight = store.hlen("unacked")  # kombu's tasks received, not acknowledged
            if in_flight:
                break
        assert in_flight > 0, f"no kill of {KILL_ATTEMPTS} left a task in flight"
        # Unacknowledged tasks come back once their visibility timeout has passed.
        time.sleep(orders.VISIBILITY_TIMEOUT + 0.5)
        worker = start_worker()
        wait_until(lambda: store.scard(seen_key) == sent, f"all {sent} orders to be processed")
    finally:
        worker.kill()
        worker.wait()

    assert {int(number) for number in store.smembers(seen_key)} == set(range(sent))
    # At-least-once: a task killed after its work but before its acknowledgement runs again.
    duplicates = runs(store, runs_key) - sent
    record_property("in flight at the kill", in_flight)
    record_property("processed twice", duplicates)
    print(f"{sent} sent, all processed; {in_flight} in flight at the kill, {duplicates} twice")


@pytest.fixture
def trust_app(
    redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[ModuleType]:
    """tests/celery/redis_trust_app.py on a queue (and keys) of this test's own."""
    queue = f"typedsignals-trust-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("TYPEDSIGNALS_TEST_BROKER", redis_url)
    monkeypatch.setenv("TYPEDSIGNALS_TEST_QUEUE", queue)
    monkeypatch.setenv("TYPEDSIGNALS_CANARY_FILE", str(tmp_path / "canary"))
    sys.modules.pop("tests.celery.redis_trust_app", None)
    module = importlib.import_module("tests.celery.redis_trust_app")
    try:
        yield module
    finally:
        sys.modules.pop("tests.celery.redis_trust_app", None)
        module.store.delete(module.ATTEMPTS, module.CALLS, queue)
        module.store.close()
        module.app.close()


CRAFTED = {
    "imports the canary": {"sender": {"ref": "tests.celery.import_canary:Anything"}},
    "imports it the old way": {"sender": {"import": ["tests.celery.import_canary", "Anything"]}},
    "os.system": {"sender": {"ref": "posix:system"}},
    "another sender": {"sender": {"value": "till-1"}},
    "a malformed reference": {"sender": [5, "X"]},
    "a signal path as a list": {"signal": ["tests"]},
    "a payload that is no string": {"payload": {"number": 1}},
    "a reserved key": {"payload": '{"number": 1, "sender": "forged"}'},
    "an argument too many": {"extra": 1},
}


def test_crafted_messages_do_nothing_on_a_real_worker_and_are_never_retried(
    trust_app: ModuleType, tmp_path: Path
) -> None:
    """A real ``celery worker`` on Redis: each crafted message is a MessageError, attempted
    once (counted by the worker); nothing a message names is imported; the one real send
    runs."""
    task, store = trust_app.audit.task, trust_app.store
    base = {"signal": "tests.celery.redis_trust_app.sold", "payload": '{"number": 1}'}
    base["sender"] = {"ref": "tests.celery.redis_trust_app:Shop"}
    # Celery refuses to run an app that accepts pickle as root unless told to (this test's
    # container runs as root): the app accepts pickle to show the task refuses it anyway.
    worker = start_worker_for("tests.celery.redis_trust_app", C_FORCE_ROOT="1")
    try:
        crafted = {
            what: task.apply_async(kwargs={**base, **change}) for what, change in CRAFTED.items()
        }
        unpickled = tmp_path / "unpickled"
        pickled = trust_app.app.send_task(
            task.name, kwargs={**base, "sender": {"value": Opens(unpickled)}}, serializer="pickle"
        )
        [(_, sent)] = trust_app.sold.send(trust_app.Shop, number=2)
        assert sent.get(timeout=DEADLINE) == 2
        errors = {
            what: result.get(timeout=DEADLINE, propagate=False) for what, result in crafted.items()
        }
        pickled_error = pickled.get(timeout=DEADLINE, propagate=False)
        time.sleep(0.5)  # any retry would have started by now
        attempts = {key.decode(): int(n) for key, n in store.hgetall(trust_app.ATTEMPTS).items()}
    finally:
        worker.kill()
        worker.wait()

    assert {what: type(error).__name__ for what, error in errors.items()} == dict.fromkeys(
        CRAFTED, "MessageError"
    )
    assert type(pickled_error).__name__ == "MessageError"
    assert {attempts.get(result.id) for result in crafted.values()} == {1}
    assert pickled.id not in attempts  # refused before the task ran, let alone its body
    assert [call.decode() for call in store.lrange(trust_app.CALLS, 0, -1)] == ["Shop:2"]
    assert not (tmp_path / "canary").exists()
    assert not unpickled.exists()  # never unpickled: it would have created the file
