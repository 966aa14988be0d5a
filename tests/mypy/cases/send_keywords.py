"""send/send_robust/asend/asend_robust with keyword fields: mypy's own call-arg/arg-type."""

from typing import Any, TypeVar

from payloads import (
    BigPizzaDone,
    Camel,
    Choices,
    Conditional,
    Loose,
    LooseByDict,
    LooseByKeyword,
    LooseChild,
    Pathed,
    PizzaDone,
    PizzaStore,
    Renamed,
    Required,
    Saved,
    Strict,
)

from typedsignals import Signal

pizza_done = Signal[PizzaDone](sender=PizzaStore)

pizza_done.send(sender=PizzaStore, toppings=["ham"], customer="Ada")
pizza_done.send(PizzaStore, toppings=["ham"], customerName="Ada", size=32, note="", tags=[])
pizza_done.send(sender=PizzaStore, customer="Ada")  # E: Missing named argument "toppings" for "send" of "Signal"  [call-arg]
pizza_done.send(sender=PizzaStore, toppings=["ham"])  # E: Missing named argument "customer" for "send" of "Signal"  [call-arg]
pizza_done.send(PizzaStore, toppings=[], customer="Ada", sise=3)  # E: Unexpected keyword argument "sise" for "send" of "Signal"  [call-arg]
pizza_done.send(PizzaStore, toppings=[], customer="Ada", siz=3)  # E: Unexpected keyword argument "siz" for "send" of "Signal"; did you mean "size"?  [call-arg]
pizza_done.send(PizzaStore, toppings=[], customer="Ada", size="32")  # E: Argument "size" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]
pizza_done.send(PizzaStore, toppings="ham", customerName="Ada")  # E: Argument "toppings" to "send" of "Signal" has incompatible type "str"; expected "list[str]"  [arg-type]
pizza_done.send(PizzaStore, toppings=[], customerName=1)  # E: Argument "customerName" to "send" of "Signal" has incompatible type "int"; expected "str"  [arg-type]
pizza_done.send(toppings=[], customer="Ada")  # E: Missing positional argument "sender" in call to "send" of "Signal"  [call-arg]
pizza_done.send_robust(PizzaStore, toppings=[], customer="Ada", sise=3)  # E: Unexpected keyword argument "sise" for "send_robust" of "Signal"  [call-arg]


async def sends_asynchronously() -> None:
    await pizza_done.asend(PizzaStore, toppings=[], customer="Ada")
    await pizza_done.asend(PizzaStore, toppings=[], customer=3)  # E: Argument "customer" to "asend" of "Signal" has incompatible type "int"; expected "str"  [arg-type]
    await pizza_done.asend_robust(PizzaStore, customer="Ada")  # E: Missing named argument "toppings" for "asend_robust" of "Signal"  [call-arg]


class PizzaSignal(Signal[PizzaDone]):
    """A subclass that fixes the model."""


pizza_signal = PizzaSignal()
pizza_signal.send(PizzaStore, toppings=[], customer="Ada")
pizza_signal.send(PizzaStore, toppings=[], customer="Ada", size=None)  # E: Argument "size" to "send" of "Signal" has incompatible type "None"; expected "int"  [arg-type]

big = Signal[BigPizzaDone]()
big.send(None, toppings=[], customer="Ada")  # E: Missing named argument "slices" for "send" of "Signal"  [call-arg]
big.send(None, toppings=[], customer="Ada", slices=8)

saved = Signal[Saved[int]]()
saved.send(None, item=1)
saved.send(None, item="1")  # E: Argument "item" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]

Signal[Loose]().send(None, x=1, anything="goes")
Signal[LooseByKeyword]().send(None, x=1, anything="goes")
Signal[LooseByDict]().send(None, x=1, anything="goes")
Signal[Loose]().send(None, anything="goes")  # E: Missing named argument "x" for "send" of "Signal"  [call-arg]
Signal[LooseChild]().send(None, x=1, y=2, z=3)
Signal[Strict]().send(None, x=1, y=2)  # E: Unexpected keyword argument "y" for "send" of "Signal"  [call-arg]

renamed = Signal[Renamed]()
renamed.send(None, full_name="Ada")
renamed.send(None, fullName="Ada")
renamed.send(None, name="Ada")  # E: Unexpected keyword argument "name" for "send" of "Signal"  [call-arg]
renamed.send(None)  # E: Missing named argument "full_name" for "send" of "Signal"  [call-arg]
choices = Signal[Choices]()
choices.send(None, full_name="Ada")
choices.send(None, name="Ada")
Signal[Pathed]().send(None, names=["Ada"], age=3)
Signal[Pathed]().send(None, names=["Ada"], age="3")  # E: Argument "age" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]
Signal[Camel]().send(None, firstName="Ada")
Signal[Camel]().send(None, first_name=1)  # E: Argument "first_name" to "send" of "Signal" has incompatible type "int"; expected "str"  [arg-type]

required = Signal[Required]()
required.send(None, a=1, b=2, e=5)
required.send(None, c=3)  # E: Missing named argument "a" for "send" of "Signal"  [call-arg]  # E: Missing named argument "b" for "send" of "Signal"  [call-arg]  # E: Missing named argument "e" for "send" of "Signal"  [call-arg]
Signal[Conditional]().send(None, always=1, sometimes="x")

fields: dict[str, Any] = {"toppings": [], "customer": "Ada"}
pizza_done.send(PizzaStore, **fields)
numbers: dict[str, int] = {}
pizza_done.send(PizzaStore, **numbers)  # E: Argument 2 to "send" of "Signal" has incompatible type "**dict[str, int]"; expected "list[str]"  [arg-type]  # E: Argument 2 to "send" of "Signal" has incompatible type "**dict[str, int]"; expected "str"  [arg-type]

untyped = Signal()
untyped.send(None, anything=1)
Signal[Any]().send(None, anything=1)

M = TypeVar("M", bound=PizzaDone)


def generic_sender(signal: Signal[M]) -> None:
    signal.send(None, anything=1)
