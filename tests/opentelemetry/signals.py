"""Signals and receivers the tests send to, at module level so labels are stable."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from pydantic import BaseModel, Field, SecretStr

from typedsignals import Signal


class Kitchen:
    """Sends the signals."""


class PizzaDone(BaseModel):
    toppings: list[str]
    size: int = Field(default=30, gt=0)


class Login(BaseModel):
    user: str
    password: SecretStr


pizza_done = Signal[PizzaDone](sender=Kitchen)
logged_in = Signal[Login]()
hot_signal = Signal[PizzaDone]()


def box_it(sender: Any, toppings: list[str], size: int, **kwargs: Any) -> str:
    return f"boxed {size}"


def burn_it(**kwargs: Any) -> None:
    raise RuntimeError("the oven is on fire")


def slow_down(**kwargs: Any) -> str:
    time.sleep(0.03)
    return "slow"


async def deliver(**kwargs: Any) -> str:
    await asyncio.sleep(0)
    return "delivered"
