"""Receivers of every shape, and every way of naming the signals they connect to."""

from collections.abc import Callable, Sequence
from functools import partial, wraps
from typing import Any, ParamSpec, TypeVar, overload

from pydantic import BaseModel

from typedsignals import Signal, receiver

P = ParamSpec("P")
R = TypeVar("R")


class Warehouse:
    """Ships parcels."""


class Shipped(BaseModel):
    order_id: int
    carrier: str = "post"


class Delivered(BaseModel):
    order_id: int


shipped = Signal[Shipped](sender=Warehouse)
delivered = Signal[Delivered](sender=Warehouse)


# Stacked decorators: each error on the line of the decorator that is wrong.
@receiver(shipped)
@receiver(delivered)  # E: Receiver "stacked" parameter "carrier" is required, but Delivered has no such field (give it a default or remove it)  [signal-receiver]
def stacked(sender: Any, carrier: str, **kwargs: Any) -> None: ...


@receiver(delivered)  # E: Receiver "stacked_outer" parameter "carrier" is required, but Delivered has no such field (give it a default or remove it)  [signal-receiver]
@receiver(shipped)
def stacked_outer(sender: Any, carrier: str, **kwargs: Any) -> None: ...


@receiver(shipped)
@receiver(delivered)  # type: ignore[signal-receiver]
def stacked_ignored(sender: Any, carrier: str, **kwargs: Any) -> None: ...


@shipped.connect
@delivered.connect  # E: Receiver "stacked_connect" parameter "carrier" is required, but Delivered has no such field (give it a default or remove it)  [signal-receiver]
def stacked_connect(sender: Any, carrier: str, **kwargs: Any) -> None: ...


@shipped.connect(sender=Warehouse)
@delivered.connect(sender=Warehouse)  # E: Receiver "stacked_factories" parameter "carrier" is required, but Delivered has no such field (give it a default or remove it)  [signal-receiver]
def stacked_factories(sender: Any, carrier: str, **kwargs: Any) -> None: ...


# Signals given as a variable, an unpacked list, a sequence of a union.
SIGNALS: list[Signal[Shipped]] = [shipped]
BOTH: tuple[Signal[Shipped], Signal[Delivered]] = (shipped, delivered)
MIXED: Sequence[Signal[Shipped] | Signal[Delivered]] = [shipped, delivered]


@receiver(SIGNALS)  # E: Receiver "from_list" parameter "carrier" has type "int", but Shipped field "carrier" is "str"  [signal-receiver]
def from_list(sender: Any, carrier: int, **kwargs: Any) -> None: ...


@receiver([*SIGNALS, delivered])  # E: Receiver "unpacked" parameter "carrier" has type "int", but Shipped field "carrier" is "str"  [signal-receiver]
def unpacked(sender: Any, carrier: int = 0, **kwargs: Any) -> None: ...


@receiver(BOTH)  # E: Receiver "from_tuple" parameter "carrier" is required, but Delivered has no such field (give it a default or remove it)  [signal-receiver]
def from_tuple(sender: Any, carrier: str, **kwargs: Any) -> None: ...


@receiver(MIXED)  # E: Receiver "from_union" parameter "carrier" is required, but Delivered has no such field (give it a default or remove it)  [signal-receiver]
def from_union(sender: Any, carrier: str, **kwargs: Any) -> None: ...


@receiver(SIGNALS)
@receiver(MIXED)
def all_good(sender: Any, order_id: int, carrier: str = "", **kwargs: Any) -> None: ...


# Sends through the class are not checked: ``Signal``'s constructor is overloaded (for the
# ``Signal(M, ...)`` spelling), and mypy names no method, so calls no plugin hook, for a method
# reached through a class whose constructor is overloaded (checkexpr.method_fullname).
Signal.send(shipped, Warehouse, order_id=1)
Signal.send(shipped, Warehouse, order_id="1")
Signal.send(shipped, Warehouse, carrier="dhl")
Signal.send_robust(shipped, Warehouse, order_id=1, colour="red")


# Sends from a subclass's own send.


class Audited(Signal[Shipped]):
    def send(self, /, sender: Any, *payload: Shipped, **fields: Any) -> list[tuple[Callable[..., Any], Any]]:
        super().send(sender, order_id="1")  # not checked: mypy calls no plugin hook through super()
        super().send(sender, *payload)
        return super().send(sender, *payload, **fields)


Audited().send(Warehouse, order_id=1)
Audited().send(Warehouse, order="1")  # E: Unexpected keyword argument "order" for "send" of "Audited"; did you mean "order_id"?  [call-arg]


# Positional-only parameters and functools.partial.
def positional_field(sender: Any, order_id: int = 0, /, **kwargs: Any) -> None: ...
def positional_sender(sender: Any = None, /, **kwargs: Any) -> None: ...
def positional_other(sender: Any, cache: int = 0, /, **kwargs: Any) -> None: ...
def notify(sender: Any, order_id: int, **kwargs: Any) -> None: ...
def notify_keywords(*, sender: Any, order_id: int, **kwargs: Any) -> None: ...


shipped.connect(positional_field)  # E: Receiver "positional_field" parameter "sender" is positional-only, but receivers are called with keyword arguments only  [signal-receiver]  # E: Receiver "positional_field" parameter "order_id" is positional-only, so Shipped field "order_id" never reaches it (make it a keyword parameter)  [signal-receiver]
shipped.connect(positional_sender)  # E: Receiver "positional_sender" parameter "sender" is positional-only, so the argument "sender" every receiver gets never reaches it (make it a keyword parameter)  [signal-receiver]
shipped.connect(positional_other)  # E: Receiver "positional_other" parameter "sender" is positional-only, but receivers are called with keyword arguments only  [signal-receiver]
shipped.connect(partial(notify, Warehouse))  # E: Receiver "notify" parameter "sender" is bound positionally by functools.partial, so each send gives it twice (bind it by keyword)  [signal-receiver]
shipped.connect(partial(notify, Warehouse, 1))  # E: Receiver "notify" parameter "sender" is bound positionally by functools.partial, so each send gives it twice (bind it by keyword)  [signal-receiver]  # E: Receiver "notify" parameter "order_id" is bound positionally by functools.partial, so each send gives it twice (bind it by keyword)  [signal-receiver]
shipped.connect(partial(notify, sender=Warehouse))
shipped.connect(partial(notify_keywords, order_id=1))
shipped.connect(partial(positional_other, Warehouse))


# Receivers that are not plain functions.
handler: Callable[[int], None] = lambda order_id: None
shipped.connect(handler)  # E: Receiver "handler" parameter #1 is positional-only, but receivers are called with keyword arguments only  [signal-receiver]  # E: Receiver "handler" cannot accept the argument "signal" every receiver gets (add a parameter "signal" or **kwargs)  [signal-receiver]  # E: Receiver "handler" cannot accept the argument "sender" every receiver gets (add a parameter "sender" or **kwargs)  [signal-receiver]  # E: Receiver "handler" cannot accept Shipped field "order_id" (add a parameter "order_id" or **kwargs)  [signal-receiver]  # E: Receiver "handler" cannot accept Shipped field "carrier" (add a parameter "carrier" or **kwargs)  [signal-receiver]
keyword_handler: Callable[..., None] = notify
shipped.connect(keyword_handler)


def logged(fn: Callable[P, R]) -> Callable[P, R]:
    return fn


def untyped_wrapper(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def inner(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return inner


@receiver(shipped)  # E: Receiver "logged_wrong" parameter "carrier" has type "int", but Shipped field "carrier" is "str"  [signal-receiver]
@logged
def logged_wrong(sender: Any, carrier: int, **kwargs: Any) -> None: ...


@receiver(shipped)
@logged
def logged_right(sender: Any, carrier: str, **kwargs: Any) -> None: ...


@receiver(shipped)
@untyped_wrapper
def wrapped_any(carrier: int) -> None: ...


class Handler:
    def __init__(self, sender: Any, order_id: int, **kwargs: Any) -> None: ...


class WrongHandler:
    def __init__(self, sender: Any, order_id: str, **kwargs: Any) -> None: ...


shipped.connect(Handler)
shipped.connect(WrongHandler)  # E: Receiver "WrongHandler" parameter "order_id" has type "str", but Shipped field "order_id" is "int"  [signal-receiver]


class Overloaded:
    @overload
    def __call__(self, sender: Any, order_id: int, **kwargs: Any) -> None: ...
    @overload
    def __call__(self, sender: Any, order_id: str, **kwargs: Any) -> None: ...
    def __call__(self, sender: Any, order_id: int | str, **kwargs: Any) -> None: ...


shipped.connect(Overloaded())


class Counter:
    def __call__(self, signal: Signal[Shipped], sender: Any, order_id: int, carrier: str) -> None: ...


shipped.connect(Counter())
delivered.connect(Counter())  # E: Receiver "Counter.__call__" parameter "signal" has type "Signal[Shipped]", but the signal it receives (Delivered) is "Signal[Delivered]"  [signal-receiver]  # E: Receiver "Counter.__call__" parameter "carrier" is required, but Delivered has no such field (give it a default or remove it)  [signal-receiver]
