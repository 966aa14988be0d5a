"""``typedsignals.contrib.celery`` through a real Redis broker and one ``celery worker`` process.

Prints three figures:

- sends per second: a burst of sends, from the first send until the worker has run them all;
- end-to-end latency, p50 and p99: from ``send`` to the receiver starting on the worker, one
  send at a time (the next after the previous one ran);
- the cost the bridge adds on the sender's side: the median time of ``signal.send()`` with one
  task receiver, against ``task.apply_async()`` of the same, already-built message (on the
  in-memory transport, so the broker's round trip does not hide it).

Needs Redis at ``redis://127.0.0.1:6379`` (database 12, a queue of its own). Run from the
repository root: ``python benchmarks/bench_celery.py [--sends N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import redis
from celery import Celery
from pydantic import BaseModel, Field

from typedsignals import Signal
from typedsignals.contrib.celery import task_receiver

BROKER = os.environ.get("TYPEDSIGNALS_BENCH_BROKER", "redis://127.0.0.1:6379/12")
QUEUE = os.environ.setdefault(
    "TYPEDSIGNALS_BENCH_QUEUE", f"typedsignals-bench-{uuid.uuid4().hex[:8]}"
)
LATENCIES, DONE = f"{QUEUE}:latencies", f"{QUEUE}:done"


class PizzaDone(BaseModel):
    order_id: int = Field(gt=0)
    toppings: list[str]
    size: int = Field(default=30, gt=0)
    sent_at: float


pizza_done = Signal[PizzaDone]()
app = Celery("bench_celery", broker=BROKER, set_as_current=False)
app.conf.update(
    task_default_queue=QUEUE,
    broker_connection_retry_on_startup=True,
    task_ignore_result=True,
)
store = redis.Redis.from_url(BROKER)


@task_receiver(pizza_done, app=app)
def box_it(sent_at: float, **kwargs: Any) -> None:
    store.pipeline().rpush(LATENCIES, time.time() - sent_at).incr(DONE).execute()


# The sender-side cost, measured on the in-memory transport: the broker's round trip (about a
# millisecond on a loaded machine) would drown the bridge's microseconds.
pizza_counted = Signal[PizzaDone]()
in_memory = Celery("bench_celery_memory", broker="memory://", set_as_current=False)
in_memory.conf.update(task_ignore_result=True)


@task_receiver(pizza_counted, app=in_memory)
def count_it(**kwargs: Any) -> None:
    """Never runs: no worker consumes the in-memory queue."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=2000, help="sends in the burst")
    parser.add_argument("--paced", type=int, default=300, help="one-at-a-time sends")
    arguments = parser.parse_args()
    try:
        store.ping()
    except redis.ConnectionError as error:
        print(f"bench_celery: no Redis broker at {BROKER} ({error}); start Redis and run again")
        return 1
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bench_celery",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=Path(__file__).parent,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        send_one(1)  # the worker is up once this one has run
        wait_for(1)
        print(f"Celery {celery_version()}, Redis broker {BROKER}, one worker (solo pool)")
        throughput(arguments.sends)
        latency(arguments.paced)
    finally:
        worker.terminate()
        worker.wait()
    sender_cost()
    store.delete(LATENCIES, DONE, QUEUE)
    return 0


def send_one(order_id: int) -> None:
    pizza_done.send(sender="bench", order_id=order_id, toppings=["ham"], sent_at=time.time())


def wait_for(count: int) -> None:
    while int(store.get(DONE) or 0) < count:
        time.sleep(0.001)


def reset() -> None:
    store.delete(LATENCIES, DONE)


def throughput(sends: int) -> None:
    reset()
    started = time.perf_counter()
    for order_id in range(1, sends + 1):
        send_one(order_id)
    sent = time.perf_counter() - started
    wait_for(sends)
    elapsed = time.perf_counter() - started
    print(
        f"throughput: {sends} sends in {elapsed:.2f} s = {sends / elapsed:,.0f} processed/s "
        f"(the sender alone: {sends / sent:,.0f} sends/s)"
    )


def latency(paced: int) -> None:
    samples = []
    for order_id in range(1, 2 * paced + 1):
        store.delete(LATENCIES)
        send_one(order_id)
        _, value = store.blpop([LATENCIES])  # returns as soon as the worker ran it
        if order_id > paced:  # the first half warms up
            samples.append(float(value) * 1000)
    cuts = statistics.quantiles(samples, n=100)
    print(
        f"latency, send to receiver on the worker ({paced} sends one at a time): "
        f"p50 {cuts[49]:.2f} ms, p99 {cuts[98]:.2f} ms"
    )


def sender_cost(repeat: int = 5000) -> None:
    """Median µs per call of both ways to queue the same task, on the in-memory transport."""
    fields = {"order_id": 7, "toppings": ["ham", "olives"], "size": 32, "sent_at": 0.0}
    prebuilt = {
        "signal": pizza_counted.label,
        "payload": PizzaDone(**fields).model_dump_json(),
        "sender": {"value": "bench"},
    }
    direct = timed(lambda: count_it.task.apply_async(kwargs=prebuilt), repeat)
    through_send = timed(lambda: pizza_counted.send(sender="bench", **fields), repeat)
    print(
        f"sender side (in-memory transport, median of {repeat}): task.apply_async() of a "
        f"prebuilt message {direct:.1f} µs, signal.send() with the task receiver "
        f"{through_send:.1f} µs: the bridge adds {through_send - direct:.1f} µs "
        "(validation, JSON, sender reference)"
    )


def timed(call: Any, repeat: int) -> float:
    for _ in range(100):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - started)
    return statistics.median(samples) / 1000


def celery_version() -> str:
    import celery

    return celery.__version__


if __name__ == "__main__":
    # Run as the module the worker imports: the task's name and the signal's import path must
    # be the same on both sides (here they would start with __main__).
    import bench_celery

    sys.exit(bench_celery.main())
