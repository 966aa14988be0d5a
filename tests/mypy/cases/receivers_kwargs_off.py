"""Without enabling it, signal-receiver-kwargs stays silent: a receiver may name every field."""

from typing import Any

from payloads import PizzaDone

from typedsignals import Signal, receiver

pizza_done = Signal[PizzaDone]()


@receiver(pizza_done)
def every_field(
    signal: Any, sender: Any, toppings: list[str], size: int, note: str, tags: list[str], customer: str
) -> None: ...
