"""Every decorator form, signal subclasses and generic models."""

from typing import Any

from payloads import Article, PizzaDone, PizzaStore, Saved

from typedsignals import Signal, receiver

pizza_done = Signal[PizzaDone](sender=PizzaStore)
article_saved = Signal[Saved[Article]]()
published = Signal[Article]()


class PizzaSignal(Signal[PizzaDone]):
    """A subclass that fixes the model."""


pizza_signal = PizzaSignal()


@pizza_done.connect  # E: Receiver "bare" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
def bare(sender: Any, size: str, **kwargs: Any) -> None: ...


@pizza_done.connect(sender=PizzaStore)  # E: Receiver "for_sender" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
def for_sender(sender: Any, size: str, **kwargs: Any) -> None: ...


@pizza_done.connect(sender=PizzaStore, dispatch_uid="uid")  # E: Receiver "keeps_checking" parameter "colour" is required, but PizzaDone has no such field (give it a default or remove it)  [signal-receiver]
def keeps_checking(sender: Any, colour: str, **kwargs: Any) -> None: ...


@receiver(pizza_done)  # E: Receiver "decorated" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
def decorated(sender: Any, size: str, **kwargs: Any) -> None: ...


@receiver(pizza_done, sender=PizzaStore, weak=False)  # E: Receiver "with_options" parameter "toppings" has type "str", but PizzaDone field "toppings" is "list[str]"  [signal-receiver]
def with_options(sender: Any, toppings: str, **kwargs: Any) -> None: ...


@receiver([pizza_done, published])  # E: Receiver "both" parameter "title" is required, but PizzaDone has no such field (give it a default or remove it)  [signal-receiver]  # E: Receiver "both" parameter "size" is required, but Article has no such field (give it a default or remove it)  [signal-receiver]
def both(sender: Any, title: str, size: int, **kwargs: Any) -> None: ...


@receiver((pizza_done, published))  # E: Receiver "as_tuple" parameter "title" has type "int", but Article field "title" is "str"  [signal-receiver]
def as_tuple(sender: Any, title: int = 0, **kwargs: Any) -> None: ...


@receiver([pizza_done, pizza_signal])  # E: Receiver "signal_types" parameter "signal" has type "PizzaSignal", but the signal it receives (PizzaDone) is "Signal[PizzaDone]"  [signal-receiver]
def signal_types(signal: PizzaSignal, **kwargs: Any) -> None: ...


@pizza_signal.connect  # E: Receiver "on_subclass" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
def on_subclass(sender: Any, size: str, **kwargs: Any) -> None: ...


@receiver(pizza_signal)  # E: Receiver "on_subclass_too" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
def on_subclass_too(sender: Any, size: str, **kwargs: Any) -> None: ...


@receiver(article_saved)
def generic_ok(sender: Any, item: Article, created: bool, **kwargs: Any) -> None: ...


@receiver(article_saved)  # E: Receiver "generic_wrong" parameter "item" has type "str", but Saved field "item" is "Article"  [signal-receiver]
def generic_wrong(sender: Any, item: str, **kwargs: Any) -> None: ...


@article_saved.connect(sender=Article)  # E: Receiver "generic_connect" parameter "item" has type "PizzaDone", but Saved field "item" is "Article"  [signal-receiver]
def generic_connect(sender: Any, item: PizzaDone, **kwargs: Any) -> None: ...


@receiver(pizza_done)
def kept_by_receiver(sender: Any, **kwargs: Any) -> None: ...


@pizza_done.connect(sender=PizzaStore)
def kept_by_connect_factory(sender: Any, **kwargs: Any) -> None: ...


@pizza_done.connect
def kept_by_connect(sender: Any, **kwargs: Any) -> None: ...


reveal_type(kept_by_receiver)  # N: Revealed type is "def (sender: Any, **kwargs: Any)"
reveal_type(kept_by_connect_factory)  # N: Revealed type is "def (sender: Any, **kwargs: Any)"
reveal_type(kept_by_connect)  # N: Revealed type is "def (sender: Any, **kwargs: Any)"
reveal_type(pizza_done.connect(kept_by_connect))  # N: Revealed type is "def (sender: Any, **kwargs: Any)"


class Handlers:
    @pizza_done.connect  # E: Receiver "Handlers.in_class_body" parameter "self" is required, but PizzaDone has no such field (give it a default or remove it)  [signal-receiver]
    def in_class_body(self, sender: Any, **kwargs: Any) -> None: ...
