"""One page whose view sends signals: two receivers, a failing one (send_robust), a nested
send, and a refused payload."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from debug_toolbar.toolbar import debug_toolbar_urls
from django.http import HttpRequest, HttpResponse
from django.urls import path
from pydantic import BaseModel, Field, SecretStr

from typedsignals import PayloadError, Signal


class Kitchen:
    """Sends the pizzeria's signals."""


class OrderPlaced(BaseModel):
    number: int
    card: SecretStr


class PizzaDone(BaseModel):
    toppings: list[str]
    size: int = Field(default=30, gt=0)


order_placed = Signal[OrderPlaced](sender=Kitchen)
pizza_done = Signal[PizzaDone](sender=Kitchen)


def charge_card(number: int, **kwargs: Any) -> str:
    time.sleep(0.002)
    return f"charged order {number}"


def bake(number: int, **kwargs: Any) -> None:
    pizza_done.send(Kitchen, toppings=["ham", "olives"], size=32)


def box_it(size: int, **kwargs: Any) -> str:
    return f"boxed {size}"


def notify_courier(**kwargs: Any) -> None:
    raise ConnectionError("courier API unreachable")


order_placed.connect(charge_card)
order_placed.connect(bake)
pizza_done.connect(box_it)
pizza_done.connect(notify_courier)


def order(request: HttpRequest) -> HttpResponse:
    order_placed.send_robust(Kitchen, number=7, card="4111-1111-1111-1111")
    with contextlib.suppress(PayloadError):
        pizza_done.send(Kitchen, toppings="pepperoni-secret-sauce", size=-1)
    opens_the_panel = (
        "<script>const opening = setInterval(() => { const link = document"
        ".getElementById('djDebugRoot').shadowRoot?.querySelector('a.SignalsPanel'); "
        "if (link) { clearInterval(opening); link.click(); } }, 200);</script>"
        if "open" in request.GET
        else ""
    )
    return HttpResponse(f"<html><body><h1>Order 7 placed</h1>{opens_the_panel}</body></html>")


urlpatterns = [path("order/", order), *debug_toolbar_urls()]
"""``/order/?open`` opens the panel once the page has loaded: docs/observability.md's
screenshot (headless Chromium cannot click)."""
