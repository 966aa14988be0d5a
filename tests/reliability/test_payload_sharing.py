"""Receivers share the validated values: a mutable value changed by one receiver is changed for
every later one (and, for ``send(sender, payload)``, in the sender's instance). A frozen model
whose field types are immutable makes the payload tamper-proof between receivers.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from typedsignals import Signal


class Order(BaseModel):
    toppings: list[str]
    extras: dict[str, int]


class Address(BaseModel):
    model_config = ConfigDict(frozen=True)

    street: str


class FrozenOrder(BaseModel):
    model_config = ConfigDict(frozen=True)

    toppings: tuple[str, ...]
    extras: frozenset[str]
    address: Address


def test_receivers_share_mutable_values() -> None:
    signal = Signal[Order]()
    seen_by_second: list[list[str]] = []

    def adds_a_topping(toppings: list[str], extras: dict[str, int], **kwargs: Any) -> None:
        toppings.append("pineapple")
        extras["cheese"] = 2

    def second(toppings: list[str], **kwargs: Any) -> None:
        seen_by_second.append(list(toppings))

    signal.connect(adds_a_topping)
    signal.connect(second)
    sent_toppings = ["ham"]

    signal.send(None, toppings=sent_toppings, extras={})
    assert seen_by_second == [["ham", "pineapple"]]
    assert sent_toppings == ["ham"]  # validation built a new list: the sender's is untouched

    payload = Order(toppings=["ham"], extras={})
    signal.send(None, payload)
    assert payload.toppings == ["ham", "pineapple"]  # the instance's own list
    assert payload.extras == {"cheese": 2}


def test_a_frozen_model_with_immutable_field_types_is_tamper_proof() -> None:
    signal = Signal[FrozenOrder]()
    attempts: list[str] = []
    seen_by_second: list[tuple[tuple[str, ...], frozenset[str], str]] = []

    def tampers(toppings: Any, extras: Any, address: Any, **kwargs: Any) -> None:
        for tamper in (
            lambda: toppings.append("pineapple"),
            lambda: extras.add("cheese"),
            lambda: setattr(address, "street", "Elsewhere"),
        ):
            with pytest.raises((AttributeError, ValidationError)) as refused:
                tamper()
            attempts.append(type(refused.value).__name__)

    def second(
        toppings: tuple[str, ...], extras: frozenset[str], address: Address, **kwargs: Any
    ) -> None:
        seen_by_second.append((toppings, extras, address.street))

    signal.connect(tampers)
    signal.connect(second)
    payload = FrozenOrder(
        toppings=("ham",), extras=frozenset({"basil"}), address={"street": "Via Roma"}
    )

    signal.send(None, payload)
    signal.send(None, toppings=["ham"], extras=["basil"], address={"street": "Via Roma"})

    assert attempts == ["AttributeError", "AttributeError", "ValidationError"] * 2
    assert seen_by_second == [(("ham",), frozenset({"basil"}), "Via Roma")] * 2
    assert payload == FrozenOrder(
        toppings=("ham",), extras=frozenset({"basil"}), address=Address(street="Via Roma")
    )
