"""Whole builds: nitpicky with no warning, parallel like serial, furo, incremental."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from tests.sphinx.conftest import ANSI_COLOUR, ROOTS, Build


def test_nitpicky_build_has_no_warning(signals_build: Build) -> None:
    # The root sets nitpicky = True: every cross-reference the extension makes resolves, or
    # is an optional one that falls back to plain text.
    assert signals_build.app.config.nitpicky
    assert signals_build.warnings == ""


def test_parallel_build_reads_and_writes_in_processes_and_matches_serial(
    build: Callable[..., Build],
) -> None:
    serial = build("signals")
    parallel = build("signals", parallel=2)
    assert parallel.warnings == ""  # e.g. no "... is not safe for parallel reading"
    # Documents were read and written in chunks, one per process.
    assert "reading sources... [ 50%] autodata .. models" in parallel.status
    assert "writing output... [ 50%] autosignal .. signals" in parallel.status
    for docname in sorted(serial.app.env.found_docs):
        assert parallel.html(docname) == serial.html(docname), docname


def test_furo_theme_builds_without_warning(build: Callable[..., Build]) -> None:
    furo = build("signals", html_theme="furo")
    assert furo.warnings == ""
    html = furo.html("signals")
    assert '<div class="table-wrapper typedsignals-arguments' in html  # furo scrolls wide tables
    assert '<table class="typedsignals-arguments docutils align-left">' in html


def test_incremental_build_rereads_a_page_when_a_receiver_module_changes(
    tmp_path: Path,
) -> None:
    shutil.copytree(ROOTS / "test-options", tmp_path / "src")

    def build_and_report_changed() -> str:
        status = StringIO()
        app = SphinxTestApp("html", srcdir=tmp_path / "src", status=status, warning=StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
        (line,) = [
            line for line in status.getvalue().splitlines() if "updating environment" in line
        ]
        return ANSI_COLOUR.sub("", line).partition(": ")[2]

    assert build_and_report_changed().startswith("[new config] 1 added")
    with touched(ROOTS / "bakery" / "hidden.py"):  # shown nowhere on the page
        assert build_and_report_changed() == "0 added, 0 changed, 0 removed"
    with touched(ROOTS / "bakery" / "receivers.py"):  # connects receivers the page lists
        assert build_and_report_changed() == "0 added, 1 changed, 0 removed"


@contextmanager
def touched(path: Path) -> Iterator[None]:
    """Give ``path`` a modification time in the future, for the block."""
    before = path.stat()
    os.utime(path, (before.st_atime, time.time() + 60))
    try:
        yield
    finally:
        os.utime(path, (before.st_atime, before.st_mtime))
