"""Every Python example in docs/ runs as written, and prints what the page says it prints.

Examples are found and run by pytest-examples: each block runs on its own as ``__main__`` (as
if saved to a file and run with ``python``), and each ``print`` must be followed by a ``#>``
comment holding its output. After editing a page, ``pytest tests/docs --update-examples``
rewrites those comments; read the diff before committing it. A block whose title is a test
file (```` ```py title="test_kitchen.py" ````) is run by pytest instead, and every test in it
must pass.
"""

from __future__ import annotations

import gc
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"


def _is_test_file(example: CodeExample) -> bool:
    return re.fullmatch(r"test_\w+\.py", example.prefix_settings().get("title", "")) is not None


def _is_project_file(example: CodeExample) -> bool:
    """A file of the docs' Django project (``title="orders/models.py"``): it imports only in
    that project, which tests/docs/test_django_project.py builds and checks."""
    return "/" in example.prefix_settings().get("title", "")


CONSOLE_SESSION = re.compile(
    r"```console\n\$ (?P<command>python -m typedsignals [^\n]*)\n(?P<output>.*?)```", re.DOTALL
)
SESSIONS = [
    (page.name, match["command"], match["output"])
    for page in sorted((ROOT / "docs").glob("*.md"))
    for match in CONSOLE_SESSION.finditer(page.read_text())
]
ALL_EXAMPLES = [
    example for example in find_examples(ROOT / "docs") if not _is_project_file(example)
]
SCRIPTS = [example for example in ALL_EXAMPLES if not _is_test_file(example)]
TEST_FILES = [example for example in ALL_EXAMPLES if _is_test_file(example)]


@pytest.fixture(autouse=True)
def pizzeria_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pages use the pizzeria example, as readers do from ``examples/``."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main  # pytest-examples runs each example as __main__
    gc.collect()  # an example's receivers must not outlive it and answer the next one's sends


def test_the_pages_have_examples() -> None:
    pages = {Path(example.path).name for example in ALL_EXAMPLES}
    assert {"getting-started.md", "sending.md", "testing.md", "migrating.md"} <= pages
    assert TEST_FILES


@pytest.mark.parametrize("example", SCRIPTS, ids=str)
def test_example(example: CodeExample, eval_example: EvalExample) -> None:
    eval_example.set_config(line_length=100, target_version="py311")
    if eval_example.update_examples:
        eval_example.run_print_update(example)
    else:
        eval_example.lint_ruff(example)
        eval_example.run_print_check(example)


@pytest.mark.parametrize("example", TEST_FILES, ids=str)
def test_example_test_file(example: CodeExample, pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.syspathinsert(EXAMPLES)
    title = example.prefix_settings()["title"]
    pytester.makepyfile(**{title.removesuffix(".py"): example.source})

    result = pytester.runpytest()

    result.assert_outcomes(passed=example.source.count("\ndef test_"))


@pytest.mark.parametrize(("page", "command", "output"), SESSIONS, ids=[s[1] for s in SESSIONS])
def test_console_session(page: str, command: str, output: str) -> None:
    """A ``$ python -m typedsignals …`` session in a page prints what the page shows."""
    result = subprocess.run(
        [sys.executable, *shlex.split(command)[1:]],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.stdout + result.stderr == output
