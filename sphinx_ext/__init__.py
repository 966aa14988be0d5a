"""Sphinx extension documenting typedsignals signals: ``extensions = ["sphinx_ext"]``.

- ``automodule`` documents a module's signals with no extra markup, in each autodoc mode of
  Sphinx 9 and in Sphinx 8.2 (nothing to set); ``autodata`` on a signal documents it too;
- ``.. autosignal:: pkg.signals.name`` documents one signal;
- ``.. py:signal::`` and ``:py:signal:`` are the Python domain's ``signal`` object type;
- ``.. signal-catalog:: package`` lists a package's signals in a table;
- the pydantic models autodoc documents get readable signatures (``sphinx_ext.models``);
- ``typedsignals_django_settings`` sets a Django project up before anything is imported.

Each signal shows its doc, declared sender, payload model, an arguments table, the receivers
connected once ``typedsignals_receiver_modules`` are imported and, optionally, its JSON Schema.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from typedsignals.extras import requires_extra

with requires_extra(__name__, "Sphinx", extra="sphinx"):
    import sphinx  # noqa: F401  (every module of the extension builds on it)

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file
from sphinx.util.typing import ExtensionMetadata

from sphinx_ext import automodule, autosignal, catalog, domain, models
from sphinx_ext.render import (
    import_problem,
    resolve_by_public_path,
    resolve_optional_reference,
)
from typedsignals.catalog import CatalogImportError, import_package, setup_django

__all__ = ["setup"]

logger = logging.getLogger(__name__)


STYLESHEET = Path(__file__).parent / "static" / "typedsignals.css"


def add_stylesheet(app: Sphinx) -> None:
    """HTML pages link the extension's stylesheet (tables that fit the text column)."""
    if app.builder.format == "html":
        app.add_css_file(STYLESHEET.name)


def copy_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """Copy the stylesheet into the HTML output's ``_static``, once the build succeeded."""
    if exception is None and app.builder.format == "html":
        static = app.outdir / "_static"
        static.mkdir(parents=True, exist_ok=True)
        copy_asset_file(STYLESHEET, static / STYLESHEET.name)


def set_up_django(app: Sphinx, config: Config) -> None:
    """Set Django up with ``typedsignals_django_settings``, before anything is imported."""
    settings = config.typedsignals_django_settings
    if settings is None:
        return
    try:
        setup_django(settings)
    except CatalogImportError as error:
        raise ConfigError(f"typedsignals_django_settings: {error}") from error


def import_receiver_modules(app: Sphinx) -> None:
    """Import ``typedsignals_receiver_modules`` (each with its submodules) before reading,
    so the receivers they connect are listed."""
    for module in app.config.typedsignals_receiver_modules:
        try:
            import_package(module)
        except CatalogImportError as error:
            logger.warning(
                "typedsignals_receiver_modules: %s",
                import_problem(error),
                type="typedsignals",
                subtype="import",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension's config values, directives, role and event handlers."""
    app.setup_extension("sphinx.ext.autodoc")
    app.add_config_value("typedsignals_receiver_modules", [], "env", types=frozenset({list, tuple}))
    app.add_config_value(
        "typedsignals_django_settings", None, "env", types=frozenset({str, type(None)})
    )
    app.add_config_value("typedsignals_show_arguments", True, "env", types=frozenset({bool}))
    app.add_config_value("typedsignals_show_receivers", True, "env", types=frozenset({bool}))
    app.add_config_value("typedsignals_show_json_schema", False, "env", types=frozenset({bool}))
    domain.setup(app)
    autosignal.setup(app)
    automodule.setup(app)
    catalog.setup(app)
    models.setup(app)
    app.connect("config-inited", set_up_django)
    app.connect("builder-inited", import_receiver_modules)
    app.connect("builder-inited", add_stylesheet)
    app.connect("build-finished", copy_stylesheet)
    # After intersphinx and the Python domain's own handlers had their chance.
    app.connect("missing-reference", resolve_by_public_path, priority=800)
    app.connect("missing-reference", resolve_optional_reference, priority=900)
    return {
        "version": version("typedsignals"),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
