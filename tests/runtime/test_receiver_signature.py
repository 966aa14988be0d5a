"""Connect-time checks: a receiver that could not be called with the payload is refused."""

from __future__ import annotations

import functools
from typing import Any
from unittest import mock

import pytest
from pydantic import BaseModel, ConfigDict

from tests.runtime.conftest import PizzaDone
from typedsignals import ReceiverSignatureError, Signal

pizza_done = Signal[PizzaDone]()
PREFIX = (
    "receiver 'tests.runtime.test_receiver_signature.{}' cannot receive signal "
    "'tests.runtime.test_receiver_signature.pizza_done' (PizzaDone): "
)


def needs_colour(toppings: list[str], colour: str, **kwargs: Any) -> None: ...


def no_kwargs(signal: Any, sender: Any, toppings: list[str]) -> None: ...


def positional_only(sender: Any, /, **kwargs: Any) -> None: ...


def exact(signal: Any, sender: Any, toppings: list[str], size: int) -> None: ...


def subset(sender: Any, size: int, extra: str = "", **kwargs: Any) -> None: ...


def with_var_positional(*args: Any, **kwargs: Any) -> None: ...


class Kitchen:
    def box(self, toppings: list[str], **kwargs: Any) -> None: ...

    def wrong(self, colour: str, **kwargs: Any) -> None: ...


@pytest.mark.parametrize(
    ("receiver", "problem"),
    [
        (needs_colour, "parameter 'colour' is required but PizzaDone has no such field"),
        (
            no_kwargs,
            "it cannot accept field 'size' (add a parameter 'size' or **kwargs)",
        ),
        (
            positional_only,
            "parameter 'sender' is positional-only, but receivers are called with keyword "
            "arguments only",
        ),
    ],
)
def test_refused_with_the_reason(receiver: Any, problem: str) -> None:
    with pytest.raises(ReceiverSignatureError) as error:
        pizza_done.connect(receiver)
    assert str(error.value) == PREFIX.format(receiver.__qualname__) + problem
    assert not pizza_done.has_listeners()


def test_every_problem_is_listed() -> None:
    def lacking(toppings: list[str]) -> None: ...

    with pytest.raises(ReceiverSignatureError) as error:
        pizza_done.connect(lacking)
    assert str(error.value) == PREFIX.format(lacking.__qualname__) + (
        "it cannot accept the argument 'signal' (add a parameter 'signal' or **kwargs); "
        "it cannot accept the argument 'sender' (add a parameter 'sender' or **kwargs); "
        "it cannot accept field 'size' (add a parameter 'size' or **kwargs)"
    )


def test_bound_method_is_named_by_its_class() -> None:
    kitchen = Kitchen()
    with pytest.raises(ReceiverSignatureError) as error:
        pizza_done.connect(kitchen.wrong)
    assert str(error.value) == PREFIX.format("Kitchen.wrong") + (
        "parameter 'colour' is required but PizzaDone has no such field"
    )


class Opaque:
    """A callable whose signature cannot be inspected (like some builtins): accepted as is."""

    __signature__ = "not a signature"

    def __call__(self, **kwargs: Any) -> None: ...


@pytest.mark.parametrize(
    "receiver",
    [
        exact,
        subset,
        with_var_positional,
        Kitchen().box,
        functools.partial(needs_colour, colour="red"),
        Opaque(),
    ],
)
def test_accepted(receiver: Any) -> None:
    signal = Signal[PizzaDone]()
    signal.connect(receiver, weak=False)
    assert signal.has_listeners()


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")
    n: int


def test_extra_allow_needs_kwargs() -> None:
    def takes_n(signal: Any, sender: Any, n: int) -> None: ...

    with pytest.raises(ReceiverSignatureError) as error:
        Signal[Open]().connect(takes_n)
    assert str(error.value).endswith(
        "(Open): Open allows extra fields (extra='allow'), so the receiver needs **kwargs to "
        "take them"
    )


def test_not_callable_is_a_type_error() -> None:
    with pytest.raises(TypeError) as error:
        pizza_done.connect(3)  # type: ignore[type-var]
    assert str(error.value) == (
        "Signal receivers must be callable. Signal "
        "'tests.runtime.test_receiver_signature.pizza_done' was given 3: connect a function, a "
        "method or an object that defines __call__"
    )


def test_checked_again_after_a_refusal_and_per_binding() -> None:
    """Checks are remembered per function only once they pass, and bound/unbound apart."""
    signal = Signal[PizzaDone]()
    for _ in range(2):
        with pytest.raises(ReceiverSignatureError):
            signal.connect(needs_colour)
    kitchen = Kitchen()
    signal.connect(kitchen.box)  # passes: `self` is bound
    with pytest.raises(ReceiverSignatureError, match="parameter 'self' is required"):
        signal.connect(Kitchen.box)  # the same function, unbound: `self` is never sent


def test_a_strong_connection_is_checked_every_time_and_takes_no_weak_reference() -> None:
    """``weak=False`` holds no weak reference, not even in the check cache (Django's
    tests/signals mock ``weakref.ref`` to assert that), so its check is never cached."""
    signal = Signal[PizzaDone]()
    with mock.patch("weakref.ref") as ref:
        signal.connect(exact, weak=False)
        assert signal.disconnect(exact)
        for _ in range(2):
            with pytest.raises(ReceiverSignatureError, match="parameter 'colour' is required"):
                signal.connect(needs_colour, weak=False)
    ref.assert_not_called()
    signal.connect(exact)  # weak: the cache takes its weak reference now
    assert [info.receiver for info in signal.receivers_info()] == [exact]
