"""docs/static-checking.md shows what mypy prints: each ``$ mypy`` session is run and compared.

A session (```` ```console ```` block starting ``$ mypy [options] name.py``) checks the page's
```` ```py title="name.py" ```` block, saved as ``name.py``, with ``examples/mypy.ini`` and
``examples/`` on the path, as the page says. tests/docs runs the same blocks as Python.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "static-checking.md"
EXAMPLES = ROOT / "examples"

BLOCK = re.compile(r'^```py title="(?P<name>\w+\.py)"\n(?P<source>.*?)^```$', re.M | re.S)
SESSION = re.compile(r"^```console\n\$ mypy (?P<arguments>.*?)\n(?P<output>.*?)^```$", re.M | re.S)
TEXT = PAGE.read_text()
SOURCES = {match["name"]: match["source"] for match in BLOCK.finditer(TEXT)}
SESSIONS = [(match["arguments"], match["output"]) for match in SESSION.finditer(TEXT)]


def test_the_page_has_sessions() -> None:
    assert len(SESSIONS) >= 5
    assert {shlex.split(arguments)[-1] for arguments, _ in SESSIONS} <= set(SOURCES)


@pytest.mark.parametrize(
    ("arguments", "output"), SESSIONS, ids=[shlex.split(a)[-1] for a, _ in SESSIONS]
)
def test_session(
    arguments: str,
    output: str,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    *options, name = shlex.split(arguments)
    directory = tmp_path_factory.mktemp("page")
    (directory / name).write_text(SOURCES[name])
    monkeypatch.chdir(directory)
    monkeypatch.setenv("MYPYPATH", str(EXAMPLES))

    stdout, stderr, _ = api.run(
        [
            "--config-file",
            str(EXAMPLES / "mypy.ini"),
            "--cache-dir",
            str(tmp_path_factory.getbasetemp() / "page-cache"),
            *options,
            name,
        ]
    )

    assert stderr == ""
    assert stdout == output
