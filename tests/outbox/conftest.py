"""Fixtures of tests/outbox: each test's database (SQLite, and PostgreSQL on 127.0.0.1:5432 in
a schema of its own) and its own Redis broker (a ``redis-server`` this test starts, stops and
starts again: a real outage). Each test runs its steps in processes of their own
(tests/outbox/steps.py): Django settings are process-wide, and some steps kill their process.

A test that needs PostgreSQL or ``redis-server`` skips, with the reason, when it is missing;
it fails instead when ``CI`` is set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.celery.conftest import closed_port

ROOT = Path(__file__).parents[2]
DEADLINE = 60  # seconds: an upper bound on waiting, never an assertion on speed


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI requires it")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgresql() -> Iterator[str]:
    """A schema of its own in the ``test`` database: ``postgresql:SCHEMA``, migrated."""
    try:
        import psycopg
    except ImportError as error:
        unavailable(f"psycopg is not installed ({error}): pip install -e '.[dev]'")
    user = os.environ.get("TYPEDSIGNALS_TEST_PG_USER", "postgres")
    port = int(os.environ.get("TYPEDSIGNALS_TEST_PG_PORT", "5432"))  # another checks the skip
    schema = f"typedsignals_outbox_{uuid.uuid4().hex[:10]}"
    try:
        connection = psycopg.connect(
            host="127.0.0.1", port=port, dbname="test", user=user, autocommit=True
        )
    except psycopg.OperationalError as error:
        where = f"127.0.0.1:{port} (database test, user {user})"
        unavailable(f"no PostgreSQL at {where}: {' '.join(str(error).split())}")
    with connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        try:
            spec = f"postgresql:{schema}"
            migrate(spec)
            yield spec
        finally:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="session")
def sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An SQLite file (each process of a test opens it: no in-memory database), migrated."""
    spec = f"sqlite:{tmp_path_factory.mktemp('outbox') / 'outbox.sqlite3'}"
    migrate(spec)
    return spec


def migrate(spec: str) -> None:
    Steps(spec, "redis://127.0.0.1:1/0", {}).run("migrate")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(request.param))


class Broker:
    """A ``redis-server`` of this test's own, on a free port."""

    def __init__(self, directory: Path) -> None:
        self.port = closed_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None
        self.client = redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            unavailable("no redis-server on PATH (the outbox tests start their own broker)")
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._answers, f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def _answers(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.ConnectionError:
            return False

    def queued_ids(self, queue: str) -> list[str]:
        """The task ids of the messages waiting in ``queue``, oldest first."""
        messages = self.client.lrange(queue, 0, -1)
        return [json.loads(message)["headers"]["id"] for message in reversed(messages)]


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    started = Broker(tmp_path)
    started.start()
    try:
        yield started
    finally:
        started.stop()


class Steps:
    """Runs tests/outbox/steps.py in processes of their own, with one test's environment."""

    queue = "outbox"
    fresh = False

    def __init__(self, database: str, broker: str, outbox: dict[str, Any], **env: str) -> None:
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TYPEDSIGNALS_TEST_DB": database,
            "TYPEDSIGNALS_TEST_BROKER": broker,
            "TYPEDSIGNALS_TEST_QUEUE": self.queue,
            "TYPEDSIGNALS_TEST_OUTBOX": json.dumps(outbox),
            **env,
        }

    def start(self, *steps: str, **env: str) -> subprocess.Popen[str]:
        """The steps in a process of their own; the first process empties the tables first."""
        first, self.fresh = self.fresh, False
        return subprocess.Popen(
            [sys.executable, "-m", "tests.outbox.steps", *(["reset"] if first else []), *steps],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *steps: str, returncode: int = 0, **env: str) -> list[dict[str, Any]]:
        """Each step's JSON line; the process must end with ``returncode``."""
        process = self.start(*steps, **env)
        out, err = process.communicate(timeout=DEADLINE * 2)
        assert process.returncode == returncode, err
        return [json.loads(line) for line in out.splitlines()]

    def report(self) -> dict[str, Any]:
        [report] = self.run("report")
        return report

    def worker(self, **env: str) -> subprocess.Popen[bytes]:
        """A real ``celery worker`` process (solo pool) for tests/outbox/app.py."""
        command = [sys.executable, "-m", "celery", "-A", "tests.outbox.app", "worker"]
        options = ["--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"]
        return subprocess.Popen(
            [*command, *options],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def wait_until(condition: Any, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {DEADLINE} s waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def steps(database: str, broker: Broker) -> Steps:
    """This test's steps, on a clean outbox: the database's tables emptied first."""
    made = Steps(database, broker.url, {"BACKOFF": 0.05, "MAX_ATTEMPTS": 3})
    made.fresh = True
    return made
