"""``task_receiver(..., on_commit=True)``: tasks are queued when the Django transaction commits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_tasks_are_queued_at_commit_never_on_rollback_at_once_in_autocommit() -> None:
    # A process of its own: it configures Django settings, which are process-wide.
    finished = subprocess.run(
        [sys.executable, "-W", "error", "-m", "tests.celery.django_on_commit"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    steps = [json.loads(line) for line in finished.stdout.splitlines()]
    committed_id, autocommitted_id = steps[0].pop("task_id"), steps[3].pop("task_id")
    assert steps == [
        {"step": "inside the transaction", "queued": 0},
        {"step": "after commit", "queued": 1},
        {"step": "after rollback", "queued": 1},
        {"step": "in autocommit mode", "queued": 2},
        # The AsyncResult returned at send time has the id the queued task got at commit.
        {"step": "worker", "results": [1, 3], "ran": [[1, committed_id], [3, autocommitted_id]]},
        {"step": "broker down at commit", "error": "EnqueueError"},
    ]
