"""What the upstream tests read of Django's internals, for either dispatcher.

Django's tests read ``signal.receivers`` (every connection, dead ones included, until the
signal prunes them) and ``signal.lock`` with ``signal._clear_dead_receivers()`` (to count the
live ones), and Django 6.1's mock ``django.dispatch.dispatcher._make_id`` (how a sender is
keyed) to simulate an ``id`` reused. typedsignals keeps the same facts elsewhere; these helpers
give each test the one it asked for, from whichever ``Signal`` the run has.
"""

from __future__ import annotations

from typing import Any

import django.dispatch
import django.dispatch.dispatcher

import typedsignals.dispatcher
from typedsignals import Signal

OURS = django.dispatch.Signal is Signal
"""Whether this run swapped Django's ``Signal`` for ours (see conftest.py)."""
MAKE_ID = "typedsignals.dispatcher._key_of" if OURS else "django.dispatch.dispatcher._make_id"
"""What keys receivers and senders, for ``mock.patch``."""
_make_id = typedsignals.dispatcher._key_of if OURS else django.dispatch.dispatcher._make_id  # type: ignore[attr-defined]


def receivers(signal: Any) -> list[Any]:
    """Every connection the signal holds, dead ones included (Django: ``signal.receivers``)."""
    if isinstance(signal, Signal):
        return list(signal._connections)
    return list(signal.receivers)


def live_receiver_count(signal: Any) -> int:
    """How many receivers are connected once dead ones are cleared (Django: under its lock)."""
    if isinstance(signal, Signal):
        return len(signal.receivers_info())
    with signal.lock:
        signal._clear_dead_receivers()
    return len(signal.receivers)
