"""The corpus's signals: the pizzeria's PizzaDone, declared in both spellings."""

from pydantic import BaseModel, ConfigDict, Field

from typedsignals import Signal


class PizzaStore:
    """Bakes and sends pizzas."""


class PizzaDone(BaseModel):
    """A pizza left the oven."""

    order_id: int = Field(gt=0)
    toppings: list[str]
    size: int = Field(default=30, gt=0)


class StrictPizzaDone(BaseModel):
    """PizzaDone, strict and closed: what ty and pyrefly need to flag every bad send."""

    model_config = ConfigDict(strict=True, extra="forbid")

    order_id: int = Field(gt=0)
    toppings: list[str]
    size: int = Field(default=30, gt=0)


# The plugin-free spelling: every checker checks its sends' keyword fields.
pizza_done = Signal(PizzaDone, sender=PizzaStore, doc="Sent when a pizza is ready.")
# The subscripted spelling: keyword fields are checked by the mypy plugin only.
subscripted = Signal[PizzaDone](sender=PizzaStore)
strict_pizza_done = Signal(StrictPizzaDone, sender=PizzaStore)
untyped = Signal()
