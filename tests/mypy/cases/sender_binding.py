"""A model generic over one type parameter is bound to the class connected as sender."""

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from typedsignals import Signal, receiver


class Model:
    """The base of every model class (as django.db.models.Model)."""


class Article(Model): ...


class Book(Model): ...


class Unrelated: ...


ModelT = TypeVar("ModelT", bound=Model)
BoxT = TypeVar("BoxT")


class Shelf(Model, Generic[BoxT]): ...


class PostSave(BaseModel, Generic[ModelT]):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    instance: ModelT
    created: bool


class ArticleSaved(PostSave[Article]):
    """Not generic any more: nothing to bind."""


post_save = Signal[PostSave[Model]]()
pre_save = Signal[PostSave[Model]]()
article_saved = Signal[ArticleSaved]()


class ModelSignal(Signal[PostSave[Model]]):
    """A subclass that fixes the model."""


model_signal = ModelSignal()


@receiver(post_save, sender=Article)
def on_article(sender: type[Article], instance: Article, created: bool, **kwargs: Any) -> None: ...


@receiver(post_save, sender=Article)  # E: Receiver "on_book" parameter "instance" has type "Book", but PostSave field "instance" is "Article"  [signal-receiver]
def on_book(sender: type[Article], instance: Book, created: bool, **kwargs: Any) -> None: ...


@receiver(post_save)
def on_any_model(sender: Any, instance: Model, **kwargs: Any) -> None: ...


@receiver(post_save)  # E: Receiver "unbound" parameter "instance" has type "Article", but PostSave field "instance" is "Model"  [signal-receiver]
def unbound(sender: Any, instance: Article, **kwargs: Any) -> None: ...


@receiver([post_save, pre_save], sender=Article)
def both(sender: type[Article], instance: Article, **kwargs: Any) -> None: ...


# Both signals fail alike; mypy prints the same message on a line once.
@receiver([post_save, model_signal], sender=Book)  # E: Receiver "both_wrong" parameter "instance" has type "Article", but PostSave field "instance" is "Book"  [signal-receiver]
def both_wrong(sender: type[Book], instance: Article, **kwargs: Any) -> None: ...


@post_save.connect(sender=Article)
def by_connect(sender: type[Article], instance: Article, **kwargs: Any) -> None: ...


@post_save.connect(sender=Book)  # E: Receiver "by_connect_wrong" parameter "instance" has type "Article", but PostSave field "instance" is "Book"  [signal-receiver]
def by_connect_wrong(sender: type[Book], instance: Article, **kwargs: Any) -> None: ...


@model_signal.connect(sender=Article)
def on_subclass(sender: type[Article], instance: Article, **kwargs: Any) -> None: ...


def takes_article(sender: Any, instance: Article, **kwargs: Any) -> None: ...


post_save.connect(takes_article, sender=Article)
post_save.connect(takes_article, Article)
post_save.connect(takes_article, sender=Book)  # E: Receiver "takes_article" parameter "instance" has type "Article", but PostSave field "instance" is "Book"  [signal-receiver]
post_save.connect(takes_article)  # E: Receiver "takes_article" parameter "instance" has type "Article", but PostSave field "instance" is "Model"  [signal-receiver]


def connect_for(article_class: type[Article], instance: Article) -> None:
    post_save.connect(takes_article, sender=article_class)
    # Not a class: nothing to bind.
    post_save.connect(takes_article, sender=instance)  # E: Receiver "takes_article" parameter "instance" has type "Article", but PostSave field "instance" is "Model"  [signal-receiver]
    post_save.connect(takes_article, sender=None)  # E: Receiver "takes_article" parameter "instance" has type "Article", but PostSave field "instance" is "Model"  [signal-receiver]


# A class that is no Model: the model's type argument stays as it is.
@receiver(post_save, sender=Unrelated)  # E: Receiver "not_a_model" parameter "instance" has type "Article", but PostSave field "instance" is "Model"  [signal-receiver]
def not_a_model(sender: Any, instance: Article, **kwargs: Any) -> None: ...


@receiver(post_save, sender=Shelf)
def generic_sender(sender: Any, instance: Shelf[Any], **kwargs: Any) -> None: ...


@receiver(article_saved, sender=Book)  # E: Receiver "not_generic" parameter "instance" has type "Book", but ArticleSaved field "instance" is "Article"  [signal-receiver]
def not_generic(sender: Any, instance: Book, **kwargs: Any) -> None: ...


for_articles = receiver(post_save, sender=Article)


@for_articles
def kept_in_a_variable(sender: Any, instance: Article, **kwargs: Any) -> None: ...


@for_articles  # E: Receiver "kept_wrong" parameter "instance" has type "Book", but PostSave field "instance" is "Article"  [signal-receiver]
def kept_wrong(sender: Any, instance: Book, **kwargs: Any) -> None: ...


reveal_type(on_any_model)  # N: Revealed type is "def (sender: Any, instance: sender_binding.Model, **kwargs: Any)"
