"""A real Django project for contrib.django: settings configured here, for this folder only.

``settings.configure`` (not ``DJANGO_SETTINGS_MODULE``) keeps the rest of the suite, and the
processes it starts, free of Django; pytest-django's fixtures (``db``, ``client`` …) take these
settings once they are configured.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import django
import pytest
from django.conf import settings

from tests.django.project import settings as project_settings
from typedsignals import Signal

if not settings.configured:
    settings.configure(
        **{name: value for name, value in vars(project_settings).items() if name.isupper()}
    )
    django.setup()

Calls = list[dict[str, Any]]


@pytest.fixture
def listen() -> Iterator[Callable[..., Calls]]:
    """``listen(signal, sender=…)``: connect a recording receiver; disconnected afterwards.

    Each call is recorded as the keyword arguments the receiver got.
    """
    connected: list[tuple[Signal[Any], Callable[..., None], Any]] = []

    def connect(signal: Signal[Any], sender: Any = None) -> Calls:
        calls: Calls = []

        def record(**kwargs: Any) -> None:
            calls.append(kwargs)

        signal.connect(record, sender=sender, weak=False)
        connected.append((signal, record, sender))
        return calls

    yield connect
    for signal, record, sender in connected:
        signal.disconnect(record, sender=sender)


def garbage_collect() -> None:
    for _ in range(3):
        gc.collect()
