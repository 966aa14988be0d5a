"""The kitchen's receivers: they box pizzas and keep the till."""

from __future__ import annotations

from typing import Any

from pizzeria.signals import order_placed, pizza_done
from pizzeria.store import PizzaStore
from typedsignals import receiver

PRICES = {30: 9.0, 32: 10.5, 40: 14.0}


@receiver(pizza_done, sender=PizzaStore)
def box_it(sender: type[PizzaStore], toppings: list[str], size: int, **kwargs: Any) -> str:
    """Box a finished pizza."""
    return f"boxed a {size} cm pizza with {', '.join(toppings) or 'nothing'}"


@receiver([order_placed, pizza_done])
def log_event(signal: Any, sender: type[PizzaStore], order_id: int, **kwargs: Any) -> str:
    """Keep a line in the kitchen's log for every order event."""
    return f"order {order_id}: {signal.name}"
