"""docs/performance.md: bench_dispatch.py writes the page's head; every other benchmark its own
section, marked by comments, which later runs of any benchmark keep."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path

DOCS_PAGE = Path(__file__).parents[1] / "docs" / "performance.md"
SECTIONS_START = "<!-- written by benchmarks/"
"""Where the benchmarks' own sections begin: bench_dispatch.py keeps the page from here on."""


def write_section(script: str, section: str) -> None:
    """Put ``section`` (markdown) on the page as ``script``'s, replacing its last one."""
    start = f"{SECTIONS_START}{script} -->"
    end = f"<!-- end of benchmarks/{script} -->"
    marked = f"{start}\n{section.rstrip()}\n{end}\n"
    page = DOCS_PAGE.read_text()
    if start in page and end in page:
        before, _, rest = page.partition(start)
        _, _, after = rest.partition(end + "\n")
        page = before + marked + after
    else:
        page = page.rstrip("\n") + "\n\n" + marked
    DOCS_PAGE.write_text(page)


def machine(*packages: str) -> str:
    """The machine, the interpreter, and the versions of ``packages``."""
    versions = "".join(f", {name} {version(name)}" for name in packages)
    return (
        f"{os.cpu_count()} cores ({platform.machine()}), {platform.system()} "
        f"{platform.release()}, CPython {platform.python_version()}{versions}"
    )


def target_row(label: str, measured: float, limit: float, unit: str = "x") -> str:
    """One row of a ``| target | measured | limit | met |`` table."""
    met = "yes" if measured <= limit else "**no**"
    return f"| {label} | {measured:.2f}{unit} | <= {limit}{unit} | {met} |"
