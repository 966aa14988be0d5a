"""Receivers, connected when this module is imported (``typedsignals_receiver_modules``)."""

from typing import Any

from bakery.signals import loaf_baked, loaf_sold, tick
from bakery.store import Bakery
from typedsignals import receiver


@receiver(loaf_baked, sender=Bakery)
def wrap_loaf(kind: str, **kwargs: Any) -> None:
    """Wrap a fresh loaf."""


@receiver([loaf_baked, loaf_sold])
def count_loaves(**kwargs: Any) -> None:
    """Count every loaf event."""


@receiver(tick, sender="clock")
async def on_tick(second: int, **kwargs: Any) -> None:
    """React to the clock."""


@receiver(tick, sender="clock", dispatch_uid="bell", weak=False)
def ring_bell(**kwargs: Any) -> None:
    """Ring the bell: its work runs elsewhere, as the mark an integration sets says."""


ring_bell.typedsignals_runs_on = "Celery"  # type: ignore[attr-defined]
