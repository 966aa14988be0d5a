"""Fixtures for ``typedsignals.contrib.opentelemetry``: the SDK's own test components.

``telemetry``: the instrumentor installed on a ``TracerProvider`` whose spans go to the SDK's
``InMemorySpanExporter`` and a ``MeterProvider`` read by its ``InMemoryMetricReader``; removed
after the test, so each test starts untraced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from typedsignals.contrib.opentelemetry import TypedSignalsInstrumentor


@attrs.define
class Telemetry:
    exporter: InMemorySpanExporter
    reader: InMemoryMetricReader
    tracer_provider: TracerProvider

    def spans(self) -> list[ReadableSpan]:
        """Finished spans, in the order they ended."""
        return list(self.exporter.get_finished_spans())

    def span(self, name: str) -> ReadableSpan:
        found = [span for span in self.spans() if span.name == name]
        assert len(found) == 1, f"{len(found)} spans named {name!r} in {self.names()}"
        return found[0]

    def names(self) -> list[str]:
        return [span.name for span in self.spans()]

    def points(self, metric: str) -> list[Any]:
        """The data points of ``metric`` collected so far."""
        data = self.reader.get_metrics_data()
        return [
            point
            for resource in (data.resource_metrics if data else ())
            for scope in resource.scope_metrics
            for found in scope.metrics
            if found.name == metric
            for point in found.data.data_points
        ]


@pytest.fixture
def instrument() -> Iterator[Callable[..., Telemetry]]:
    """``instrument(**options)``: instrument with those options; uninstrumented afterwards."""
    instrumentor = TypedSignalsInstrumentor()

    def install(**options: Any) -> Telemetry:
        exporter = InMemorySpanExporter()
        tracer_provider = TracerProvider()
        tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
        reader = InMemoryMetricReader()
        instrumentor.instrument(
            tracer_provider=tracer_provider,
            meter_provider=MeterProvider(metric_readers=[reader]),
            **options,
        )
        return Telemetry(exporter, reader, tracer_provider)

    yield install
    if instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.uninstrument()


@pytest.fixture
def telemetry(instrument: Callable[..., Telemetry]) -> Telemetry:
    """Instrumented with the defaults."""
    return instrument()
