"""Durable delivery for ``task_receiver(..., durable=True)``: a transactional outbox.

``"typedsignals.contrib.django.outbox"`` in ``INSTALLED_APPS`` adds two tables: the outbox
(``OutboxEvent``: one row per durable receiver per send, written in the sender's transaction,
published to the broker after the commit, by the relay if that failed) and the inbox
(``InboxEvent``: the events an ``exactly_once=True`` receiver has run, recorded in the
receiver's own transaction). ``python manage.py typedsignals_outbox`` operates it (``relay``,
``list``, ``retry``, ``purge``); ``relay_task(app)`` gives Celery beat a relay. See
docs/durable-delivery.md.

Importing this package does not import the models, so it is safe before Django is set up.
"""

from __future__ import annotations

from typedsignals.contrib.django.outbox.conf import APP, require_installed

__all__ = ["APP", "require_installed"]

__typedsignals_no_signals__ = True
"""The catalogue (``python -m typedsignals catalog``, the docs tools) does not import the
modules below: they declare no signal, and the models need Django's settings."""
