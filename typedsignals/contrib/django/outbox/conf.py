"""The outbox's settings (``TYPEDSIGNALS_OUTBOX``) and the check that the app is installed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from typedsignals import Signal

__all__ = ["APP", "Options", "Publish", "publisher", "register", "require_installed"]

APP = "typedsignals.contrib.django.outbox"
"""What ``INSTALLED_APPS`` must list for ``task_receiver(..., durable=True)``."""

_SETTING = "TYPEDSIGNALS_OUTBOX"


@attrs.frozen
class Options:
    """``settings.TYPEDSIGNALS_OUTBOX``, a dict of these keys (each optional)."""

    MAX_ATTEMPTS: int = 15
    """Tries (publishing, or running the receiver) before a row is ``dead``."""
    BACKOFF: float = 2.0
    """Seconds before the second try; each later one waits twice as long."""
    BACKOFF_MAX: float = 3600.0
    """The longest wait between two tries, in seconds."""
    BATCH_SIZE: int = 100
    """Rows one relay pass publishes at most before it looks again."""
    INTERVAL: float = 1.0
    """Seconds the relay sleeps when no row is due."""

    @classmethod
    def from_settings(cls) -> Options:
        """``ImproperlyConfigured`` for an unknown key or a value of the wrong kind."""
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        given = getattr(settings, _SETTING, {})
        known = {field.name: field for field in attrs.fields(cls)}
        if not isinstance(given, dict):
            raise ImproperlyConfigured(
                f"settings.{_SETTING} must be a dict, got {type(given).__name__}"
            )
        for key, value in given.items():
            field = known.get(key)
            if field is None:
                raise ImproperlyConfigured(
                    f"settings.{_SETTING} has an unknown key {key!r}; the keys are "
                    f"{', '.join(known)}"
                )
            kind = int if field.type in (int, "int") else float
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ImproperlyConfigured(
                    f"settings.{_SETTING}[{key!r}] must be a positive number, got {value!r}"
                )
            if kind is int and not isinstance(value, int):
                raise ImproperlyConfigured(
                    f"settings.{_SETTING}[{key!r}] must be a whole number, got {value!r}"
                )
        return cls(**given)

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after ``attempts`` failed tries."""
        return float(min(self.BACKOFF * 2 ** max(attempts - 1, 0), self.BACKOFF_MAX))


def require_installed(where: str) -> None:
    """``TypeError`` (raised at declaration) unless the outbox app is in ``INSTALLED_APPS``."""
    from django.conf import settings

    how = f'add "{APP}" to INSTALLED_APPS and run `python manage.py migrate`, or drop durable=True'
    if not settings.configured:
        raise TypeError(
            f"{where}: durable=True needs Django settings with the outbox app, and Django "
            f"is not configured; {how}"
        )
    from django.apps import apps

    if apps.apps_ready:
        installed = apps.is_installed(APP)
    else:  # declared while Django populates its apps: read the setting itself
        installed = any(
            entry == APP or entry.startswith(f"{APP}.apps.") for entry in settings.INSTALLED_APPS
        )
    if not installed:
        raise TypeError(f"{where}: durable=True needs the outbox app in INSTALLED_APPS; {how}")


def schema_fingerprint(signal: Signal[Any]) -> str:
    """SHA-256 of ``signal``'s payload JSON Schema (keys sorted): stamped on each row."""
    schema = json.dumps(signal.json_schema(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(schema.encode()).hexdigest()


Publish = Callable[..., Any]
"""Queues a durable receiver's task: ``publish(message, task_id, retry=False)``; raises
``EnqueueError`` when the broker cannot take it."""

_publishers: dict[str, Publish] = {}


def register(task_name: str, publish: Publish) -> None:
    """Make the durable receiver ``task_name`` publishable by this process's relay."""
    _publishers[task_name] = publish


def publisher(task_name: str) -> Publish | None:
    """How to publish rows of the durable receiver ``task_name``, if it is declared here."""
    return _publishers.get(task_name)
