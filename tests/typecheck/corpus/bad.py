"""The mistakes of docs/static-checking.md, in both spellings.

Each line that should be reported ends with ``# expect: <checkers>``: the checkers that report
it (``all``: every one; ``-x`` removes checker ``x``). The matrix fails on a missed expectation
and on a report on any other line.
"""

from typing import Any

from pydantic import BaseModel

from tests.typecheck.corpus.signals import (
    PizzaDone,
    PizzaStore,
    pizza_done,
    strict_pizza_done,
    subscripted,
    tipped,
)
from typedsignals import Signal, receiver


def sends() -> None:
    # ty, pyrefly: pydantic's default `extra="ignore"` gives the model's `__init__` a `**extra`
    pizza_done.send(PizzaStore, order_id=7, toppings=["ham"], sise=32)  # expect: all -ty -pyrefly
    pizza_done.send(PizzaStore, toppings=["ham"])  # expect: all
    # ty, pyrefly: pydantic's lax mode, where `list[str]` takes any `Iterable[str]`
    pizza_done.send(PizzaStore, order_id=7, toppings="ham")  # expect: all -ty -pyrefly
    # ty, pyrefly: pydantic's lax mode, where `"7"` is coerced to `7` (at runtime too)
    pizza_done.send(PizzaStore, order_id="7", toppings=["ham"])  # expect: all -ty -pyrefly
    pizza_done.send(PizzaStore, PizzaDone(order_id=7, toppings=["ham"]), size=32)  # expect: all
    pizza_done.send(PizzaStore, {"order_id": 7, "toppings": ["ham"]})  # expect: all
    pizza_done.send_robust(PizzaStore, order_id=7)  # expect: all
    # correct at runtime (by name or alias); checkers without the plugin see the alias only,
    # as in `Tipped(...)`
    tipped.send(None, order_id=2)  # expect: all -mypy-plugin
    # correct at runtime; pyrefly takes the parameters before `*args: P.args` as positional
    pizza_done.send(sender=PizzaStore, order_id=7, toppings=["ham"])  # expect: pyrefly


async def async_sends() -> None:
    # ty, pyrefly: pydantic's default `extra="ignore"` gives the model's `__init__` a `**extra`
    await pizza_done.asend(PizzaStore, order_id=7, toppings=[], sise=32)  # expect: all -ty -pyrefly
    await pizza_done.asend_robust(PizzaStore, toppings=["ham"])  # expect: all


def strict_sends() -> None:
    # `strict=True, extra="forbid"`: ty and pyrefly see the declared types, no `**extra`
    strict_pizza_done.send(PizzaStore, order_id=7, toppings=["ham"], sise=32)  # expect: all
    strict_pizza_done.send(PizzaStore, order_id=7, toppings="ham")  # expect: all
    strict_pizza_done.send(PizzaStore, order_id="7", toppings=["ham"])  # expect: all


def subscripted_sends() -> None:
    # `Signal[M](...)`: without the plugin, `send` takes `**fields: Any`
    subscripted.send(PizzaStore, order_id=7, toppings=["ham"], sise=32)  # expect: mypy-plugin
    subscripted.send(PizzaStore, toppings=["ham"])  # expect: mypy-plugin
    subscripted.send(PizzaStore, PizzaDone(order_id=7, toppings=[]), size=32)  # expect: mypy-plugin
    # the payload-instance form, checked everywhere
    subscripted.send(PizzaStore, {"order_id": 7})  # expect: all


def box_it(sender: type[PizzaStore], size: str, **kwargs: Any) -> str:
    return f"boxed a {size} cm pizza"


def ring_bell(sender: Any, colour: str, **kwargs: Any) -> None: ...


def count(sender: Any, order_id: int, toppings: list[str]) -> None: ...


def log(signal: Signal[Any], sender: object, order_id: str, **kwargs: Any) -> None: ...


def receivers() -> None:
    # receivers: the plugin only (see "Receivers without the plugin")
    pizza_done.connect(box_it, sender=PizzaStore)  # expect: mypy-plugin
    pizza_done.connect(ring_bell)  # expect: mypy-plugin
    pizza_done.connect(count)  # expect: mypy-plugin
    pizza_done.connect(log)  # expect: mypy-plugin
    subscripted.connect(box_it, sender=PizzaStore)  # expect: mypy-plugin
    subscripted.connect(ring_bell)  # expect: mypy-plugin


@receiver(pizza_done, sender=PizzaStore)  # expect: mypy-plugin
def box_it_decorated(sender: type[PizzaStore], size: str, **kwargs: Any) -> str:
    return f"boxed a {size} cm pizza"


@receiver([pizza_done, subscripted])  # expect: mypy-plugin
def greet(sender: Any, customer: str, **kwargs: Any) -> str:
    return f"hello {customer}"


class Refund(BaseModel):
    sender: str
    amount: float


# a field named `sender`: the plugin's signal-declaration (the runtime raises)
refund_issued = Signal(Refund)  # expect: mypy-plugin
