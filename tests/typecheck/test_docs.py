"""docs/static-checking.md's plugin-free section shows what pyright, ty and pyrefly print.

Each ``$ pyright``, ``$ ty`` or ``$ pyrefly`` session checks the page's ``editor.py`` block,
saved to a fresh directory, with the project's interpreter; pyrefly with its default preset
(what any configuration file gives). pyright's absolute paths are shown relative, and the
no-break spaces that indent its continuation lines as spaces.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.typecheck.matrix import BIN, DOC

TEXT = DOC.read_text()
SOURCE = re.search(r'^```py title="editor\.py"\n(.*?)^```$', TEXT, re.M | re.S)
SESSIONS = re.findall(
    r"^```console\n\$ ((?:pyright|ty|pyrefly) .*?)\n(.*?)^```$", TEXT, re.M | re.S
)
OPTIONS = {
    "pyright": ["--pythonpath", sys.executable],
    "ty": ["--python", sys.executable],
    "pyrefly": ["--preset", "default", "--python-interpreter-path", sys.executable],
}


def test_the_section_has_its_sessions() -> None:
    assert SOURCE is not None
    assert [shlex.split(command)[0] for command, _ in SESSIONS] == ["pyright", "ty", "pyrefly"]


@pytest.mark.parametrize(("command", "output"), SESSIONS, ids=[c.split()[0] for c, _ in SESSIONS])
def test_session(command: str, output: str, tmp_path: Path) -> None:
    assert SOURCE is not None
    (tmp_path / "editor.py").write_text(SOURCE[1])
    checker, *arguments = shlex.split(command)
    result = subprocess.run(
        [str(BIN / checker), *arguments[:-1], *OPTIONS[checker], *arguments[-1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1", "NO_COLOR": "1"},
        check=False,
    )
    assert result.stdout.replace(f"{tmp_path}/", "").replace("\u00a0", " ") == output
    assert result.returncode == 1
