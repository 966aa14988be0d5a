"""The corpus's signals: the pizzeria's PizzaDone, declared in both spellings."""

from typing import Generic, TypeVar

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


class Model:
    """The base of the model classes."""


class Article(Model): ...


ModelT = TypeVar("ModelT", bound=Model)


class PostSave(BaseModel, Generic[ModelT]):
    """A model instance was saved."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    instance: ModelT
    created: bool


class Tipped(BaseModel):
    """A customer tipped."""

    order_id: int = Field(alias="orderId")


# The plugin-free spelling: every checker checks its sends' keyword fields.
pizza_done = Signal(PizzaDone, sender=PizzaStore, doc="Sent when a pizza is ready.")
# The subscripted spelling: keyword fields are checked by the mypy plugin only.
subscripted = Signal[PizzaDone](sender=PizzaStore)
strict_pizza_done = Signal(StrictPizzaDone, sender=PizzaStore)
post_save = Signal(PostSave[Model])
tipped = Signal(Tipped)
untyped = Signal()
untyped_with_sender = Signal(sender=PizzaStore)
