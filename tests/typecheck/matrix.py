"""The type-check matrix: the corpus (tests/typecheck/corpus) under six checkers.

``bad.py`` marks each line that should be reported with ``# expect: <checkers>``; ``good.py``
must be clean everywhere. Each checker runs on both files from the repository root, with the
project's interpreter; a checker passes when it reports exactly the expected lines.

``python -m tests.typecheck.matrix`` runs them all and prints what each reported;
``--write-docs`` writes the table of what each checker catches into docs/static-checking.md,
between the markers (the table is built from the expectations the tests verify).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = [CORPUS / "good.py", CORPUS / "bad.py"]
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "static-checking.md"
BEGIN, END = "<!-- typecheck-matrix: begin -->", "<!-- typecheck-matrix: end -->"

Reports = dict[tuple[str, int], list[str]]


def _mypy(output: str) -> Reports:
    found: Reports = {}
    for match in re.finditer(r"^(\S+?\.py):(\d+): error: (.*)$", output, re.MULTILINE):
        found.setdefault((Path(match[1]).name, int(match[2])), []).append(match[3])
    return found


def _pyright(output: str) -> Reports:
    found: Reports = {}
    for diagnostic in json.loads(output)["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            key = (Path(diagnostic["file"]).name, diagnostic["range"]["start"]["line"] + 1)
            found.setdefault(key, []).append(diagnostic["message"].splitlines()[0])
    return found


def _ty(output: str) -> Reports:
    found: Reports = {}
    for match in re.finditer(r"^(\S+?\.py):(\d+):\d+: error(\[\S+\] .*)$", output, re.MULTILINE):
        found.setdefault((Path(match[1]).name, int(match[2])), []).append(match[3])
    return found


def _pyrefly(output: str) -> Reports:
    found: Reports = {}
    for match in re.finditer(r"^ERROR (\S+?\.py):(\d+):\S+ (.*)$", output, re.MULTILINE):
        found.setdefault((Path(match[1]).name, int(match[2])), []).append(match[3])
    return found


@dataclass(frozen=True)
class Checker:
    name: str
    command: list[str]
    parse: Callable[[str], Reports]
    title: str


_PYRIGHT_ARGS = ["--outputjson", "--pythonpath", sys.executable]
CHECKERS = [
    Checker(
        "mypy-plugin",
        [str(BIN / "mypy"), "--config-file", str(CORPUS.parent / "mypy-plugin.ini")],
        _mypy,
        "mypy + plugin",
    ),
    Checker(
        "mypy",
        [str(BIN / "mypy"), "--config-file", str(CORPUS.parent / "mypy.ini")],
        _mypy,
        "mypy",
    ),
    Checker("pyright", [str(BIN / "pyright"), *_PYRIGHT_ARGS], _pyright, "pyright"),
    Checker(
        "basedpyright",
        [str(BIN / "basedpyright"), *_PYRIGHT_ARGS, "-p", str(CORPUS.parent / "basedpyright.json")],
        _pyright,
        "basedpyright",
    ),
    Checker(
        "ty",
        [str(BIN / "ty"), "check", "--output-format", "concise", "--python", sys.executable],
        _ty,
        "ty",
    ),
    Checker(
        "pyrefly",
        [
            *(str(BIN / "pyrefly"), "check", "--preset", "default", "--output-format"),
            *("min-text", "--python-interpreter-path", sys.executable),
        ],
        _pyrefly,
        "pyrefly",
    ),
]
NAMES = [checker.name for checker in CHECKERS]


_EXPECT = re.compile(r"^(?P<code>\s*\S.*?)  # expect: (?P<checkers>.+)$")


@dataclass(frozen=True)
class Expectation:
    line: int
    code: str
    checkers: frozenset[str]
    comment: str


def expectations() -> list[Expectation]:
    """``bad.py``'s ``# expect:`` lines, each with the checkers that must report it."""
    found = []
    lines = (CORPUS / "bad.py").read_text().splitlines()
    for number, text in enumerate(lines, start=1):
        match = _EXPECT.match(text)
        if match is None:
            continue
        code, words = match["code"], match["checkers"].split()
        checkers = set(NAMES) if words[0] == "all" else {words[0]}
        for word in words[1:]:
            checkers.discard(word.removeprefix("-"))
        comment = lines[number - 2].strip() if lines[number - 2].strip().startswith("#") else ""
        found.append(Expectation(number, code.strip(), frozenset(checkers), comment))
    return found


def run(checker: Checker) -> Reports:
    """What ``checker`` reports on the corpus, by (file name, line)."""
    env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1", "NO_COLOR": "1"}
    result = subprocess.run(
        [*checker.command, *map(str, FILES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return checker.parse(result.stdout)


def differences(checker: Checker, reports: Reports) -> list[str]:
    """Expected reports ``checker`` missed, and reports nobody expected (false positives)."""
    expected = {("bad.py", e.line) for e in expectations() if checker.name in e.checkers}
    problems = [f"bad.py:{line}: not reported" for _, line in sorted(expected - set(reports))]
    for key in sorted(set(reports) - expected):
        problems.append(f"{key[0]}:{key[1]}: unexpected: {'; '.join(reports[key])}")
    return problems


def table() -> str:
    """The Markdown table of which checker reports which mistake of the corpus."""
    head = "| mistake | " + " | ".join(c.title for c in CHECKERS) + " | note |"
    rows = [head, "|---|" + "---|" * len(CHECKERS) + "---|"]
    for expectation in expectations():
        marks = ("yes" if c.name in expectation.checkers else "no" for c in CHECKERS)
        note = expectation.comment.removeprefix("#").strip()
        rows.append(f"| `{expectation.code}` | " + " | ".join(marks) + f" | {note} |")
    return "\n".join(rows)


def write_docs() -> None:
    text = DOC.read_text()
    before, _, rest = text.partition(BEGIN)
    _, _, after = rest.partition(END)
    DOC.write_text(f"{before}{BEGIN}\n{table()}\n{END}{after}")


def main(argv: list[str]) -> int:
    if "--write-docs" in argv:
        write_docs()
        return 0
    failed = False
    for checker in CHECKERS:
        reports = run(checker)
        problems = differences(checker, reports)
        failed = failed or bool(problems)
        print(f"== {checker.name}: {len(reports)} lines reported, {len(problems)} differences")
        for (name, line), messages in sorted(reports.items()):
            print(f"  {name}:{line}: {messages[0]}")
        for problem in problems:
            print(f"  DIFFERENCE {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
