"""``relay_task(app)``: the relay as a Celery task, for beat."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Callable

    from celery import Celery, Task

__all__ = ["RELAY_TASK", "relay_task"]

RELAY_TASK = "typedsignals.outbox.relay"


def relay_task(app: Celery, *, name: str = RELAY_TASK) -> Task[[], int]:
    """Register on ``app`` a task that publishes the due outbox rows once, and return it.

    Schedule it with beat, e.g. ``app.conf.beat_schedule = {"outbox": {"task":
    RELAY_TASK, "schedule": 5.0}}``; it runs where the durable receivers are declared (a
    worker), and several can run at once (each row is claimed before it is published).
    """

    def relay_outbox() -> int:
        from typedsignals.contrib.django.outbox.delivery import relay

        return relay(once=True)

    make_task = cast(
        "Callable[[Callable[[], int]], Task[[], int]]",
        app.task(name=name, shared=False, lazy=False, ignore_result=True),
    )
    return make_task(relay_outbox)
