"""The AppConfig that imports every installed app's ``signals`` and ``receivers`` modules."""

from __future__ import annotations

import importlib

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

__all__ = ["RECEIVER_MODULES", "TypedSignalsConfig"]

RECEIVER_MODULES = ("signals", "receivers")
"""The submodules of each installed app that ``ready()`` imports, in this order."""


class TypedSignalsConfig(AppConfig):
    """``typedsignals.contrib.django`` in ``INSTALLED_APPS``.

    In ``ready()`` (the place Django recommends for connecting receivers) it imports the
    ``signals`` and then the ``receivers`` module of every installed app that has one, in
    ``INSTALLED_APPS`` order, so receivers declared there are connected. A module that exists
    but fails to import raises ``ImproperlyConfigured`` naming it, chained to the error.
    """

    name = "typedsignals.contrib.django"
    label = "typedsignals"
    verbose_name = "typedsignals"

    def ready(self) -> None:
        registry = self.apps
        assert registry is not None, "ready() runs once the registry has populated its apps"
        for app_config in registry.get_app_configs():
            if app_config is self:
                continue
            for submodule in RECEIVER_MODULES:
                if module_has_submodule(app_config.module, submodule):
                    _import_receivers(app_config, f"{app_config.name}.{submodule}")


def _import_receivers(app_config: AppConfig, module: str) -> None:
    try:
        importlib.import_module(module)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"typedsignals could not import {module!r} (app {app_config.label!r}) to connect "
            f"its receivers: {type(exc).__name__}: {exc}; fix that module (the traceback above "
            "shows where it failed)"
        ) from exc
