"""A batch harness for the plugin: one mypy run over many files, expectations in comments.

A line's expected messages follow it in pytest-mypy-plugins' syntax, so a case can move to a
YAML file as it is: ``code  # E: message  [code]  # N: note``. Every error and note mypy
prints for a file must be expected, and every expectation printed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from mypy import api

HERE = Path(__file__).parent
CASES = HERE / "cases"
CONFIGS = HERE / "configs"

_EXPECTATION = re.compile(r"\s*# (?P<kind>[EN]): ")
_OUTPUT = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*)$")

Message = tuple[int, str]
"""``(line, "E: message  [code]")``."""


def expected_messages(path: Path) -> list[Message]:
    """The messages a case file expects, in file order."""
    expected = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        parts = _EXPECTATION.split(line)
        # parts: [code, kind, message, kind, message, ...]
        for kind, message in zip(parts[1::2], parts[2::2], strict=True):
            expected.append((number, f"{kind}: {message.strip()}"))
    return expected


OPTIONS = [
    "--show-absolute-path",
    "--no-error-summary",
    "--no-pretty",
    "--hide-error-context",
    # Case files are top-level modules (cases/ is no package) that import `payloads`.
    "--no-namespace-packages",
]


def run_mypy(
    files: list[Path], config: Path, cache_dir: Path, *options: str
) -> tuple[dict[Path, list[Message]], str]:
    """Run mypy once over ``files``; return each file's messages and mypy's whole output."""
    stdout, stderr, status = api.run(
        ["--config-file", str(config), "--cache-dir", str(cache_dir), *OPTIONS, *options]
        + [str(file) for file in files]
    )
    assert status in (0, 1), f"mypy crashed (status {status}):\n{stdout}\n{stderr}"
    return _messages(stdout), stdout


def run_dmypy(
    files: list[Path], config: Path, status_file: Path, *options: str
) -> tuple[dict[Path, list[Message]], str]:
    """The same under mypy's daemon (started for this run, killed afterwards)."""
    command = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(status_file)]
    try:
        result = subprocess.run(
            [*command, "run", "--", "--config-file", str(config), *OPTIONS, *options]
            + [str(file) for file in files],
            capture_output=True,
            text=True,
            check=False,
            cwd=files[0].parent,
        )
    finally:
        subprocess.run([*command, "kill"], capture_output=True, check=False)
    output = "".join(
        line
        for line in result.stdout.splitlines(keepends=True)
        if not line.startswith("Daemon started")
    )
    assert result.returncode in (0, 1), f"dmypy failed:\n{result.stdout}\n{result.stderr}"
    return _messages(output), output


def _messages(stdout: str) -> dict[Path, list[Message]]:
    messages: dict[Path, list[Message]] = defaultdict(list)
    for line in stdout.splitlines():
        match = _OUTPUT.match(line)
        assert match, f"unexpected mypy output line: {line!r}"
        kind = "E" if match["severity"] == "error" else "N"
        messages[Path(match["path"]).resolve()].append(
            (int(match["line"]), f"{kind}: {match['message']}")
        )
    return dict(messages)
