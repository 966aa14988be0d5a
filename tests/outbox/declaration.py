"""Run by test_declaration.py in a process of its own: the refusals of ``durable=`` and
``exactly_once=`` at declaration, first with Django not configured, then configured without
the outbox app; then the refusals of ``settings.TYPEDSIGNALS_OUTBOX`` and the backoff.
Prints one JSON line per refusal: its message."""

from __future__ import annotations

import json
from typing import Any

import django
from celery import Celery
from django.conf import settings
from pydantic import BaseModel

from typedsignals import Signal
from typedsignals.contrib.celery import task_receiver


class Order(BaseModel):
    number: int


order_placed = Signal[Order]()
app = Celery("declaration", broker="memory://", set_as_current=False)


def refusal(**options: Any) -> None:
    try:
        task_receiver(order_placed, app=app, **options)(lambda **kwargs: None)
    except TypeError as error:
        print(json.dumps(str(error)), flush=True)


refusal(durable=True)
settings.configure(INSTALLED_APPS=["django.contrib.contenttypes"])
django.setup()
refusal(durable=True)
refusal(exactly_once=True)
refusal(durable=True, on_commit=True)
refusal(durable=True, autoretry_for=(OSError,))

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from typedsignals.contrib.django.outbox.conf import Options  # noqa: E402

for setting in ({"MAX_ATEMPTS": 3}, {"BACKOFF": -1}, {"MAX_ATTEMPTS": 2.5}, [("BACKOFF", 1)]):
    settings.TYPEDSIGNALS_OUTBOX = setting
    try:
        Options.from_settings()
    except ImproperlyConfigured as error:
        print(json.dumps(str(error)), flush=True)
settings.TYPEDSIGNALS_OUTBOX = {"BACKOFF": 0.5, "BACKOFF_MAX": 3.0}
print(json.dumps([Options.from_settings().backoff(attempts) for attempts in (1, 2, 3, 4, 9)]))
