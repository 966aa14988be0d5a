"""What ``task_receiver`` refuses at declaration with ``durable=`` and ``exactly_once=``."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.outbox.conftest import ROOT, Steps

WHERE = "task_receiver for '__main__.order_placed'"
HOW = (
    'add "typedsignals.contrib.django.outbox" to INSTALLED_APPS and run `python manage.py '
    "migrate`, or drop durable=True"
)


def test_refusals_and_settings() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "tests.outbox.declaration"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert [json.loads(line) for line in finished.stdout.splitlines()] == [
        f"{WHERE}: durable=True needs Django settings with the outbox app, and Django is not "
        f"configured; {HOW}",
        f"{WHERE}: durable=True needs the outbox app in INSTALLED_APPS; {HOW}",
        f"{WHERE}: exactly_once=True needs durable=True (the inbox records events the outbox "
        "delivers); add durable=True",
        f"{WHERE}: durable=True already publishes after the commit (and the relay publishes "
        "what that missed); drop on_commit=True",
        f"{WHERE}: the outbox retries durable receivers itself (with backoff, "
        "settings.TYPEDSIGNALS_OUTBOX MAX_ATTEMPTS/BACKOFF); drop autoretry_for=",
        "settings.TYPEDSIGNALS_OUTBOX has an unknown key 'MAX_ATEMPTS'; the keys are "
        "MAX_ATTEMPTS, BACKOFF, BACKOFF_MAX, BATCH_SIZE, INTERVAL",
        "settings.TYPEDSIGNALS_OUTBOX['BACKOFF'] must be a positive number, got -1",
        "settings.TYPEDSIGNALS_OUTBOX['MAX_ATTEMPTS'] must be a whole number, got 2.5",
        "settings.TYPEDSIGNALS_OUTBOX must be a dict, got list",
        [0.5, 1.0, 2.0, 3.0, 3.0],  # doubling, capped at BACKOFF_MAX
    ]


def test_durable_receivers_say_so_in_receivers_info(sqlite: str) -> None:
    """What the docs tools show, and what the contracts checker reads as durable."""
    assert Steps(sqlite, "redis://127.0.0.1:1/0", {}).run("runs_on") == [
        {
            "step": "runs_on",
            "placed": "Celery (durable)",
            "paid": "Celery (durable, exactly once)",
            "refused": "Celery (durable)",
        }
    ]


def test_the_catalogue_does_not_walk_into_the_outbox_app() -> None:
    """``catalog typedsignals.contrib.django`` works without Django's settings: the outbox
    package is marked as declaring no signals, so its models and admin are not imported."""
    script = (
        "import sys\n"
        "from typedsignals.catalog import import_package\n"
        "names = import_package('typedsignals.contrib.django')\n"
        "print([name for name in names if '.outbox' in name])\n"
        "print('typedsignals.contrib.django.outbox.models' in sys.modules)\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert finished.stdout.splitlines() == ["['typedsignals.contrib.django.outbox']", "False"]
