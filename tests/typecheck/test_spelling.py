"""``Signal(Model, ...)`` is ``Signal[Model](...)`` at runtime: same class, checks and docs.

The spelling differs for type checkers only (tests/typecheck/corpus); everything the runtime,
the catalogue, the Sphinx and the mkdocs renderings read is the same.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from pydantic import BaseModel, Field

from typedsignals import PayloadError, Signal, SignalDeclarationError
from typedsignals.catalog import SignalEntry, render_signal_markdown


class PizzaStore:
    """Bakes and sends pizzas."""


class PizzaDone(BaseModel):
    """A pizza left the oven."""

    order_id: int = Field(gt=0, description="The order the pizza belongs to.")
    toppings: list[str]
    size: int = Field(default=30, gt=0)


called = Signal(PizzaDone, sender=PizzaStore, doc="Sent when a pizza is ready.")
subscripted = Signal[PizzaDone](sender=PizzaStore, doc="Sent when a pizza is ready.")


def test_both_spellings_make_the_same_kind_of_signal() -> None:
    assert type(called) is type(subscripted) is Signal
    assert called.payload_model is subscripted.payload_model is PizzaDone
    assert (called.sender, called.__doc__) == (subscripted.sender, subscripted.__doc__)
    assert (called.name, called.label) == ("called", f"{__name__}.called")
    assert repr(called) == f"<Signal[PizzaDone] '{__name__}.called'>"
    assert called.json_schema() == subscripted.json_schema()
    assert called.validates
    assert subscripted.validates


def test_the_model_s_docstring_is_the_default_doc() -> None:
    assert Signal(PizzaDone).__doc__ == "A pizza left the oven."


def test_sends_are_validated_and_delivered_alike() -> None:
    got: list[dict[str, Any]] = []

    def box_it(sender: Any, **kwargs: Any) -> None:
        got.append({"sender": sender, **kwargs})

    for signal in (called, subscripted):
        signal.connect(box_it)
        signal.send(PizzaStore, order_id="7", toppings=["ham"])
        signal.send(PizzaStore, PizzaDone(order_id=7, toppings=["ham"]))
        signal.disconnect(box_it)
    values = {"sender": PizzaStore, "order_id": 7, "toppings": ["ham"], "size": 30}
    senders = (called, called, subscripted, subscripted)
    assert got == [{"signal": signal, **values} for signal in senders]
    with pytest.raises(PayloadError) as error:
        called.send(PizzaStore, order_id=0, toppings=["ham"], sise=32)
    assert str(error.value) == (
        f"invalid payload for signal '{__name__}.called' (PizzaDone): 2 errors\n"
        "  order_id: Input should be greater than 0 [input=0]\n"
        "  sise: unknown field (PizzaDone has: order_id, toppings, size); did you mean 'size'?"
    )


def test_the_catalogue_and_the_docs_describe_both_alike() -> None:
    first, second = (SignalEntry.of(signal) for signal in (called, subscripted))
    assert attrs.evolve(first, label="", name="") == attrs.evolve(second, label="", name="")
    assert render_signal_markdown(first) == render_signal_markdown(second)


def test_an_untyped_signal_may_name_its_sender() -> None:
    untyped = Signal(sender=PizzaStore)
    assert untyped.payload_model is None
    assert untyped.send(sender=None, anything=1) == []


def test_a_model_that_cannot_be_a_payload_is_refused_in_either_spelling() -> None:
    class Sale(BaseModel):
        sender: str

    with pytest.raises(SignalDeclarationError) as error:
        Signal(Sale)
    assert str(error.value) == (
        "Sale cannot be a signal payload: field 'sender' clashes with the argument every "
        "receiver gets; rename it"
    )
    with pytest.raises(SignalDeclarationError, match="it is not a pydantic BaseModel"):
        Signal(dict)  # type: ignore[call-overload]


def test_two_different_models_are_refused() -> None:
    class Other(BaseModel):
        size: int

    with pytest.raises(SignalDeclarationError) as error:
        Signal[PizzaDone](Other)  # type: ignore[arg-type]
    assert str(error.value) == (
        f"Signal[{__name__}.PizzaDone]({__name__}.test_two_different_models_are_refused"
        ".<locals>.Other) names two payload models; declare one, as "
        f"Signal({__name__}.test_two_different_models_are_refused.<locals>.Other, ...) or "
        f"Signal[{__name__}.test_two_different_models_are_refused.<locals>.Other](...)"
    )
    assert Signal[PizzaDone](PizzaDone).payload_model is PizzaDone
