"""The broker is not trusted: what a crafted message can make the (in-process) worker do.

Nothing but the task's own function, with one of the task's own signals, a sender it accepts
and a payload its model validates. Every other message is a ``MessageError`` (a payload that
fails validation, a ``PayloadError``): logged once with the task id, acknowledged, never
retried, even with ``autoretry_for=(Exception,)``. Nothing a message names is ever imported.
"""

from __future__ import annotations

import gc
import logging
import pickle
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from celery.signals import task_retry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

from typedsignals import PayloadError, Signal
from typedsignals.contrib.celery import MessageError, task_receiver

from .conftest import Opens, embedded_app

WAIT = 10
CANARY = "tests.celery.import_canary"


class Shop:
    """The one sender ``filtered`` accepts."""


class Till:
    """A module-level class no task receiver names: it must not be accepted as a sender."""


class Sale(BaseModel):
    number: int = Field(ge=0)


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")
    number: int


sold = Signal[Sale]()
opened = Signal[Open]()
fuzzed = Signal[Sale]()


@pytest.fixture(autouse=True)
def _collect_receivers() -> Iterator[None]:
    yield
    gc.collect()


class Attempts:
    """What the worker did with the messages of one task receiver: calls and retries."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.retries: list[object] = []

    def __call__(self, **kwargs: Any) -> str:
        self.calls.append(kwargs)
        return "ran"

    def note_retry(self, sender: Any = None, **kwargs: Any) -> None:
        self.retries.append(kwargs)


@pytest.fixture
def attempts() -> Iterator[Attempts]:
    seen = Attempts()
    task_retry.connect(seen.note_retry)
    try:
        yield seen
    finally:
        task_retry.disconnect(seen.note_retry)


def logged_failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The worker's failure log records: the worker logs after storing the result, so wait
    for the first, then a little longer for any other."""
    deadline = time.monotonic() + WAIT
    while not caplog.records and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    return [record for record in caplog.records if record.name == "celery.app.trace"]


def valid(**changes: Any) -> dict[str, Any]:
    """A message ``sold`` would send, with ``changes``."""
    return {"signal": "tests.celery.test_trust.sold", "payload": '{"number": 1}', **changes}


def run(
    app: Celery, attempts: Attempts, name: str, args: Any, kwargs: Any, **options: Any
) -> tuple[Exception, str]:
    """Declare a task receiver of ``sold`` named ``name`` (retrying any exception), deliver a
    message with ``args``/``kwargs`` to it on the worker; return what ``get()`` raised, and
    the task id."""

    def receive(**kwargs: Any) -> str:
        return attempts(**kwargs)

    receiver = task_receiver(
        sold,
        app=app,
        name=name,
        autoretry_for=(Exception,),
        default_retry_delay=0,
        max_retries=3,
        acks_late=True,
        **options,
    )(receive)
    result = receiver.task.apply_async(args=args, kwargs=kwargs)
    with pytest.raises((MessageError, PayloadError)) as raised:
        result.get(timeout=WAIT, interval=0.01)
    assert result.state == "FAILURE"
    return raised.value, result.id


NAMED_SENDERS = {
    "canary": {"ref": f"{CANARY}:Anything"},
    "canary-old-format": {"import": [CANARY, "Anything"]},
    "os.system": {"ref": "posix:system"},
    "subprocess.Popen": {"ref": "subprocess:Popen"},
    "builtins.eval": {"ref": "builtins:eval"},
    "os.environ": {"ref": "os:environ"},
    "a module": {"ref": "os:"},
    "an unnamed class": {"ref": "tests.celery.test_trust:Till"},
    "a dotted path": {"ref": "tests.celery.test_trust:Shop.__init__"},
}


@pytest.mark.parametrize("reference", NAMED_SENDERS.values(), ids=NAMED_SENDERS)
def test_a_sender_the_task_did_not_name_is_refused_and_nothing_is_imported(
    app: Celery, attempts: Attempts, reference: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    error, _ = run(app, attempts, request.node.name, (), valid(sender=reference))

    assert isinstance(error, MessageError)
    assert CANARY not in sys.modules
    assert not hasattr(sys, "typedsignals_canary")
    assert (attempts.calls, attempts.retries) == ([], [])


def test_the_refusal_names_the_task_the_signal_and_what_it_accepts(
    app: Celery, attempts: Attempts
) -> None:
    error, _ = run(app, attempts, "trust.named", (), valid(sender={"ref": f"{CANARY}:Anything"}))

    assert str(error) == (
        "task receiver 'tests.celery.test_trust.run.<locals>.receive' of signal "
        "'tests.celery.test_trust.sold': the message names sender "
        "'tests.celery.import_canary:Anything', which is not one this task accepts (JSON "
        "values only)"
    )


def test_a_sender_filter_is_enforced_on_the_worker(app: Celery) -> None:
    calls: list[object] = []

    @task_receiver(sold, app=app, sender=Shop, name="trust.filtered")
    def filtered(sender: object, **kwargs: Any) -> None:
        calls.append(sender)

    [(_, result)] = sold.send(Shop, number=3)
    result.get(timeout=WAIT, interval=0.01)
    assert calls == [Shop]
    for reference in ({"value": None}, {"value": "tests.celery.test_trust:Shop"}, {"ref": "x:Y"}):
        message = valid(sender=reference)
        with pytest.raises(MessageError) as raised:
            filtered.task.apply_async(kwargs=message).get(timeout=WAIT, interval=0.01)
        assert "the receiver runs for sender tests.celery.test_trust.Shop only" in str(raised.value)
    assert calls == [Shop]


def test_a_sender_filter_that_is_a_json_value_is_enforced_too(app: Celery) -> None:
    calls: list[object] = []
    till = "till-1"

    @task_receiver(sold, app=app, sender=till, name="trust.filtered_value")
    def filtered(sender: object, **kwargs: Any) -> None:
        calls.append(sender)

    [(_, result)] = sold.send(till, number=3)
    result.get(timeout=WAIT, interval=0.01)
    for other in ("till-2", 1, True, ["till-1"]):
        with pytest.raises(MessageError, match="runs for sender 'till-1' only"):
            filtered.task.apply_async(kwargs=valid(sender={"value": other})).get(
                timeout=WAIT, interval=0.01
            )
    assert calls == ["till-1"]


SENDER = {"value": None}
POISON = {
    "reference is a str": ((), valid(sender={"import": "os.system"})),
    "reference is a list": ((), valid(sender=["os"])),
    "reference pair of int and str": ((), valid(sender=[5, "X"])),
    "reference is empty": ((), valid(sender={})),
    "reference is None": ((), valid(sender=None)),
    "reference has both keys": ((), valid(sender={"ref": "a:b", "value": 1})),
    "reference is an int": ((), valid(sender={"ref": 5})),
    "sender value is NaN": ((), valid(sender={"value": float("nan")})),
    "sender value nests deep": (
        (),
        valid(
            sender={"value": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
        ),
    ),
    "signal is a list": ((), valid(signal=["tests", "celery"], sender=SENDER)),
    "signal is a dict": ((), valid(signal={"a": 1}, sender=SENDER)),
    "signal is unknown": ((), valid(signal="os.system", sender=SENDER)),
    "payload is a dict": ((), valid(payload={"number": 1}, sender=SENDER)),
    "payload is an int": ((), valid(payload=1, sender=SENDER)),
    "payload is not JSON": ((), valid(payload="{", sender=SENDER)),
    "payload is a JSON list": ((), valid(payload="[1]", sender=SENDER)),
    "payload is JSON null": ((), valid(payload="null", sender=SENDER)),
    "payload has a signal key": ((), valid(payload='{"number": 1, "signal": 2}', sender=SENDER)),
    "payload has a sender key": ((), valid(payload='{"number": 1, "sender": 2}', sender=SENDER)),
    "positional arguments": (("tests.celery.test_trust.sold", '{"number": 1}', SENDER), {}),
    "one positional argument too many": ((1,), valid(sender=SENDER)),
    "no arguments": ((), {}),
    "a keyword missing": ((), valid()),
    "a keyword too many": ((), valid(sender=SENDER, signal_=1)),
}


@pytest.mark.parametrize(("args", "kwargs"), POISON.values(), ids=POISON)
def test_a_poison_message_is_a_message_error_logged_once_and_never_retried(
    app: Celery,
    attempts: Attempts,
    args: Any,
    kwargs: Any,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="celery.app.trace"):
        error, task_id = run(app, attempts, request.node.name, args, kwargs)
        logged = logged_failures(caplog)

    assert isinstance(error, MessageError)
    assert (attempts.calls, attempts.retries) == ([], [])
    [record] = logged
    assert f"[{task_id}] raised unexpected: MessageError(" in record.getMessage()
    assert "\n" not in str(error)


def test_a_reserved_key_is_refused_in_an_extra_allow_payload_too(
    app: Celery, attempts: Attempts
) -> None:
    receiver = task_receiver(opened, app=app, name="trust.opened", autoretry_for=(Exception,))(
        attempts.__call__
    )
    for key in ("signal", "sender"):
        message = {
            "signal": "tests.celery.test_trust.opened",
            "payload": f'{{"number": 1, "{key}": "forged"}}',
            "sender": SENDER,
        }
        with pytest.raises(MessageError) as raised:
            receiver.task.apply_async(kwargs=message).get(timeout=WAIT, interval=0.01)
        assert str(raised.value) == (
            f"signal 'tests.celery.test_trust.opened': the payload has a key named {key!r}, "
            f"which no payload may have (every receiver gets the {key} as {key!r})"
        )
    assert (attempts.calls, attempts.retries) == ([], [])


def test_an_invalid_payload_is_a_payload_error_on_get_and_never_retried(
    app: Celery, attempts: Attempts
) -> None:
    error, _ = run(
        app, attempts, "trust.invalid", (), valid(payload='{"number": -1}', sender=SENDER)
    )

    assert isinstance(error, PayloadError)
    assert str(error) == (
        "invalid payload for signal 'tests.celery.test_trust.sold' (Sale): 1 error\n"
        "  number: Input should be greater than or equal to 0 [input=-1]"
    )
    assert error.signal is sold
    assert (attempts.calls, attempts.retries) == ([], [])


def test_what_a_message_says_cannot_forge_or_flood_the_error(
    app: Celery, attempts: Attempts
) -> None:
    forged = "sold'\nERROR forged log line" + "x" * 1_000_000
    error, _ = run(app, attempts, "trust.forged", (), valid(signal=forged, sender=SENDER))

    assert isinstance(error, MessageError)
    assert "\n" not in str(error)
    assert len(str(error)) < 600


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FUZZED = "tests.celery.test_trust.fuzzed"
message_keys = st.sampled_from(["signal", "payload", "sender", "ref", "value", "import", "x"])


@st.composite
def messages(draw: st.DrawFn) -> tuple[list[Any], dict[str, Any]]:
    """Arguments a broker could deliver: anything JSON, often close to a real message."""
    kwargs = draw(st.dictionaries(message_keys | st.text(max_size=8), json_values, max_size=4))
    if draw(st.booleans()):
        kwargs = {
            **valid(sender=draw(st.dictionaries(message_keys, json_values, max_size=2))),
            **kwargs,
        }
    if draw(st.booleans()):
        kwargs["payload"] = draw(st.text(max_size=30) | json_values.map(repr))
    return draw(st.lists(json_values, max_size=2)), kwargs


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(messages())
def test_fuzzed_messages_are_refused_unless_valid_and_never_retried(
    message: tuple[list[Any], dict[str, Any]],
) -> None:
    """Hypothesis over message arguments, run by the task as the worker runs it (eagerly)."""
    args, kwargs = message
    seen = FUZZ.attempts
    before = (len(seen.calls), len(seen.retries))
    result = FUZZ.task.apply(args=args, kwargs=kwargs)
    called = len(seen.calls) - before[0]
    assert len(seen.retries) == before[1]
    if called:
        assert called == 1
        assert result.state == "SUCCESS"
        assert not args
        assert kwargs["signal"] == FUZZED
    else:
        assert result.state == "FAILURE"
        assert type(result.result) in (MessageError, PayloadError), repr(result.result)


class _Fuzz:
    """A task receiver of ``fuzzed`` on an app of its own (tasks run eagerly, in the test)."""

    def __init__(self) -> None:
        self.attempts = Attempts()
        task_retry.connect(self.attempts.note_retry, weak=False)
        self.app = embedded_app("fuzz")
        self.receiver = task_receiver(
            fuzzed, app=self.app, autoretry_for=(Exception,), max_retries=3, name="trust.fuzz"
        )(self.attempts.__call__)
        self.task = self.receiver.task


FUZZ = _Fuzz()


def test_pickle_is_refused_at_declaration_and_options_it_relies_on_are_its_own(
    app: Celery,
) -> None:
    def box_it(**kwargs: Any) -> None: ...

    for serializer in ("pickle", "yaml", "msgpack"):
        with pytest.raises(TypeError) as raised:
            task_receiver(sold, app=app, serializer=serializer)
        assert str(raised.value) == (
            f"task_receiver takes JSON messages only, not serializer={serializer!r}: a worker "
            "that decodes pickle (or any serializer that builds objects) runs whatever the "
            "broker sends; drop the serializer option"
        )
    for option in ("Strategy", "typing"):
        with pytest.raises(TypeError, match=f"sets the task option '{option}' itself"):
            task_receiver(sold, app=app, **{option: None})


def test_a_pickled_message_is_refused_before_it_is_decoded(app: Celery, tmp_path: Path) -> None:
    """The task's strategy refuses the content type before Celery decodes the body (here the
    app refuses pickle anyway; on a real worker whose app accepts it: test_redis.py)."""
    calls: list[object] = []

    @task_receiver(sold, app=app, name="trust.pickled", autoretry_for=(Exception,))
    def record(sender: object, **kwargs: Any) -> None:
        calls.append(sender)

    unpickled = tmp_path / "unpickled"
    result = app.send_task(
        "trust.pickled", kwargs=valid(sender={"value": Opens(unpickled)}), serializer="pickle"
    )
    with pytest.raises(MessageError) as raised:
        result.get(timeout=WAIT, interval=0.01)
    [(_, sent)] = sold.send(None, number=2)
    sent.get(timeout=WAIT, interval=0.01)

    assert str(raised.value) == (
        f"task 'trust.pickled' (id '{result.id}') accepts JSON messages only (application/json)"
        ", and this one is 'application/x-python-serialize'"
    )
    assert calls == [None]
    assert not unpickled.exists()  # never unpickled: it would have created the file
    assert pickle.loads(pickle.dumps(raised.value)).args == raised.value.args


def test_a_signal_without_a_label_of_its_own_is_refused(app: Celery) -> None:
    nameless = Signal[Sale]()
    with pytest.raises(TypeError) as raised:
        task_receiver(nameless, app=app)
    assert str(raised.value) == (
        "task_receiver needs a signal with a label of its own, and <Signal[Sale] 'Signal[Sale]'>"
        " is bound to no module-level name: the worker finds the signal by its label; assign "
        "it to a module-level variable, or pass Signal(name=...)"
    )
    twin = Signal[Sale](name="sold")
    with pytest.raises(TypeError) as raised:
        task_receiver([sold, twin], app=app)
    assert str(raised.value) == (
        "task_receiver: two signals have the label 'tests.celery.test_trust.sold', so the "
        "worker could not tell them apart; give each a unique name (Signal(name=...))"
    )


@pytest.mark.parametrize(
    "body",
    [[None, None, None], [[], None, {}], 5, {"args": [], "kwargs": {}}, [[], {}], "text"],
    ids=["nulls", "kwargs-null", "a number", "protocol-1 shape", "two parts", "a string"],
)
def test_a_message_body_of_another_shape_is_refused_before_celery_reads_it(
    app: Celery, body: object, request: pytest.FixtureRequest
) -> None:
    calls: list[object] = []
    name = f"trust.body.{request.node.callspec.id}"

    @task_receiver(sold, app=app, name=name, autoretry_for=(Exception,))
    def record(**kwargs: Any) -> None:
        calls.append(kwargs)

    [(_, first)] = sold.send(None, number=1)  # a real send (the worker learns the task)
    first.get(timeout=WAIT, interval=0.01)
    task_id = f"raw-{request.node.callspec.id}"
    headers = {"task": name, "id": task_id, "lang": "py", "root_id": task_id}
    with app.producer_or_acquire() as producer:
        producer.publish(
            body,
            routing_key=app.conf.task_default_queue,
            headers=headers,
            serializer="json",
            declare=[app.amqp.queues[app.conf.task_default_queue]],
        )
    with pytest.raises(MessageError) as raised:
        record.task.AsyncResult(task_id).get(timeout=WAIT, interval=0.01)

    assert str(raised.value).startswith(
        f"task {name!r} (id {task_id!r}) takes a message body [args, kwargs, options], and "
        "this one is "
    )
    assert len(calls) == 1  # the real send only


def test_a_sender_filter_and_a_list_of_senders_do_not_mix(app: Celery) -> None:
    def box_it(**kwargs: Any) -> None: ...

    with pytest.raises(TypeError) as raised:
        task_receiver(sold, app=app, sender=Shop, senders=[Till])(box_it)
    assert str(raised.value) == (
        "task receiver 'tests.celery.test_trust.test_a_sender_filter_and_a_list_of_senders_do_"
        "not_mix.<locals>.box_it': pass sender= (the one sender it runs for) or senders= "
        "(classes and functions it accepts besides JSON values), not both"
    )
    with pytest.raises(TypeError) as raised:
        task_receiver(sold, app=app, sender=Shop())(box_it)
    assert str(raised.value).endswith(
        "cannot travel to a Celery worker; a sender travels as the import path of a "
        "module-level class or function, or as a JSON value (str, int, float, bool, None, "
        "list, dict with str keys): send a class or an identifier instead"
    )
