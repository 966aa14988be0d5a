"""Durable delivery (``task_receiver(..., durable=True)``) on PostgreSQL, Redis and one
``celery worker`` process (solo pool).

Prints, and writes to its section of docs/performance.md (unless ``--no-write``):

- throughput: events per second from ``send`` in a transaction (one event per transaction) to
  the receiver on the worker, published after each commit; and the relay's own rate over
  pending rows (rows/s), then from pending rows to the receiver;
- latency, p50 and p99: from the commit to the receiver starting on the worker, one event at
  a time, the broker up;
- the cost one sent event adds to a transaction that inserts one row (µs, median), for
  ``durable=True`` (the outbox row, then the publish and its mark after the commit) and for
  ``on_commit=True`` (the publish after the commit).

Needs PostgreSQL at 127.0.0.1:5432 (database ``test``, a schema of its own, dropped at the
end) and Redis at ``redis://127.0.0.1:6379`` (database 12, a queue of its own). Run from the
repository root: ``python benchmarks/bench_outbox.py [--events N] [--no-write]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import django
import redis
from django.conf import settings

SCHEMA = os.environ.setdefault("TYPEDSIGNALS_BENCH_SCHEMA", f"bench_{uuid.uuid4().hex[:10]}")
BROKER = os.environ.get("TYPEDSIGNALS_BENCH_BROKER", "redis://127.0.0.1:6379/12")
QUEUE = os.environ.setdefault(
    "TYPEDSIGNALS_BENCH_QUEUE", f"typedsignals-outbox-bench-{uuid.uuid4().hex[:8]}"
)
RUN_AT, DONE = f"{QUEUE}:run-at", f"{QUEUE}:done"

if not settings.configured:  # run as a script, this module is imported again (see the end)
    settings.configure(
        INSTALLED_APPS=["typedsignals.contrib.django.outbox"],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "test",
                "HOST": "127.0.0.1",
                "PORT": 5432,
                "USER": os.environ.get("TYPEDSIGNALS_TEST_PG_USER", "postgres"),
                "OPTIONS": {"options": f"-c search_path={SCHEMA}"},
            }
        },
        USE_TZ=True,
    )
    django.setup()

from celery import Celery  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from typedsignals import Signal  # noqa: E402
from typedsignals.contrib.celery import task_receiver  # noqa: E402
from typedsignals.contrib.django.outbox.conf import schema_fingerprint  # noqa: E402
from typedsignals.contrib.django.outbox.delivery import publish_due  # noqa: E402
from typedsignals.contrib.django.outbox.models import OutboxEvent, State  # noqa: E402


class OrderPaid(BaseModel):
    order_id: int
    amount: float


order_paid = Signal[OrderPaid]()
order_billed = Signal[OrderPaid]()
app = Celery("bench_outbox", broker=BROKER, set_as_current=False)
app.conf.update(
    task_default_queue=QUEUE, broker_connection_retry_on_startup=True, task_ignore_result=True
)
store = redis.Redis.from_url(BROKER)


@task_receiver(order_paid, app=app, durable=True)
def record(order_id: int, **kwargs: Any) -> None:
    store.pipeline().rpush(RUN_AT, time.time()).incr(DONE).execute()


@task_receiver(order_billed, app=app, on_commit=True, queue=f"{QUEUE}-on-commit")
def never_run(**kwargs: Any) -> None:
    """Queued on a queue no worker consumes: only the sender's cost is measured."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="events in the bursts")
    parser.add_argument("--paced", type=int, default=200, help="one-at-a-time events")
    parser.add_argument("--no-write", action="store_true", help="print only")
    arguments = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_data (id serial PRIMARY KEY, n integer)")
        lines = run(arguments)
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
        store.delete(RUN_AT, DONE, QUEUE, f"{QUEUE}-on-commit")
    for line in lines:
        print(line)
    if not arguments.no_write:
        write(lines)
    return 0


def run(arguments: argparse.Namespace) -> list[str]:
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "bench_outbox", "worker", "--pool=solo"),
            *("--without-gossip", "--without-mingle", "--loglevel=WARNING"),
        ],
        cwd=Path(__file__).parent,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        send_one(0)
        wait_for(1)  # the worker is up
        lines = [throughput(arguments.events), relay_rate(arguments.events)]
        lines.append(latency(arguments.paced))
    finally:
        worker.terminate()
        worker.wait()
    lines.append(transaction_cost())
    return lines


def send_one(order_id: int) -> float:
    """One event in a transaction of its own; returns the time of its commit."""
    committed: list[float] = []
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.time()))  # runs before the publish
        order_paid.send(sender="bench", order_id=order_id, amount=9.5)
    return committed[0]


def wait_for(count: int) -> None:
    while int(store.get(DONE) or 0) < count:
        time.sleep(0.001)


def throughput(events: int) -> str:
    store.delete(DONE)
    started = time.perf_counter()
    for order_id in range(events):
        send_one(order_id)
    wait_for(events)
    elapsed = time.perf_counter() - started
    return (
        f"| send in a transaction → receiver on the worker ({events} events, one per "
        f"transaction) | {events / elapsed:,.0f} events/s |"
    )


def relay_rate(events: int) -> str:
    """Pending rows (as a sender killed after its commits leaves them) → relay → receiver."""
    store.delete(DONE)
    payload = OrderPaid(order_id=1, amount=9.5).model_dump_json()
    fingerprint = schema_fingerprint(order_paid)
    OutboxEvent.objects.bulk_create(
        OutboxEvent(
            signal=order_paid.label,
            receiver=record.task.name,
            payload=payload,
            sender={"value": "bench"},
            schema_fingerprint=fingerprint,
        )
        for _ in range(events)
    )
    started = time.perf_counter()
    published = publish_due().published
    relayed = time.perf_counter() - started
    wait_for(events)
    elapsed = time.perf_counter() - started
    assert published == events
    assert not OutboxEvent.objects.filter(state=State.PENDING).exists()
    return (
        f"| the relay over {events} pending rows | {events / relayed:,.0f} rows/s; "
        f"{events / elapsed:,.0f} events/s to the receiver |"
    )


def latency(paced: int) -> str:
    samples = []
    for order_id in range(2 * paced):
        store.delete(RUN_AT)
        committed = send_one(order_id)
        _, run_at = store.blpop([RUN_AT])  # returns as soon as the worker ran it
        if order_id >= paced:  # the first half warms up
            samples.append((float(run_at) - committed) * 1000)
    cuts = statistics.quantiles(samples, n=100)
    return (
        f"| latency, commit → receiver starts on the worker ({paced} events, one at a time) "
        f"| p50 {cuts[49]:.2f} ms, p99 {cuts[98]:.2f} ms |"
    )


def transaction_cost(repeat: int = 500) -> str:
    def insert() -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_data (n) VALUES (1)")

    def plain() -> None:
        with transaction.atomic():
            insert()

    def durable() -> None:
        with transaction.atomic():
            insert()
            order_paid.send(sender="bench", order_id=1, amount=9.5)

    def on_commit() -> None:
        with transaction.atomic():
            insert()
            order_billed.send(sender="bench", order_id=1, amount=9.5)

    base, with_outbox, with_on_commit = (
        timed(each, repeat) for each in (plain, durable, on_commit)
    )
    return (
        f"| one event added to a transaction that inserts a row ({base:,.0f} µs alone; median "
        f"of {repeat}) | durable=True +{with_outbox - base:,.0f} µs; on_commit=True "
        f"+{with_on_commit - base:,.0f} µs |"
    )


def timed(call: Any, repeat: int) -> float:
    for _ in range(50):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - started)
    return statistics.median(samples) / 1000


def write(lines: list[str]) -> None:
    from performance_page import machine, write_section

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        [postgres] = cursor.fetchone()
    section = "\n".join(
        [
            "## Durable delivery",
            "",
            "`task_receiver(..., durable=True)` through the outbox (`benchmarks/bench_outbox.py`): "
            f"PostgreSQL {postgres} on the same machine, a Redis broker, one `celery worker` "
            "(solo pool), the publish after each commit (and, for the relay row, one relay). "
            "Where durable=True's cost goes: the row's insert in the sender's transaction, then "
            "after the commit a transaction of its own that claims the row, publishes it and "
            "marks it published; the relay claims one row per transaction, so a kill loses at "
            "most one mark.",
            "",
            f"Machine: {machine('django', 'celery', 'psycopg')}.",
            "",
            "| measure | figure |",
            "|---|---:|",
            *lines,
        ]
    )
    write_section("bench_outbox.py", section)
    print(json.dumps({"written": "docs/performance.md"}))


if __name__ == "__main__":
    # Run as the module the worker imports: the task's name and the signal's label must be the
    # same on both sides (here they would start with __main__).
    import bench_outbox

    sys.exit(bench_outbox.main())
