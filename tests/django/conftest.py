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
from django.test.utils import setup_test_environment, teardown_test_environment

from tests.django.project import settings as project_settings
from typedsignals import Signal

if not settings.configured:
    settings.configure(
        **{name: value for name, value in vars(project_settings).items() if name.isupper()}
    )
    django.setup()

Calls = list[dict[str, Any]]


class _TestEnvironment:
    """Django's test environment, switched on and off; pytest-django switches it on first."""

    active = True

    @classmethod
    def switch(cls, on: bool) -> None:
        if on and not cls.active:
            setup_test_environment()
        elif cls.active and not on:
            teardown_test_environment()
        cls.active = on


@pytest.fixture(scope="session")
def _test_environment_restored_for_pytest_django(django_test_environment: None) -> Iterator[None]:
    """Switch Django's test environment on again before pytest-django tears it down.

    It depends on pytest-django's fixture, so its teardown runs just before that one's.
    """
    yield
    _TestEnvironment.switch(on=True)


@pytest.fixture(scope="package", autouse=True)
def _test_environment_only_while_this_folder_runs(
    _test_environment_restored_for_pytest_django: None,
) -> Iterator[None]:
    """Django's test environment is active only while tests of this folder run.

    pytest-django sets it up for the whole session once settings are configured (from this
    conftest on); other folders run pytest in-process (pytester), where pytest-django sets it
    up again and fails if it is still active. pytest may run this folder's tests in more than
    one stretch, so each stretch switches it on and off.
    """
    _TestEnvironment.switch(on=True)
    yield
    _TestEnvironment.switch(on=False)


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
