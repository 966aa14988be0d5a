"""``make demo``: an event survives a broker outage (``task_receiver(..., durable=True)``).

Django on SQLite (a file in a temporary directory) with the outbox app, Celery on a Redis
broker this demo starts itself (``redis-server`` on a free port), stops, and starts again.
The order is committed while the broker is down: the row waits in the outbox, the relay
publishes it once the broker is back, and the worker runs the receiver once.
Run from ``examples/``: ``python outbox_demo.py``.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import django
from django.conf import settings

DIRECTORY = Path(tempfile.mkdtemp(prefix="typedsignals-outbox-demo-"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = free_port()
settings.configure(
    INSTALLED_APPS=["typedsignals.contrib.django.outbox"],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DIRECTORY / "demo.sqlite3",
            # Writers take the lock when their transaction begins: a relay and a worker
            # side by side never fail with "database is locked".
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    },
    USE_TZ=True,
    # A failed try waits BACKOFF seconds (2 by default) before the next: short for the demo.
    TYPEDSIGNALS_OUTBOX={"BACKOFF": 0.1},
)
django.setup()

from celery import Celery  # noqa: E402
from celery.contrib.testing.worker import start_worker  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from pizzeria.signals import pizza_done  # noqa: E402
from pizzeria.store import PizzaStore  # noqa: E402

from typedsignals.contrib.celery import task_receiver  # noqa: E402

app = Celery("outbox_demo", broker=f"redis://127.0.0.1:{PORT}/0", set_as_current=False)
app.conf.update(broker_connection_retry_on_startup=True, worker_hijack_root_logger=False)
printed: list[str] = []


@task_receiver(pizza_done, app=app, sender=PizzaStore, durable=True)
def print_label(order_id: int, toppings: list[str], size: int, **kwargs: Any) -> None:
    """Print the box label, on a worker, at least once, even if the broker is down now."""
    printed.append(f"label for order {order_id}: {size} cm, {', '.join(toppings)}")


def outbox(*args: str) -> None:
    out = io.StringIO()
    call_command("typedsignals_outbox", *args, stdout=out)
    for line in out.getvalue().splitlines():
        print(f"  $ typedsignals_outbox {' '.join(args)}: {line}")


def broker() -> subprocess.Popen[bytes]:
    command = [shutil.which("redis-server") or "redis-server", "--port", str(PORT), "--save", ""]
    server = subprocess.Popen(command, cwd=DIRECTORY, stdout=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"redis-server did not start on port {PORT}")


def main() -> None:
    call_command("migrate", verbosity=0)
    [info] = pizza_done.receivers_info()
    print(f"{info.label} runs on {info.runs_on}")
    print("The broker is down; the order is saved and its event committed with it:")
    with transaction.atomic():
        pizza_done.send(sender=PizzaStore, order_id=42, toppings=["ham", "basil"], size=32)
    outbox("list")
    server = broker()
    try:
        print("The broker is back; the relay publishes what waited:")
        time.sleep(0.2)  # the backoff after the failed try
        outbox("relay", "--once")
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="ERROR"):
            for _ in range(500):
                if printed:
                    break
                time.sleep(0.02)
        print(f"The worker ran the receiver once: {printed}")
        outbox("list")
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(DIRECTORY, ignore_errors=True)


if __name__ == "__main__":
    main()
