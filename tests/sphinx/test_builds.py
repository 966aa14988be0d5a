"""Whole builds: nitpicky with no warning, parallel like serial, other themes."""

from __future__ import annotations

from collections.abc import Callable

from tests.sphinx.conftest import Build


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
