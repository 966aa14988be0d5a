"""``python manage.py typedsignals_catalog PACKAGE``: the catalogue of a Django project's app.

The same output as ``python -m typedsignals catalog``, with Django set up by ``manage.py``
from the project's settings (``typedsignals.contrib.django`` must be in ``INSTALLED_APPS``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from typedsignals.catalog import CatalogImportError, add_catalog_arguments, render_catalog


class Command(BaseCommand):
    help = (
        "Import PACKAGE and all its submodules, then list every signal declared in them: "
        "module, name, sender, payload model, fields (type, default, constraints), and the "
        "receivers connected by the imports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_catalog_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = render_catalog(
                options["package"], options["format"], with_schema=options["schema"]
            )
        except CatalogImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(text)
