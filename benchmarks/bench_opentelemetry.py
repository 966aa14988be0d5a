"""What tracing costs a send: ``TypedSignalsInstrumentor`` not installed, installed with the
signal excluded, and recording (the SDK with no exporter, and with its in-memory exporter),
at 1 and 10 receivers. ``make bench`` runs this file; it prints a Markdown table of the
median time per send (and per send with the debug-toolbar panel's tracer recording).

Each case runs in this process, ``--repeat`` times ``--sends`` sends, after a warm-up; the
median of the repeats is shown. Timings on a shared machine drift: compare the columns of one
run, not runs of different days.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import BaseModel, Field

from typedsignals import Signal
from typedsignals.contrib.opentelemetry import TypedSignalsInstrumentor

RECEIVER_COUNTS = (1, 10)


class Payload(BaseModel):
    """The dispatch benchmark's payload: three fields."""

    order_id: int
    toppings: list[str]
    size: int = Field(default=30, gt=0)


def receiver(**kwargs: Any) -> None:
    return None


signals = {count: Signal[Payload](name=f"bench_{count}") for count in RECEIVER_COUNTS}
for count, signal in signals.items():
    for _ in range(count):
        signal.connect(receiver, weak=False, dispatch_uid=object())


def per_send(
    send: Callable[[], Any], sends: int, repeat: int, between: Callable[[], None]
) -> float:
    """Median microseconds per ``send()``."""
    for _ in range(min(sends, 1000)):
        send()
    runs = []
    for _ in range(repeat):
        between()
        start = time.perf_counter_ns()
        for _ in range(sends):
            send()
        runs.append((time.perf_counter_ns() - start) / sends / 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    instrumentor = TypedSignalsInstrumentor()
    exporter = InMemorySpanExporter()
    nothing = lambda: None  # noqa: E731

    def setups() -> dict[str, tuple[Callable[[], None], Callable[[], None]]]:
        """Case name: (install, between repeats)."""

        def recording(processor: bool) -> Callable[[], None]:
            def install() -> None:
                provider = TracerProvider()
                if processor:
                    provider.add_span_processor(SimpleSpanProcessor(exporter))
                meters = MeterProvider(metric_readers=[InMemoryMetricReader()])
                instrumentor.instrument(tracer_provider=provider, meter_provider=meters, exclude=[])

            return install

        def excluded() -> None:
            instrumentor.instrument(
                tracer_provider=TracerProvider(), exclude=["bench_*", "*.bench_*"]
            )

        def panel() -> None:
            from django.conf import settings

            if not settings.configured:
                settings.configure()
            from typedsignals.contrib.django import debug_toolbar

            debug_toolbar._tracer.enable()
            debug_toolbar._recording.set(debug_toolbar._Recording())

        return {
            "not instrumented": (nothing, nothing),
            "instrumented, signal excluded": (excluded, nothing),
            "recording, SDK without exporter": (recording(False), nothing),
            "recording, SDK in-memory exporter": (recording(True), exporter.clear),
            "debug-toolbar panel recording": (panel, lambda: debug_toolbar_reset()),
        }

    def debug_toolbar_reset() -> None:
        from typedsignals.contrib.django import debug_toolbar

        debug_toolbar._recording.set(debug_toolbar._Recording())

    results: dict[str, dict[int, float]] = {}
    for case, (install, between) in setups().items():
        install()
        results[case] = {
            count: per_send(
                lambda signal=signal: signal.send(None, order_id=1, toppings=["ham"]),
                options.sends,
                options.repeat,
                between,
            )
            for count, signal in signals.items()
        }
        if instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.uninstrument()
    base = results["not instrumented"]
    print("| case | 1 receiver (µs/send) | 10 receivers (µs/send) |")
    print("|---|---:|---:|")
    for case, by_count in results.items():
        cells = [
            f"{by_count[n]:.2f}"
            + ("" if case == "not instrumented" else f" (x{by_count[n] / base[n]:.1f})")
            for n in RECEIVER_COUNTS
        ]
        print(f"| {case} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
