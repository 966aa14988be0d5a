"""Declaring signals: models, names, docs, subclasses, and what introspection reports."""

from __future__ import annotations

import gc
import typing
from typing import Any, Generic

import pytest
from pydantic import BaseModel, Field
from typing_extensions import TypeVar

from tests.runtime.conftest import PizzaDone
from typedsignals import ReceiverInfo, Signal, SignalDeclarationError, all_signals

module_signal = Signal[PizzaDone](sender=int)
named_signal = Signal[PizzaDone](name="kitchen.pizza_done")
untyped_signal = Signal(doc="Django-style.")


class Events:
    saved = Signal[PizzaDone]()


class WithSender(BaseModel):
    sender: str


class WithSignalAlias(BaseModel):
    kind: str = Field(alias="signal")


def test_field_named_sender_is_refused() -> None:
    with pytest.raises(SignalDeclarationError) as error:
        Signal[WithSender]()
    assert str(error.value) == (
        "WithSender cannot be a signal payload: field 'sender' clashes with the argument every "
        "receiver gets; rename it"
    )
    assert isinstance(error.value, TypeError)


def test_alias_named_signal_is_refused() -> None:
    with pytest.raises(SignalDeclarationError) as error:
        Signal[WithSignalAlias]()
    assert str(error.value) == (
        "WithSignalAlias cannot be a signal payload: field 'kind' (alias 'signal') clashes with "
        "the argument every receiver gets; rename it"
    )


@pytest.mark.parametrize(
    ("model", "shown"),
    [
        (int, "int"),
        (dict[str, int], "dict[str, int]"),
        (ReceiverInfo, "typedsignals.receivers.ReceiverInfo"),
    ],
)
def test_payload_must_be_a_base_model(model: Any, shown: str) -> None:
    with pytest.raises(SignalDeclarationError) as error:
        Signal[model]()
    assert str(error.value) == (
        f"{shown} cannot be a signal payload: it is not a pydantic BaseModel subclass; declare "
        "the payload as `class MyPayload(BaseModel): ...`"
    )


def test_name_module_and_label_come_from_the_binding() -> None:
    assert module_signal.name == "module_signal"
    assert module_signal.module == __name__
    assert module_signal.label == f"{__name__}.module_signal"
    assert repr(module_signal) == f"<Signal[PizzaDone] '{__name__}.module_signal'>"


def test_given_name_wins() -> None:
    assert named_signal.name == "kitchen.pizza_done"
    assert named_signal.label == f"{__name__}.kitchen.pizza_done"


def test_class_attribute_is_named_after_its_class() -> None:
    assert Events.saved.name == "Events.saved"
    assert Events.saved.label == f"{__name__}.Events.saved"


def test_unbound_signal_falls_back_to_its_type() -> None:
    local = Signal[PizzaDone]()
    assert local.name == "Signal[PizzaDone]"
    assert local.label == "Signal[PizzaDone]"
    assert Signal().name == "Signal"


def test_doc_defaults_to_the_model_docstring() -> None:
    assert module_signal.__doc__ == "A pizza left the oven."
    assert Signal[PizzaDone](doc="Sent when ready.").__doc__ == "Sent when ready."
    assert untyped_signal.__doc__ == "Django-style."
    assert Signal().__doc__ is None


def test_doc_of_a_parametrized_generic_model_is_its_generic_class_docstring() -> None:
    ItemT = TypeVar("ItemT")

    class Crate(BaseModel, Generic[ItemT]):
        """A crate of items."""

        items: list[ItemT]

    assert Signal[Crate[int]]().__doc__ == "A crate of items."


def test_introspection() -> None:
    assert module_signal.payload_model is PizzaDone
    assert module_signal.sender is int
    assert untyped_signal.payload_model is None
    assert typing.get_args(module_signal.__orig_class__) == (PizzaDone,)  # type: ignore[attr-defined]


def test_any_is_untyped() -> None:
    assert Signal[Any]().payload_model is None


class PizzaSignal(Signal[PizzaDone]):
    """A subclass that fixes the model."""


M = TypeVar("M", bound=BaseModel, default=Any)


class AuditedSignal(Signal[M], Generic[M]):
    """A generic subclass, specialised on use."""

    def __init__(self, *, audit: str = "", **kwargs: Any) -> None:
        self.audit = audit
        super().__init__(**kwargs)


subclassed = PizzaSignal()
audited = AuditedSignal[PizzaDone](audit="yes")


def test_subclasses() -> None:
    assert subclassed.payload_model is PizzaDone
    assert audited.payload_model is PizzaDone
    assert audited.audit == "yes"
    assert audited.module == __name__
    assert audited.label == f"{__name__}.audited"
    assert AuditedSignal().payload_model is None


def test_all_signals_holds_signals_weakly_in_creation_order() -> None:
    assert [s for s in all_signals() if s.module == __name__][:3] == [
        module_signal,
        named_signal,
        untyped_signal,
    ]
    temporary = Signal[PizzaDone]()
    assert all_signals()[-1] is temporary
    del temporary
    gc.collect()
    assert all(s.name != "Signal[PizzaDone]" or s.module != __name__ for s in all_signals())


class Article:
    """A Python class pydantic cannot describe in JSON Schema."""


class Saved(BaseModel):
    model_config = {"arbitrary_types_allowed": True}

    instance: Article = Field(description="The saved article.")
    created: bool = False
    hook: typing.Callable[[], None] | None = Field(default=None, exclude=True)


def test_json_schema_never_raises() -> None:
    schema = Signal[Saved]().json_schema()
    assert schema["properties"]["instance"] == {
        "x-python-type": f"{__name__}.Article",
        "description": "The saved article.",
        "title": "Instance",
    }
    assert schema["properties"]["created"] == {
        "default": False,
        "title": "Created",
        "type": "boolean",
    }
    assert schema["required"] == ["instance"]


def test_json_schema_of_typed_and_untyped() -> None:
    assert module_signal.json_schema() == PizzaDone.model_json_schema()
    assert untyped_signal.json_schema() == {"type": "object"}


@pytest.mark.parametrize("method", ["send", "connect", "send_robust"])
def test_a_method_called_on_the_signal_type_says_to_create_the_signal(method: str) -> None:
    class OrderPaid(BaseModel):
        order_id: int

    with pytest.raises(TypeError) as error:
        getattr(Signal[OrderPaid], method)(None, order_id=1)
    assert str(error.value) == (
        f"Signal[OrderPaid].{method}() was called on the signal type, not on a signal: create "
        f"the signal first, `my_signal = Signal[OrderPaid]()`, then call `my_signal.{method}(...)`"
    )


def test_a_method_of_the_signal_type_still_takes_a_signal_first() -> None:
    class OrderPaid(BaseModel):
        order_id: int

    signal = Signal[OrderPaid]()
    got: list[int] = []
    signal.connect(lambda order_id, **kwargs: got.append(order_id), weak=False)
    Signal[OrderPaid].send(signal, None, order_id=3)
    assert got == [3]
