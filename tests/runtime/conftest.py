"""Shared payload models and signals for the runtime tests."""

from __future__ import annotations

import gc

import pytest
from pydantic import BaseModel, Field


class Val(BaseModel):
    """Django's dispatch tests send one argument, ``val``."""

    val: object = None


class PizzaDone(BaseModel):
    """A pizza left the oven."""

    toppings: list[str] = Field(description="Toppings, in the order they were added.")
    size: int = Field(default=30, gt=0, description="Diameter in centimetres.")


def garbage_collect() -> None:
    gc.collect()


@pytest.fixture
def calls() -> list[tuple[str, dict[str, object]]]:
    """Receivers append (name, kwargs) here."""
    return []
