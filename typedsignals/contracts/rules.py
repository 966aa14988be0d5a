"""The rules: what changed between a locked contract and the code, and what it breaks per role.

Every change is a ``Finding``: a rule id, a severity, the signal's label, a JSON pointer and a
one-line message. The pointer addresses the payload's JSON Schema as the lock file holds it
(properties keyed by field name): the code's schema, or the lock's for what was removed. A
nested model is compared through its ``$ref`` once, at its ``$defs`` entry, whichever fields
use it.

A rule's severity depends on the signal's role (``Role``). An in-process signal deploys with
its receivers: what breaks its senders (a send that worked is refused) or its receivers (a
field they take is gone) is an error; what only widens what receivers get is a warning. A
queued or durable payload is also read across a rolling deploy, by old receivers (a value or
key they do not know is refused, and a refused message is not retried) and by new receivers
(old payloads, written with every field filled in): widening is an error there too.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Iterator
from typing import Any

import attrs

from typedsignals.contracts.lockfile import Role, SignalContract

__all__ = ["RULES", "Finding", "Rule", "Severity", "compare"]


class Severity(enum.IntEnum):
    """How bad a change is; ``--fail-on`` picks the lowest that fails the check."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


@attrs.frozen
class Rule:
    """A kind of change and its severity for each role."""

    id: str
    in_process: Severity
    queued: Severity
    durable: Severity
    summary: str
    """What the rule catches, for the docs' table."""

    def severity(self, role: Role) -> Severity:
        return {Role.IN_PROCESS: self.in_process, Role.QUEUED: self.queued}.get(role, self.durable)


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("signal-removed", E, E, E, "a locked signal is gone (or renamed)"),
        Rule("signal-added", I, I, I, "a signal the lock does not have"),
        Rule("sender-changed", W, E, E, "the declared sender changed"),
        Rule("role-changed", I, W, W, "receivers run elsewhere now (judged by the locked role)"),
        Rule("field-removed", E, E, E, "a field is gone"),
        Rule("required-field-added", E, E, E, "a new field without a default"),
        Rule("optional-field-added", I, E, E, "a new field with a default, model closed"),
        Rule("field-declared", I, W, W, "a key the model took as an extra is now a field"),
        Rule("optional-made-required", E, E, E, "a field lost its default"),
        Rule("required-made-optional", I, I, I, "a field gained a default"),
        Rule("default-changed", W, W, W, "a field's default changed"),
        Rule("alias-changed", E, E, E, "a field's alias changed or was removed"),
        Rule("alias-added", I, I, I, "a field gained an alias (its name still works)"),
        Rule("type-narrowed", E, E, E, "a type accepts less (number to integer, str to Literal)"),
        Rule("type-widened", W, E, E, "a type accepts more (integer to number, Literal to str)"),
        Rule("type-changed", E, E, E, "a type changed to an unrelated one"),
        Rule("null-removed", E, E, E, "a field no longer accepts null"),
        Rule("null-added", W, E, E, "a field now accepts null"),
        Rule("enum-value-removed", E, E, E, "an enum or Literal value is gone"),
        Rule("enum-value-added", W, E, E, "an enum or Literal value is new"),
        Rule("union-member-removed", E, E, E, "a union lost a member"),
        Rule("union-member-added", W, E, E, "a union gained a member"),
        Rule("constraint-tightened", E, E, E, "a bound, length, pattern or format is stricter"),
        Rule("constraint-loosened", W, E, E, "a bound, length, pattern or format is looser"),
        Rule("constraint-changed", E, E, E, "a pattern, format or multiple changed"),
        Rule("extra-allowed", W, E, E, "the model now takes unknown keys (extra='allow')"),
        Rule("extra-forbidden", E, E, E, "the model no longer takes unknown keys"),
        Rule("extra-changed", I, I, I, "extra changed between 'ignore' and 'forbid'"),
        Rule("description-changed", I, I, I, "a model's or field's description changed"),
    )
}


@attrs.frozen
class Finding:
    """One change, judged for the signal's role."""

    rule: str
    severity: Severity
    signal: str
    pointer: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "signal": self.signal,
            "pointer": self.pointer,
            "message": self.message,
        }


def compare(locked: dict[str, SignalContract], current: dict[str, SignalContract]) -> list[Finding]:
    """Every change from the ``locked`` contracts to the ``current`` ones: errors first, then
    by signal and pointer."""
    findings: list[Finding] = []
    for label, old in locked.items():
        new = current.get(label)
        if new is None:
            renamed = [
                other.label
                for other in current.values()
                if other.label not in locked and other.schema == old.schema
            ]
            hint = f" (renamed to {renamed[0]!r}?)" if renamed else ""
            message = f"signal {label!r} is locked but no longer declared{hint}"
            findings.append(_finding("signal-removed", old.role, label, "", message))
            continue
        # Payloads written under the locked contract may still be in flight, and new ones
        # follow the code's: the stricter role judges. A role change itself is judged by the
        # locked role: queued messages or outbox rows may wait for receivers that moved.
        role = max(old.role, new.role, key=lambda r: r.rank)
        findings.extend(
            _finding(rule, old.role if rule == "role-changed" else role, label, pointer, message)
            for rule, pointer, message in _signal_changes(old, new)
        )
    findings.extend(
        _finding("signal-added", new.role, label, "", f"signal {label!r} is not in the lock")
        for label, new in current.items()
        if label not in locked
    )
    return sorted(findings, key=lambda f: (-f.severity, f.signal, f.pointer))


def _finding(rule: str, role: Role, signal: str, pointer: str, message: str) -> Finding:
    return Finding(rule, RULES[rule].severity(role), signal, pointer, message)


Change = tuple[str, str, str]
"""``(rule id, pointer, message)`` before the role gives it a severity."""


def _signal_changes(old: SignalContract, new: SignalContract) -> Iterator[Change]:
    if old.sender != new.sender:
        yield "sender-changed", "", f"sender changed from {old.sender!r} to {new.sender!r}"
    if old.role != new.role:
        yield (
            "role-changed",
            "",
            f"receivers now run {new.role.value} (locked: {old.role.value}); what was sent "
            "before may still wait for the old receivers, and the stricter role judges the rest",
        )
    comparison = _SchemaComparison(old.schema, new.schema)
    comparison.model(old.schema, new.schema, "", "", (), (old.extra, new.extra))
    yield from comparison.changes


# -- schemas ----------------------------------------------------------------------------------

_BOUNDS = {
    # keyword: (text, +1 if a larger value is stricter, -1 if a smaller one is)
    "minLength": ("length >=", 1),
    "maxLength": ("length <=", -1),
    "minItems": ("items >=", 1),
    "maxItems": ("items <=", -1),
    "minProperties": ("properties >=", 1),
    "maxProperties": ("properties <=", -1),
}
_ALL_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})


class _SchemaComparison:
    """Walks two payload schemas side by side and collects the changes."""

    def __init__(self, old_root: dict[str, Any], new_root: dict[str, Any]) -> None:
        self.roots = (old_root, new_root)
        self.changes: list[Change] = []
        self.seen: set[tuple[str, str]] = set()

    def add(self, rule: str, pointer: str, message: str) -> None:
        self.changes.append((rule, pointer, message))

    # A position in both schemas: nullability, then union members, then one type each.

    def node(self, old: Any, new: Any, old_ptr: str, new_ptr: str, path: tuple[str, ...]) -> None:
        old_alts = list(self.alternatives(old, old_ptr, 0))
        new_alts = list(self.alternatives(new, new_ptr, 1))
        # ``Any`` takes null too: only a null member of its own is reported as added.
        old_null = any("null" in _types(node) for node, _ in old_alts)
        new_null = any("null" in _types(node) for node, _ in new_alts)
        if old_null and not new_null:
            self.add("null-removed", new_ptr, f"{_name(path)} no longer accepts null")
        elif any(_is_null(node) for node, _ in new_alts) and not old_null:
            self.add("null-added", new_ptr, f"{_name(path)} now accepts null")
        old_alts = [alt for alt in old_alts if not _is_null(alt[0])]
        new_alts = [alt for alt in new_alts if not _is_null(alt[0])]
        if len(old_alts) == 1 and len(new_alts) == 1:
            self.single(*old_alts[0], *new_alts[0], path)
            return
        self.union(old_alts, new_alts, path)

    def union(
        self,
        old_alts: list[tuple[dict[str, Any], str]],
        new_alts: list[tuple[dict[str, Any], str]],
        path: tuple[str, ...],
    ) -> None:
        """Pair the members: same kind first (in order), then a scalar member with one that
        covers its types (``int | str`` to ``Any`` widens both). A member another member of its
        own side covers adds nothing (``int | float`` is ``float`` in JSON); the rest were
        removed or added."""
        by_kind: dict[str, list[int]] = {}
        for n, (node, _) in enumerate(new_alts):
            by_kind.setdefault(_kind(node), []).append(n)
        pairs = []
        for o, (node, _) in enumerate(old_alts):
            candidates = by_kind.get(_kind(node))
            if candidates:
                pairs.append((o, candidates.pop(0)))
        old_paired = {o for o, _ in pairs}
        new_paired = {n for _, n in pairs}
        for mine, theirs, paired, flip in (
            (old_alts, new_alts, old_paired, False),
            (new_alts, old_alts, new_paired, True),
        ):
            for index, (node, _) in enumerate(mine):
                if index in paired or _kind(node).startswith("object:"):
                    continue
                if any(_subsumes(other, node) for i, (other, _) in enumerate(mine) if i != index):
                    paired.add(index)
                    continue
                cover = [
                    i
                    for i, (other, _) in enumerate(theirs)
                    if not _kind(other).startswith("object:")
                    and _covers(_types(other), _types(node))
                ]
                if cover:
                    pairs.append((cover[0], index) if flip else (index, cover[0]))
                    old_paired.add(cover[0] if flip else index)
                    new_paired.add(index if flip else cover[0])
        for o, n in pairs:
            self.single(*old_alts[o], *new_alts[n], path)
        for o, (node, ptr) in enumerate(old_alts):
            if o not in old_paired:
                message = f"{_name(path)} no longer accepts {_label(node)}"
                self.add("union-member-removed", ptr, message)
        for n, (node, ptr) in enumerate(new_alts):
            if n not in new_paired:
                message = f"{_name(path)} now also accepts {_label(node)}"
                self.add("union-member-added", ptr, message)

    def alternatives(self, node: Any, ptr: str, side: int) -> Iterator[tuple[dict[str, Any], str]]:
        node, ptr = self.resolve(node, ptr, side)
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                for index, member in enumerate(node[key]):
                    yield from self.alternatives(member, f"{ptr}/{key}/{index}", side)
                return
        types = node.get("type")
        if isinstance(types, list) and len(types) > 1:
            for each in types:
                yield {**node, "type": each}, ptr
            return
        yield node, ptr

    def resolve(self, node: Any, ptr: str, side: int) -> tuple[dict[str, Any], str]:
        """Follow local ``$ref``s; return the schema and its own pointer."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and hops < 64:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                break
            target: Any = self.roots[side]
            for token in ref[2:].split("/"):
                target = target.get(_unescape(token)) if isinstance(target, dict) else None
            if target is None:
                break
            node, ptr, hops = target, ref[1:], hops + 1
        return (node if isinstance(node, dict) else {}), ptr

    def single(
        self,
        old: dict[str, Any],
        old_ptr: str,
        new: dict[str, Any],
        new_ptr: str,
        path: tuple[str, ...],
    ) -> None:
        if old_ptr.startswith("/$defs/") and new_ptr.startswith("/$defs/"):
            if (old_ptr, new_ptr) in self.seen:
                return  # compared already, through another field, or a recursive model
            self.seen.add((old_ptr, new_ptr))
            if old.get("description") != new.get("description"):  # a model's docstring
                message = f"description of {new.get('title') or _name(path)} changed"
                self.add("description-changed", new_ptr, message)
        if not self.types(old, new, new_ptr, path):
            return
        self.constraints(old, new, new_ptr, path)
        if "properties" in old and "properties" in new:
            self.model(old, new, old_ptr, new_ptr, path, (_extra_of(old), _extra_of(new)))
            return
        old_values, new_values = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_values, dict) or isinstance(new_values, dict):  # dict[str, X]
            self.node(
                old_values if isinstance(old_values, dict) else {},
                new_values if isinstance(new_values, dict) else {},
                f"{old_ptr}/additionalProperties",
                f"{new_ptr}/additionalProperties",
                (*path, "{}"),
            )
        self.items(old, new, old_ptr, new_ptr, path)

    def types(
        self, old: dict[str, Any], new: dict[str, Any], ptr: str, path: tuple[str, ...]
    ) -> bool:
        """Compare the types and enumerations; ``True`` when both sides have one shape."""
        old_values, new_values = _values(old), _values(new)
        old_types, new_types = _types(old), _types(new)
        if old_types != new_types or (old_values is None) != (new_values is None):
            wider = _covers(new_types, old_types) and new_values is None
            narrower = _covers(old_types, new_types) and old_values is None
            if old_types == new_types and old_values is not None:
                wider, narrower = True, False
            elif old_types == new_types and new_values is not None:
                wider, narrower = False, True
            rule = "type-widened" if wider else "type-narrowed" if narrower else "type-changed"
            verb = rule.removeprefix("type-")
            message = f"type of {_name(path)} {verb} from {_label(old)} to {_label(new)}"
            self.add(rule, ptr, message)
            return False
        if old_values is not None and new_values is not None:
            removed = [value for value in old_values if value not in new_values]
            added = [value for value in new_values if value not in old_values]
            if removed:
                message = f"{_name(path)} no longer accepts {_listing(removed)}"
                self.add("enum-value-removed", ptr, message)
            if added:
                self.add("enum-value-added", ptr, f"{_name(path)} now accepts {_listing(added)}")
            return False
        return True

    def constraints(
        self, old: dict[str, Any], new: dict[str, Any], ptr: str, path: tuple[str, ...]
    ) -> None:
        for old_text, new_text, verdict in _constraint_changes(old, new):
            rule = f"constraint-{verdict}"
            message = f"constraint on {_name(path)} {verdict} (was {old_text}, now {new_text})"
            self.add(rule, ptr, message)

    def items(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        old_ptr: str,
        new_ptr: str,
        path: tuple[str, ...],
    ) -> None:
        old_prefix, new_prefix = old.get("prefixItems"), new.get("prefixItems")
        if isinstance(old_prefix, list) and isinstance(new_prefix, list):
            for index, (old_item, new_item) in enumerate(zip(old_prefix, new_prefix, strict=False)):
                self.node(
                    old_item,
                    new_item,
                    f"{old_ptr}/prefixItems/{index}",
                    f"{new_ptr}/prefixItems/{index}",
                    (*path, f"[{index}]"),
                )
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            self.node(
                old["items"], new["items"], f"{old_ptr}/items", f"{new_ptr}/items", (*path, "[]")
            )

    # A model: its extra policy, then field by field.

    def model(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        old_ptr: str,
        new_ptr: str,
        path: tuple[str, ...],
        extras: tuple[str, str],
    ) -> None:
        root = not path
        old_extra, new_extra = extras
        where = new.get("title") or _name(path)
        if root and old.get("description") != new.get("description"):
            self.add("description-changed", new_ptr, f"description of {where} changed")
        if old_extra != new_extra:
            if new_extra == "allow":
                rule = "extra-allowed"
            elif _closed(new_extra, root) and not _closed(old_extra, root):
                rule = "extra-forbidden"
            else:
                rule = "extra-changed"
            message = f"extra policy of {where} changed from {old_extra!r} to {new_extra!r}"
            self.add(rule, new_ptr, message)
        old_props: dict[str, Any] = old.get("properties") or {}
        new_props: dict[str, Any] = new.get("properties") or {}
        old_required = set(old.get("required") or ())
        new_required = set(new.get("required") or ())
        for name in old_props:
            if name not in new_props:
                field = _name((*path, name))
                self.add(
                    "field-removed",
                    f"{old_ptr}/properties/{_escape(name)}",
                    f"field {field} removed",
                )
        for name, prop in new_props.items():
            ptr = f"{new_ptr}/properties/{_escape(name)}"
            field = _name((*path, name))
            if name in old_props:
                self.field(
                    old_props[name],
                    prop,
                    old_ptr,
                    ptr,
                    (*path, name),
                    (name in old_required, name in new_required),
                )
            elif name in new_required:
                self.add("required-field-added", ptr, f"required field {field} added")
            elif _closed(old_extra, root):
                default = f" (default {_json(prop['default'])})" if "default" in prop else ""
                self.add("optional-field-added", ptr, f"optional field {field} added{default}")
            else:
                took = "took it as an extra key" if old_extra == "allow" else "ignored it"
                self.add("field-declared", ptr, f"field {field} declared (the model {took})")

    def field(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        old_model_ptr: str,
        ptr: str,
        path: tuple[str, ...],
        required: tuple[bool, bool],
    ) -> None:
        field = _name(path)
        was_required, is_required = required
        if was_required and not is_required:
            default = f" (default {_json(new['default'])})" if "default" in new else ""
            self.add("required-made-optional", ptr, f"field {field} is now optional{default}")
        elif is_required and not was_required:
            default = f" (it had default {_json(old['default'])})" if "default" in old else ""
            self.add("optional-made-required", ptr, f"field {field} is now required{default}")
        elif "default" in old and "default" in new and old["default"] != new["default"]:
            message = (
                f"default of {field} changed from {_json(old['default'])} "
                f"to {_json(new['default'])}"
            )
            self.add("default-changed", ptr, message)
        old_alias, new_alias = old.get("x-alias"), new.get("x-alias")
        if old_alias != new_alias:
            if old_alias is None:
                self.add("alias-added", ptr, f"field {field} gained alias {new_alias!r}")
            elif new_alias is None:
                self.add("alias-changed", ptr, f"alias {old_alias!r} of field {field} removed")
            else:
                message = f"alias of field {field} changed from {old_alias!r} to {new_alias!r}"
                self.add("alias-changed", ptr, message)
        if old.get("description") != new.get("description"):
            self.add("description-changed", ptr, f"description of field {field} changed")
        old_model_field_ptr = f"{old_model_ptr}/properties/{_escape(path[-1])}"
        self.node(old, new, old_model_field_ptr, ptr, path)


# -- helpers ----------------------------------------------------------------------------------


def _extra_of(model_schema: dict[str, Any]) -> str:
    """A nested model's ``extra`` policy, as pydantic writes it into the schema."""
    additional = model_schema.get("additionalProperties")
    return "forbid" if additional is False else "allow" if additional is True else "ignore"


def _closed(extra: str, root: bool) -> bool:
    """Does the model refuse unknown keys? The payload itself (``root``) refuses them unless
    ``extra='allow'`` (typedsignals checks ``send`` and the worker); a nested model ignores
    them unless ``extra='forbid'``."""
    return extra == "forbid" or (root and extra == "ignore")


def _is_null(node: dict[str, Any]) -> bool:
    return node.get("type") == "null" or ("const" in node and node["const"] is None)


def _values(node: dict[str, Any]) -> list[Any] | None:
    if "const" in node:
        return [node["const"]]
    enum_values = node.get("enum")
    return list(enum_values) if isinstance(enum_values, list) else None


def _types(node: dict[str, Any]) -> frozenset[str]:
    kind = node.get("type")
    if isinstance(kind, str):
        return frozenset({kind})
    if isinstance(kind, list):
        return frozenset(kind)
    values = _values(node)
    if values is not None:
        return frozenset(_json_type(value) for value in values)
    return _ALL_TYPES


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Does every type in ``narrow`` fall inside ``wide`` (a number covers an integer)?"""
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


_NARROWING = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minItems",
        "maxItems",
        "uniqueItems",
        "items",
        "prefixItems",
        "properties",
        "additionalProperties",
        "minProperties",
        "maxProperties",
    }
)


def _subsumes(wide: dict[str, Any], narrow: dict[str, Any]) -> bool:
    """Does the union member ``wide`` accept every value ``narrow`` does (``number`` and
    ``integer``, ``str`` and ``Literal["a"]``)? Only judged for unconstrained scalars."""
    if _NARROWING & wide.keys() or _kind(wide).startswith("object:"):
        return False
    wide_values, narrow_values = _values(wide), _values(narrow)
    if wide_values is not None:
        return narrow_values is not None and all(v in wide_values for v in narrow_values)
    return _covers(_types(wide), _types(narrow))


def _kind(node: dict[str, Any]) -> str:
    """What a union member is, to pair members across versions: a model by its title."""
    types = sorted(_types(node))
    if "properties" in node:
        return f"object:{node.get('title', '')}"
    return ("values:" if _values(node) is not None else "") + "|".join(types)


def _label(node: dict[str, Any]) -> str:
    values = _values(node)
    if values is not None:
        return _listing(values) if len(values) == 1 else f"one of {_listing(values)}"
    if "properties" in node and node.get("title"):
        return str(node["title"])
    types = _types(node)
    if types == _ALL_TYPES:
        return "any value"
    return " or ".join(sorted(types))


def _listing(values: list[Any]) -> str:
    return ", ".join(_json(value) for value in values)


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True)


def _name(path: tuple[str, ...]) -> str:
    text = ""
    for part in path:
        text += part if part.startswith(("[", "{")) or not text else f".{part}"
    return repr(text or "the payload")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _constraint_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """``(was, now, 'tightened'|'loosened'|'changed')`` for each constraint that moved."""
    for side, (inclusive, exclusive, sign) in {
        "lower": ("minimum", "exclusiveMinimum", 1),
        "upper": ("maximum", "exclusiveMaximum", -1),
    }.items():
        old_bound, new_bound = _bound(old, inclusive, exclusive), _bound(new, inclusive, exclusive)
        old_same, new_same = old_bound, new_bound
        if _types(old) == _types(new) == {"integer"}:  # gt=0 is ge=1 for an integer
            old_same, new_same = _inclusive(old_bound, sign), _inclusive(new_bound, sign)
        if old_same != new_same:
            symbol = ">" if side == "lower" else "<"
            yield (
                _bound_text(old_bound, symbol),
                _bound_text(new_bound, symbol),
                "tightened" if _stricter(old_same, new_same, sign) else "loosened",
            )
    for keyword, (text, sign) in _BOUNDS.items():
        old_value, new_value = old.get(keyword), new.get(keyword)
        if old_value != new_value:
            if old_value is None or new_value is None:
                stricter = old_value is None
            else:
                stricter = (new_value - old_value) * sign > 0
            yield (
                "none" if old_value is None else f"{text} {old_value}",
                "none" if new_value is None else f"{text} {new_value}",
                "tightened" if stricter else "loosened",
            )
    for keyword in ("pattern", "format", "multipleOf"):
        old_value, new_value = old.get(keyword), new.get(keyword)
        if old_value == new_value:
            continue
        verdict = (
            "tightened" if old_value is None else "loosened" if new_value is None else "changed"
        )
        if verdict == "changed" and keyword == "multipleOf":
            if _divides(old_value, new_value):
                verdict = "tightened"
            elif _divides(new_value, old_value):
                verdict = "loosened"
        yield _keyword_text(keyword, old_value), _keyword_text(keyword, new_value), verdict
    if bool(old.get("uniqueItems")) != bool(new.get("uniqueItems")):
        verdict = "tightened" if new.get("uniqueItems") else "loosened"
        old_text = "unique items" if old.get("uniqueItems") else "none"
        new_text = "unique items" if new.get("uniqueItems") else "none"
        yield old_text, new_text, verdict


def _bound(node: dict[str, Any], inclusive: str, exclusive: str) -> tuple[float, bool] | None:
    """The tightest bound of one side: ``(value, exclusive)``."""
    bounds = []
    if isinstance(node.get(inclusive), int | float):
        bounds.append((float(node[inclusive]), False))
    if isinstance(node.get(exclusive), int | float):
        bounds.append((float(node[exclusive]), True))
    if not bounds:
        return None
    lower = inclusive == "minimum"
    return max(bounds) if lower else min(bounds, key=lambda b: (b[0], not b[1]))


def _inclusive(bound: tuple[float, bool] | None, sign: int) -> tuple[float, bool] | None:
    """An integer's exclusive whole bound as the inclusive one next to it."""
    if bound is None or not bound[1] or not bound[0].is_integer():
        return bound
    return bound[0] + sign, False


def _stricter(old: tuple[float, bool] | None, new: tuple[float, bool] | None, sign: int) -> bool:
    if new is None:
        return False
    if old is None:
        return True
    if old[0] != new[0]:
        return (new[0] - old[0]) * sign > 0
    return new[1] and not old[1]


def _bound_text(bound: tuple[float, bool] | None, symbol: str) -> str:
    if bound is None:
        return "none"
    value, exclusive = bound
    number = int(value) if value.is_integer() else value
    return f"{symbol if exclusive else symbol + '='} {number}"


def _divides(small: Any, big: Any) -> bool:
    """Is ``big`` a whole multiple of ``small`` (every multiple of ``big`` one of ``small``)?"""
    try:
        ratio = float(big) / float(small)
    except (TypeError, ZeroDivisionError):
        return False
    return math.isclose(ratio, round(ratio))


def _keyword_text(keyword: str, value: object) -> str:
    if value is None:
        return "none"
    if keyword == "multipleOf":
        return f"multiple of {value}"
    return f"{keyword} {value!r}"
