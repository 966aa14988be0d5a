"""The outbox (one row per durable receiver per send) and the inbox (events run once)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

__all__ = ["InboxEvent", "OutboxEvent", "State"]


class State(models.TextChoices):
    PENDING = "pending"
    """Waiting to be published (again): new, or its last try failed."""
    PUBLISHED = "published"
    """Handed to the broker."""
    DEAD = "dead"
    """Tried ``MAX_ATTEMPTS`` times, or refused for good: kept for inspection and ``retry``."""


class OutboxEvent(models.Model):
    """One event for one durable receiver, written in the sender's transaction."""

    id: models.UUIDField[uuid.UUID | str, uuid.UUID] = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text="Also the Celery task id and the receiver's idempotency key.",
    )
    signal: models.CharField[str, str] = models.CharField(
        max_length=255, help_text="The signal's label."
    )
    receiver: models.CharField[str, str] = models.CharField(
        max_length=255, help_text="The Celery task's name."
    )
    payload: models.TextField[str, str] = models.TextField(
        help_text="The validated payload, as JSON."
    )
    sender: models.JSONField[Any, Any] = models.JSONField(
        help_text="The sender's reference, as it travels."
    )
    schema_fingerprint: models.CharField[str, str] = models.CharField(
        max_length=64, help_text="SHA-256 of the payload's JSON Schema at send time."
    )
    state: models.CharField[str, str] = models.CharField(
        max_length=9, choices=State.choices, default=State.PENDING, db_index=False
    )
    attempts: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(default=0)
    last_error: models.TextField[str, str] = models.TextField(blank=True, default="")
    created_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        default=timezone.now
    )
    published_at: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = (
        models.DateTimeField(null=True, blank=True)
    )
    next_attempt_at: models.DateTimeField[datetime.datetime, datetime.datetime] = (
        models.DateTimeField(default=timezone.now)
    )

    objects: ClassVar[models.Manager[OutboxEvent]] = models.Manager()

    class Meta:
        db_table = "typedsignals_outbox"
        verbose_name = "outbox event"
        indexes: ClassVar = [
            models.Index(fields=["state", "next_attempt_at"], name="typedsignals_outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.receiver} for {self.signal} ({self.state}, {self.id})"


class InboxEvent(models.Model):
    """An event an ``exactly_once=True`` receiver ran, recorded in the same transaction."""

    id: models.UUIDField[uuid.UUID | str, uuid.UUID] = models.UUIDField(
        primary_key=True, editable=False, help_text="The outbox event's id."
    )
    receiver: models.CharField[str, str] = models.CharField(
        max_length=255, help_text="The Celery task's name."
    )
    processed_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        default=timezone.now
    )

    objects: ClassVar[models.Manager[InboxEvent]] = models.Manager()

    class Meta:
        db_table = "typedsignals_inbox"
        verbose_name = "inbox event"

    def __str__(self) -> str:
        return f"{self.receiver} ran {self.id}"
