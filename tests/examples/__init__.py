"""The examples, as `make demo` runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parents[2] / "examples"


def run_example(*arguments: str) -> subprocess.CompletedProcess[str]:
    """``python ARGUMENTS`` in examples/, as `make demo` runs it; raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, *arguments], cwd=EXAMPLES, capture_output=True, text=True, check=True
    )
