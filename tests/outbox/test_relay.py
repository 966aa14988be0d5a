"""Relays side by side, and a relay killed mid-batch: every event published, none twice by
the relays (one row per transaction, claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL; an
``IMMEDIATE`` transaction on SQLite serialises the claims)."""

from __future__ import annotations

import collections
import signal

from tests.outbox.conftest import Broker, Steps, wait_until

ROWS = 300


def pending_rows(steps: Steps) -> list[str]:
    """``ROWS`` rows left pending: their sender was killed right after the commit."""
    steps.run(f"send:placed:{ROWS}:kill", returncode=-9)
    [report] = steps.run("report")
    assert {row["state"] for row in report["rows"]} == {"pending"}
    return [row["id"] for row in report["rows"]]


def test_three_relays_side_by_side_publish_each_row_once(steps: Steps, broker: Broker) -> None:
    ids = pending_rows(steps)
    relays = [steps.start("relay") for _ in range(3)]
    outputs = [relay.communicate(timeout=120)[0] for relay in relays]
    assert [relay.returncode for relay in relays] == [0, 0, 0]
    counts = [int(out.split('"published ')[1].split()[0]) for out in outputs]
    assert sum(counts) == ROWS
    published = broker.queued_ids(steps.queue)
    assert sorted(published) == sorted(ids)  # each row once, none twice
    [report] = steps.run("report")
    assert {row["state"] for row in report["rows"]} == {"published"}
    print(f"{ROWS} rows, three relays published {counts}")


def test_a_relay_killed_mid_batch_leaves_the_rest_to_the_next(steps: Steps, broker: Broker) -> None:
    ids = pending_rows(steps)
    relay = steps.start("relay")
    wait_until(lambda: broker.client.llen(steps.queue) >= 20, "the relay to publish 20 rows")
    relay.send_signal(signal.SIGKILL)
    relay.communicate()
    at_kill = broker.client.llen(steps.queue)
    assert at_kill < ROWS, "the relay finished before it was killed"
    [relayed] = steps.run("relay")
    published = broker.queued_ids(steps.queue)
    twice = [event for event, count in collections.Counter(published).items() if count > 1]
    assert set(published) == set(ids)
    # Only the row in flight at the kill (published, not yet marked so) may go out again.
    assert len(twice) <= 1
    [report] = steps.run("report")
    assert {row["state"] for row in report["rows"]} == {"published"}
    print(f"killed after {at_kill} of {ROWS}; {relayed['out'][0]} next; {len(twice)} twice")


def test_the_relay_task_for_beat_publishes_pending_rows(steps: Steps, broker: Broker) -> None:
    steps.run("send:placed:4:kill", returncode=-9)
    beat, report = steps.run("beat", "report")
    assert beat == {"step": "beat", "published": 4}
    assert sorted(broker.queued_ids(steps.queue)) == sorted(row["id"] for row in report["rows"])
    assert {row["state"] for row in report["rows"]} == {"published"}
