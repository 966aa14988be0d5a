"""send_on_commit: validated at once, sent when the transaction commits, never on rollback."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from pydantic import BaseModel, field_validator

from tests.django.blog.signals import ArticlePublished, article_published
from tests.django.conftest import Calls
from typedsignals import PayloadError, Signal
from typedsignals.contrib.django import send_on_commit

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "other"])

Listen = Callable[..., Calls]


def titles(calls: Calls) -> list[str]:
    return [call["title"] for call in calls]


def test_sent_when_the_transaction_commits(listen: Listen) -> None:
    calls = listen(article_published)
    with transaction.atomic():
        send_on_commit(article_published, None, article_id="7", title="Committed")
        assert calls == []
    assert calls == [
        {"signal": article_published, "sender": None, "article_id": 7, "title": "Committed"}
    ]


class Rollback(Exception):
    pass


def send_in_failing_atomic_block(article_id: int, title: str) -> None:
    with transaction.atomic():
        send_on_commit(article_published, None, article_id=article_id, title=title)
        raise Rollback(title)


def test_never_sent_when_the_transaction_rolls_back(listen: Listen) -> None:
    calls = listen(article_published)
    with pytest.raises(Rollback):
        send_in_failing_atomic_block(1, "Rolled back")
    with transaction.atomic():
        with pytest.raises(Rollback):
            send_in_failing_atomic_block(2, "In the rolled-back savepoint")
        send_on_commit(article_published, None, article_id=3, title="Outside it")
    assert titles(calls) == ["Outside it"]


def test_sent_at_once_in_autocommit_mode(listen: Listen) -> None:
    calls = listen(article_published)
    send_on_commit(article_published, None, ArticlePublished(article_id=4, title="At once"))
    assert titles(calls) == ["At once"]


def test_using_picks_the_database_whose_transaction_counts(listen: Listen) -> None:
    calls = listen(article_published)
    with transaction.atomic(using="other"):
        with transaction.atomic():
            send_on_commit(article_published, None, article_id=5, title="Other", _using="other")
        assert calls == []  # the default database committed; "other" has not yet
    assert titles(calls) == ["Other"]


def test_an_invalid_payload_raises_at_once_and_is_never_sent(listen: Listen) -> None:
    calls = listen(article_published)
    with transaction.atomic(), pytest.raises(PayloadError) as raised:
        send_on_commit(article_published, None, article_id=0, titel="Typo")
    assert str(raised.value) == (
        "invalid payload for signal 'tests.django.blog.signals.article_published' "
        "(ArticlePublished): 3 errors\n"
        "  article_id: Input should be greater than 0 [input=0]\n"
        "  title: Field required\n"
        "  titel: unknown field (ArticlePublished has: article_id, title); did you mean 'title'?"
    )
    assert calls == []


def test_the_payload_is_either_one_instance_or_keywords() -> None:
    payload = ArticlePublished(article_id=1, title="Both")
    with pytest.raises(TypeError) as raised:
        send_on_commit(article_published, None, payload, title="Both")  # type: ignore[call-arg]
    assert str(raised.value) == (
        "send_on_commit(): signal 'tests.django.blog.signals.article_published' takes either "
        "one ArticlePublished instance or keyword fields; got positional (ArticlePublished) "
        "and keywords (title)"
    )
    untyped = Signal(name="untyped")
    with pytest.raises(TypeError) as raised:
        send_on_commit(untyped, None, payload)
    assert str(raised.value) == (
        "send_on_commit(): signal 'tests.django.test_on_commit.untyped' is untyped: pass its "
        "payload as keyword arguments"
    )


def test_the_payload_is_validated_once_and_sent_as_validated(listen: Listen) -> None:
    validated: list[str] = []

    class Shouted(BaseModel):
        text: str

        @field_validator("text")
        @classmethod
        def shout(cls, text: str) -> str:
            validated.append(text)
            return text.upper() + "!"

    shouted = Signal[Shouted](name="shouted")
    calls = listen(shouted)
    with transaction.atomic():
        send_on_commit(shouted, None, text="hello")
    assert validated == ["hello"]
    assert calls == [{"signal": shouted, "sender": None, "text": "HELLO!"}]


def test_untyped_signals_are_sent_as_given(listen: Listen) -> None:
    untyped = Signal()
    calls = listen(untyped)
    with transaction.atomic():
        send_on_commit(untyped, "me", anything=[1])
    assert calls == [{"signal": untyped, "sender": "me", "anything": [1]}]
