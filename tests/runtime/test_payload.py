"""Typed payloads: validation before any receiver, errors that name signal, model and field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from tests.runtime.conftest import PizzaDone
from typedsignals import PayloadError, Signal

pizza_done = Signal[PizzaDone]()


@pytest.fixture
def received() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def signal(received: list[dict[str, Any]]) -> Signal[PizzaDone]:
    def record(sender: Any, **values: Any) -> None:
        values.pop("signal")
        received.append(values)

    signal = Signal[PizzaDone]()
    signal.connect(record, weak=False)
    return signal


def test_receivers_get_validated_values_coerced_with_defaults(
    signal: Signal[PizzaDone], received: list[dict[str, Any]]
) -> None:
    signal.send(sender=None, toppings=("ham", "olives"))
    signal.send(sender=None, toppings=[], size="32")
    assert received == [
        {"toppings": ["ham", "olives"], "size": 30},
        {"toppings": [], "size": 32},
    ]


def test_payload_error_names_signal_model_and_each_field(
    signal: Signal[PizzaDone], received: list[dict[str, Any]]
) -> None:
    with pytest.raises(PayloadError) as error:
        pizza_done.send(sender=None, toppings=["ham"], size=-1, sise=3)
    assert str(error.value) == (
        "invalid payload for signal 'tests.runtime.test_payload.pizza_done' (PizzaDone): 2 errors\n"
        "  size: Input should be greater than 0 [input=-1]\n"
        "  sise: unknown field (PizzaDone has: toppings, size); did you mean 'size'?"
    )
    assert error.value.signal is pizza_done
    assert [(e["type"], e["loc"], e["input"]) for e in error.value.errors()] == [
        ("greater_than", ("size",), -1),
        ("extra_forbidden", ("sise",), 3),
    ]
    assert isinstance(error.value.__cause__, ValidationError)
    assert isinstance(error.value, ValueError)


def test_a_rejected_payload_reaches_no_receiver(
    signal: Signal[PizzaDone], received: list[dict[str, Any]]
) -> None:
    for send in (signal.send, signal.send_robust):
        with pytest.raises(PayloadError):
            send(None, toppings="not a list")
    assert received == []


def test_missing_and_nested_errors_read_well() -> None:
    with pytest.raises(PayloadError) as error:
        pizza_done.send(None, size=1)
    assert str(error.value).splitlines()[1:] == ["  toppings: Field required"]
    assert str(error.value).endswith("(PizzaDone): 1 error\n  toppings: Field required")
    with pytest.raises(PayloadError) as error:
        pizza_done.send(None, toppings=["ham", 3])
    assert str(error.value).splitlines()[1] == (
        "  toppings.1: Input should be a valid string [input=3]"
    )


def test_long_inputs_are_shortened() -> None:
    with pytest.raises(PayloadError) as error:
        pizza_done.send(None, toppings=["ham"], size="x" * 500)
    assert str(error.value).splitlines()[1] == (
        "  size: Input should be a valid integer, unable to parse string as an integer "
        f"[input='{'x' * 27}...{'x' * 28}']"
    )


def test_validates_even_when_nobody_listens() -> None:
    lonely = Signal[PizzaDone]()
    assert not lonely.has_listeners()
    with pytest.raises(PayloadError):
        lonely.send(None, toppings=None)


def test_unknown_keys_only() -> None:
    with pytest.raises(PayloadError) as error:
        pizza_done.send(None, toppings=[], colour="red")
    assert error.value.__cause__ is None
    assert error.value.errors() == [
        {
            "type": "extra_forbidden",
            "loc": ("colour",),
            "msg": "Extra inputs are not permitted",
            "input": "red",
        }
    ]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    n: int


def test_unknown_key_reported_once_when_the_model_forbids_extra() -> None:
    with pytest.raises(PayloadError) as error:
        Signal[Strict]().send(None, n=1, m=2)
    assert [e["loc"] for e in error.value.errors()] == [("m",)]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")
    n: int


def test_extra_allow_passes_unknown_keys_on() -> None:
    signal = Signal[Open]()
    got: list[dict[str, Any]] = []
    signal.connect(lambda **kw: got.append(kw), weak=False)
    signal.send(None, n="1", colour="red")
    assert got == [{"signal": signal, "sender": None, "n": 1, "colour": "red"}]


class Aliased(BaseModel):
    order_id: int = Field(alias="orderId")
    note: str = Field(default="", validation_alias=AliasChoices("note", "comment"))


def test_fields_by_name_or_alias_arrive_by_name() -> None:
    signal = Signal[Aliased]()
    got: list[tuple[int, str]] = []

    def record(order_id: int, note: str, **kwargs: Any) -> None:
        got.append((order_id, note))

    signal.connect(record)
    signal.send(None, orderId=1)
    signal.send(None, order_id=2, comment="hi")
    assert got == [(1, ""), (2, "hi")]
    with pytest.raises(PayloadError) as error:
        signal.send(None, orderid=3)
    assert str(error.value).splitlines()[1:] == [
        "  orderId: Field required",
        "  orderid: unknown field (Aliased has: order_id, note); did you mean 'order_id'?",
    ]


class Hostile:
    def __hash__(self) -> int:
        raise RuntimeError("no hashing")


class WantsSet(BaseModel):
    tags: frozenset[Any]


def test_other_exceptions_while_validating_become_payload_errors() -> None:
    with pytest.raises(PayloadError) as error:
        Signal[WantsSet]().send(None, tags=[Hostile()])
    assert isinstance(error.value.__cause__, RuntimeError)
    assert (
        str(error.value)
        .splitlines()[1]
        .startswith(
            "  (payload): validating the payload raised RuntimeError: no hashing [input={'tags': ["
        )
    )


class Checked(BaseModel):
    n: int

    @field_validator("n")
    @classmethod
    def odd(cls, value: int) -> int:
        if value % 2 == 0:
            raise ValueError("n must be odd")
        return value


def test_model_validators_run() -> None:
    with pytest.raises(PayloadError) as error:
        Signal[Checked]().send(None, n=2)
    assert str(error.value).splitlines()[1] == "  n: Value error, n must be odd [input=2]"


class TestPayloadInstance:
    def test_instance_is_sent_as_is(
        self, signal: Signal[PizzaDone], received: list[dict[str, Any]]
    ) -> None:
        signal.send(None, PizzaDone(toppings=["ham"]))
        assert received == [{"toppings": ["ham"], "size": 30}]

    def test_mixing_instance_and_fields_is_refused(self, signal: Signal[PizzaDone]) -> None:
        with pytest.raises(TypeError) as error:
            signal.send(None, PizzaDone(toppings=[]), size=3)  # type: ignore[call-overload]
        assert str(error.value) == (
            "signal 'Signal[PizzaDone]': pass the payload either as a PizzaDone instance or as "
            "keyword fields, not both (got keywords: size)"
        )

    def test_other_objects_are_refused(self, signal: Signal[PizzaDone]) -> None:
        with pytest.raises(TypeError) as error:
            signal.send(None, {"toppings": []})  # type: ignore[call-overload]
        assert str(error.value) == (
            "signal 'Signal[PizzaDone]': the payload must be a PizzaDone instance, got dict"
        )

    def test_untyped_signal_takes_keywords_only(self) -> None:
        with pytest.raises(TypeError) as error:
            Signal().send(None, PizzaDone(toppings=[]))
        assert str(error.value) == (
            "signal 'Signal' is untyped: send its payload as keyword arguments"
        )

    def test_too_many_positional_arguments(self, signal: Signal[PizzaDone]) -> None:
        with pytest.raises(TypeError) as error:
            signal.send(None, PizzaDone(toppings=[]), 3)  # type: ignore[call-overload]
        assert str(error.value) == (
            "signal 'Signal[PizzaDone]': send() takes the sender and at most one payload "
            "instance as positional arguments, got 3"
        )

    def test_sender_by_keyword(self, signal: Signal[PizzaDone], received: list[Any]) -> None:
        signal.send(sender=int, toppings=[])
        assert received == [{"toppings": [], "size": 30}]

    def test_sender_is_required(self, signal: Signal[PizzaDone]) -> None:
        with pytest.raises(TypeError, match="missing 1 required positional argument: 'sender'"):
            signal.send(toppings=[])  # type: ignore[call-arg]


class TestValidationSwitch:
    def test_validate_false_skips_checks_but_fills_defaults(self) -> None:
        signal = Signal[PizzaDone](validate=False)
        got: list[dict[str, Any]] = []
        signal.connect(lambda sender, signal, **kw: got.append(kw), weak=False)
        signal.send(None, toppings="not checked")
        assert got == [{"toppings": "not checked", "size": 30}]  # not coerced; default filled
        assert not signal.validates

    def test_validate_false_still_refuses_unknown_keys(self) -> None:
        signal = Signal[PizzaDone](validate=False)
        with pytest.raises(PayloadError) as error:
            signal.send(None, toppings=[], sise=3)
        assert str(error.value).splitlines()[1] == (
            "  sise: unknown field (PizzaDone has: toppings, size); did you mean 'size'?"
        )

    @pytest.mark.parametrize("value", ["0", "false", "No", " off "])
    def test_environment_switches_validation_off(
        self, monkeypatch: pytest.MonkeyPatch, value: str
    ) -> None:
        monkeypatch.setenv("TYPEDSIGNALS_VALIDATE", value)
        signal = Signal[PizzaDone]()
        monkeypatch.delenv("TYPEDSIGNALS_VALIDATE")
        assert not signal.validates
        signal.send(None, toppings="unchecked")  # read at creation: still off
        assert Signal[PizzaDone]().validates

    def test_validate_false_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("TYPEDSIGNALS_VALIDATE", "1")
        assert not Signal[PizzaDone](validate=False).validates
        assert Signal[PizzaDone]().validates


class Later(BaseModel):
    """Refers to a class defined after the signal is declared."""

    part: Part


later_signal = Signal[Later]()


class Part(BaseModel):
    n: int


def test_model_with_forward_reference_validates_once_resolvable() -> None:
    got: list[Any] = []
    later_signal.connect(lambda part, **kw: got.append(part), weak=False)
    later_signal.send(None, part={"n": "1"})
    assert got == [Part(n=1)]


class Awkward(BaseModel):
    """Field names that collide with send()'s own parameter names."""

    self: int
    payload: str


def test_fields_named_like_send_parameters() -> None:
    signal = Signal[Awkward]()
    got: list[dict[str, Any]] = []
    signal.connect(lambda **kw: got.append(kw), weak=False)
    signal.send(None, self="1", payload="p")
    assert got == [{"signal": signal, "sender": None, "self": 1, "payload": "p"}]
