"""``make demo``: a pizzeria receiver that runs on a Celery worker.

Celery's in-memory transport and a worker inside this process, so nothing needs installing;
in production the app names a real broker and ``celery -A … worker`` runs the same receiver.
Run from ``examples/``: ``python celery_demo.py``.
"""

from __future__ import annotations

import threading
from typing import Any

from celery import Celery
from celery.contrib.testing.worker import start_worker
from pizzeria.signals import pizza_done
from pizzeria.store import PizzaStore

from typedsignals.contrib.celery import task_receiver

app = Celery("celery_demo", broker="memory://", backend="cache+memory://")
app.conf.update(
    broker_connection_retry_on_startup=True,
    broker_transport_options={"polling_interval": 0.01},
)


@task_receiver(pizza_done, app=app, sender=PizzaStore, acks_late=True)
def print_label(
    sender: type[PizzaStore], order_id: int, toppings: list[str], size: int, **kwargs: Any
) -> str:
    """Print the box label: slow work, so it runs on a worker."""
    where = "a worker" if threading.current_thread() is not threading.main_thread() else "here"
    return f"label for order {order_id}: {size} cm, {', '.join(toppings)} (printed on {where})"


def main() -> None:
    [info] = pizza_done.receivers_info()
    print(f"{info.label} runs on {info.runs_on}; its task is {print_label.task.name!r}")
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="ERROR"):
        [(_, result)] = pizza_done.send(sender=PizzaStore, order_id=7, toppings=["ham"], size="32")
        print(f"send() returned {type(result).__name__} {result.id}")
        print(result.get(timeout=10))


if __name__ == "__main__":
    main()
