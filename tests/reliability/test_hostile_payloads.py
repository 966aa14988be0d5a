"""Hostile payloads: whatever keyword arguments ``send`` is given, either every receiver gets
exactly the validated values, or ``send`` raises ``PayloadError`` and calls no receiver. No
other exception type ever comes out of ``send``.

The property runs over arbitrary keyword names and values (wrong types, NaN and infinities,
unknown keys, nested containers, objects whose ``__eq__``, ``__hash__`` or every special
method raises); fixed tests add huge and deeply nested inputs.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tests.reliability.conftest import scaled
from typedsignals import PayloadError, Signal

EXAMPLES = scaled(300, 5_000)


class Hostile(Exception):
    """What the hostile values' special methods raise."""


class RaisesOnEq:
    def __eq__(self, other: object) -> bool:
        raise Hostile("__eq__")

    __hash__ = object.__hash__


class RaisesOnHash:
    def __hash__(self) -> int:
        raise Hostile("__hash__")


class RaisesOnEverything:
    """Every special method a validator might try raises, and so does attribute lookup."""

    def __getattr__(self, name: str) -> Any:
        raise Hostile(f"__getattr__({name!r})")

    def _raise(self, *args: object) -> Any:
        raise Hostile("special method")

    __eq__ = __ne__ = __lt__ = __hash__ = __bool__ = __len__ = __iter__ = _raise  # type: ignore[assignment]
    __index__ = __int__ = __float__ = __str__ = __repr__ = __format__ = _raise  # type: ignore[assignment]


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


class Topping(BaseModel):
    name: str
    grams: float = Field(default=1.0, gt=0)


class Node(BaseModel):
    children: list[Node] = Field(default_factory=list)


class Order(BaseModel):
    """Field types that validate differently: coercion, nesting, hashing, enums, literals."""

    order_id: int
    toppings: list[Topping] = Field(default_factory=list)
    tags: frozenset[str] = Field(default=frozenset())
    note: str | None = Field(default=None, max_length=50)
    colour: Colour = Field(default=Colour.RED)
    size: Literal[26, 30, 36] = Field(default=30)
    price: float = Field(default=0.0)
    extra_data: dict[str, Any] = Field(default_factory=dict)
    anything: Any = Field(default=None)
    code: str = Field(default="", alias="orderCode")
    tree: Node | None = Field(default=None)


class OpenOrder(Order):
    model_config = ConfigDict(extra="allow")


KNOWN_KEYS = [*Order.model_fields, "orderCode"]

hostile = st.sampled_from([RaisesOnEq, RaisesOnHash, RaisesOnEverything]).map(lambda cls: cls())
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included
    | st.text(max_size=8)
    | st.binary(max_size=8)
    | st.sampled_from([Colour.GREEN, "green", "26", 36, "1e3", " 7 ", "", "\x00"])
)
values = st.recursive(
    scalars | hostile,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=4) | st.sampled_from(["name", "grams"]), children)
        | st.frozensets(scalars.filter(lambda value: not isinstance(value, float)), max_size=3)
    ),
    max_leaves=8,
)
keys = st.sampled_from([*KNOWN_KEYS, "signal", "colour ", "ORDER_ID"]) | st.text(
    min_size=1, max_size=8
).filter(lambda key: key != "sender")  # sender= would clash with send's own parameter
topping = st.fixed_dictionaries({"name": st.text(max_size=4)}, optional={"grams": st.floats()})
payloads = st.dictionaries(keys, values, max_size=5) | st.fixed_dictionaries(
    {"order_id": st.integers() | values},
    optional={
        "toppings": st.lists(topping | values, max_size=3) | values,
        "tags": st.frozensets(st.text(max_size=3), max_size=3) | values,
        "price": st.floats() | values,
        "anything": values,
        "orderCode": st.text(max_size=3) | values,
    },
)


def validated(model: type[Order], fields: dict[str, Any]) -> dict[str, Any] | None:
    """The oracle: the values receivers must get (pydantic's own verdict, unknown keys refused
    unless the model allows extra fields), or ``None`` if the payload must be refused."""
    if model is Order and not fields.keys() <= set(KNOWN_KEYS):
        return None
    try:
        instance = model.model_validate(fields)
    except ValidationError:
        return None
    except Hostile:  # a hostile value's method raised inside pydantic
        return None
    extra = instance.__pydantic_extra__ or {}
    if extra.keys() & {"signal", "sender"}:  # reserved: never passed on
        return None
    return {**instance.__dict__, **extra}


def as_given(model: type[Order], fields: dict[str, Any]) -> dict[str, Any] | None:
    """The oracle with ``validate=False``: values as given (not coerced), read by alias or
    name, defaults filled; unknown keys refused."""
    if not fields.keys() <= set(KNOWN_KEYS):
        return None
    values = {}
    for name, field in model.model_fields.items():
        key = next((key for key in (field.alias, name) if key in fields), None)
        if key is not None:
            values[name] = fields[key]
        elif field.is_required():
            return None
        else:
            values[name] = field.get_default(call_default_factory=True)
    return values


def same(a: object, b: object) -> bool:
    """Equal, comparing hostile objects by identity and NaN equal to NaN."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, BaseModel):
        return same(a.__dict__, b.__dict__)
    return a == b  # str, bytes, int, enum, frozenset of str: no hostile value gets here


VARIANTS = {
    "validated": (Order, True, validated),
    "extra=allow": (OpenOrder, True, validated),
    "validate=False": (Order, False, as_given),
}


def deliver(
    signal: Signal[Order], fields: dict[str, Any]
) -> tuple[list[dict[str, Any]], PayloadError | None]:
    """Send ``fields`` to two receivers; return what each got, and the ``PayloadError`` if any.

    Any other exception fails the test where it is raised.
    """
    received: list[dict[str, Any]] = []

    def first(signal: Any, sender: Any, **values: Any) -> None:
        received.append(values)

    def second(signal: Any, sender: Any, **values: Any) -> None:
        received.append(values)

    signal.connect(first)
    signal.connect(second)
    try:
        signal.send(None, **fields)
    except PayloadError as error:
        return received, error
    return received, None


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_receiver_gets_exactly_the_validated_values_or_none_does(
    variant: str, record_figure: Callable[[str], None]
) -> None:
    model, validates, oracle = VARIANTS[variant]
    signal = Signal[model](validate=validates)  # type: ignore[valid-type]
    outcomes = {"delivered": 0, "refused": 0}

    # Generation, not the code under test, can be slow on a loaded 2-core machine.
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(payloads)
    def check(fields: dict[str, Any]) -> None:
        expected = oracle(model, fields)
        received, error = deliver(signal, fields)
        if expected is None:
            assert error is not None
            assert error.signal is signal
            assert received == []
            outcomes["refused"] += 1
        else:
            assert error is None, str(error)
            assert len(received) == 2
            assert all(same(values, expected) for values in received)
            outcomes["delivered"] += 1

    check()

    record_figure(
        f"hostile payloads, {variant}: {sum(outcomes.values()):,} examples tried "
        f"({outcomes['delivered']:,} delivered, {outcomes['refused']:,} refused)"
    )
    assert outcomes["delivered"]
    assert outcomes["refused"]


def nested_list(depth: int) -> list[Any]:
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    return nested


def nested_tree(depth: int) -> dict[str, Any]:
    nested: dict[str, Any] = {"children": []}
    for _ in range(depth):
        nested = {"children": [nested]}
    return nested


HUGE_AND_DEEP = {
    "50,000 toppings": {"order_id": 1, "toppings": [{"name": "ham"}] * 50_000},
    "a 10 MB string in an Any field": {"order_id": 1, "anything": "x" * 10_000_000},
    "a list nested 100,000 deep": {"order_id": 1, "anything": nested_list(100_000)},
    "the same in a dict[str, Any]": {"order_id": 1, "extra_data": {"a": nested_list(100_000)}},
    "a 5,000-digit int": {"order_id": 10**5000},
    "a 5,000-digit string for an int": {"order_id": "9" * 5000},
    "a tree 100 deep": {"order_id": 1, "tree": nested_tree(100)},
    "a tree 10,000 deep": {"order_id": 1, "tree": nested_tree(10_000)},
    "a 10 MB note over max_length": {"order_id": 1, "note": "x" * 10_000_000},
    "100,000 unknown keys": {f"key{i}": i for i in range(100_000)},
}


@pytest.mark.parametrize("fields", HUGE_AND_DEEP.values(), ids=HUGE_AND_DEEP)
def test_huge_and_deeply_nested_payloads(fields: dict[str, Any]) -> None:
    expected = validated(Order, fields)
    received, error = deliver(Signal[Order](), fields)

    if expected is None:
        assert error is not None
        assert received == []
        assert str(error).startswith("invalid payload for signal 'Signal[Order]' (Order): ")
    else:
        assert error is None
        assert all(same(values, expected) for values in received)
        assert len(received) == 2
