"""Shared helpers for the reliability suite.

Every test runs a fast variant in ``make test``; ``make soak`` runs the same tests with
``SOAK=1``, which scales their sizes up (``scaled``). Tests record their figures (sends per
second, memory growth, examples tried) with ``record_figure``; pytest prints them at the end.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

SOAK = os.environ.get("SOAK", "").strip().lower() not in ("", "0", "false", "no", "off")

_figures: list[str] = []


def scaled(fast: int, soak: int) -> int:
    """``soak`` under ``make soak`` (``SOAK=1``), else ``fast``."""
    return soak if SOAK else fast


@pytest.fixture
def record_figure() -> Callable[[str], None]:
    """Record one line for the figures section printed at the end of the run."""
    return _figures.append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _figures:
        terminalreporter.section(f"reliability figures ({'soak' if SOAK else 'fast'} variant)")
        for line in _figures:
            terminalreporter.write_line(line)


@contextmanager
def refcounting_only() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off.

    Whatever the block frees is then freed by reference counting alone: an object that
    survives it is kept alive by a reference cycle (or by a real reference).
    """
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@pytest.fixture
def fast_thread_switching() -> Iterator[None]:
    """Switch threads every 10 µs instead of every 5 ms, so races get many chances to show."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)
