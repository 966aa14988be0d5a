"""Receivers that run as Celery tasks: ``task_receiver``.

On ``send`` the signal calls a small stand-in receiver that queues the task: the validated
payload travels as JSON (pydantic, ``mode="json"``) with the signal's import path and a
reference to the sender. The worker finds the signal through the task's own registration,
validates the payload again with ``model_validate_json`` and calls the function with the same
keyword arguments a local receiver gets. Needs the ``celery`` extra; Django only for
``on_commit=True``.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import types
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

from typedsignals.extras import requires_extra

with requires_extra(__name__, "Celery", extra="celery"):
    import celery  # noqa: F401  (brings kombu, imported below)

from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticSerializationError, from_json

from typedsignals import PayloadError, Signal

if TYPE_CHECKING:
    from celery import Celery, Task
    from celery.result import AsyncResult

__all__ = ["EnqueueError", "MessageError", "TaskReceiver", "task_receiver"]

P = ParamSpec("P")
R = TypeVar("R")

RUNS_ON = "Celery"
"""The ``typedsignals_runs_on`` mark of a task receiver's stand-in, shown by the docs tools."""


class EnqueueError(RuntimeError):
    """The broker refused or could not be reached: the task was not queued.

    Raised to the sender, by ``send`` (later receivers are not called) or at commit with
    ``on_commit=True``; ``send_robust`` logs it and returns it as the receiver's response.
    The broker's own error is the ``__cause__``.
    """


class MessageError(ValueError):
    """A worker received a task message it cannot act on: the message names a signal the task
    is not registered for, or a sender the worker cannot import. Never retried."""


_NOT_RETRIED = (PayloadError, MessageError)
"""Exceptions no ``autoretry_for`` retries: the same message would fail the same way."""


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
    on_commit: bool = False,
    **task_options: Any,
) -> Callable[[Callable[P, R]], TaskReceiver[P, R]]:
    """Make the decorated function a receiver that runs as a Celery task of ``app``.

    ``task_options`` go to ``app.task`` (``acks_late``, ``autoretry_for``, ``retry_backoff``,
    ``max_retries``…), except ``queue``, which each send passes to ``apply_async`` (Celery
    deprecates it as a task attribute); the task's ``name`` defaults to the function's
    ``module.qualname`` and its serializer to JSON. A payload that fails validation on the
    worker raises ``PayloadError`` there and is never retried. That receiver's response from
    ``send`` is the task's ``AsyncResult``. With ``on_commit=True`` the task is queued when
    the surrounding Django transaction (default database) commits, never if it rolls back;
    the ``AsyncResult`` returned at send time already carries the task id it will have.

    Raises ``TypeError`` for an untyped signal, a payload model with fields that cannot
    travel as JSON, ``bind=True``, or a task name ``app`` already uses for another function;
    ``ReceiverSignatureError`` as ``connect`` does.
    """
    signals = [signal_or_list] if isinstance(signal_or_list, Signal) else list(signal_or_list)
    for signal in signals:
        _check_travels_as_json(signal)
    if task_options.get("bind"):
        raise TypeError(
            "task_receiver does not take bind=True: the function is called as any receiver "
            "is (signal, sender, fields); use autoretry_for=/retry_backoff= for retries, or "
            "celery.current_task for the running task"
        )

    def make_task_receiver(func: Callable[P, R]) -> TaskReceiver[P, R]:
        label = f"{func.__module__}.{func.__qualname__}"
        by_label = {signal.label: signal for signal in signals}

        def task_body(signal: str, payload: str, sender: dict[str, Any]) -> Any:
            return _run_on_worker(func, by_label, signal, payload, sender)

        _name_like(task_body, func)
        options = {"name": label, "serializer": "json", **task_options}
        queue = options.pop("queue", None)
        if options["name"] in app.tasks:
            # celery-types before 0.24 does not declare Celery.main, which every Celery has.
            app_name = app.main  # type: ignore[attr-defined, unused-ignore]
            raise TypeError(
                f"task_receiver {label!r}: the Celery app {app_name!r} already has a task "
                f"named {options['name']!r}; pass name='…' to task_receiver"
            )
        options["dont_autoretry_for"] = (*options.get("dont_autoretry_for", ()), *_NOT_RETRIED)
        # not lazy: the task must exist now; not shared: it belongs to `app` alone
        make_task = cast(
            "Callable[[Callable[..., R]], Task[..., R]]",
            app.task(shared=False, lazy=False, **options),
        )
        task = make_task(task_body)
        stand_ins = [
            _QueueTask(func, task, signal, on_commit=on_commit, queue=queue) for signal in signals
        ]
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
        *,
        on_commit: bool,
        queue: str | None,
    ) -> None:
        self.__module__ = func.__module__
        self.__qualname__ = func.__qualname__
        self.__name__ = func.__name__
        self.__wrapped__ = func
        self.task = task
        self.signal = signal
        self.on_commit = on_commit
        self.publish_options: dict[str, Any] = {} if queue is None else {"queue": queue}

    def __repr__(self) -> str:
        return f"<queues Celery task {self.task.name!r} for signal {self.signal.label!r}>"

    def __call__(self, *, signal: Signal[Any], sender: Any, **values: Any) -> AsyncResult[Any]:
        message = {
            "signal": signal.label,
            "payload": self._payload_json(signal, values),
            "sender": self._sender_reference(signal, sender),
        }
        task_id = str(uuid.uuid4())
        if not self.on_commit:
            return self._publish(message, task_id)
        from django.db import transaction  # only here: Django is needed for on_commit alone

        transaction.on_commit(functools.partial(self._publish, message, task_id))
        return self.task.AsyncResult(task_id)

    def _publish(self, message: dict[str, Any], task_id: str) -> AsyncResult[Any]:
        try:
            return self.task.apply_async(kwargs=message, task_id=task_id, **self.publish_options)
        except OperationalError as exc:
            broker = maybe_sanitize_url(self.task.app.conf.broker_url)
            raise EnqueueError(
                f"{self._where()}: could not queue task {self.task.name!r} (id {task_id}) on "
                f"broker {broker!r} ({exc}); nothing was queued for this receiver: send again "
                "once the broker is reachable"
            ) from exc

    def _payload_json(self, signal: Signal[Any], values: dict[str, Any]) -> str:
        model: type[BaseModel] = signal.payload_model  # type: ignore[assignment]
        if not signal.validates:
            # The sender skipped validation; the worker will not: fail here, not there.
            values = signal.payload_spec.validated_values(signal, values)  # type: ignore[union-attr]
        payload = model.model_construct(**values)
        try:
            return payload.model_dump_json()
        except PydanticSerializationError as exc:
            raise TypeError(
                f"{self._where()}: the payload cannot travel to a Celery worker as JSON: "
                f"{exc}; send JSON-friendly values (a primary key rather than a model instance, "
                "a path rather than a file)"
            ) from exc

    def _sender_reference(self, signal: Signal[Any], sender: Any) -> dict[str, Any]:
        """``{"import": [module, qualname]}`` for a module-level class or function, else
        ``{"value": sender}`` for a JSON value; ``TypeError`` for anything else."""
        if isinstance(sender, type | types.FunctionType):
            module, qualname = sender.__module__, sender.__qualname__
            if _attribute(sys.modules.get(module), qualname) is sender:
                return {"import": [module, qualname]}
        else:
            try:
                if json.loads(json.dumps(sender, allow_nan=False)) == sender:
                    return {"value": sender}
            except (TypeError, ValueError):
                pass
        raise TypeError(
            f"{self._where()}: cannot send sender {sender!r} to a Celery worker; a sender "
            "travels as the import path of a module-level class or function, or as a JSON "
            "value (str, int, float, bool, None, list, dict with str keys): send a class or "
            "an identifier instead"
        )

    def _where(self) -> str:
        return (
            f"task receiver '{self.__module__}.{self.__qualname__}' of signal {self.signal.label!r}"
        )


def _run_on_worker(
    func: Callable[..., Any],
    signals: dict[str, Signal[Any]],
    signal: str,
    payload: str,
    sender: dict[str, Any],
) -> Any:
    """The task's body: validate the message, then call ``func`` as a local receiver."""
    target = signals.get(signal)
    if target is None:
        raise MessageError(
            f"task receiver '{func.__module__}.{func.__qualname__}' got a payload for signal "
            f"{signal!r}, but it is registered for {', '.join(map(repr, signals))}: is the "
            "worker running other code than the sender?"
        )
    model: type[BaseModel] = target.payload_model  # type: ignore[assignment]
    # Unknown keys are an error, as in send(): a field the worker's model lacks is stale.
    unknown = [] if model.model_config.get("extra") == "allow" else _unknown_keys(model, payload)
    try:
        values = model.model_validate_json(payload, by_alias=False, by_name=True)
    except ValidationError as exc:
        raise PayloadError(target, [*exc.errors(), *unknown]) from exc
    if unknown:
        raise PayloadError(target, unknown)
    return func(signal=target, sender=_sender_of(sender, target), **dict(values))


def _unknown_keys(model: type[BaseModel], payload: str) -> list[ErrorDetails]:
    """One pydantic-shaped ``extra_forbidden`` error per top-level key ``model`` lacks."""
    try:
        data = from_json(payload)
    except ValueError:  # not JSON: model_validate_json reports it
        return []
    return [
        {
            "type": "extra_forbidden",
            "loc": (key,),
            "msg": "Extra inputs are not permitted",
            "input": value,
        }
        for key, value in (data.items() if isinstance(data, dict) else ())
        if key not in model.model_fields
    ]


def _sender_of(reference: dict[str, Any], signal: Signal[Any]) -> Any:
    if "import" not in reference:
        return reference["value"]
    module, qualname = reference["import"]
    try:
        sender = _attribute(importlib.import_module(module), qualname)
    except ImportError as exc:
        raise MessageError(
            f"signal {signal.label!r}: the worker cannot import the sender's module {module!r} "
            f"({type(exc).__name__}: {exc})"
        ) from exc
    if sender is None:
        raise MessageError(
            f"signal {signal.label!r}: the worker cannot find the sender '{module}.{qualname}'"
        )
    return sender


def _attribute(namespace: object, qualname: str) -> Any:
    """``namespace.<qualname>`` (dotted), or ``None`` where any part is missing."""
    for name in qualname.split("."):
        namespace = getattr(namespace, name, None)
    return namespace


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
