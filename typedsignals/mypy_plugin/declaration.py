"""``Signal[M](...)`` with a model the runtime refuses: ``SignalDeclarationError`` at import.

Reported at the expression that creates the signal (code ``signal-declaration``): a payload
field named (or aliased) ``signal`` or ``sender``, a ``RootModel`` (or ``BaseModel`` itself),
which has no keyword fields, and a union of models. mypy names a call of a class after the
class, so ``Signal[M](...)`` and ``MySignal(...)`` both reach this function hook.

``Signal(M, ...)`` is typed ``CheckedSignal[M, P]`` for checkers without plugins (its sends
take the model's ``__init__`` parameters). Under the plugin it is a ``Signal[M]``, so that
its sends are checked as every other signal's are: by field name or alias, with the
plugin's messages.
"""

from __future__ import annotations

from mypy.maptype import map_instance_to_supertype
from mypy.plugin import FunctionContext
from mypy.types import Instance, Type, UnionType, get_proper_type

from typedsignals.mypy_plugin import errors, fullnames
from typedsignals.mypy_plugin.models import declared_payload, is_payload_model, payload_of_signal


def declaration_hook(ctx: FunctionContext) -> Type:
    declared = get_proper_type(declared_payload(ctx.default_return_type))
    if isinstance(declared, UnionType):
        errors.not_a_model(ctx.api, ctx.context, declared)
    elif (
        isinstance(declared, Instance)
        and declared.type.has_base(fullnames.BASE_MODEL)
        and not is_payload_model(declared.type)
    ):
        errors.no_keyword_fields(ctx.api, ctx.context, declared.type.name)
    payload = payload_of_signal(ctx.default_return_type, ctx.api)
    if payload is not None:
        for field in payload.fields:
            for key in field.keys:
                if key in fullnames.RESERVED_NAMES:
                    errors.reserved_field(ctx.api, ctx.context, payload.name, field.name, key)
    return _as_signal(ctx.default_return_type)


def _as_signal(returned: Type) -> Type:
    """``Signal[M]`` for the plugin-free spelling's ``CheckedSignal[M, P]``; else ``returned``."""
    proper = get_proper_type(returned)
    if not (isinstance(proper, Instance) and proper.type.fullname == fullnames.CHECKED_SIGNAL):
        return returned
    signal = next(info for info in proper.type.mro if info.fullname == fullnames.SIGNAL)
    return map_instance_to_supertype(proper, signal)
