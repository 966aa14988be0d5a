"""The pizzeria's reference docs (``make demo``) build with -W -n, and docs/sphinx.md shows
exactly what they render."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_demo_docs_build_cleanly_and_match_the_docs_page(tmp_path: Path) -> None:
    sources = ROOT / "examples" / "pizzeria_docs"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "text", sources, tmp_path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    rendered = (tmp_path / "signals.txt").read_text()
    pizza_done = re.search(
        r"^signal pizzeria\.signals\.pizza_done.*?\n(?=\S)", rendered, re.M | re.S
    )
    assert pizza_done is not None
    page = (ROOT / "docs" / "sphinx.md").read_text()
    shown = re.search(r"```text\n(signal pizzeria\.signals\.pizza_done.*?)```", page, re.S)
    assert shown is not None
    assert shown[1].rstrip() == pizza_done[0].rstrip()
