"""Model signals: saves, deletes, m2m changes and instantiation reach typed receivers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.django.blog.models import Article, Book, Tag
from tests.django.conftest import Calls
from typedsignals import PayloadError, receiver
from typedsignals.contrib.django import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_init,
    pre_save,
)

pytestmark = pytest.mark.django_db

Listen = Callable[..., Calls]


def test_save_sends_pre_and_post_save_with_what_django_sends(listen: Listen) -> None:
    pre, post = listen(pre_save, Article), listen(post_save, Article)
    article = Article.objects.create(title="First")
    article.title = "Renamed"
    article.save(update_fields=["title"])

    assert pre == [
        {"signal": pre_save, "sender": Article, "instance": article, "raw": False,
         "using": "default", "update_fields": None},
        {"signal": pre_save, "sender": Article, "instance": article, "raw": False,
         "using": "default", "update_fields": frozenset({"title"})},
    ]  # fmt: skip
    assert [(call["created"], call["update_fields"]) for call in post] == [
        (True, None),
        (False, frozenset({"title"})),
    ]
    assert all(call["instance"] is article for call in post)
    assert set(post[0]) == {
        "signal",
        "sender",
        "instance",
        "created",
        "update_fields",
        "raw",
        "using",
    }


def test_delete_sends_pre_and_post_delete_with_the_origin(listen: Listen) -> None:
    pre, post = listen(pre_delete, Book), listen(post_delete, Book)
    book = Book.objects.create(title="Dune")
    queryset = Book.objects.filter(pk=book.pk)
    queryset.delete()
    other = Book.objects.create(title="Emma")
    other.delete()

    assert [(call["instance"].title, call["origin"], call["using"]) for call in pre] == [
        ("Dune", queryset, "default"),
        ("Emma", other, "default"),
    ]
    assert [call["instance"].title for call in post] == ["Dune", "Emma"]


def test_m2m_changes_reach_receivers_of_the_through_model(listen: Listen) -> None:
    calls = listen(m2m_changed, Article.tags.through)
    article = Article.objects.create(title="Tagged")
    python, django = Tag.objects.create(name="python"), Tag.objects.create(name="django")
    article.tags.add(python, django)
    python.articles.remove(article)
    article.tags.clear()

    assert [
        (call["action"], call["instance"], call["reverse"], call["model"], call["pk_set"])
        for call in calls
    ] == [
        ("pre_add", article, False, Tag, {python.pk, django.pk}),
        ("post_add", article, False, Tag, {python.pk, django.pk}),
        ("pre_remove", python, True, Article, {article.pk}),
        ("post_remove", python, True, Article, {article.pk}),
        ("pre_clear", article, False, Tag, None),
        ("post_clear", article, False, Tag, None),
    ]


def test_django_sends_pass_uncopied_so_pre_add_receivers_may_change_pk_set() -> None:
    """As Django documents: a pre_add receiver that removes a key keeps it from being added."""
    article = Article.objects.create(title="Curated")
    allowed, banned = Tag.objects.create(name="allowed"), Tag.objects.create(name="banned")

    @receiver(m2m_changed, sender=Article.tags.through)
    def drop_banned(sender: Any, action: str, pk_set: set[Any] | None, **kwargs: Any) -> None:
        if action == "pre_add" and pk_set is not None:
            pk_set.discard(banned.pk)

    article.tags.add(allowed, banned)
    assert list(article.tags.all()) == [allowed]


def test_django_sends_are_not_validated_but_sends_of_the_typed_signal_are(listen: Listen) -> None:
    calls = listen(post_save, Book)
    book = Book.objects.create(title="Trusted")
    assert calls[0]["instance"] is book

    with pytest.raises(PayloadError) as raised:
        post_save.send(Book, instance="not a model", created="maybe", raw=False, using="default")
    assert str(raised.value) == (
        "invalid payload for signal 'typedsignals.contrib.django.signals.post_save' "
        "(PostSave[Model]): 3 errors\n"
        "  instance: Input should be an instance of Model [input='not a model']\n"
        "  created: Input should be a valid boolean, unable to interpret input [input='maybe']\n"
        "  update_fields: Field required"
    )
    assert len(calls) == 1


def test_instances_send_pre_and_post_init(listen: Listen) -> None:
    post = listen(post_init, Tag)
    pre: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    @receiver(pre_init, sender=Tag)
    def record(args: tuple[Any, ...], kwargs: dict[str, Any], **rest: Any) -> None:
        pre.append((args, dict(kwargs)))  # a copy: Django consumes its kwargs dict afterwards

    tag = Tag(name="new")
    assert pre == [((), {"name": "new"})]
    assert post == [{"signal": post_init, "sender": Tag, "instance": tag}]


def test_receivers_hear_only_their_sender_as_in_django(listen: Listen) -> None:
    articles, everything = listen(post_save, Article), listen(post_save)
    Book.objects.create(title="Unheard by the Article receiver")
    article = Article.objects.create(title="Heard")
    assert [call["instance"] for call in articles] == [article]
    assert [call["sender"] for call in everything] == [Book, Article]


def test_async_receivers_run_when_django_saves() -> None:
    seen: list[Article] = []

    async def remember(sender: type[Article], instance: Article, **kwargs: Any) -> None:
        seen.append(instance)

    post_save.connect(remember, sender=Article)
    try:
        article = Article.objects.create(title="Async")
    finally:
        post_save.disconnect(remember, sender=Article)
    assert seen == [article]


def test_the_app_config_imported_the_apps_receivers_module() -> None:
    from tests.django.blog.receivers import deleted_titles, remember_deleted_book

    assert remember_deleted_book in [info.receiver for info in post_delete.receivers_info()]
    Book.objects.create(title="Gone").delete()
    assert deleted_titles[-1] == "Gone"
