"""Receivers connected when the AppConfig imports this module in ready()."""

from typing import Any

from tests.django.blog.models import Book
from typedsignals import receiver
from typedsignals.contrib.django import post_delete

deleted_titles: list[str] = []


@receiver(post_delete, sender="blog.Book")
def remember_deleted_book(sender: type[Book], instance: Book, **kwargs: Any) -> None:
    deleted_titles.append(instance.title)
