"""The type-check matrix (tests/typecheck/matrix.py) in make test: every checker, the corpus.

Each checker must report exactly the lines bad.py expects of it, and nothing in good.py. make
test runs the fast part, ~12 s: mypy with the plugin, pyright, ty and pyrefly. mypy without
the plugin and basedpyright (pyright's engine) take ~13 s more: ``make typecheck-matrix`` runs
them, and so does this test with ``TYPECHECK_MATRIX=1``.
"""

from __future__ import annotations

import os

import pytest

from tests.typecheck import matrix

FAST = {"mypy-plugin", "pyright", "ty", "pyrefly"}
CHECKERS = [
    checker
    for checker in matrix.CHECKERS
    if checker.name in FAST or os.environ.get("TYPECHECK_MATRIX") == "1"
]


@pytest.mark.parametrize("checker", CHECKERS, ids=[checker.name for checker in CHECKERS])
def test_checker_reports_what_the_corpus_expects(checker: matrix.Checker) -> None:
    assert matrix.differences(checker, matrix.run(checker)) == []


def test_every_plugin_free_checker_flags_every_bad_send_of_a_strict_model() -> None:
    strict = [e for e in matrix.expectations() if e.code.startswith("strict_pizza_done.")]
    assert strict
    assert all(e.checkers == frozenset(matrix.NAMES) for e in strict)


def test_docs_show_the_generated_table() -> None:
    assert f"{matrix.BEGIN}\n{matrix.table()}\n{matrix.END}" in matrix.DOC.read_text()
