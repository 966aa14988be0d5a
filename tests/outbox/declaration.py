"""Run by test_declaration.py in a process of its own: the refusals of ``durable=`` and
``exactly_once=`` at declaration, first with Django not configured, then configured without
the outbox app. Prints one JSON line per refusal: its message."""

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
