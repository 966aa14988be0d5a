"""The app a real ``celery worker`` process runs for test_redis.py's crafted messages: one task
receiver with a sender filter that retries any exception; every attempt the worker starts is
counted in Redis (``task_prerun``), and so is every call of the function.

Configured from the environment: ``TYPEDSIGNALS_TEST_BROKER``, ``TYPEDSIGNALS_TEST_QUEUE``.
It accepts pickle on purpose, as a careless app might: the task must still refuse it.
"""

from __future__ import annotations

import os
from typing import Any

import redis
from celery import Celery
from celery.signals import task_prerun
from pydantic import BaseModel

from typedsignals import Signal
from typedsignals.contrib.celery import task_receiver

BROKER = os.environ["TYPEDSIGNALS_TEST_BROKER"]
QUEUE = os.environ["TYPEDSIGNALS_TEST_QUEUE"]
ATTEMPTS, CALLS = f"{QUEUE}:attempts", f"{QUEUE}:calls"


class Shop:
    """The one sender ``audit`` runs for."""


class Sale(BaseModel):
    number: int


sold = Signal[Sale]()

app = Celery("typedsignals_redis_trust", broker=BROKER, backend=BROKER, set_as_current=False)
app.conf.update(
    task_default_queue=QUEUE,
    accept_content=["json", "pickle"],
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)
store = redis.Redis.from_url(BROKER)


@task_prerun.connect
def count_attempt(task_id: str, **kwargs: Any) -> None:
    store.hincrby(ATTEMPTS, task_id, 1)


@task_receiver(
    sold, app=app, sender=Shop, acks_late=True, autoretry_for=(Exception,), max_retries=3,
    default_retry_delay=0,
)  # fmt: skip
def audit(sender: type[Shop], number: int, **kwargs: Any) -> int:
    store.rpush(CALLS, f"{sender.__qualname__}:{number}")
    return number
