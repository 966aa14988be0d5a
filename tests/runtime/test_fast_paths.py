"""The fast paths of ``send`` change nothing a user can see.

A plain model's fields are validated on their own, as a typed dict built from the model's
core schema (``PayloadSpec.validate_fields``), and receivers are called through a caller
generated per set of field names (``typedsignals.receiver_calls``). Property: over generated
models (types, constraints, defaults and default factories, aliases of every kind, field
validators reading ``info``, config options) and generated payloads, a signal created with the
fast paths and one created with ``TYPEDSIGNALS_FAST_PATHS=0`` deliver the same keyword
arguments (values and types), or raise the same ``PayloadError`` (message and ``errors()``).
The whole runtime suite also runs under ``TYPEDSIGNALS_FAST_PATHS=0`` in ``make test``.
A send to receivers that are all held strongly skips dereferencing them; the last tests here
show that it keeps the contract of a send to weak ones.
"""

from __future__ import annotations

import gc
import linecache
import traceback
from typing import Annotated, Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import (
    AliasChoices,
    AliasPath,
    BaseModel,
    ConfigDict,
    Field,
    GetPydanticSchema,
    OnErrorOmit,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticOmit, PydanticUseDefault, core_schema

from typedsignals import PayloadError, Signal
from typedsignals.receiver_calls import (
    UNROLLED_UP_TO,
    call_with_arguments,
    caller_for,
    caller_source,
)


@pytest.fixture(autouse=True)
def fast_paths_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the fast paths, also when the suite runs without them."""
    monkeypatch.delenv("TYPEDSIGNALS_FAST_PATHS", raising=False)


class Inner(BaseModel):
    x: int = 0
    tags: list[str] = []


FIELD_TYPES: list[tuple[Any, st.SearchStrategy[Any]]] = [
    (int, st.integers() | st.sampled_from([13, 14]) | st.text(max_size=3)),
    (str, st.text(max_size=5) | st.integers()),
    (float, st.floats(allow_nan=False) | st.sampled_from(["1.5", "x"])),
    (bool, st.booleans() | st.sampled_from(["yes", "no", 2])),
    (list[int], st.lists(st.integers() | st.just("7"), max_size=3)),
    (dict[str, int], st.dictionaries(st.text(max_size=2), st.integers(), max_size=2)),
    (int | None, st.none() | st.integers()),
    (Literal["a", "b"], st.sampled_from(["a", "b", "c"])),
    (Inner, st.fixed_dictionaries({}, optional={"x": st.integers(), "tags": st.just(["t"])})),
    (tuple[int, ...], st.lists(st.integers(), max_size=2)),
]


@st.composite
def field_specs(
    draw: st.DrawFn, index: int, aliases: bool
) -> tuple[str, Any, Any, st.SearchStrategy[Any]]:
    """One field: its name, annotation, ``Field(...)`` and a strategy for its input."""
    annotation, values = draw(st.sampled_from(FIELD_TYPES))
    options: dict[str, Any] = {}
    default_kind = draw(st.sampled_from(["required", "default", "factory", "factory_data"]))
    if default_kind == "default":
        options["default"] = draw(values)
        options["validate_default"] = draw(st.booleans())
    elif default_kind == "factory":
        options["default_factory"] = lambda: None
    elif default_kind == "factory_data":
        options["default_factory"] = lambda data: sorted(data)
    alias_kinds = ["none", "alias", "validation_alias", "choices", "path"] if aliases else ["none"]
    alias_kind = draw(st.sampled_from(alias_kinds))
    name = f"f{index}"
    if alias_kind == "alias":
        options["alias"] = f"F{index}"
    elif alias_kind == "validation_alias":
        options["validation_alias"] = f"v{index}"
    elif alias_kind == "choices":
        options["validation_alias"] = AliasChoices(f"c{index}", name)
    elif alias_kind == "path":
        options["validation_alias"] = AliasPath(f"p{index}", 0)
    if annotation in (int, float) and draw(st.booleans()):
        options["gt"] = 0
    if annotation is str and draw(st.booleans()):
        options["max_length"] = 3
    return name, annotation, Field(**options), values


@st.composite
def models(draw: st.DrawFn, aliases: bool) -> type[BaseModel]:
    specs = [draw(field_specs(index, aliases)) for index in range(draw(st.integers(1, 5)))]
    config = ConfigDict(
        str_strip_whitespace=draw(st.booleans()),
        strict=draw(st.booleans()),
        validate_by_name=draw(st.booleans()),
        hide_input_in_errors=draw(st.booleans()),
        extra=draw(st.sampled_from(["ignore", "forbid"])),
    )
    validators: dict[str, Any] = {}
    if draw(st.booleans()):
        mode = draw(st.sampled_from(["before", "after"]))

        def check(cls: Any, value: Any, info: ValidationInfo) -> Any:
            if value == 13:
                raise ValueError(f"{info.field_name} refuses 13 (saw {sorted(info.data)})")
            if value == 14:  # not pydantic's to report: validation_raised
                raise RuntimeError(f"{info.field_name} breaks on 14")
            return value

        validators["check"] = field_validator(specs[0][0], mode=mode)(check)
    model = create_model(  # type: ignore[call-overload]
        "Generated",
        __config__=config,
        __validators__=validators,
        **{name: (annotation, field) for name, annotation, field, _ in specs},
    )
    model.__input_strategies__ = {  # what payloads() draws from
        key: values for name, _, field, values in specs for key in _keys_of(name, field)
    }
    return model  # type: ignore[no-any-return]


def _keys_of(name: str, field: Any) -> list[str]:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [choice for choice in alias.choices if isinstance(choice, str)]
    if isinstance(alias, AliasPath):
        return [str(alias.path[0])]
    return [name, *([field.alias] if field.alias else []), *([alias] if alias else [])]


def payloads(model: Any) -> st.SearchStrategy[dict[str, Any]]:
    strategies: dict[str, st.SearchStrategy[Any]] = model.__input_strategies__
    wrapped = {
        key: (values.map(lambda value: [value]) if key.startswith("p") else values)
        for key, values in strategies.items()
    }
    known = st.fixed_dictionaries({}, optional=wrapped)
    return known | st.builds(lambda fields: {**fields, "unknown": 1}, known)


def _outcome(signal: Signal[Any], fields: dict[str, Any]) -> Any:
    got: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        got.append({key: (value, type(value)) for key, value in kwargs.items()})

    signal.connect(receiver, weak=False)
    try:
        signal.send("sender", **fields)
    except PayloadError as error:
        return ("refused", str(error), repr(error.errors()))  # ctx holds exceptions: by repr
    finally:
        signal.disconnect(receiver)
    [received] = got
    received.pop("signal")
    return ("delivered", received)


# Without aliases, send skips the check for unknown keys of a payload no longer than the
# model's required fields (validation fails if one is unknown): its own property.
@pytest.mark.parametrize("aliases", [True, False], ids=["with aliases", "without aliases"])
@settings(max_examples=150, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_the_fast_paths_deliver_and_refuse_exactly_what_the_model_path_does(
    aliases: bool, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = data.draw(models(aliases))
    fast = Signal[model]()  # type: ignore[valid-type]
    with monkeypatch.context() as env:
        env.setenv("TYPEDSIGNALS_FAST_PATHS", "0")
        plain = Signal[model]()  # type: ignore[valid-type]
    assert fast.payload_spec is not None
    # A validated default keeps a model off the fast validation (pydantic-core would not give
    # the default's validators the field's name): the outcomes must match either way.
    validated_default = any(field.validate_default for field in model.model_fields.values())
    assert (fast.payload_spec.validate_fields is None) is validated_default
    assert plain._values_of == plain.payload_spec.validated_values  # type: ignore[union-attr]
    fields = data.draw(payloads(model))
    assert _outcome(fast, fields) == _outcome(plain, fields)


# -- which models take the fast validation -----------------------------------------------------


class Plain(BaseModel):
    order_id: int
    toppings: list[str] = []


class WithModelValidator(Plain):
    @model_validator(mode="after")
    def check(self) -> WithModelValidator:
        return self


class WithPostInit(Plain):
    def model_post_init(self, context: Any) -> None:
        pass


class WithInit(Plain):
    def __init__(self, **data: Any) -> None:
        super().__init__(**data)


class Open(Plain):
    model_config = ConfigDict(extra="allow")


class Tree(BaseModel):
    children: list[Tree] = []


class ValidatedDefault(Plain):
    size: int = Field(default=30, validate_default=True)


class ValidatedDefaults(Plain):
    model_config = ConfigDict(validate_default=True)


class DefaultNotValidated(BaseModel):
    model_config = ConfigDict(validate_default=True)
    order_id: int
    size: int = Field(default=30, validate_default=False)


@pytest.mark.parametrize(
    ("model", "fast"),
    [
        (Plain, True),
        (Tree, True),
        (WithModelValidator, False),
        (WithPostInit, False),
        (WithInit, False),
        (Open, False),
        (ValidatedDefault, False),
        (ValidatedDefaults, False),
        (DefaultNotValidated, True),
    ],
)
def test_only_a_model_whose_fields_validate_alone_takes_the_fast_validation(
    model: type[BaseModel], fast: bool
) -> None:
    spec = Signal[model]().payload_spec  # type: ignore[valid-type]
    assert spec is not None
    assert (spec.validate_fields is not None) is fast


def test_a_validated_default_s_validator_gets_the_field_s_name() -> None:
    class Order(BaseModel):
        size: int = Field(default=30, validate_default=True)

        @field_validator("size")
        @classmethod
        def named(cls, value: int, info: ValidationInfo) -> int:
            seen.append(info.field_name)
            return value

    seen: list[str | None] = []
    Signal[Order]().send(None)
    assert seen == ["size"]


def test_a_recursive_model_validates_the_same_on_the_fast_path() -> None:
    got: list[Any] = []
    signal = Signal[Tree]()
    signal.connect(lambda **kwargs: got.append(kwargs["children"]), weak=False)
    signal.send(None, children=[{"children": [{}]}])
    assert got == [[Tree(children=[Tree()])]]


# -- the generated caller ----------------------------------------------------------------------


def test_the_generated_caller_writes_each_call_out() -> None:
    assert caller_source(("order_id", "toppings"), 2) == (
        "def call_receivers(_receivers, _signal, _sender, _values):\n"
        "    _v0 = _values['order_id']\n"
        "    _v1 = _values['toppings']\n"
        "    [_r0, _r1] = _receivers\n"
        "    return [\n"
        "        (_r0, _r0(signal=_signal, sender=_sender, order_id=_v0, toppings=_v1)),\n"
        "        (_r1, _r1(signal=_signal, sender=_sender, order_id=_v0, toppings=_v1)),\n"
        "    ]\n"
    )


def test_beyond_the_written_out_count_the_generated_caller_loops() -> None:
    assert caller_source(("order_id",), UNROLLED_UP_TO + 1) == (
        "def call_receivers(_receivers, _signal, _sender, _values):\n"
        "    _v0 = _values['order_id']\n"
        "    _responses = []\n"
        "    for _r in _receivers:\n"
        "        _responses.append((_r, _r(signal=_signal, sender=_sender, order_id=_v0)))\n"
        "    return _responses\n"
    )


@pytest.mark.parametrize("name", ["a-b", "class", "_private", "x = 1; import os", "1x"])
def test_a_name_that_is_no_plain_identifier_is_never_put_into_code(name: str) -> None:
    with pytest.raises(ValueError, match="cannot be a keyword in generated code"):
        caller_source((name,), 1)
    assert caller_for((name,), 1) is call_with_arguments


def test_an_open_or_untyped_signal_calls_with_its_arguments() -> None:
    for signal in (Signal[Open](), Signal()):
        signal.connect(lambda **kwargs: None, weak=False)
        signal.send(None, order_id=1)
        assert signal._shared_snapshot.caller is call_with_arguments  # type: ignore[union-attr]
    typed = Signal[Plain]()
    typed.connect(lambda **kwargs: None, weak=False)
    typed.send(None, order_id=1)
    caller = typed._shared_snapshot.caller  # type: ignore[union-attr]
    assert caller is caller_for(("order_id", "toppings"), 1)


class Wide(BaseModel):
    """Field names that contain what the template's own names do."""

    order_r: int
    r0: int = 0
    sender_name: str = "x"


@settings(max_examples=60, deadline=None)
@given(count=st.integers(0, UNROLLED_UP_TO + 3), failing=st.none() | st.integers(0, 20))
def test_every_caller_calls_in_order_and_stops_at_an_exception(
    count: int, failing: int | None
) -> None:
    calls: list[tuple[int, dict[str, Any]]] = []

    def make(index: int) -> Any:
        def receiver(**kwargs: Any) -> int:
            calls.append((index, kwargs))
            if index == failing:
                raise RuntimeError(f"receiver {index} fails")
            return index

        return receiver

    receivers = [make(index) for index in range(count)]
    values = {"order_r": 1, "r0": 2, "sender_name": "y"}
    expected_calls = range(count if failing is None or failing >= count else failing + 1)
    for caller in (caller_for(("order_r", "r0", "sender_name"), count), call_with_arguments):
        calls.clear()
        if failing is not None and failing < count:
            with pytest.raises(RuntimeError, match=f"receiver {failing} fails"):
                caller(receivers, "the signal", "the sender", values)
        else:
            responses = caller(receivers, "the signal", "the sender", values)
            assert responses == [(receiver, index) for index, receiver in enumerate(receivers)]
        assert calls == [
            (index, {"signal": "the signal", "sender": "the sender", **values})
            for index in expected_calls
        ]


def test_a_send_after_a_connect_uses_a_caller_of_the_new_count() -> None:
    signal = Signal[Wide]()
    responses: list[list[Any]] = []
    receivers = [lambda index=index, **kwargs: index for index in range(UNROLLED_UP_TO + 2)]
    for index, receiver in enumerate(receivers):
        signal.connect(receiver, weak=index % 2 == 0)
        responses.append([response for _, response in signal.send(None, order_r=1)])
    assert responses == [list(range(count + 1)) for count in range(UNROLLED_UP_TO + 2)]


def test_a_traceback_through_the_caller_shows_its_line() -> None:
    signal = Signal[Plain]()

    def fails(**kwargs: Any) -> None:
        raise RuntimeError("boom")

    signal.connect(fails)
    with pytest.raises(RuntimeError) as raised:
        signal.send(None, order_id=1)
    frames = traceback.extract_tb(raised.value.__traceback__)
    [caller] = [frame for frame in frames if frame.name == "call_receivers"]
    assert caller.filename == "<typedsignals caller of 1 for order_id, toppings>"
    assert caller.line == (
        "(_r0, _r0(signal=_signal, sender=_sender, order_id=_v0, toppings=_v1)),"
    )
    assert linecache.getline(caller.filename, 1).startswith("def call_receivers(")


# -- strongly held receivers: the snapshot holds them, nothing to dereference -----------------


@pytest.mark.parametrize(
    "weak", [(False, False, False), (True, True, True), (False, True, False)], ids=str
)
def test_receivers_disconnected_during_a_send_are_still_called_by_it(
    weak: tuple[bool, bool, bool],
) -> None:
    signal = Signal[Plain]()
    calls: list[str] = []

    def first(**kwargs: Any) -> str:
        calls.append("first")
        signal.disconnect(second)
        signal.disconnect(third)
        return "one"

    def second(**kwargs: Any) -> str:
        calls.append("second")
        return "two"

    def third(**kwargs: Any) -> str:
        calls.append("third")
        return "three"

    for receiver, is_weak in zip((first, second, third), weak, strict=True):
        signal.connect(receiver, weak=is_weak)
    assert signal.send(None, order_id=1) == [(first, "one"), (second, "two"), (third, "three")]
    assert calls == ["first", "second", "third"]
    assert signal.send(None, order_id=1) == [(first, "one")]


def test_a_dead_weak_receiver_among_strong_ones_is_skipped_in_order() -> None:
    signal = Signal[Plain]()
    got: list[str] = []

    def make(name: str) -> Any:
        def receiver(**kwargs: Any) -> str:
            got.append(name)
            return name

        return receiver

    strong_a, strong_b = make("a"), make("b")
    signal.connect(strong_a, weak=False)
    weak = make("weak")
    signal.connect(weak)
    signal.connect(strong_b, weak=False)
    assert [response for _, response in signal.send(None, order_id=1)] == ["a", "weak", "b"]
    del weak
    gc.collect()
    assert [response for _, response in signal.send(None, order_id=1)] == ["a", "b"]
    assert got == ["a", "weak", "b", "a", "b"]


def test_a_strong_receiver_connected_after_a_send_hears_the_next_one() -> None:
    signal = Signal[Plain]()
    signal.connect(lambda **kwargs: 1, weak=False)
    assert [response for _, response in signal.send(None, order_id=1)] == [1]
    signal.connect(lambda **kwargs: 2, weak=False)
    assert [response for _, response in signal.send(None, order_id=1)] == [1, 2]


# -- what an outsider found: each case the same on both paths --------------------------------


def _both(model: type[BaseModel], **options: Any) -> tuple[Signal[Any], Signal[Any]]:
    """A signal with the fast paths and one without, for ``model``."""
    fast = Signal[model](**options)  # type: ignore[valid-type]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TYPEDSIGNALS_FAST_PATHS", "0")
        plain = Signal[model](**options)  # type: ignore[valid-type]
    return fast, plain


class Omitting(BaseModel):
    a: int
    b: OnErrorOmit[int]


class AsksForDefaults(BaseModel):
    a: int
    c: int

    @field_validator("c")
    @classmethod
    def omit_or_default(cls, value: int) -> int:
        if value == -1:
            raise PydanticOmit
        if value == -2:
            raise PydanticUseDefault
        return value


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (Omitting, {"a": 1}, "b: Field required"),
        (Omitting, {"a": 1, "b": "x"}, "b: Field required"),
        (
            Omitting,
            {"a": 1, "typo": 2},
            "b: Field required\n  typo: unknown field (Omitting has: a, b)",
        ),
        (AsksForDefaults, {"a": 1, "c": -1}, "c: Field required"),
        (AsksForDefaults, {"a": 1, "c": -2}, "c: Field required"),
    ],
)
def test_a_field_a_validator_omits_is_refused_as_the_model_refuses_it(
    model: type[BaseModel], fields: dict[str, Any], message: str
) -> None:
    fast, plain = _both(model)
    outcome = _outcome(fast, fields)
    assert outcome == _outcome(plain, fields)
    assert outcome[0] == "refused"
    assert outcome[1].split("\n", 1)[1] == f"  {message}"


def test_a_default_from_the_field_s_type_still_gets_unknown_keys_refused() -> None:
    port = Annotated[
        int,
        GetPydanticSchema(
            lambda source, handler: core_schema.with_default_schema(
                core_schema.int_schema(), default=8080
            )
        ),
    ]
    model = create_model("Server", host=(str, ...), port=(port, ...))
    fast, plain = _both(model)
    delivered = {"sender": ("sender", str), "host": ("h", str), "port": (8080, int)}
    assert _outcome(fast, {"host": "h"}) == ("delivered", delivered)
    outcome = _outcome(fast, {"host": "h", "prot": 1})
    assert outcome == _outcome(plain, {"host": "h", "prot": 1})
    assert outcome[1].split("\n")[1:] == [
        "  prot: unknown field (Server has: host, port); did you mean 'port'?"
    ]


@pytest.mark.parametrize(
    "names",
    [
        ("\ufb01le",),  # the ligature fi: Python reads "file"
        ("x", "\U0001d431"),  # x and a bold x, which Python reads as x
        ("\uff53ender_id", "\uff53ignal"),  # fullwidth s: Python reads "signal"
        ("\U0001d422\U0001d41f",),  # a bold "if": the keyword
    ],
    ids=["ligature", "bold", "fullwidth", "keyword"],
)
def test_a_name_python_would_read_otherwise_reaches_receivers_as_declared(
    names: tuple[str, ...],
) -> None:
    with pytest.raises(ValueError, match="cannot be a keyword in generated code"):
        caller_source(names, 1)
    model = create_model("Odd", **dict.fromkeys(names, (int, ...)))
    fields = dict.fromkeys(names, 1)
    expected = {"sender": ("sender", str), **dict.fromkeys(names, (1, int))}
    for signal in _both(model):
        assert _outcome(signal, fields) == ("delivered", expected)


def test_without_validation_a_later_alias_choice_is_dropped_as_validation_drops_it() -> None:
    class Choices(BaseModel):
        x: int = Field(validation_alias=AliasChoices("a", "b"))

    for signal in _both(Choices, validate=False):
        assert _outcome(signal, {"a": 1, "b": 2}) == (
            "delivered",
            {"sender": ("sender", str), "x": (1, int)},
        )


def test_without_validation_receivers_get_the_fields_in_the_model_s_order() -> None:
    got: list[list[str]] = []
    for signal in _both(Plain, validate=False):
        signal.connect(lambda **kwargs: got.append(list(kwargs)), weak=False)
        signal.send(None, toppings=[], order_id=1)
    assert got == [["signal", "sender", "order_id", "toppings"]] * 2


def test_the_cause_of_a_refusal_holds_only_the_known_fields() -> None:
    causes = []
    for signal in _both(Plain):
        with pytest.raises(PayloadError) as refused:
            signal.send(None, typo="unrelated value")  # no longer than the required fields
        cause = refused.value.__cause__
        assert isinstance(cause, ValidationError)
        assert refused.value.__context__ is None
        causes.append(cause.errors(include_url=False))
    missing = {"type": "missing", "loc": ("order_id",), "msg": "Field required"}
    assert causes == [[{**missing, "input": {}}]] * 2
