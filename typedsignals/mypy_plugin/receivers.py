"""Receivers, checked against the payload however they are connected.

- ``sig.connect(fn)`` and ``@sig.connect``: the ``connect`` method hook checks ``fn``.
- ``@sig.connect(sender=…)``, ``@receiver(sig)``, ``@receiver([a, b])`` and other decorator
  factories registered like ``receiver`` (``typedsignals.contrib.celery.task_receiver``): the
  factory's call is typed as ``_ReceiverDecorator[tuple[Signal[A], …]]`` (a class that exists
  for type checkers only, in ``typedsignals.receivers``), carrying in its extra attributes (as
  mypy's own ``functools.partial`` support does) the ``sender`` argument and the type the
  factory declares it returns. Applying it calls its ``__call__``, whose hook checks the
  function against each signal and returns what the declared decorator returns for it (the
  function itself for ``receiver`` and ``connect``).

A receiver is called as ``receiver(signal=…, sender=…, **values)``, keywords only, with every
field of the model (defaults are filled), as ``typedsignals.receivers.check_receiver_signature``
checks at connect time; here the types are checked too. A model generic over one type
parameter is bound to the class given as ``sender`` (``models.model_for_sender``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, NamedTuple

from mypy.checker import TypeChecker
from mypy.erasetype import erase_typevars
from mypy.maptype import map_instance_to_supertype
from mypy.nodes import (
    ARG_OPT,
    ARG_POS,
    ARG_STAR,
    ARG_STAR2,
    Context,
    Decorator,
    Expression,
    FuncItem,
    ListExpr,
    MemberExpr,
    NameExpr,
    StarExpr,
    TempNode,
    TupleExpr,
    TypeInfo,
)
from mypy.plugin import CheckerPluginInterface, FunctionContext, MethodContext
from mypy.subtypes import find_member, is_subtype
from mypy.types import (
    AnyType,
    CallableType,
    ExtraAttrs,
    Instance,
    NoneType,
    ParamSpecType,
    ProperType,
    TupleType,
    Type,
    TypeOfAny,
    TypeVarType,
    UnionType,
    UnpackType,
    get_proper_type,
)

from typedsignals.mypy_plugin import fullnames
from typedsignals.mypy_plugin.errors import ReceiverErrors
from typedsignals.mypy_plugin.models import Payload, model_of_signal, payload_of_signal

DecoratorLookup = Callable[[], TypeInfo | None]
"""Finds ``_ReceiverDecorator`` (the plugin's symbol lookup, bound)."""

SENDER_ATTRIBUTE: Final = "__typedsignals_sender"
"""``_ReceiverDecorator``'s extra attribute: the type of the ``sender=`` argument, if any."""
DECLARED_ATTRIBUTE: Final = "__typedsignals_decorator"
"""``_ReceiverDecorator``'s extra attribute: the decorator type the factory declares."""


def connect_hook(decorator_info: DecoratorLookup, ctx: MethodContext) -> Type:
    """``sig.connect(fn)`` / ``@sig.connect``: check ``fn``; ``connect(sender=…)``: remember sig."""
    sender = _sender_argument(ctx)
    given = _argument(ctx, "receiver")
    if given is not None and not isinstance(given, NoneType):
        payload = payload_of_signal(ctx.type, ctx.api, sender)
        if payload is not None:
            where = _Where.of(ctx, _argument_expression(ctx, "receiver"))
            check_receiver(ctx.api, given, ctx.type, payload, where)
        return ctx.default_return_type
    if not isinstance(get_proper_type(ctx.default_return_type), CallableType):
        return ctx.default_return_type  # a subclass's connect returns something else
    return _decorator(decorator_info, ctx.api, [ctx.type], sender, ctx.default_return_type)


def receiver_hook(decorator_info: DecoratorLookup, ctx: FunctionContext) -> Type:
    """``receiver(sig)`` / ``receiver([a, b])``: a decorator that remembers its signals."""
    if not ctx.args or not ctx.args[0]:
        return ctx.default_return_type
    expression = ctx.args[0][0]
    if isinstance(expression, (ListExpr, TupleExpr)):
        # A list literal's own type joins its items (to Signal[Any]): type each item.
        signals = [
            signal
            for item in expression.items
            for signal in (
                _signals_in(ctx.api, ctx.api.get_expression_type(item.expr), iterable=True)
                if isinstance(item, StarExpr)
                else _signals_in(ctx.api, ctx.api.get_expression_type(item))
            )
        ]
    else:
        signals = _signals_in(ctx.api, ctx.arg_types[0][0])
    sender = _sender_argument(ctx)
    return _decorator(decorator_info, ctx.api, signals, sender, ctx.default_return_type)


def decorator_call_hook(ctx: MethodContext) -> Type:
    """Applying ``_ReceiverDecorator[tuple[…]]``: check the function against each signal."""
    decorator = ctx.type
    function = _argument(ctx, None)
    if not isinstance(decorator, Instance) or not decorator.args or function is None:
        return ctx.default_return_type
    extra = decorator.extra_attrs.attrs if decorator.extra_attrs else {}
    signals = get_proper_type(decorator.args[0])
    where = _Where.of(ctx, _argument_expression(ctx, None))
    for signal in signals.items if isinstance(signals, TupleType) else []:
        payload = payload_of_signal(signal, ctx.api, extra.get(SENDER_ATTRIBUTE))
        if payload is not None:
            check_receiver(ctx.api, function, signal, payload, where)
    declared = extra.get(DECLARED_ATTRIBUTE)
    if declared is None or _returns_its_argument(declared) or not isinstance(ctx.api, TypeChecker):
        return ctx.default_return_type  # the function, as ``__call__`` returns it
    # What the factory's own decorator type returns for the function, e.g. a task object.
    result, _ = ctx.api.expr_checker.check_call(declared, ctx.args[0], [ARG_POS], ctx.context)
    return result


def _returns_its_argument(decorator: Type) -> bool:
    """Whether ``decorator`` is ``(F) -> F`` (``receiver``'s and ``connect``'s own type)."""
    decorator = get_proper_type(decorator)
    return (
        isinstance(decorator, CallableType)
        and len(decorator.arg_types) == 1
        and isinstance(get_proper_type(decorator.ret_type), TypeVarType)
        and decorator.arg_types[0] == decorator.ret_type
    )


def _argument(ctx: MethodContext, name: str | None) -> ProperType | None:
    """The type of the argument given for the parameter ``name`` (``None``: the first)."""
    index = ctx.callee_arg_names.index(name) if name in ctx.callee_arg_names else 0
    if index < len(ctx.arg_types) and ctx.arg_types[index]:
        return get_proper_type(ctx.arg_types[index][0])
    return None


def _argument_expression(ctx: MethodContext, name: str | None) -> Expression | None:
    """The expression given for the parameter ``name`` (``None``: the first)."""
    index = ctx.callee_arg_names.index(name) if name in ctx.callee_arg_names else 0
    if index < len(ctx.args) and ctx.args[index]:
        return ctx.args[index][0]
    return None


def _signals_in(api: CheckerPluginInterface, given: Type, iterable: bool = False) -> list[Type]:
    """The signals a ``receiver`` argument (or, ``iterable``, its items) may hold.

    A signal, a tuple of signals, an iterable of signals (``list[Signal[A]]``), each member of
    a union: the receiver must fit every signal the type admits.
    """
    given = get_proper_type(given)
    if isinstance(given, TupleType):
        return [signal for item in given.items for signal in _signals_in(api, item)]
    if isinstance(given, UnionType):
        return [signal for item in given.items for signal in _signals_in(api, item, iterable)]
    if not isinstance(given, Instance):
        return []
    if not iterable and given.type.has_base(fullnames.SIGNAL):
        return [given]
    iterable_info = next(
        (info for info in given.type.mro if info.fullname == fullnames.ITERABLE), None
    )
    if iterable_info is None:
        return []
    item = map_instance_to_supertype(given, iterable_info).args[0]
    return _signals_in(api, item)


class _Where(NamedTuple):
    """Where a receiver's errors are reported, and the name to give it if its type has none."""

    context: Context
    name: str

    @classmethod
    def of(cls, ctx: MethodContext, receiver: Expression | None) -> _Where:
        """At the decorator that is wrong (``receiver`` is then a temporary node of mypy's
        holding what the decorators below it made of the function), else at the call."""
        if isinstance(receiver, TempNode) and isinstance(ctx.context, Decorator):
            function = ctx.context.func
            owner = f"{function.info.name}." if function.info else ""  # FUNC_NO_INFO is falsy
            return cls(receiver, owner + function.name)
        return cls(ctx.context, _expression_name(receiver))


def _expression_name(expression: Expression | None) -> str:
    """``handler`` or ``kitchen.box_it`` for a receiver given by name; else ``""``."""
    if isinstance(expression, NameExpr):
        return expression.name
    if isinstance(expression, MemberExpr):
        owner = _expression_name(expression.expr)
        return f"{owner}.{expression.name}" if owner else expression.name
    return ""


def _sender_argument(ctx: FunctionContext | MethodContext) -> Type | None:
    """The type of the ``sender`` argument, given to its own parameter or to ``**kwargs``."""
    if "sender" in ctx.callee_arg_names:
        given = ctx.arg_types[ctx.callee_arg_names.index("sender")]
        return given[0] if given else None
    for names, types in zip(ctx.arg_names, ctx.arg_types, strict=True):
        for name, typ in zip(names, types, strict=True):
            if name == "sender":
                return typ
    return None


def _decorator(
    decorator_info: DecoratorLookup,
    api: CheckerPluginInterface,
    signals: list[Type],
    sender: Type | None,
    declared: Type,
) -> Type:
    """``_ReceiverDecorator[tuple[*signals]]`` with ``sender`` and the declared decorator type."""
    info = decorator_info()
    if info is None or all(model_of_signal(signal) is None for signal in signals):
        return declared
    fallback = api.named_generic_type("builtins.tuple", [AnyType(TypeOfAny.special_form)])
    attributes = {DECLARED_ATTRIBUTE: declared}
    if sender is not None:
        attributes[SENDER_ATTRIBUTE] = sender
    decorator = Instance(info, [TupleType(signals, fallback)])
    decorator.extra_attrs = ExtraAttrs(attributes)
    return decorator


def check_receiver(
    api: CheckerPluginInterface,
    receiver: ProperType,
    signal: Type,
    payload: Payload,
    where: _Where,
) -> None:
    """Report each way ``receiver(signal=…, sender=…, **values)`` would not type-check."""
    function, bound_positionally = _as_callable(receiver)
    if function is None:
        return  # overloaded, Any …: not checked
    errors = ReceiverErrors(
        api, where.context, _receiver_name(function) or where.name, payload.name
    )
    sent: dict[str, Type] = {
        "signal": signal,
        "sender": AnyType(TypeOfAny.explicit),  # not checked against the declared sender
        **{field.name: field.type for field in payload.fields},
    }
    for bound in bound_positionally:
        if bound in sent:
            errors.bound_by_partial(bound)
    accepted: set[str] = set(bound_positionally)
    takes_any: Type | None = None
    for index, (kind, name, declared) in enumerate(
        zip(function.arg_kinds, function.arg_names, function.arg_types, strict=True)
    ):
        if kind == ARG_STAR2:
            takes_any = declared
        elif kind == ARG_STAR:
            continue
        elif kind.is_positional() and name is None:
            parameter = _positional_name(function, index)
            if kind.is_required():
                errors.positional_only(parameter, index + 1)
            elif parameter is not None and parameter in sent:
                errors.positional_only_never_receives(parameter)
        elif name is not None:
            accepted.add(name)
            if name in sent:
                if not is_subtype(sent[name], declared, options=api.options):
                    errors.wrong_type(name, declared, name, sent[name])
            elif kind.is_required():
                errors.required_not_sent(name)
    not_accepted = [name for name in sent if name not in accepted]
    if takes_any is None:
        for name in not_accepted:
            errors.cannot_accept(name)
        if payload.allows_extra:
            errors.needs_kwargs_for_extra()
        if not not_accepted and not payload.allows_extra:
            errors.no_kwargs()
    elif not isinstance(get_proper_type(takes_any), (ParamSpecType, UnpackType)):
        for name in not_accepted:
            if not is_subtype(sent[name], takes_any, options=api.options):
                errors.wrong_type("**kwargs", takes_any, name, sent[name])


def _as_callable(receiver: ProperType) -> tuple[CallableType | None, list[str]]:
    """The signature a receiver is called through, type variables erased to ``Any``, and
    the parameters a ``functools.partial`` binds positionally."""
    bound: list[str] = []
    if isinstance(receiver, Instance):
        partial = receiver.extra_attrs.attrs.get("__mypy_partial") if receiver.extra_attrs else None
        if partial is not None:  # functools.partial(...), as mypy's functools plugin types it
            receiver = get_proper_type(partial)
            bound = _bound_positionally(receiver)
        else:  # a callable object: its bound __call__
            call = find_member("__call__", receiver, receiver, is_operator=True)
            receiver = get_proper_type(call) if call is not None else receiver
    if not isinstance(receiver, CallableType):
        return None, bound
    erased = get_proper_type(erase_typevars(receiver.with_unpacked_kwargs()))
    return (erased if isinstance(erased, CallableType) else None), bound


def _bound_positionally(partial: ProperType) -> list[str]:
    """The named parameters of a partial's function that its positional arguments took.

    mypy's functools plugin keeps the function's definition and drops exactly those
    parameters from the partial's signature.
    """
    if not isinstance(partial, CallableType) or not isinstance(partial.definition, FuncItem):
        return []
    remaining = set(partial.arg_names)
    return [
        argument.variable.name
        for argument in partial.definition.arguments
        if argument.kind in (ARG_POS, ARG_OPT)
        and not argument.pos_only
        and argument.variable.name not in remaining
    ]


def _receiver_name(function: CallableType) -> str:
    """``box_it``, or ``Kitchen.box_it`` for a method (mypy names those ``box_it of Kitchen``)."""
    if not function.name:
        return ""
    name, _, owner = function.name.partition(" of ")
    return f"{owner}.{name}" if owner else name


def _positional_name(function: CallableType, index: int) -> str | None:
    """A positional-only parameter's name, which mypy keeps only in the definition."""
    arguments = getattr(function.definition, "arguments", None) or []
    offset = len(arguments) - len(function.arg_types)  # a bound method has lost ``self``
    if 0 <= index + offset < len(arguments):
        return str(arguments[index + offset].variable.name)
    return None
