"""Re-exports a signal: documented where it is created, unless :imported-members: is set."""

from bakery.signals import loaf_sold as loaf_sold
from bakery.signals import Loaf
from typedsignals import Signal

local_signal = Signal[Loaf](doc="Created here.")
