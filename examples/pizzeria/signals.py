"""What the pizzeria announces: one pydantic model per signal."""

from __future__ import annotations

from pydantic import BaseModel, Field

from pizzeria.store import PizzaStore
from typedsignals import Signal


class OrderPlaced(BaseModel):
    """A customer placed an order."""

    order_id: int = Field(gt=0, description="The order's number.")
    customer: str = Field(min_length=1, description="Who ordered.")


class PizzaDone(BaseModel):
    """A pizza left the oven."""

    order_id: int = Field(gt=0, description="The order the pizza belongs to.")
    toppings: list[str] = Field(description="Toppings, in the order they were added.")
    size: int = Field(default=30, gt=0, description="Diameter in centimetres.")


class PizzaDelivered(BaseModel):
    """A pizza reached its customer."""

    order_id: int = Field(gt=0, description="The order delivered.")
    minutes: float = Field(ge=0, description="Minutes from oven to door.")


# Signal(Model, ...) is Signal[Model](...) with sends that pyright, ty and pyrefly check too.
order_placed = Signal(OrderPlaced, sender=PizzaStore)
pizza_done = Signal[PizzaDone](sender=PizzaStore, doc="Sent when a pizza is ready.")
pizza_delivered = Signal[PizzaDelivered](sender=PizzaStore)
