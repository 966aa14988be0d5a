"""Fixtures for the plugin's tests: the corpus checked once per configuration per session."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.mypy.harness import CASES, CONFIGS, Message, run_mypy

CorpusRun = Callable[[str], dict[Path, list[Message]]]

CONFIGURATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "plugin": ("plugin.ini", ()),
    "pydantic_first": ("pydantic_first.ini", ()),
    "pydantic_last": ("pydantic_last.ini", ()),
    "parallel": ("plugin.ini", ("--num-workers", "2")),
}
"""Name → (config file, extra options). ``parallel`` is mypy's parallel mode (mypy >= 2.0)."""


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    """Messages per case file under a configuration; mypy runs once per configuration."""
    runs: dict[str, dict[Path, list[Message]]] = {}

    def run(name: str) -> dict[Path, list[Message]]:
        if name not in runs:
            config, options = CONFIGURATIONS[name]
            files = sorted(CASES.glob("*.py"))
            cache = tmp_path_factory.mktemp(f"mypy-cache-{name}")
            runs[name], _ = run_mypy(files, CONFIGS / config, cache, *options)
        return runs[name]

    return run


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """pytest-mypy-plugins runs the ``mypy`` on PATH: make it this environment's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(Path(sys.executable).parent), prepend=os.pathsep)
        return (yield)
