"""``exactly_once=True``: the receiver's write and the inbox entry commit together, so an event
delivered again (a redelivery after a worker crash, a republished row) takes effect once; an
at-least-once receiver runs again."""

from __future__ import annotations

import time

import pytest

from tests.outbox.conftest import Broker, Steps, wait_until

VISIBILITY_TIMEOUT = 2  # tests/outbox/app.py


def test_an_event_delivered_again_takes_effect_once(steps: Steps) -> None:
    sent = steps.run("send:paid:1", "send:placed:1", "work")
    paid, placed = (step["ids"][0] for step in sent[:2])
    # The operator republishes both events, already processed.
    *_, report = steps.run(f"command:retry:{paid}", f"command:retry:{placed}", "work", "report")
    assert sorted(report["deliveries"]) == [
        ["bill", 0, paid],
        ["ship", 0, placed],
        ["ship", 0, placed],  # at least once: it ran again
    ]
    assert report["inbox"] == [paid]


@pytest.mark.slow
def test_a_worker_killed_mid_task_leaves_one_effect_per_event(steps: Steps, broker: Broker) -> None:
    """A real ``celery worker`` process on Redis, SIGKILLed while ``bill`` is inside its
    transaction (written, not committed); the next worker gets the event again."""
    [sent] = steps.run("send:paid:5")
    started, store = f"{steps.queue}:started", broker.client
    worker = steps.worker(TYPEDSIGNALS_TEST_SLOW="60")
    try:
        wait_until(lambda: store.hlen(started) >= 1, "bill to start on the first worker")
        worker.kill()
        worker.wait()
        [killed] = [key.decode() for key in store.hkeys(started)]
        time.sleep(VISIBILITY_TIMEOUT + 0.5)  # unacknowledged tasks come back after this
        worker = steps.worker()

        def done() -> bool:
            busy = store.llen(steps.queue) or store.hlen("unacked")
            return store.hlen(started) == 5 and not busy

        wait_until(done, "the second worker to run every event")
    finally:
        worker.kill()
        worker.wait()
    [report] = steps.run("report")
    assert sorted(number for receiver, number, _ in report["deliveries"]) == [0, 1, 2, 3, 4]
    assert report["inbox"] == sorted(sent["ids"])
    assert int(store.hget(started, killed) or 0) == 2  # it ran twice, took effect once
