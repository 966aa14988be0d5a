"""What Django users meet and no upstream test covers, run on django.dispatch and ours side by side.

Each case runs twice, on ``django.dispatch.Signal`` and on ``typedsignals.Signal``, and asserts
the same behaviour; where ours departs (docs/migrating.md says so), the case says how.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import django
import django.dispatch
import pytest
from asgiref.sync import async_to_sync, markcoroutinefunction, sync_to_async

import typedsignals

SIGNALS = [
    pytest.param(django.dispatch.Signal, id="django"),
    pytest.param(typedsignals.Signal, id="typedsignals"),
]
RECEIVERS = [
    pytest.param(django.dispatch.receiver, id="django"),
    pytest.param(typedsignals.receiver, id="typedsignals"),
]


class Article:
    """Stands for a Django model: the sender."""

    def publish(self) -> None: ...


def answers(**kwargs: Any) -> str:
    return "answered"


@pytest.mark.parametrize("receiver", RECEIVERS)
def test_receiver_connects_to_either_kind_of_signal_and_to_lists_mixing_them(
    receiver: Callable[..., Callable[[Callable[..., Any]], Callable[..., Any]]],
) -> None:
    theirs, ours = django.dispatch.Signal(), typedsignals.Signal()
    calls = []

    @receiver(theirs, sender=Article)
    def on_theirs(sender: Any, **kwargs: Any) -> None:
        calls.append(("on_theirs", sender))

    @receiver([theirs, ours])
    def on_both(signal: Any, **kwargs: Any) -> None:
        calls.append(("on_both", signal))

    @receiver((ours,), sender=Article)
    def on_ours(sender: Any, **kwargs: Any) -> None:
        calls.append(("on_ours", sender))

    theirs.send(Article)
    ours.send(Article)
    assert calls == [
        ("on_theirs", Article),
        ("on_both", theirs),
        ("on_both", ours),
        ("on_ours", Article),
    ]


@pytest.mark.parametrize("signal_class", SIGNALS)
def test_use_caching_is_taken_by_position(signal_class: Callable[..., Any]) -> None:
    signal = signal_class(True)
    assert signal.use_caching is True
    signal.connect(answers)
    assert signal.send(Article) == [(answers, "answered")]


@pytest.mark.parametrize("signal_class", SIGNALS)
def test_a_bound_method_sender_matches_the_same_object_and_function(
    signal_class: Callable[..., Any],
) -> None:
    """A bound method is a new object at each access: Django 5.2 matches it by its object and
    function, and keeps the connection; Django 6 holds senders weakly and drops it at once.
    Ours follows 5.2 (a departure from Django 6 that docs/migrating.md states)."""
    article = Article()
    signal = signal_class()
    signal.connect(answers, sender=article.publish)
    gc.collect()
    if signal_class is django.dispatch.Signal and django.VERSION >= (6,):
        assert signal.send(article.publish) == []
        return
    assert signal.send(article.publish) == [(answers, "answered")]
    assert signal.send(Article().publish) == []
    assert signal.disconnect(answers, sender=article.publish)
    assert signal.send(article.publish) == []


@pytest.mark.parametrize("signal_class", SIGNALS)
def test_an_untyped_send_with_a_signal_argument_is_a_type_error(
    signal_class: Callable[..., Any],
) -> None:
    signal = signal_class()
    signal.connect(answers)
    with pytest.raises(TypeError, match="'signal'"):
        signal.send(None, signal="x")


def test_ours_refuses_a_signal_argument_even_when_nobody_listens() -> None:
    """A departure (docs/migrating.md): Django only fails once a receiver is called."""
    signal = typedsignals.Signal()
    assert django.dispatch.Signal().send(None, signal="x") == []
    with pytest.raises(TypeError) as error:
        signal.send(None, signal="x")
    assert str(error.value) == (
        "signal 'Signal': send() got a keyword argument 'signal', but every receiver already "
        "gets the signal as `signal`: rename that argument"
    )


@pytest.mark.parametrize("signal_class", SIGNALS)
def test_a_receiver_marked_with_markcoroutinefunction_is_awaited(
    signal_class: Callable[..., Any],
) -> None:
    async def review() -> str:
        return "awaited"

    def marked(**kwargs: Any) -> Coroutine[Any, Any, str]:
        return review()

    markcoroutinefunction(marked)
    signal = signal_class()
    signal.connect(marked)
    assert signal.send(None) == [(marked, "awaited")]


@pytest.mark.parametrize("signal_class", SIGNALS)
async def test_asend_runs_sync_receivers_in_the_thread_sensitive_thread(
    signal_class: Callable[..., Any],
) -> None:
    """``sync_to_async(thread_sensitive=True)``: the one thread Django's ORM calls share."""
    threads = []

    def remembers(**kwargs: Any) -> None:
        threads.append(threading.get_ident())

    signal = signal_class()
    signal.connect(remembers)
    await signal.asend(None)
    assert threads == [await sync_to_async(threading.get_ident, thread_sensitive=True)()]


@pytest.mark.parametrize("signal_class", SIGNALS)
def test_asend_under_async_to_sync_runs_sync_receivers_in_the_outer_thread(
    signal_class: Callable[..., Any],
) -> None:
    """Django's async TestCase runs each test so: a sync receiver's ORM query then uses the
    test's own database connection (in another thread, SQLite says "table is locked")."""
    threads = []

    def remembers(**kwargs: Any) -> None:
        threads.append(threading.get_ident())

    signal = signal_class()
    signal.connect(remembers)
    async_to_sync(signal.asend)(None)
    assert threads == [threading.get_ident()]


@pytest.mark.parametrize("signal_class", SIGNALS)
async def test_send_from_sync_code_under_a_loop_runs_async_receivers_on_that_loop(
    signal_class: Callable[..., Any],
) -> None:
    """A sync view under ASGI: a task the receiver schedules runs on the server's loop."""
    outer = asyncio.get_running_loop()
    seen: list[object] = []
    tasks = set()

    async def later() -> None:
        seen.append("later")

    async def schedules(**kwargs: Any) -> None:
        seen.append(asyncio.get_running_loop())
        tasks.add(asyncio.get_running_loop().create_task(later()))

    signal = signal_class()
    signal.connect(schedules)
    await sync_to_async(signal.send)(None)
    await asyncio.gather(*tasks)
    assert seen == [outer, "later"]
