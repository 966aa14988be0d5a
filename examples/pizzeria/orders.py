"""Taking orders: where the store sends its signals."""

from __future__ import annotations

from typing import Any

from pizzeria.signals import OrderPlaced, order_placed, pizza_delivered, pizza_done
from pizzeria.store import PizzaStore
from typedsignals import Signal


def take_order(
    order_id: int, customer: str, toppings: list[str], size: int = 30
) -> list[tuple[Signal[Any], list[tuple[Any, Any]]]]:
    """Record an order, bake it and deliver it; return what each signal's receivers answered."""
    placed = OrderPlaced(order_id=order_id, customer=customer)  # the payload-instance form
    return [
        (order_placed, order_placed.send(PizzaStore, placed)),
        (
            pizza_done,
            pizza_done.send(sender=PizzaStore, order_id=order_id, toppings=toppings, size=size),
        ),
        (pizza_delivered, pizza_delivered.send(sender=PizzaStore, order_id=order_id, minutes=12.5)),
    ]
