"""The docs' Django example project, built as a reader builds it, from the pages' own files.

``django-admin startproject mysite .`` and ``manage.py startapp orders`` make the project;
the two apps the pages name go into ``INSTALLED_APPS``; then every block of docs/catalog.md,
docs/sphinx.md and docs/mkdocs.md whose title is a file name
(```` ```py title="orders/models.py" ````) is written to that file. A page's example that stops
working fails the tests that use it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

DOCS = Path(__file__).parents[2] / "docs"

FILE_BLOCK = re.compile(
    r'^```(?P<lang>\w+) title="(?P<title>[^"]+)"\n(?P<body>.*?)^```$', re.DOTALL | re.MULTILINE
)
"""A fenced block with a title. Consoles are titled by the directory they run in (``mysite/``)."""

CONSOLE = re.compile(r"^\$ (?P<command>[^\n]+)\n(?P<output>.*)", re.DOTALL)


def files(page: str) -> dict[str, str]:
    """The project files a page shows: ``{path: content}``."""
    return {
        match["title"]: match["body"]
        for match in FILE_BLOCK.finditer((DOCS / page).read_text())
        if match["lang"] != "console"
    }


def console_sessions(page: str) -> Iterator[tuple[str, str]]:
    """``(command, output)`` of each console session a page runs in the project."""
    for match in FILE_BLOCK.finditer((DOCS / page).read_text()):
        if match["lang"] == "console" and match["title"] == "mysite/":
            session = CONSOLE.fullmatch(match["body"])
            assert session is not None, match["body"]
            yield session["command"], session["output"]


def run(
    command: list[str], cwd: Path, python: str = sys.executable, **env: str
) -> subprocess.CompletedProcess[str]:
    """A command of the reader's: ``python …`` runs ``python`` (default: this interpreter);
    no Django set up."""
    if command[0] == "python":
        command = [python, *command[1:]]
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**_environment(), **env},
    )


def _environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}


def make_project(directory: Path, *pages: str, python: str = sys.executable) -> Path:
    """The orders project in ``directory``, with the files ``pages`` show; returns it.

    ``python`` is the interpreter whose Django makes the project."""
    directory.mkdir(parents=True, exist_ok=True)
    for command in (
        ["python", "-m", "django", "startproject", "mysite", "."],
        ["python", "manage.py", "startapp", "orders"],
    ):
        result = run(command, directory, python)
        assert result.returncode == 0, result.stderr
    settings = directory / "mysite" / "settings.py"
    apps = "    'django.contrib.staticfiles',\n"
    text = settings.read_text()
    assert apps in text
    settings.write_text(
        text.replace(apps, f"{apps}    'typedsignals.contrib.django',\n    'orders',\n")
    )
    for page in ("catalog.md", *pages):
        for path, content in files(page).items():
            target = directory / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content)
    return directory
