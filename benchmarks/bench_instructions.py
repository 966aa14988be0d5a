"""Instructions per send under callgrind: the dispatch benchmark's ratios, free of timing noise.

Timings on a shared virtual machine drift by 20-50 % between runs, enough to flip a ratio
target; instruction counts do not drift. ``make bench-instructions`` runs this file under
``valgrind --tool=callgrind``: each case from ``bench_dispatch.sends()`` runs ``SENDS`` times
inside ``collections.deque(..., maxlen=0)``, callgrind counts only inside CPython's
``consume_iterator`` (the loop that deque runs) and dumps a profile after each case, and the
main process prints instructions per operation and the ratios the targets constrain.
Instructions are not time (a cache miss costs more than an add), so this complements the
pyperf table rather than replacing it.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path

import performance_page
from bench_dispatch import TARGETS, sends
from performance_page import target_row

SENDS = 2_000
TOTALS = re.compile(r"^(?:summary|totals): (\d+)", re.M)


def run_cases() -> None:
    """Under callgrind: run every case; callgrind dumps one profile per case, in this order."""
    cases = sends()
    for name, send in cases.items():
        send()  # warm up: caches, lazily built validators
        deque(itertools.starmap(send, itertools.repeat((), SENDS)), maxlen=0)
        print(name, flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "callgrind.out"
        completed = subprocess.run(
            [
                "valgrind", "--tool=callgrind", "--collect-atstart=no",
                "--toggle-collect=consume_iterator", "--dump-after=consume_iterator",
                f"--callgrind-out-file={out}", sys.executable, __file__, "--cases",
            ],
            capture_output=True, text=True, check=True,
            # String hashes decide dict probe sequences: a fixed seed gives the same counts.
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )  # fmt: skip
        names = completed.stdout.split("\n")[:-1]
        dumps = sorted(Path(directory).glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
        per_send = {
            name: int(TOTALS.search(dump.read_text())[1]) / SENDS  # type: ignore[index]
            for name, dump in zip(names, dumps, strict=True)
        }
    lines = ["| case | instructions per operation |", "|---|---:|"]
    lines += [f"| {name} | {count:,.0f} |" for name, count in per_send.items()]
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|:-:|"]
    lines += [
        target_row(label, per_send[ours] / per_send[theirs], limit)
        for label, ours, theirs, limit in TARGETS
        if ours in per_send  # asend is not a synchronous case
    ]
    table = "\n".join(lines)
    print(table)
    performance_page.write_section(
        "bench_instructions.py",
        "## Instructions per send\n\n"
        "The same cases counted in CPU instructions under callgrind "
        "(`make bench-instructions`, `benchmarks/bench_instructions.py`, "
        f"{SENDS:,} operations per case). Timings on a shared virtual machine drift by "
        "20-50 % between runs, enough to flip a ratio; instruction counts do not. They are "
        "not time either (a cache miss costs more than an add): read both tables.\n\n"
        f"{table}\n",
    )
    print(f"\nwritten to {performance_page.DOCS_PAGE}")


if __name__ == "__main__":
    run_cases() if "--cases" in sys.argv else main()
