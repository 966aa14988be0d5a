"""``typedsignals.testing``'s context managers and assertions, used directly."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from typedsignals import PayloadError, Signal
from typedsignals.testing import ANY, SignalCapture, connected, muted


class Oven:
    """Bakes."""


class Truck:
    """Delivers."""


class Baked(BaseModel):
    """A pizza left the oven."""

    toppings: list[str]
    size: int = Field(default=30, gt=0)


baked = Signal[Baked](sender=Oven)
untyped = Signal()


def test_capture_records_sender_and_validated_payload() -> None:
    with SignalCapture(baked) as sent:
        baked.send(Oven, toppings=["ham"], size="32")
        baked.send(Truck, Baked(toppings=[]))

    assert len(sent) == 2
    assert sent[0].sender is Oven
    assert sent[0].values == {"toppings": ["ham"], "size": 32}
    assert sent.payloads == [Baked(toppings=["ham"], size=32), Baked(toppings=[], size=30)]
    assert [each.sender for each in sent] == [Oven, Truck]
    assert not baked.has_listeners()


def test_capture_for_one_sender_only() -> None:
    with SignalCapture(baked, sender=Truck) as sent:
        baked.send(Oven, toppings=["ham"])
        baked.send(Truck, toppings=["olives"])

    assert [each.values["toppings"] for each in sent] == [["olives"]]


def test_capture_sees_async_sends() -> None:
    with SignalCapture(baked) as sent:
        asyncio.run(baked.asend(Oven, toppings=["ham"]))

    sent.assert_sent_once(Oven, toppings=["ham"], size=30)


def test_an_invalid_payload_raises_and_is_not_recorded() -> None:
    with SignalCapture(baked) as sent, pytest.raises(PayloadError):
        baked.send(Oven, toppings=["ham"], size=0)

    assert sent.sends == []


def test_assert_sent_returns_the_first_match() -> None:
    with SignalCapture(baked) as sent:
        baked.send(Oven, toppings=["ham"])
        baked.send(Oven, toppings=["ham"], size=40)

    assert sent.assert_sent(toppings=["ham"]) is sent[0]
    assert sent.assert_sent(Oven, size=40) is sent[1]
    assert sent.assert_sent(sender=ANY, toppings=ANY, size=40) is sent[1]


def test_assert_sent_names_each_field_that_differed() -> None:
    with SignalCapture(baked) as sent:
        baked.send(Oven, toppings=["ham"])
        baked.send(Truck, toppings=["olives"], size=40)

    with pytest.raises(AssertionError) as error:
        sent.assert_sent(Oven, toppings=["olives"], size=40)

    assert str(error.value) == (
        f"signal '{__name__}.baked' was not sent with sender={__name__}.Oven, "
        "toppings=['olives'], size=40; it was sent 2 times:\n"
        "  #1 toppings=['ham'] (expected ['olives']), size=30 (expected 40)\n"
        f"  #2 sender={__name__}.Truck (expected {__name__}.Oven)"
    )


def test_assert_sent_when_never_sent() -> None:
    with SignalCapture(baked) as sent:
        pass

    with pytest.raises(AssertionError) as with_fields:
        sent.assert_sent(size=40)
    with pytest.raises(AssertionError) as without:
        sent.assert_sent_once()

    assert str(with_fields.value) == (
        f"signal '{__name__}.baked' was never sent (expected a send with size=40)"
    )
    assert str(without.value) == f"signal '{__name__}.baked' was never sent"


def test_assert_sent_once_lists_every_match() -> None:
    with SignalCapture(baked) as sent:
        baked.send(Oven, toppings=["ham"])
        baked.send(Oven, toppings=["olives"])
        baked.send(Oven, toppings=["ham"], size=40)

    with pytest.raises(AssertionError) as error:
        sent.assert_sent_once(toppings=["ham"])

    assert str(error.value) == (
        f"signal '{__name__}.baked' was sent with toppings=['ham'] 2 times, expected once:\n"
        f"  #1 sender={__name__}.Oven: toppings=['ham'], size=30\n"
        f"  #3 sender={__name__}.Oven: toppings=['ham'], size=40"
    )


def test_identical_sends_are_listed_under_their_own_numbers() -> None:
    with SignalCapture(baked) as sent:
        baked.send(Oven, toppings=["ham"])
        baked.send(Oven, toppings=["ham"])

    with pytest.raises(AssertionError) as error:
        sent.assert_sent_once(toppings=["ham"])

    assert str(error.value) == (
        f"signal '{__name__}.baked' was sent with toppings=['ham'] 2 times, expected once:\n"
        f"  #1 sender={__name__}.Oven: toppings=['ham'], size=30\n"
        f"  #2 sender={__name__}.Oven: toppings=['ham'], size=30"
    )


def test_assert_not_sent() -> None:
    with SignalCapture(baked) as sent:
        sent.assert_not_sent()
        baked.send(Oven, toppings=["ham"])
        sent.assert_not_sent(size=40)
        sent.assert_not_sent(Truck)

    with pytest.raises(AssertionError) as error:
        sent.assert_not_sent()

    assert str(error.value) == (
        f"signal '{__name__}.baked' was sent once, expected no such send:\n"
        f"  #1 sender={__name__}.Oven: toppings=['ham'], size=30"
    )


def test_assertions_refuse_a_field_the_model_lacks() -> None:
    with SignalCapture(baked) as sent:
        baked.send(Oven, toppings=["ham"])

    with pytest.raises(TypeError) as error:
        sent.assert_sent(sise=30)

    assert str(error.value) == (
        f"signal '{__name__}.baked': Baked has no field 'sise' (fields: toppings, size); "
        "assertions take the sender and field names"
    )


def test_extra_fields_can_be_asserted_when_the_model_allows_them() -> None:
    class Loose(BaseModel):
        model_config = ConfigDict(extra="allow")
        size: int

    loose = Signal[Loose]()
    with SignalCapture(loose) as sent:
        loose.send(None, size=1, colour="red")

    sent.assert_sent(sender=None, colour="red")
    assert sent.payloads[0].model_extra == {"colour": "red"}


def test_untyped_signals_have_values_but_no_payload_model() -> None:
    with SignalCapture(untyped) as sent:
        untyped.send(Oven, anything=1)

    sent.assert_sent(anything=1)
    with pytest.raises(TypeError) as error:
        sent[0].payload
    assert str(error.value) == (
        f"signal '{__name__}.untyped' is untyped, so its sends have no payload model: "
        "read .values instead"
    )


def test_a_field_not_sent_is_reported() -> None:
    untyped = Signal()
    with SignalCapture(untyped) as sent:
        untyped.send(Oven, toppings=["ham"])

    with pytest.raises(AssertionError) as error:
        sent.assert_sent(size=30)

    assert str(error.value).endswith("\n  #1 size not sent (expected 30)")


def test_defaults_are_sent_when_validation_is_off() -> None:
    fast = Signal[Baked](validate=False)
    with SignalCapture(fast) as sent:
        fast.send(Oven, toppings=["ham"])

    sent.assert_sent(toppings=["ham"], size=30)


def test_muted_disconnects_every_receiver_and_restores_them_as_they_were() -> None:
    calls: list[str] = []

    class Counter:
        def count(self, **kwargs: Any) -> None:
            calls.append("method")

    counter = Counter()

    def first(**kwargs: Any) -> None:
        calls.append("first")

    def by_uid(**kwargs: Any) -> None:
        calls.append("by_uid")

    signal = Signal[Baked]()
    signal.connect(first)
    signal.connect(counter.count, sender=Oven)
    signal.connect(by_uid, dispatch_uid="uid", weak=False)
    before = signal.receivers_info()

    with muted(signal):
        signal.send(Oven, toppings=[])
        assert not signal.has_listeners(Oven)
        with pytest.raises(PayloadError):
            signal.send(Oven, toppings=[], size=-1)

    assert calls == []
    assert signal.receivers_info() == before
    signal.send(Oven, toppings=[])
    assert calls == ["first", "method", "by_uid"]


def test_muted_restores_receivers_when_the_block_raises() -> None:
    def receiver(**kwargs: Any) -> None: ...

    baked.connect(receiver)
    with pytest.raises(RuntimeError), muted(baked, untyped):
        raise RuntimeError
    assert [info.receiver for info in baked.receivers_info()] == [receiver]
    baked.disconnect(receiver)


def test_a_capture_inside_muted_sees_sends_no_receiver_gets() -> None:
    calls: list[int] = []

    def receiver(size: int, **kwargs: Any) -> None:
        calls.append(size)

    baked.connect(receiver)
    with muted(baked), SignalCapture(baked) as sent:
        baked.send(Oven, toppings=[], size=31)
    baked.send(Oven, toppings=[], size=32)

    sent.assert_sent_once(size=31)
    assert calls == [32]
    baked.disconnect(receiver)


def test_muted_keeps_weak_receivers_weak() -> None:
    def receiver(**kwargs: Any) -> None: ...

    baked.connect(receiver)
    with muted(baked):
        pass
    assert baked.receivers_info()[0].weak
    del receiver
    gc.collect()
    assert not baked.has_listeners()


def test_connected_for_the_block_only() -> None:
    calls: list[object] = []

    def receiver(sender: object, **kwargs: Any) -> None:
        calls.append(sender)

    with connected(baked, receiver, sender=Oven) as connected_receiver:
        assert connected_receiver is receiver
        baked.send(Oven, toppings=[])
        baked.send(Truck, toppings=[])
    baked.send(Oven, toppings=[])

    assert calls == [Oven]
    assert not baked.has_listeners()


def test_connected_refuses_a_receiver_already_connected() -> None:
    def receiver(**kwargs: Any) -> None: ...

    baked.connect(receiver, sender=Oven)
    with (
        pytest.raises(ValueError, match="already connected") as error,
        connected(baked, receiver, Oven),
    ):
        pass

    assert str(error.value) == (
        f"receiver '{__name__}.test_connected_refuses_a_receiver_already_connected.<locals>."
        f"receiver' is already connected to signal '{__name__}.baked' for that sender; "
        "connected() would disconnect it at the end of the block"
    )
    assert baked.has_listeners(Oven)
    with connected(baked, receiver):  # for every sender: another key
        pass
    assert baked.disconnect(receiver, sender=Oven)


def test_the_payload_of_a_model_with_aliases() -> None:
    class Crusted(BaseModel):
        crust: str = Field(default="thin", alias="base")

    crusted = Signal[Crusted]()
    with SignalCapture(crusted) as sent:
        crusted.send(None, base="thick")

    sent.assert_sent_once(crust="thick")
    assert sent[0].payload.crust == "thick"
