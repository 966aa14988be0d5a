"""Imported in ready() by typedsignals.contrib.django's AppConfig."""

from typing import Any

from django_demo.models import Article
from typedsignals import receiver
from typedsignals.contrib.django import post_save


@receiver(post_save, sender=Article)
def announce(sender: type[Article], instance: Article, created: bool, **kwargs: Any) -> None:
    verb = "created" if created else "updated"
    print(f"post_save: {sender.__name__} {instance.title!r} {verb} (using={kwargs['using']!r})")
