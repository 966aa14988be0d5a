"""A receivers module that fails to import: the AppConfig must say so, not skip it."""

import tests.django.no_such_module  # noqa: F401
