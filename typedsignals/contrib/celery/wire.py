"""How a payload travels to a Celery worker and becomes, there, what a local receiver gets.

The sender dumps the validated values in pydantic's Python mode (``round_trip=True``, fields
by name: aliases are for the model's users, computed fields are computed again on the worker)
and writes that as JSON, with NaN and infinities as the JSON constants ``NaN``/``Infinity``
and secrets in clear when the task receiver asks for it. The worker validates it with the
model's own ``model_validate_json`` (so strict models, validators and constraints apply),
refusing unknown keys at the top level, as ``send`` does.

``WireFormat.of(signal)`` refuses, when the task receiver is declared, what could not arrive
intact (``TypeError`` naming the field, why, and the fix): secrets without
``reveal_secrets=True``, ``Field(exclude=True)``, custom serializers that apply outside JSON
output, bytes whose model reads JSON bytes as UTF-8 text, unions whose members travel as the
same JSON type. At each send, ``dump`` also checks that the worker will get back exactly what
a local receiver gets, so that no value ever arrives changed without the sender knowing.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import attrs
from pydantic import BaseModel, Secret, SecretBytes, SecretStr, ValidationError
from pydantic_core import ErrorDetails, PydanticSerializationError, from_json, to_json

from typedsignals import PayloadError
from typedsignals.contrib.celery.errors import MessageError
from typedsignals.payload import RESERVED_NAMES
from typedsignals.redaction import one_line

if TYPE_CHECKING:
    from typedsignals import Signal

__all__ = ["WireFormat"]

_JSON_KIND = {
    "none": "null", "bool": "boolean", "int": "integer", "float": "number", "str": "string",
    "bytes": "string", "decimal": "string", "date": "string", "datetime": "string",
    "time": "string", "timedelta": "string", "uuid": "string", "url": "string",
    "multi-host-url": "string", "complex": "string", "list": "array", "tuple": "array",
    "set": "array", "frozenset": "array", "generator": "array", "dict": "object",
    "model": "object", "dataclass": "object", "typed-dict": "object",
}  # fmt: skip
"""The JSON type each schema type travels as, to tell union members apart on the worker."""
_ANY_KIND = "any"
"""The JSON kind of a value whose form the schema does not fix: it overlaps every kind."""

_NOT_SCHEMA_KEYS = frozenset({"metadata", "cls", "function", "default", "expected", "members"})
"""Keys of a core schema node whose values are no schema: never walked."""
_JSON_ONLY = frozenset({"json", "json-unless-none"})
"""``when_used`` values of a serializer that leaves the wire alone (it dumps in Python mode)."""
_LIBRARY_MODULES = ("pydantic", "pydantic_core", "operator", "builtins")
"""Where the serializers pydantic gives its own types come from (not custom serializers)."""
_SECRETS = (SecretStr, SecretBytes, Secret)
_CONFIGURED = frozenset({"model", "dataclass", "typed-dict"})
"""Schema types that carry a config of their own (``val_json_bytes``…)."""


@attrs.frozen
class WireFormat:
    """How one payload model travels: checked once, used at every send and on the worker."""

    model: type[BaseModel]
    reveal_secrets: bool

    @classmethod
    def of(cls, signal: Signal[Any], *, reveal_secrets: bool) -> WireFormat:
        """The wire format of ``signal``'s payload; ``TypeError`` naming each field that
        could not arrive intact, why, and what to do."""
        model = cast("type[BaseModel]", signal.payload_model)
        if not model.__pydantic_complete__ and not model.model_rebuild(raise_errors=False):
            raise TypeError(
                f"signal {signal.label!r} ({model.__name__}) cannot run receivers on Celery yet: "
                "its payload model is not fully defined (an unresolved forward reference); "
                f"define what it refers to, then call {model.__name__}.model_rebuild()"
            )
        schema = cast("dict[str, Any]", model.__pydantic_core_schema__)
        walk = _Walk(_definitions(schema), reveal_secrets)
        problems = list(dict.fromkeys(walk.problems(schema, (), {})))
        if problems:
            raise TypeError(
                f"signal {signal.label!r} ({model.__name__}) cannot run receivers on Celery: "
                + "; ".join(problems)
            )
        return cls(model, reveal_secrets)

    def dump(self, signal: Signal[Any], values: dict[str, Any], where: str) -> str:
        """The JSON the worker gets for ``values`` (what local receivers get); ``TypeError``
        if it cannot travel, or if the worker would get anything else back."""
        try:
            python = self.model.model_construct(**values).model_dump(
                mode="python", round_trip=True, by_alias=False, warnings=False
            )
            data = to_json(
                _revealed(python) if self.reveal_secrets else python,
                inf_nan_mode="constants",
                bytes_mode="base64",
            )
        except PydanticSerializationError as exc:
            raise TypeError(
                f"{where}: the payload cannot travel to a Celery worker as JSON: {exc}; send "
                "JSON-friendly values (a primary key rather than a model instance, a path "
                "rather than a file)"
            ) from exc
        try:
            arrived = self.load(signal, data)
        except (PayloadError, MessageError) as exc:
            errors = exc.errors() if isinstance(exc, PayloadError) else [_raised(exc)]
            fields = sorted({".".join(map(str, e["loc"])) or "(payload)" for e in errors})
            raise TypeError(
                f"{where}: the payload would fail validation on the worker "
                f"({', '.join(fields)}): a validator of the model does not accept what it "
                "produces; make validating a payload's JSON give the payload back"
            ) from None
        difference = _difference(values, arrived, "")
        if difference is not None:
            raise TypeError(
                f"{where}: the payload would reach the worker changed ({difference}); declare "
                "the field's type (untyped fields and extra keys carry JSON values only: str, "
                "int, float, bool, None, list, dict with str keys), or make its validators "
                "give back what they are given"
            )
        return data.decode()

    def load(self, signal: Signal[Any], payload: str | bytes) -> dict[str, Any]:
        """Validate ``payload`` as the worker does: the values its receiver gets, by field
        name. ``PayloadError`` for invalid fields and unknown keys; ``MessageError`` for a
        payload that is not a JSON object, or that has a key named ``signal`` or ``sender``."""
        spec = signal.payload_spec
        assert spec is not None  # task_receiver takes typed signals only
        unknown = [] if spec.allows_extra else _unknown_keys(self.model, payload)
        _refuse_malformed(signal, unknown)
        try:
            instance = self.model.model_validate_json(payload, by_alias=False, by_name=True)
        except ValidationError as exc:
            errors = exc.errors()
            _refuse_malformed(signal, errors)
            raise PayloadError(signal, [*errors, *unknown]) from exc
        except Exception as exc:  # a validator raised something pydantic does not convert
            raise PayloadError(signal, [_raised(exc), *unknown]) from exc
        if unknown:
            raise PayloadError(signal, unknown)
        if not isinstance(instance, self.model):  # a model validator's doing
            raise PayloadError(signal, [_raised(TypeError(type(instance).__name__))])
        try:
            return spec.values_of(signal, instance)
        except PayloadError as exc:  # an extra key named signal or sender
            _refuse_malformed(signal, exc.errors())
            raise


def _revealed(value: Any) -> Any:
    """``value`` (a Python-mode dump) with each secret replaced by what it holds."""
    if isinstance(value, _SECRETS):
        return _revealed(value.get_secret_value())
    if isinstance(value, dict):
        return {key: _revealed(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_revealed(item) for item in value]
    return value


def _unknown_keys(model: type[BaseModel], payload: str | bytes) -> list[ErrorDetails]:
    """One pydantic-shaped ``extra_forbidden`` error per top-level key ``model`` lacks."""
    try:
        data = from_json(payload, allow_inf_nan=True)
    except ValueError:  # not JSON: model_validate_json reports it
        return []
    return [
        {
            "type": "extra_forbidden",
            "loc": (key,),
            "msg": "Extra inputs are not permitted",
            "input": value,
        }
        for key, value in (data.items() if isinstance(data, dict) else ())
        if key not in model.model_fields
    ]


def _raised(exc: Exception) -> ErrorDetails:
    return cast(
        "ErrorDetails",
        {
            "type": "validation_raised",
            "loc": (),
            "msg": f"validating the payload raised {type(exc).__name__}",
        },
    )


def _refuse_malformed(signal: Signal[Any], errors: list[ErrorDetails]) -> None:
    """``MessageError`` when ``errors`` say the payload is no JSON object, or has a reserved
    key: no sender's payload looks like that."""
    for error in errors:
        loc = error["loc"]
        if not loc:
            raise MessageError(
                f"signal {signal.label!r}: the payload is not a JSON object "
                f"({one_line(error['msg'], 150)})"
            )
        if len(loc) == 1 and loc[0] in RESERVED_NAMES:
            raise MessageError(
                f"signal {signal.label!r}: the payload has a key named {loc[0]!r}, which no "
                f"payload may have (every receiver gets the {loc[0]} as {loc[0]!r})"
            )


def _is_secret(node: dict[str, Any]) -> bool:
    """Whether ``node`` validates a ``SecretStr``, ``SecretBytes`` or ``Secret[...]``: by
    pydantic's serializer for them (which masks), or, where a custom serializer replaced it,
    by what its JSON branch builds."""
    serialization = node.get("serialization")
    function = serialization.get("function") if isinstance(serialization, dict) else None
    if getattr(function, "__module__", None) == "pydantic.types" and "secret" in getattr(
        function, "__name__", ""
    ):
        return True
    json_schema = node.get("json_schema") if node.get("type") == "json-or-python" else None
    built = (
        json_schema.get("function", {}).get("function") if isinstance(json_schema, dict) else None
    )
    if isinstance(built, type):
        return issubclass(built, _SECRETS)
    return str(getattr(built, "__qualname__", "")).startswith("Secret.")


def _is_custom(serialization: object) -> bool:
    """Whether ``serialization`` is the model author's own and applies in Python mode."""
    if not isinstance(serialization, dict) or "function" not in serialization:
        return False
    module = str(getattr(serialization["function"], "__module__", None) or "")
    library = module.partition(".")[0] in _LIBRARY_MODULES
    return not library and serialization.get("when_used", "always") not in _JSON_ONLY


# -- what cannot travel: found at declaration ----------------------------------------------


def _definitions(schema: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def collect(node: Any) -> None:
        if isinstance(node, list | tuple):
            for item in node:
                collect(item)
        elif isinstance(node, dict):
            if node.get("type") == "definitions":
                for definition in node["definitions"]:
                    found[definition["ref"]] = definition
            for key, value in node.items():
                if key not in _NOT_SCHEMA_KEYS:
                    collect(value)

    collect(schema)
    return found


@attrs.frozen
class _Walk:
    """A walk through a payload model's core schema, field by field, for what cannot travel."""

    definitions: dict[str, Any]
    reveal_secrets: bool

    def problems(
        self,
        node: Any,
        path: tuple[str, ...],
        config: dict[str, Any],
        walking: frozenset[str] = frozenset(),
    ) -> Iterator[str]:
        """Why (parts of) ``node``, at field ``path``, cannot travel; each names the field.
        ``config``: the config of the model (or dataclass) the node belongs to; ``walking``:
        the definitions being walked (a recursive model is walked once)."""
        if isinstance(node, list | tuple):
            for item in node:
                yield from self.problems(item, path, config, walking)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        config = node.get("config", config) if kind in _CONFIGURED else config
        yield from self._own_problems(node, _field(path), config)
        if kind == "definition-ref":
            reference = node["schema_ref"]
            if reference not in walking and reference in self.definitions:
                definition = self.definitions[reference]
                yield from self.problems(definition, path, config, walking | {reference})
            return
        if kind == "definitions":
            yield from self.problems(node["schema"], path, config, walking)
            return
        for key, value in node.items():
            if key in _NOT_SCHEMA_KEYS or key == "computed_fields":
                continue  # computed fields do not travel: the worker's model computes them
            if kind == "json-or-python" and key == "python_schema":
                continue  # the worker validates JSON
            if kind in ("model-fields", "typed-dict") and key == "fields":
                for name, field_schema in value.items():
                    yield from self.problems(field_schema, (*path, name), config, walking)
            elif kind == "dataclass-args" and key == "fields":
                for item in value:
                    yield from self.problems(item, (*path, item["name"]), config, walking)
            else:
                yield from self.problems(value, path, config, walking)

    def _own_problems(
        self, node: dict[str, Any], field: str, config: dict[str, Any]
    ) -> Iterator[str]:
        kind = node.get("type")
        serialization = node.get("serialization")
        if _is_secret(node) and not self.reveal_secrets:
            yield (
                f"{field} is a secret, which JSON carries masked ('**********'): pass "
                "reveal_secrets=True to task_receiver to send it in clear (whoever can read "
                "the broker can read it), or send an identifier and fetch the secret on the "
                "worker"
            )
        if _is_custom(serialization):
            yield (
                f"{field} has a custom serializer, whose output the worker would validate "
                "instead of the value: make it apply to JSON output only "
                "(when_used='json'), or keep it off the payload model"
            )
        if node.get("serialization_exclude") or node.get("serialization_exclude_if"):
            yield (
                f"{field} is excluded from dumps (Field(exclude=...)), so it would not reach "
                "the worker: drop exclude= from the field, and exclude it where you dump"
            )
        if kind == "bytes" and config.get("val_json_bytes") != "base64":
            yield (
                f"{field} holds bytes, which the model reads from JSON as UTF-8 text, so bytes "
                "that are not UTF-8 could not travel: set model_config = "
                "ConfigDict(ser_json_bytes='base64', val_json_bytes='base64') on the model "
                "that declares it"
            )
        if kind == "union":
            yield from self._ambiguous_union(node, field)
        keys = node.get("keys_schema") if kind == "dict" else None
        if isinstance(keys, dict) and keys.get("type") in ("union", "nullable"):
            yield (
                f"{field} has keys of a union type, and JSON writes every key as a string, so "
                "the worker could not tell which type a key had (None could not travel at "
                "all): use one key type"
            )

    def _ambiguous_union(self, node: dict[str, Any], field: str) -> Iterator[str]:
        """A union whose members travel as the same JSON type: the worker could not tell
        which one was sent (``datetime | str`` would arrive as ``str``)."""
        members = [choice[0] if isinstance(choice, tuple) else choice for choice in node["choices"]]
        kinds = [_json_kinds(member, self.definitions, set()) for member in members]
        for i, first in enumerate(kinds):
            for j in range(i + 1, len(kinds)):
                shared = first & kinds[j]
                if shared or _ANY_KIND in first | kinds[j]:
                    what = sorted(shared - {_ANY_KIND}) or ["value of any type"]
                    yield (
                        f"{field} is a union whose members {_describe(members[i])} and "
                        f"{_describe(members[j])} both travel as a JSON {what[0]}, so the "
                        "worker could not tell which one was sent: use one type, or a "
                        "discriminated union (Field(discriminator=...))"
                    )
                    return


def _field(path: tuple[str, ...]) -> str:
    return f"field {'.'.join(path)!r}" if path else "the payload"


def _json_kinds(node: Any, definitions: dict[str, Any], seen: set[str]) -> frozenset[str]:
    """The JSON types a value of schema ``node`` may travel as."""
    if not isinstance(node, dict):
        return frozenset({_ANY_KIND})
    kind = node.get("type")
    if kind == "definition-ref":
        reference = node["schema_ref"]
        if reference in seen or reference not in definitions:
            return frozenset({_ANY_KIND})
        return _json_kinds(definitions[reference], definitions, {*seen, reference})
    if kind == "model" and node.get("root_model"):
        return _json_kinds(node["schema"]["fields"]["root"]["schema"], definitions, seen)
    if kind in _JSON_KIND:
        return frozenset({_JSON_KIND[kind]})
    if kind == "literal":
        return frozenset(_value_kind(value) for value in node["expected"])
    if kind == "enum":
        return frozenset(_value_kind(member.value) for member in node["members"])
    if kind == "nullable":
        return frozenset({"null"}) | _json_kinds(node["schema"], definitions, seen)
    if kind in ("union", "tagged-union"):
        choices = node["choices"]
        found: frozenset[str] = frozenset()
        for member in choices.values() if isinstance(choices, dict) else choices:
            member = member[0] if isinstance(member, tuple) else member
            found |= _json_kinds(member, definitions, seen)
        return found
    if kind in ("default", "function-after", "function-before", "function-wrap", "definitions"):
        return _json_kinds(node["schema"], definitions, seen)
    if kind == "lax-or-strict":
        return _json_kinds(node["strict_schema"], definitions, seen)
    if kind == "json-or-python":
        return _json_kinds(node["json_schema"], definitions, seen)
    return frozenset({_ANY_KIND})


def _value_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else _ANY_KIND


def _describe(node: dict[str, Any]) -> str:
    cls = node.get("cls")
    if isinstance(cls, type):
        return cls.__name__
    if node.get("type") == "definition-ref":
        return str(node["schema_ref"]).split(":")[0].rpartition(".")[2]
    if node.get("type") in ("nullable", "default", "function-after", "function-before"):
        return _describe(node["schema"])
    return str(node.get("type"))


# -- what arrived: compared with what was sent at each send --------------------------------


def _difference(sent: Any, got: Any, where: str) -> str | None:
    """Where ``got`` (what the worker would get) is not exactly ``sent``, or ``None``.

    Exactly: the same types all the way down, NaN equal to NaN, the sign of zero, the
    exponent of a ``Decimal`` and a datetime's UTC offset kept. Values are never shown (one
    may be a secret): only where, and the types.
    """
    at = where or "the payload"
    if type(sent) is not type(got):
        return f"{at}: a {type(sent).__name__} would arrive as a {type(got).__name__}"
    if isinstance(sent, dict):
        if len(sent) != len(got):
            return f"{at}: {len(sent)} keys would arrive as {len(got)}"
        for (key, value), (got_key, got_value) in zip(sent.items(), got.items(), strict=True):
            found = _difference(key, got_key, f"{at} key") or _difference(
                value, got_value, f"{where}.{key}" if where else str(key)
            )
            if found:
                return found
        return None
    if isinstance(sent, list | tuple):
        if len(sent) != len(got):
            return f"{at}: {len(sent)} items would arrive as {len(got)}"
        for index, (item, got_item) in enumerate(zip(sent, got, strict=True)):
            found = _difference(item, got_item, f"{where}[{index}]")
            if found:
                return found
        return None
    if isinstance(sent, set | frozenset):
        return None if _same_items(sent, got) else f"{at}: the set would arrive changed"
    if isinstance(sent, BaseModel):
        return _difference(_model_state(sent), _model_state(got), where)
    if dataclasses.is_dataclass(sent):
        fields = [field.name for field in dataclasses.fields(sent)]
        return _difference(
            {name: getattr(sent, name) for name in fields},
            {name: getattr(got, name) for name in fields},
            where,
        )
    if isinstance(sent, _SECRETS):
        return _difference(sent.get_secret_value(), got.get_secret_value(), where)
    return None if _same_value(sent, got) else f"{at}: the {type(sent).__name__} would change"


def _model_state(model: BaseModel) -> dict[str, Any]:
    return {
        **model.__dict__,
        "(extra)": model.__pydantic_extra__,
        "(private)": model.__pydantic_private__,
    }


def _same_items(sent: set[Any] | frozenset[Any], got: set[Any] | frozenset[Any]) -> bool:
    if len(sent) != len(got):
        return False
    left = list(got)
    for item in sent:
        match = next(
            (i for i, other in enumerate(left) if _difference(item, other, "") is None), None
        )
        if match is None:
            return False
        del left[match]
    return True


def _same_value(sent: Any, got: Any) -> bool:
    if isinstance(sent, float):
        if math.isnan(sent):
            return math.isnan(got)
        return bool(sent == got and math.copysign(1, sent) == math.copysign(1, got))
    if isinstance(sent, decimal.Decimal):
        return sent.compare_total(got) == 0
    if isinstance(sent, datetime.datetime | datetime.time) and sent.utcoffset() != got.utcoffset():
        return False
    try:
        return bool(sent == got)
    except Exception:  # a value whose __eq__ raises cannot be shown to be the same
        return False
