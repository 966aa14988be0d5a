"""A signal no page documents: the catalogue shows its name as plain text."""

from bakery.signals import Tick
from typedsignals import Signal

hidden_signal = Signal[Tick](doc="Documented nowhere.")
