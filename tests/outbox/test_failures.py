"""A receiver that always fails: retried with backoff, then ``dead``; ``list`` shows it and
``retry --dead`` brings it back. A payload the worker's model no longer accepts: the
``PayloadError`` recorded on the row (``dead`` at once), the receiver never called."""

from __future__ import annotations

from tests.outbox.conftest import Steps


def test_a_failing_receiver_is_retried_then_dead_and_retry_dead_revives_it(
    steps: Steps,
) -> None:
    sent, _, dead, listed, retried, revived = steps.run(
        "send:refused:1", "work", "report", "command:list", "command:retry:--dead", "report"
    )
    [event] = sent["ids"]
    assert [(row["id"], row["state"], row["attempts"], row["error"]) for row in dead["rows"]] == [
        (event, "dead", 3, "RuntimeError: the warehouse is closed (order 0)")
    ]
    [line] = listed["out"]
    assert line.startswith(f"{event}  dead       attempts=3  tests.outbox.app.refuse  ")
    assert line.endswith("  error=RuntimeError: the warehouse is closed (order 0)")
    assert retried["out"] == ["1 event(s) will be published by the relay"]
    assert [(row["state"], row["attempts"]) for row in revived["rows"]] == [("pending", 0)]
    assert dead["deliveries"] == revived["deliveries"] == []


def test_a_payload_the_worker_no_longer_accepts_is_recorded_as_a_payload_error(
    steps: Steps,
) -> None:
    [sent] = steps.run("send:placed:1")
    # The worker runs the next deploy: the payload model gained a required field.
    _, report = steps.run("work", "report", TYPEDSIGNALS_TEST_SCHEMA="v2")
    [row] = report["rows"]
    assert (row["id"], row["state"], row["attempts"]) == (sent["ids"][0], "dead", 1)
    assert row["error"] == (
        "PayloadError: invalid payload for signal 'tests.outbox.app.order_placed' (Order): 1 error"
    )
    assert report["deliveries"] == []  # never half-processed: the receiver was not called


def test_retry_by_id_and_an_unknown_id(steps: Steps) -> None:
    sent, _ = steps.run("send:refused:1", "work")
    [event] = sent["ids"]
    retried, report = steps.run(f"command:retry:{event}", "report")
    assert retried["out"] == ["1 event(s) will be published by the relay"]
    assert [(row["state"], row["attempts"]) for row in report["rows"]] == [("pending", 0)]
    unknown = steps.start("command:retry:" + "0" * 32)
    _, err = unknown.communicate(timeout=60)
    assert unknown.returncode == 1
    assert err.strip().endswith(
        "CommandError: no outbox event with id 00000000-0000-0000-0000-000000000000"
    )


def test_the_admin_lists_the_rows_and_retries_them(steps: Steps) -> None:
    steps.run("send:refused:2", "work")
    admin, report = steps.run("admin", "report")
    assert admin == {
        "step": "admin",
        "shown": 2,
        "messages": ["2 event(s) will be published by the relay."],
        "add": 403,  # rows are written by sends, never by hand
    }
    assert [(row["state"], row["attempts"]) for row in report["rows"]] == [("pending", 0)] * 2
