"""The app a real ``celery worker`` process runs for test_celery.py.

The worker instruments itself (``worker_init``) on a ``TracerProvider`` whose spans go to the
SDK's ``InMemorySpanExporter``; the ``exported_spans`` task hands them back to the test
through the Redis result backend. Configured from the environment so the test and its worker
agree: ``TYPEDSIGNALS_TEST_BROKER``, ``TYPEDSIGNALS_TEST_QUEUE``.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import worker_init
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import BaseModel

from typedsignals import Signal
from typedsignals.contrib.celery import task_receiver
from typedsignals.contrib.opentelemetry import TypedSignalsInstrumentor

BROKER = os.environ["TYPEDSIGNALS_TEST_BROKER"]
QUEUE = os.environ["TYPEDSIGNALS_TEST_QUEUE"]


class Order(BaseModel):
    number: int


order_placed = Signal[Order]()

app = Celery("typedsignals_otel_tests", broker=BROKER, backend=BROKER, set_as_current=False)
app.conf.update(task_default_queue=QUEUE, broker_connection_retry_on_startup=True)
exporter = InMemorySpanExporter()


@worker_init.connect
def instrument_the_worker(**kwargs: Any) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    TypedSignalsInstrumentor().instrument(tracer_provider=provider)


@task_receiver(order_placed, app=app)
def record(number: int, **kwargs: Any) -> int:
    if number == 13:
        raise ValueError("unlucky order")
    return number * 2


@app.task(name="exported_spans")
def exported_spans() -> list[dict[str, Any]]:
    """What the worker's exporter holds: each span's ids, name, status and attributes."""
    return [
        {
            "name": span.name,
            "trace_id": span.context.trace_id,
            "span_id": span.context.span_id,
            "parent_id": span.parent.span_id if span.parent else None,
            "status": span.status.status_code.name,
            "attributes": dict(span.attributes or {}),
            "events": [dict(event.attributes or {}) for event in span.events],
        }
        for span in exporter.get_finished_spans()
    ]
