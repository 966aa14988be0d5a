# mypy: enable-error-code="signal-receiver-kwargs"
"""signal-receiver-kwargs (off by default): a receiver without **kwargs, Django's convention."""

from typing import Any

from payloads import PizzaDone

from typedsignals import Signal, receiver

pizza_done = Signal[PizzaDone]()


@receiver(pizza_done)  # E: Receiver "every_field" does not take **kwargs (Django-style receivers do, so that fields added to PizzaDone later do not break them)  [signal-receiver-kwargs]
def every_field(
    signal: Any, sender: Any, toppings: list[str], size: int, note: str, tags: list[str], customer: str
) -> None: ...


@receiver(pizza_done)
def with_kwargs(sender: Any, **kwargs: Any) -> None: ...


@receiver(pizza_done)  # E: Receiver "missing_one" cannot accept PizzaDone field "customer" (add a parameter "customer" or **kwargs)  [signal-receiver]
def missing_one(signal: Any, sender: Any, toppings: list[str], size: int, note: str, tags: list[str]) -> None: ...
