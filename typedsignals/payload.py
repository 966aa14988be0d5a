"""How a signal's pydantic model becomes the keyword arguments its receivers get.

``PayloadSpec`` is computed once per typed signal: the model, the keyword names ``send``
accepts (field names and aliases), and whether unknown keys are passed on (``extra="allow"``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from pydantic import AliasChoices, AliasPath, BaseModel, RootModel, ValidationError
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import (
    CoreConfig,
    CoreSchema,
    ErrorDetails,
    SchemaError,
    SchemaValidator,
    core_schema,
)

from typedsignals.errors import PayloadError, SignalDeclarationError, safe_cause
from typedsignals.redaction import Secrets

if TYPE_CHECKING:
    from typedsignals.dispatcher import Signal

__all__ = ["RESERVED_NAMES", "PayloadSpec", "json_schema_of"]

_Validated = TypeVar("_Validated")

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
    validate_fields: Callable[[dict[str, Any]], dict[str, Any] | None] | None
    """pydantic's validation of the model's fields alone, giving the values by field name
    without building an instance, where nothing in the model needs one (``fields_validator``);
    ``None`` for the others. It returns ``None`` where the model's own validation must
    decide (``validated_values``)."""
    unchecked_key_count: int
    """How many keys a payload may have and skip the check for unknown keys before
    ``validate_fields``: the number of fields without a default in the model's core schema
    when it has no aliases (if such a payload holds an unknown key, a field without a
    default is missing and validation fails, and the failure is reported as the checked path
    reports it); ``-1`` with aliases (one key may fill several fields through ``AliasPath``)
    or without ``validate_fields``."""
    secrets: Secrets
    """Where the model keeps secrets and hidden inputs, for error text."""
    routes: tuple[tuple[str, tuple[tuple[str, tuple[str | int, ...]], ...]], ...]
    """Per field, the keys (and ``AliasPath`` steps) it is read from, in pydantic's order:
    the validation-off path resolves aliases with them."""

    @classmethod
    def of(cls, model: object) -> PayloadSpec:
        """Inspect ``model``; raise ``SignalDeclarationError`` if it cannot be a payload."""
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise SignalDeclarationError(
                f"{_type_name(model)} cannot be a signal payload: it is not a pydantic "
                "BaseModel subclass; declare the payload as `class MyPayload(BaseModel): ...`"
            )
        if model is BaseModel or issubclass(model, RootModel):
            raise SignalDeclarationError(
                f"{model.__name__} cannot be a signal payload: receivers get the payload as "
                "keyword fields, so declare a model with fields, "
                "`class MyPayload(BaseModel): ...`"
            )
        accepted: set[str] = set()
        routes = []
        for field_name, field in model.model_fields.items():
            field_routes = _routes_of(field_name, field.alias, field.validation_alias)
            keys = {key for key, _ in field_routes}
            for clash in sorted(keys.intersection(RESERVED_NAMES)):
                what = f"field {field_name!r}" + (
                    "" if clash == field_name else f" (alias {clash!r})"
                )
                raise SignalDeclarationError(
                    f"{model.__name__} cannot be a signal payload: {what} clashes with the "
                    f"argument every receiver gets; rename it"
                )
            accepted |= keys
            routes.append((field_name, field_routes))
        field_names = tuple(model.model_fields)
        by_alias = accepted != set(field_names)
        plain = _plain_fields(model)
        return cls(
            model=model,
            field_names=field_names,
            accepted_keys=frozenset(accepted),
            allows_extra=model.model_config.get("extra") == "allow",
            validate=_validator_of(model, by_alias=by_alias),
            validate_fields=fields_validator(model, plain, by_alias=by_alias),
            unchecked_key_count=-1 if by_alias or plain is None else _required_field_count(plain),
            secrets=Secrets.of(model),
            routes=tuple(routes),
        )

    def validated_values(self, signal: Signal[Any], fields: dict[str, Any]) -> dict[str, Any]:
        """Validate keyword ``fields``; return the values receivers get, by field name.

        Raises ``PayloadError`` (and nothing else) when the payload is invalid, including
        unknown keys, which are refused even when the model's ``extra`` is ``"ignore"``, and
        a model validator that returns anything but an instance of the model.
        """
        if self.accepted_keys.issuperset(fields) or self.allows_extra:
            instance = validate_or_refuse(signal, self.validate, fields, ())
        else:
            known, unknown = self._split_unknown(fields)
            instance = validate_or_refuse(signal, self.validate, known, unknown)
            raise PayloadError(signal, unknown)
        if instance.__class__ is not self.model:  # a model validator's doing
            if not isinstance(instance, self.model):
                raise PayloadError(signal, [_not_an_instance(self.model, instance, fields)])
            return self.values_of(signal, instance)
        values = instance.__dict__
        if len(values) != len(self.field_names):
            return self.values_of(signal, instance)
        if self.allows_extra and instance.__pydantic_extra__:
            return self._with_extra(signal, values, instance.__pydantic_extra__)
        return values

    def validated_fields(self, signal: Signal[Any], fields: dict[str, Any]) -> dict[str, Any]:
        """``validated_values`` for a model whose fields validate on their own
        (``validate_fields`` is set): the same values and errors, without an instance."""
        assert self.validate_fields is not None
        if len(fields) <= self.unchecked_key_count:
            values = validate_or_refuse(signal, self.validate_fields, fields, None)
        elif self.accepted_keys.issuperset(fields):
            values = validate_or_refuse(signal, self.validate_fields, fields, ())
        else:
            known, unknown = self._split_unknown(fields)
            validate_or_refuse(signal, self.validate_fields, known, unknown)
            raise PayloadError(signal, unknown)
        return self.validated_values(signal, fields) if values is None else values

    def _split_unknown(self, fields: dict[str, Any]) -> tuple[dict[str, Any], list[ErrorDetails]]:
        """The fields the model accepts, and an ``extra_forbidden`` error per other key."""
        known = {key: value for key, value in fields.items() if key in self.accepted_keys}
        return known, self.unknown_key_errors(fields)

    def checked_fields(self, signal: Signal[Any], fields: dict[str, Any]) -> dict[str, Any]:
        """The ``validate=False`` path: no coercion or constraint checks, but the contract
        holds: aliases are resolved to field names, missing fields get their defaults
        (``default_factory`` called per send), and unknown or reserved keys are refused
        with ``PayloadError``.
        """
        if tuple(fields) == self.field_names:  # every field by name, in the model's order
            return fields
        values: dict[str, Any] = {}
        errors: list[ErrorDetails] = []
        for name, routes in self.routes:
            for key, path in routes:
                if key in fields:
                    found, value = _follow(fields[key], path)
                    if found:
                        values[name] = value
                        break
            else:
                field = self.model.model_fields[name]
                if field.is_required():
                    errors.append(
                        {"type": "missing", "loc": (name,), "msg": "Field required", "input": None}
                    )
                else:
                    values[name] = field.get_default(
                        call_default_factory=True, validated_data=values
                    )
        # A key the model accepts but read past (a later alias choice) is dropped, as
        # validation drops it; only keys the model does not know are extras.
        rest = {key: value for key, value in fields.items() if key not in self.accepted_keys}
        if not self.allows_extra:
            errors.extend(self.unknown_key_errors(rest))
        if errors:
            raise PayloadError(signal, errors)
        return self._with_extra(signal, values, rest) if rest else values

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

    def values_of(self, signal: Signal[Any], payload: BaseModel) -> dict[str, Any]:
        """The keyword arguments receivers get for an instance of the model, by field name.

        Only what the declared model promises: its fields (a subclass instance's own fields
        are not passed on; one named ``signal`` or ``sender`` is a ``PayloadError``) and, when
        the declared model allows extras, the instance's extras (none named ``signal`` or
        ``sender``). An instance missing a field (built by ``model_construct``) is refused.
        """
        values = payload.__dict__
        if payload.__class__ is not self.model or len(values) != len(self.field_names):
            errors: list[ErrorDetails] = [
                _reserved_error(name, "field") for name in RESERVED_NAMES if name in values
            ]
            errors.extend(
                {"type": "missing", "loc": (name,), "msg": "Field required", "input": None}
                for name in self.field_names
                if name not in values
            )
            if errors:
                raise PayloadError(signal, errors)
            values = {name: values[name] for name in self.field_names}
        extra = payload.__pydantic_extra__
        if self.allows_extra and extra:
            return self._with_extra(signal, values, extra)
        return values

    def _with_extra(
        self, signal: Signal[Any], values: dict[str, Any], extra: dict[str, Any]
    ) -> dict[str, Any]:
        """``values`` and the extras an ``extra="allow"`` model passes on; a reserved key
        among them is a ``PayloadError``."""
        reserved = [_reserved_error(key, "key") for key in RESERVED_NAMES if key in extra]
        if reserved:
            raise PayloadError(signal, reserved)
        return {**values, **extra}


def _reserved_error(name: str, what: str) -> ErrorDetails:
    return {
        "type": "reserved_key",
        "loc": (name,),
        "msg": (
            f"a payload {what} cannot be named {name!r}: every receiver gets the {name} "
            f"as {name!r}; rename it"
        ),
        "input": None,
    }


def _not_an_instance(model: type[BaseModel], result: object, payload: object) -> ErrorDetails:
    return {
        "type": "model_validator_result",
        "loc": (),
        "msg": (
            f"a model validator returned {type(result).__name__}, not an instance of "
            f"{model.__name__}: a mode='after' validator must return self, a mode='wrap' one the "
            "result of handler(...)"
        ),
        "input": payload,
    }


def _routes_of(
    name: str, alias: str | None, validation_alias: str | AliasPath | AliasChoices | None
) -> tuple[tuple[str, tuple[str | int, ...]], ...]:
    """The keys (and ``AliasPath`` steps below them) a field is read from, in pydantic's
    order: its validation alias (else its alias), then its name."""
    choices: list[str | AliasPath]
    if validation_alias is None:
        choices = [alias] if alias else []
    elif isinstance(validation_alias, AliasChoices):
        choices = validation_alias.choices
    else:
        choices = [validation_alias]
    routes: list[tuple[str, tuple[str | int, ...]]] = []
    for choice in choices:
        path = tuple(choice.path) if isinstance(choice, AliasPath) else (choice,)
        if isinstance(path[0], str):
            routes.append((path[0], path[1:]))
    if (name, ()) not in routes:
        routes.append((name, ()))
    return tuple(routes)


def _follow(value: Any, path: tuple[str | int, ...]) -> tuple[bool, Any]:
    """``AliasPath``'s steps below the first key; ``(False, None)`` where one is missing."""
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, value


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


_PlainFields = tuple[dict[str, Any], CoreConfig | None, list[CoreSchema] | None]
"""A model-fields core schema, the model's core config and its schema definitions."""


def fields_validator(
    model: type[BaseModel], plain: _PlainFields | None, *, by_alias: bool
) -> Callable[[dict[str, Any]], dict[str, Any] | None] | None:
    """A validator of ``model``'s fields as a typed dict, built from the model's own core
    schema, or ``None`` when a validation of the fields alone could differ from the model's.

    The values it returns are those of the model's ``__dict__``: the same field schemas
    validate them (validators, defaults, aliases, the model's config), in the same order.
    It exists only for a complete model without anything that needs an instance or changes
    what validation does: no model validator, ``model_post_init``, custom ``__init__``,
    ``extra="allow"``, custom core schema, pydantic plugin or validated default: those
    whose ``_plain_fields`` (``plain``) is not ``None``.
    """
    if plain is None:
        return None
    fields_schema, config, definitions = plain
    fields: CoreSchema = core_schema.typed_dict_schema(
        {
            name: core_schema.typed_dict_field(
                field["schema"],
                required=not _has_default(field["schema"]),
                validation_alias=field.get("validation_alias"),
            )
            for name, field in fields_schema["fields"].items()
        },
        # Without aliases every key is a field name or unknown, and PayloadSpec refuses
        # unknown keys itself: pydantic's own check (extra="forbid") would only cost time. With
        # aliases, a key pydantic reads past (a second choice) is an extra to it: it keeps the
        # model's ``extra``.
        extra_behavior=None if by_alias else "ignore",
        config=config,
    )
    if definitions is not None:
        fields = core_schema.definitions_schema(fields, definitions)
    validate_python = SchemaValidator(fields, config).validate_python
    validate: Callable[[dict[str, Any]], dict[str, Any]] = (
        functools.partial(validate_python, by_alias=True, by_name=True)
        if by_alias
        else validate_python
    )
    if _may_omit(model.__pydantic_core_schema__):
        return functools.partial(_unless_omitted, validate, len(fields_schema["fields"]))
    return validate


def _unless_omitted(
    validate: Callable[[dict[str, Any]], dict[str, Any]],
    field_count: int,
    fields: dict[str, Any],
) -> dict[str, Any] | None:
    """``validate(fields)``, or ``None`` where a validator omitted a field (``PydanticOmit``)
    or asked for a required field's default (``PydanticUseDefault``): the typed-dict
    validator drops the field, or fails outside pydantic's errors, and the model's own
    validation must decide (running the validators again)."""
    try:
        values = validate(fields)
    except SchemaError:
        return None
    return values if len(values) == field_count else None


def _plain_fields(model: type[BaseModel]) -> _PlainFields | None:
    """The model-fields schema of a model whose fields validate alone (see
    ``fields_validator``), with the model's core config and schema definitions."""
    if not model.__pydantic_complete__ or type(model.__pydantic_validator__) is not SchemaValidator:
        return None
    schema: Any = model.__pydantic_core_schema__
    definitions = None
    if schema["type"] == "definitions":
        definitions = schema["definitions"]
        schema = schema["schema"]
        if schema["type"] == "definition-ref":
            schema = next((d for d in definitions if d.get("ref") == schema["schema_ref"]), {})
    if (
        schema.get("type") != "model"
        or schema.get("cls") is not model
        or not set(schema) <= _PLAIN_MODEL_KEYS
        or schema["custom_init"]
        or schema["root_model"]
        or schema["schema"]["type"] != "model-fields"
        or not set(schema["schema"]) <= _PLAIN_FIELDS_KEYS
        or schema.get("config", {}).get("extra_fields_behavior") == "allow"
    ):
        return None
    config = schema.get("config")
    for field in schema["schema"]["fields"].values():
        field_schema = field["schema"]
        # pydantic-core's typed-dict validator runs a validated default's validators without
        # the field's name (``info.field_name`` is None), where the model's gives it; and it
        # refuses a required field's ``on_error`` (``OnErrorOmit`` without a default).
        if _validates_default(field_schema, config) or (
            field_schema["type"] == "default" and not _has_default(field_schema)
        ):
            return None
    return schema["schema"], config, definitions


def _required_field_count(plain: _PlainFields) -> int:
    """How many of the model's fields have no default in its core schema: a type's own
    schema may give a field a default that ``FieldInfo.is_required()`` does not know of."""
    return sum(not _has_default(field["schema"]) for field in plain[0]["fields"].values())


def _has_default(field_schema: Mapping[str, Any]) -> bool:
    """Whether validation fills the field in when it is missing (a ``default`` schema may
    have none: ``OnErrorOmit`` wraps a required field in one)."""
    return field_schema["type"] == "default" and (
        "default" in field_schema or "default_factory" in field_schema
    )


def _may_omit(schema: object) -> bool:
    """Whether anything in a core schema could omit a field or ask for its default: a
    function (a validator may raise ``PydanticOmit`` or ``PydanticUseDefault``) or a
    default's ``on_error``."""
    if isinstance(schema, dict):
        kind = schema.get("type")
        if isinstance(kind, str) and (kind.startswith("function-") or kind == "call"):
            return True
        if schema.get("on_error") in ("omit", "default"):
            return True
        return any(_may_omit(value) for value in schema.values())
    if isinstance(schema, list | tuple):
        return any(_may_omit(item) for item in schema)
    return False


def _validates_default(field_schema: Mapping[str, Any], config: Mapping[str, Any] | None) -> bool:
    """Whether a field's default is validated (pydantic-core: the field's own setting, else
    the config's)."""
    if field_schema["type"] != "default":
        return False
    return bool(field_schema.get("validate_default", (config or {}).get("validate_default")))


_PLAIN_MODEL_KEYS = frozenset(
    {
        "type",
        "cls",
        "generic_origin",
        "schema",
        "custom_init",
        "root_model",
        "config",
        "ref",
        "metadata",
        "serialization",
    }
)
_PLAIN_FIELDS_KEYS = frozenset({"type", "fields", "model_name", "computed_fields"})


def json_schema_of(model: type[BaseModel], *, by_alias: bool = True) -> dict[str, Any]:
    """The model's JSON Schema (validation mode; properties keyed by alias unless
    ``by_alias=False``); never raises.

    A field pydantic cannot express in JSON Schema (an arbitrary Python class, a callable)
    appears as ``{"x-python-type": "pkg.module.Class", "description": …}``.
    """
    return model.model_json_schema(by_alias=by_alias, schema_generator=_LenientJsonSchema)


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


def validate_or_refuse(
    signal: Signal[Any],
    validate: Callable[[dict[str, Any]], _Validated],
    known: dict[str, Any],
    unknown: Sequence[ErrorDetails] | None,
) -> _Validated:
    """``validate(known)``; for anything it raises, ``payload_error(...)`` raised."""
    failure: Exception | None = None
    try:
        return validate(known)
    except Exception as exc:  # a validator or a value (__hash__, __eq__ …) may raise anything
        failure = exc
    # Raised outside the handler, so that it is not implicitly chained to ``failure``: only
    # ``safe_cause`` decides what a traceback of the error may show.
    try:
        raise payload_error(signal, validate, failure, known, unknown)
    finally:
        failure = None  # its traceback holds this frame: no cycle keeps the payload alive


def payload_error(
    signal: Signal[Any],
    validate: Callable[[dict[str, Any]], object],
    failure: Exception,
    payload: dict[str, Any],
    unknown: Sequence[ErrorDetails] | None,
) -> PayloadError:
    """The ``PayloadError`` for ``payload``, on which ``validate`` raised ``failure``, with
    the ``unknown`` key errors too.

    ``unknown=None``: ``payload`` was not checked for unknown keys (``validate`` ignores
    them). If it has some, its known fields are validated again, so that the error and its
    cause are those of the checked path. Call it outside the handler of ``failure``, else
    that second validation's failure is chained to it.
    """
    if unknown is None:
        spec = signal.payload_spec
        assert spec is not None
        known, unknown = spec._split_unknown(payload)
        if unknown:
            try:
                validate(known)
            except Exception as exc:  # as in validate_or_refuse
                return _refused(signal, exc, known, unknown)
            return PayloadError(signal, unknown)
    return _refused(signal, failure, payload, unknown)


def _refused(
    signal: Signal[Any],
    failure: Exception,
    payload: dict[str, Any],
    unknown: Sequence[ErrorDetails],
) -> PayloadError:
    """The ``PayloadError`` for a payload the model's validation raised ``failure`` on."""
    errors = failure.errors() if isinstance(failure, ValidationError) else None
    if errors is not None:
        error = PayloadError(signal, [*errors, *unknown])
    else:
        error = PayloadError(signal, [_raised_error(failure, payload), *unknown])
    error.__cause__ = safe_cause(error, failure)
    return error


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
