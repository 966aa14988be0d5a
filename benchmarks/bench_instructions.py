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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import performance_page
from bench_dispatch import FIELDS, TARGETS, Payload, Sender, receivers, sends
from performance_page import target_row

from typedsignals import Signal

SENDS = 2_000
TOTALS = re.compile(r"^(?:summary|totals): (\d+)", re.M)
FLOOR_RECEIVERS = (1, 10)


class _SendStub:
    """A method with ``Signal.send``'s signature that does nothing: what calling it costs."""

    def send(self, /, sender: Any, *payload: Any, **fields: Any) -> list[Any]:
        return []


def floor_parts() -> dict[str, Callable[[], Any]]:
    """What any send must do, each part alone at its cheapest: calling ``send`` with the
    benchmark's ``(Sender, **FIELDS)``, validating the fields (the typed-dict validator
    ``send`` uses) or checking their keys (``validate=False`` still refuses unknown keys),
    and building the ``[(receiver, response)]`` list (in C, by ``zip``; ``floor_rows`` takes
    what each response adds). The receiver calls are the *direct keyword calls* cases."""
    spec = Signal[Payload]().payload_spec
    assert spec is not None
    assert spec.validate_fields is not None
    validate, names = spec.validate_fields, frozenset(spec.field_names)
    stub = _SendStub()
    parts: dict[str, Callable[[], Any]] = {
        "floor: nothing": lambda: None,
        "floor: the send call": lambda: stub.send(Sender, **FIELDS),
        "floor: typed-dict validation": lambda: validate(FIELDS),
        # The cheapest test that the keys are the fields': lower than the tuple compare
        # validate=False sends make (which also fixes the order), so the floor stays a bound.
        "floor: key check": lambda: names.issuperset(FIELDS),
    }
    for count in FLOOR_RECEIVERS:
        parts[f"floor: responses, {count}"] = responses_in_c(count)
    return parts


def responses_in_c(count: int) -> Callable[[], Any]:
    funcs, nothing = receivers(count), [None] * count
    return lambda: list(zip(funcs, nothing, strict=True))


def floor_rows(per_send: dict[str, float]) -> list[str]:
    """Per target on sends with receivers: the least any send could cost (the sum of the
    floor parts, each without the harness' own cost), and that floor's ratio to the peer."""
    harness = per_send["floor: nothing"]

    def part(name: str) -> float:
        return per_send[f"floor: {name}"] - harness

    # Per receiver: what a list of 10 responses costs more than a list of 1, over 9 (the
    # empty list itself is in the send call's part: the stub returns one).
    first, last = FLOOR_RECEIVERS
    per_response = (part(f"responses, {last}") - part(f"responses, {first}")) / (last - first)
    rows = []
    for label, ours, theirs, limit in TARGETS:
        validated = ours.startswith("typedsignals, ")
        if not (validated or ours.startswith("typedsignals validate=False, ")):
            continue
        count = int(ours.rpartition(", ")[2])
        checking = part("typed-dict validation" if validated else "key check")
        calls = per_send[f"direct keyword calls, {count}"] - per_send["direct keyword calls, 0"]
        responses = count * per_response
        floor = per_send["floor: the send call"] + checking + calls + responses
        ratio = floor / per_send[theirs]
        rows.append(
            f"| {label} | {per_send[ours]:,.0f} | {floor:,.0f} | {ratio:.2f}x | <= {limit}x "
            f"| {'yes' if ratio <= limit else '**no**'} |"
        )
    return rows


def run_cases() -> None:
    """Under callgrind: run every case; callgrind dumps one profile per case, in this order."""
    cases = sends() | floor_parts()
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
    lines += [
        "",
        "| target | measured | floor | floor / peer | limit | reachable |",
        "|---|---:|---:|---:|---:|:-:|",
        *floor_rows(per_send),
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
        "The *floor* cases measure what any send must do, each part alone at its cheapest: "
        "the call `signal.send(Sender, **FIELDS)` into a method that returns at once, the "
        "typed-dict validation (or, for `validate=False`, the unknown-key check), and what "
        "each response adds to the `[(receiver, response)]` list, built in C. With the "
        "*direct keyword calls* (a receiver taking `**kwargs` builds that dict on every call, "
        "whoever calls it), their sum is the least a send can cost; the last table sets it "
        "against each target.\n\n"
        f"{table}\n",
    )
    print(f"\nwritten to {performance_page.DOCS_PAGE}")


if __name__ == "__main__":
    run_cases() if "--cases" in sys.argv else main()
