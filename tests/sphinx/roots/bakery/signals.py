"""What the bakery announces."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bakery.models import Topping
from bakery.store import Bakery, till
from typedsignals import Signal


class Loaf(BaseModel):
    """A loaf of bread."""

    kind: str = Field(max_length=20, description="The kind of bread, e.g. ``rye``.")
    weight: int = Field(default=500, gt=0, le=2000, description="Grams.")
    seeds: list[str] = Field(default_factory=list, description="Seeds on top.")
    topping: Topping | None = Field(default=None, alias="toppedWith")


class Tick(BaseModel):
    """The clock ticked."""

    second: int


#: Sent when a loaf leaves the oven (this comment wins over ``doc=``).
loaf_baked = Signal[Loaf](sender=Bakery, doc="Not shown: the comment above wins.")

loaf_sold = Signal[Loaf](sender=till, doc="Sent when a loaf is sold.")

tick = Signal[Tick](sender="clock", validate=False)

shop_opened = Signal()

_private_signal = Signal[Tick](doc="Documented, but private.")
