"""The outbox's AppConfig."""

from __future__ import annotations

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """``typedsignals.contrib.django.outbox`` in ``INSTALLED_APPS``: the outbox and inbox."""

    name = "typedsignals.contrib.django.outbox"
    label = "typedsignals_outbox"
    verbose_name = "typedsignals outbox"
    default_auto_field = "django.db.models.BigAutoField"
