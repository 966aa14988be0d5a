"""Spans and metrics for every send flavour and every receiver, on the SDK's in-memory exporter
and metric reader."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Any

import pytest
from opentelemetry.trace import SpanKind, StatusCode

from tests.opentelemetry import signals
from tests.opentelemetry.conftest import Telemetry
from tests.opentelemetry.signals import Kitchen, box_it, burn_it, deliver, pizza_done, slow_down
from typedsignals import PayloadError, Signal
from typedsignals.contrib.opentelemetry import DEFAULT_EXCLUDE, TypedSignalsInstrumentor

LABEL = "tests.opentelemetry.signals.pizza_done"


@pytest.fixture
def connect() -> Iterator[Callable[..., None]]:
    """``connect(signal, *receivers)``, disconnected after the test."""
    connected: list[tuple[Signal[Any], Any]] = []

    def connect_all(signal: Signal[Any], *receivers: Any) -> None:
        for func in receivers:
            signal.connect(func, weak=False)
            connected.append((signal, func))

    yield connect_all
    for signal, func in connected:
        signal.disconnect(func)


def test_a_send_span_with_a_child_span_per_receiver_in_order(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(pizza_done, box_it, slow_down)
    assert pizza_done.send(Kitchen, toppings=["ham"], size=32) == [
        (box_it, "boxed 32"),
        (slow_down, "slow"),
    ]
    assert telemetry.names() == [
        "process tests.opentelemetry.signals.box_it",
        "process tests.opentelemetry.signals.slow_down",
        f"send {LABEL}",
    ]
    send = telemetry.span(f"send {LABEL}")
    assert send.kind is SpanKind.PRODUCER
    assert dict(send.attributes or {}) == {
        "messaging.system": "typedsignals",
        "messaging.destination.name": LABEL,
        "messaging.operation.name": "send",
        "messaging.operation.type": "send",
        "typedsignals.payload_model": "PizzaDone",
        "typedsignals.sender": "tests.opentelemetry.signals.Kitchen",
        "typedsignals.receivers": 2,
    }
    box, slow = telemetry.spans()[:2]
    assert box.kind is SpanKind.CONSUMER
    assert dict(box.attributes or {}) == {
        "messaging.system": "typedsignals",
        "messaging.destination.name": LABEL,
        "messaging.operation.name": "process",
        "messaging.operation.type": "process",
        "code.function.name": "tests.opentelemetry.signals.box_it",
    }
    for child in (box, slow):
        assert child.parent is not None
        assert child.parent.span_id == send.context.span_id
        assert child.context.trace_id == send.context.trace_id
    assert box.end_time <= slow.start_time  # in connection order
    assert slow.end_time - slow.start_time >= 30_000_000


def test_send_robust_records_the_failing_receiver_and_goes_on(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(pizza_done, burn_it, box_it)
    responses = pizza_done.send_robust(Kitchen, toppings=[])
    assert isinstance(responses[0][1], RuntimeError)
    burn = telemetry.span("process tests.opentelemetry.signals.burn_it")
    assert burn.status.status_code is StatusCode.ERROR
    assert burn.status.description == "RuntimeError: the oven is on fire"
    assert burn.attributes is not None
    assert burn.attributes["error.type"] == "RuntimeError"
    (event,) = burn.events
    assert event.name == "exception"
    assert event.attributes is not None
    assert event.attributes["exception.type"] == "RuntimeError"
    assert event.attributes["exception.message"] == "the oven is on fire"
    assert str(event.attributes["exception.stacktrace"]).endswith(
        "RuntimeError: the oven is on fire"
    )
    send = telemetry.span(f"send {LABEL}")
    assert send.status.status_code is StatusCode.UNSET
    assert send.attributes is not None
    assert send.attributes["messaging.operation.name"] == "send_robust"
    assert telemetry.span("process tests.opentelemetry.signals.box_it").status.is_ok


def test_a_receiver_exception_in_send_fails_both_spans(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(pizza_done, burn_it, box_it)
    with pytest.raises(RuntimeError, match="the oven is on fire"):
        pizza_done.send(Kitchen, toppings=[])
    assert telemetry.names() == ["process tests.opentelemetry.signals.burn_it", f"send {LABEL}"]
    assert telemetry.span(f"send {LABEL}").status.status_code is StatusCode.ERROR


async def test_asend_traces_sync_and_async_receivers_as_children(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(pizza_done, box_it, deliver)
    assert await pizza_done.asend(Kitchen, toppings=["ham"]) == [
        (box_it, "boxed 30"),
        (deliver, "delivered"),
    ]
    await pizza_done.asend_robust(Kitchen, toppings=["ham"])
    sends = [span for span in telemetry.spans() if span.name == f"send {LABEL}"]
    assert [s.attributes and s.attributes["messaging.operation.name"] for s in sends] == [
        "asend",
        "asend_robust",
    ]
    for send in sends:
        children = sorted(
            span.name
            for span in telemetry.spans()
            if span.parent is not None and span.parent.span_id == send.context.span_id
        )
        assert children == [
            "process tests.opentelemetry.signals.box_it",  # ran in a worker thread
            "process tests.opentelemetry.signals.deliver",
        ]


def test_send_runs_async_receivers_inside_the_send_span(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(pizza_done, deliver)
    assert pizza_done.send(Kitchen, toppings=[]) == [(deliver, "delivered")]
    deliver_span = telemetry.span("process tests.opentelemetry.signals.deliver")
    assert deliver_span.parent is not None
    assert deliver_span.parent.span_id == telemetry.span(f"send {LABEL}").context.span_id


def test_a_refused_payload_is_an_exception_event_without_any_value(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(signals.logged_in, burn_it)
    with pytest.raises(PayloadError):
        signals.logged_in.send(None, user=["mallory-the-list"], password="hunter2-secret", x=9)
    (send,) = telemetry.spans()  # no receiver ran
    assert send.status.status_code is StatusCode.ERROR
    (event,) = send.events
    assert event.attributes is not None
    assert event.attributes["exception.type"] == "typedsignals.errors.PayloadError"
    assert event.attributes["exception.message"] == (
        "invalid payload for signal 'tests.opentelemetry.signals.logged_in' (Login): 2 errors: "
        "user (string_type), x (extra_forbidden)"
    )
    exported = send.to_json()
    for value in ("hunter2-secret", "mallory-the-list", "9"):
        assert value not in json.loads(exported)["events"][0]["attributes"]["exception.message"]
    assert "hunter2" not in exported
    assert "mallory" not in exported
    (refused,) = [
        p
        for p in telemetry.points("messaging.client.sent.messages")
        if p.attributes["messaging.destination.name"] == "tests.opentelemetry.signals.logged_in"
    ]
    assert dict(refused.attributes) == {
        "messaging.system": "typedsignals",
        "messaging.destination.name": "tests.opentelemetry.signals.logged_in",
        "messaging.operation.name": "send",
        "error.type": "typedsignals.errors.PayloadError",
    }
    assert refused.value == 1


def test_metrics_a_duration_per_receiver_and_a_count_of_sends(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(pizza_done, box_it, burn_it)
    for _ in range(3):
        pizza_done.send_robust(Kitchen, toppings=[])
    durations = {
        (p.attributes["code.function.name"], p.attributes.get("error.type")): p
        for p in telemetry.points("messaging.process.duration")
    }
    assert set(durations) == {
        ("tests.opentelemetry.signals.box_it", None),
        ("tests.opentelemetry.signals.burn_it", "RuntimeError"),
    }
    assert all(point.count == 3 for point in durations.values())
    (sends,) = telemetry.points("messaging.client.sent.messages")
    assert sends.value == 3
    assert "typedsignals.sender" not in sends.attributes  # senders stay out of metrics


def test_senders_appear_by_type_never_by_value(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    connect(pizza_done, box_it)
    pizza_done.send("customer-42-token", toppings=[])
    send = telemetry.span(f"send {LABEL}")
    assert send.attributes is not None
    assert send.attributes["typedsignals.sender"] == "builtins.str instance"
    assert "customer-42" not in send.to_json()


def test_excluded_signals_get_no_span_and_no_metric(
    instrument: Callable[..., Telemetry], connect: Callable[..., None]
) -> None:
    telemetry = instrument(exclude=["tests.opentelemetry.signals.hot_*"])
    connect(signals.hot_signal, box_it)
    connect(pizza_done, box_it)
    signals.hot_signal.send(None, toppings=[])
    pizza_done.send(None, toppings=[])
    assert telemetry.names() == [
        "process tests.opentelemetry.signals.box_it",
        f"send {LABEL}",
    ]
    assert [
        p.attributes["messaging.destination.name"]
        for p in telemetry.points("messaging.client.sent.messages")
    ] == [LABEL]


def test_one_string_of_patterns_is_split_at_commas(
    instrument: Callable[..., Telemetry], connect: Callable[..., None]
) -> None:
    telemetry = instrument(exclude="nothing.here, tests.opentelemetry.signals.pizza_*")
    connect(pizza_done, box_it)
    pizza_done.send(None, toppings=[])
    assert telemetry.spans() == []


def test_djangos_pre_init_and_post_init_are_excluded_by_default(
    telemetry: Telemetry,
) -> None:
    from typedsignals.contrib.django import post_init, pre_init

    assert (pre_init.label, post_init.label) == DEFAULT_EXCLUDE
    assert pre_init.label == "typedsignals.contrib.django.signals.pre_init"
    with pytest.raises(PayloadError):  # excluded: not traced, still validated
        post_init.send(object, instance=None, bogus=1)
    assert telemetry.spans() == []


def test_the_exclusions_come_from_the_environment_without_exclude(
    instrument: Callable[..., Telemetry],
    connect: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OTEL_PYTHON_TYPEDSIGNALS_EXCLUDE", f" {LABEL} , other.*")
    telemetry = instrument()
    connect(pizza_done, box_it)
    pizza_done.send(None, toppings=[])
    assert telemetry.spans() == []


def test_min_receiver_duration_keeps_slow_and_failing_receivers_only(
    instrument: Callable[..., Telemetry], connect: Callable[..., None]
) -> None:
    telemetry = instrument(min_receiver_duration=0.02)
    connect(pizza_done, box_it, slow_down, burn_it)
    pizza_done.send_robust(Kitchen, toppings=[])
    assert telemetry.names() == [
        "process tests.opentelemetry.signals.slow_down",
        "process tests.opentelemetry.signals.burn_it",
        f"send {LABEL}",
    ]
    slow = telemetry.span("process tests.opentelemetry.signals.slow_down")
    assert slow.end_time - slow.start_time >= 20_000_000
    assert slow.parent is not None
    assert slow.parent.span_id == telemetry.span(f"send {LABEL}").context.span_id
    burn = telemetry.span("process tests.opentelemetry.signals.burn_it")
    assert burn.status.status_code is StatusCode.ERROR
    assert {
        p.attributes["code.function.name"] for p in telemetry.points("messaging.process.duration")
    } == {f"tests.opentelemetry.signals.{name}" for name in ("box_it", "slow_down", "burn_it")}


def test_a_negative_min_receiver_duration_is_refused(
    instrument: Callable[..., Telemetry],
) -> None:
    with pytest.raises(
        ValueError,
        match=r"^TypedSignalsInstrumentor: min_receiver_duration must be >= 0 seconds, got -1.0$",
    ):
        instrument(min_receiver_duration=-1)


def test_uninstrument_restores_the_untraced_send(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    TypedSignalsInstrumentor().uninstrument()
    for name, method in Signal._untraced.items():
        assert getattr(Signal, name) is method
    connect(pizza_done, box_it)
    pizza_done.send(None, toppings=[])
    assert telemetry.spans() == []


def test_opentelemetry_instrument_finds_it_by_its_entry_point() -> None:
    (found,) = entry_points(group="opentelemetry_instrumentor", name="typedsignals")
    assert found.load() is TypedSignalsInstrumentor


async def test_asend_records_refusals_and_async_receiver_failures(
    telemetry: Telemetry, connect: Callable[..., None]
) -> None:
    async def fail(**kwargs: Any) -> None:
        raise LookupError("no courier")

    connect(pizza_done, fail)
    with pytest.raises(PayloadError):
        await pizza_done.asend(Kitchen, toppings=[], size=0)
    (responses,) = [await pizza_done.asend_robust(Kitchen, toppings=[])]
    assert isinstance(responses[0][1], LookupError)
    refused, failed, robust = telemetry.spans()
    assert refused.name == f"send {LABEL}"
    assert refused.events[0].attributes is not None
    assert refused.events[0].attributes["exception.message"] == (
        f"invalid payload for signal '{LABEL}' (PizzaDone): 1 error: size (greater_than)"
    )
    assert failed.name == (
        "process tests.opentelemetry.test_tracing."
        "test_asend_records_refusals_and_async_receiver_failures.<locals>.fail"
    )
    assert failed.status.description == "LookupError: no courier"
    assert failed.parent is not None
    assert failed.parent.span_id == robust.context.span_id
