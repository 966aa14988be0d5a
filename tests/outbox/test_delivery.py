"""Durable delivery end to end, each fault counted event by event, on SQLite and PostgreSQL:
the row is written in the transaction (nothing on rollback), published after the commit,
kept ``pending`` while the broker is down or when the process dies right after the commit,
published by the relay later; each receiver runs once."""

from __future__ import annotations

from tests.outbox.conftest import Broker, Steps


def test_rows_are_written_in_the_transaction_and_published_after_commit(
    steps: Steps, broker: Broker
) -> None:
    sent, rolled_back, autocommitted = (
        step["ids"]
        for step in steps.run("send:placed:2", "send:placed:3:rollback", "autocommit:placed:1")
    )
    assert len(rolled_back) == 3  # the sends happened, then the transaction rolled back
    report = steps.report()
    # Only the committed rows exist, each published at once, as the task its id names.
    assert [row["id"] for row in report["rows"]] == [*sent, *autocommitted]
    assert {(row["state"], row["attempts"], row["published"]) for row in report["rows"]} == {
        ("published", 0, True)
    }
    assert broker.queued_ids(steps.queue) == [*sent, *autocommitted]
    _, worked, purged, after = steps.run(
        "work", "report", "command:purge:--published:--older-than:0:--inbox", "report"
    )
    assert sorted(worked["deliveries"]) == sorted(
        [["ship", 0, sent[0]], ["ship", 1, sent[1]], ["ship", 0, autocommitted[0]]]
    )
    # Published rows older than 0 days: all of them.
    assert purged["out"] == ["deleted 3 published event(s) and 0 inbox entries"]
    assert after["rows"] == []


def test_broker_down_at_commit_the_row_waits_and_the_relay_publishes_it(
    steps: Steps, broker: Broker
) -> None:
    broker.stop()
    # The commit succeeds: no error reaches the sender.
    sent, report, relayed = steps.run("send:placed:2", "report", "relay")
    rows = report["rows"]
    assert [row["id"] for row in rows] == sent["ids"]
    assert {row["state"] for row in rows} == {"pending"}
    # After the commit, the first row was tried (the broker was down), the rest left to the
    # relay; the relay stops at its first failure too.
    assert [row["attempts"] for row in rows] == [1, 0]
    assert rows[0]["error"].startswith("the broker could not be reached: ")
    assert "Connection refused" in rows[0]["error"]
    assert relayed == {"step": "command", "out": ["published 0 event(s)"]}
    broker.start()
    assert steps.run("relay") == [{"step": "command", "out": ["published 2 event(s)"]}]
    assert sorted(broker.queued_ids(steps.queue)) == sorted(sent["ids"])
    report = steps.run("work", "report")[1]
    assert {row["state"] for row in report["rows"]} == {"published"}
    assert sorted(report["deliveries"]) == [["ship", n, sent["ids"][n]] for n in (0, 1)]


def test_the_process_killed_after_commit_leaves_the_rows_to_the_relay(
    steps: Steps, broker: Broker
) -> None:
    steps.run("send:placed:5:kill", returncode=-9)
    assert broker.queued_ids(steps.queue) == []
    report, relayed = steps.run("report", "relay")
    rows = report["rows"]
    assert [(row["state"], row["attempts"]) for row in rows] == [("pending", 0)] * 5
    assert relayed == {"step": "command", "out": ["published 5 event(s)"]}
    assert sorted(broker.queued_ids(steps.queue)) == sorted(row["id"] for row in rows)
    deliveries = steps.run("work", "report")[1]["deliveries"]
    assert sorted(number for _, number, _ in deliveries) == [0, 1, 2, 3, 4]
