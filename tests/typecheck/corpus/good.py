"""Correct code: no checker may report anything here."""

from collections.abc import Sequence
from typing import Any

from tests.typecheck.corpus.signals import (
    Article,
    PizzaDone,
    PizzaStore,
    pizza_done,
    post_save,
    strict_pizza_done,
    subscripted,
    tipped,
    untyped,
    untyped_with_sender,
)
from typedsignals import Signal, receiver


async def sends() -> None:
    pizza_done.send(PizzaStore, order_id=7, toppings=["ham"])
    pizza_done.send(PizzaStore, order_id=7, toppings=["ham"], size=32)
    pizza_done.send(PizzaStore, PizzaDone(order_id=7, toppings=["ham"]))
    pizza_done.send_robust(PizzaStore, order_id=7, toppings=[])
    await pizza_done.asend(PizzaStore, order_id=7, toppings=["ham"])
    await pizza_done.asend_robust(PizzaStore, PizzaDone(order_id=7, toppings=[]))
    subscripted.send(PizzaStore, order_id=7, toppings=["ham"])
    subscripted.send(PizzaStore, PizzaDone(order_id=7, toppings=["ham"]))
    strict_pizza_done.send(PizzaStore, order_id=7, toppings=["ham"], size=32)
    untyped.send(sender=None, anything=1)
    untyped_with_sender.send(PizzaStore, anything=1)
    post_save.send(Article, instance=Article(), created=True)
    tipped.send(None, orderId=2)


@receiver(pizza_done, sender=PizzaStore)
def box_it(sender: type[PizzaStore], size: int, **kwargs: Any) -> str:
    return f"boxed a {size} cm pizza"


@pizza_done.connect
def every_field(
    signal: Signal[Any], sender: object, order_id: int, toppings: list[str], size: int
) -> None: ...


@receiver([pizza_done, subscripted])
def wider(sender: Any, order_id: object, toppings: Sequence[str], **kwargs: Any) -> None: ...


@receiver(post_save, sender=Article)
def index_article(
    sender: type[Article], instance: Article, created: bool, **kwargs: Any
) -> None: ...


def count(sender: Any, note: str = "", **kwargs: Any) -> None: ...


def connect_all() -> None:
    pizza_done.connect(count)
    subscripted.connect(count, sender=PizzaStore)
    untyped.connect(count)


def signal_types(signal: Signal[PizzaDone]) -> Signal[Any]:
    return signal


signal_types(pizza_done)
signal_types(subscripted)
