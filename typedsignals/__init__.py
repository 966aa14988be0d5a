"""Django-style signals whose payloads are pydantic models.

One model per signal drives three checks: ``send`` validates the payload at runtime, the mypy
plugin (``typedsignals.mypy``) checks sends and receivers statically, and the Sphinx extension
(``sphinx_ext``) documents the signal's sender and arguments.
"""

from typedsignals.dispatcher import Signal, all_signals
from typedsignals.errors import PayloadError, ReceiverSignatureError, SignalDeclarationError
from typedsignals.receivers import ReceiverInfo, receiver

__version__ = "0.1.0"

__all__ = [
    "PayloadError",
    "ReceiverInfo",
    "ReceiverSignatureError",
    "Signal",
    "SignalDeclarationError",
    "all_signals",
    "receiver",
]
