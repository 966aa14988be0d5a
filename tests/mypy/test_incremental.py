"""Editing a payload model re-checks what depends on it: incremental mode and dmypy.

The project: ``models`` declares the payload, ``signals`` the signal, and ``kitchen`` receives
and sends it without importing ``models``. After each edit of ``models``, the messages for
``kitchen`` must equal those of a fresh, cache-less run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from mypy import api

MODELS = """
from pydantic import BaseModel, Field

class PizzaDone(BaseModel):
    toppings: list[str]
    size: {size_type} = Field(default={default!r}, validation_alias={alias!r})
"""
SIGNALS = """
from typedsignals import Signal
from shop.models import PizzaDone

pizza_done = Signal[PizzaDone]()
"""
KITCHEN = """
from typing import Any
from typedsignals import receiver
from shop.signals import pizza_done

@receiver(pizza_done)
def box_it(sender: Any, size: int, **kwargs: Any) -> None: ...

def bake() -> None:
    pizza_done.send(None, toppings=[], diameter=32)
"""
SIZE_IS_STR = sorted(
    [
        'kitchen.py:6: error: Receiver "box_it" parameter "size" has type "int", but PizzaDone '
        'field "size" is "str"  [signal-receiver]',
        'kitchen.py:10: error: Argument "diameter" to "send" of "Signal" has incompatible type '
        '"int"; expected "str"  [arg-type]',
    ]
)
ALIAS_RENAMED = [
    'kitchen.py:10: error: Unexpected keyword argument "diameter" for "send" of "Signal"  '
    "[call-arg]",
]
EDITS = [
    pytest.param(
        {"size_type": "str", "default": "30", "alias": "diameter"}, SIZE_IS_STR, id="type"
    ),
    pytest.param({"size_type": "int", "default": 30, "alias": "width"}, ALIAS_RENAMED, id="alias"),
]
VALID: dict[str, object] = {"size_type": "int", "default": 30, "alias": "diameter"}
OPTIONS = ["--strict", "--no-error-summary", "--hide-error-context", "--show-absolute-path"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The three modules, valid: ``size: int``, sent by its alias ``diameter``."""
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "__init__.py").write_text("")
    (shop / "signals.py").write_text(SIGNALS)
    (shop / "kitchen.py").write_text(KITCHEN)
    edit_models(tmp_path, **VALID)
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = typedsignals.mypy\n")
    return tmp_path


def edit_models(project: Path, **values: object) -> None:
    models = project / "shop" / "models.py"
    models.write_text(textwrap.dedent(MODELS.format(**values)))
    later = models.stat().st_mtime + 2  # a new mtime, so mypy never takes it for unchanged
    os.utime(models, (later, later))


def files(project: Path) -> list[str]:
    return [str(project / "shop" / name) for name in ("models.py", "signals.py", "kitchen.py")]


def messages(output: str, project: Path) -> list[str]:
    """mypy's messages, without the project's path (and without dmypy's "Daemon started")."""
    prefix = f"{project / 'shop'}{os.sep}"
    return sorted(line.removeprefix(prefix) for line in output.splitlines() if prefix in line)


def mypy(project: Path, *options: str) -> list[str]:
    stdout, stderr, status = api.run(
        ["--config-file", str(project / "mypy.ini"), *OPTIONS, *options, *files(project)]
    )
    assert status in (0, 1), stderr
    return messages(stdout, project)


def fresh_run(project: Path) -> list[str]:
    return mypy(project, "--no-incremental")


@pytest.mark.parametrize(("edit", "expected"), EDITS)
def test_incremental_mode_rechecks_modules_that_do_not_import_the_model(
    project: Path, edit: dict[str, object], expected: list[str]
) -> None:
    cache = str(project / ".mypy_cache")
    assert mypy(project, "--cache-dir", cache) == []

    edit_models(project, **edit)
    assert mypy(project, "--cache-dir", cache) == expected
    assert mypy(project, "--cache-dir", cache) == expected  # nothing changed: replayed
    assert fresh_run(project) == expected


@pytest.fixture
def dmypy(project: Path) -> Iterator[list[str]]:
    """The command that runs this project's mypy daemon; stopped afterwards."""
    command = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(project / ".dmypy.json")]
    yield command
    subprocess.run([*command, "kill"], capture_output=True, check=False)


def dmypy_run(command: list[str], project: Path) -> list[str]:
    result = subprocess.run(
        [
            *command,
            "run",
            "--",
            "--config-file",
            str(project / "mypy.ini"),
            *OPTIONS,
            *files(project),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return messages(result.stdout, project)


@pytest.mark.slow
@pytest.mark.parametrize(("edit", "expected"), EDITS)
def test_dmypy_rechecks_receivers_and_sends_when_the_model_changes(
    project: Path, dmypy: list[str], edit: dict[str, object], expected: list[str]
) -> None:
    assert dmypy_run(dmypy, project) == []

    edit_models(project, **edit)
    assert dmypy_run(dmypy, project) == expected
    assert fresh_run(project) == expected

    edit_models(project, **VALID)
    assert dmypy_run(dmypy, project) == []
