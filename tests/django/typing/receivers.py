"""Receivers of the typed Django signals, right and wrong; expected errors in `# E:` comments.

mypy reports a decorated receiver at its decorator, so the expectations sit there.
"""

# ruff: noqa: E501
# fmt: off

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model
from django.http import HttpRequest

from tests.django.blog.models import Article, Book, Tag
from typedsignals import receiver
from typedsignals.contrib.django import (
    m2m_changed,
    post_delete,
    post_save,
    pre_save,
    request_started,
    user_logged_in,
    user_logged_out,
)


@receiver(post_save, sender=Article)
def article_saved(sender: type[Article], instance: Article, created: bool, **kwargs: Any) -> None:
    print(instance.title, created)


@post_save.connect(sender=Book)
def book_saved(sender: type[Book], instance: Book, raw: bool, **kwargs: Any) -> None:
    print(instance.title, raw)


@receiver([pre_save, post_delete], sender=Tag)
def tag_changed(sender: type[Tag], instance: Tag, using: str, **kwargs: Any) -> None:
    print(instance.name, using)


@receiver(post_save)
def any_model_saved(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    print(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through)
def tags_changed(
    sender: type[Model], action: str, instance: Model, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    print(action, instance, pk_set)


@receiver(request_started)
def request_began(
    sender: type[Any], environ: dict[str, Any] | None, scope: dict[str, Any] | None, **kwargs: Any
) -> None:
    print(environ or scope)


@receiver(post_save, sender="blog.Article")
def by_label(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    print(instance.pk)  # a lazy string sender binds nothing: the receiver gets Model


@receiver(user_logged_in, sender=User)
def logged_in(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    print(user.username, request.path)


@receiver(user_logged_out, sender=User)
def logged_out(sender: type[User], request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    print(user.username if user else None, request.path)


@receiver(post_save, sender=Article)  # E: Receiver "wrong_instance" parameter "instance" has type "Book", but PostSave field "instance" is "Article"  [signal-receiver]
def wrong_instance(sender: type[Article], instance: Book, **kwargs: Any) -> None:
    print(instance.title)


@receiver(post_save)  # E: Receiver "too_narrow_without_sender" parameter "instance" has type "Article", but PostSave field "instance" is "Model"  [signal-receiver]
def too_narrow_without_sender(instance: Article, **kwargs: Any) -> None:
    print(instance.title)


@receiver(post_save, sender=Article)  # E: Receiver "wrong_created" parameter "created" has type "str", but PostSave field "created" is "bool"  [signal-receiver]
def wrong_created(instance: Article, created: str, **kwargs: Any) -> None:
    print(created)


@receiver(pre_save, sender=Article)  # E: Receiver "no_such_field" parameter "created" is required, but PreSave has no such field (give it a default or remove it)  [signal-receiver]
def no_such_field(instance: Article, created: bool, **kwargs: Any) -> None:
    print(created)


@receiver(post_save, sender=Article)  # E: Receiver "no_kwargs" needs **kwargs: PostSave allows extra fields (extra="allow")  [signal-receiver]
def no_kwargs(
    signal: Any,
    sender: type[Article],
    instance: Article,
    created: bool,
    update_fields: frozenset[str] | None,
    raw: bool,
    using: str,
) -> None:
    print(created)
