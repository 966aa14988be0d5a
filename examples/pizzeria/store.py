"""The store: who sends the pizzeria's signals."""

from __future__ import annotations


class PizzaStore:
    """Bakes and sends pizzas."""

    def __init__(self, name: str) -> None:
        self.name = name
