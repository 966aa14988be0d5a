"""``.. signal-catalog:: package``: every signal of a package in one table.

For an "events" overview page. The package and its submodules are imported (as by
``python -m typedsignals catalog``); each row shows a signal (the path to import it from),
its sender, its arguments and the first line of its doc. Names link to the signals'
``py:signal`` entries when they are documented, and stay plain code when they are not.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinx_ext.autosignal import written_doc
from sphinx_ext.render import (
    Target,
    breakable_literal,
    cross_reference,
    import_problem,
    note_source_of,
    table,
    warn,
)
from typedsignals.catalog import CatalogImportError, SignalEntry, catalog, public_path

__all__ = ["SignalCatalog", "setup"]


class SignalCatalog(SphinxDirective):
    """``.. signal-catalog:: package`` with an optional ``:caption:``."""

    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = {"caption": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        package = self.arguments[0]
        try:
            entries = catalog(package)
        except CatalogImportError as error:
            warn(self, "catalog", import_problem(error))
            return []
        # By module (then creation order, the sort is stable): what other documents imported
        # first must not reorder the table.
        entries.sort(key=lambda entry: entry.module)
        for module in {entry.module for entry in entries}:
            note_source_of(self.env, sys.modules[module])
        if not entries:
            text = _("No signals are declared in %s.") % package
            return [nodes.paragraph(text, text)]
        return [
            table(
                ["typedsignals-catalog"],
                [_("Signal"), _("Sender"), _("Arguments"), _("Description")],
                [self._row(entry) for entry in entries],
                [26, 14, 22, 30],
                title=self.options.get("caption"),
            )
        ]

    def _row(self, entry: SignalEntry) -> list[list[nodes.Node]]:
        # The path to import it from: where its package exports it, if shorter.
        shown = public_path(entry.label) or entry.label
        name = cross_reference(Target(entry.label, "signal"), shown, optional=True, breakable=True)
        sender: list[nodes.Node]
        if entry.sender is None:
            sender = [nodes.Text(_("any"))]
        elif all(part.isidentifier() for part in entry.sender.split(".")):
            sender = [cross_reference(Target(entry.sender), optional=True, breakable=True)]
        else:  # the repr of a sender that has no import path
            sender = [breakable_literal(entry.sender)]
        arguments: list[nodes.Node] = []
        for index, field in enumerate(entry.fields):
            if index:
                arguments.append(nodes.Text(", "))
            arguments.append(nodes.literal(field.name, field.name))
        if entry.model is None:
            arguments = [nodes.emphasis(_("untyped"), _("untyped"))]
        written = written_doc(entry.module, tuple(entry.name.split(".")))
        doc = "\n".join(written) if written is not None else entry.doc or ""
        summary = doc.strip().split("\n\n", 1)[0]
        description, messages = self.parse_inline(" ".join(summary.split()))
        return [[name], sender, arguments, [*description, *messages]]


def setup(app: Sphinx) -> None:
    """Register ``signal-catalog``."""
    app.add_directive("signal-catalog", SignalCatalog)
