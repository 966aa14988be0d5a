"""The AppConfig imports each installed app's signals and receivers modules in ready()."""

from __future__ import annotations

import pytest
from django.apps.registry import Apps
from django.core.exceptions import ImproperlyConfigured

from tests.django import announcing


def test_ready_imports_each_apps_signals_then_receivers_module() -> None:
    Apps(["typedsignals.contrib.django", "django.contrib.sessions", "tests.django.announcing"])
    assert announcing.imported == [
        "tests.django.announcing.signals",
        "tests.django.announcing.receivers",
    ]


def test_a_module_that_exists_but_fails_to_import_is_an_error_naming_it() -> None:
    with pytest.raises(ImproperlyConfigured) as raised:
        Apps(["typedsignals.contrib.django", "tests.django.broken"])
    assert str(raised.value) == (
        "typedsignals could not import 'tests.django.broken.receivers' (app 'broken') to "
        "connect its receivers: ModuleNotFoundError: No module named 'tests.django.no_such_module'"
        "; fix that module (the traceback above shows where it failed)"
    )
    assert isinstance(raised.value.__cause__, ModuleNotFoundError)
