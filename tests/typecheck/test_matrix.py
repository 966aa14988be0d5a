"""The type-check matrix (tests/typecheck/matrix.py) in make test: every checker, the corpus.

Each checker must report exactly the lines bad.py expects of it, and nothing in good.py.
"""

from __future__ import annotations

import pytest

from tests.typecheck import matrix


@pytest.mark.parametrize("checker", matrix.CHECKERS, ids=matrix.NAMES)
def test_checker_reports_what_the_corpus_expects(checker: matrix.Checker) -> None:
    assert matrix.differences(checker, matrix.run(checker)) == []


def test_every_plugin_free_checker_flags_every_bad_send_of_a_strict_model() -> None:
    strict = [e for e in matrix.expectations() if e.code.startswith("strict_pizza_done.")]
    assert strict
    assert all(e.checkers == frozenset(matrix.NAMES) for e in strict)


def test_docs_show_the_generated_table() -> None:
    assert f"{matrix.BEGIN}\n{matrix.table()}\n{matrix.END}" in matrix.DOC.read_text()
