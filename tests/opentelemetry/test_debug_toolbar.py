"""The SignalsPanel in a real request through django-debug-toolbar: the toolbar's own
middleware, its store, and its ``render_panel`` view (tests/opentelemetry/toolbar_project,
in its own process, so its Django settings stay out of the rest of the suite)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
URLS = "tests.opentelemetry.toolbar_project.urls"


@pytest.fixture(scope="module")
def rendered() -> dict[str, Any]:
    """The page of GET /order/ and the SignalsPanel's content for that request."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.opentelemetry.toolbar_project"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def text_of(html: str) -> list[str]:
    """The panel's rows as text: tags dropped, whitespace squeezed, times replaced by ``T``."""
    rows = re.findall(r"<tr class=\"[^\"]*typedsignals-send\">(.*?)</tr>", html, re.S)
    squeezed = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    return [re.sub(r"\d+\.\d{3}( ms)?", r"T\1", row) for row in squeezed]


def test_the_toolbar_lists_the_panel_with_a_summary(rendered: dict[str, Any]) -> None:
    assert re.search(
        r'title="Signals" class="SignalsPanel".*?<small>3 sends, 4 receivers in \d+\.\d\d ms'
        r"</small>",
        rendered["page"],
        re.S,
    )


def test_the_panel_shows_each_send_its_receivers_times_and_errors(
    rendered: dict[str, Any],
) -> None:
    assert text_of(rendered["panel"]) == [
        f"{URLS}.order_placed (OrderPlaced) send_robust {URLS}.Kitchen "
        f"{URLS}.charge_card T ms {URLS}.bake T ms ConnectionError: courier API unreachable T",
        f"{URLS}.pizza_done (PizzaDone) send {URLS}.Kitchen "
        "ConnectionError: courier API unreachable "
        f"{URLS}.box_it T ms {URLS}.notify_courier T ms "
        "ConnectionError: courier API unreachable T",
        f"{URLS}.pizza_done (PizzaDone) send {URLS}.Kitchen "
        "typedsignals.errors.PayloadError: invalid payload for signal "
        f"&#x27;{URLS}.pizza_done&#x27; (PizzaDone): 2 errors: toppings (list_type), "
        "size (greater_than) T",
    ]
    assert 'style="padding-left: 1em"' in rendered["panel"]  # the nested send, indented
    assert re.search(r"<p>3 sends in \d+\.\d{3} ms, 4 errors\.</p>", rendered["panel"])


def test_no_payload_value_reaches_the_panel(rendered: dict[str, Any]) -> None:
    for value in ("4111", "pepperoni", "-1", "olives"):
        assert value not in rendered["panel"]


def test_the_module_imports_without_django_settings() -> None:
    """The catalogue and the docs tools import every module of typedsignals, settings or not."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import typedsignals.contrib.django.debug_toolbar as m; print(m.__all__)",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "['SignalsPanel']\n", "")
