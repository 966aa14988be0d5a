"""A module whose ``__all__`` selects what automodule documents."""

from bakery.signals import Tick
from typedsignals import Signal

__all__ = ["listed", "undocumented"]

listed = Signal[Tick](doc="In __all__.")
unlisted = Signal[Tick](doc="Not in __all__.")
undocumented = Signal()
