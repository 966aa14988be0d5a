"""Fixtures for ``typedsignals.contrib.celery``: an embedded Celery, and a real Redis broker.

``app``: Celery's in-memory transport with an in-process worker (a thread), so these tests need
nothing installed. ``redis_url``: the real broker at ``redis://127.0.0.1:6379``, on a database
of its own; a test that needs it skips when Redis does not answer, but fails when ``CI`` is set.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import before_task_publish

REDIS_HOST = "127.0.0.1"
REDIS_PORT = int(os.environ.get("TYPEDSIGNALS_TEST_REDIS_PORT", "6379"))
"""Another port (no broker there, say) checks the skip, and the failure under ``CI``."""
REDIS_DB = 13
"""A database of their own, so these tests and other users of the broker do not collide."""


def embedded_app(name: str) -> Celery:
    """A Celery app on the in-memory transport with an in-memory result backend."""
    app = Celery(name, broker="memory://", backend="cache+memory://", set_as_current=False)
    app.conf.update(
        broker_connection_retry_on_startup=True,
        broker_transport_options={"polling_interval": 0.01},
        task_default_queue=f"typedsignals-{name}",
        worker_hijack_root_logger=False,
    )
    return app


@pytest.fixture(scope="session")
def app() -> Iterator[Celery]:
    """The embedded app, with its worker running in this process for the whole session.

    A worker learns its app's tasks when it starts; tests declare task receivers later, so
    the worker is told about a new task just before its first message is published.
    """
    celery_app = embedded_app("embedded")
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, loglevel="ERROR"
    ) as worker:

        def learn_new_task(headers: dict[str, Any], **kwargs: Any) -> None:
            if headers["task"] not in worker.consumer.strategies:
                worker.consumer.update_strategies()

        before_task_publish.connect(learn_new_task, weak=False)
        try:
            yield celery_app
        finally:
            before_task_publish.disconnect(learn_new_task)


class Opens:
    """Unpickling it creates the file at ``path`` (``open(path, "w")``): what pickle lets a
    message do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.path), "w")


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The real broker's URL; skip (fail under CI) when Redis does not answer."""
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            answer = connection.recv(16)
    except OSError as error:
        answer = f"{type(error).__name__}: {error}".encode()
    if answer.startswith(b"+PONG"):
        return f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
    reason = f"no Redis broker at {REDIS_HOST}:{REDIS_PORT} ({answer.decode(errors='replace')})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI requires it")
    pytest.skip(reason)
