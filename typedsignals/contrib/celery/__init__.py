"""Receivers that run as Celery tasks: ``task_receiver``.

On ``send`` the signal calls a small stand-in receiver that queues the task: the validated
payload travels as JSON (``wire.WireFormat``) with the signal's label and a reference to the
sender. The worker does not trust the broker: it acts only on messages naming one of the
task's own signals and a sender the task accepts (``worker.Senders``), validates the payload
again with the model's own schema and calls the function with the same keyword arguments a
local receiver gets. Needs the ``celery`` extra; Django only for ``on_commit=True``.
"""

from __future__ import annotations

import functools
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

from typedsignals.extras import requires_extra

with requires_extra(__name__, "Celery", extra="celery"):
    import celery  # noqa: F401  (brings kombu, imported below)

from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url

from typedsignals import PayloadError, Signal
from typedsignals.contrib.celery.errors import EnqueueError, MessageError
from typedsignals.contrib.celery.wire import WireFormat
from typedsignals.contrib.celery.worker import Senders, message_arguments
from typedsignals.redaction import one_line

if TYPE_CHECKING:
    from celery import Celery, Task
    from celery.result import AsyncResult

__all__ = ["EnqueueError", "MessageError", "TaskReceiver", "task_receiver"]

P = ParamSpec("P")
R = TypeVar("R")

RUNS_ON = "Celery"
"""The ``typedsignals_runs_on`` mark of a task receiver's stand-in, shown by the docs tools."""

_NOT_RETRIED = (PayloadError, MessageError)
"""Exceptions no ``autoretry_for`` retries: the same message would fail the same way."""

_SERIALIZER = "json"
_STRATEGY = "typedsignals.contrib.celery.worker:json_only_strategy"
"""The task's ``Strategy`` (as Celery names one): refuses non-JSON messages undecoded."""
_OWN_OPTIONS = ("Strategy", "typing")
"""Task options ``task_receiver`` sets itself: the worker's checks depend on them."""

_labels_by_app: weakref.WeakKeyDictionary[Celery, weakref.WeakValueDictionary[str, Signal[Any]]]
_labels_by_app = weakref.WeakKeyDictionary()
"""Per Celery app, the signal each label names in its task receivers' messages."""


class TaskReceiver(Generic[P, R]):
    """What ``@task_receiver`` makes of a function: still callable locally, plus ``.task``.

    Calling it runs the function here and now (as a test or a management command would);
    sending the signal queues ``task`` instead.
    """

    __wrapped__: Callable[P, R]
    task: Task[..., R]
    """The Celery task; a worker runs it when a signal is sent."""

    def __init__(
        self, func: Callable[P, R], task: Task[..., R], stand_ins: Sequence[_QueueTask]
    ) -> None:
        functools.update_wrapper(self, func)
        self.task = task
        self._stand_ins = tuple(stand_ins)  # the signals hold them weakly, as any receiver

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.__wrapped__(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<TaskReceiver for task {self.task.name!r}>"


def task_receiver(
    signal_or_list: Signal[Any] | Sequence[Signal[Any]],
    *,
    app: Celery,
    sender: Any = None,
    senders: Iterable[Any] = (),
    on_commit: bool = False,
    reveal_secrets: bool = False,
    durable: bool = False,
    exactly_once: bool = False,
    **task_options: Any,
) -> Callable[[Callable[P, R]], TaskReceiver[P, R]]:
    """Make the decorated function a receiver that runs as a Celery task of ``app``.

    ``task_options`` go to ``app.task`` (``acks_late``, ``autoretry_for``, ``retry_backoff``,
    ``max_retries``…), except ``queue``, which each send passes to ``apply_async`` (Celery
    deprecates it as a task attribute); the task's ``name`` defaults to the function's
    ``module.qualname``. Messages are JSON only. A payload that fails validation on the worker
    raises ``PayloadError`` there, a message the worker cannot act on ``MessageError``; neither
    is ever retried. That receiver's response from ``send`` is the task's ``AsyncResult``.
    With ``on_commit=True`` the task is queued when the surrounding Django transaction
    (default database) commits, never if it rolls back; the ``AsyncResult`` returned at send
    time already carries the task id it will have.

    Senders: with ``sender=X`` the task runs for ``X`` only, checked on the worker too.
    Without, it runs for any JSON value sender, and for the classes and functions named in
    advance: the signal's ``sender`` and ``senders=[...]``. ``reveal_secrets=True`` sends
    ``SecretStr``/``SecretBytes``/``Secret`` fields in clear (JSON masks them otherwise, so
    such a payload is refused without it).

    ``durable=True`` (Django, with ``"typedsignals.contrib.django.outbox"`` installed): each
    send writes an outbox row in the current transaction, published after the commit, by the
    relay if the broker was down; the worker records each failed try on the row, which is
    retried with backoff, then ``dead``. Tasks acknowledge late unless ``acks_late=False`` is
    passed. ``exactly_once=True`` (with ``durable``) runs the function in
    ``transaction.atomic()`` with the event recorded in the inbox: a redelivery is skipped.
    See docs/durable-delivery.md.

    Raises ``TypeError`` for an untyped signal, a signal without a unique label, a payload
    model that cannot travel intact as JSON (naming the field and why), a sender that cannot
    travel, a non-JSON ``serializer``, ``bind=True``, or a task name ``app`` already uses for
    another function; ``ReceiverSignatureError`` as ``connect`` does.
    """
    signals = [signal_or_list] if isinstance(signal_or_list, Signal) else list(signal_or_list)
    wires = {}
    for signal in signals:
        _check_travels_as_json(signal)
        wires[signal.label] = WireFormat.of(signal, reveal_secrets=reveal_secrets)
    _check_labels(signals, app)
    _check_options(task_options)
    if durable or exactly_once:
        _check_durable(signals, on_commit, durable, task_options)
        task_options.setdefault("acks_late", True)

    def make_task_receiver(func: Callable[P, R]) -> TaskReceiver[P, R]:
        call = cast("Callable[..., R]", func)
        label = f"{func.__module__}.{func.__qualname__}"
        where = f"task receiver {label!r}"
        by_label = {signal.label: signal for signal in signals}
        accepted = {
            signal.label: Senders.declared(signal, sender, senders, f"{where}")
            for signal in signals
        }
        options = {"name": label, "serializer": _SERIALIZER, **task_options}
        queue = options.pop("queue", None)
        task_name = options["name"]

        def decode(*args: Any, **kwargs: Any) -> tuple[Signal[Any], Any, dict[str, Any]]:
            signal_label, payload, reference = message_arguments(task_name, args, kwargs)
            signal = by_label.get(signal_label)
            if signal is None:
                raise MessageError(
                    f"{where} got a message for signal {one_line(signal_label, 200)!r}, but it "
                    f"is registered for {', '.join(map(repr, by_label))}: is the worker "
                    "running other code than the sender?"
                )
            found = accepted[signal.label].resolve(reference, f"{where} of signal {signal.label!r}")
            return signal, found, wires[signal.label].load(signal, payload)

        def task_body(*args: Any, **kwargs: Any) -> Any:
            signal, found, values = decode(*args, **kwargs)
            return call(signal=signal, sender=found, **values)

        if durable:
            from typedsignals.contrib.django.outbox.delivery import durable_body

            task_body = durable_body(task_name, decode, call, exactly_once=exactly_once)
        _name_like(task_body, func)
        if task_name in app.tasks:
            # celery-types before 0.24 does not declare Celery.main, which every Celery has.
            app_name = app.main  # type: ignore[attr-defined, unused-ignore]
            raise TypeError(
                f"task_receiver {label!r}: the Celery app {app_name!r} already has a task "
                f"named {task_name!r}; pass name='…' to task_receiver"
            )
        options["dont_autoretry_for"] = (*options.get("dont_autoretry_for", ()), *_NOT_RETRIED)
        # The worker's checks: JSON messages only, arguments checked by the body itself.
        options.update(Strategy=_STRATEGY, typing=False)
        # not lazy: the task must exist now; not shared: it belongs to `app` alone
        make_task = cast(
            "Callable[[Callable[..., R]], Task[..., R]]",
            app.task(shared=False, lazy=False, **options),
        )
        task = make_task(task_body)
        stand_ins = [
            _QueueTask(
                func,
                task,
                signal,
                wires[signal.label],
                accepted[signal.label],
                on_commit=on_commit,
                queue=queue,
                durable=durable,
                exactly_once=exactly_once,
            )
            for signal in signals
        ]
        if durable:
            from typedsignals.contrib.django.outbox.conf import register

            register(task.name, stand_ins[0].publish)
        for stand_in in stand_ins:
            stand_in.signal.connect(stand_in, sender=sender)
        return TaskReceiver(func, task, stand_ins)

    return make_task_receiver


class _QueueTask:
    """The receiver ``send`` calls for a task receiver: it queues the task.

    It carries the function's name (so errors and docs name the function), its signature (so
    ``connect`` checks the function) and the ``typedsignals_runs_on`` mark.
    """

    typedsignals_runs_on = RUNS_ON

    def __init__(
        self,
        func: Callable[..., Any],
        task: Task[..., Any],
        signal: Signal[Any],
        wire: WireFormat,
        senders: Senders,
        *,
        on_commit: bool,
        queue: str | None,
        durable: bool = False,
        exactly_once: bool = False,
    ) -> None:
        self.__module__ = func.__module__
        self.__qualname__ = func.__qualname__
        self.__name__ = func.__name__
        self.__wrapped__ = func
        self.task = task
        self.signal = signal
        self.wire = wire
        self.senders = senders
        self.on_commit = on_commit
        self.publish_options: dict[str, Any] = {} if queue is None else {"queue": queue}
        self.fingerprint: str | None = None
        if durable:
            from typedsignals.contrib.django.outbox.conf import schema_fingerprint

            self.fingerprint = schema_fingerprint(signal)
            once = ", exactly once" if exactly_once else ""
            self.typedsignals_runs_on = f"{RUNS_ON} (durable{once})"

    def __repr__(self) -> str:
        return f"<queues Celery task {self.task.name!r} for signal {self.signal.label!r}>"

    def __call__(self, *, signal: Signal[Any], sender: Any, **values: Any) -> AsyncResult[Any]:
        where = self._where()
        if not signal.validates:
            # The sender skipped validation; the worker will not: fail here, not there.
            values = signal.payload_spec.validated_values(signal, values)  # type: ignore[union-attr]
        message: dict[str, Any] = {
            "signal": signal.label,
            "payload": self.wire.dump(signal, values, where),
            "sender": self.senders.reference(sender, where),
        }
        if self.fingerprint is not None:
            from typedsignals.contrib.django.outbox.delivery import write

            event_id = write(
                signal=signal.label,
                receiver=self.task.name,
                payload=message["payload"],
                sender=message["sender"],
                fingerprint=self.fingerprint,
            )
            return self.task.AsyncResult(str(event_id))
        task_id = str(uuid.uuid4())
        if not self.on_commit:
            return self.publish(message, task_id)
        from django.db import transaction  # only here: Django is needed for on_commit alone

        transaction.on_commit(functools.partial(self.publish, message, task_id))
        return self.task.AsyncResult(task_id)

    def publish(
        self, message: dict[str, Any], task_id: str, *, retry: bool = True
    ) -> AsyncResult[Any]:
        """Queue the task; ``retry=False`` fails at once when the broker is unreachable."""
        try:
            return self.task.apply_async(
                kwargs=message,
                task_id=task_id,
                serializer=_SERIALIZER,
                retry=retry,
                **self.publish_options,
            )
        except OperationalError as exc:
            broker = maybe_sanitize_url(self.task.app.conf.broker_url)
            raise EnqueueError(
                f"{self._where()}: could not queue task {self.task.name!r} (id {task_id}) on "
                f"broker {broker!r} ({exc}); nothing was queued for this receiver: send again "
                "once the broker is reachable"
            ) from exc

    def _where(self) -> str:
        return (
            f"task receiver '{self.__module__}.{self.__qualname__}' of signal {self.signal.label!r}"
        )


def _check_options(task_options: dict[str, Any]) -> None:
    if task_options.get("bind"):
        raise TypeError(
            "task_receiver does not take bind=True: the function is called as any receiver "
            "is (signal, sender, fields); use autoretry_for=/retry_backoff= for retries, or "
            "celery.current_task for the running task"
        )
    serializer = task_options.get("serializer", _SERIALIZER)
    if serializer != _SERIALIZER:
        raise TypeError(
            f"task_receiver takes JSON messages only, not serializer={serializer!r}: a worker "
            "that decodes pickle (or any serializer that builds objects) runs whatever the "
            "broker sends; drop the serializer option"
        )
    for option in _OWN_OPTIONS:
        if option in task_options:
            raise TypeError(
                f"task_receiver sets the task option {option!r} itself (the worker's checks "
                "depend on it); drop it"
            )


def _check_durable(
    signals: list[Signal[Any]], on_commit: bool, durable: bool, task_options: dict[str, Any]
) -> None:
    where = f"task_receiver for {', '.join(repr(signal.label) for signal in signals)}"
    if not durable:
        raise TypeError(
            f"{where}: exactly_once=True needs durable=True (the inbox records events the "
            "outbox delivers); add durable=True"
        )
    if on_commit:
        raise TypeError(
            f"{where}: durable=True already publishes after the commit (and the relay "
            "publishes what that missed); drop on_commit=True"
        )
    for option in ("autoretry_for", "max_retries", "retry_backoff"):
        if option in task_options:
            raise TypeError(
                f"{where}: the outbox retries durable receivers itself (with backoff, "
                f"settings.TYPEDSIGNALS_OUTBOX MAX_ATTEMPTS/BACKOFF); drop {option}="
            )
    from typedsignals.contrib.django.outbox.conf import require_installed

    require_installed(where)


def _check_labels(signals: list[Signal[Any]], app: Celery) -> None:
    """Each signal's label names it alone, in this app's messages."""
    known = _labels_by_app.setdefault(app, weakref.WeakValueDictionary())
    for signal in signals:
        label = signal.label
        if label == f"Signal[{signal.model_label}]":
            raise TypeError(
                f"task_receiver needs a signal with a label of its own, and {signal!r} is bound "
                "to no module-level name: the worker finds the signal by its label; assign it "
                "to a module-level variable, or pass Signal(name=...)"
            )
        other = known.get(label)
        twins = [each for each in signals if each.label == label]
        if (other is not None and other is not signal) or len(twins) > 1:
            raise TypeError(
                f"task_receiver: two signals have the label {label!r}, so the worker could not "
                "tell them apart; give each a unique name (Signal(name=...))"
            )
        known[label] = signal


def _name_like(task_body: Callable[..., Any], func: Callable[..., Any]) -> None:
    """Give the task's body ``func``'s names, so Celery's task class and logs show ``func``.

    Not ``functools.wraps``: its ``__wrapped__`` would give the body ``func``'s signature.
    """
    task_body.__module__ = func.__module__
    task_body.__name__ = func.__name__
    task_body.__qualname__ = func.__qualname__
    task_body.__doc__ = func.__doc__


def _check_travels_as_json(signal: Signal[Any]) -> None:
    """Refuse untyped signals and payload models with fields JSON cannot carry."""
    if signal.payload_model is None:
        raise TypeError(
            f"task_receiver needs a typed signal: {signal.label!r} is untyped, so its payload "
            "could not be validated on the worker; declare it as Signal[YourPayload]()"
        )
    problems = [
        f"{field!r} ({', '.join(python_types)})"
        for field, python_types in _python_types_by_field(signal.json_schema())
    ]
    if problems:
        raise TypeError(
            f"signal {signal.label!r} ({signal.model_label}) cannot run receivers on Celery: "
            f"fields that hold Python objects JSON cannot carry: {', '.join(problems)}; send "
            "what identifies such an object instead (the primary key of a model instance, the "
            "path of a file) and load it in the receiver"
        )


def _python_types_by_field(schema: dict[str, Any]) -> Iterator[tuple[str, list[str]]]:
    """Each top-level field whose schema (through ``$ref``) has an ``x-python-type``."""
    definitions = schema.get("$defs", {})
    for field, field_schema in schema.get("properties", {}).items():
        found = sorted(set(_python_types(field_schema, definitions, set())))
        if found:
            yield field, found


def _python_types(node: object, definitions: dict[str, Any], seen: set[str]) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _python_types(item, definitions, seen)
    if not isinstance(node, dict):
        return
    if "x-python-type" in node:
        yield node["x-python-type"]
    reference = node.get("$ref")
    if isinstance(reference, str) and reference not in seen:
        seen.add(reference)
        yield from _python_types(definitions.get(reference.rpartition("/")[2]), definitions, seen)
    for key, value in node.items():
        if key != "$ref":
            yield from _python_types(value, definitions, seen)
