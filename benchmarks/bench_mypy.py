"""What the mypy plugin costs: mypy over a generated project, with and without typedsignals.mypy.

The project has 200 payload models and signals and 1,000 receivers, connected in every way the
plugin checks, plus a keyword send and a payload-instance send per signal; it is correct, so
both runs must pass. Two measures, each the median of ``--runs`` mypy processes per
configuration (alternated, the order flipped every run, so drift hits both alike), as CPU time
(user + system, what the plugin's work adds even on a busy machine) and wall time:

- cold: an empty cache, as on a fresh CI machine (mypy also analyses pydantic and the stdlib).
  The target applies to its CPU time: the plugin adds at most 10% (``--target``).
- project: the libraries come from a warm cache, so the time is mostly the project's own.
- warm: everything comes from the cache (a second run with nothing changed), so the time is
  mostly mypy's start-up and the plugin's fixed cost: loading it imports mypy's modules and the
  plugin's own, not the ``typedsignals`` runtime (pydantic, asyncio …).

``make bench`` runs this file after bench_dispatch.py. It prints the table and writes it to its
own section of docs/performance.md (unless ``--no-write``), leaving the rest of the page alone.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import attrs
import performance_page

SIGNALS = 200
RECEIVERS_PER_SIGNAL = 5
MODULES = 20
CONFIGURATIONS = {"without plugin": "", "with plugin": "plugins = typedsignals.mypy\n"}
MEASURES = ("cold", "project", "warm")


def model_source(index: int) -> str:
    return f'''

class Payload{index}(BaseModel):
    """Payload of signal {index}."""

    order_id: int = Field(gt=0)
    toppings: list[str] = Field(default_factory=list)
    size: int = Field(default=30, alias="diameter")
    note: str | None = Field(default=None)
    price: float = Field(default=9.5)


signal_{index} = Signal[Payload{index}](sender=Store, doc="Signal {index}.")
'''


def receivers_source(index: int, module: int) -> str:
    other = f"signals_{module}.signal_{index - 1 if index % 10 else index + 1}"
    sig = f"signals_{module}.signal_{index}"
    return f"""

@receiver({sig}, sender=Store)
def box_{index}(sender: type[Store], order_id: int, size: int, **kwargs: Any) -> str:
    return f"{{order_id}}: {{size}}"


@{sig}.connect
def log_{index}(signal: Any, sender: object, toppings: list[str], **kwargs: Any) -> None: ...


@{sig}.connect(sender=Store, weak=False)
def price_{index}(sender: Any, price: float, note: str | None = None, **kwargs: Any) -> float:
    return price


@receiver([{sig}, {other}])
def audit_{index}(sender: Any, order_id: int, **kwargs: Any) -> None: ...


def count_{index}(sender: Any, **kwargs: Any) -> int:
    return len(kwargs)


{sig}.connect(count_{index})


def send_{index}() -> None:
    {sig}.send(Store, order_id=1, toppings=["ham"], diameter=32)
    {sig}.send(Store, signals_{module}.Payload{index}(order_id=2))
"""


def generate(root: Path) -> list[Path]:
    """Write the project under ``root``; return its files."""
    package = root / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "store.py").write_text('class Store:\n    """Sends every signal."""\n')
    per_module = SIGNALS // MODULES
    for module in range(MODULES):
        indexes = range(module * per_module, (module + 1) * per_module)
        signals = (
            "from pydantic import BaseModel, Field\n\nfrom shop.store import Store\n"
            "from typedsignals import Signal\n"
        )
        (package / f"signals_{module}.py").write_text(
            signals + "".join(model_source(index) for index in indexes)
        )
        receivers = (
            f"from typing import Any\n\nfrom shop import signals_{module}\n"
            "from shop.store import Store\nfrom typedsignals import receiver\n"
        )
        (package / f"receivers_{module}.py").write_text(
            receivers + "".join(receivers_source(index, module) for index in indexes)
        )
    return sorted(package.glob("*.py"))


@attrs.frozen
class Timing:
    """One mypy process: wall time and CPU time (user + system), in seconds."""

    wall: float
    cpu: float


def run_mypy(files: list[Path], config: Path, cache: Path) -> Timing:
    """Time one mypy process; the project must type-check."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache)]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"mypy failed on the generated project:\n{result.stdout}{result.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Timing(wall=wall, cpu=cpu)


def measure(runs: int) -> dict[tuple[str, str], list[Timing]]:
    """``(measure, configuration) -> timings`` over a freshly generated project."""
    times: dict[tuple[str, str], list[Timing]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-mypy-") as directory:
        root = Path(directory)
        files = generate(root)
        configs = {}
        warm = {}
        for name, plugins in CONFIGURATIONS.items():
            config = configs[name] = root / f"{name.replace(' ', '-')}.ini"
            config.write_text(f"[mypy]\nstrict = true\n{plugins}")
            # The warm cache holds the libraries only: the project is not in it.
            warm[name] = root / f"warm-{config.stem}"
            library_user = root / f"libraries_{config.stem.replace('-', '_')}.py"
            library_user.write_text("import pydantic\nimport typedsignals\n")
            run_mypy([library_user], config, warm[name])
        for run in range(runs):
            order = list(configs) if run % 2 == 0 else list(reversed(configs))
            for name in order:
                empty = root / f"cold-{run}-{configs[name].stem}"
                times.setdefault(("cold", name), []).append(run_mypy(files, configs[name], empty))
                times.setdefault(("warm", name), []).append(run_mypy(files, configs[name], empty))
                warmed = root / f"project-{run}-{configs[name].stem}"
                shutil.copytree(warm[name], warmed)
                times.setdefault(("project", name), []).append(
                    run_mypy(files, configs[name], warmed)
                )
    return times


def medians(
    times: dict[tuple[str, str], list[Timing]], measure: str, clock: str
) -> tuple[float, float]:
    """The medians without and with the plugin; ``clock`` is ``"cpu"`` or ``"wall"``."""
    without, with_plugin = (
        statistics.median(
            timing.cpu if clock == "cpu" else timing.wall for timing in times[(measure, name)]
        )
        for name in CONFIGURATIONS
    )
    return without, with_plugin


def overhead(times: dict[tuple[str, str], list[Timing]], measure: str, clock: str) -> float:
    """How much the plugin adds to the median, in percent."""
    without, with_plugin = medians(times, measure, clock)
    return (with_plugin / without - 1) * 100


def report(times: dict[tuple[str, str], list[Timing]], runs: int, target: float) -> str:
    """The Markdown table of medians and the target's verdict."""
    lines = [
        f"mypy {version('mypy')} `--strict` over {SIGNALS} signals and "
        f"{SIGNALS * RECEIVERS_PER_SIGNAL} receivers ({2 * MODULES + 2} modules); medians of "
        f"{runs} runs, in seconds.",
        "",
        "| measure | without plugin | with plugin | plugin adds |",
        "|---|---:|---:|---:|",
    ]
    for measure_name in MEASURES:
        for clock in ("cpu", "wall"):
            without, with_plugin = medians(times, measure_name, clock)
            lines.append(
                f"| {measure_name}, {'CPU' if clock == 'cpu' else 'wall'} time "
                f"| {without:.2f} | {with_plugin:.2f} "
                f"| {overhead(times, measure_name, clock):.1f}% |"
            )
    cold_cpu = overhead(times, "cold", "cpu")
    lines += [
        "",
        "| target | measured | limit | met |",
        "|---|---:|---:|:-:|",
        performance_page.target_row("plugin's cost, cold cache, CPU time", cold_cpu, target, "%"),
    ]
    return "\n".join(lines)


def write_section(table: str) -> None:
    """Write this benchmark's section of the page, replacing its last one; keep the rest."""
    performance_page.write_section(
        "bench_mypy.py",
        "## The mypy plugin\n\n"
        'What `plugins = ["typedsignals.mypy"]` adds to a mypy run '
        "(`benchmarks/bench_mypy.py`): a generated project where each signal has five "
        "receivers, connected in every way the plugin checks, and two sends. *Cold*: an empty "
        "mypy cache, as on a fresh CI machine. *Project*: pydantic and the standard library "
        "come from the cache. *Warm*: everything does (a second run, nothing changed), so "
        "what is left is mypy's start-up and the plugin's fixed cost (loading it does not "
        "import the `typedsignals` runtime). CPU time is the steadier figure on a busy "
        "machine; differences of a few percent either way are within its noise.\n\n"
        f"Machine: {performance_page.machine('pydantic')}.\n\n"
        f"{table}\n",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="mypy runs per measure (median)")
    parser.add_argument("--target", type=float, default=10.0, help="allowed overhead, percent")
    parser.add_argument("--no-write", action="store_true", help="do not write the docs page")
    arguments = parser.parse_args()
    table = report(measure(arguments.runs), arguments.runs, arguments.target)
    print(table)
    if not arguments.no_write:
        write_section(table)
        print(f"\nwritten to {performance_page.DOCS_PAGE}")


if __name__ == "__main__":
    main()
