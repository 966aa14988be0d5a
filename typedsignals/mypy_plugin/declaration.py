"""``Signal[M](...)``: a payload field named (or aliased) ``signal`` or ``sender``.

The runtime refuses such a model with ``SignalDeclarationError``; the plugin reports it at the
expression that creates the signal (code ``signal-declaration``). mypy names a call of a class
after the class, so ``Signal[M](...)`` and ``MySignal(...)`` both reach this function hook.
"""

from __future__ import annotations

from mypy.plugin import FunctionContext
from mypy.types import Type

from typedsignals.mypy_plugin import fullnames
from typedsignals.mypy_plugin.errors import reserved_field
from typedsignals.mypy_plugin.models import payload_of_signal


def declaration_hook(ctx: FunctionContext) -> Type:
    payload = payload_of_signal(ctx.default_return_type, ctx.api)
    if payload is None:
        return ctx.default_return_type
    for field in payload.fields:
        for key in field.keys:
            if key in fullnames.RESERVED_NAMES:
                reserved_field(ctx.api, ctx.context, payload.name, field.name, key)
    return ctx.default_return_type
