"""typedsignals against direct calls, django.dispatch, blinker and psygnal, in one pyperf run.

``make bench`` runs this file. pyperf measures each case in worker processes; the main process
then prints the table of per-send medians, checks the ratio targets, and writes the table to
docs/performance.md (unless ``--no-write``). Extra pyperf options pass through
(``--fast``, ``--rigorous``, ``-o results.json``).
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

import blinker
import psygnal
import pyperf
from django.dispatch import Signal as DjangoSignal
from performance_page import DOCS_PAGE, SECTIONS_START, machine, target_row
from pydantic import BaseModel, Field

from typedsignals import Signal

RECEIVER_COUNTS = (0, 1, 10, 100)
PEERS = ("typedsignals", "pydantic", "django", "blinker", "psygnal")
TARGETS = [
    ("validated send, 1 receiver / Django", "typedsignals, 1", "django, 1", 0.75),
    ("validated send, 10 receivers / Django", "typedsignals, 10", "django, 10", 0.45),
    ("validated send, 10 receivers / psygnal", "typedsignals, 10", "psygnal, 10", 1.0),
    ("validated send, 0 receivers / pydantic", "typedsignals, 0", "validation alone", 1.3),
    ("validate=False, 1 receiver / Django", "typedsignals validate=False, 1", "django, 1", 0.6),
    (
        "validate=False, 10 receivers / Django",
        "typedsignals validate=False, 10",
        "django, 10",
        0.35,
    ),
    ("validate=False, 0 receivers / Django", "typedsignals validate=False, 0", "django, 0", 1.0),
    (
        "sender filtering (100 senders) / Django use_caching",
        "filter: typedsignals use_caching",
        "filter: django use_caching",
        1.0,
    ),
    (
        "asend, 10 async receivers / Django",
        "asend 10 async: typedsignals",
        "asend 10 async: django",
        1.0,
    ),
    (
        "connect + disconnect / Django",
        "connect+disconnect: typedsignals",
        "connect+disconnect: django",
        1.5,
    ),
]
"""The issue's ratio targets: (label, our case, the peer's case, the highest ratio allowed)."""


class Payload(BaseModel):
    """The benchmark payload: three fields, as the performance issue specifies."""

    toppings: list[str] = Field(description="Toppings.")
    size: int = Field(description="Diameter.")
    name: str = Field(description="Customer.")


FIELDS: dict[str, Any] = {"toppings": ["ham", "olives"], "size": 30, "name": "Ada"}


class Sender:
    """The sender of every send."""


def keyword_receiver(sender: Any = None, **kwargs: Any) -> None:
    """What a Django-style receiver does with the payload: nothing, as fast as possible."""


def positional_receiver(toppings: list[str], size: int, name: str) -> None:
    """psygnal calls its slots with positional arguments."""


async def async_receiver(sender: Any = None, **kwargs: Any) -> None:
    """An async receiver that does no I/O."""


def receivers(
    count: int, template: Callable[..., Any] = keyword_receiver
) -> list[Callable[..., Any]]:
    """``count`` distinct functions (each its own object, as real receivers are)."""
    return [type(template)(template.__code__, template.__globals__, f"r{i}") for i in range(count)]


class PsygnalEmitter:
    changed = psygnal.Signal(list, int, str)


# -- the send cases -----------------------------------------------------------------------


def time_loop(send: Callable[[], Any]) -> Callable[[int], float]:
    def run(loops: int) -> float:
        started = pyperf.perf_counter()
        for _ in range(loops):
            send()
        return pyperf.perf_counter() - started

    return run


def direct_calls(count: int) -> Callable[[], Any]:
    funcs = receivers(count)

    def send() -> None:
        for func in funcs:
            func(signal=None, sender=Sender, **FIELDS)

    return send


def direct_keyword_calls(count: int) -> Callable[[], Any]:
    """The floor for keyword receivers: each call spelt out, as typedsignals' generated
    caller makes it (each receiver still builds its ``**kwargs`` dict)."""
    funcs = receivers(count)
    toppings, size, name = FIELDS["toppings"], FIELDS["size"], FIELDS["name"]

    def send() -> None:
        for func in funcs:
            func(signal=None, sender=Sender, toppings=toppings, size=size, name=name)

    return send


def django_send(count: int, *, use_caching: bool = False) -> Callable[[], Any]:
    signal = DjangoSignal(use_caching=use_caching)
    for func in receivers(count):
        signal.connect(func, weak=False)
    return lambda: signal.send(Sender, **FIELDS)


def blinker_send(count: int) -> Callable[[], Any]:
    signal = blinker.Signal()
    for func in receivers(count):
        signal.connect(func, weak=False)
    return lambda: signal.send(Sender, **FIELDS)


def psygnal_emit(count: int) -> Callable[[], Any]:
    emitter = PsygnalEmitter()
    for func in receivers(count, positional_receiver):
        emitter.changed.connect(func)
    return lambda: emitter.changed.emit(["ham", "olives"], 30, "Ada")


def typed_send(count: int, *, validate: bool = True) -> Callable[[], Any]:
    signal = Signal[Payload](validate=validate)
    for func in receivers(count):
        signal.connect(func, weak=False)
    return lambda: signal.send(Sender, **FIELDS)


def validation_alone() -> Callable[[], Any]:
    validator = Payload.__pydantic_validator__
    return lambda: validator.validate_python(FIELDS)


SENDERS = [type(f"Sender{i}", (), {}) for i in range(100)]


def filtered_django(*, use_caching: bool) -> Callable[[], Any]:
    signal = DjangoSignal(use_caching=use_caching)
    for sender, func in zip(SENDERS, receivers(len(SENDERS)), strict=True):
        signal.connect(func, sender=sender, weak=False)
    target = SENDERS[50]
    return lambda: signal.send(target, **FIELDS)


def filtered_blinker() -> Callable[[], Any]:
    signal = blinker.Signal()
    for sender, func in zip(SENDERS, receivers(len(SENDERS)), strict=True):
        signal.connect(func, sender=sender, weak=False)
    target = SENDERS[50]
    return lambda: signal.send(target, **FIELDS)


def filtered_typed(*, use_caching: bool) -> Callable[[], Any]:
    signal = Signal[Payload](use_caching=use_caching)
    for sender, func in zip(SENDERS, receivers(len(SENDERS)), strict=True):
        signal.connect(func, sender=sender, weak=False)
    target = SENDERS[50]
    return lambda: signal.send(target, **FIELDS)


def connect_disconnect(make_signal: Callable[[], Any]) -> Callable[[], Any]:
    signal = make_signal()
    for func in receivers(10):  # a signal that already has some receivers
        signal.connect(func, weak=False)
    func = receivers(1)[0]

    def cycle() -> None:
        signal.connect(func)
        signal.disconnect(func)

    return cycle


def psygnal_connect_disconnect() -> Callable[[], Any]:
    emitter = PsygnalEmitter()
    for func in receivers(10, positional_receiver):
        emitter.changed.connect(func)
    func = receivers(1, positional_receiver)[0]

    def cycle() -> None:
        emitter.changed.connect(func)
        emitter.changed.disconnect(func)

    return cycle


def asend_loop(make_send: Callable[[], Any]) -> Callable[[int], float]:
    def run(loops: int) -> float:
        asend = make_send()

        async def many() -> float:
            started = pyperf.perf_counter()
            for _ in range(loops):
                await asend()
            return pyperf.perf_counter() - started

        return asyncio.run(many())

    return run


def django_asend() -> Callable[[], Any]:
    signal = DjangoSignal()
    for func in receivers(10, async_receiver):
        signal.connect(func, weak=False)
    return lambda: signal.asend(Sender, **FIELDS)


def typed_asend() -> Callable[[], Any]:
    signal = Signal[Payload]()
    for func in receivers(10, async_receiver):
        signal.connect(func, weak=False)
    return lambda: signal.asend(Sender, **FIELDS)


def sends() -> dict[str, Callable[[], Any]]:
    """Every synchronous case as a call that does one operation, by the name the table uses."""
    timed: dict[str, Callable[[], Any]] = {"validation alone": validation_alone()}
    for count in RECEIVER_COUNTS:
        timed |= {
            f"direct calls, {count}": direct_calls(count),
            f"direct keyword calls, {count}": direct_keyword_calls(count),
            f"django, {count}": django_send(count),
            f"django use_caching, {count}": django_send(count, use_caching=True),
            f"blinker, {count}": blinker_send(count),
            f"psygnal, {count}": psygnal_emit(count),
            f"typedsignals, {count}": typed_send(count),
            f"typedsignals validate=False, {count}": typed_send(count, validate=False),
        }
    timed |= {
        "filter: django": filtered_django(use_caching=False),
        "filter: django use_caching": filtered_django(use_caching=True),
        "filter: blinker": filtered_blinker(),
        "filter: typedsignals": filtered_typed(use_caching=False),
        "filter: typedsignals use_caching": filtered_typed(use_caching=True),
        "connect+disconnect: django": connect_disconnect(DjangoSignal),
        "connect+disconnect: blinker": connect_disconnect(blinker.Signal),
        "connect+disconnect: psygnal": psygnal_connect_disconnect(),
        "connect+disconnect: typedsignals": connect_disconnect(Signal[Payload]),
    }
    return timed


def cases() -> dict[str, Callable[[int], float]]:
    """Every timed case, by the name the table uses."""
    loops = {name: time_loop(send) for name, send in sends().items()}
    loops["asend 10 async: django"] = asend_loop(django_asend)
    loops["asend 10 async: typedsignals"] = asend_loop(typed_asend)
    return loops


# -- memory -------------------------------------------------------------------------------


def bytes_per_receiver(connect: Callable[[Callable[..., Any]], Any], count: int = 5_000) -> float:
    """Memory a signal holds per connected (weak) receiver, receivers themselves excluded."""
    funcs = receivers(count)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for func in funcs:
        connect(func)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    return grown / count


def memory() -> dict[str, float]:
    django, typed, blink = DjangoSignal(), Signal[Payload](), blinker.Signal()
    emitter = PsygnalEmitter()
    return {
        "django": bytes_per_receiver(django.connect),
        "blinker": bytes_per_receiver(blink.connect),
        "psygnal": bytes_per_receiver(emitter.changed.connect),
        "typedsignals": bytes_per_receiver(typed.connect),
    }


# -- the report ---------------------------------------------------------------------------


def report(medians: dict[str, float], bytes_each: dict[str, float]) -> str:
    """The markdown table of medians, the ratio targets, and whether each is met."""
    us = {name: seconds * 1e6 for name, seconds in medians.items()}
    lines = [
        "| receivers | direct calls | direct keyword calls | django | django use_caching "
        "| blinker | psygnal | typedsignals | typedsignals validate=False |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    contenders = (
        "direct calls",
        "direct keyword calls",
        "django",
        "django use_caching",
        "blinker",
        "psygnal",
        "typedsignals",
        "typedsignals validate=False",
    )
    for count in RECEIVER_COUNTS:
        cells = " | ".join(f"{us[f'{name}, {count}']:.2f}" for name in contenders)
        lines.append(f"| {count} | {cells} |")
    lines += ["", "| case | µs per operation |", "|---|---:|"]
    lines += [f"| {name} | {value:.2f} |" for name, value in us.items() if ", " not in name]
    lines += ["", "| memory per connected receiver | bytes |", "|---|---:|"]
    lines += [f"| {name} | {value:.0f} |" for name, value in bytes_each.items()]
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|:-:|"]
    lines += [
        target_row(label, us[ours] / us[theirs], limit) for label, ours, theirs, limit in TARGETS
    ]
    memory_ratio = bytes_each["typedsignals"] / bytes_each["django"]
    lines.append(target_row("memory per receiver / Django", memory_ratio, 1.0))
    return "\n".join(lines)


def write_page(table: str) -> None:
    page = DOCS_PAGE.read_text() if DOCS_PAGE.exists() else ""
    others = page[page.index(SECTIONS_START) :] if SECTIONS_START in page else ""
    DOCS_PAGE.write_text(
        "# Performance\n\n"
        "Medians in microseconds per send (lower is better), all contenders measured side by "
        "side in one `make bench` run (pyperf, worker processes). Absolute times depend on the "
        "machine; the ratios are what the targets constrain.\n\n"
        f"Machine: {machine(*PEERS)}.\n\n"
        f"{table}\n\n"
        "Payload: three fields (`list[str]`, `int`, `str`); receivers are distinct functions "
        "that do nothing, held strongly. Sender filtering: 100 senders, each with its own "
        "receiver. Memory: bytes a signal holds per connected (weak) receiver. *Direct "
        "calls* call each receiver with `**FIELDS`; *direct keyword calls* spell the keywords "
        "out, which is the floor for a receiver taking `**kwargs` (it builds that dict on each "
        "call): psygnal calls its slots positionally, without one.\n\n"
        "How a send stays cheap. `TYPEDSIGNALS_FAST_PATHS=0` switches all of it off for "
        "signals created afterwards; `make test` runs the runtime suite both ways, and "
        "property tests compare the paths over generated models, payloads and receiver "
        "counts.\n\n"
        "- *Validation.* A model whose fields validate on their own (no model validator, "
        '`model_post_init`, custom `__init__`, `extra="allow"` or validated default) is '
        "validated as a typed dict built from its own core schema, without building an "
        "instance: the same field validators, defaults, aliases and config, so the same "
        "values and errors. (pydantic-core's typed-dict validator would call a validated "
        "default's validators without the field's name, hence that exception.) A payload "
        "with no more keys than the model has required fields skips the unknown-key check: "
        "an unknown key there leaves a required field missing, so validation fails, and the "
        "error (and its cause) is the checked path's. Models with aliases always check. "
        "Where a validator omits a field (`PydanticOmit`) or asks for a required one's "
        "default, the model's own validation decides.\n"
        "- *Calls.* Receivers are called through a function generated once per set of field "
        "names and number of receivers, with the keywords spelt out instead of `**arguments` "
        "and, up to 16 receivers, each call written out "
        "(`typedsignals.receiver_calls.caller_source(field_names, count)` shows it; only "
        "field names, checked to be identifiers, and numbers go into it). Receivers held "
        "strongly are called straight from the snapshot taken when they connected; weak ones "
        "are dereferenced at each send.\n"
        "- *The floor.* A receiver taking `**kwargs` builds that dict at every call, and "
        "`send(sender, **fields)` is itself a call with a dict to unpack: the instruction "
        "section below sets each target against the least any send can cost.\n"
        + (f"\n{others}" if others else "")
    )


def main() -> None:
    write = "--no-write" not in sys.argv
    if not write:
        sys.argv.remove("--no-write")
    runner = pyperf.Runner(processes=4, values=3, warmups=1)
    medians: dict[str, float] = {}
    for name, run in cases().items():
        benchmark = runner.bench_time_func(name, run)
        if benchmark is not None and not runner.args.worker:
            medians[name] = benchmark.median()
    if runner.args.worker or not medians:
        return
    table = report(medians, memory())
    print(table)
    if write:
        write_page(table)
        print(f"\nwritten to {DOCS_PAGE}")


if __name__ == "__main__":
    main()
