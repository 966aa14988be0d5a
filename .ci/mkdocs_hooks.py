"""mkdocs hooks: Django set up before the docs are built.

The griffe extension (typedsignals.griffe) imports every module of the packages it documents,
to find their signals; the outbox app's models and admin, like any Django app's, need Django's
settings and app registry to import.
"""

from __future__ import annotations

from typing import Any


def on_config(config: Any, **kwargs: Any) -> Any:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            INSTALLED_APPS=[
                "django.contrib.contenttypes",
                "django.contrib.auth",
                "django.contrib.admin",
                "typedsignals.contrib.django.outbox",
            ],
            USE_TZ=True,
        )
        django.setup()
    return config
