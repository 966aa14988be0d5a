"""signal-declaration: a payload field named, or aliased, signal or sender."""

from typing import Any, TypeVar

from payloads import PizzaDone, ReservedAlias, ReservedSender

from typedsignals import Signal

bad = Signal[ReservedSender]()  # E: ReservedSender cannot be a signal payload: field "sender" clashes with the argument every receiver gets; rename it  [signal-declaration]
aliased = Signal[ReservedAlias](doc="x")  # E: ReservedAlias cannot be a signal payload: field "from_" (alias "signal") clashes with the argument every receiver gets; rename it  [signal-declaration]


class BadSignal(Signal[ReservedSender]):
    """A subclass with a bad model: reported where it is created."""


bad_by_subclass = BadSignal()  # E: ReservedSender cannot be a signal payload: field "sender" clashes with the argument every receiver gets; rename it  [signal-declaration]
fine = Signal[PizzaDone]()
untyped = Signal()
any_model = Signal[Any]()
M = TypeVar("M", bound=PizzaDone)


def make(model: type[M]) -> Signal[M]:
    return Signal[M]()


Signal[int]()  # E: Value of type variable "M" of "Signal" cannot be "int"  [type-var]
