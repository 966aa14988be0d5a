"""A batch harness for the plugin: one mypy run over many files, expectations in comments.

A line's expected messages follow it in pytest-mypy-plugins' syntax, so a case can move to a
YAML file as it is: ``code  # E: message  [code]  # N: note``. Every error and note mypy
prints for a file must be expected, and every expectation printed.
"""

from __future__ import annotations

import re
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


def run_mypy(
    files: list[Path], config: Path, cache_dir: Path, *options: str
) -> tuple[dict[Path, list[Message]], str]:
    """Run mypy once over ``files``; return each file's messages and mypy's whole output."""
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(cache_dir),
            "--show-absolute-path",
            "--no-error-summary",
            "--no-pretty",
            "--hide-error-context",
            # Case files are top-level modules (cases/ is no package) that import `payloads`.
            "--no-namespace-packages",
            *options,
            *map(str, files),
        ]
    )
    assert status in (0, 1), f"mypy crashed (status {status}):\n{stdout}\n{stderr}"
    messages: dict[Path, list[Message]] = defaultdict(list)
    for line in stdout.splitlines():
        match = _OUTPUT.match(line)
        assert match, f"unexpected mypy output line: {line!r}"
        kind = "E" if match["severity"] == "error" else "N"
        messages[Path(match["path"]).resolve()].append(
            (int(match["line"]), f"{kind}: {match['message']}")
        )
    return dict(messages), stdout
