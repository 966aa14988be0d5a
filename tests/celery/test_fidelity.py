"""Fidelity: every payload ``send`` accepts reaches the worker's function exactly as a local
receiver gets it, or ``task_receiver`` refuses the model when it is declared, naming the field.

Hypothesis builds payload models from the shapes pydantic users write (numbers with NaN and
infinities, text, bytes, dates and times with odd UTC offsets, UUIDs, decimals, enums,
literals, containers, nested and generic models, unions, aliases, computed fields, excluded
fields, serializers, secrets) and values for them. This file knows, shape by shape, which
ones must be refused and why; anything else must arrive intact. "Intact" is checked by
``same_as_sent`` below, not by the library's own comparison.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import itertools
import os
import types
import typing
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Generic, Literal, TypeVar

import attrs
import pytest
from celery import Celery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Secret,
    SecretBytes,
    SecretStr,
    computed_field,
    field_serializer,
)
from typing_extensions import TypedDict

from typedsignals import PayloadError, Signal
from typedsignals.contrib.celery import task_receiver

WAIT = 10
EXAMPLES = int(os.environ.get("TYPEDSIGNALS_FIDELITY_EXAMPLES", "25"))
"""Examples through the in-process worker (each a Celery round trip); the wire-level property
runs ten times as many."""

T = TypeVar("T")
MINUTE = datetime.timedelta(minutes=1)


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Box(BaseModel, Generic[T]):
    item: T


@dataclasses.dataclass
class Point:
    x: float
    label: str = ""


class Span(TypedDict):
    start: datetime.date
    days: int


class Cat(BaseModel):
    kind: Literal["cat"] = "cat"
    lives: int


class Dog(BaseModel):
    kind: Literal["dog"] = "dog"
    name: str


# -- shapes: a type, values for it, and why it must be refused (if it must) ---------------


@attrs.frozen
class Shape:
    annotation: Any
    values: st.SearchStrategy[Any]
    refusal: str | None = None
    """How the refusal names this shape's field: ``{field} is a secret`` …"""
    hashable: bool = False
    holds_bytes: bool = False
    nested: tuple[Shape, ...] = ()
    """The shapes of a nested model's fields."""


def offsets() -> st.SearchStrategy[datetime.timezone]:
    """UTC offsets in whole minutes: JSON (ISO 8601, as pydantic writes and reads it) has no
    seconds in an offset; ``test_an_offset_with_seconds_is_refused_at_send_time``."""
    return st.integers(-1439, 1439).map(
        lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
    )


def aware_datetimes() -> st.SearchStrategy[datetime.datetime]:
    return st.datetimes(timezones=offsets())


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None)

LEAVES = [
    Shape(int, st.integers(), hashable=True),
    Shape(float, st.floats(allow_nan=True, allow_infinity=True)),
    Shape(str, st.text(), hashable=True),
    Shape(bool, st.booleans(), hashable=True),
    Shape(int | None, st.none() | st.integers(), hashable=True),
    Shape(int | str, st.integers() | st.text(), hashable=True),
    Shape(int | float, st.integers() | st.floats(), hashable=True),
    Shape(datetime.datetime, st.datetimes() | aware_datetimes(), hashable=True),
    Shape(datetime.date, st.dates(), hashable=True),
    Shape(datetime.time, st.times() | st.times(timezones=offsets()), hashable=True),
    Shape(datetime.timedelta, st.timedeltas(), hashable=True),
    Shape(uuid.UUID, st.uuids(), hashable=True),
    Shape(decimal.Decimal, finite_decimals, hashable=True),
    Shape(Colour, st.sampled_from(Colour), hashable=True),
    Shape(Level, st.sampled_from(Level) | st.sampled_from([1, 2]), hashable=True),
    Shape(Literal["a", "b"], st.sampled_from(["a", "b"]), hashable=True),
    Shape(bytes, st.binary(), hashable=True, holds_bytes=True),
    Shape(SecretStr, st.text(), refusal="{field} is a secret"),
    Shape(SecretBytes, st.binary(), refusal="{field} is a secret", holds_bytes=True),
    Shape(Secret[int], st.integers(), refusal="{field} is a secret"),
    Shape(Point, st.builds(Point, x=st.floats(), label=st.text())),
    Shape(Span, st.fixed_dictionaries({"start": st.dates(), "days": st.integers()})),
    Shape(
        datetime.datetime | str,
        aware_datetimes() | st.text(),
        refusal="{field} is a union whose members datetime and str both travel as a JSON string",
    ),
    Shape(
        Annotated[Cat | Dog, Field(discriminator="kind")],
        st.builds(Cat, lives=st.integers()) | st.builds(Dog, name=st.text()),
    ),
    Shape(
        Cat | Dog,
        st.builds(Cat, lives=st.integers()),
        refusal="{field} is a union whose members Cat and Dog both travel as a JSON object",
    ),
    Shape(Box[int], st.builds(Box[int], item=st.integers())),
    Shape(Box[datetime.date], st.builds(Box[datetime.date], item=st.dates())),
]


def containers(inner: Shape) -> list[Shape]:
    found = [
        Shape(list[inner.annotation], st.lists(inner.values, max_size=4)),  # type: ignore[name-defined]
        Shape(tuple[inner.annotation, ...], st.lists(inner.values, max_size=4).map(tuple)),  # type: ignore[name-defined]
        Shape(dict[str, inner.annotation], st.dictionaries(st.text(), inner.values, max_size=3)),  # type: ignore[name-defined]
    ]
    if inner.hashable:
        found.append(Shape(frozenset[inner.annotation], st.frozensets(inner.values, max_size=4)))  # type: ignore[name-defined]
        found.append(Shape(set[inner.annotation], st.sets(inner.values, max_size=4)))  # type: ignore[name-defined]
        keys = Shape(
            dict[inner.annotation, int], st.dictionaries(inner.values, st.integers(), max_size=3)
        )  # type: ignore[name-defined]
        if typing.get_origin(inner.annotation) in (typing.Union, types.UnionType):
            keys = attrs.evolve(keys, refusal="{field} has keys of a union type")
        found.append(keys)
    return [
        attrs.evolve(shape, refusal=shape.refusal or inner.refusal, holds_bytes=inner.holds_bytes)
        for shape in found
    ]


@attrs.frozen
class FieldSpec:
    shape: Shape
    style: str
    """How it is declared: plain, alias, serialization_alias, validation_alias, excluded,
    serialized (a custom serializer), serialized_json (one for JSON output only)."""


STYLE_REFUSALS = {
    "excluded": "{field} is excluded from dumps",
    "serialized": "{field} has a custom serializer",
}

_counter = itertools.count()


@attrs.frozen
class Case:
    model: type[BaseModel]
    fields: dict[str, FieldSpec]
    base64: bool
    reveal_secrets: bool
    computed: bool

    def refusals(self) -> list[str]:
        """What the refusal must say, for each field that cannot travel."""
        return list(_refusals(self.fields, (), self.base64, self.reveal_secrets))


def _refusals(
    fields: dict[str, FieldSpec], path: tuple[str, ...], base64: bool, reveal: bool
) -> Any:
    for name, spec in fields.items():
        field = f"field {'.'.join((*path, name))!r}"
        shape = spec.shape
        if spec.style in STYLE_REFUSALS:
            yield STYLE_REFUSALS[spec.style].format(field=field)
        if shape.nested:
            nested = {f"f{i}": FieldSpec(inner, "plain") for i, inner in enumerate(shape.nested)}
            yield from _refusals(nested, (*path, name), base64, reveal)
            continue
        if shape.refusal and not (reveal and "secret" in shape.refusal):
            yield shape.refusal.format(field=field)
        if shape.holds_bytes and not base64:
            yield f"{field} holds bytes"


def build_model(
    name: str, fields: dict[str, FieldSpec], base64: bool, computed: bool, strict: bool = False
) -> type[BaseModel]:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__, "__qualname__": name}
    config = ConfigDict(strict=strict)
    if base64:
        config.update(ser_json_bytes="base64", val_json_bytes="base64")
    namespace["model_config"] = config
    for field_name, spec in fields.items():
        annotations[field_name] = spec.shape.annotation
        namespace[field_name] = {
            "plain": Field(),
            "alias": Field(alias=f"{field_name}_alias"),
            "serialization_alias": Field(serialization_alias=f"{field_name}_out"),
            "validation_alias": Field(validation_alias=f"{field_name}_in"),
            "excluded": Field(exclude=True),
            "serialized": Field(),
            "serialized_json": Field(),
        }[spec.style]
        if spec.style in ("serialized", "serialized_json"):
            when_used = "json" if spec.style == "serialized_json" else "always"
            namespace[f"_dump_{field_name}"] = field_serializer(field_name, when_used=when_used)(
                _tagged
            )
    if computed:
        namespace["field_count"] = computed_field(property(_field_count))
    namespace["__annotations__"] = annotations
    return type(name, (BaseModel,), namespace)


def _tagged(self: BaseModel, value: Any) -> str:
    return f"#{value!r}"


def _field_count(self: BaseModel) -> int:
    return len(type(self).model_fields)


def nested_shape(base64: bool) -> st.SearchStrategy[Shape]:
    def make(inner: list[Shape]) -> Shape:
        fields = {f"f{i}": FieldSpec(shape, "plain") for i, shape in enumerate(inner)}
        model = build_model(f"Inner{next(_counter)}", fields, base64, computed=True)
        values = st.fixed_dictionaries({name: spec.shape.values for name, spec in fields.items()})
        return Shape(model, values.map(lambda kw: model(**kw)), nested=tuple(inner))

    return st.lists(leaf_shapes(), min_size=1, max_size=3).map(make)


def leaf_shapes() -> st.SearchStrategy[Shape]:
    leaves = st.sampled_from(LEAVES)
    return leaves | leaves.flatmap(lambda inner: st.sampled_from(containers(inner)))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Case, dict[str, Any]]:
    base64 = draw(st.booleans())
    shapes = draw(st.lists(leaf_shapes() | nested_shape(base64), min_size=1, max_size=4))
    styles = st.sampled_from(
        ["plain", "plain", "alias", "serialization_alias", "validation_alias", "excluded",
         "serialized", "serialized_json"]
    )  # fmt: skip
    fields = {f"f{i}": FieldSpec(shape, draw(styles)) for i, shape in enumerate(shapes)}
    computed = draw(st.booleans())
    model = build_model(f"Payload{next(_counter)}", fields, base64, computed, draw(st.booleans()))
    case = Case(model, fields, base64, draw(st.booleans()), computed)
    values = {}
    for name, spec in fields.items():
        key = {"alias": f"{name}_alias", "validation_alias": f"{name}_in"}.get(spec.style, name)
        values[key] = draw(spec.shape.values)
    return case, values


# -- "intact": the same types and values all the way down, NaN and -0.0 included ----------


def normal_form(value: Any) -> Any:
    """A comparable picture of ``value`` that keeps every type and what equality loses."""
    kind = type(value).__qualname__
    if isinstance(value, BaseModel):
        fields = {name: normal_form(item) for name, item in value.__dict__.items()}
        return (kind, fields, normal_form(value.__pydantic_extra__))
    if isinstance(value, SecretStr | SecretBytes | Secret):
        return (kind, normal_form(value.get_secret_value()))
    if isinstance(value, dict):
        return (kind, [(normal_form(k), normal_form(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (kind, [normal_form(item) for item in value])
    if isinstance(value, set | frozenset):
        return (kind, sorted(repr(normal_form(item)) for item in value))
    if isinstance(value, datetime.datetime | datetime.time):
        return (kind, value.isoformat(), value.utcoffset())
    return (kind, repr(value))


# -- the properties ---------------------------------------------------------------------------


def declare(case: Case) -> tuple[Signal[Any], Callable[..., Any]]:
    signal: Signal[Any] = Signal[case.model](name=f"fidelity_{next(_counter)}")  # type: ignore[name-defined]

    def local(**kwargs: Any) -> dict[str, Any]:
        kwargs.pop("signal")
        kwargs.pop("sender")
        return kwargs

    return signal, local


def check_refusal(case: Case, error: TypeError) -> None:
    expected = case.refusals()
    assert expected, f"refused, but every field of the case can travel: {error}"
    for fragment in expected:
        assert fragment in str(error)


@settings(
    max_examples=EXAMPLES * 10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_the_wire_gives_the_worker_what_a_local_receiver_gets(
    case_and_values: tuple[Case, dict[str, Any]],
) -> None:
    """The wire alone (what ``send`` writes, read as the worker reads it), many examples."""
    from typedsignals.contrib.celery.wire import WireFormat

    case, values = case_and_values
    signal, _ = declare(case)
    try:
        wire = WireFormat.of(signal, reveal_secrets=case.reveal_secrets)
    except TypeError as error:
        check_refusal(case, error)
        return
    assert case.refusals() == []
    try:
        sent = signal.payload_spec.validated_values(signal, values)  # type: ignore[union-attr]
    except PayloadError:  # not a payload send accepts (a strict model, say)
        return
    arrived = wire.load(signal, wire.dump(signal, sent, "here"))
    assert normal_form(arrived) == normal_form(sent)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_every_accepted_payload_reaches_the_worker_intact(
    app: Celery, case_and_values: tuple[Case, dict[str, Any]]
) -> None:
    """Through the in-process worker: its function gets what a local receiver got."""
    case, values = case_and_values
    signal, local = declare(case)
    signal.connect(local)

    def remote(**kwargs: Any) -> None:
        received.append(kwargs)

    received: list[dict[str, Any]] = []
    try:
        receiver = task_receiver(
            signal,
            app=app,
            name=f"tests.celery.fidelity.{signal.name}",
            reveal_secrets=case.reveal_secrets,
        )(remote)
    except TypeError as error:
        check_refusal(case, error)
        return
    assert case.refusals() == []
    try:
        [(_, here), (_, result)] = signal.send(None, **values)
    except PayloadError:  # not a payload send accepts (a strict model, say)
        return
    result.get(timeout=WAIT, interval=0.01)
    [there] = received
    assert (there.pop("signal"), there.pop("sender")) == (signal, None)
    assert normal_form(there) == normal_form(here)
    del receiver


@pytest.mark.parametrize(
    ("annotation", "value"),
    [
        (float, float("nan")),
        (float, float("-inf")),
        (float, -0.0),
        (decimal.Decimal, decimal.Decimal("1.10")),
        (datetime.datetime, datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone(-MINUTE))),
        (tuple[int, ...], (1, 2)),
        (set[Colour], {Colour.RED}),
        (Box[SecretStr], {"item": "hunter2"}),
    ],
    ids=["nan", "-inf", "-0.0", "decimal-places", "odd-offset", "tuple", "enum-set", "secret"],
)
def test_named_shapes_arrive_intact(app: Celery, annotation: Any, value: Any) -> None:
    model = build_model(
        f"Named{next(_counter)}",
        {"value": FieldSpec(Shape(annotation, st.nothing()), "plain")},
        base64=True,
        computed=True,
    )
    case = Case(model, {}, base64=True, reveal_secrets=True, computed=True)
    signal, local = declare(case)
    signal.connect(local)
    received: list[Any] = []

    @task_receiver(signal, app=app, name=f"tests.celery.named.{signal.name}", reveal_secrets=True)
    def remote(value: Any, **kwargs: Any) -> None:
        received.append(value)

    [(_, here), (_, result)] = signal.send(None, value=value)
    result.get(timeout=WAIT, interval=0.01)
    assert normal_form(received) == normal_form([here["value"]])


def test_an_offset_with_seconds_is_refused_at_send_time(app: Celery) -> None:
    """Python allows UTC offsets with seconds (zoneinfo's local mean times before 1900 have
    them); ISO 8601 as pydantic writes it does not: the send fails, nothing arrives changed."""

    class Stamped(BaseModel):
        at: datetime.datetime

    stamped = Signal[Stamped](name="stamped_with_seconds")

    @task_receiver(stamped, app=app, name="tests.celery.fidelity.offset_seconds")
    def remote(**kwargs: Any) -> None: ...

    odd = datetime.timezone(datetime.timedelta(minutes=19, seconds=32))
    with pytest.raises(TypeError) as raised:
        stamped.send(None, at=datetime.datetime(1900, 1, 1, tzinfo=odd))
    assert str(raised.value) == (
        "task receiver 'tests.celery.test_fidelity.test_an_offset_with_seconds_is_refused_at_"
        "send_time.<locals>.remote' of signal 'tests.celery.test_fidelity.stamped_with_seconds'"
        ": the payload would reach the worker changed (at: the datetime would change); declare "
        "the field's type (untyped fields and extra keys carry JSON values only: str, int, "
        "float, bool, None, list, dict with str keys), or make its validators give back what "
        "they are given"
    )
