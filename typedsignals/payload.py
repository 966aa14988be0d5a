"""How a signal's pydantic model becomes the keyword arguments its receivers get.

``PayloadSpec`` is computed once per typed signal: the model, the keyword names ``send``
accepts (field names and aliases), and whether unknown keys are passed on (``extra="allow"``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from pydantic import AliasChoices, AliasPath, BaseModel, ValidationError
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreSchema, ErrorDetails, core_schema

from typedsignals.errors import PayloadError, SignalDeclarationError

if TYPE_CHECKING:
    from typedsignals.dispatcher import Signal

__all__ = ["RESERVED_NAMES", "PayloadSpec", "json_schema_of"]

RESERVED_NAMES = ("signal", "sender")
"""Keyword arguments every receiver gets besides the payload: no field may take these names."""


@attrs.frozen
class PayloadSpec:
    """What ``send`` needs to know about a payload model, computed once per signal."""

    model: type[BaseModel]
    field_names: tuple[str, ...]
    accepted_keys: frozenset[str]
    allows_extra: bool
    validate: Callable[[dict[str, Any]], BaseModel]
    """The model's validator, taking fields by name and by alias."""

    @classmethod
    def of(cls, model: object) -> PayloadSpec:
        """Inspect ``model``; raise ``SignalDeclarationError`` if it cannot be a payload."""
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise SignalDeclarationError(
                f"{_type_name(model)} cannot be a signal payload: it is not a pydantic "
                "BaseModel subclass; declare the payload as `class MyPayload(BaseModel): ...`"
            )
        accepted: set[str] = set()
        for field_name, field in model.model_fields.items():
            keys = {field_name, *_alias_keys(field.alias, field.validation_alias)}
            for clash in sorted(keys.intersection(RESERVED_NAMES)):
                what = f"field {field_name!r}" + (
                    "" if clash == field_name else f" (alias {clash!r})"
                )
                raise SignalDeclarationError(
                    f"{model.__name__} cannot be a signal payload: {what} clashes with the "
                    f"argument every receiver gets; rename it"
                )
            accepted |= keys
        field_names = tuple(model.model_fields)
        return cls(
            model=model,
            field_names=field_names,
            accepted_keys=frozenset(accepted),
            allows_extra=model.model_config.get("extra") == "allow",
            validate=_validator_of(model, by_alias=accepted != set(field_names)),
        )

    def validated_values(self, signal: Signal[Any], fields: dict[str, Any]) -> dict[str, Any]:
        """Validate keyword ``fields``; return the values receivers get, by field name.

        Raises ``PayloadError`` (and nothing else) when the payload is invalid, including
        unknown keys, which are refused even when the model's ``extra`` is ``"ignore"``.
        """
        unknown: Sequence[ErrorDetails] = ()
        known = fields
        if not (self.accepted_keys.issuperset(fields) or self.allows_extra):
            unknown = self.unknown_key_errors(fields)
            known = {key: value for key, value in fields.items() if key in self.accepted_keys}
        try:
            instance = self.validate(known)
        except ValidationError as exc:
            raise PayloadError(signal, [*exc.errors(), *unknown]) from exc
        except Exception as exc:  # a validator or a value (__hash__, __eq__ …) raised
            raised = _raised_error(exc, known)
            raise PayloadError(signal, [raised, *unknown]) from exc
        if unknown:
            raise PayloadError(signal, unknown)
        if self.allows_extra and instance.__pydantic_extra__:
            return {**instance.__dict__, **instance.__pydantic_extra__}
        return instance.__dict__

    def checked_fields(self, signal: Signal[Any], fields: dict[str, Any]) -> dict[str, Any]:
        """``fields`` as given, once unknown keys are refused (the ``validate=False`` path)."""
        if self.accepted_keys.issuperset(fields) or self.allows_extra:
            return fields
        raise PayloadError(signal, self.unknown_key_errors(fields))

    def unknown_key_errors(self, fields: Mapping[str, Any]) -> list[ErrorDetails]:
        """One pydantic-shaped ``extra_forbidden`` entry per key the model does not know."""
        return [
            {
                "type": "extra_forbidden",
                "loc": (key,),
                "msg": "Extra inputs are not permitted",
                "input": value,
            }
            for key, value in fields.items()
            if key not in self.accepted_keys
        ]

    def values_of(self, payload: BaseModel) -> dict[str, Any]:
        """The keyword arguments receivers get for a payload instance, by field name."""
        if self.allows_extra and payload.__pydantic_extra__:
            return {**payload.__dict__, **payload.__pydantic_extra__}
        return payload.__dict__


def _validator_of(
    model: type[BaseModel], *, by_alias: bool
) -> Callable[[dict[str, Any]], BaseModel]:
    """The fastest call that validates ``model`` from a dict of fields.

    A model with unresolved forward references gets its validator only when first used
    (pydantic rebuilds it then), so it is looked up on each call until the model is complete.
    """
    options: dict[str, Any] = {"by_alias": True, "by_name": True} if by_alias else {}
    if not model.__pydantic_complete__:
        return lambda fields: model.__pydantic_validator__.validate_python(fields, **options)
    return functools.partial(model.__pydantic_validator__.validate_python, **options)


def json_schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema (validation mode); never raises.

    A field pydantic cannot express in JSON Schema (an arbitrary Python class, a callable)
    appears as ``{"x-python-type": "pkg.module.Class", "description": …}``.
    """
    return model.model_json_schema(schema_generator=_LenientJsonSchema)


class _LenientJsonSchema(GenerateJsonSchema):
    """Describes the Python type where pydantic would refuse to generate a schema."""

    ignored_warning_kinds = {"non-serializable-default", "skipped-choice"}  # noqa: RUF012

    def is_instance_schema(self, schema: core_schema.IsInstanceSchema) -> JsonSchemaValue:
        return _python_type_schema(_type_name(schema["cls"]))

    def callable_schema(self, schema: core_schema.CallableSchema) -> JsonSchemaValue:
        return _python_type_schema("collections.abc.Callable")

    def handle_invalid_for_json_schema(
        self, schema: CoreSchema | Any, error_info: str
    ) -> JsonSchemaValue:
        return {"description": f"not expressible in JSON Schema: {error_info}"}


def _python_type_schema(type_name: str) -> JsonSchemaValue:
    return {"x-python-type": type_name, "description": f"A Python {type_name} object."}


def _alias_keys(
    alias: str | None, validation_alias: str | AliasPath | AliasChoices | None
) -> set[str]:
    """The top-level keyword names a field may be given by, besides its name."""
    keys = {alias} if alias else set()
    choices: list[str | AliasPath]
    if validation_alias is None:
        choices = []
    elif isinstance(validation_alias, AliasChoices):
        choices = validation_alias.choices
    else:
        choices = [validation_alias]
    for choice in choices:
        first = choice.path[0] if isinstance(choice, AliasPath) else choice
        if isinstance(first, str):
            keys.add(first)
    return keys


def _raised_error(exc: Exception, payload: Mapping[str, Any]) -> ErrorDetails:
    try:
        detail = f"{type(exc).__name__}: {exc}"
    except Exception:  # a hostile __str__ must not hide the real error
        detail = type(exc).__name__
    return {
        "type": "validation_raised",
        "loc": (),
        "msg": f"validating the payload raised {detail}",
        "input": dict(payload),
    }


def _type_name(obj: object) -> str:
    if isinstance(obj, type):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return f"{obj.__module__}.{obj.__qualname__}"
    return repr(obj)
