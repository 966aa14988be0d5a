"""``Signal[M](...)`` with a model the runtime refuses: ``SignalDeclarationError`` at import.

Reported at the expression that creates the signal (code ``signal-declaration``): a payload
field named (or aliased) ``signal`` or ``sender``, a ``RootModel`` (or ``BaseModel`` itself),
which has no keyword fields, and a union of models. mypy names a call of a class after the
class, so ``Signal[M](...)`` and ``MySignal(...)`` both reach this function hook.
"""

from __future__ import annotations

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
    if payload is None:
        return ctx.default_return_type
    for field in payload.fields:
        for key in field.keys:
            if key in fullnames.RESERVED_NAMES:
                errors.reserved_field(ctx.api, ctx.context, payload.name, field.name, key)
    return ctx.default_return_type
