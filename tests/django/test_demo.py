"""examples/django_demo, as `make demo` runs it: a typed post_save receiver."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_the_demo_prints_each_save_from_its_typed_receiver() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "django_demo"],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == (
        "post_save: Article 'Typed signals' created (using='default')\n"
        "post_save: Article 'Typed Django signals' updated (using='default')\n"
    )
