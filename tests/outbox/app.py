"""The Django project, Celery app and durable receivers of tests/outbox, for the steps a test
runs (tests/outbox/steps.py) and for real ``celery worker`` processes.

Configured from the environment, so every process of a test agrees: ``TYPEDSIGNALS_TEST_DB``
(``sqlite:PATH`` or ``postgresql:SCHEMA``, a schema of the ``test`` database on
127.0.0.1:5432), ``TYPEDSIGNALS_TEST_BROKER``, ``TYPEDSIGNALS_TEST_QUEUE``,
``TYPEDSIGNALS_TEST_OUTBOX`` (JSON: ``settings.TYPEDSIGNALS_OUTBOX``),
``TYPEDSIGNALS_TEST_SCHEMA`` (``v2``: the payload model gained a required field, as after a
deploy) and ``TYPEDSIGNALS_TEST_SLOW`` (seconds ``bill`` waits once it has written, before its
transaction commits: time to kill the worker mid-task).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import django
import redis
from django.conf import settings

PG_HOST, PG_PORT, PG_USER = (
    "127.0.0.1",
    5432,
    os.environ.get("TYPEDSIGNALS_TEST_PG_USER", "postgres"),
)
BROKER = os.environ["TYPEDSIGNALS_TEST_BROKER"]
QUEUE = os.environ.get("TYPEDSIGNALS_TEST_QUEUE", "typedsignals-outbox-tests")
STARTED = f"{QUEUE}:started"
"""A Redis hash: how many times ``bill`` started for each event (outside any transaction)."""
VISIBILITY_TIMEOUT = 2


def database(spec: str) -> dict[str, Any]:
    kind, _, where = spec.partition(":")
    if kind == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": where,
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "test",
        "HOST": PG_HOST,
        "PORT": PG_PORT,
        "USER": PG_USER,
        "OPTIONS": {"options": f"-c search_path={where}"},
    }


settings.configure(
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django.contrib.admin",
        "django.contrib.sessions",
        "django.contrib.messages",
        "typedsignals.contrib.django.outbox",
        "tests.outbox.shop",
    ],
    # The admin, for the admin step.
    ROOT_URLCONF="tests.outbox.urls",
    SECRET_KEY="tests-only",
    ALLOWED_HOSTS=["testserver"],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ],
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                ]
            },
        }
    ],
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    DATABASES={"default": database(os.environ["TYPEDSIGNALS_TEST_DB"])},
    USE_TZ=True,
    TYPEDSIGNALS_OUTBOX=json.loads(os.environ.get("TYPEDSIGNALS_TEST_OUTBOX", "{}")),
)
django.setup()

from celery import Celery, current_task  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from tests.outbox.shop.models import Delivery  # noqa: E402
from typedsignals import Signal  # noqa: E402
from typedsignals.contrib.celery import task_receiver  # noqa: E402
from typedsignals.contrib.django.outbox.tasks import relay_task  # noqa: E402


class Shop:
    """Sends the orders."""


class Order(BaseModel):
    number: int


if os.environ.get("TYPEDSIGNALS_TEST_SCHEMA") == "v2":

    class Order(BaseModel):  # type: ignore[no-redef]
        number: int
        currency: str


order_placed = Signal[Order](sender=Shop)
order_paid = Signal[Order](sender=Shop)
order_refused = Signal[Order](sender=Shop)

app = Celery("typedsignals_outbox_tests", broker=BROKER, set_as_current=False)
app.conf.update(
    task_default_queue=QUEUE,
    broker_connection_retry_on_startup=True,
    broker_connection_timeout=1,
    worker_hijack_root_logger=False,
    broker_transport_options={
        "visibility_timeout": VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    },
)
store = redis.Redis.from_url(BROKER)
relay = relay_task(app)


def delivered(receiver: str, number: int) -> None:
    Delivery.objects.create(receiver=receiver, number=number, event=current_task.request.id)


@task_receiver(order_placed, app=app, durable=True)
def ship(number: int, **kwargs: Any) -> None:
    """At least once."""
    delivered("ship", number)


@task_receiver(order_paid, app=app, durable=True, exactly_once=True)
def bill(number: int, **kwargs: Any) -> None:
    """Exactly once: its write and the inbox entry commit together."""
    store.hincrby(STARTED, current_task.request.id)
    delivered("bill", number)
    time.sleep(float(os.environ.get("TYPEDSIGNALS_TEST_SLOW", "0")))


@task_receiver(order_refused, app=app, durable=True)
def refuse(number: int, **kwargs: Any) -> None:
    """Always fails."""
    raise RuntimeError(f"the warehouse is closed (order {number})")
