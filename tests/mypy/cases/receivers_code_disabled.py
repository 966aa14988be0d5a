# mypy: disable-error-code="signal-receiver"
"""signal-receiver can be switched off like any mypy error code (here per file)."""

from typing import Any

from payloads import PizzaDone

from typedsignals import Signal, receiver

pizza_done = Signal[PizzaDone]()


@receiver(pizza_done)
def wrong(sender: Any, size: str, **kwargs: Any) -> None: ...
