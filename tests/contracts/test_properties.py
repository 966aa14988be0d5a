"""Properties over generated payload models: what no rule may get wrong, whatever the model."""

from __future__ import annotations

from typing import Any, Literal

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from tests.contracts import LABEL, contract, model
from typedsignals.contracts import Role, Severity, compare

ROLES = (Role.IN_PROCESS, Role.QUEUED, Role.DURABLE)
LETTERS = ("a", "b", "c", "d")


@attrs.frozen
class Spec:
    """One field: its type, its constraints and whether it has a default."""

    base: str  # int, float, str, literal, any
    nullable: bool = False
    union_str: bool = False
    values: tuple[str, ...] = ("a",)
    lower: int | None = None
    upper: int | None = None
    max_length: int | None = None
    default: bool = False
    alias: str | None = None
    description: str | None = None

    def field(self) -> tuple[Any, Any]:
        annotation: Any = {
            "int": int,
            "float": float,
            "str": str,
            "any": Any,
            "literal": Literal[self.values],
        }[self.base]
        if self.union_str:
            annotation = annotation | str
        if self.nullable:
            annotation = annotation | None
        options: dict[str, Any] = {"alias": self.alias, "description": self.description}
        if self.base in ("int", "float") and not self.union_str:
            options.update(ge=self.lower, le=self.upper)
        if self.base == "str":
            options["max_length"] = self.max_length
        options = {key: value for key, value in options.items() if value is not None}
        if self.default:
            options["default"] = None if self.nullable else _default(self)
        return annotation, Field(**options)


def _default(spec: Spec) -> Any:
    if spec.base == "literal":
        return spec.values[0]
    if spec.base in ("int", "float"):
        return spec.lower if spec.lower is not None else 0
    return ""


bounds = st.none() | st.integers(-5, 5)
specs = st.builds(
    Spec,
    base=st.sampled_from(["int", "float", "str", "literal", "any"]),
    nullable=st.booleans(),
    union_str=st.booleans(),
    values=st.lists(st.sampled_from(LETTERS), min_size=1, max_size=3, unique=True).map(tuple),
    lower=bounds,
    upper=st.none() | st.integers(6, 12),
    max_length=st.none() | st.integers(1, 9),
    default=st.booleans(),
    alias=st.none() | st.sampled_from(["x_alias", "y_alias"]),
    description=st.none() | st.sampled_from(["One.", "Two."]),
)
payloads = st.dictionaries(st.sampled_from(["f1", "f2", "f3", "f4"]), specs, min_size=1, max_size=3)


def widenings(spec: Spec) -> list[Spec]:
    """Changes that let the field accept everything it accepted, and maybe more."""
    if spec.base == "any":
        return [attrs.evolve(spec, default=True)] if not spec.default else []
    wider = [attrs.evolve(spec, base="any", union_str=False, nullable=False)]
    if not spec.nullable:
        wider.append(attrs.evolve(spec, nullable=True))
    if not spec.union_str and spec.base not in ("any", "str"):
        wider.append(attrs.evolve(spec, union_str=True))
    if spec.base == "int":
        wider.append(attrs.evolve(spec, base="float"))
    if spec.base == "literal" and len(spec.values) < len(LETTERS):
        extra = next(letter for letter in LETTERS if letter not in spec.values)
        wider.append(attrs.evolve(spec, values=(*spec.values, extra)))
    bounded = spec.base in ("int", "float") and not spec.union_str
    if bounded and spec.lower is not None:
        wider.append(attrs.evolve(spec, lower=spec.lower - 1))
        wider.append(attrs.evolve(spec, lower=None))
    if bounded and spec.upper is not None:
        wider.append(attrs.evolve(spec, upper=None))
    if spec.base == "str" and spec.max_length is not None:
        wider.append(attrs.evolve(spec, max_length=spec.max_length + 1))
    if not spec.default:
        wider.append(attrs.evolve(spec, default=True))
    return wider


def payload_model(fields: dict[str, Spec], nested: bool = False) -> type[BaseModel]:
    """The fields on the payload, or on a model nested in it (reached through ``$ref``)."""
    if nested:
        inner = model("Inner", doc="Nested.", **{n: s.field() for n, s in fields.items()})
        return model(inner=(inner, ...), items=(list[inner], ...))  # type: ignore[valid-type]
    return model(**{name: spec.field() for name, spec in fields.items()})


@settings(max_examples=60, deadline=None)
@given(payloads, st.sampled_from(ROLES), st.booleans())
def test_a_model_compared_with_itself_reports_nothing(
    fields: dict[str, Spec], role: Role, nested: bool
) -> None:
    same = contract(payload_model(fields, nested), role=role)
    again = contract(payload_model(fields, nested), role=role)
    assert compare({LABEL: same}, {LABEL: again}) == []


@settings(max_examples=80, deadline=None)
@given(payloads, st.booleans(), st.data())
def test_widening_is_never_an_error_in_process_and_narrowing_always_is(
    fields: dict[str, Spec], nested: bool, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(fields)))
    options = widenings(fields[name])
    assume(options)
    wider_spec = data.draw(st.sampled_from(options))
    narrow = payload_model(fields, nested)
    wide = payload_model({**fields, name: wider_spec}, nested)
    widened = compare({LABEL: contract(narrow)}, {LABEL: contract(wide)})
    assert widened, "a widening is reported"
    assert all(finding.severity < Severity.ERROR for finding in widened), widened
    for role in ROLES:
        narrowed = compare({LABEL: contract(wide, role=role)}, {LABEL: contract(narrow, role=role)})
        assert any(finding.severity is Severity.ERROR for finding in narrowed), (role, narrowed)
