"""Django-style signals whose payloads are pydantic models.

One model per signal drives three checks: ``send`` validates the payload at runtime, the mypy
plugin (``typedsignals.mypy``) checks sends and receivers statically, and the Sphinx extension
(``sphinx_ext``) documents the signal's sender and arguments.

The names below are imported on first use, so that importing a submodule that needs none of
the runtime (``typedsignals.mypy``, loaded by every mypy run) does not import pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "PayloadError": "typedsignals.errors",
    "ReceiverInfo": "typedsignals.receivers",
    "ReceiverSignatureError": "typedsignals.errors",
    "Signal": "typedsignals.dispatcher",
    "SignalDeclarationError": "typedsignals.errors",
    "all_signals": "typedsignals.dispatcher",
    "receiver": "typedsignals.receivers",
}


if not TYPE_CHECKING:  # type checkers see the imports above, and no module __getattr__

    def __getattr__(name: str) -> Any:
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module 'typedsignals' has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*globals(), *__all__])
