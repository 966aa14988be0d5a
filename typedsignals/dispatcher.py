"""``Signal``: Django's dispatcher, with a pydantic model that validates every payload.

How a send works, top to bottom:

1. ``_payload_of`` turns the payload (keyword fields, or one model instance) into the keyword
   values receivers get: validated against the model (coerced, defaults filled), or refused
   with ``PayloadError`` before any receiver runs.
2. ``_live_receivers`` takes the immutable snapshot of receiver references for that sender,
   without a lock, and dereferences every one of them before the first call.
3. Sync receivers are called in connection order, then async receivers run concurrently.

Connections change only under ``_lock``; each change builds new immutable tuples, so a send in
another thread keeps using the snapshot it started with.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import itertools
import logging
import os
import sys
import threading
import typing
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Iterator, Sequence
from types import CodeType, FrameType, FunctionType, MethodType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, Self, TypedDict, overload

import attrs
from asgiref.sync import async_to_sync, sync_to_async
from pydantic import BaseModel
from typing_extensions import ParamSpec, TypeVar, Unpack

from typedsignals.errors import SignalDeclarationError
from typedsignals.payload import PayloadSpec, _type_name, json_schema_of, payload_error
from typedsignals.receiver_calls import Caller, caller_for
from typedsignals.receivers import ReceiverInfo, check_receiver_signature, describe_receiver
from typedsignals.redaction import bounded_traceback, one_line, short_repr

if TYPE_CHECKING:
    from typedsignals._typing import CheckedSignal

__all__ = ["Signal", "SignalTracer", "add_tracer", "all_signals", "remove_tracer"]

M = TypeVar("M", bound=BaseModel, default=Any)
F = TypeVar("F", bound=Callable[..., Any])
_M = TypeVar("_M", bound=BaseModel)
_P = ParamSpec("_P")

Responses = list[tuple[Callable[..., Any], Any]]

logger = logging.getLogger("typedsignals")
django_logger = logging.getLogger("django.dispatch")
"""Where an untyped signal logs ``send_robust`` failures: Django's logger, with Django's text."""

_OFF = frozenset({"0", "false", "no", "off"})
"""What switches ``TYPEDSIGNALS_VALIDATE`` and ``TYPEDSIGNALS_FAST_PATHS`` off."""
_ANY_SENDER = id(None)
_CHECKED_PLAIN, _CHECKED_BOUND = 1, 2
_signals: weakref.WeakValueDictionary[int, Signal[Any]] = weakref.WeakValueDictionary()
_signals_lock = threading.Lock()
"""Held while ``_signals`` is written or copied: other threads create signals meanwhile."""
_signal_counter = itertools.count()
_CONSTRUCTION_CODE: set[CodeType] = set()
_tracers: tuple[SignalTracer, ...] = ()
"""What ``add_tracer`` installed; read by the traced send methods and at each receiver call."""
_ASYNCIO_COROUTINE_MARK = getattr(asyncio.coroutines, "_is_coroutine", object())
"""What ``asgiref.sync.markcoroutinefunction`` sets on Python 3.11 (gone from asyncio later)."""


def all_signals() -> list[Signal[Any]]:
    """Every live signal, in creation order (signals are held weakly)."""
    with _signals_lock:
        signals = list(_signals.items())
    return [signal for _, signal in sorted(signals)]


class SignalTracer(Protocol):
    """What ``add_tracer`` takes: it sees every send and every receiver call, of every signal.

    Each method gets ``run``, a zero-argument callable doing the real work, and returns what
    ``run()`` returns (or raises what it raises): wrap it in a span, time it, record it.
    ``method`` is ``"send"``, ``"send_robust"``, ``"asend"`` or ``"asend_robust"``; a refused
    payload raises ``PayloadError`` out of ``run`` in ``send``/``asend``. ``call`` wraps each
    sync receiver's call, ``acall`` each async receiver's (its ``run()`` is the coroutine).
    A tracer sees only the signals it ``observes``; a send no tracer observes runs untraced.
    """

    def observes(self, signal: Signal[Any]) -> bool: ...

    def send(
        self, signal: Signal[Any], sender: Any, method: str, run: Callable[[], Responses]
    ) -> Responses: ...

    async def asend(
        self,
        signal: Signal[Any],
        sender: Any,
        method: str,
        run: Callable[[], Awaitable[Responses]],
    ) -> Responses: ...

    def call(
        self, signal: Signal[Any], receiver: Callable[..., Any], run: Callable[[], Any]
    ) -> Any: ...

    async def acall(
        self, signal: Signal[Any], receiver: Callable[..., Any], run: Callable[[], Awaitable[Any]]
    ) -> Any: ...


def add_tracer(tracer: SignalTracer) -> None:
    """Route every send (all four flavours) of the signals ``tracer`` observes, and every
    call of their receivers, through ``tracer``.

    Process-wide; several tracers nest, the first added outermost; adding one twice does
    nothing. While none is installed the send methods are the untraced ones, so tracing costs
    an untraced send nothing; a send that no tracer observes runs the untraced method.
    """
    global _tracers
    with _signals_lock:
        if tracer not in _tracers:
            _tracers = (*_tracers, tracer)
        _install_send_methods()


def remove_tracer(tracer: SignalTracer) -> bool:
    """Stop routing sends through ``tracer``; return whether it was installed."""
    global _tracers
    with _signals_lock:
        installed = tracer in _tracers
        _tracers = tuple(t for t in _tracers if t is not tracer)
        _install_send_methods()
    return installed


_Reference = Callable[[], Any]


def _strong_reference(target: object) -> _Reference:
    """Stands in for a weak reference: calling it returns ``target``.

    ``repeat(target).__next__`` rather than a Python function because every send calls it:
    it is a C-level call, as cheap as dereferencing a real weak reference.
    """
    return itertools.repeat(target).__next__


# _Connection and _Snapshot are never changed once built (connect and disconnect build new
# ones): not attrs.frozen, whose __init__ costs twice as much, and every connect builds both.
@attrs.define(eq=False)
class _Connection:
    """One connected receiver. Never changed: connecting or disconnecting replaces the tuple."""

    key: tuple[Hashable, Hashable]
    receiver_ref: _Reference
    sender_key: Hashable
    sender_ref: _Reference | None
    dispatch_uid: Hashable | None
    weak: bool
    is_async: bool

    def hears(self, sender_key: Hashable) -> bool:
        return self.sender_key == _ANY_SENDER or self.sender_key == sender_key

    def is_dead(self) -> bool:
        return self.receiver_ref() is None or (
            self.sender_ref is not None and self.sender_ref() is None
        )


@attrs.define(eq=False)
class _Snapshot:
    """The receiver references one sender's sends use, split into sync and async."""

    sync: tuple[_Reference, ...]
    async_: tuple[_Reference, ...]
    strong: tuple[Callable[..., Any], ...] | None
    """The sync receivers themselves when every one is held strongly (``weak=False``), so
    that ``send`` has nothing to dereference; else ``None``."""
    caller: Caller | None = None
    """The caller of ``len(sync)`` receivers, set by the first ``send`` that needs it (only
    then is the caller generated, if it is new)."""

    @classmethod
    def of(cls, connections: Iterator[_Connection]) -> _Snapshot:
        # One plain loop: connect and disconnect build a snapshot each, and generator
        # expressions cost several times a loop's iteration on CPython 3.11.
        sync: list[_Reference] = []
        async_: list[_Reference] = []
        strong: list[Callable[..., Any]] = []
        for connection in connections:
            ref = connection.receiver_ref
            if connection.is_async:
                async_.append(ref)
            else:
                sync.append(ref)
                if not connection.weak:
                    strong.append(ref())
        if not sync and not async_:
            return _EMPTY
        return cls(tuple(sync), tuple(async_), tuple(strong) if len(strong) == len(sync) else None)


_EMPTY = _Snapshot((), (), ())


class _Options(TypedDict, total=False):
    """The keyword arguments of ``Signal(...)``, for its overloads."""

    sender: Any
    doc: str | None
    name: str | None
    use_caching: bool
    validate: bool


_NO_RECEIVERS: tuple[list[Callable[..., Any]], list[Callable[..., Any]]] = ([], [])
"""What ``_live_receivers`` returns when nobody listens; callers never mutate it."""


class Signal(Generic[M]):
    """A signal whose payload is validated against the pydantic model ``M``.

    ``Signal[PizzaDone](sender=PizzaStore)`` declares a typed signal; ``Signal()`` an untyped
    one that behaves exactly like ``django.dispatch.Signal``; ``Signal(PizzaDone, ...)`` is the
    same typed signal, spelt so that checkers without plugins check its sends. Arguments
    (keyword-only; ``use_caching`` may also come first, as Django takes it, ``Signal(True)``):

    - ``sender``: who sends it (a class or any object); documentation for readers and tools.
    - ``doc``: the signal's ``__doc__``; defaults to the model's docstring.
    - ``name``: defaults to the module-level variable (or class attribute) it is bound to.
    - ``use_caching``: cache the live receivers per sender (Django's option).
    - ``validate``: ``False`` passes keywords on unvalidated (unknown keys are still refused);
      the environment variable ``TYPEDSIGNALS_VALIDATE=0`` does the same for every signal
      created afterwards.

    ``TYPEDSIGNALS_FAST_PATHS=0`` makes signals created afterwards validate through model
    instances and call receivers with ``**arguments``, instead of validating a plain model's
    fields alone (``PayloadSpec.validate_fields``) and calling receivers through a generated
    caller (``typedsignals.receiver_calls``): the same values, errors and calls, slower. It
    exists to compare the two paths; the test suite runs under both.

    Raises ``SignalDeclarationError`` if the model is not a ``BaseModel`` or has a field named
    ``signal`` or ``sender``.
    """

    payload_spec: PayloadSpec | None
    """What ``send`` knows of the model; ``None`` for an untyped signal."""

    if not TYPE_CHECKING:

        def __class_getitem__(cls, params):
            alias = super().__class_getitem__(params)
            return _SignalAlias(alias.__origin__, alias.__args__)

    if TYPE_CHECKING:  # the runtime uses object.__new__; these overloads type the result

        @overload  # type: ignore[no-overload-impl]
        def __new__(
            cls, model: Callable[_P, _M], /, **options: Unpack[_Options]
        ) -> CheckedSignal[_M, _P]: ...
        @overload
        def __new__(cls, use_caching: bool, /, **options: Unpack[_Options]) -> Self: ...
        @overload
        def __new__(cls, /, **options: Unpack[_Options]) -> Self: ...

    # mypy types a construction by __init__ (the self type below), the others by __new__.
    @overload
    def __init__(  # type: ignore[misc]
        self: CheckedSignal[_M, _P], model: Callable[_P, _M], /, **options: Unpack[_Options]
    ) -> None: ...
    @overload
    def __init__(self: Signal[_M], model: type[_M], /, **options: Unpack[_Options]) -> None: ...
    @overload
    def __init__(self, use_caching: bool, /, **options: Unpack[_Options]) -> None: ...
    @overload
    def __init__(self, /, **options: Unpack[_Options]) -> None: ...

    def __init__(
        self,
        model: object = None,
        /,
        *,
        sender: Any = None,
        doc: str | None = None,
        name: str | None = None,
        use_caching: bool = False,
        validate: bool = True,
    ) -> None:
        if isinstance(model, bool):  # Django's positional use_caching: Signal(True)
            use_caching = model
            model = None
        fixed = getattr(self, "_alias_model", None) or _model_fixed_by_class(type(self))
        if model is not None and fixed is not None and model is not fixed:
            raise SignalDeclarationError(
                f"{type(self).__name__}[{_type_name(fixed)}]({_type_name(model)}) names two "
                f"payload models; declare one, as Signal({_type_name(model)}, ...) or "
                f"Signal[{_type_name(model)}](...)"
            )
        model = fixed if model is None else model
        self.payload_spec = spec = PayloadSpec.of(model) if model is not None else None
        self.sender = sender
        self.__doc__ = doc if doc is not None or spec is None else _docstring_of(spec.model)
        self._name = name
        self.module = _caller_module(self)
        self.use_caching = use_caching
        env = os.environ.get("TYPEDSIGNALS_VALIDATE", "").strip().lower()
        self._validates = validate and env not in _OFF
        fast = os.environ.get("TYPEDSIGNALS_FAST_PATHS", "").strip().lower() not in _OFF
        fast_validation = fast and self._validates and spec is not None and spec.validate_fields
        self._values_of: Callable[[Signal[Any], dict[str, Any]], dict[str, Any]] | None = (
            None
            if spec is None
            else spec.checked_fields
            if not self._validates
            else spec.validated_fields
            if fast_validation
            else spec.validated_values
        )
        # For send's inlined copy of validated_fields' common case; -1 keeps send out of it.
        self._validate_fields = spec.validate_fields if spec is not None else None
        self._unchecked_key_count = (
            spec.unchecked_key_count if spec is not None and fast_validation else -1
        )
        self._keywords: tuple[str, ...] | None = (
            spec.field_names if fast and spec is not None and not spec.allows_extra else None
        )
        """What receivers get besides ``signal`` and ``sender``: the field names, or ``None``
        when it may be other keys too (or the fast paths are off), for ``caller_for``."""
        self._lock = threading.Lock()
        self._connections: tuple[_Connection, ...] = ()
        self._shared_snapshot: _Snapshot | None = _EMPTY
        self._by_sender = _SenderCache()
        self._has_dead = False
        self._death_watch = _DeathWatch(self)
        self._signatures_checked: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        with _signals_lock:
            _signals[next(_signal_counter)] = self

    # -- introspection ---------------------------------------------------------------------

    @property
    def payload_model(self) -> type[M] | None:
        """The pydantic model payloads are validated against; ``None`` if untyped."""
        return self.payload_spec.model if self.payload_spec else None  # type: ignore[return-value]

    @property
    def validates(self) -> bool:
        """Whether ``send`` validates payloads (``validate=`` and ``TYPEDSIGNALS_VALIDATE``)."""
        return self._validates

    @property
    def name(self) -> str:
        """The name given, else the variable or class attribute this signal is bound to.

        Found lazily (the binding happens after ``__init__``); ``Signal[Model]`` when the
        signal is bound to no name.
        """
        if self._name is None:
            self._name = _bound_name(self)
        if self._name:
            return self._name
        return f"Signal[{self.model_label}]" if self.payload_spec else "Signal"

    @property
    def label(self) -> str:
        """``module.name`` as errors show it, e.g. ``'pizzeria.signals.pizza_done'``."""
        name = self.name
        if self._name is None or not self.module:
            return name
        return f"{self.module}.{name}"

    @property
    def model_label(self) -> str:
        """The payload model's class name, or ``untyped``."""
        return self.payload_spec.model.__name__ if self.payload_spec else "untyped"

    def __set_name__(self, owner: type, attribute: str) -> None:
        if self._name is None:
            self._name = f"{owner.__qualname__}.{attribute}"

    def __repr__(self) -> str:
        kind = f"Signal[{self.model_label}]" if self.payload_spec else "Signal"
        return f"<{kind} {self.label!r}>"

    def json_schema(self) -> dict[str, Any]:
        """The payload model's JSON Schema; never raises.

        Fields pydantic cannot express (arbitrary Python classes) carry ``x-python-type``.
        An untyped signal's payload is any object: ``{"type": "object"}``.
        """
        if self.payload_spec is None:
            return {"type": "object"}
        return json_schema_of(self.payload_spec.model)

    def receivers_info(self) -> list[ReceiverInfo]:
        """The live receivers, in connection order."""
        self._prune_if_dead()
        infos = []
        for connection in self._connections:
            func = connection.receiver_ref()
            sender = connection.sender_ref() if connection.sender_ref else None
            if func is None or (connection.sender_ref and sender is None):
                continue
            module, qualname = describe_receiver(func)
            infos.append(
                ReceiverInfo(
                    receiver=func,
                    qualname=qualname,
                    module=module,
                    sender=sender,
                    dispatch_uid=connection.dispatch_uid,
                    weak=connection.weak,
                    is_async=connection.is_async,
                )
            )
        return infos

    # -- connecting ------------------------------------------------------------------------

    @overload
    def connect(
        self,
        receiver: F,
        sender: Any = None,
        weak: bool = True,
        dispatch_uid: Hashable | None = None,
    ) -> F: ...

    @overload
    def connect(
        self,
        receiver: None = None,
        sender: Any = None,
        weak: bool = True,
        dispatch_uid: Hashable | None = None,
    ) -> Callable[[F], F]: ...

    def connect(
        self,
        receiver: F | None = None,
        sender: Any = None,
        weak: bool = True,
        dispatch_uid: Hashable | None = None,
    ) -> F | Callable[[F], F]:
        """Connect ``receiver`` to this signal, for ``sender`` only or (``None``) for all.

        Returns the receiver, so ``@signal.connect`` and ``@signal.connect(sender=X)`` work
        as decorators. The receiver is held by a weak reference unless ``weak=False``
        (``WeakMethod`` for bound methods). The lookup key is ``(dispatch_uid, sender)`` when a
        truthy ``dispatch_uid`` is given, else ``(receiver, sender)``; connecting an existing
        key again does nothing.

        Raises ``TypeError`` if the receiver is not callable and ``ReceiverSignatureError`` if
        it cannot be called with what this signal sends; nothing is connected then.
        """
        if receiver is None:

            def connect_decorated(func: F) -> F:
                return self.connect(func, sender, weak, dispatch_uid)

            return connect_decorated
        if not callable(receiver):
            raise TypeError(
                f"Signal receivers must be callable. Signal {self.label!r} was given "
                f"{short_repr(receiver)}: connect a function, a method or an object that "
                "defines __call__"
            )
        self._check_signature(receiver, weak)
        key = self._lookup_key(receiver, sender, dispatch_uid)
        connection = _Connection(
            key=key,
            receiver_ref=self._reference_to(receiver) if weak else _strong_reference(receiver),
            sender_key=_key_of(sender),
            sender_ref=None if sender is None else self._sender_reference(sender),
            dispatch_uid=dispatch_uid or None,
            weak=weak,
            is_async=_is_coroutine_callable(receiver),
        )
        with self._lock:
            before = self._connections
            live = self._live_connections()
            added = key not in [existing.key for existing in live]  # a list: cheaper than all()
            changed = self._install((*live, connection) if added else live, before)
        if changed:
            self.receivers_changed()
        return receiver

    def disconnect(
        self,
        receiver: Callable[..., Any] | None = None,
        sender: Any = None,
        dispatch_uid: Hashable | None = None,
    ) -> bool:
        """Disconnect the receiver connected under this key; return whether one was.

        The key is built as in ``connect``: pass the same ``dispatch_uid`` (then ``receiver``
        may be omitted) or the same receiver, and the same ``sender``.
        """
        key = self._lookup_key(receiver, sender, dispatch_uid)
        with self._lock:
            before = self._connections
            live = self._live_connections()
            remaining = tuple(connection for connection in live if connection.key != key)
            changed = self._install(remaining, before)
        if changed:
            self.receivers_changed()
        return len(remaining) != len(live)

    def has_listeners(self, sender: Any = None) -> bool:
        """Whether a send from ``sender`` would reach any receiver."""
        sync, async_ = self._live_receivers(sender)
        return bool(sync or async_)

    def receivers_changed(self) -> None:
        """Called, outside the lock, after the set of live receivers changed.

        That is: after a connect that added a receiver, a disconnect that removed one, and
        when a weak receiver (or the sender it listened to) is found dead. A no-op here: an
        extension point for subclasses (the Django bridge connects to Django's signal only
        while a typed receiver listens).
        """

    # -- sending ---------------------------------------------------------------------------

    def send(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        """Validate the payload, then call every receiver; return ``[(receiver, response)]``.

        ``send(sender, **fields)`` validates keyword fields (by name or alias);
        ``send(sender, payload)`` takes an instance of the model as it is (mixing the two, or
        passing anything but one instance of the model, raises ``TypeError``). Raises
        ``PayloadError`` and calls no receiver if the payload is invalid, even when nobody
        listens. Sync receivers run in connection order, then async receivers concurrently
        (in a new event loop: inside a running loop use ``asend``). A sync receiver's
        exception propagates and later receivers are not called; async receivers all run to
        their end, then the first exception among them propagates.
        """
        # The common case first (send is the hot path): keyword fields, validated as the
        # model's typed dict without the unknown-key check (validate_or_refuse(..., None)
        # inlined). The count is -1, so that no payload gets here, unless that is allowed.
        if not payload and len(fields) <= self._unchecked_key_count:
            failure = None
            # Attributes called through a local: CPython 3.11 specializes a method call on
            # an instance attribute poorly.
            validate = self._validate_fields
            try:
                values = validate(fields)  # type: ignore[misc]  # not None: the count is >= 0
            except Exception as exc:  # a validator or a value (__hash__ …) may raise anything
                failure = exc
            if failure is not None:  # raised outside the handler: not chained to ``failure``
                try:
                    raise payload_error(self, validate, failure, fields, None)  # type: ignore[arg-type]
                finally:
                    failure = None  # its traceback holds this frame: no cycle keeps the payload
            if values is None:  # a validator omitted a field: the model's validation decides
                values = self.payload_spec.validated_values(self, fields)  # type: ignore[union-attr]
        elif payload or self._values_of is None:
            values = self._payload_of(payload, fields)
        else:  # the next most common case of _payload_of, inlined
            values_of = self._values_of
            values = values_of(self, fields)
        snapshot = self._shared_snapshot
        if snapshot is _EMPTY:  # nobody listens: checked first, it is all such a send does
            return []
        if snapshot is None:  # sender-filtered receivers: _snapshot_for, a cache hit inlined
            cached = self._by_sender.get(id(sender))
            if cached is not None and cached[0]() is sender:
                snapshot = cached[1]
            else:
                snapshot = self._snapshot_for(sender)
            if snapshot is _EMPTY:
                return []
        if snapshot.async_ or self._has_dead:
            return self._send_all({"signal": self, "sender": sender, **values}, robust=False)
        # The common case, inlined (send is the hot path): live sync receivers only, so
        # _live_receivers reduces to dereferencing each one, or to nothing when all are strong.
        receivers: Sequence[Callable[..., Any]] | None = snapshot.strong
        if receivers is None:
            dereferenced = []
            for ref in snapshot.sync:  # loops, not comprehensions: cheaper on CPython 3.11
                func = ref()
                if func is None:  # died since the snapshot was taken
                    arguments = {"signal": self, "sender": sender, **values}
                    return self._send_all(arguments, robust=False)
                dereferenced.append(func)
            receivers = dereferenced
        call_receivers = snapshot.caller
        if call_receivers is None:
            call_receivers = snapshot.caller = caller_for(self._keywords, len(receivers))
        return call_receivers(receivers, self, sender, values)

    def send_robust(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        """Like ``send``, but a receiver's ``Exception`` is logged and returned as its response.

        Every receiver is called. Errors are logged on the ``typedsignals`` logger at ERROR
        with the traceback. ``PayloadError`` still raises: an invalid payload is the sender's
        bug, and no receiver is called. ``BaseException`` (``KeyboardInterrupt`` …) propagates.
        """
        return self._send_all(self._arguments(sender, payload, fields), robust=True)

    async def asend(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        """Async ``send``: validate, then run all receivers; return ``[(receiver, response)]``.

        Async receivers run concurrently on the running loop. Sync receivers run in connection
        order, concurrently with the async ones, through
        ``asgiref.sync.sync_to_async(thread_sensitive=True)`` as Django runs them: in the thread
        Django's ORM expects (the outer sync thread, or the one shared thread), with context
        variables carried over. Responses: sync receivers first,
        then async, each group in connection order. A sync receiver's exception stops the later
        sync ones; every receiver started runs to its end, then the first exception (in
        response order) propagates. Cancelling the awaiting task cancels the async receivers;
        sync ones already running finish in their thread.
        """
        arguments = self._arguments(sender, payload, fields)
        return await _run_all(*self._live_receivers(sender), arguments, robust=False)

    async def asend_robust(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        """Async ``send_robust``: as ``asend``, with each receiver's ``Exception`` returned."""
        arguments = self._arguments(sender, payload, fields)
        return await _run_all(*self._live_receivers(sender), arguments, robust=True)

    _untraced: ClassVar[dict[str, Callable[..., Any]]] = {
        "send": send,
        "send_robust": send_robust,
        "asend": asend,
        "asend_robust": asend_robust,
    }
    """The send methods as defined above: ``add_tracer`` swaps in the ``_traced_`` ones."""

    # -- traced sends: the send methods while a tracer is installed (add_tracer) -----------

    def _traced_send(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        tracers = _observing(self)
        if not tracers:
            return Signal._untraced["send"](self, sender, *payload, **fields)  # type: ignore[no-any-return]

        def run() -> Responses:
            return self._send_all(self._arguments(sender, payload, fields), robust=False)

        return _nested(tracers, "send", self, sender, "send", run)  # type: ignore[no-any-return]

    def _traced_send_robust(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        tracers = _observing(self)
        if not tracers:
            return Signal._untraced["send_robust"](self, sender, *payload, **fields)  # type: ignore[no-any-return]

        def run() -> Responses:
            return self._send_all(self._arguments(sender, payload, fields), robust=True)

        return _nested(tracers, "send", self, sender, "send_robust", run)  # type: ignore[no-any-return]

    async def _traced_asend(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        run = functools.partial(Signal._untraced["asend"], self, sender, *payload, **fields)
        tracers = _observing(self)
        if not tracers:
            return await run()  # type: ignore[no-any-return]
        return await _nested(tracers, "asend", self, sender, "asend", run)  # type: ignore[no-any-return]

    async def _traced_asend_robust(self, /, sender: Any, *payload: M, **fields: Any) -> Responses:
        run = functools.partial(Signal._untraced["asend_robust"], self, sender, *payload, **fields)
        tracers = _observing(self)
        if not tracers:
            return await run()  # type: ignore[no-any-return]
        return await _nested(tracers, "asend", self, sender, "asend_robust", run)  # type: ignore[no-any-return]

    # -- internals -------------------------------------------------------------------------

    def _send_all(self, arguments: dict[str, Any], *, robust: bool) -> Responses:
        """``send``'s and ``send_robust``'s full procedure (``send`` inlines the common case):
        sync receivers in connection order, then async ones concurrently, through
        ``asgiref.sync.async_to_sync`` as Django runs them: on the outer event loop when sync
        code runs under one (a sync view under ASGI), else on a new loop of their own.
        """
        sync, async_ = self._live_receivers(arguments["sender"])
        if async_:
            _refuse_running_loop(self, async_)
        responses = _call_in_order(sync, arguments, robust=robust)
        if async_:
            awaited = async_to_sync(_gather)(async_, arguments, robust=robust)
            responses += zip(async_, awaited, strict=True)
        return responses

    def _arguments(
        self, sender: Any, payload: tuple[M, ...], fields: dict[str, Any]
    ) -> dict[str, Any]:
        """The keyword arguments every receiver is called with: signal, sender, values."""
        return {"signal": self, "sender": sender, **self._payload_of(payload, fields)}

    def _payload_of(self, payload: tuple[M, ...], fields: dict[str, Any]) -> dict[str, Any]:
        """The values receivers get, from a payload instance or from keyword fields."""
        if payload:
            return self._values_of_instance(payload, fields)
        if self._values_of is None:
            if "signal" in fields:  # Django: receivers get "multiple values for 'signal'"
                raise TypeError(
                    f"signal {self.label!r}: send() got a keyword argument 'signal', but every "
                    "receiver already gets the signal as `signal`: rename that argument"
                )
            return fields
        return self._values_of(self, fields)

    def _values_of_instance(self, payload: tuple[M, ...], fields: dict[str, Any]) -> dict[str, Any]:
        spec = self.payload_spec
        if len(payload) > 1:
            raise TypeError(
                f"signal {self.label!r}: send() takes the sender and at most one payload "
                f"instance as positional arguments, got {len(payload) + 1}"
            )
        if spec is None:
            raise TypeError(
                f"signal {self.label!r} is untyped: send its payload as keyword arguments"
            )
        if fields:
            raise TypeError(
                f"signal {self.label!r}: pass the payload either as a {spec.model.__name__} "
                f"instance or as keyword fields, not both (got keywords: {', '.join(fields)})"
            )
        if not isinstance(payload[0], spec.model):
            raise TypeError(
                f"signal {self.label!r}: the payload must be a {spec.model.__name__} instance, "
                f"got {type(payload[0]).__name__}"
            )
        return spec.values_of(self, payload[0])

    def _live_receivers(
        self, sender: Any
    ) -> tuple[list[Callable[..., Any]], list[Callable[..., Any]]]:
        """Strong references to the receivers that hear ``sender``: ``(sync, async)``.

        Every reference is dereferenced before any receiver is called, so a receiver that is
        disconnected or collected during the send is still called by it. Finding a dead one
        prunes the connections (under the lock) for the next send.
        """
        snapshot = self._shared_snapshot
        if snapshot is None:
            snapshot = self._snapshot_for(sender)
        if snapshot is _EMPTY:
            return _NO_RECEIVERS
        sync = []
        for ref in snapshot.sync:
            func = ref()
            if func is not None:
                sync.append(func)
        async_ = []
        for ref in snapshot.async_:
            func = ref()
            if func is not None:
                async_.append(func)
        if len(sync) != len(snapshot.sync) or len(async_) != len(snapshot.async_):
            self._has_dead = True
        if self._has_dead:
            self._prune_if_dead()
        return sync, async_

    def _snapshot_for(self, sender: Any) -> _Snapshot:
        """``sender``'s snapshot, for a signal with sender-filtered receivers (no shared one)."""
        if not self.use_caching:
            return self._filter(self._connections, sender)
        cached = self._by_sender.get(id(sender))
        if cached is not None and cached[0]() is sender:
            return cached[1]
        return self._cache_snapshot(sender)

    def _cache_snapshot(self, sender: Any) -> _Snapshot:
        """Build and (for a sender that can be weakly referenced) cache ``sender``'s snapshot."""
        with self._lock:
            snapshot = self._filter(self._connections, sender)
            if sender is None:
                self._by_sender[id(None)] = (_none_reference, snapshot)
                return snapshot
            if _is_bound_method(sender):
                return snapshot  # a new object at each access: its reference would die at once
            evict = functools.partial(_evict, weakref.ref(self._by_sender), id(sender))
            try:
                ref = weakref.ref(sender, evict)
            except TypeError:
                return snapshot  # cannot be weakly referenced: not cached
            self._by_sender[id(sender)] = (ref, snapshot)
            return snapshot

    @staticmethod
    def _filter(connections: tuple[_Connection, ...], sender: Any) -> _Snapshot:
        sender_key = _key_of(sender)
        return _Snapshot.of(c for c in connections if c.hears(sender_key))

    def _install(
        self, connections: tuple[_Connection, ...], before: tuple[_Connection, ...]
    ) -> bool:
        """Replace the connections (``before``) and every snapshot built from them.

        Returns whether the set of connections changed. Caller holds the lock.
        """
        if connections == before:
            return False
        self._connections = connections
        # One attribute, so a send in another thread reads old or new, never a mix of both.
        filters_senders = [c for c in connections if c.sender_key != _ANY_SENDER] != []
        self._shared_snapshot = None if filters_senders else _Snapshot.of(iter(connections))
        self._by_sender = _SenderCache()
        return True

    def _live_connections(self) -> tuple[_Connection, ...]:
        """The connections whose receiver and sender are alive. Caller holds the lock."""
        if not self._has_dead:
            return self._connections
        self._has_dead = False
        return tuple(c for c in self._connections if not c.is_dead())

    def _check_signature(self, receiver: Callable[..., Any], weak: bool) -> None:
        """``check_receiver_signature``, done once per function object (bound or not).

        Connecting the same function again (temporary receivers, tests) then costs a lookup.
        A receiver connected with ``weak=False`` is checked every time, as are callables that
        cannot be weakly referenced or hashed: the cache is keyed by weak references, and a
        strong connection takes none (as in Django, which tests it by mocking ``weakref.ref``).
        """
        if not weak:
            check_receiver_signature(self, receiver)
            return
        bound = _is_bound_method(receiver)
        func = receiver.__func__ if bound else receiver  # type: ignore[attr-defined]
        # Which ways ``func`` was checked, as bits (ints, not sets: small ints are shared, so
        # the memory per connected receiver stays below Django's).
        way = _CHECKED_BOUND if bound else _CHECKED_PLAIN
        try:
            checked = self._signatures_checked.get(func, 0)
        except TypeError:
            check_receiver_signature(self, receiver)
            return
        if checked & way:
            return
        check_receiver_signature(self, receiver)
        self._signatures_checked[func] = checked | way

    def _prune_if_dead(self) -> None:
        if not self._has_dead:
            return
        with self._lock:
            changed = self._install(self._live_connections(), self._connections)
        if changed:
            self.receivers_changed()

    def _reference_to(self, receiver: Callable[..., Any]) -> _Reference:
        if _is_bound_method(receiver):
            return weakref.WeakMethod(receiver, self._death_watch)
        return weakref.ref(receiver, self._death_watch)

    def _sender_reference(self, sender: Any) -> _Reference:
        try:
            return self._reference_to(sender)
        except TypeError:
            return _strong_reference(sender)

    @staticmethod
    def _lookup_key(
        receiver: Callable[..., Any] | None, sender: Any, dispatch_uid: Hashable | None
    ) -> tuple[Hashable, Hashable]:
        if dispatch_uid:
            return (dispatch_uid, _key_of(sender))
        return (_key_of(receiver), _key_of(sender))


def _call_in_order(
    receivers: list[Callable[..., Any]], arguments: dict[str, Any], *, robust: bool
) -> Responses:
    """Call sync receivers in connection order; ``robust``: each ``Exception`` is logged and
    returned as that receiver's response, else the first one propagates."""
    if robust:
        return [(func, _call_robustly(func, arguments)) for func in receivers]
    if _tracers:
        return [(func, _traced_call(func, arguments)) for func in receivers]
    return [(func, func(**arguments)) for func in receivers]


def _call_robustly(func: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    """Call ``func``; log an ``Exception`` it raises and return it as its response."""
    try:
        return func(**arguments) if not _tracers else _traced_call(func, arguments)
    except Exception as exc:
        _log_failure(arguments["signal"], func, exc)
        return exc


async def _run_all(
    sync: list[Callable[..., Any]],
    async_: list[Callable[..., Any]],
    arguments: dict[str, Any],
    *,
    robust: bool,
) -> Responses:
    """``asend``'s procedure, as Django's (6.1): the sync receivers in their thread, then the
    async ones concurrently. A sync receiver's exception propagates before any async one starts.
    """
    sync_responses = await _in_worker_thread(sync, arguments, robust=robust)
    async_responses = await _gather(async_, arguments, robust=robust)
    return [*sync_responses, *zip(async_, async_responses, strict=True)]


async def _in_worker_thread(
    receivers: list[Callable[..., Any]], arguments: dict[str, Any], *, robust: bool
) -> Responses:
    """Call sync receivers in order, in one thread, as Django's ``asend`` does: the thread
    ``sync_to_async(thread_sensitive=True)`` picks, where Django's database connections live."""
    if not receivers:
        return []
    # The receivers, the arguments and then the responses travel in ``job``, emptied here: the
    # executor's thread may hold its work item (arguments and result) a moment after the await
    # returns, and a send must not keep a receiver or a payload alive once it has returned.
    job: list[Any] = [receivers, arguments]
    try:
        await sync_to_async(_run_job, thread_sensitive=True)(job, robust)
        responses: Responses = job.pop()
        return responses
    finally:
        job.clear()


def _run_job(job: list[Any], robust: bool) -> None:
    """``_call_in_order`` on ``job``'s receivers and arguments; ``job`` then holds the responses."""
    receivers, arguments = job
    job[:] = [_call_in_order(receivers, arguments, robust=robust)]


def _traced_call(func: Callable[..., Any], arguments: dict[str, Any], hook: str = "call") -> Any:
    """Call a receiver through the ``call`` (``acall``: an async one) of the tracers that
    observe its signal."""
    signal = arguments["signal"]
    return _nested(_observing(signal), hook, signal, func, functools.partial(func, **arguments))


def _observing(signal: Signal[Any]) -> tuple[SignalTracer, ...]:
    """The installed tracers that observe ``signal``."""
    return tuple(tracer for tracer in _tracers if tracer.observes(signal))


def _nested(
    tracers: tuple[SignalTracer, ...], hook: str, signal: Signal[Any], target: Any, *rest: Any
) -> Any:
    """``run()`` (the last of ``rest``) through each tracer's ``hook``, the first outermost."""
    *middle, run = rest
    for tracer in reversed(tracers):
        run = functools.partial(getattr(tracer, hook), signal, target, *middle, run)
    return run()


def _install_send_methods() -> None:
    """The traced send methods while any tracer is installed, else the untraced ones."""
    for name, untraced in Signal._untraced.items():
        setattr(Signal, name, getattr(Signal, f"_traced_{name}") if _tracers else untraced)


def _none_reference() -> None:
    return None


class _DeathWatch:
    """The callback of every weak reference a signal holds: flags that one died.

    It runs during garbage collection, possibly while this thread holds the signal's lock,
    so it only sets a flag (the next send or connect prunes). It holds the signal weakly, so
    no reference cycle keeps a signal, or its strongly held receivers, alive.
    """

    __slots__ = ("_signal",)

    def __init__(self, signal: Signal[Any]) -> None:
        self._signal = weakref.ref(signal)

    def __call__(self, _: object) -> None:
        signal = self._signal()
        if signal is not None:
            signal._has_dead = True


class _SenderCache(dict[int, tuple[_Reference, _Snapshot]]):
    """``use_caching``'s snapshots, by ``id(sender)``, each with a weak reference to its sender."""

    __slots__ = ("__weakref__",)


def _evict(cache: weakref.ref[_SenderCache], sender_key: int, _: object) -> None:
    """Drop a dead sender's cached snapshot (a weakref callback; holds no strong reference)."""
    live_cache = cache()
    if live_cache is not None:
        live_cache.pop(sender_key, None)


async def _gather(
    receivers: list[Callable[..., Any]], arguments: dict[str, Any], *, robust: bool = False
) -> list[Any]:
    """Await every async receiver concurrently; results in connection order.

    They share one copy of the caller's context, and the context variables they set are set
    in the caller's context afterwards, as Django (6.1) runs them. All of them run to their end
    even when one fails: none is left running unobserved, its exception lost (or, when
    ``send``'s loop closes, cancelled half-way). Then the first exception in connection order
    is raised.
    """
    if not receivers:
        return []
    if robust:

        async def call_robustly(func: Callable[..., Coroutine[Any, Any, Any]]) -> Any:
            try:
                return await _call_async(func, arguments)
            except Exception as exc:
                _log_failure(arguments["signal"], func, exc)
                return exc

        calls = [call_robustly(func) for func in receivers]
    else:
        calls = [_call_async(func, arguments) for func in receivers]
    context = contextvars.copy_context()
    tasks = [asyncio.create_task(call, context=context) for call in calls]
    try:
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        _restore_context(context)
    if robust:  # an Exception is a response; anything else (KeyboardInterrupt …) propagates
        _results([outcome for outcome in outcomes if not isinstance(outcome, Exception)])
        return outcomes
    return _results(outcomes)


def _call_async(func: Callable[..., Any], arguments: dict[str, Any]) -> Coroutine[Any, Any, Any]:
    """``func(**arguments)``, an async receiver's call, through the tracers if any."""
    call: Coroutine[Any, Any, Any] = (
        func(**arguments) if not _tracers else _traced_call(func, arguments, "acall")
    )
    return call


def _restore_context(context: contextvars.Context) -> None:
    """Set, in the current context, each variable whose value ``context`` changed."""
    for variable, value in context.items():
        try:
            unchanged = variable.get() is value
        except LookupError:
            unchanged = False
        if not unchanged:
            variable.set(value)


def _results(outcomes: list[Any]) -> list[Any]:
    """``gather(..., return_exceptions=True)``'s outcomes; raises the first exception in them."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return outcomes


def _refuse_running_loop(signal: Signal[Any], async_receivers: list[Callable[..., Any]]) -> None:
    """``send`` runs async receivers with ``async_to_sync``, which the thread of a running loop
    cannot (it would block the loop it must run them on): say what to use instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    names = ", ".join(repr(".".join(filter(None, describe_receiver(f)))) for f in async_receivers)
    raise RuntimeError(
        f"signal {signal.label!r} has async receivers ({names}) and send() cannot run them "
        "inside a running event loop: use `await signal.asend(...)` instead"
    )


def _log_failure(signal: Signal[Any], func: Callable[..., Any], exc: Exception) -> None:
    """Log a receiver's exception at ERROR, bounded: the message and the traceback text
    (``exc_text``, which formatters use as it is) show the exception's text on one shortened
    line, however long it is or whatever newlines it holds. ``exc_info`` keeps the exception
    itself for handlers that report it (Sentry …).

    A typed signal logs on ``typedsignals``, naming the receiver, the signal and the error; an
    untyped one logs as ``django.dispatch`` does (its logger, its text), which it replaces.
    """
    log = django_logger if signal.payload_spec is None else logger
    if not log.isEnabledFor(logging.ERROR):
        return
    module, qualname = describe_receiver(func)
    if log is django_logger:
        message = "Error calling %s in Signal.send_robust() (%s)"
        args: tuple[str, ...] = (one_line(qualname, 200), _exception_text(exc))
    else:
        message = "receiver %s of signal %s raised %s: %s"
        args = (
            one_line(repr(".".join(filter(None, (module, qualname)))), 200),
            one_line(repr(signal.label), 200),
            one_line(type(exc).__name__, 100),
            _exception_text(exc),
        )
    record = log.makeRecord(
        log.name,
        logging.ERROR,
        __file__,
        0,
        message,
        args,
        (type(exc), exc, exc.__traceback__),
        func="send_robust",
    )
    record.exc_text = bounded_traceback(exc)
    log.handle(record)


def _exception_text(exc: BaseException) -> str:
    try:
        return one_line(str(exc), 500)
    except Exception:  # a hostile __str__ must not hide the real error
        return f"<{type(exc).__name__} whose str() raised>"


def _key_of(target: object) -> Hashable:
    """How a receiver or a sender is matched: by identity, and a bound method (a new object at
    each attribute access) by its object and function, as Django matches them."""
    if _is_bound_method(target):
        return (id(target.__self__), id(target.__func__))  # type: ignore[attr-defined]
    return id(target)


def _is_bound_method(func: object) -> bool:
    return hasattr(func, "__self__") and hasattr(func, "__func__")


def _is_coroutine_callable(func: Callable[..., Any]) -> bool:
    """Whether ``send`` must await what ``func`` returns: a coroutine function, an object whose
    ``__call__`` is one, or a callable marked with ``asgiref.sync.markcoroutinefunction``
    (which on Python 3.11, lacking ``inspect.markcoroutinefunction``, sets asyncio's mark)."""
    if (
        inspect.iscoroutinefunction(func)
        or getattr(func, "_is_coroutine", None) is _ASYNCIO_COROUTINE_MARK
    ):
        return True
    # A function's or a bound method's __call__ is CPython's wrapper, never a coroutine
    # function: skipping that lookup saves connect about 8,000 CPU instructions.
    return not isinstance(func, FunctionType | MethodType) and inspect.iscoroutinefunction(
        getattr(func, "__call__", None)  # noqa: B004 - a callable object's async __call__
    )


def _model_fixed_by_class(cls: type) -> object | None:
    """The model a ``Signal`` subclass fixes, as in ``class Saved(Signal[SavedPayload])``."""
    for klass in cls.__mro__:
        for base in klass.__dict__.get("__orig_bases__", ()):
            origin = typing.get_origin(base)
            if isinstance(origin, type) and issubclass(origin, Signal):
                model = _concrete(typing.get_args(base)[0])
                if model is not None:
                    return model
    return None


def _docstring_of(model: type[BaseModel]) -> str | None:
    """The model's docstring; a parametrized generic model (``Envelope[int]``) has its generic
    class's, since pydantic creates the parametrized class without one."""
    generic = model.__pydantic_generic_metadata__["origin"] or model
    return model.__doc__ or generic.__doc__


def _concrete(arg: object) -> object | None:
    """``arg`` unless it leaves the signal untyped (``Any`` or an unbound type variable)."""
    if arg is Any or isinstance(arg, typing.TypeVar):
        return None
    return arg


def _caller_module(signal: Signal[Any]) -> str:
    """The module whose code created ``signal``: the first frame outside its construction."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and (
        frame.f_locals.get("self") is signal or frame.f_code in _CONSTRUCTION_CODE
    ):
        frame = frame.f_back
    return str(frame.f_globals.get("__name__", "")) if frame is not None else ""


def _bound_name(signal: Signal[Any]) -> str | None:
    module = sys.modules.get(signal.module)
    for attribute, value in vars(module).items() if module is not None else ():
        if value is signal:
            return attribute
    return None


if not TYPE_CHECKING:

    class _SignalAlias(typing._GenericAlias, _root=True):
        """``Signal[Model]``: hands the model to ``Signal.__init__``.

        ``typing`` sets ``__orig_class__`` only after ``__init__`` returns; the model must be
        known inside it (to check the declaration and default the doc), so it is set first.
        """

        def __call__(self, *args, **kwargs):
            origin = self.__origin__
            signal = origin.__new__(origin)
            model = _concrete(self.__args__[0]) if len(self.__args__) == 1 else None
            if model is not None:
                signal._alias_model = model
            signal.__init__(*args, **kwargs)
            signal.__orig_class__ = self
            return signal

        def __getattr__(self, name):
            """``Signal[Model].send(...)`` (the ``()`` forgotten) says how to fix it, instead
            of Python's ``missing 1 required positional argument: 'sender'``."""
            attribute = super().__getattr__(name)
            if name not in _SIGNAL_METHODS:
                return attribute

            @functools.wraps(attribute)
            def called_on_the_type(*args, **kwargs):
                if args and isinstance(args[0], Signal):  # Signal[M].send(signal, ...)
                    return attribute(*args, **kwargs)
                kind = f"Signal[{_type_label(self.__args__[0])}]"
                raise TypeError(
                    f"{kind}.{name}() was called on the signal type, not on a signal: create "
                    f"the signal first, `my_signal = {kind}()`, then call `my_signal.{name}(...)`"
                )

            return called_on_the_type

    _CONSTRUCTION_CODE.add(_SignalAlias.__call__.__code__)

    _SIGNAL_METHODS = frozenset(
        {
            "send",
            "send_robust",
            "asend",
            "asend_robust",
            "connect",
            "disconnect",
            "has_listeners",
            "receivers_info",
            "json_schema",
        }
    )

    def _type_label(arg):
        return getattr(arg, "__name__", None) or repr(arg)
