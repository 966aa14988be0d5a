"""Run by test_on_commit.py in a process of its own, which it configures for Django (SQLite in
memory): sends with ``on_commit=True`` inside and outside transactions. Prints one JSON line per
step: what the queue held, and finally what the worker ran."""

from __future__ import annotations

import json
from typing import Any

import django
from django.conf import settings

settings.configure(
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
)
django.setup()

from celery import Celery, current_task  # noqa: E402
from celery.contrib.testing.worker import start_worker  # noqa: E402
from django.db import transaction  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from tests.celery.conftest import closed_port, embedded_app  # noqa: E402
from typedsignals import Signal  # noqa: E402
from typedsignals.contrib.celery import EnqueueError, task_receiver  # noqa: E402


class Order(BaseModel):
    number: int


order_placed = Signal[Order]()
app = embedded_app("on-commit")
ran: list[tuple[int, str]] = []


@task_receiver(order_placed, app=app, on_commit=True)
def record(number: int, **kwargs: Any) -> int:
    ran.append((number, current_task.request.id))
    return number


def report(step: str, **facts: Any) -> None:
    print(json.dumps({"step": step, **facts}), flush=True)


def queued() -> int:
    with app.connection_for_write() as connection:
        return int(
            connection.default_channel.queue_declare(app.conf.task_default_queue).message_count
        )


with transaction.atomic():
    [(_, committed)] = order_placed.send(sender=None, number=1)
    report("inside the transaction", queued=queued(), task_id=committed.id)
report("after commit", queued=queued())

try:
    with transaction.atomic():
        [(_, rolled_back)] = order_placed.send(sender=None, number=2)
        raise RuntimeError("roll back")
except RuntimeError:
    pass
report("after rollback", queued=queued())

[(_, autocommitted)] = order_placed.send(sender=None, number=3)
report("in autocommit mode", queued=queued(), task_id=autocommitted.id)

with start_worker(app, pool="solo", perform_ping_check=False, loglevel="ERROR"):
    results = [committed.get(timeout=10), autocommitted.get(timeout=10)]
report("worker", results=results, ran=ran)

down = Celery("down", broker=f"redis://127.0.0.1:{closed_port()}/0", set_as_current=False)


@task_receiver(order_placed, app=down, on_commit=True)
def unreachable(**kwargs: Any) -> None: ...


try:
    with transaction.atomic():
        order_placed.send_robust(sender=None, number=4)
except EnqueueError as error:
    report("broker down at commit", error=type(error).__name__)
