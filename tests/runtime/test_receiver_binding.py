"""Connect-time checks for parameters that can never receive what they are named after.

A positional-only parameter with a default named like a field keeps its default (the field
goes to ``**kwargs``); a ``functools.partial`` that binds ``sender`` (or a field) positionally
makes every send pass it twice. The mypy plugin reports both too (tests/mypy/cases).
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from tests.runtime.conftest import PizzaDone
from typedsignals import ReceiverSignatureError, Signal

pizza_done = Signal[PizzaDone]()
untyped = Signal()
PREFIX = "receiver '{}' cannot receive signal 'tests.runtime.test_receiver_binding.{}' ({}): "


class Store:
    """Sends pizzas."""


def positional_field(sender: Any, size: int = 0, /, **kwargs: Any) -> None: ...


def positional_other(cache: int = 0, /, sender: Any = None, **kwargs: Any) -> None: ...


def notify(sender: Any, size: int, **kwargs: Any) -> None: ...


def sender_positional(sender: Any, /, **kwargs: Any) -> None: ...


@pytest.mark.parametrize(
    ("receiver", "label", "problem"),
    [
        (
            positional_field,
            "tests.runtime.test_receiver_binding.positional_field",
            "parameter 'sender' is positional-only, but receivers are called with keyword "
            "arguments only; parameter 'size' is positional-only, so field 'size' never "
            "reaches it (make it a keyword parameter)",
        ),
        (
            functools.partial(notify, Store),
            "functools.partial",
            "parameter 'sender' is bound positionally by functools.partial, so each send "
            "gives it twice (bind it by keyword)",
        ),
        (
            functools.partial(notify, Store, 30),
            "functools.partial",
            "parameter 'sender' is bound positionally by functools.partial, so each send "
            "gives it twice (bind it by keyword); parameter 'size' is bound positionally by "
            "functools.partial, so each send gives it twice (bind it by keyword)",
        ),
    ],
)
def test_refused(receiver: Any, label: str, problem: str) -> None:
    with pytest.raises(ReceiverSignatureError) as error:
        pizza_done.connect(receiver)
    assert str(error.value) == PREFIX.format(label, "pizza_done", "PizzaDone") + problem
    assert not pizza_done.has_listeners()


def test_untyped_signals_check_the_reserved_names() -> None:
    with pytest.raises(ReceiverSignatureError) as error:
        untyped.connect(functools.partial(notify, Store))
    assert str(error.value) == PREFIX.format("functools.partial", "untyped", "untyped") + (
        "parameter 'sender' is bound positionally by functools.partial, so each send gives "
        "it twice (bind it by keyword)"
    )


@pytest.mark.parametrize(
    "receiver",
    [
        positional_other,
        functools.partial(notify, sender=Store),
        functools.partial(sender_positional, Store),
    ],
    ids=["unrelated-positional-default", "bound-by-keyword", "positional-only-bound"],
)
def test_accepted(receiver: Any) -> None:
    pizza_done.connect(receiver, weak=False)
    try:
        pizza_done.send(Store, toppings=["ham"])
    finally:
        pizza_done.disconnect(receiver)
