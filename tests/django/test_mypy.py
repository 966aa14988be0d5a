"""mypy with django-stubs' plugin and ours over receivers of the typed Django signals.

The model signals' payloads are generic over the model class: a receiver connected with
``sender=Article`` may take ``instance: Article`` (the plugin binds the type parameter to the
sender); without a sender it gets ``Model``. Expected errors are ``# E:`` comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mypy.harness import expected_messages, run_mypy

TYPING = Path(__file__).parent / "typing"
REPO = Path(__file__).parents[2]


def test_receivers_type_check_against_the_sender_bound_payloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # django-stubs imports tests.django.project.settings from here
    case = TYPING / "receivers.py"
    messages, output = run_mypy([case], TYPING / "mypy.ini", tmp_path / "cache")
    assert messages.get(case.resolve(), []) == expected_messages(case), output
