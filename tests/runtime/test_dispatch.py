"""Django's tests/dispatch/tests.py, ported: connecting, sending, weak references, caching."""

from __future__ import annotations

import weakref
from types import TracebackType
from typing import Any

import pytest

from tests.runtime.conftest import Val, garbage_collect
from typedsignals import ReceiverSignatureError, Signal, receiver


def receiver_1_arg(val: Any, **kwargs: Any) -> Any:
    return val


class Callable:
    def __call__(self, val: Any, **kwargs: Any) -> Any:
        return val

    def a(self, val: Any, **kwargs: Any) -> Any:
        return val


@pytest.fixture(params=["typed", "untyped"])
def a_signal(request: pytest.FixtureRequest) -> Signal[Any]:
    """Every Django case runs on a typed signal and on an untyped one."""
    return Signal[Val]() if request.param == "typed" else Signal()


@pytest.fixture
def d_signal() -> Signal[Val]:
    return Signal[Val](use_caching=True)


def assert_clean(signal: Signal[Any]) -> None:
    """Everything was cleaned up (dead references are pruned by using the signal)."""
    assert not signal.has_listeners()
    assert signal.receivers_info() == []


def test_exact(a_signal: Signal[Any]) -> None:
    sender = object()
    a_signal.connect(receiver_1_arg, sender=sender)
    assert a_signal.send(sender=sender, val="test") == [(receiver_1_arg, "test")]
    a_signal.disconnect(receiver_1_arg, sender=sender)
    assert_clean(a_signal)


def test_ignored_sender(a_signal: Signal[Any]) -> None:
    a_signal.connect(receiver_1_arg)
    assert a_signal.send(sender=object(), val="test") == [(receiver_1_arg, "test")]
    a_signal.disconnect(receiver_1_arg)
    assert_clean(a_signal)


def test_other_sender_is_not_heard(a_signal: Signal[Any]) -> None:
    a_signal.connect(receiver_1_arg, sender=int)
    assert a_signal.send(sender=str, val="test") == []
    assert a_signal.send(sender=int, val="test") == [(receiver_1_arg, "test")]


def test_garbage_collected(a_signal: Signal[Any]) -> None:
    a = Callable()
    a_signal.connect(a.a, sender=a_signal)
    del a
    garbage_collect()
    assert a_signal.send(sender=a_signal, val="test") == []
    assert_clean(a_signal)


def test_garbage_collected_closure(a_signal: Signal[Any]) -> None:
    def make_id(val: Any, **kwargs: Any) -> Any:
        return val

    a_signal.connect(make_id)
    del make_id
    garbage_collect()
    assert a_signal.send(sender=object(), val="test") == []
    assert_clean(a_signal)


def test_strong_reference_keeps_receiver(a_signal: Signal[Any]) -> None:
    def kept(val: Any, **kwargs: Any) -> Any:
        return val

    a_signal.connect(kept, weak=False)
    ref = weakref.ref(kept)
    del kept
    garbage_collect()
    assert a_signal.send(sender=None, val=1) == [(ref(), 1)]
    assert a_signal.disconnect(ref())
    garbage_collect()
    assert ref() is None


def test_cached_garbage_collected(d_signal: Signal[Val]) -> None:
    """Caching receivers per sender does not keep senders alive."""

    class Sender:
        pass

    wref = weakref.ref(Sender)
    d_signal.connect(receiver_1_arg)
    d_signal.connect(receiver_1_arg, sender=str)  # a filtered receiver makes the cache matter
    assert d_signal.send(Sender, val="garbage") == [(receiver_1_arg, "garbage")]
    del Sender
    garbage_collect()
    assert wref() is None
    assert d_signal._by_sender == {}  # the dead sender's cache entry went with it


def test_cache_with_unweakrefable_and_unhashable_senders(d_signal: Signal[Val]) -> None:
    """Django raises TypeError for such senders with use_caching; the cache is bypassed here."""
    d_signal.connect(receiver_1_arg, sender=1)
    d_signal.connect(receiver_1_arg, sender=None, dispatch_uid="any")
    for sender in (1, [1], {"k": 1}, "text", None):
        expected = 2 if sender == 1 else 1
        assert len(d_signal.send(sender, val="x")) == expected


def test_cache_is_invalidated_by_connect_and_disconnect(d_signal: Signal[Val]) -> None:
    class Sender:
        pass

    d_signal.connect(receiver_1_arg, sender=Sender)
    assert d_signal.send(Sender, val=1) == [(receiver_1_arg, 1)]
    second = Callable()
    d_signal.connect(second, sender=Sender)
    assert d_signal.send(Sender, val=2) == [(receiver_1_arg, 2), (second, 2)]
    d_signal.disconnect(receiver_1_arg, sender=Sender)
    assert d_signal.send(Sender, val=3) == [(second, 3)]


def test_multiple_registration(a_signal: Signal[Any]) -> None:
    a = Callable()
    for _ in range(6):
        a_signal.connect(a)
    result = a_signal.send(sender=object(), val="test")
    assert len(result) == 1
    assert len(a_signal.receivers_info()) == 1
    del a, result
    garbage_collect()
    assert_clean(a_signal)


def test_same_bound_method_twice_is_one_receiver(a_signal: Signal[Any]) -> None:
    a = Callable()
    a_signal.connect(a.a)
    a_signal.connect(a.a)  # a new bound-method object each time, same (self, func) key
    assert len(a_signal.receivers_info()) == 1


def test_uid_registration(a_signal: Signal[Any]) -> None:
    def uid_based_receiver_1(**kwargs: Any) -> None:
        pass

    def uid_based_receiver_2(**kwargs: Any) -> None:
        pass

    a_signal.connect(uid_based_receiver_1, dispatch_uid="uid")
    a_signal.connect(uid_based_receiver_2, dispatch_uid="uid")
    assert [info.receiver for info in a_signal.receivers_info()] == [uid_based_receiver_1]
    assert a_signal.disconnect(dispatch_uid="uid")
    assert_clean(a_signal)


@pytest.mark.parametrize("falsy_uid", [0, "", None])
def test_falsy_uid_falls_back_to_the_receiver(a_signal: Signal[Any], falsy_uid: Any) -> None:
    def first(**kwargs: Any) -> None:
        pass

    def second(**kwargs: Any) -> None:
        pass

    a_signal.connect(first, dispatch_uid=falsy_uid)
    a_signal.connect(second, dispatch_uid=falsy_uid)
    assert [info.receiver for info in a_signal.receivers_info()] == [first, second]
    assert [info.dispatch_uid for info in a_signal.receivers_info()] == [None, None]


def test_send_no_receivers(a_signal: Signal[Any]) -> None:
    assert a_signal.send(sender=object(), val="test") == []


def test_send_positional_sender(a_signal: Signal[Any]) -> None:
    a_signal.connect(receiver_1_arg)
    assert a_signal.send(a_signal, val="test") == [(receiver_1_arg, "test")]


def test_receivers_get_signal_and_sender(a_signal: Signal[Any]) -> None:
    seen: list[tuple[Any, Any]] = []

    def record(signal: Any, sender: Any, **kwargs: Any) -> None:
        seen.append((signal, sender))

    a_signal.connect(record)
    a_signal.send("the sender", val=1)
    assert seen == [(a_signal, "the sender")]


def test_send_robust_success(a_signal: Signal[Any]) -> None:
    a_signal.connect(receiver_1_arg)
    assert a_signal.send_robust(sender=object(), val="test") == [(receiver_1_arg, "test")]


def test_send_robust_no_receivers(a_signal: Signal[Any]) -> None:
    assert a_signal.send_robust(sender=object(), val="test") == []


def test_send_robust_ignored_sender(a_signal: Signal[Any]) -> None:
    a_signal.connect(receiver_1_arg)
    assert a_signal.send_robust(sender=object(), val="test") == [(receiver_1_arg, "test")]


def test_send_robust_fail(a_signal: Signal[Any], caplog: pytest.LogCaptureFixture) -> None:
    def fails(val: Any, **kwargs: Any) -> None:
        raise ValueError("this")

    a_signal.connect(fails)
    a_signal.connect(receiver_1_arg)
    result = a_signal.send_robust(sender=object(), val="test")
    assert [receiver for receiver, _ in result] == [fails, receiver_1_arg]
    err = result[0][1]
    assert isinstance(err, ValueError)
    assert err.args == ("this",)
    assert isinstance(err.__traceback__, TracebackType)
    assert result[1][1] == "test"
    [record] = caplog.records
    assert record.levelname == "ERROR"
    if a_signal.payload_model is None:  # untyped: as django.dispatch logs it
        assert record.name == "django.dispatch"
        assert record.getMessage() == (
            "Error calling test_send_robust_fail.<locals>.fails in Signal.send_robust() (this)"
        )
    else:
        assert record.name == "typedsignals"
        assert record.getMessage() == (
            "receiver 'tests.runtime.test_dispatch.test_send_robust_fail.<locals>.fails' of "
            f"signal {a_signal.label!r} raised ValueError: this"
        )
    assert record.exc_info is not None
    assert record.exc_info[1] is err


def test_send_robust_lets_base_exceptions_through(a_signal: Signal[Any]) -> None:
    def interrupted(**kwargs: Any) -> None:
        raise KeyboardInterrupt

    a_signal.connect(interrupted)
    with pytest.raises(KeyboardInterrupt):
        a_signal.send_robust(sender=None, val=1)


def test_send_propagates_and_stops(a_signal: Signal[Any]) -> None:
    called: list[str] = []

    def fails(**kwargs: Any) -> None:
        called.append("fails")
        raise ValueError("boom")

    def later(**kwargs: Any) -> None:
        called.append("later")

    a_signal.connect(fails)
    a_signal.connect(later)
    with pytest.raises(ValueError, match="boom"):
        a_signal.send(sender=None, val=1)
    assert called == ["fails"]
    assert len(a_signal.send_robust(sender=None, val=1)) == 2  # still usable


def test_disconnection(a_signal: Signal[Any]) -> None:
    receiver_1 = Callable()
    receiver_2 = Callable()
    receiver_3 = Callable()
    a_signal.connect(receiver_1)
    a_signal.connect(receiver_2)
    a_signal.connect(receiver_3)
    a_signal.disconnect(receiver_1)
    del receiver_2
    garbage_collect()
    a_signal.disconnect(receiver_3)
    assert_clean(a_signal)


def test_disconnection_dispatch_uid(a_signal: Signal[Any]) -> None:
    dispatch_uid = "uid"
    a_signal.connect(receiver_1_arg, dispatch_uid=dispatch_uid)
    a_signal.disconnect(dispatch_uid=dispatch_uid)
    assert_clean(a_signal)


def test_disconnect_needs_the_same_sender(a_signal: Signal[Any]) -> None:
    a_signal.connect(receiver_1_arg, sender=int)
    assert not a_signal.disconnect(receiver_1_arg)
    assert a_signal.disconnect(receiver_1_arg, sender=int)


def test_values_returned_by_disconnection(a_signal: Signal[Any]) -> None:
    receiver_1 = Callable()
    receiver_2 = Callable()
    a_signal.connect(receiver_1)
    assert a_signal.disconnect(receiver_1) is True
    assert a_signal.disconnect(receiver_2) is False
    assert_clean(a_signal)


def test_has_listeners(a_signal: Signal[Any]) -> None:
    assert not a_signal.has_listeners()
    assert not a_signal.has_listeners(sender=object())
    receiver_1 = Callable()
    a_signal.connect(receiver_1)
    assert a_signal.has_listeners()
    assert a_signal.has_listeners(sender=object())
    a_signal.disconnect(receiver_1)
    assert not a_signal.has_listeners()
    assert not a_signal.has_listeners(sender=object())


def test_has_listeners_with_sender_filter(a_signal: Signal[Any]) -> None:
    a_signal.connect(receiver_1_arg, sender=int)
    assert a_signal.has_listeners(int)
    assert not a_signal.has_listeners(str)
    assert not a_signal.has_listeners()


def test_sender_that_dies_takes_its_receivers_along(a_signal: Signal[Any]) -> None:
    class Sender:
        pass

    sender = Sender()
    a_signal.connect(receiver_1_arg, sender=sender, weak=False)
    del sender
    garbage_collect()
    assert a_signal.receivers_info() == []
    reused = Sender()  # may get the dead sender's id: it must not inherit its receivers
    assert a_signal.send(reused, val=1) == []


def test_cannot_connect_non_callable(a_signal: Signal[Any]) -> None:
    with pytest.raises(TypeError) as error:
        a_signal.connect(object())  # type: ignore[type-var]
    message = str(error.value)
    assert message.startswith(  # Django's sentence first, then what and how to fix
        f"Signal receivers must be callable. Signal {a_signal.label!r} was given <object object at"
    )
    assert message.endswith(">: connect a function, a method or an object that defines __call__")
    assert a_signal.receivers_info() == []


def test_cannot_connect_no_kwargs_untyped() -> None:
    untyped = Signal()

    def receiver_no_kwargs(sender: Any) -> None:
        pass

    with pytest.raises(
        ValueError, match=r"must accept keyword arguments \(\*\*kwargs\)\."
    ) as error:  # as Django
        untyped.connect(receiver_no_kwargs)
    assert isinstance(error.value, ReceiverSignatureError)
    assert str(error.value) == (
        "receiver 'tests.runtime.test_dispatch.test_cannot_connect_no_kwargs_untyped.<locals>."
        "receiver_no_kwargs' cannot receive signal 'Signal' (untyped): Signal receivers must "
        "accept keyword arguments (**kwargs). Add a **kwargs parameter, as every Django-style "
        "receiver has"
    )
    assert untyped.receivers_info() == []


def test_receiver_single_signal(a_signal: Signal[Any]) -> None:
    state = []

    @receiver(a_signal)
    def f(val: Any, **kwargs: Any) -> None:
        state.append(val)

    a_signal.send(sender=None, val=True)
    assert state == [True]


def test_receiver_signal_list() -> None:
    a_signal, b_signal, c_signal = Signal[Val](), Signal(), Signal[Val]()
    state = []

    @receiver([a_signal, b_signal, c_signal])
    def f(val: Any, **kwargs: Any) -> None:
        state.append(val)

    a_signal.send(sender=None, val="a")
    c_signal.send(sender=None, val="c")
    b_signal.send(sender=None, val="b")
    assert state == ["a", "c", "b"]


def test_receiver_decorator_passes_connect_arguments() -> None:
    signal = Signal[Val]()

    @receiver(signal, sender=int, weak=False, dispatch_uid="uid")
    def f(val: Any, **kwargs: Any) -> Any:
        return val

    [info] = signal.receivers_info()
    assert (info.receiver, info.sender, info.weak, info.dispatch_uid) == (f, int, False, "uid")


def test_connect_as_decorator() -> None:
    signal = Signal[Val]()

    @signal.connect
    def bare(val: Any, **kwargs: Any) -> Any:
        return ("bare", val)

    @signal.connect(sender=int)
    def filtered(val: Any, **kwargs: Any) -> Any:
        return ("filtered", val)

    assert bare.__name__ == "bare"  # the function is returned unchanged
    assert signal.send(int, val=1) == [(bare, ("bare", 1)), (filtered, ("filtered", 1))]
    assert signal.send(str, val=2) == [(bare, ("bare", 2))]
