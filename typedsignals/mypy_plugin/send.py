"""``send``, ``send_robust``, ``asend`` and ``asend_robust``: a signature built from the model.

The runtime declares one signature, ``(sender, *payload: M, **fields: Any)``. For a typed
signal the plugin narrows it, per call, to what the model accepts, and mypy then reports
mistakes with its own ``call-arg``/``arg-type`` errors:

- ``send(sender, payload)``: ``(sender, payload: M, /)``;
- ``send(sender, **fields)``: ``(sender, *, field: type, …)``: a required field is a required
  keyword, a field with a default an optional one. A field with aliases may be given by any of
  them: the spelling the call uses is the required one (the field's name if it uses none).
  ``extra="allow"``, or a keyword the plugin cannot know (an alias generator, a dynamic alias),
  adds ``**extra: Any``.

Called through the class, ``Signal.send(sig, sender, ...)``, the signal is the first argument.
``super().send(...)`` is not checked: mypy calls no plugin hook for a method reached through
``super()``.
"""

from __future__ import annotations

from mypy.nodes import (
    ARG_NAMED,
    ARG_NAMED_OPT,
    ARG_POS,
    ARG_STAR,
    ARG_STAR2,
    ArgKind,
    CallExpr,
    Expression,
)
from mypy.plugin import MethodSigContext
from mypy.types import AnyType, CallableType, FunctionLike, Type, TypeOfAny

from typedsignals.mypy_plugin import fullnames
from typedsignals.mypy_plugin.models import Payload, payload_of_signal

DECLARED_KINDS = [ARG_POS, ARG_STAR, ARG_STAR2]
"""``(sender, *payload, **fields)``, once bound: the only shape the plugin rewrites."""


def send_signature(ctx: MethodSigContext) -> FunctionLike:
    """The signature a send call is checked against (a method-signature hook)."""
    declared = ctx.default_signature
    if declared.arg_kinds == DECLARED_KINDS:
        return _narrowed(declared, ctx.type, ctx, ctx.args[1:])
    if declared.arg_kinds == [ARG_POS, *DECLARED_KINDS] and ctx.args[0]:
        # Signal.send(sig, sender, ...): narrow the bound signature, keep ``self`` first.
        signal = ctx.api.get_expression_type(ctx.args[0][0])
        bound = declared.copy_modified(
            arg_types=declared.arg_types[1:],
            arg_kinds=declared.arg_kinds[1:],
            arg_names=declared.arg_names[1:],
        )
        narrowed = _narrowed(bound, signal, ctx, ctx.args[2:])
        if narrowed is bound:
            return declared
        return narrowed.copy_modified(
            arg_types=[declared.arg_types[0], *narrowed.arg_types],
            arg_kinds=[ARG_POS, *narrowed.arg_kinds],
            arg_names=[None, *narrowed.arg_names],
        )
    return declared  # a subclass overrode send with a signature of its own


def _narrowed(
    declared: CallableType,
    signal: Type,
    ctx: MethodSigContext,
    payload_args: list[list[Expression]],
) -> CallableType:
    """``declared`` (``(sender, *payload, **fields)``) narrowed to what ``signal`` sends."""
    payload = payload_of_signal(signal, ctx.api)
    if payload is None:
        return declared
    if payload_args[0]:
        return declared.copy_modified(
            arg_types=[declared.arg_types[0], payload.model],
            arg_kinds=[ARG_POS, ARG_POS],
            arg_names=[None, None],
            definition=None,
        )
    used = set(ctx.context.arg_names) if isinstance(ctx.context, CallExpr) else set()
    return _keyword_signature(declared, payload, used)


def _keyword_signature(
    declared: CallableType, payload: Payload, used: set[str | None]
) -> CallableType:
    types: list[Type] = [declared.arg_types[0]]
    kinds: list[ArgKind] = [ARG_POS]
    names: list[str | None] = ["sender"]
    for field in payload.fields:
        keys = [
            key for key in field.keys if key not in fullnames.RESERVED_NAMES and key not in names
        ]
        chosen = next((key for key in keys if key in used), field.name)
        for key in keys:
            required = key == chosen and not payload.may_omit(field)
            types.append(field.type_of(key))
            kinds.append(ARG_NAMED if required else ARG_NAMED_OPT)
            names.append(key)
    if payload.allows_extra or payload.open_keys:
        types.append(AnyType(TypeOfAny.explicit))
        kinds.append(ARG_STAR2)
        names.append("extra")
    # No definition: mypy would add a note pointing at the generic ``send`` in typedsignals.
    return declared.copy_modified(
        arg_types=types, arg_kinds=kinds, arg_names=names, definition=None
    )
