"""Django's own dispatcher tests pass on typedsignals exactly as they pass on django.dispatch.

The upstream files (of the installed Django's release) run twice, each in a fresh interpreter
(Django's signals must be created after the swap, see conftest.py), at the same time: on
typedsignals and, as the control, on django.dispatch. Every upstream test is one case here,
which asserts the control passes it and ours does too.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.django_upstream.conftest import DISPATCHERS, UPSTREAM

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
FILES = ("dispatch/tests.py", "signals/tests.py")


def upstream_tests() -> list[str]:
    """``dispatch.tests::DispatcherTests::test_send`` …: every test method of the files."""
    found = []
    for file in FILES:
        module = file.removesuffix(".py").replace("/", ".")
        tree = ast.parse((HERE / UPSTREAM / file).read_text())
        for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            found.extend(
                f"{module}::{cls.name}::{node.name}"
                for node in cls.body
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name.startswith("test")
            )
    return found


def outcome_of(case: ET.Element) -> str:
    for child in case:
        if child.tag in ("failure", "error"):
            return f"{child.tag}: {child.get('message', '')}"
        if child.tag == "skipped":
            return f"{'xfailed' if child.get('type') == 'pytest.xfail' else 'skipped'}"
    return "passed"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """``{dispatcher: {test: outcome}}``, from both runs of the upstream files."""
    reports = tmp_path_factory.mktemp("upstream")
    runs = {
        dispatcher: subprocess.Popen(
            [
                sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                f"--junitxml={reports / dispatcher}.xml",
                *(str(HERE / UPSTREAM / file) for file in FILES),
            ],
            cwd=ROOT,
            env={**os.environ, "TYPEDSIGNALS_UPSTREAM": dispatcher},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for dispatcher in DISPATCHERS
    }  # fmt: skip
    results = {}
    for dispatcher, run in runs.items():
        output, _ = run.communicate(timeout=300)
        report = reports / f"{dispatcher}.xml"
        assert report.exists(), f"the run on {dispatcher} reported nothing:\n{output}"
        results[dispatcher] = {
            "::".join(
                (*case.get("classname", "").rsplit(".", 1), case.get("name", ""))
            ).removeprefix(f"tests.django_upstream.{UPSTREAM}."): outcome_of(case)
            for case in ET.parse(report).iter("testcase")
        }
    return results


def test_both_runs_ran_every_upstream_test(outcomes: dict[str, dict[str, str]]) -> None:
    expected = sorted(upstream_tests())
    assert len(expected) == {"django52": 41, "django61": 55}[UPSTREAM]
    for dispatcher in DISPATCHERS:
        assert sorted(outcomes[dispatcher]) == expected, dispatcher


@pytest.mark.parametrize("test", upstream_tests())
def test_passes_on_typedsignals_as_on_django(
    outcomes: dict[str, dict[str, str]], test: str
) -> None:
    assert outcomes["django"][test] == "passed", "the control"
    assert outcomes["typedsignals"][test] == "passed"


def test_the_patch_holds_every_line_changed_from_upstream(tmp_path: Path) -> None:
    """The patch, applied in reverse, gives back the sdist's files byte for byte."""
    shutil.copytree(HERE / UPSTREAM, tmp_path, dirs_exist_ok=True)
    subprocess.run(
        ["git", "apply", "--reverse", str(HERE / f"{UPSTREAM}.patch")], cwd=tmp_path, check=True
    )
    for line in (HERE / f"{UPSTREAM}.sha256").read_text().splitlines():
        digest, path = line.split()
        assert hashlib.sha256((tmp_path / path).read_bytes()).hexdigest() == digest, path
