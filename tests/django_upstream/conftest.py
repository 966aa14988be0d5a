"""Django's own dispatcher tests, run against typedsignals and, as the control, django.dispatch.

``test_upstream.py`` runs the upstream files (``django52/``) in two fresh interpreters, one per
value of ``TYPEDSIGNALS_UPSTREAM``: ``typedsignals`` swaps ``django.dispatch.Signal`` and
``receiver`` for ours before Django creates a single signal (so Django's ``ModelSignal``, and
``pre_save``, ``post_save`` … are ours too); ``django`` leaves Django as it is. The files are
those of the installed Django's release (``django52/``, ``django61/``). By hand (Django 5.2)::

    TYPEDSIGNALS_UPSTREAM=typedsignals .venv/bin/pytest tests/django_upstream/django52
    TYPEDSIGNALS_UPSTREAM=django .venv/bin/pytest tests/django_upstream/django52

Without the variable (the ordinary suite, where Django is long imported), the upstream files
are not collected here: only ``test_upstream.py``, which starts those two runs.
"""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path


def version(distribution: str) -> tuple[int, int]:
    """``(major, minor)`` of an installed distribution, read without importing it."""
    major, minor = metadata.version(distribution).split(".")[:2]
    return int(major), int(minor)


DISPATCHERS = ("typedsignals", "django")
DISPATCHER = os.environ.get("TYPEDSIGNALS_UPSTREAM")
UPSTREAMS = {(5, 2): "django52", (6, 1): "django61"}
"""The upstream files of each Django release they come from."""
UPSTREAM = UPSTREAMS[version("django")]
"""The folder of upstream files for the installed Django."""

if DISPATCHER is None:
    collect_ignore = list(UPSTREAMS.values())
else:
    if DISPATCHER not in DISPATCHERS:
        raise SystemExit(f"TYPEDSIGNALS_UPSTREAM={DISPATCHER!r}: use one of {DISPATCHERS}")
    collect_ignore = ["test_upstream.py", *(u for u in UPSTREAMS.values() if u != UPSTREAM)]
    if DISPATCHER == "typedsignals":
        if "django.dispatch" in sys.modules:
            raise SystemExit(
                "django.dispatch was imported before tests/django_upstream/conftest.py could "
                "swap its Signal: Django's own signals would stay Django's"
            )
        import django.dispatch

        import typedsignals

        django.dispatch.Signal = typedsignals.Signal  # type: ignore[misc]
        django.dispatch.receiver = typedsignals.receiver

    import django
    from django.conf import settings

    # As Django's tests/runtests.py has it: the test packages (``signals``, ``dispatch``) are
    # top-level, so the models' app label is ``signals``, which the tests name.
    sys.path.insert(0, str(Path(__file__).with_name(UPSTREAM)))

    settings.configure(
        DEBUG=False,
        SECRET_KEY="django_upstream",
        USE_TZ=True,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=["signals"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()

    if DISPATCHER == "typedsignals":
        from django.db.models.signals import ModelSignal

        assert issubclass(ModelSignal, typedsignals.Signal), "the swap came too late"
