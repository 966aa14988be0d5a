"""One trace from the sender to a real ``celery worker`` process on Redis.

The trace context travels in the task's headers (Celery's ``before_task_publish`` and
``task_prerun``); the worker's spans come back from the SDK's in-memory exporter through the
result backend. Skipped, with the reason, without Redis; failed instead when ``CI`` is set.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import redis

from tests.celery.conftest import redis_url
from tests.opentelemetry.conftest import Telemetry

__all__ = ["redis_url"]  # the fixture, shared with tests/celery

ROOT = Path(__file__).parents[2]
DEADLINE = 60  # seconds: an upper bound on waiting for the worker, never an assertion on speed

WORKER = [sys.executable, "-m", "celery", "-A", "tests.opentelemetry.worker_app", "worker"]

pytestmark = pytest.mark.slow


@pytest.fixture
def worker_app(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """tests/opentelemetry/worker_app.py on a queue of this test's own, and its worker."""
    queue = f"typedsignals-otel-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("TYPEDSIGNALS_TEST_BROKER", redis_url)
    monkeypatch.setenv("TYPEDSIGNALS_TEST_QUEUE", queue)
    sys.modules.pop("tests.opentelemetry.worker_app", None)
    module = importlib.import_module("tests.opentelemetry.worker_app")
    worker = subprocess.Popen(
        [*WORKER, "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield module
    finally:
        worker.terminate()
        worker.wait(DEADLINE)
        sys.modules.pop("tests.opentelemetry.worker_app", None)
        redis.Redis.from_url(redis_url).delete(queue)


def test_the_workers_receiver_span_joins_the_senders_trace(
    telemetry: Telemetry, worker_app: ModuleType
) -> None:
    tracer = telemetry.tracer_provider.get_tracer("the web request")
    with tracer.start_as_current_span("GET /orders") as request:
        [(_, result)] = worker_app.order_placed.send("till-1", number=21)
        [(_, failed)] = worker_app.order_placed.send("till-1", number=13)
    assert result.get(timeout=DEADLINE) == 42
    with pytest.raises(ValueError, match="unlucky order"):
        failed.get(timeout=DEADLINE)
    worker_spans = worker_app.exported_spans.delay().get(timeout=DEADLINE)

    publish = [
        s for s in telemetry.spans() if s.name == "publish tests.opentelemetry.worker_app.record"
    ]
    assert len(publish) == 2
    assert [s["name"] for s in worker_spans] == [
        "process tests.opentelemetry.worker_app.record"
    ] * 2
    label = "tests.opentelemetry.worker_app.order_placed"
    for sent, ran, task in zip(publish, worker_spans, (result, failed), strict=True):
        assert ran["trace_id"] == request.get_span_context().trace_id
        assert ran["parent_id"] == sent.context.span_id
        assert ran["attributes"] == {
            "messaging.system": "typedsignals",
            "messaging.operation.name": "process",
            "messaging.operation.type": "process",
            "messaging.message.id": task.id,
            "code.function.name": "tests.opentelemetry.worker_app.record",
            "messaging.destination.name": label,
            **({"error.type": "ValueError"} if task is failed else {}),
        }
    assert [s["status"] for s in worker_spans] == ["UNSET", "ERROR"]
    assert worker_spans[1]["events"][0]["exception.message"] == "unlucky order"
