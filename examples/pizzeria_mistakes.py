"""Mistakes the mypy plugin catches before the code runs: `make demo` shows its report.

Nothing imports this module (importing it would raise ``ReceiverSignatureError``); mypy with
``plugins = ["typedsignals.mypy"]`` (see ``mypy.ini``) reports every mistake below.
"""

from __future__ import annotations

from typing import Any

from pizzeria.signals import order_placed, pizza_delivered, pizza_done
from pizzeria.store import PizzaStore
from pydantic import BaseModel

from typedsignals import Signal, receiver

# Sends: mypy's own call-arg and arg-type errors, against the payload model.
pizza_done.send(PizzaStore, order_id=9, toppings=["ham"], sise=40)
pizza_done.send(PizzaStore, toppings=["ham"])
pizza_delivered.send(PizzaStore, order_id=9, minutes="twelve")


# Receivers, however they are connected: signal-receiver.
@receiver(pizza_done, sender=PizzaStore)
def box_it(sender: type[PizzaStore], size: str, **kwargs: Any) -> str:
    return f"boxed a {size} pizza"


@receiver([order_placed, pizza_done])
def greet(sender: Any, customer: str, **kwargs: Any) -> str:
    return f"hello {customer}"


@pizza_delivered.connect
def tip(sender: Any, minutes: float) -> None: ...


# A payload field may not be named `signal` or `sender`: signal-declaration.
class Refund(BaseModel):
    sender: str
    amount: float


refund_issued = Signal[Refund]()
