"""docs/performance.md: bench_dispatch.py writes the page's head; every other benchmark its own
section, marked by comments, which later runs of any benchmark keep."""

from __future__ import annotations

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
