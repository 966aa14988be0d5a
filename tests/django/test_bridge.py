"""The lazy bridge: one forwarding receiver on Django's signal, only while a typed one listens."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models import signals as django_signals

from tests.django.blog.models import Article, Book
from tests.django.conftest import garbage_collect
from typedsignals.contrib.django import pre_save, request_started

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_typed_pre_save_receivers() -> None:
    """Start with nobody on the typed pre_save (a receiver of another test may have died)."""
    assert not pre_save.receivers_info()
    assert not pre_save.forwarding


def test_nothing_is_connected_to_django_while_nobody_listens() -> None:
    assert not django_signals.pre_save.receivers


def test_the_first_typed_receiver_connects_the_forwarder_and_the_last_disconnects_it() -> None:
    def first(**kwargs: Any) -> None: ...

    def second(**kwargs: Any) -> None: ...

    pre_save.connect(first, sender=Article)
    assert len(django_signals.pre_save.receivers) == 1
    pre_save.connect(second)
    assert len(django_signals.pre_save.receivers) == 1  # still one forwarder
    pre_save.disconnect(first, sender=Article)
    assert len(django_signals.pre_save.receivers) == 1
    pre_save.disconnect(second)
    assert not django_signals.pre_save.receivers
    assert not pre_save.forwarding


def test_the_forwarder_leaves_once_the_last_receiver_is_garbage_collected() -> None:
    def short_lived(**kwargs: Any) -> None: ...

    pre_save.connect(short_lived)
    assert len(django_signals.pre_save.receivers) == 1
    del short_lived
    garbage_collect()
    Book.objects.create(title="The send that notices")
    assert not django_signals.pre_save.receivers
    assert not pre_save.forwarding


def test_string_senders_resolve_to_the_model_as_in_django() -> None:
    titles: list[str] = []

    def remember(instance: Any, **kwargs: Any) -> None:
        titles.append(instance.title)

    assert pre_save.connect(remember, sender="blog.Article") is remember
    Book.objects.create(title="A book")
    Article.objects.create(title="An article")
    assert [info.sender for info in pre_save.receivers_info()] == [Article]
    assert pre_save.disconnect(remember, sender="blog.Article")
    assert not django_signals.pre_save.receivers
    assert titles == ["An article"]


def test_a_string_sender_for_a_model_not_loaded_yet_connects_when_it_loads() -> None:
    def remember(**kwargs: Any) -> None: ...

    pre_save.connect(remember, sender="blog.LateArrival")
    assert not pre_save.disconnect(remember, sender="blog.LateArrival")  # deferred as well
    pre_save.connect(remember, sender="blog.LateArrival")
    assert pre_save.receivers_info() == []

    class LateArrival(models.Model):
        class Meta:
            app_label = "blog"

    try:
        assert [info.sender for info in pre_save.receivers_info()] == [LateArrival]
    finally:
        pre_save.disconnect(remember, sender=LateArrival)
        del apps.all_models["blog"]["latearrival"]
        apps.clear_cache()


def test_a_malformed_string_sender_gets_djangos_error() -> None:
    def remember(**kwargs: Any) -> None: ...

    with pytest.raises(ValueError, match="String model references must be of the form"):
        pre_save.connect(remember, sender="Article")
    assert not pre_save.receivers_info()


def test_only_model_signals_resolve_string_senders() -> None:
    """request_started's senders are handler classes: a string is just another sender."""
    calls: list[Any] = []

    def remember(sender: Any, **kwargs: Any) -> None:
        calls.append(sender)

    request_started.connect(remember, sender="blog.Article")
    try:
        assert [info.sender for info in request_started.receivers_info()] == ["blog.Article"]
    finally:
        request_started.disconnect(remember, sender="blog.Article")
