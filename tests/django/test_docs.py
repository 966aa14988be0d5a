"""The catalogue CLI and the Sphinx extension document the typed Django signals."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import typedsignals.contrib.django as contrib_django

SIGNALS = [
    "pre_init",
    "post_init",
    "pre_save",
    "post_save",
    "pre_delete",
    "post_delete",
    "m2m_changed",
    "pre_migrate",
    "post_migrate",
    "request_started",
    "request_finished",
    "got_request_exception",
    "setting_changed",
    "user_logged_in",
    "user_logged_out",
    "user_login_failed",
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter: no Django settings, as a user's shell or docs build has."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_catalogue_lists_every_signal_with_its_documented_fields(tmp_path: Path) -> None:
    result = run(
        "-m", "typedsignals", "catalog", "typedsignals.contrib.django", "--format", "json",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entries = {entry["name"]: entry for entry in json.loads(result.stdout)["signals"]}
    assert list(entries) == SIGNALS
    assert all(entry["doc"] for entry in entries.values())
    assert all(field["description"] for entry in entries.values() for field in entry["fields"])
    post_save = entries["post_save"]
    assert (post_save["sender"], post_save["model"]) == (
        "django.db.models.base.Model",
        "typedsignals.contrib.django.signals.PostSave[Model]",
    )
    assert [(field["name"], field["type"]) for field in post_save["fields"]] == [
        ("instance", "django.db.models.base.Model"),
        ("created", "bool"),
        ("update_fields", "frozenset[str] | None"),
        ("raw", "bool"),
        ("using", "str"),
    ]
    assert [getattr(contrib_django, name).label for name in SIGNALS] == [
        entry["label"] for entry in entries.values()
    ]


def test_sphinx_documents_the_signals_without_warnings(tmp_path: Path) -> None:
    source = Path(__file__).parent / "sphinx_docs"
    result = run("-m", "sphinx", "-q", "-b", "html", str(source), str(tmp_path), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    page = html.unescape(re.sub(r"<[^>]+>", "", (tmp_path / "index.html").read_text()))
    text = " ".join(page.split())
    # The catalogue names each signal by the path to import it from.
    assert all(f"typedsignals.contrib.django.{name}" in text for name in SIGNALS)
    assert "Sent at the end of a model\u2019s save()." in text  # Sphinx curls the quote
    assert "True if a new record was created." in text
    assert "The ASGI connection scope of the request; None under WSGI." in text
