"""Optional integrations, each behind its own extra: ``contrib.django``, ``contrib.celery``."""
