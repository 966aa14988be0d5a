"""What a worker accepts from the broker, which it does not trust.

A task receiver's task takes one message shape, ``signal`` (a label), ``payload`` (a JSON
string) and ``sender`` (a reference), all keyword arguments. Before its function runs, the
worker checks each against what was fixed when the task receiver was declared: the signal
among the task's own signals, the sender among the senders it accepts (``Senders``: nothing is
ever imported or looked up by a name a message gives), the message in JSON
(``json_only_strategy``). Anything else is a ``MessageError``.
"""

from __future__ import annotations

import json
import math
import sys
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
from celery.worker.strategy import default as default_strategy
from kombu.exceptions import ContentDisallowed

from typedsignals import Signal
from typedsignals.contrib.celery.errors import MessageError
from typedsignals.redaction import one_line, short_repr

if TYPE_CHECKING:
    from celery import Celery, Task

__all__ = ["Senders", "json_only_strategy", "message_arguments"]

JSON_CONTENT_TYPE = "application/json"
_ARGUMENTS = ("signal", "payload", "sender")
_MAX_DEPTH = 32
"""How deeply a JSON sender value may nest."""

Reference = dict[str, Any]
"""A sender as it travels: ``{"ref": "module:qualname"}`` or ``{"value": <JSON>}``."""


def message_arguments(
    task: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[str, Any, Any]:
    """``(signal, payload, sender)`` from a task message's arguments; ``MessageError`` unless
    they are exactly those three keywords, the first two strings."""
    if args or sorted(kwargs) != sorted(_ARGUMENTS):
        got = [f"{len(args)} positional"] if args else []
        got += [one_line(repr(key), 40) for key in list(kwargs)[:10]]
        raise MessageError(
            f"task {task!r} takes the keyword arguments signal, payload and sender, got "
            f"{', '.join(got) or 'none'}"
        )
    signal, payload, sender = (kwargs[name] for name in _ARGUMENTS)
    for name, value in (("signal", signal), ("payload", payload)):
        if not isinstance(value, str):
            raise MessageError(
                f"task {task!r}: the message's {name} must be a string, got "
                f"{type(value).__name__} {short_repr(value)}"
            )
    return signal, payload, sender


@attrs.frozen
class Senders:
    """The senders one task receiver accepts with one signal, fixed when it is declared.

    With a sender filter (``task_receiver(..., sender=X)``), ``X`` alone. Otherwise any JSON
    value, and the classes and functions named in advance: the signal's declared ``sender``
    and ``task_receiver(..., senders=[...])``. A class or function travels by name, and the
    worker finds it among these: it never imports a module or looks up a name a message gives.
    """

    by_name: dict[str, Any]
    only: Reference | None
    """The reference of the sender filter, if any."""

    @classmethod
    def declared(
        cls, signal: Signal[Any], sender_filter: Any, senders: Iterable[Any], where: str
    ) -> Senders:
        """``TypeError`` for a filter or a listed sender that cannot travel."""
        named = list(senders)
        if sender_filter is not None and named:
            raise TypeError(
                f"{where}: pass sender= (the one sender it runs for) or senders= (classes and "
                "functions it accepts besides JSON values), not both"
            )
        if sender_filter is not None:
            named = [sender_filter]
        if sender_filter is None and _is_class_or_function(signal.sender):
            named.append(signal.sender)
        by_name: dict[str, Any] = {}
        for sender in named:
            reference = _reference(sender)
            if reference is None:
                raise TypeError(
                    f"{where}: sender {short_repr(sender)} cannot travel to a Celery worker; "
                    f"{_HOW_SENDERS_TRAVEL}"
                )
            if "ref" in reference:
                by_name[reference["ref"]] = sender
        only = None if sender_filter is None else _reference(sender_filter)
        return cls(by_name, only)

    def reference(self, sender: Any, where: str) -> Reference:
        """How ``sender`` travels; ``TypeError`` if it cannot, or the worker would refuse it."""
        reference = _reference(sender)
        if reference is None:
            raise TypeError(
                f"{where}: cannot send sender {short_repr(sender)} to a Celery worker; "
                f"{_HOW_SENDERS_TRAVEL}"
            )
        if "ref" in reference and reference["ref"] not in self.by_name:
            raise TypeError(
                f"{where}: sender {reference['ref'].replace(':', '.')} is not one the worker "
                "accepts: a class or function sender must be named when the task receiver "
                "is declared (task_receiver(..., sender=X) or senders=[X], or the signal's "
                "sender=X)"
            )
        return reference

    def resolve(self, reference: object, where: str) -> Any:
        """The sender a message's reference names, among the accepted ones; else
        ``MessageError``. Never imports, never looks a name up anywhere else."""
        if not (isinstance(reference, dict) and len(reference) == 1):
            raise MessageError(f"{where}: {_BAD_REFERENCE}, got {short_repr(reference)}")
        [(kind, value)] = reference.items()
        if kind == "value":
            if not _is_json(value, _MAX_DEPTH):
                raise MessageError(
                    f"{where}: the sender value is not plain JSON (finite numbers, strings, "
                    f"booleans, null, lists, objects, nested {_MAX_DEPTH} deep at most): "
                    f"{short_repr(value)}"
                )
        elif kind != "ref" or not isinstance(value, str):
            raise MessageError(f"{where}: {_BAD_REFERENCE}, got {short_repr(reference)}")
        if self.only is not None and _canonical(reference) != _canonical(self.only):
            raise MessageError(
                f"{where}: the receiver runs for sender {_shown(self.only)} only, and the "
                f"message names {_shown(reference)}"
            )
        if kind == "value":
            return value
        if value not in self.by_name:
            accepted = ", ".join(map(repr, self.by_name)) or "JSON values only"
            raise MessageError(
                f"{where}: the message names sender {one_line(value, 200)!r}, which is not "
                f"one this task accepts ({accepted})"
            )
        return self.by_name[value]


_HOW_SENDERS_TRAVEL = (
    "a sender travels as the import path of a module-level class or function, or as a JSON "
    "value (str, int, float, bool, None, list, dict with str keys): send a class or an "
    "identifier instead"
)
_BAD_REFERENCE = 'a sender must be {"ref": "module:qualname"} or {"value": <JSON>}'


def _reference(sender: Any) -> Reference | None:
    """``{"ref": ...}`` for a module-level class or function, ``{"value": ...}`` for a plain
    JSON value, ``None`` for anything else."""
    if _is_class_or_function(sender):
        module, qualname = sender.__module__, sender.__qualname__
        if _attribute(sys.modules.get(module), qualname) is sender:
            return {"ref": f"{module}:{qualname}"}
        return None
    return {"value": sender} if _is_json(sender, _MAX_DEPTH) else None


def _is_class_or_function(sender: object) -> bool:
    return isinstance(sender, type | types.FunctionType)


def _attribute(namespace: object, qualname: str) -> Any:
    """``namespace.<qualname>`` (dotted), or ``None`` where any part is missing."""
    for name in qualname.split("."):
        namespace = getattr(namespace, name, None)
    return namespace


def _is_json(value: object, depth: int) -> bool:
    """Whether ``value`` is made of JSON's own types only (exactly, no subclasses)."""
    kind = type(value)
    if kind in (str, int, bool) or value is None:
        return True
    if kind is float:
        return math.isfinite(value)  # type: ignore[arg-type]
    if depth == 0:
        return False
    if kind is list:
        return all(_is_json(item, depth - 1) for item in value)  # type: ignore[attr-defined]
    if kind is dict:
        return all(
            type(key) is str and _is_json(item, depth - 1)
            for key, item in value.items()  # type: ignore[attr-defined]
        )
    return False


def _canonical(reference: Reference) -> str:
    return json.dumps(reference, sort_keys=True)


def _shown(reference: Reference) -> str:
    if "ref" in reference:
        return one_line(str(reference["ref"]).replace(":", "."), 200)
    return short_repr(reference["value"])


def json_only_strategy(task: Task[..., Any], app: Celery, consumer: Any, **options: Any) -> Any:
    """A task receiver's task ``Strategy``: Celery's own, behind checks made before Celery
    decodes the message: its content type is JSON (so no other serializer, pickle say, ever
    runs on a message for this task), and its body is ``[args, kwargs, options]`` (anything
    else would fail inside Celery before the task could refuse it). A protocol 1 message,
    without a ``task`` header, is decoded by Celery before it knows the task: keep the app's
    ``accept_content`` to JSON.

    A refused message is recorded as the task's ``MessageError`` result, then refused as an
    invalid message: Celery logs it once and discards it.
    """
    handle = default_strategy(task, app, consumer, **options)

    def json_only(message: Any, body: Any, *args: Any, **kwargs: Any) -> Any:
        if message.content_type != JSON_CONTENT_TYPE:
            _refuse(
                task,
                message,
                f"accepts JSON messages only ({JSON_CONTENT_TYPE}), and this one is "
                f"{short_repr(message.content_type)}",
            )
        decoded = message.payload  # JSON: Celery decodes it here anyway, once
        if not (
            type(decoded) is list
            and len(decoded) == 3
            and type(decoded[0]) is list
            and type(decoded[1]) is dict
            and (decoded[2] is None or type(decoded[2]) is dict)
        ):
            _refuse(
                task,
                message,
                "takes a message body [args, kwargs, options], and this one is "
                f"{short_repr(decoded)}",
            )
        return handle(message, body, *args, **kwargs)

    return json_only


def _refuse(task: Task[..., Any], message: Any, why: str) -> NoReturn:
    headers = message.headers or {}
    task_id = headers.get("id")
    error = MessageError(f"task {task.name!r} (id {short_repr(task_id)}) {why}")
    if isinstance(task_id, str):
        task.backend.mark_as_failure(task_id, error)
    raise ContentDisallowed(str(error))
