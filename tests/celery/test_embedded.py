"""``task_receiver`` on Celery's in-memory transport, with the worker in a thread of this process.

Signals, senders and models are module-level, as in an application: they travel by import path.
"""

from __future__ import annotations

import datetime
import gc
import io
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery import Celery
from celery.result import AsyncResult
from celery.signals import task_failure, task_retry
from pydantic import BaseModel, ConfigDict, Field

from typedsignals import PayloadError, ReceiverSignatureError, Signal
from typedsignals.contrib.celery import EnqueueError, MessageError, TaskReceiver, task_receiver

from .conftest import closed_port

WAIT = 10  # seconds: an upper bound on waiting for the worker, never an assertion on speed


class Oven:
    """A module-level class: it travels as its import path."""


def bake_timer() -> None:
    """A module-level function: it travels as its import path too."""


class Baked(BaseModel):
    """A loaf left the oven."""

    kind: str
    weight: int = Field(default=500, gt=0)
    seeds: list[str] = Field(default_factory=list)


class Sliced(BaseModel):
    """A loaf was sliced (strict: no coercion, as on the wire)."""

    model_config = ConfigDict(strict=True)
    loaf_id: uuid.UUID
    at: datetime.datetime
    slices: int


class Row(BaseModel):
    oven: Oven | None = None

    model_config = ConfigDict(arbitrary_types_allowed=True)


class Unsendable(BaseModel):
    oven: Oven
    rows: list[Row]
    log: io.StringIO
    count: int

    model_config = ConfigDict(arbitrary_types_allowed=True)


class Loose(BaseModel):
    anything: Any = None


baked = Signal[Baked](sender=Oven)
sliced = Signal[Sliced]()
loose = Signal[Loose]()
unchecked = Signal[Baked](validate=False)
legacy = Signal()
unsendable = Signal[Unsendable]()


@pytest.fixture(autouse=True)
def _collect_receivers() -> Iterator[None]:
    """Each test's task receivers die with it (a traceback it kept may hold them in a cycle)."""
    yield
    gc.collect()


def test_the_receiver_runs_on_the_worker_with_what_a_local_receiver_gets(app: Celery) -> None:
    calls: list[dict[str, Any]] = []

    @task_receiver(baked, app=app)
    def box_it(signal: Signal[Baked], sender: type[Oven], kind: str, **kwargs: Any) -> str:
        calls.append({"signal": signal, "sender": sender, "kind": kind, **kwargs})
        return f"boxed {kind}"

    [(receiver, result)] = baked.send(sender=Oven, kind="rye", weight="700")

    assert isinstance(result, AsyncResult)
    assert result.get(timeout=WAIT, interval=0.01) == "boxed rye"
    assert calls == [
        {"signal": baked, "sender": Oven, "kind": "rye", "weight": 700, "seeds": []},
    ]
    assert receiver.__qualname__ == box_it.__qualname__


def test_the_decorated_name_stays_callable_here_and_exposes_the_task(app: Celery) -> None:
    @task_receiver(baked, app=app, name="tests.celery.local_call")
    def box_it(sender: Any, kind: str, **kwargs: Any) -> str:
        """Box a loaf."""
        return f"boxed {kind} here"

    assert isinstance(box_it, TaskReceiver)
    assert box_it(sender=Oven, kind="spelt") == "boxed spelt here"
    assert box_it.__doc__ == "Box a loaf."
    assert box_it.__name__ == "box_it"
    assert box_it.task.name == "tests.celery.local_call"
    assert app.tasks["tests.celery.local_call"] is box_it.task
    assert repr(box_it) == "<TaskReceiver for task 'tests.celery.local_call'>"


def test_the_default_task_name_is_the_functions_import_path(app: Celery) -> None:
    @task_receiver(baked, app=app)
    def box_it(**kwargs: Any) -> None: ...

    assert box_it.task.name == (
        "tests.celery.test_embedded."
        "test_the_default_task_name_is_the_functions_import_path.<locals>.box_it"
    )


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        (Oven, Oven),
        (bake_timer, bake_timer),
        ("oven-3", "oven-3"),
        (None, None),
        ({"line": [1, 2.5, True, None]}, {"line": [1, 2.5, True, None]}),
    ],
    ids=["class", "function", "str", "None", "json"],
)
def test_senders_travel_as_import_paths_or_json_values(
    app: Celery, sender: object, expected: object, request: pytest.FixtureRequest
) -> None:
    senders: list[object] = []

    @task_receiver(sliced, app=app, name=request.node.name, senders=[Oven, bake_timer])
    def note(sender: object, **kwargs: Any) -> None:
        senders.append(sender)

    [(_, result)] = sliced.send(
        sender=sender, loaf_id=uuid.uuid4(), at=datetime.datetime.now(datetime.UTC), slices=8
    )
    result.get(timeout=WAIT, interval=0.01)
    assert senders == [expected]


def test_strict_models_validate_again_on_the_worker(app: Celery) -> None:
    loaf_id, at = uuid.uuid4(), datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)

    received: list[tuple[object, ...]] = []

    @task_receiver(sliced, app=app)
    def count(loaf_id: uuid.UUID, at: datetime.datetime, slices: int, **kwargs: Any) -> None:
        received.append((loaf_id, at, slices))

    [(_, result)] = sliced.send(sender=None, loaf_id=loaf_id, at=at, slices=12)
    result.get(timeout=WAIT, interval=0.01)
    assert received == [(loaf_id, at, 12)]
    assert [type(value) for value in received[0]] == [uuid.UUID, datetime.datetime, int]


@pytest.mark.parametrize(
    ("sender", "what"),
    [
        (object(), "<object object at"),
        (Oven(), "<tests.celery.test_embedded.Oven object at"),
        ((1, 2), "(1, 2)"),
        ({1: "one"}, "{1: 'one'}"),
        (float("nan"), "nan"),
    ],
    ids=["object", "instance", "tuple", "int-keys", "nan"],
)
def test_any_other_sender_is_a_type_error_at_send_time(
    app: Celery, sender: object, what: str, request: pytest.FixtureRequest
) -> None:
    @task_receiver(baked, app=app, name=request.node.name)
    def box_it(**kwargs: Any) -> None: ...

    with pytest.raises(TypeError) as raised:
        baked.send(sender=sender, kind="rye")
    message = str(raised.value)
    assert message.startswith(
        "task receiver 'tests.celery.test_embedded.test_any_other_sender_is_a_type_error_at_send"
        "_time.<locals>.box_it' of signal 'tests.celery.test_embedded.baked': cannot send sender "
        + what
    )
    assert message.endswith(
        " to a Celery worker; a sender travels as the import path of a module-level class or "
        "function, or as a JSON value (str, int, float, bool, None, list, dict with str keys): "
        "send a class or an identifier instead"
    )


def test_a_class_that_is_not_module_level_cannot_be_a_sender(app: Celery) -> None:
    class LocalOven:
        pass

    @task_receiver(baked, app=app)
    def box_it(**kwargs: Any) -> None: ...

    with pytest.raises(TypeError, match=r"cannot send sender <class '.*\.LocalOven'> to a Celery"):
        baked.send(sender=LocalOven, kind="rye")


def test_fields_json_cannot_carry_are_refused_at_connect_time(app: Celery) -> None:
    def box_it(**kwargs: Any) -> None: ...

    with pytest.raises(TypeError) as raised:
        task_receiver(unsendable, app=app)(box_it)

    assert str(raised.value) == (
        "signal 'tests.celery.test_embedded.unsendable' (Unsendable) cannot run receivers on "
        "Celery: fields that hold Python objects JSON cannot carry: 'oven' "
        "(tests.celery.test_embedded.Oven), 'rows' (tests.celery.test_embedded.Oven), 'log' "
        "(_io.StringIO); send what identifies such an object instead (the primary key of a "
        "model instance, the path of a file) and load it in the receiver"
    )
    assert not [name for name in app.tasks if "test_fields_json_cannot_carry" in name]
    assert unsendable.receivers_info() == []


def test_an_untyped_signal_is_refused(app: Celery) -> None:
    with pytest.raises(TypeError) as raised:
        task_receiver(legacy, app=app)

    assert str(raised.value) == (
        "task_receiver needs a typed signal: 'tests.celery.test_embedded.legacy' is untyped, so "
        "its payload could not be validated on the worker; declare it as Signal[YourPayload]()"
    )


def test_the_receivers_signature_is_checked_as_connect_checks_it(app: Celery) -> None:
    def box_it(colour: str, **kwargs: Any) -> None: ...

    with pytest.raises(ReceiverSignatureError) as raised:
        task_receiver(baked, app=app, name="tests.celery.bad_signature")(box_it)

    assert str(raised.value) == (
        "receiver 'tests.celery.test_embedded.test_the_receivers_signature_is_checked_as_connect"
        "_checks_it.<locals>.box_it' cannot receive signal 'tests.celery.test_embedded.baked' "
        "(Baked): parameter 'colour' is required but Baked has no such field"
    )


def test_a_payload_failing_validation_on_the_worker_is_reported_and_never_processed(
    app: Celery, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[object] = []
    retries: list[object] = []

    def note_retry(**kwargs: Any) -> None:
        retries.append(kwargs)

    failures: list[BaseException] = []

    def note_failure(exception: BaseException, **kwargs: Any) -> None:
        failures.append(exception)

    task_retry.connect(note_retry)
    task_failure.connect(note_failure)
    try:

        @task_receiver(baked, app=app, autoretry_for=(Exception,), default_retry_delay=0)
        def box_it(**kwargs: Any) -> None:
            calls.append(kwargs)

        # A stale or tampered message: what the sender's model allowed, this one refuses.
        tampered = {
            "signal": "tests.celery.test_embedded.baked",
            "payload": '{"kind": "rye", "weight": -1, "crust": "hard"}',
            "sender": {"ref": "tests.celery.test_embedded:Oven"},
        }
        with caplog.at_level(logging.ERROR, logger="celery"):
            result = box_it.task.apply_async(kwargs=tampered)
            with pytest.raises(PayloadError) as raised:
                result.get(timeout=WAIT, interval=0.01)
    finally:
        task_retry.disconnect(note_retry)
        task_failure.disconnect(note_failure)

    message = (
        "invalid payload for signal 'tests.celery.test_embedded.baked' (Baked): 2 errors\n"
        "  weight: Input should be greater than 0 [input=-1]\n"
        "  crust: unknown field (Baked has: kind, weight, seeds)"
    )
    assert str(raised.value) == message
    assert [str(failure) for failure in failures] == [message]
    assert calls == []
    assert retries == []
    assert result.state == "FAILURE"
    # The worker logs the failure after storing the result: wait for the record, not the result.
    deadline = time.monotonic() + WAIT
    while not any("invalid payload for signal" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, "the worker logged no failure"
        time.sleep(0.01)


def test_a_message_for_another_signal_is_refused_on_the_worker(app: Celery) -> None:
    @task_receiver([baked, unchecked], app=app)
    def box_it(**kwargs: Any) -> None: ...

    message = {"signal": "elsewhere.signals.sold", "payload": "{}", "sender": {"value": None}}
    with pytest.raises(MessageError) as raised:
        box_it.task.apply_async(kwargs=message).get(timeout=WAIT, interval=0.01)

    assert str(raised.value) == (
        "task receiver 'tests.celery.test_embedded.test_a_message_for_another_signal_is_refused"
        "_on_the_worker.<locals>.box_it' got a message for signal 'elsewhere.signals.sold', but "
        "it is registered for 'tests.celery.test_embedded.baked', "
        "'tests.celery.test_embedded.unchecked': is the worker running other code than the "
        "sender?"
    )


def test_a_sender_the_task_does_not_accept_is_refused(app: Celery) -> None:
    @task_receiver(baked, app=app)
    def box_it(**kwargs: Any) -> None: ...

    message = {
        "signal": "tests.celery.test_embedded.baked",
        "payload": '{"kind": "rye"}',
        "sender": {"ref": "tests.celery.test_embedded:bake_timer"},
    }
    with pytest.raises(MessageError) as raised:
        box_it.task.apply_async(kwargs=message).get(timeout=WAIT, interval=0.01)

    assert str(raised.value) == (
        "task receiver 'tests.celery.test_embedded.test_a_sender_the_task_does_not_accept_is"
        "_refused.<locals>.box_it' of signal 'tests.celery.test_embedded.baked': the message "
        "names sender 'tests.celery.test_embedded:bake_timer', which is not one this task "
        "accepts ('tests.celery.test_embedded:Oven')"
    )


def test_one_task_receiver_on_several_signals_learns_which_one_was_sent(app: Celery) -> None:
    @task_receiver([baked, unchecked], app=app, senders=[Oven])
    def box_it(signal: Signal[Baked], kind: str, **kwargs: Any) -> str:
        return f"{signal.name}: {kind}"

    [(_, from_baked)] = baked.send(sender=Oven, kind="rye")
    [(_, from_unchecked)] = unchecked.send(sender=Oven, kind="spelt")

    assert from_baked.get(timeout=WAIT, interval=0.01) == "baked: rye"
    assert from_unchecked.get(timeout=WAIT, interval=0.01) == "unchecked: spelt"


def test_a_signal_that_skips_validation_is_validated_before_the_payload_leaves(
    app: Celery,
) -> None:
    @task_receiver(unchecked, app=app, senders=[Oven])
    def box_it(weight: int, **kwargs: Any) -> int:
        return weight

    with pytest.raises(PayloadError) as raised:
        unchecked.send(sender=Oven, kind="rye", weight=-5)
    assert str(raised.value) == (
        "invalid payload for signal 'tests.celery.test_embedded.unchecked' (Baked): 1 error\n"
        "  weight: Input should be greater than 0 [input=-5]"
    )
    [(_, result)] = unchecked.send(sender=Oven, kind="rye", weight="650")
    assert result.get(timeout=WAIT, interval=0.01) == 650


def test_a_value_json_cannot_carry_is_a_type_error_at_send_time(app: Celery) -> None:
    @task_receiver(loose, app=app)
    def keep(**kwargs: Any) -> None: ...

    with pytest.raises(TypeError) as raised:
        loose.send(sender=None, anything=Oven())

    assert str(raised.value) == (
        "task receiver 'tests.celery.test_embedded.test_a_value_json_cannot_carry_is_a_type_"
        "error_at_send_time.<locals>.keep' of signal 'tests.celery.test_embedded.loose': the "
        "payload cannot travel to a Celery worker as JSON: Unable to serialize unknown type: "
        "<class 'tests.celery.test_embedded.Oven'>; send JSON-friendly values (a primary key "
        "rather than a model instance, a path rather than a file)"
    )


def test_celery_options_pass_through_and_retries_work(app: Celery) -> None:
    attempts: list[int] = []

    @task_receiver(
        baked,
        app=app,
        queue=app.conf.task_default_queue,
        acks_late=True,
        autoretry_for=(ConnectionError,),
        retry_backoff=False,
        default_retry_delay=0,
        max_retries=3,
    )
    def deliver(**kwargs: Any) -> int:
        attempts.append(len(attempts) + 1)
        if len(attempts) < 3:
            raise ConnectionError("the van is late")
        return len(attempts)

    task = deliver.task
    assert (task.acks_late, task.max_retries) == (True, 3)
    assert task.autoretry_for == (ConnectionError,)
    assert task.dont_autoretry_for == (PayloadError, MessageError)
    [(_, result)] = baked.send(sender=Oven, kind="rye")
    assert result.get(timeout=WAIT, interval=0.01) == 3
    assert attempts == [1, 2, 3]


def test_bind_and_a_taken_task_name_are_refused(app: Celery) -> None:
    with pytest.raises(TypeError) as bound:
        task_receiver(baked, app=app, bind=True)
    assert str(bound.value) == (
        "task_receiver does not take bind=True: the function is called as any receiver is "
        "(signal, sender, fields); use autoretry_for=/retry_backoff= for retries, or "
        "celery.current_task for the running task"
    )

    @task_receiver(baked, app=app, name="tests.celery.taken")
    def first(**kwargs: Any) -> None: ...

    def second(**kwargs: Any) -> None: ...

    with pytest.raises(TypeError) as taken:
        task_receiver(baked, app=app, name="tests.celery.taken")(second)
    assert str(taken.value) == (
        "task_receiver 'tests.celery.test_embedded.test_bind_and_a_taken_task_name_are_refused"
        ".<locals>.second': the Celery app 'embedded' already has a task named "
        "'tests.celery.taken'; pass name='…' to task_receiver"
    )


def test_introspection_marks_it_as_running_on_celery(app: Celery) -> None:
    @task_receiver(baked, app=app, sender=Oven)
    def box_it(**kwargs: Any) -> None: ...

    [info] = baked.receivers_info()
    assert (info.label, info.sender, info.is_async, info.runs_on) == (
        "tests.celery.test_embedded.test_introspection_marks_it_as_running_on_celery"
        ".<locals>.box_it",
        Oven,
        False,
        "Celery",
    )
    assert repr(info.receiver) == (
        "<queues Celery task 'tests.celery.test_embedded.test_introspection_marks_it_as_running"
        "_on_celery.<locals>.box_it' for signal 'tests.celery.test_embedded.baked'>"
    )


def test_the_receiver_lives_as_long_as_the_decorated_name(app: Celery) -> None:
    def box_it(**kwargs: Any) -> None: ...

    task_receiver(baked, app=app, name="tests.celery.dropped")(box_it)

    assert baked.receivers_info() == []


def test_broker_down_send_raises_send_robust_logs_and_returns_the_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = closed_port()
    down = Celery("down", broker=f"redis://:secret@127.0.0.1:{port}/0", set_as_current=False)
    down.conf.broker_connection_retry_on_startup = True
    later: list[object] = []

    @task_receiver(baked, app=down)
    def box_it(**kwargs: Any) -> None: ...

    @baked.connect
    def after(**kwargs: Any) -> None:
        later.append(kwargs)

    with pytest.raises(EnqueueError) as raised:
        baked.send(sender=Oven, kind="rye")
    message = str(raised.value)
    assert message.startswith(
        "task receiver 'tests.celery.test_embedded.test_broker_down_send_raises_send_robust_logs"
        "_and_returns_the_error.<locals>.box_it' of signal 'tests.celery.test_embedded.baked': "
        "could not queue task 'tests.celery.test_embedded.test_broker_down_send_raises_send_"
        "robust_logs_and_returns_the_error.<locals>.box_it' (id "
    )
    assert message.endswith(
        f") on broker 'redis://:**@127.0.0.1:{port}/0' (Error 111 connecting to "
        f"127.0.0.1:{port}. Connection refused.); nothing was queued for this receiver: send "
        "again once the broker is reachable"
    )
    assert later == []

    with caplog.at_level(logging.ERROR, logger="typedsignals"):
        [(_, error), (_, after_response)] = baked.send_robust(sender=Oven, kind="rye")
    assert isinstance(error, EnqueueError)
    assert after_response is None
    assert len(later) == 1
    assert [record.getMessage().split(": ", 1)[0] for record in caplog.records] == [
        f"receiver {box_it.task.name!r} of signal 'tests.celery.test_embedded.baked' raised "
        "EnqueueError"
    ]
