"""The repo eats its own cooking: examples/pizzeria ships its signals.lock.json, and it holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.examples import EXAMPLES, run_example
from typedsignals.contracts import RULES


def test_the_lock_file_is_what_lock_writes() -> None:
    written = run_example("-m", "typedsignals", "lock", "pizzeria", "-o", "-")
    assert written.stdout == (EXAMPLES / "pizzeria" / "signals.lock.json").read_text(), (
        "examples/pizzeria/signals.lock.json is stale: in examples/, run "
        "`python -m typedsignals lock pizzeria -o pizzeria/signals.lock.json`"
    )


def test_the_pizzeria_passes_its_own_check_even_on_info() -> None:
    checked = run_example(
        "-m",
        "typedsignals",
        "check",
        "pizzeria",
        "--against",
        "pizzeria/signals.lock.json",
        "--fail-on",
        "info",
    )
    assert checked.stdout == "no payload contract changes against pizzeria/signals.lock.json\n"


def test_a_breaking_change_to_the_pizzeria_is_caught(tmp_path: Path) -> None:
    """What `make demo` shows: a copy of the pizzeria whose ``size`` loses its default."""
    copy = tmp_path / "pizzeria"
    shutil.copytree(EXAMPLES / "pizzeria", copy, ignore=shutil.ignore_patterns("__pycache__"))
    signals = copy / "signals.py"
    signals.write_text(
        signals.read_text().replace(
            "size: int = Field(default=30, gt=0,", "size: int = Field(gt=0,"
        )
    )
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "typedsignals",
            "check",
            "pizzeria",
            "--against",
            "pizzeria/signals.lock.json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 1, checked.stderr
    assert checked.stdout == (
        "error   optional-made-required pizzeria.signals.pizza_done /properties/size: "
        "field 'size' is now required (it had default 30)\n"
        "1 change against pizzeria/signals.lock.json: 1 error, 0 warnings, 0 info\n"
    )


def test_the_docs_table_is_the_rules_table() -> None:
    """docs/contracts.md lists every rule with the severities the code gives it."""
    page = (EXAMPLES.parent / "docs" / "contracts.md").read_text()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    documented = {}
    for row in rows:
        rule, summary, *severities = (cell.strip() for cell in row.strip("|").split("|"))
        documented[rule.strip("`")] = (summary, *severities)
    assert documented == {
        rule.id: (
            rule.summary,
            rule.in_process.label,
            rule.queued.label,
            rule.durable.label,
        )
        for rule in RULES.values()
    }
