"""Receivers: the ``@receiver`` decorator, connect-time signature checks, introspection records."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

from typedsignals.errors import ReceiverSignatureError
from typedsignals.payload import RESERVED_NAMES

if TYPE_CHECKING:
    from typedsignals.dispatcher import Signal

__all__ = ["ReceiverInfo", "receiver"]

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    _Signals = TypeVar("_Signals")

    class _ReceiverDecorator(Generic[_Signals]):
        """For type checkers only: the mypy plugin's type for ``@receiver(...)`` and
        ``@signal.connect(sender=...)``.

        ``_Signals`` is ``tuple[Signal[A], ...]``, the signals the decorator connects to, so the
        plugin can check the decorated function against each; the function keeps its type.
        """

        def __call__(self, func: F, /) -> F: ...


_KEYWORD_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
_POSITIONAL_KINDS = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


@attrs.frozen
class ReceiverInfo:
    """A live receiver of a signal, as ``Signal.receivers_info()`` reports it."""

    receiver: Callable[..., Any]
    """The receiver itself (a bound method for a method receiver)."""
    qualname: str
    """The receiver's ``__qualname__`` (its type's, for a callable object)."""
    module: str
    """The module the receiver was defined in."""
    sender: Any
    """The sender it listens to; ``None`` means every sender."""
    dispatch_uid: Hashable | None
    """The ``dispatch_uid`` it was connected with, if any."""
    weak: bool
    """Whether the signal holds it by a weak reference."""
    is_async: bool
    """Whether it is a coroutine function (run concurrently by ``send``/``asend``)."""
    runs_on: str | None = attrs.field(
        default=attrs.Factory(lambda info: receiver_runs_on(info.receiver), takes_self=True)
    )
    """Where the receiver's work runs when not in the sending process (``"Celery"`` for a
    ``task_receiver``); ``None`` for an ordinary receiver. See ``receiver_runs_on``."""

    @property
    def label(self) -> str:
        """``module.qualname``, as errors and docs show it."""
        return f"{self.module}.{self.qualname}" if self.module else self.qualname


class Connectable(Protocol):
    """What ``receiver`` connects to: a signal of ours, or one of ``django.dispatch``'s."""

    def connect(
        self, receiver: Any, sender: Any = ..., weak: bool = ..., dispatch_uid: Any = ...
    ) -> object: ...


def receiver(
    signal: Signal[Any] | Connectable | Sequence[Signal[Any] | Connectable],
    **connect_kwargs: Any,
) -> Callable[[F], F]:
    """Connect the decorated function to one signal or to each of a sequence of signals.

    As Django's ``receiver``, it takes any signal with Django's ``connect`` (Django's own
    ``post_save`` …, in a list with ours if need be). ``connect_kwargs`` (``sender``, ``weak``,
    ``dispatch_uid``) go to each ``connect`` call. The function is returned unchanged::

        @receiver(pizza_done, sender=PizzaStore)
        def box_it(sender, toppings, size, **kwargs): ...
    """
    signals = list(signal) if isinstance(signal, Sequence) else [signal]

    def connect_to_each(func: F) -> F:
        for each in signals:
            each.connect(func, **connect_kwargs)
        return func

    return connect_to_each


def receiver_runs_on(func: Callable[..., Any]) -> str | None:
    """The receiver's ``typedsignals_runs_on`` attribute, if it is a string.

    An integration that connects a stand-in receiver (one that hands the work to a task queue,
    say) sets this attribute on it, and the docs tools show the mark next to the receiver.
    """
    mark = getattr(func, "typedsignals_runs_on", None)
    return mark if isinstance(mark, str) else None


def describe_receiver(func: Callable[..., Any]) -> tuple[str, str]:
    """``(module, qualname)`` of a receiver: a function, bound method, or callable object."""
    target: Any = func
    if not hasattr(target, "__qualname__"):
        target = type(target)
    return getattr(target, "__module__", None) or "", target.__qualname__


def check_receiver_signature(signal: Signal[Any], func: Callable[..., Any]) -> None:
    """Raise ``ReceiverSignatureError`` unless ``func(signal=…, sender=…, **values)`` can work.

    For a typed signal ``values`` are exactly the model's fields (every one, since defaults are
    filled), plus unknown keys when the model allows extra fields. For an untyped signal only
    Django's rule applies: the receiver must take ``**kwargs``. A callable whose signature
    cannot be inspected (some builtins) is accepted as is.
    """
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return
    spec = signal.payload_spec
    sent = (*RESERVED_NAMES, *(spec.field_names if spec is not None else ()))
    takes_any_keyword = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
    problems = [
        f"parameter {p.name!r} is positional-only, but receivers are called with keyword "
        "arguments only"
        if p.default is inspect.Parameter.empty
        else f"parameter {p.name!r} is positional-only, so {_what(p.name)} {p.name!r} never "
        "reaches it (make it a keyword parameter)"
        for p in parameters
        if p.kind is inspect.Parameter.POSITIONAL_ONLY
        and (p.default is inspect.Parameter.empty or p.name in sent)
    ]
    problems.extend(
        f"parameter {name!r} is bound positionally by functools.partial, so each send gives "
        "it twice (bind it by keyword)"
        for name in _bound_positionally(func)
        if name in sent
    )
    if spec is None:
        if not takes_any_keyword:
            problems.append(
                "Signal receivers must accept keyword arguments (**kwargs). Add a **kwargs "
                "parameter, as every Django-style receiver has"
            )
    else:
        model_name = spec.model.__name__
        keyword_names = {p.name for p in parameters if p.kind in _KEYWORD_KINDS}
        problems.extend(
            f"parameter {p.name!r} is required but {model_name} has no such field"
            for p in parameters
            if p.kind in _KEYWORD_KINDS
            and p.default is inspect.Parameter.empty
            and p.name not in sent
        )
        if not takes_any_keyword:
            problems.extend(
                f"it cannot accept {_what(name)} {name!r} (add a parameter {name!r} or **kwargs)"
                for name in sent
                if name not in keyword_names
            )
            if spec.allows_extra:
                problems.append(
                    f"{model_name} allows extra fields (extra='allow'), so the receiver needs "
                    "**kwargs to take them"
                )
    if problems:
        module, qualname = describe_receiver(func)
        label = f"{module}.{qualname}" if module else qualname
        raise ReceiverSignatureError(
            f"receiver {label!r} cannot receive "
            f"signal {signal.label!r} ({signal.model_label}): " + "; ".join(problems)
        )


def _bound_positionally(func: Callable[..., Any]) -> list[str]:
    """The parameters a ``functools.partial``'s positional arguments took (by keyword, a
    receiver's call would give them a second time)."""
    if not isinstance(func, functools.partial) or not func.args:
        return []
    try:
        parameters = list(inspect.signature(func.func).parameters.values())
    except (TypeError, ValueError):
        return []
    positional = [p for p in parameters if p.kind in _POSITIONAL_KINDS][: len(func.args)]
    return [p.name for p in positional if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]


def _what(name: str) -> str:
    return "the argument" if name in RESERVED_NAMES else "field"
