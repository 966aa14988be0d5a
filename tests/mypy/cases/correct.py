"""Correct code passes mypy --strict with the plugin: no false positives."""

from collections.abc import Sequence
from functools import partial
from typing import Any, TypeVar

from payloads import Article, BigPizzaDone, Loose, PizzaDone, PizzaStore, Saved

from typedsignals import Signal, receiver

T = TypeVar("T")

pizza_done = Signal[PizzaDone](sender=PizzaStore, doc="Sent when a pizza is ready.")
big_pizza_done = Signal[BigPizzaDone]()
published = Signal[Article]()
article_saved = Signal[Saved[Article]]()
loose = Signal[Loose]()


@receiver(pizza_done, sender=PizzaStore)
def subset(sender: type[PizzaStore], toppings: list[str], size: int, **kwargs: Any) -> str:
    return f"{size}: {toppings}"


@receiver(pizza_done)
def wider(sender: object, toppings: Sequence[str], size: float, note: object, **kwargs: object) -> None: ...


@receiver(pizza_done)
def optional_types(sender: Any, size: int | None, note: str | bytes, **kwargs: Any) -> None: ...


@receiver(pizza_done)
def defaults_on_extras(sender: Any, colour: str = "red", *, count: int = 0, **kwargs: Any) -> None: ...


@receiver(pizza_done)
def typed_signal(signal: Signal[PizzaDone], sender: Any, **kwargs: Any) -> None: ...


@receiver(pizza_done)
def any_signal(signal: Signal[Any], sender: Any, **kwargs: Any) -> None: ...


@receiver(pizza_done)
def star_args(*args: Any, **kwargs: Any) -> None: ...


@receiver(pizza_done)
def every_field(
    signal: object, sender: object, toppings: list[str], size: int, note: str, tags: list[str], customer: str
) -> None: ...


@receiver(pizza_done)
async def asynchronous(sender: Any, size: int, **kwargs: Any) -> None: ...


@receiver([pizza_done, big_pizza_done])
def shared_fields(sender: Any, toppings: list[str], customer: str, **kwargs: Any) -> None: ...


@receiver([pizza_done, published])
def any_of_two(signal: Signal[Any], sender: Any, **kwargs: Any) -> None: ...


@receiver(article_saved)
def generic(sender: Any, item: Article, created: bool, **kwargs: Any) -> None: ...


@receiver(loose)
def loose_receiver(sender: Any, x: int, **kwargs: Any) -> None: ...


@big_pizza_done.connect
def inherited(sender: Any, slices: int, size: int, **kwargs: Any) -> None: ...


@pizza_done.connect(sender=PizzaStore, weak=False)
def factory(sender: Any, **kwargs: Any) -> None: ...


def generic_function(sender: Any, size: T, **kwargs: Any) -> T:
    return size


pizza_done.connect(generic_function)
pizza_done.connect(lambda sender, **kwargs: None)


def with_extra(sender: Any, size: int, extra: int, **kwargs: Any) -> None: ...


pizza_done.connect(partial(with_extra, extra=1))


class Kitchen:
    def box_it(self, sender: Any, size: int, **kwargs: Any) -> None: ...

    @staticmethod
    def static(sender: Any, **kwargs: Any) -> None: ...

    @classmethod
    def on_class(cls, sender: Any, **kwargs: Any) -> None: ...

    def __call__(self, sender: Any, **kwargs: Any) -> None: ...


kitchen = Kitchen()
pizza_done.connect(kitchen.box_it)
pizza_done.connect(Kitchen.static)
pizza_done.connect(Kitchen.on_class)
pizza_done.connect(kitchen)
pizza_done.disconnect(kitchen)
pizza_done.has_listeners(PizzaStore)
responses = pizza_done.send(PizzaStore, toppings=["ham"], customer="Ada")
for each_receiver, response in responses:
    print(each_receiver, response)

untyped = Signal()


@receiver(untyped)
def untyped_receiver(sender: Any, anything: str, **kwargs: Any) -> None: ...


@receiver(Signal[Any]())
def any_receiver(sender: Any, anything: str, **kwargs: Any) -> None: ...


untyped.connect(untyped_receiver)
untyped.send(PizzaStore, anything="x")
