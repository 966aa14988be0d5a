"""``python manage.py typedsignals_outbox relay|list|retry|purge``: operate the outbox."""

from __future__ import annotations

import argparse
import datetime
import signal
import threading
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from typedsignals.contrib.django.outbox.delivery import purge, relay, retry
from typedsignals.contrib.django.outbox.models import OutboxEvent, State
from typedsignals.redaction import one_line


class Command(BaseCommand):
    help = "Operate the typedsignals outbox: run the relay, list, retry or purge events."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        run = actions.add_parser("relay", help="publish pending events (until stopped)")
        run.add_argument("--once", action="store_true", help="publish what is due now, then exit")
        show = actions.add_parser("list", help="show events: state, attempts, last error")
        show.add_argument("--state", choices=[state.value for state in State])
        show.add_argument("--limit", type=int, default=50, help="rows shown (newest first)")
        again = actions.add_parser("retry", help="make events pending and due now")
        again.add_argument("ids", nargs="*", type=_event_id, metavar="ID")
        again.add_argument("--dead", action="store_true", help="every dead event")
        clean = actions.add_parser("purge", help="delete published events")
        clean.add_argument("--published", action="store_true", required=True)
        clean.add_argument("--older-than", type=float, required=True, metavar="DAYS")
        clean.add_argument(
            "--inbox", action="store_true", help="also the inbox entries older than DAYS"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _relay(self, *, once: bool, **options: Any) -> None:
        stop = threading.Event()
        if not once:
            for each in (signal.SIGINT, signal.SIGTERM):
                signal.signal(each, lambda *_: stop.set())
        published = relay(once=once, stop=stop)
        self.stdout.write(f"published {published} event(s)")

    def _list(self, *, state: str | None, limit: int, **options: Any) -> None:
        rows = OutboxEvent.objects.order_by("-created_at")
        if state:
            rows = rows.filter(state=state)
        for row in rows[:limit]:
            error = one_line(row.last_error.splitlines()[0], 200) if row.last_error else ""
            self.stdout.write(
                f"{row.id}  {row.state:<9}  attempts={row.attempts}  {row.receiver}  "
                f"{row.signal}  created={row.created_at.isoformat(timespec='seconds')}"
                + (f"  error={error}" if error else "")
            )

    def _retry(self, *, ids: list[uuid.UUID], dead: bool, **options: Any) -> None:
        if bool(ids) == dead:
            raise CommandError("retry takes event ids or --dead (one of the two)")
        rows = OutboxEvent.objects.filter(state=State.DEAD) if dead else None
        if rows is None:
            rows = OutboxEvent.objects.filter(pk__in=ids)
            missing = set(ids) - set(rows.values_list("pk", flat=True))
            if missing:
                raise CommandError(
                    f"no outbox event with id {', '.join(sorted(map(str, missing)))}"
                )
        self.stdout.write(f"{retry(rows)} event(s) will be published by the relay")

    def _purge(self, *, older_than: float, inbox: bool, **options: Any) -> None:
        published, seen = purge(older_than=datetime.timedelta(days=older_than), inbox=inbox)
        self.stdout.write(
            f"deleted {published} published event(s)"
            + (f" and {seen} inbox entr{'y' if seen == 1 else 'ies'}" if inbox else "")
        )


def _event_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an event id (a UUID)") from None
