"""Fixtures for the plugin's tests: the corpus checked once per configuration per session.

A configuration is a ``plugins`` list (``ORDERS``: the plugin alone, after and before
``pydantic.mypy``) run in one of mypy's modes (``MODES``). ``make test`` runs ``DEFAULT``,
where each order and each mode appears at least once; ``TYPEDSIGNALS_MYPY_MATRIX=1`` runs
every order in every mode. The expectations are the same in all of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.mypy.harness import CASES, CONFIGS, Message, run_dmypy, run_mypy

CorpusRun = Callable[[str], dict[Path, list[Message]]]

ORDERS = {
    "plugin": "plugin.ini",
    "pydantic_first": "pydantic_first.ini",
    "pydantic_last": "pydantic_last.ini",
}
"""Name → config file: ``plugins`` is the plugin alone, after, or before pydantic.mypy."""
MODES: dict[str, tuple[str, ...]] = {
    "incremental": (),
    "no_incremental": ("--no-incremental",),
    "parallel": ("--num-workers", "2"),
    "dmypy": (),
}
"""Name → extra options. ``parallel`` is mypy's parallel mode (mypy >= 2.0)."""
DEFAULT = [
    "plugin-incremental",
    "pydantic_first-no_incremental",
    "pydantic_last-parallel",
    "pydantic_first-dmypy",
]
CONFIGURATIONS = (
    [f"{order}-{mode}" for order in ORDERS for mode in MODES]
    if os.environ.get("TYPEDSIGNALS_MYPY_MATRIX")
    else DEFAULT
)


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """One cache directory per configuration file, shared by every run with it in the
    session (the corpus's, and the smaller checks of test_configurations.py)."""
    caches: dict[str, Path] = {}

    def cache(order: str) -> Path:
        if order not in caches:
            caches[order] = tmp_path_factory.mktemp(f"mypy-cache-{order}")
        return caches[order]

    return cache


@pytest.fixture(scope="session")
def corpus_run(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Callable[[str], Path]
) -> CorpusRun:
    """Messages per case file under a configuration; mypy runs once per configuration."""
    runs: dict[str, dict[Path, list[Message]]] = {}

    def run(name: str) -> dict[Path, list[Message]]:
        if name not in runs:
            order, mode = name.split("-")
            files = sorted(CASES.glob("*.py"))
            config = CONFIGS / ORDERS[order]
            if mode == "dmypy":
                status = tmp_path_factory.mktemp(f"dmypy-{order}") / "status.json"
                runs[name], _ = run_dmypy(files, config, status)
            else:
                # mypy writes its cache in every mode: later runs with this order reuse it.
                runs[name], _ = run_mypy(files, config, mypy_cache(order), *MODES[mode])
        return runs[name]

    return run
