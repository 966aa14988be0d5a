"""sig.connect(receiver): each way a receiver cannot take what the signal sends."""

from functools import partial
from typing import Any

from payloads import Article, Loose, PizzaDone, PizzaStore

from typedsignals import Signal

pizza_done = Signal[PizzaDone](sender=PizzaStore)


def wrong_type(sender: Any, size: str, **kwargs: Any) -> None: ...
def required_extra(sender: Any, colour: str, **kwargs: Any) -> None: ...
def no_kwargs(signal: Any, sender: Any, toppings: list[str], size: int, note: str, tags: list[str]) -> None: ...
def no_signal(sender: Any, toppings: list[str], size: int, note: str, tags: list[str], customer: str) -> None: ...
def narrow_kwargs(signal: Any, sender: Any, toppings: list[str], tags: list[str], **kwargs: int) -> None: ...
def positional_only(sender: Any, size: int, /, **kwargs: Any) -> None: ...
def wrong_signal(signal: Signal[Article], **kwargs: Any) -> None: ...
def loose_no_kwargs(signal: Any, sender: Any, x: int) -> None: ...


pizza_done.connect(wrong_type)  # E: Receiver "wrong_type" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
pizza_done.connect(required_extra)  # E: Receiver "required_extra" parameter "colour" is required, but PizzaDone has no such field (give it a default or remove it)  [signal-receiver]
pizza_done.connect(no_kwargs)  # E: Receiver "no_kwargs" cannot accept PizzaDone field "customer" (add a parameter "customer" or **kwargs)  [signal-receiver]
pizza_done.connect(no_signal)  # E: Receiver "no_signal" cannot accept the argument "signal" every receiver gets (add a parameter "signal" or **kwargs)  [signal-receiver]
pizza_done.connect(narrow_kwargs)  # E: Receiver "narrow_kwargs" parameter "**kwargs" has type "int", but PizzaDone field "note" is "str"  [signal-receiver]  # E: Receiver "narrow_kwargs" parameter "**kwargs" has type "int", but PizzaDone field "customer" is "str"  [signal-receiver]
pizza_done.connect(positional_only)  # E: Receiver "positional_only" parameter "sender" is positional-only, but receivers are called with keyword arguments only  [signal-receiver]  # E: Receiver "positional_only" parameter "size" is positional-only, but receivers are called with keyword arguments only  [signal-receiver]
pizza_done.connect(wrong_signal)  # E: Receiver "wrong_signal" parameter "signal" has type "Signal[Article]", but the signal it receives (PizzaDone) is "Signal[PizzaDone]"  [signal-receiver]
pizza_done.connect(wrong_type, sender=PizzaStore, weak=False, dispatch_uid="x")  # E: Receiver "wrong_type" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
pizza_done.connect(receiver=wrong_type)  # E: Receiver "wrong_type" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
Signal[Loose]().connect(loose_no_kwargs)  # E: Receiver "loose_no_kwargs" needs **kwargs: Loose allows extra fields (extra="allow")  [signal-receiver]


class Kitchen:
    def box_it(self, sender: Any, size: str, **kwargs: Any) -> None: ...

    async def bake(self, sender: Any, toppings: set[str], **kwargs: Any) -> None: ...

    def __call__(self, sender: Any, note: bytes, **kwargs: Any) -> None: ...


kitchen = Kitchen()
pizza_done.connect(kitchen.box_it)  # E: Receiver "Kitchen.box_it" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
pizza_done.connect(kitchen.bake)  # E: Receiver "Kitchen.bake" parameter "toppings" has type "set[str]", but PizzaDone field "toppings" is "list[str]"  [signal-receiver]
pizza_done.connect(kitchen)  # E: Receiver "Kitchen.__call__" parameter "note" has type "bytes", but PizzaDone field "note" is "str"  [signal-receiver]
pizza_done.connect(Kitchen.box_it)  # E: Receiver "Kitchen.box_it" parameter "self" is required, but PizzaDone has no such field (give it a default or remove it)  [signal-receiver]  # E: Receiver "Kitchen.box_it" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]


def with_extra(sender: Any, size: str, extra: int, **kwargs: Any) -> None: ...


pizza_done.connect(partial(with_extra, extra=1))  # E: Receiver "with_extra" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
pizza_done.connect(partial(with_extra, size="x", extra=1))  # E: Receiver "with_extra" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
