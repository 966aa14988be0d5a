"""OpenTelemetry spans and metrics for every send and receiver: ``TypedSignalsInstrumentor``.

``TypedSignalsInstrumentor().instrument()`` (or ``opentelemetry-instrument``, which finds it
through the ``opentelemetry_instrumentor`` entry point) installs a tracer with
``typedsignals.dispatcher.add_tracer``: a ``send {signal}`` span per send (all four flavours)
and a ``process {receiver}`` child span per receiver, named and attributed after
OpenTelemetry's messaging and code semantic conventions; a duration histogram per receiver
(``messaging.process.duration``) and a counter of sends (``messaging.client.sent.messages``,
``error.type`` set on refused payloads). Trace context travels in the headers of the Celery
tasks that ``typedsignals.contrib.celery.task_receiver`` queues, so the worker's span for that
receiver joins the sender's trace. Needs the ``opentelemetry`` extra. See docs/observability.md.

No payload value ever reaches a span or a metric: a refused payload is recorded as the fields
and error types that were wrong, never their inputs; a receiver's exception as the bounded text
the ``send_robust`` log shows.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import time
import traceback
import weakref
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from typedsignals.extras import requires_extra

with requires_extra(__name__, "OpenTelemetry", extra="opentelemetry"):
    import opentelemetry.instrumentation.instrumentor  # noqa: F401  (the extra's two packages)

from opentelemetry import context, propagate, trace
from opentelemetry.instrumentation.instrumentor import (  # type: ignore[attr-defined]
    BaseInstrumentor,
)
from opentelemetry.metrics import get_meter
from opentelemetry.propagators.textmap import Getter
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from typedsignals import PayloadError, Signal, all_signals
from typedsignals.contrib._describe import (
    failure_text,
    receiver_name,
    sender_name,
    type_name,
)
from typedsignals.dispatcher import Responses, add_tracer, remove_tracer
from typedsignals.receivers import receiver_runs_on
from typedsignals.redaction import bounded_traceback

if TYPE_CHECKING:
    from contextvars import Token

    from opentelemetry.context import Context
    from opentelemetry.metrics import Counter, Histogram
    from opentelemetry.trace import Span, Tracer

__all__ = ["DEFAULT_EXCLUDE", "TypedSignalsInstrumentor"]

DEFAULT_EXCLUDE: tuple[str, ...] = (
    "typedsignals.contrib.django.signals.pre_init",
    "typedsignals.contrib.django.signals.post_init",
)
"""Signals left out unless ``exclude=`` says otherwise: Django sends these for every model
instance it builds (hundreds per request), so spans for them flood traces and cost the most."""

EXCLUDE_ENV = "OTEL_PYTHON_TYPEDSIGNALS_EXCLUDE"
"""Comma-separated labels or patterns; used by ``instrument()`` called without ``exclude=``
(as ``opentelemetry-instrument`` calls it)."""

SYSTEM = "typedsignals"
_VERSION = "0.1.0"
_SCHEMA_URL = "https://opentelemetry.io/schemas/1.27.0"
_CELERY = "Celery"  # the ``typedsignals_runs_on`` mark of contrib.celery's task receivers


class TypedSignalsInstrumentor(BaseInstrumentor):  # type: ignore[misc]
    """Traces and measures every send of every ``typedsignals.Signal``.

    ``instrument(tracer_provider=None, meter_provider=None, exclude=None,
    min_receiver_duration=0.0)``:

    - ``exclude``: signal labels or ``fnmatch`` patterns (``"myapp.signals.*"``; a string is
      split at commas) whose sends are neither traced nor counted; ``None`` means
      ``DEFAULT_EXCLUDE`` (or the patterns in ``OTEL_PYTHON_TYPEDSIGNALS_EXCLUDE``). Passing
      a list replaces the default: add ``*DEFAULT_EXCLUDE`` to keep Django's
      ``pre_init``/``post_init`` out.
    - ``min_receiver_duration``: seconds; a receiver that returns faster gets no span (its
      duration is still measured). Receivers that raise always get one.

    ``uninstrument()`` removes the tracer: sends run their untraced code again.
    """

    def instrumentation_dependencies(self) -> Collection[str]:
        return ("typedsignals",)

    def _instrument(self, **kwargs: Any) -> None:
        exclude: Iterable[str] | str | None = kwargs.get("exclude")
        if exclude is None:
            exclude = os.environ.get(EXCLUDE_ENV, DEFAULT_EXCLUDE)
        if isinstance(exclude, str):  # one pattern, or several comma-separated
            exclude = exclude.split(",")
        minimum = float(kwargs.get("min_receiver_duration", 0.0))
        if minimum < 0:
            raise ValueError(
                f"TypedSignalsInstrumentor: min_receiver_duration must be >= 0 seconds, "
                f"got {minimum}"
            )
        tracer = trace.get_tracer(
            __name__, _VERSION, kwargs.get("tracer_provider"), schema_url=_SCHEMA_URL
        )
        meter = get_meter(__name__, _VERSION, kwargs.get("meter_provider"), schema_url=_SCHEMA_URL)
        self._signals_tracer = _SignalsTracer(tracer, meter, exclude, minimum)
        add_tracer(self._signals_tracer)
        self._signals_tracer.celery.connect()

    def _uninstrument(self, **kwargs: Any) -> None:
        remove_tracer(self._signals_tracer)
        self._signals_tracer.celery.disconnect()


class _Exclusion:
    """Which signals are left out, decided once per signal (by its label)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        cleaned = [pattern.strip() for pattern in patterns if pattern.strip()]
        self._match = (
            re.compile("|".join(map(fnmatch.translate, cleaned))).match if cleaned else None
        )
        self._decided: dict[int, tuple[weakref.ref[Signal[Any]], bool]] = {}

    def __call__(self, signal: Signal[Any]) -> bool:
        decided = self._decided.get(id(signal))
        if decided is not None and decided[0]() is signal:
            return decided[1]
        excluded = self._match is not None and self._match(signal.label) is not None
        key = id(signal)
        forget = functools.partial(_forget, self._decided, key)
        self._decided[key] = (weakref.ref(signal, forget), excluded)
        return excluded


def _forget(decided: dict[int, Any], key: int, _: object) -> None:
    """A dead signal's decision goes (a weakref callback: its id may be reused)."""
    decided.pop(key, None)


class _SignalsTracer:
    """The ``SignalTracer`` the instrumentor installs."""

    def __init__(
        self, tracer: Tracer, meter: Any, exclude: Iterable[str], min_receiver_duration: float
    ) -> None:
        self.tracer = tracer
        self.excluded = _Exclusion(exclude)
        self.min_duration_ns = int(min_receiver_duration * 1e9)
        self.durations: Histogram = meter.create_histogram(
            "messaging.process.duration",
            unit="s",
            description="Duration of each receiver's run, per signal and receiver.",
        )
        self.sends: Counter = meter.create_counter(
            "messaging.client.sent.messages",
            unit="{message}",
            description="Sends of each signal; error.type is set when the payload was refused.",
        )
        self.celery = _CeleryPropagation(self)

    # -- SignalTracer ------------------------------------------------------------------------

    def observes(self, signal: Signal[Any]) -> bool:
        return not self.excluded(signal)

    def send(
        self, signal: Signal[Any], sender: Any, method: str, run: Callable[[], Responses]
    ) -> Responses:
        with self._sending(signal, sender, method) as span:
            responses = run()
            span.set_attribute("typedsignals.receivers", len(responses))
        return responses

    async def asend(
        self,
        signal: Signal[Any],
        sender: Any,
        method: str,
        run: Callable[[], Awaitable[Responses]],
    ) -> Responses:
        with self._sending(signal, sender, method) as span:
            responses = await run()
            span.set_attribute("typedsignals.receivers", len(responses))
        return responses

    def call(
        self, signal: Signal[Any], receiver: Callable[..., Any], run: Callable[[], Any]
    ) -> Any:
        with self._receiving(signal, receiver):
            return run()

    async def acall(
        self, signal: Signal[Any], receiver: Callable[..., Any], run: Callable[[], Awaitable[Any]]
    ) -> Any:
        with self._receiving(signal, receiver):
            return await run()

    # -- what send/asend and call/acall share ------------------------------------------------

    @contextmanager
    def _sending(self, signal: Signal[Any], sender: Any, method: str) -> Iterator[Span]:
        """The send span around the ``with`` body, its outcome counted and recorded."""
        attributes = _send_attributes(signal, sender, method)
        with self.tracer.start_as_current_span(
            f"send {signal.label}",
            kind=SpanKind.PRODUCER,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                yield span
            except BaseException as exc:
                self._sent(attributes, exc)
                _record_failure(span, exc)
                raise
            self._sent(attributes, None)

    @contextmanager
    def _receiving(self, signal: Signal[Any], receiver: Callable[..., Any]) -> Iterator[None]:
        """A receiver's call as the ``with`` body: timed, and in a span of its own (made
        after the fact under ``min_receiver_duration``)."""
        name, attributes = _receiver_attributes(signal, receiver)
        start = time.time_ns()
        if self.min_duration_ns:
            try:
                yield
            except BaseException as exc:
                self._after_the_fact(name, attributes, start, exc)
                raise
            self._after_the_fact(name, attributes, start, None)
            return
        with self._receiver_span(name, attributes, receiver, start) as span:
            try:
                yield
            except BaseException as exc:
                self._ran(attributes, start, exc)
                _record_failure(span, exc)
                raise
            self._ran(attributes, start, None)

    # -- helpers -----------------------------------------------------------------------------

    def _receiver_span(
        self, name: str, attributes: dict[str, Any], receiver: Callable[..., Any], start: int
    ) -> Any:
        queues_a_task = receiver_runs_on(receiver) == _CELERY
        return self.tracer.start_as_current_span(
            f"{'publish' if queues_a_task else 'process'} {name}",
            kind=SpanKind.PRODUCER if queues_a_task else SpanKind.CONSUMER,
            attributes=attributes,
            start_time=start,
            record_exception=False,
            set_status_on_exception=False,
        )

    def _after_the_fact(
        self, name: str, attributes: dict[str, Any], start: int, exc: BaseException | None
    ) -> None:
        """``min_receiver_duration``: a span for a receiver that was slow or raised, made
        once it is done (spans its own code started are children of the send span)."""
        end = self._ran(attributes, start, exc)
        if exc is None and end - start < self.min_duration_ns:
            return
        span = self.tracer.start_span(
            f"process {name}", kind=SpanKind.CONSUMER, attributes=attributes, start_time=start
        )
        if exc is not None:
            _record_failure(span, exc)
        span.end(end_time=end)

    def _ran(self, attributes: dict[str, Any], start: int, exc: BaseException | None) -> int:
        end = time.time_ns()
        measured = attributes if exc is None else {**attributes, "error.type": type_name(exc)}
        self.durations.record((end - start) / 1e9, _metric_attributes(measured))
        return end

    def _sent(self, attributes: dict[str, Any], exc: BaseException | None) -> None:
        if isinstance(exc, PayloadError):
            attributes = {**attributes, "error.type": type_name(exc)}
        self.sends.add(1, _metric_attributes(attributes))


_METRIC_KEYS = (
    "messaging.system",
    "messaging.destination.name",
    "messaging.operation.name",
    "code.function.name",
    "error.type",
)
"""Low-cardinality attributes only on metrics: never the sender."""


def _metric_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {key: attributes[key] for key in _METRIC_KEYS if key in attributes}


def _send_attributes(signal: Signal[Any], sender: Any, method: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "messaging.system": SYSTEM,
        "messaging.destination.name": signal.label,
        "messaging.operation.name": method,
        "messaging.operation.type": "send",
        "typedsignals.payload_model": signal.model_label,
    }
    if sender is not None:
        attributes["typedsignals.sender"] = sender_name(sender)
    return attributes


def _receiver_attributes(
    signal: Signal[Any], receiver: Callable[..., Any]
) -> tuple[str, dict[str, Any]]:
    name = receiver_name(receiver)
    return name, {
        "messaging.system": SYSTEM,
        "messaging.destination.name": signal.label,
        "messaging.operation.name": "process",
        "messaging.operation.type": "process",
        "code.function.name": name,
    }


def _record_failure(span: Span, exc: BaseException) -> None:
    """An ``exception`` event and status ERROR, without any payload value.

    A ``PayloadError`` is told by its signal, model, and each bad field with pydantic's error
    type (never the input); any other exception by the bounded text ``send_robust`` logs.
    """
    message = failure_text(exc)
    if isinstance(exc, PayloadError):
        frames = "".join(traceback.format_tb(exc.__traceback__, limit=-30))
        stacktrace = f"Traceback (most recent call last):\n{frames}{type_name(exc)}: {message}"
    else:
        stacktrace = bounded_traceback(exc)
    span.add_event(
        "exception",
        {
            "exception.type": type_name(exc),
            "exception.message": message,
            "exception.stacktrace": stacktrace,
        },
    )
    span.set_attribute("error.type", type_name(exc))
    span.set_status(Status(StatusCode.ERROR, f"{type_name(exc)}: {message}"))


# -- across processes: trace context in Celery task headers --------------------------------


class _RequestGetter(Getter[Any]):
    """Reads propagation headers where Celery puts a message's headers: attributes of
    ``task.request``."""

    def get(self, carrier: Any, key: str) -> list[str] | None:
        value = getattr(carrier, key, None)
        return [value] if isinstance(value, str) else None

    def keys(self, carrier: Any) -> list[str]:
        return []


class _CeleryPropagation:
    """Puts the current trace context in the headers of every task a ``task_receiver`` queues
    (``before_task_publish``), and on the worker runs that task inside a ``process`` span that
    continues it (``task_prerun`` … ``task_postrun``). Only Celery's own signals: nothing in
    ``contrib.celery`` changes. Headers already set (by ``opentelemetry-instrumentation-celery``,
    whose publish span is then the parent) are kept."""

    def __init__(self, tracer: _SignalsTracer) -> None:
        self._tracer = tracer
        self._running: dict[str, tuple[Span, Token[Context], int, dict[str, Any]]] = {}
        self._task_receivers: dict[str, tuple[frozenset[str], str] | None] = {}
        self._connected = False

    def connect(self) -> None:
        try:
            from celery import signals
        except ImportError:  # no Celery here: nothing to propagate
            return
        signals.before_task_publish.connect(self._inject, weak=False)
        signals.task_prerun.connect(self._start, weak=False)
        signals.task_failure.connect(self._failed, weak=False)
        signals.task_postrun.connect(self._end, weak=False)
        self._connected = True

    def disconnect(self) -> None:
        if not self._connected:
            return
        from celery import signals

        signals.before_task_publish.disconnect(self._inject)
        signals.task_prerun.disconnect(self._start)
        signals.task_failure.disconnect(self._failed)
        signals.task_postrun.disconnect(self._end)
        self._connected = False

    def _task_receiver(self, task_name: str) -> tuple[frozenset[str], str] | None:
        """The labels of the signals a task receiver listens to, and its function's name;
        ``None`` for any other task. Found among this process's own signals (never from the
        message, which the broker could have forged), once per task name."""
        if task_name not in self._task_receivers:
            labels, function = set(), ""
            for signal in all_signals():
                for info in signal.receivers_info():
                    task = getattr(info.receiver, "task", None)
                    if info.runs_on == _CELERY and getattr(task, "name", None) == task_name:
                        labels.add(signal.label)
                        function = f"{info.module}.{info.qualname}"
            self._task_receivers[task_name] = (frozenset(labels), function) if labels else None
        return self._task_receivers[task_name]

    def _inject(self, sender: Any = None, headers: Any = None, **kwargs: Any) -> None:
        if not isinstance(headers, dict) or not isinstance(sender, str):
            return
        if self._task_receiver(sender) is None:
            return
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        for key, value in carrier.items():
            headers.setdefault(key, value)

    def _start(self, task_id: str = "", task: Any = None, **kwargs: Any) -> None:
        found = self._task_receiver(getattr(task, "name", ""))
        if found is None or not task_id:
            return
        labels, function = found
        arguments = kwargs.get("kwargs") or {}
        label = arguments.get("signal") if isinstance(arguments, dict) else None
        attributes: dict[str, Any] = {
            "messaging.system": SYSTEM,
            "messaging.operation.name": "process",
            "messaging.operation.type": "process",
            "messaging.message.id": task_id,
            "code.function.name": function,
        }
        if label in labels:  # a label the worker knows, not whatever the message says
            attributes["messaging.destination.name"] = label
        parent = propagate.extract(task.request, getter=_RequestGetter())
        start = time.time_ns()
        span = self._tracer.tracer.start_span(
            f"process {function}",
            context=parent,
            kind=SpanKind.CONSUMER,
            attributes=attributes,
            start_time=start,
        )
        token = context.attach(trace.set_span_in_context(span, parent))
        self._running[task_id] = (span, token, start, attributes)

    def _failed(
        self, task_id: str = "", exception: BaseException | None = None, **kwargs: Any
    ) -> None:
        running = self._running.get(task_id)
        if running is not None and exception is not None:
            _record_failure(running[0], exception)
            running[3]["error.type"] = type_name(exception)

    def _end(self, task_id: str = "", **kwargs: Any) -> None:
        running = self._running.pop(task_id, None)
        if running is None:
            return
        span, token, start, attributes = running
        end = time.time_ns()
        span.end(end_time=end)
        context.detach(token)
        self._tracer.durations.record((end - start) / 1e9, _metric_attributes(attributes))
