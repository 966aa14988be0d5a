"""A griffe extension: mkdocstrings documents each signal's sender, payload and receivers.

In ``mkdocs.yml``::

    plugins:
      - mkdocstrings:
          handlers:
            python:
              options:
                extensions:
                  - typedsignals.griffe:
                      import_modules: [myapp.receivers]   # optional
                      schema: false                       # optional
                      django_settings: mysite.settings    # optional, for a Django project

When griffe has loaded a package, the extension imports it and its submodules (as the
catalogue CLI does), plus ``import_modules``, so every signal is declared and every receiver
connected (``django_settings`` sets Django up first, as ``manage.py`` does). Each
module-level signal then gets the label ``signal`` (instead of ``module-attribute``) and a
docstring that shows its doc, declared sender, payload model, an arguments table (type,
required or default, constraints, description), the connected receivers, and optionally the
JSON Schema.
Senders, models and receivers are cross-referenced when your site documents them.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from typedsignals.extras import requires_extra

with requires_extra(__name__, "griffe", extra="docs"):
    import griffe

from typedsignals.catalog import (
    CatalogImportError,
    catalog,
    import_package,
    render_signal_markdown,
    setup_django,
)

__all__ = ["SignalsExtension"]

DJANGO_HINT = (
    "; a Django project's apps import once Django is set up: give the extension the "
    "option `django_settings: mysite.settings` (your settings module)"
)


class SignalsExtension(griffe.Extension):
    """Documents ``Signal`` instances from their runtime introspection API."""

    def __init__(
        self,
        import_modules: list[str] | None = None,
        schema: bool = False,
        django_settings: str | None = None,
    ) -> None:
        """``import_modules`` connect receivers declared outside the documented package;
        ``schema`` adds each payload's JSON Schema; ``django_settings`` is the settings module
        to set Django up with before importing anything."""
        super().__init__()
        self.import_modules = list(import_modules or [])
        self.schema = schema
        self.django_settings = django_settings

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        try:
            with _importable_from(_search_path(pkg)):
                if self.django_settings is not None:
                    setup_django(self.django_settings)
                for module in self.import_modules:
                    import_package(module)
                entries = catalog(pkg.path, with_schema=self.schema)
        except CatalogImportError as error:
            hint = DJANGO_HINT if error.django_not_set_up else ""
            griffe.logger.error(
                "typedsignals.griffe: cannot document the signals of %s: %s%s",
                pkg.path,
                error,
                hint,
            )
            return
        for entry in entries:
            relative = entry.label.removeprefix(f"{pkg.path}.")
            try:
                attribute = pkg[relative]
            except KeyError:
                continue  # declared where griffe sees no attribute (inside a function, say)
            if attribute.docstring:  # a docstring written under the signal wins over doc=
                entry = attrs.evolve(entry, doc=attribute.docstring.value)
            attribute.docstring = griffe.Docstring(
                render_signal_markdown(entry, link=_cross_reference, short_types=True),
                parent=attribute,
            )
            attribute.labels.discard("module-attribute")
            attribute.labels.add("signal")


def _search_path(pkg: griffe.Module) -> Path:
    """The directory griffe found ``pkg`` in: the one to import it from."""
    filepath = pkg.filepath
    first = filepath[0] if isinstance(filepath, list) else filepath
    return first.parents[1] if pkg.is_package else first.parent


@contextmanager
def _importable_from(directory: Path) -> Iterator[None]:
    """Put ``directory`` first on ``sys.path`` for the block (mkdocstrings' ``paths``)."""
    sys.path.insert(0, str(directory))
    try:
        yield
    finally:
        sys.path.remove(str(directory))


def _cross_reference(path: str, shown: str) -> str:
    """An autorefs link to ``path`` showing ``shown``, that stays plain code when the site
    does not document it (mkdocstrings registers an object under the path it is defined at
    as well as the one it is documented at)."""
    identifier, text = html.escape(path, quote=True), html.escape(shown)
    return f'<autoref identifier="{identifier}" optional><code>{text}</code></autoref>'
