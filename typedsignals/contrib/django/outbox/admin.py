"""The outbox and the inbox in the Django admin: state, attempts, last error; a retry action."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from typedsignals.contrib.django.outbox.delivery import retry
from typedsignals.contrib.django.outbox.models import InboxEvent, OutboxEvent


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    list_display = ("id", "state", "attempts", "receiver", "signal", "created_at", "published_at")
    list_filter = ("state", "receiver", "signal")
    search_fields = ("id", "receiver", "signal", "last_error")
    ordering = ("-created_at",)
    readonly_fields = tuple(field.name for field in OutboxEvent._meta.fields)
    actions = ("retry_now",)

    @admin.action(description="Retry now (pending, attempts reset)")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxEvent]) -> None:
        count = retry(queryset)
        self.message_user(request, f"{count} event(s) will be published by the relay.")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboxEvent)
class InboxEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "receiver", "processed_at")
    search_fields = ("id", "receiver")
    ordering = ("-processed_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
