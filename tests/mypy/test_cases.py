"""The corpus in cases/: every file's mypy messages are exactly those its comments expect.

Each configuration (conftest.py: a ``plugins`` order in one of mypy's modes) checks every
file, against the same expectations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy.version import __version__ as mypy_version

from tests.mypy.conftest import CONFIGURATIONS, CorpusRun
from tests.mypy.harness import CASES, expected_messages

MYPY_MAJOR = int(mypy_version.split(".")[0])
CASE_FILES = sorted(CASES.glob("*.py"))


def test_the_corpus_has_cases() -> None:
    assert len(CASE_FILES) >= 8
    assert sum(len(expected_messages(path)) for path in CASE_FILES) >= 60


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_case(configuration: str, case: Path, corpus_run: CorpusRun) -> None:
    if configuration.endswith("-parallel") and MYPY_MAJOR < 2:
        pytest.skip(f"mypy {mypy_version} has no parallel mode (it arrived in mypy 2.0)")
    got = sorted(corpus_run(configuration).get(case.resolve(), []))
    expected = sorted(expected_messages(case))
    missing = [message for message in expected if message not in got]
    unexpected = [message for message in got if message not in expected]
    assert got == expected, (
        f"{case.name} under {configuration}:\n"
        + "".join(f"  missing    {line}: {message}\n" for line, message in missing)
        + "".join(f"  unexpected {line}: {message}\n" for line, message in unexpected)
    )
