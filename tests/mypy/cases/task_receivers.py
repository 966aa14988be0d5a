"""typedsignals.contrib.celery.task_receiver: its functions are checked like any receiver."""

from typing import Any

from celery import Celery
from payloads import Article, PizzaDone, PizzaStore, Saved

from typedsignals import Signal
from typedsignals.contrib.celery import task_receiver

app = Celery("cases")
pizza_done = Signal[PizzaDone](sender=PizzaStore)
article_saved = Signal[Saved[Article]]()


@task_receiver(pizza_done, app=app, queue="kitchen")
def box_it(sender: Any, toppings: list[str], size: int, **kwargs: Any) -> str:
    return ""


@task_receiver(pizza_done, app=app, sender=PizzaStore, on_commit=True)  # E: Receiver "wrong_type" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
def wrong_type(sender: Any, size: str, **kwargs: Any) -> None: ...


@task_receiver([pizza_done, article_saved], app=app)  # E: Receiver "both" parameter "toppings" is required, but Saved has no such field (give it a default or remove it)  [signal-receiver]
def both(sender: Any, toppings: list[str], **kwargs: Any) -> None: ...


@task_receiver(article_saved, app=app, sender=PizzaStore)
def noted(sender: Any, **kwargs: Any) -> None: ...


# What task_receiver declares it returns for the function is kept.
reveal_type(noted)  # N: Revealed type is "typedsignals.contrib.celery.TaskReceiver[[sender: Any, **kwargs: Any], None]"
