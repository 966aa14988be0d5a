"""``python -m tests.outbox.steps STEP…``: what one process of an outbox test does, in order;
one JSON line on stdout per step. Configured by the environment (see tests/outbox/app.py).

Steps: ``migrate``; ``reset``; ``send:SIGNAL:N`` (N sends in one transaction), with
``:rollback`` (the transaction rolls back) or ``:kill`` (the process SIGKILLs itself right
after the commit, before anything is published); ``autocommit:SIGNAL:N``; ``relay`` (the
management command's ``relay --once``); ``beat`` (the relay's Celery task, run once);
``work`` (an in-process worker, and the relay, until nothing is left to do);
``command:ARG:…`` (``typedsignals_outbox ARG…``); ``report``; ``runs_on`` (what
``receivers_info()`` says of each receiver); ``admin`` (the outbox's admin pages).
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
import time
from typing import Any

from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.db import connections, transaction

from tests.outbox import app as shop
from tests.outbox.shop.models import Delivery
from typedsignals.contrib.django.outbox.delivery import publish_due
from typedsignals.contrib.django.outbox.models import InboxEvent, OutboxEvent, State

SIGNALS = {"placed": shop.order_placed, "paid": shop.order_paid, "refused": shop.order_refused}
WORK_DEADLINE = 60


def say(step: str, **facts: Any) -> None:
    print(json.dumps({"step": step, **facts}, default=str), flush=True)


def send(name: str, count: str, how: str = "") -> None:
    ids = []
    try:
        with transaction.atomic():
            if how == "kill":
                transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
            for number in range(int(count)):
                [(_, result)] = SIGNALS[name].send(shop.Shop, number=number)
                ids.append(result.id)
            if how == "rollback":
                raise LookupError("rolled back")
    except LookupError:
        pass
    say("send", ids=ids)


def autocommit(name: str, count: str) -> None:
    ids = [SIGNALS[name].send(shop.Shop, number=n)[0][1].id for n in range(int(count))]
    say("autocommit", ids=ids)


def idle() -> bool:
    if shop.store.llen(shop.QUEUE) or shop.store.hlen("unacked"):
        return False
    return not OutboxEvent.objects.filter(state=State.PENDING).exists()


def work() -> None:
    deadline = time.monotonic() + WORK_DEADLINE
    with start_worker(shop.app, pool="solo", perform_ping_check=False, loglevel="CRITICAL"):
        quiet = 0
        while quiet < 3:
            publish_due()
            quiet = quiet + 1 if idle() else 0
            if time.monotonic() > deadline:
                raise SystemExit(f"work: still busy after {WORK_DEADLINE} s")
            time.sleep(0.05)
    say("work")


def admin() -> None:
    """The outbox's changelist as a superuser sees it, then its "Retry now" action."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    user = User.objects.filter(username="admin").first()
    client.force_login(user or User.objects.create_superuser("admin", "admin@example.com", "x"))
    url = "/admin/typedsignals_outbox/outboxevent/"
    page = client.get(url).content.decode()
    ids = [str(each) for each in OutboxEvent.objects.values_list("id", flat=True)]
    shown = [event for event in ids if event in page]
    action = client.post(url, {"action": "retry_now", "_selected_action": ids}, follow=True)
    messages = re.findall(r'<li class="info">(.*?)</li>', action.content.decode())
    say("admin", shown=len(shown), messages=messages, add=client.get(f"{url}add/").status_code)


def command(*args: str) -> None:
    out = io.StringIO()
    call_command("typedsignals_outbox", *args, stdout=out)
    say("command", out=out.getvalue().splitlines())


def report() -> None:
    rows = [
        {
            "id": str(row.id),
            "signal": row.signal.rpartition(".")[2],
            "state": row.state,
            "attempts": row.attempts,
            "error": row.last_error.splitlines()[0] if row.last_error else "",
            "published": row.published_at is not None,
        }
        for row in OutboxEvent.objects.order_by("created_at", "id")
    ]
    deliveries = [
        [each.receiver, each.number, each.event] for each in Delivery.objects.order_by("id")
    ]
    inbox = sorted(str(each) for each in InboxEvent.objects.values_list("id", flat=True))
    say("report", rows=rows, deliveries=deliveries, inbox=inbox)


STEPS = {
    "migrate": lambda: call_command("migrate", run_syncdb=True, verbosity=0),
    "reset": lambda: [
        model.objects.all().delete() for model in (OutboxEvent, InboxEvent, Delivery)
    ],
    "send": send,
    "autocommit": autocommit,
    "relay": lambda: command("relay", "--once"),
    "work": work,
    "beat": lambda: say("beat", published=shop.relay.apply().get()),
    "command": command,
    "report": report,
    "admin": admin,
    "runs_on": lambda: say(
        "runs_on", **{name: each.receivers_info()[0].runs_on for name, each in SIGNALS.items()}
    ),
}

if __name__ == "__main__":
    for step in sys.argv[1:]:
        name, *args = step.split(":")
        STEPS[name](*args)
    connections.close_all()
