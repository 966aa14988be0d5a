"""What a payload model sends: its fields, the keywords each is accepted by, ``extra``.

Facts only the class body shows (defaults, aliases, ``model_config``) are recorded while mypy
analyses the model's own module (``fields.record_model``), in ``TypeInfo.metadata``: a class
loaded from mypy's cache has an empty body, and metadata travels through the cache (and
between the workers of mypy's parallel mode), is part of the module's interface hash (so
dependents are re-checked when it changes) and is plain JSON. Which names are fields, and
their *types*, are read when checking, from the class's symbols, expanded for generic models.
A class with no recorded facts (its source could not be read) is open: its fields may be left
out and any keyword is accepted, so nothing correct is reported.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from mypy.expandtype import expand_type_by_instance
from mypy.maptype import map_instance_to_supertype
from mypy.nodes import SymbolTableNode, TypeInfo, Var
from mypy.plugin import CheckerPluginInterface
from mypy.subtypes import is_subtype
from mypy.types import (
    AnyType,
    FunctionLike,
    Instance,
    TupleType,
    Type,
    TypeOfAny,
    TypeType,
    get_proper_type,
)
from mypy.typevars import fill_typevars_with_any

from typedsignals.mypy_plugin import fullnames
from typedsignals.mypy_plugin.fields import OPEN_FIELD, UNKNOWN


class PayloadField(NamedTuple):
    """One field of a payload model, as ``send`` takes it and receivers get it."""

    name: str
    type: Type
    required: bool
    aliases: tuple[str, ...]
    """Keywords ``send`` also accepts for this field (from ``validation_alias`` or ``alias``)."""
    path_aliases: tuple[str, ...]
    """Keywords ``send`` accepts for it through an ``AliasPath`` (their values are containers,
    not checked)."""
    open: bool
    """Some of its keywords cannot be read statically (an alias in a variable …)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """Every keyword ``send`` accepts for this field: its name, then its aliases."""
        return tuple(dict.fromkeys([self.name, *self.aliases, *self.path_aliases]))

    def type_of(self, key: str) -> Type:
        """What ``send`` takes for this field under ``key``."""
        if key in self.path_aliases and key not in (self.name, *self.aliases):
            return AnyType(TypeOfAny.explicit)
        return self.type


class Payload(NamedTuple):
    """The payload of a typed signal: what ``send`` accepts and what receivers get."""

    model: Instance
    fields: tuple[PayloadField, ...]
    allows_extra: bool
    """``extra="allow"``: unknown keys are sent on to receivers."""
    unknown_extra: bool
    """``extra`` cannot be read statically: unknown keys may be allowed."""
    alias_generator: bool
    """Every field may also be given by a generated alias, which the plugin cannot know."""

    @property
    def name(self) -> str:
        return self.model.type.name

    @property
    def open_keys(self) -> bool:
        """Some keyword ``send`` accepts cannot be known statically."""
        return (
            self.alias_generator or self.unknown_extra or any(field.open for field in self.fields)
        )

    def may_omit(self, field: PayloadField) -> bool:
        """Whether ``send`` may leave the field out, as far as the plugin can tell."""
        return not field.required or field.open or self.alias_generator


# -- type checking: the payload of a model type --------------------------------------------


_computed: dict[Instance, tuple[list[object], Payload]] = {}
"""Payloads already computed in this process, each with the facts it was computed from."""


def payload_of(model: Instance, api: CheckerPluginInterface) -> Payload:
    """The payload a ``Signal[model]`` sends (generic arguments applied), fields in order.

    Every send and receiver of a signal asks for it: it is computed once per model type, and
    again whenever a class of the model's MRO has new facts or symbols (its module was
    analysed again, as under dmypy).
    """
    sources: list[object] = [
        part
        for info in model.type.mro
        for part in (info.metadata.get(fullnames.METADATA_KEY), info.names)
    ]
    known = _computed.get(model)
    if (
        known is not None
        and len(known[0]) == len(sources)
        and all(old is new for old, new in zip(known[0], sources, strict=True))
    ):
        payload = known[1]
    else:
        payload = _payload_of(model)
        _computed[model] = (sources, payload)
    _depend_on_model(api, model, [field.name for field in payload.fields])
    return payload


def _payload_of(model: Instance) -> Payload:
    fields: dict[str, PayloadField] = {}
    extra: str | None = None
    alias_generator = False
    for info in reversed(model.type.mro):
        if info.fullname == fullnames.BASE_MODEL or not info.has_base(fullnames.BASE_MODEL):
            continue
        facts = info.metadata.get(fullnames.METADATA_KEY)
        if facts is None or not facts["read"]:
            facts = _unread_facts(info)
        extra = facts["extra"] or extra
        alias_generator = facts["alias_generator"] or alias_generator
        mapped = map_instance_to_supertype(model, info)
        for name, field in facts["fields"].items():
            symbol = info.names.get(name)
            if not _is_field(symbol, field["default"]):
                continue
            assert symbol is not None
            assert isinstance(symbol.node, Var)
            declared = symbol.node.type or AnyType(TypeOfAny.unannotated)
            fields[name] = PayloadField(
                name=name,
                type=expand_type_by_instance(declared, mapped),
                required=not field["default"],
                aliases=tuple(field["aliases"]),
                path_aliases=tuple(field["path_aliases"]),
                open=field["open"],
            )
    return Payload(
        model=model,
        fields=tuple(fields.values()),
        allows_extra=extra == "allow",
        unknown_extra=extra == UNKNOWN,
        alias_generator=alias_generator,
    )


def _is_field(symbol: SymbolTableNode | None, has_default: bool) -> bool:
    """Whether a name the class body annotates is a pydantic field (pydantic.mypy's rule:
    not a ``ClassVar``, nor ``Final`` with a value)."""
    return (
        symbol is not None
        and isinstance(symbol.node, Var)
        and not symbol.node.is_classvar
        and not (symbol.node.is_final and has_default)
    )


def _unread_facts(info: TypeInfo) -> dict[str, Any]:
    """Facts for a model whose source could not be read: its variables, each open."""
    return {
        "fields": {
            name: OPEN_FIELD
            for name, symbol in info.names.items()
            if isinstance(symbol.node, Var) and not name.startswith("_") and name != "model_config"
        },
        "extra": UNKNOWN,
        "alias_generator": True,
    }


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


def declared_payload(signal: Type) -> Type | None:
    """The ``M`` a ``Signal[M]`` (or subclass) instance declares; ``None`` if not a signal."""
    signal = get_proper_type(signal)
    if not isinstance(signal, Instance):
        return None
    signal_info = next(
        (info for info in signal.type.mro if info.fullname == fullnames.SIGNAL), None
    )
    if signal_info is None:
        return None
    return map_instance_to_supertype(signal, signal_info).args[0]


def model_of_signal(signal: Type) -> Instance | None:
    """The model ``M`` of a ``Signal[M]`` (or subclass) instance; ``None`` when unchecked.

    Unchecked: an untyped ``Signal()``, ``Signal[Any]``, a type variable, a model the runtime
    refuses (``declaration``), anything else.
    """
    model = get_proper_type(declared_payload(signal))
    if isinstance(model, Instance) and is_payload_model(model.type):
        return model
    return None


def is_payload_model(info: TypeInfo) -> bool:
    """A ``BaseModel`` subclass with keyword fields (a ``RootModel`` has none)."""
    return info.has_base(fullnames.BASE_MODEL) and not (
        info.fullname == fullnames.BASE_MODEL or info.has_base(fullnames.ROOT_MODEL)
    )


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
