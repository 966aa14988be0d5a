"""The app a real ``celery worker`` process runs for test_redis.py: one task receiver that
records each order it processes in Redis (a set of numbers, and a count of runs).

Configured from the environment, so the test and its worker processes agree on the broker,
the queue and the keys: ``TYPEDSIGNALS_TEST_BROKER``, ``TYPEDSIGNALS_TEST_QUEUE``.
"""

from __future__ import annotations

import os
import time
from typing import Any

import redis
from celery import Celery
from pydantic import BaseModel, Field

from typedsignals import Signal
from typedsignals.contrib.celery import task_receiver

BROKER = os.environ["TYPEDSIGNALS_TEST_BROKER"]
QUEUE = os.environ["TYPEDSIGNALS_TEST_QUEUE"]
SEEN, RUNS = f"{QUEUE}:seen", f"{QUEUE}:runs"
VISIBILITY_TIMEOUT = 2
"""Seconds before a task a dead worker received but did not acknowledge is delivered again."""


class Order(BaseModel):
    number: int = Field(ge=0)


order_placed = Signal[Order]()

app = Celery("typedsignals_redis_tests", broker=BROKER, set_as_current=False)
app.conf.update(
    task_default_queue=QUEUE,
    worker_prefetch_multiplier=4,  # a few tasks in flight on the worker at any time
    broker_connection_retry_on_startup=True,
    broker_transport_options={
        "visibility_timeout": VISIBILITY_TIMEOUT,
        # kombu >= 5.7: sweep for unacknowledged tasks every second, not every 100
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    },
)
store = redis.Redis.from_url(BROKER)


@task_receiver(order_placed, app=app, acks_late=True)
def record(number: int, **kwargs: Any) -> None:
    time.sleep(0.02)  # long enough that the worker is killed with tasks in flight
    store.pipeline().sadd(SEEN, number).incr(RUNS).execute()
