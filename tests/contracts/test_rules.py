"""Every rule: a before/after model pair, the exact finding, and its severity for each role."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from tests.contracts import LABEL, contract, model
from typedsignals.contracts import RULES, Finding, Role, Severity, compare

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
ROLES = (Role.IN_PROCESS, Role.QUEUED, Role.DURABLE)


class Kind(enum.Enum):
    MARGHERITA = "margherita"
    CALZONE = "calzone"


class SmallKind(enum.Enum):
    MARGHERITA = "margherita"


SmallKind.__name__ = "Kind"  # the next release: one value fewer (titles follow __name__)


class Address(BaseModel):
    street: str
    zip: str


class AddressV2(BaseModel):
    street: str


AddressV2.__name__ = "Address"


class Topping(BaseModel):
    name: str
    grams: float


class ToppingV2(BaseModel):
    name: str
    grams: int


ToppingV2.__name__ = "Topping"


class OpenAddress(BaseModel):
    model_config = ConfigDict(extra="allow")
    street: str
    zip: str


OpenAddress.__name__ = "Address"


class ClosedAddress(BaseModel):
    model_config = ConfigDict(extra="forbid")
    street: str
    zip: str


ClosedAddress.__name__ = "Address"


class AddressWithNote(BaseModel):
    street: str
    zip: str
    note: str = ""


class Cat(BaseModel):
    kind: Literal["cat"] = "cat"
    lives: int


class Dog(BaseModel):
    kind: Literal["dog"] = "dog"
    barks: bool


Pets = Annotated[Cat | Dog, Field(discriminator="kind")]


# (rule, before fields, after fields, pointer, message, (in-process, queued, durable))
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, str, tuple[Severity, ...]]] = [
    (
        "field-removed",
        {"item": (str, ...), "price": (float, ...)},
        {"item": (str, ...)},
        "/properties/price",
        "field 'price' removed",
        (E, E, E),
    ),
    (
        "required-field-added",
        {"item": (str, ...)},
        {"item": (str, ...), "price": (float, ...)},
        "/properties/price",
        "required field 'price' added",
        (E, E, E),
    ),
    (
        "optional-field-added",
        {"item": (str, ...)},
        {"item": (str, ...), "price": (float, 0.0)},
        "/properties/price",
        "optional field 'price' added (default 0.0)",
        (I, E, E),
    ),
    (
        "optional-made-required",
        {"size": (int, 30)},
        {"size": (int, ...)},
        "/properties/size",
        "field 'size' is now required (it had default 30)",
        (E, E, E),
    ),
    (
        "required-made-optional",
        {"size": (int, ...)},
        {"size": (int, 30)},
        "/properties/size",
        "field 'size' is now optional (default 30)",
        (I, I, I),
    ),
    (
        "default-changed",
        {"size": (int, 30)},
        {"size": (int, 32)},
        "/properties/size",
        "default of 'size' changed from 30 to 32",
        (W, W, W),
    ),
    (
        "alias-changed",
        {"size": (int, Field(alias="diameter"))},
        {"size": (int, Field(alias="width"))},
        "/properties/size",
        "alias of field 'size' changed from 'diameter' to 'width'",
        (E, E, E),
    ),
    (
        "alias-changed",
        {"size": (int, Field(alias="diameter"))},
        {"size": (int, ...)},
        "/properties/size",
        "alias 'diameter' of field 'size' removed",
        (E, E, E),
    ),
    (
        "alias-added",
        {"size": (int, ...)},
        {"size": (int, Field(alias="diameter"))},
        "/properties/size",
        "field 'size' gained alias 'diameter'",
        (I, I, I),
    ),
    (
        "type-narrowed",
        {"size": (float, ...)},
        {"size": (int, ...)},
        "/properties/size",
        "type of 'size' narrowed from number to integer",
        (E, E, E),
    ),
    (
        "type-narrowed",
        {"kind": (str, ...)},
        {"kind": (Literal["margherita", "calzone"], ...)},
        "/properties/kind",
        'type of \'kind\' narrowed from string to one of "margherita", "calzone"',
        (E, E, E),
    ),
    (
        "type-widened",
        {"size": (int, ...)},
        {"size": (float, ...)},
        "/properties/size",
        "type of 'size' widened from integer to number",
        (W, E, E),
    ),
    (
        "type-widened",
        {"size": (int, ...)},
        {"size": (Any, ...)},
        "/properties/size",
        "type of 'size' widened from integer to any value",
        (W, E, E),
    ),
    (
        "type-changed",
        {"size": (int, ...)},
        {"size": (str, ...)},
        "/properties/size",
        "type of 'size' changed from integer to string",
        (E, E, E),
    ),
    (
        "null-removed",
        {"note": (str | None, ...)},
        {"note": (str, ...)},
        "/properties/note",
        "'note' no longer accepts null",
        (E, E, E),
    ),
    (
        "null-added",
        {"note": (str, ...)},
        {"note": (str | None, ...)},
        "/properties/note",
        "'note' now accepts null",
        (W, E, E),
    ),
    (
        "enum-value-removed",
        {"kind": (Literal["margherita", "calzone"], ...)},
        {"kind": (Literal["margherita"], ...)},
        "/properties/kind",
        "'kind' no longer accepts \"calzone\"",
        (E, E, E),
    ),
    (
        "enum-value-added",
        {"kind": (Literal["margherita"], ...)},
        {"kind": (Literal["margherita", "calzone"], ...)},
        "/properties/kind",
        "'kind' now accepts \"calzone\"",
        (W, E, E),
    ),
    (
        "enum-value-removed",
        {"kind": (Kind, ...)},
        {"kind": (SmallKind, ...)},
        "/$defs/SmallKind",
        "'kind' no longer accepts \"calzone\"",
        (E, E, E),
    ),
    (
        "union-member-removed",
        {"code": (int | str, ...)},
        {"code": (int, ...)},
        "/properties/code/anyOf/1",
        "'code' no longer accepts string",
        (E, E, E),
    ),
    (
        "union-member-added",
        {"code": (int, ...)},
        {"code": (int | str, ...)},
        "/properties/code/anyOf/1",
        "'code' now also accepts string",
        (W, E, E),
    ),
    (
        "constraint-tightened",
        {"size": (int, Field(gt=0))},
        {"size": (int, Field(gt=5))},
        "/properties/size",
        "constraint on 'size' tightened (was > 0, now > 5)",
        (E, E, E),
    ),
    (
        "constraint-tightened",
        {"item": (str, ...)},
        {"item": (str, Field(max_length=40))},
        "/properties/item",
        "constraint on 'item' tightened (was none, now length <= 40)",
        (E, E, E),
    ),
    (
        "constraint-loosened",
        {"size": (int, Field(gt=0, le=50))},
        {"size": (int, Field(gt=0, le=60))},
        "/properties/size",
        "constraint on 'size' loosened (was <= 50, now <= 60)",
        (W, E, E),
    ),
    (
        "constraint-loosened",
        {"item": (str, Field(pattern="^[a-z]+$"))},
        {"item": (str, ...)},
        "/properties/item",
        "constraint on 'item' loosened (was pattern '^[a-z]+$', now none)",
        (W, E, E),
    ),
    (
        "constraint-changed",
        {"item": (str, Field(pattern="^[a-z]+$"))},
        {"item": (str, Field(pattern="^[A-Z]+$"))},
        "/properties/item",
        "constraint on 'item' changed (was pattern '^[a-z]+$', now pattern '^[A-Z]+$')",
        (E, E, E),
    ),
    (
        "description-changed",
        {"size": (int, Field(description="Diameter."))},
        {"size": (int, Field(description="Diameter in centimetres."))},
        "/properties/size",
        "description of field 'size' changed",
        (I, I, I),
    ),
    (
        "field-removed",
        {"address": (Address, ...)},
        {"address": (AddressV2, ...)},
        "/$defs/Address/properties/zip",
        "field 'address.zip' removed",
        (E, E, E),
    ),
    (
        "type-narrowed",
        {"toppings": (list[Topping], ...)},
        {"toppings": (list[ToppingV2], ...)},
        "/$defs/ToppingV2/properties/grams",
        "type of 'toppings[].grams' narrowed from number to integer",
        (E, E, E),
    ),
    (
        "type-narrowed",
        {"stock": (dict[str, float], ...)},
        {"stock": (dict[str, int], ...)},
        "/properties/stock/additionalProperties",
        "type of 'stock{}' narrowed from number to integer",
        (E, E, E),
    ),
    (
        "field-declared",
        {"address": (Address, ...)},
        {"address": (AddressWithNote, ...)},
        "/$defs/AddressWithNote/properties/note",
        "field 'address.note' declared (the model ignored it)",
        (I, W, W),
    ),
    (
        "union-member-added",
        {"pet": (Cat, ...)},
        {"pet": (Pets, ...)},
        "/$defs/Dog",
        "'pet' now also accepts Dog",
        (W, E, E),
    ),
    (
        "union-member-removed",
        {"pet": (Pets, ...)},
        {"pet": (Dog, ...)},
        "/$defs/Cat",
        "'pet' no longer accepts Cat",
        (E, E, E),
    ),
    (
        "type-widened",
        {"stock": (dict[str, int], ...)},
        {"stock": (dict[str, Any], ...)},
        "/properties/stock/additionalProperties",
        "type of 'stock{}' widened from integer to any value",
        (W, E, E),
    ),
    (
        "extra-allowed",
        {"address": (Address, ...)},
        {"address": (OpenAddress, ...)},
        "/$defs/OpenAddress",
        "extra policy of Address changed from 'ignore' to 'allow'",
        (W, E, E),
    ),
    (
        "extra-forbidden",
        {"address": (Address, ...)},
        {"address": (ClosedAddress, ...)},
        "/$defs/ClosedAddress",
        "extra policy of Address changed from 'ignore' to 'forbid'",
        (E, E, E),
    ),
]


def severities(rule: str) -> tuple[Severity, ...]:
    return tuple(RULES[rule].severity(role) for role in ROLES)


@pytest.mark.parametrize(
    ("rule", "before", "after", "pointer", "message", "expected"),
    CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(CASES)],
)
def test_rule(
    rule: str,
    before: dict[str, Any],
    after: dict[str, Any],
    pointer: str,
    message: str,
    expected: tuple[Severity, ...],
) -> None:
    old, new = model(**before), model(**after)
    for role, severity in zip(ROLES, expected, strict=True):
        found = compare({LABEL: contract(old, role=role)}, {LABEL: contract(new, role=role)})
        assert found == [Finding(rule, severity, LABEL, pointer, message)], role
    assert severities(rule) == expected


# Rules on the payload as a whole and on the signal: (rule, before, after, pointer, message,
# severities); ``before``/``after`` are (fields, extra, doc) of the payload model.
WHOLE: list[tuple[str, tuple[Any, ...], tuple[Any, ...], str, str, tuple[Severity, ...]]] = [
    (
        "extra-allowed",
        ({"item": (str, ...)}, None, "Sold."),
        ({"item": (str, ...)}, "allow", "Sold."),
        "",
        "extra policy of Sold changed from 'ignore' to 'allow'",
        (W, E, E),
    ),
    (
        "extra-forbidden",
        ({"item": (str, ...)}, "allow", "Sold."),
        ({"item": (str, ...)}, "forbid", "Sold."),
        "",
        "extra policy of Sold changed from 'allow' to 'forbid'",
        (E, E, E),
    ),
    (
        "extra-changed",
        ({"item": (str, ...)}, None, "Sold."),
        ({"item": (str, ...)}, "forbid", "Sold."),
        "",
        "extra policy of Sold changed from 'ignore' to 'forbid'",
        (I, I, I),
    ),
    (
        "field-declared",
        ({"item": (str, ...)}, "allow", "Sold."),
        ({"item": (str, ...), "note": (str, "")}, "allow", "Sold."),
        "/properties/note",
        "field 'note' declared (the model took it as an extra key)",
        (I, W, W),
    ),
    (
        "description-changed",
        ({"item": (str, ...)}, None, "Sold."),
        ({"item": (str, ...)}, None, "Something was sold."),
        "",
        "description of Sold changed",
        (I, I, I),
    ),
]


@pytest.mark.parametrize(
    ("rule", "before", "after", "pointer", "message", "expected"),
    WHOLE,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(WHOLE)],
)
def test_rule_on_the_payload(
    rule: str,
    before: tuple[Any, ...],
    after: tuple[Any, ...],
    pointer: str,
    message: str,
    expected: tuple[Severity, ...],
) -> None:
    (old_fields, old_extra, old_doc), (new_fields, new_extra, new_doc) = before, after
    old = model(extra=old_extra, doc=old_doc, **old_fields)
    new = model(extra=new_extra, doc=new_doc, **new_fields)
    for role, severity in zip(ROLES, expected, strict=True):
        found = compare({LABEL: contract(old, role=role)}, {LABEL: contract(new, role=role)})
        assert found == [Finding(rule, severity, LABEL, pointer, message)], role
    assert severities(rule) == expected


SOLD = model(item=(str, ...))


@pytest.mark.parametrize("role", ROLES)
def test_signal_removed(role: Role) -> None:
    found = compare({LABEL: contract(SOLD, role=role)}, {})
    message = "signal 'shop.signals.sold' is locked but no longer declared"
    assert found == [Finding("signal-removed", E, LABEL, "", message)]
    assert severities("signal-removed") == (E, E, E)


@pytest.mark.parametrize("role", ROLES)
def test_signal_renamed_is_removed_with_a_hint_and_the_new_name_added(role: Role) -> None:
    renamed = "shop.signals.item_sold"
    found = compare(
        {LABEL: contract(SOLD, role=role)}, {renamed: contract(SOLD, role=role, label=renamed)}
    )
    assert found == [
        Finding(
            "signal-removed",
            E,
            LABEL,
            "",
            "signal 'shop.signals.sold' is locked but no longer declared "
            "(renamed to 'shop.signals.item_sold'?)",
        ),
        Finding(
            "signal-added", I, renamed, "", "signal 'shop.signals.item_sold' is not in the lock"
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_signal_added(role: Role) -> None:
    found = compare({}, {LABEL: contract(SOLD, role=role)})
    assert found == [
        Finding("signal-added", I, LABEL, "", "signal 'shop.signals.sold' is not in the lock")
    ]
    assert severities("signal-added") == (I, I, I)


@pytest.mark.parametrize(
    ("role", "severity"), [(Role.IN_PROCESS, W), (Role.QUEUED, E), (Role.DURABLE, E)]
)
def test_sender_changed(role: Role, severity: Severity) -> None:
    found = compare(
        {LABEL: contract(SOLD, role=role)},
        {LABEL: contract(SOLD, role=role, sender="shop.Till")},
    )
    message = "sender changed from 'shop.Store' to 'shop.Till'"
    assert found == [Finding("sender-changed", severity, LABEL, "", message)]


def test_role_changed_and_the_stricter_role_judges_the_other_changes() -> None:
    """A signal that gains (or loses) a Celery receiver: an added optional field breaks old
    workers, whichever side was in-process; the role change itself is judged by the locked
    role (queued messages or outbox rows may still wait for the old receivers)."""
    with_note = model(item=(str, ...), note=(str, ""))
    changes = [
        (Role.IN_PROCESS, Role.QUEUED, I),
        (Role.QUEUED, Role.IN_PROCESS, W),
        (Role.DURABLE, Role.QUEUED, W),
    ]
    for old_role, new_role, severity in changes:
        found = compare(
            {LABEL: contract(SOLD, role=old_role)}, {LABEL: contract(with_note, role=new_role)}
        )
        assert found == [
            Finding(
                "optional-field-added",
                E,
                LABEL,
                "/properties/note",
                "optional field 'note' added (default \"\")",
            ),
            Finding(
                "role-changed",
                severity,
                LABEL,
                "",
                f"receivers now run {new_role.value} (locked: {old_role.value}); what was "
                "sent before may still wait for the old receivers, and the stricter role "
                "judges the rest",
            ),
        ]


def test_a_nested_model_used_twice_is_reported_once_at_its_definition() -> None:
    old = model(shipping=(Address, ...), billing=(Address, ...))
    new = model(shipping=(AddressV2, ...), billing=(AddressV2, ...))
    found = compare({LABEL: contract(old)}, {LABEL: contract(new)})
    assert found == [
        Finding(
            "field-removed",
            E,
            LABEL,
            "/$defs/Address/properties/zip",
            "field 'shipping.zip' removed",
        )
    ]


class Node(BaseModel):
    label: str
    children: list[Node] = Field(default_factory=list)


class NodeV2(BaseModel):
    label: Annotated[str, Field(min_length=1)]
    children: list[NodeV2] = Field(default_factory=list)


def test_a_recursive_model_is_compared_once() -> None:
    found = compare(
        {LABEL: contract(model(tree=(Node, ...)))}, {LABEL: contract(model(tree=(NodeV2, ...)))}
    )
    assert found == [
        Finding(
            "constraint-tightened",
            E,
            LABEL,
            "/$defs/NodeV2/properties/label",
            "constraint on 'tree.label' tightened (was none, now length >= 1)",
        )
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ((float, ...), (int | float, ...)),
        ((int | float, ...), (float, ...)),
        ((int, Field(gt=0)), (int, Field(ge=1))),
        ((int, Field(lt=10)), (int, Field(le=9))),
        ((Literal["a"] | str, ...), (str, ...)),
        ((Pets, ...), (Annotated[Dog | Cat, Field(discriminator="kind")], ...)),
    ],
    ids=["float-int|float", "int|float-float", "gt0-ge1", "lt10-le9", "literal|str", "order"],
)
def test_the_same_payload_spelled_differently_reports_nothing(before: Any, after: Any) -> None:
    old, new = model(value=before), model(value=after)
    assert compare({LABEL: contract(old)}, {LABEL: contract(new)}) == []


def test_a_union_widened_to_any_widens_each_member() -> None:
    old, new = model(code=(int | str, ...)), model(code=(Any, ...))
    assert compare({LABEL: contract(old)}, {LABEL: contract(new)}) == [
        Finding("type-widened", W, LABEL, "/properties/code", message)
        for message in (
            "type of 'code' widened from integer to any value",
            "type of 'code' widened from string to any value",
        )
    ]


def test_every_rule_is_tested() -> None:
    tested = {case[0] for case in CASES} | {case[0] for case in WHOLE}
    tested |= {"signal-removed", "signal-added", "sender-changed", "role-changed"}
    assert tested == set(RULES)


class Documented(BaseModel):
    """A street address."""

    street: str


class Redocumented(BaseModel):
    """A postal address."""

    street: str


def test_a_nested_models_docstring_is_a_description_change() -> None:
    old, new = model(address=(Documented, ...)), model(address=(Redocumented, ...))
    assert compare({LABEL: contract(old)}, {LABEL: contract(new)}) == [
        Finding(
            "description-changed",
            I,
            LABEL,
            "/$defs/Redocumented",
            "description of Redocumented changed",
        )
    ]
