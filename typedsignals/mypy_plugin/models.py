"""What a payload model sends: its fields, the keywords each is accepted by, ``extra``.

Facts only the class body shows (defaults, aliases, ``model_config``) are recorded while mypy
analyses the model's own module (``record_model``), in ``TypeInfo.metadata``: a class loaded
from mypy's cache has an empty body, and metadata travels through the cache (and between the
workers of mypy's parallel mode), is part of the module's interface hash (so dependents are
re-checked when it changes) and is plain JSON. Field *types* are read when checking, from the
class's symbols, expanded for generic models.

When ``pydantic.mypy`` comes first in the plugin list our semantic-analysis hook never runs;
then pydantic's own metadata is read instead, and failing that the class's variables.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
from mypy.expandtype import expand_type_by_instance
from mypy.maptype import map_instance_to_supertype
from mypy.nodes import (
    MDEF,
    AssignmentStmt,
    Block,
    CallExpr,
    DictExpr,
    EllipsisExpr,
    Expression,
    IfStmt,
    MemberExpr,
    NameExpr,
    RefExpr,
    StrExpr,
    SymbolTableNode,
    TempNode,
    TypeInfo,
    Var,
)
from mypy.plugin import CheckerPluginInterface, ClassDefContext
from mypy.subtypes import is_subtype
from mypy.types import (
    AnyType,
    FunctionLike,
    Instance,
    LiteralType,
    TupleType,
    Type,
    TypeOfAny,
    TypeType,
    get_proper_type,
)
from mypy.typevars import fill_typevars_with_any

from typedsignals.mypy_plugin import fullnames


@attrs.frozen
class PayloadField:
    """One field of a payload model, as ``send`` takes it and receivers get it."""

    name: str
    type: Type
    required: bool
    aliases: tuple[str, ...]
    """Keywords ``send`` also accepts for this field (from ``validation_alias`` or ``alias``)."""
    dynamic_alias: bool
    """Its alias cannot be read statically (an ``AliasPath``, a variable …)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """Every keyword ``send`` accepts for this field: its name, then its aliases."""
        return tuple(dict.fromkeys([self.name, *self.aliases]))


@attrs.frozen
class Payload:
    """The payload of a typed signal: what ``send`` accepts and what receivers get."""

    model: Instance
    fields: tuple[PayloadField, ...]
    allows_extra: bool
    """``extra="allow"``: unknown keys are sent on to receivers."""
    alias_generator: bool
    """Every field may also be given by a generated alias, which the plugin cannot know."""

    @property
    def name(self) -> str:
        return self.model.type.name

    @property
    def open_keys(self) -> bool:
        """Some keyword ``send`` accepts cannot be known statically."""
        return self.alias_generator or any(field.dynamic_alias for field in self.fields)

    def may_omit(self, field: PayloadField) -> bool:
        """Whether ``send`` may leave the field out, as far as the plugin can tell."""
        return not field.required or field.dynamic_alias or self.alias_generator


# -- semantic analysis: record what the class body says -----------------------------------


def record_model(ctx: ClassDefContext) -> None:
    """Record the model's own fields and config in its metadata (a base-class hook).

    Also mirrors the facts in a plugin-generated class attribute (``FIELDS_MARKER``): dmypy's
    fine-grained mode compares symbols but not metadata, so only the attribute's change tells
    it to re-check the sends and receivers that depend on the model.
    """
    info = ctx.cls.info
    facts: dict[str, Any] = {"fields": [], "extra": None, "alias_generator": None}
    for statement in _assignments(ctx.cls.defs):
        target = statement.lvalues[0]
        if not isinstance(target, NameExpr):
            continue
        if target.name == "model_config":
            facts.update(_config_facts(statement.rvalue))
        elif _is_field(info, target.name, statement):
            aliases, dynamic = _aliases(statement.rvalue)
            facts["fields"].append([target.name, aliases, _has_default(statement.rvalue), dynamic])
    for keyword, value in ctx.cls.keywords.items():
        facts.update(_config_facts_from_items([(keyword, value)]))
    info.metadata[fullnames.METADATA_KEY] = facts
    marker = Var(
        fullnames.FIELDS_MARKER,
        LiteralType(json.dumps(facts, sort_keys=True), ctx.api.named_type("builtins.str")),
    )
    marker.info = info
    marker._fullname = f"{info.fullname}.{fullnames.FIELDS_MARKER}"
    marker.is_classvar = True
    info.names[fullnames.FIELDS_MARKER] = SymbolTableNode(MDEF, marker, plugin_generated=True)


def _assignments(block: Block) -> list[AssignmentStmt]:
    """Single-target assignments of a class body, including those under ``if`` (as pydantic)."""
    found: list[AssignmentStmt] = []
    for statement in block.body:
        if isinstance(statement, AssignmentStmt) and len(statement.lvalues) == 1:
            found.append(statement)
        elif isinstance(statement, IfStmt):
            for body in [*statement.body, statement.else_body]:
                if body is not None and not body.is_unreachable:
                    found.extend(_assignments(body))
    return found


def _is_field(info: TypeInfo, name: str, statement: AssignmentStmt) -> bool:
    if not statement.new_syntax or name.startswith("_"):
        return False
    symbol = info.names.get(name)
    return symbol is not None and isinstance(symbol.node, Var) and not symbol.node.is_classvar


def _field_call(expression: Expression) -> CallExpr | None:
    if (
        isinstance(expression, CallExpr)
        and isinstance(expression.callee, RefExpr)
        and expression.callee.fullname == fullnames.FIELD
    ):
        return expression
    return None


def _has_default(value: Expression) -> bool:
    """Whether a field's declared value gives it a default (pydantic.mypy's rule)."""
    if isinstance(value, TempNode):  # an annotation only
        return False
    call = _field_call(value)
    if call is None:
        return not isinstance(value, EllipsisExpr)
    for argument, name in zip(call.args, call.arg_names, strict=True):
        if name is None or name == "default":
            return not isinstance(argument, EllipsisExpr)
        if name == "default_factory":
            return not (isinstance(argument, NameExpr) and argument.fullname == "builtins.None")
    return False


def _aliases(value: Expression) -> tuple[list[str], bool]:
    """The keywords a field is accepted by besides its name; whether some are unknowable.

    ``validation_alias`` wins over ``alias``, as in pydantic; ``AliasChoices`` of strings
    gives each choice.
    """
    call = _field_call(value)
    if call is None:
        return [], False
    for keyword in ("validation_alias", "alias"):
        if keyword not in call.arg_names:
            continue
        alias = call.args[call.arg_names.index(keyword)]
        if isinstance(alias, StrExpr):
            return [alias.value], False
        if (
            isinstance(alias, CallExpr)
            and isinstance(alias.callee, RefExpr)
            and alias.callee.fullname == fullnames.ALIAS_CHOICES
            and all(isinstance(choice, StrExpr) for choice in alias.args)
        ):
            return [choice.value for choice in alias.args if isinstance(choice, StrExpr)], False
        return [], True
    return [], False


def _config_facts(value: Expression) -> dict[str, Any]:
    """``extra`` and ``alias_generator`` from ``model_config = ConfigDict(...)`` or a dict."""
    if isinstance(value, CallExpr):
        items = [
            (name, argument)
            for name, argument in zip(value.arg_names, value.args, strict=True)
            if name is not None
        ]
        return _config_facts_from_items(items)
    if isinstance(value, DictExpr):
        return _config_facts_from_items(
            [(key.value, item) for key, item in value.items if isinstance(key, StrExpr)]
        )
    return {}


def _config_facts_from_items(items: list[tuple[str, Expression]]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name, value in items:
        if name == "extra":
            if isinstance(value, StrExpr):
                facts["extra"] = value.value
            elif isinstance(value, MemberExpr):  # the deprecated Extra.allow
                facts["extra"] = value.name
        elif name == "alias_generator":
            facts["alias_generator"] = not (
                isinstance(value, NameExpr) and value.fullname == "builtins.None"
            )
    return facts


# -- type checking: the payload of a model type --------------------------------------------


def payload_of(model: Instance, api: CheckerPluginInterface) -> Payload:
    """The payload a ``Signal[model]`` sends (generic arguments applied), fields in order."""
    fields: dict[str, PayloadField] = {}
    extra: str | None = None
    alias_generator = False
    for info in reversed(model.type.mro):
        if info.fullname == fullnames.BASE_MODEL or not info.has_base(fullnames.BASE_MODEL):
            continue
        own_fields, config = _own_facts(info)
        extra = config.get("extra") or extra
        alias_generator = config.get("alias_generator") or alias_generator
        mapped = map_instance_to_supertype(model, info)
        for name, aliases, has_default, dynamic_alias in own_fields:
            symbol = info.names.get(name)
            if symbol is None or not isinstance(symbol.node, Var):
                continue
            declared = symbol.node.type or AnyType(TypeOfAny.unannotated)
            fields[name] = PayloadField(
                name=name,
                type=expand_type_by_instance(declared, mapped),
                required=not has_default,
                aliases=tuple(aliases),
                dynamic_alias=dynamic_alias,
            )
    _depend_on_model(api, model, list(fields))
    return Payload(
        model=model,
        fields=tuple(fields.values()),
        allows_extra=extra == "allow",
        alias_generator=alias_generator,
    )


def _own_facts(info: TypeInfo) -> tuple[list[Any], dict[str, Any]]:
    """``([name, aliases, has_default, dynamic_alias], …)`` and config of one class."""
    ours = info.metadata.get(fullnames.METADATA_KEY)
    if ours is not None:
        return ours["fields"], ours
    pydantic = info.metadata.get(fullnames.PYDANTIC_METADATA_KEY)
    if pydantic is not None:
        config = pydantic.get("config", {})
        # pydantic.mypy records only whether extra keys are forbidden: an explicit
        # extra="ignore" is rare (it is the default), so an explicit non-forbid means "allow".
        forbid = config.get("forbid_extra")
        fields = [
            [
                name,
                [field["alias"]] if field.get("alias") else [],
                field.get("has_default", False),
                field.get("has_dynamic_alias", False),
            ]
            for name, field in pydantic.get("fields", {}).items()
            if name in info.names
        ]
        return fields, {
            "extra": None if forbid is None else "forbid" if forbid else "allow",
            "alias_generator": config.get("has_alias_generator"),
        }
    variables = [
        [name, [], symbol.node.has_explicit_value, False]
        for name, symbol in info.names.items()
        if isinstance(symbol.node, Var)
        and not symbol.node.is_classvar
        and not name.startswith("_")
        and name != "model_config"
    ]
    return variables, {}


def _depend_on_model(api: CheckerPluginInterface, model: Instance, fields: list[str]) -> None:
    """Under dmypy, re-check the current target when the model's fields or facts change.

    Fine-grained mode only knows what a target references; a send or a receiver check also
    depends on the model's fields. Uses the checker's tree and scope, which are not part of
    the plugin interface: if they are missing, there is nothing to record.
    """
    options = api.options
    if not (options.fine_grained_incremental or options.cache_fine_grained):
        return
    tree = getattr(api, "tree", None)
    scope = getattr(api, "tscope", None)
    if tree is None or scope is None:
        return
    target = scope.current_target()
    for info in model.type.mro:
        if info.has_base(fullnames.BASE_MODEL):
            for name in [fullnames.FIELDS_MARKER, *fields]:
                if name in info.names:
                    tree.plugin_deps.setdefault(f"<{info.fullname}.{name}>", set()).add(target)


def model_of_signal(signal: Type) -> Instance | None:
    """The model ``M`` of a ``Signal[M]`` (or subclass) instance; ``None`` when unchecked.

    Unchecked: an untyped ``Signal()``, ``Signal[Any]``, a type variable, anything else.
    """
    signal = get_proper_type(signal)
    if not isinstance(signal, Instance):
        return None
    signal_info = next(
        (info for info in signal.type.mro if info.fullname == fullnames.SIGNAL), None
    )
    if signal_info is None:
        return None
    model = get_proper_type(map_instance_to_supertype(signal, signal_info).args[0])
    if isinstance(model, Instance) and model.type.has_base(fullnames.BASE_MODEL):
        return model
    return None


def payload_of_signal(
    signal: Type, api: CheckerPluginInterface, sender: Type | None = None
) -> Payload | None:
    """What a ``Signal[M]`` instance sends (to a receiver connected for ``sender``, if given).

    ``None`` when the signal is unchecked.
    """
    model = model_of_signal(signal)
    return payload_of(model_for_sender(model, sender, api), api) if model is not None else None


def model_for_sender(model: Instance, sender: Type | None, api: CheckerPluginInterface) -> Instance:
    """The model bound to the class a receiver is connected for, when it is generic over it.

    A model generic over one type parameter (``PostSave[Model]``), connected with
    ``sender=Article`` (of type ``type[Article]``, ``Article`` a subtype of ``Model``), sends
    ``PostSave[Article]``: that is what the receiver is checked against. Any other model or
    sender leaves the model as it is.
    """
    if sender is None or len(model.type.type_vars) != 1 or len(model.args) != 1:
        return model
    sender_class = _class_of(sender)
    if sender_class is None or not is_subtype(sender_class, model.args[0], options=api.options):
        return model
    return model.copy_modified(args=[sender_class])


def _class_of(sender: Type) -> Instance | None:
    """``C`` when ``sender`` is the type of a class ``C`` (``type[C]``); else ``None``."""
    sender = get_proper_type(sender)
    if isinstance(sender, FunctionLike) and sender.is_type_obj():  # the class itself
        instance = fill_typevars_with_any(sender.type_object())
        return instance.partial_fallback if isinstance(instance, TupleType) else instance
    if isinstance(sender, TypeType) and isinstance(sender.item, Instance):
        return sender.item
    return None
