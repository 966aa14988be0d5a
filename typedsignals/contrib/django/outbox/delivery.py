"""The outbox at work: the row written in the sender's transaction, the publish after the
commit, the relay, what the worker records of each try, and the inbox of ``exactly_once``.

Every publish, after the commit or by a relay, claims its row first: one row per
transaction, locked with ``SELECT … FOR UPDATE SKIP LOCKED`` where the database has it
(PostgreSQL, MySQL 8, Oracle), so relays side by side never publish a row twice, and a relay
killed mid-batch leaves at most the row it was publishing to be published again. SQLite
serialises writers but has no row locks: run one relay there.
"""

from __future__ import annotations

import datetime
import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import attrs
from celery import current_task
from django.db import IntegrityError, connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from typedsignals import PayloadError
from typedsignals.contrib.celery.errors import EnqueueError, MessageError
from typedsignals.contrib.django.outbox.conf import Options, publisher
from typedsignals.contrib.django.outbox.models import InboxEvent, OutboxEvent, State

__all__ = ["Pass", "durable_body", "publish_due", "purge", "relay", "retry", "write"]

logger = logging.getLogger("typedsignals.outbox")

_ERROR_LIMIT = 4000
"""Characters of an error kept on a row."""


def write(*, signal: str, receiver: str, payload: str, sender: Any, fingerprint: str) -> uuid.UUID:
    """Write the row in the current transaction of the outbox's database, to be published
    when that transaction commits (at once in autocommit). Returns the event's id."""
    alias = router.db_for_write(OutboxEvent)
    row = OutboxEvent.objects.using(alias).create(
        signal=signal,
        receiver=receiver,
        payload=payload,
        sender=sender,
        schema_fingerprint=fingerprint,
    )
    event_id = uuid.UUID(str(row.pk))
    _Batch.add(alias, event_id)
    return event_id


@attrs.define(eq=False)
class _Batch:
    """The rows one transaction wrote, published together after its commit: one broker
    failure leaves them all to the relay, so a sender never waits on the broker twice."""

    alias: str
    ids: list[uuid.UUID] = attrs.field(factory=list)

    @classmethod
    def add(cls, alias: str, event_id: uuid.UUID) -> None:
        """Add the row to the batch of the current transaction on ``alias``; to a new one if
        that batch's callback is no longer registered (its transaction rolled back, or
        committed). In autocommit, the new batch is published at once."""
        connection = transaction.get_connection(alias)
        batch = getattr(connection, "_typedsignals_outbox_batch", None)
        registered = [entry[1] for entry in connection.run_on_commit]
        if isinstance(batch, cls) and batch.publish in registered:
            batch.ids.append(event_id)
            return
        batch = cls(alias, [event_id])
        connection._typedsignals_outbox_batch = batch
        transaction.on_commit(batch.publish, using=alias)

    def publish(self) -> None:
        """Best effort: the commit has succeeded, so nothing here may fail the sender."""
        try:
            publish_due(ids=self.ids, using=self.alias)
        except Exception:
            logger.warning(
                "%d outbox event(s) committed but not published (the relay will publish them)",
                len(self.ids),
                exc_info=True,
            )


@attrs.frozen
class Pass:
    """What one relay pass did."""

    published: int
    failed: int
    broker_down: bool

    @property
    def tried(self) -> int:
        return self.published + self.failed


def publish_due(
    *,
    ids: Iterable[uuid.UUID] | None = None,
    limit: int | None = None,
    options: Options | None = None,
    using: str | None = None,
) -> Pass:
    """Publish pending rows, one claimed row per transaction: those whose next try is due (or
    the rows ``ids``, due or not), at most ``limit``. Stops at the first broker failure."""
    options = options or Options.from_settings()
    alias = using or router.db_for_write(OutboxEvent)
    wanted = None if ids is None else list(ids)
    published = failed = 0
    if wanted is not None:
        limit = len(wanted) if limit is None else min(limit, len(wanted))
    while limit is None or published + failed < limit:
        with transaction.atomic(using=alias):
            row = _claim(alias, wanted)
            if row is None:
                break
            outcome = _publish(row, options)
        if outcome is None:
            published += 1
            continue
        failed += 1
        if outcome:
            return Pass(published, failed, broker_down=True)
    return Pass(published, failed, broker_down=False)


def _claim(alias: str, ids: list[uuid.UUID] | None) -> OutboxEvent | None:
    rows = OutboxEvent.objects.using(alias).filter(state=State.PENDING)
    if ids is None:
        rows = rows.filter(next_attempt_at__lte=timezone.now())
    else:
        rows = rows.filter(pk__in=ids)
    if connections[alias].features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    return rows.order_by("next_attempt_at", "created_at").first()


def _publish(row: OutboxEvent, options: Options) -> bool | None:
    """Publish the claimed ``row``: ``None`` if it was, else whether the broker was down."""
    publish = publisher(row.receiver)
    if publish is None:
        _record_failure(
            row,
            f"no durable task receiver named {row.receiver!r} is declared in this process: "
            "run the relay where the module that declares it is imported (as the worker "
            "imports it)",
            options,
        )
        return False
    message = {"signal": row.signal, "payload": row.payload, "sender": row.sender}
    try:
        publish(message, str(row.id), retry=False)
    except EnqueueError as exc:
        _record_failure(row, f"the broker could not be reached: {exc.__cause__}", options)
        return True
    row.state = State.PUBLISHED
    row.published_at = timezone.now()
    row.save(update_fields=["state", "published_at"])
    return None


def _record_failure(row: OutboxEvent, error: str, options: Options, final: bool = False) -> None:
    """One more failed try of ``row``: pending again after the backoff, or ``dead``."""
    row.attempts += 1
    row.last_error = error[:_ERROR_LIMIT]
    if final or row.attempts >= options.MAX_ATTEMPTS:
        row.state = State.DEAD
    else:
        row.state = State.PENDING
        delay = datetime.timedelta(seconds=options.backoff(row.attempts))
        row.next_attempt_at = timezone.now() + delay
    row.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    if row.state == State.DEAD:
        logger.error(
            "outbox event %s for %s is dead after %d attempt(s): %s",
            row.id,
            row.receiver,
            row.attempts,
            row.last_error.splitlines()[0] if row.last_error else "",
        )


def relay(
    *, once: bool = False, options: Options | None = None, stop: threading.Event | None = None
) -> int:
    """Publish due rows until ``stop`` is set (or, with ``once``, until none is due or the
    broker is down); sleeps ``INTERVAL`` when there is nothing to do. Returns how many rows it
    published."""
    options = options or Options.from_settings()
    stop = stop or threading.Event()
    total = 0
    while not stop.is_set():
        done = publish_due(limit=options.BATCH_SIZE, options=options)
        total += done.published
        idle = done.broker_down or done.tried < options.BATCH_SIZE
        if once and idle:
            break
        if idle:
            stop.wait(options.INTERVAL)
    return total


def retry(rows: QuerySet[OutboxEvent]) -> int:
    """Make ``rows`` pending and due now, their attempts counted from zero again."""
    return rows.update(state=State.PENDING, attempts=0, next_attempt_at=timezone.now())


def purge(*, older_than: datetime.timedelta, inbox: bool = False) -> tuple[int, int]:
    """Delete the rows published more than ``older_than`` ago (and, with ``inbox``, the
    inbox entries recorded before then); returns how many of each."""
    before = timezone.now() - older_than
    published, _ = OutboxEvent.objects.filter(
        state=State.PUBLISHED, published_at__lt=before
    ).delete()
    seen = InboxEvent.objects.filter(processed_at__lt=before).delete()[0] if inbox else 0
    return published, seen


Decode = Callable[..., tuple[Any, Any, dict[str, Any]]]
"""A task receiver's message decoding: ``(signal, sender, values)`` or ``MessageError``/
``PayloadError``."""


def durable_body(
    task_name: str, decode: Decode, call: Callable[..., Any], *, exactly_once: bool
) -> Callable[..., Any]:
    """The task body of a durable receiver: each failed try is recorded on the event's row
    (a ``PayloadError`` makes it ``dead`` at once: the same payload would fail the same way;
    any other exception makes it pending again after the backoff, ``dead`` after
    ``MAX_ATTEMPTS``). With ``exactly_once`` the function runs in ``transaction.atomic()`` with
    the event recorded in the inbox, so a redelivered event is skipped."""

    def run(*args: Any, **kwargs: Any) -> Any:
        event_id = str(current_task.request.id)
        try:
            signal, sender, values = decode(*args, **kwargs)
        except MessageError:
            raise  # the broker's word only: no row is touched on it
        except PayloadError as exc:
            _failed(event_id, exc, final=True)
            raise
        try:
            if not exactly_once:
                return call(signal=signal, sender=sender, **values)
            return _once(task_name, event_id, lambda: call(signal=signal, sender=sender, **values))
        except Exception as exc:
            _failed(event_id, exc, final=False)
            raise

    return run


def _once(task_name: str, event_id: str, call: Callable[[], Any]) -> Any:
    alias = router.db_for_write(InboxEvent)
    with transaction.atomic(using=alias):
        try:
            with transaction.atomic(using=alias):
                InboxEvent.objects.using(alias).create(id=event_id, receiver=task_name)
        except IntegrityError:
            logger.info("outbox event %s already ran %s: skipped", event_id, task_name)
            return None
        return call()


def _failed(event_id: str, error: Exception, *, final: bool) -> None:
    try:
        key = uuid.UUID(event_id)
    except ValueError:
        return
    options = Options.from_settings()
    alias = router.db_for_write(OutboxEvent)
    with transaction.atomic(using=alias):
        row = OutboxEvent.objects.using(alias).select_for_update().filter(pk=key).first()
        if row is not None:
            _record_failure(row, f"{type(error).__name__}: {error}", options, final=final)
