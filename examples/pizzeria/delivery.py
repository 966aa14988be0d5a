"""The delivery desk's receivers, including an async one."""

from __future__ import annotations

import asyncio
from typing import Any

from pizzeria.signals import pizza_delivered
from pizzeria.store import PizzaStore
from typedsignals import receiver


@receiver(pizza_delivered, sender=PizzaStore)
async def ask_for_review(order_id: int, minutes: float, **kwargs: Any) -> str:
    """Ask the customer for a review (async: it would call an e-mail service)."""
    await asyncio.sleep(0)
    return f"asked order {order_id} for a review after {minutes:g} minutes"
