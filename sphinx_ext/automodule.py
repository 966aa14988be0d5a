"""Signals under ``automodule``, in every autodoc mode, through autodoc's public events.

Sphinx 9's autodoc decides by fixed rules which members it documents and as what: it never
asks registered documenters, and drops module-level instances that have no ``#:`` comment.
So instead of a documenter:

- ``autodoc-skip-member`` keeps autodoc from documenting a module's signals itself (as
  ``py:data``, or not at all);
- ``autodoc-process-docstring`` appends one ``.. autosignal::`` per signal the options select
  to the module's docstring, which ``py:module`` renders right after the docstring.

The same code works in Sphinx 9's default mode, in its legacy class-based mode and in Sphinx
8.2. The one difference from autodoc's own members: signals come right after the module's
docstring, before its other members (sorted among themselves by ``member-order``).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer

from typedsignals import Signal

__all__ = ["append_module_signals", "selected_signals", "setup", "skip_signals"]


def skip_signals(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: Any
) -> bool | None:
    """``autodoc-skip-member``: module-level signals are documented by ``autosignal``."""
    return True if what == "module" and isinstance(obj, Signal) else None


def append_module_signals(
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """``autodoc-process-docstring``: add the module's selected signals after its docstring."""
    if what != "module" or not options.members:
        return
    flags = [f"   :{flag}:" for flag in ("no-index", "no-index-entry") if _option(options, flag)]
    for attribute in selected_signals(name, obj, options, app.config.autodoc_member_order):
        lines.extend(["", f".. autosignal:: {name}::{attribute}", *flags])
    if lines and lines[-1]:
        lines.append("")


def selected_signals(
    module_name: str, module: object, options: Any, default_order: str
) -> list[str]:
    """The names of the module's signals that the automodule options select, in order.

    Follows autodoc's rules: an explicit ``:members:`` list, else ``__all__`` (unless
    ``:ignore-module-all:``), else the signals created in this module (re-exports need
    ``:imported-members:``); ``:exclude-members:``; private names only with
    ``:private-members:``; undocumented signals only with ``:undoc-members:``. A signal is
    documented when it has a doc or a ``#:`` comment.
    """
    try:
        analyzer = ModuleAnalyzer.for_module(module_name)
        analyzer.analyze()
        source_order, attr_docs = analyzer.tagorder, analyzer.attr_docs
    except PycodeError:
        source_order, attr_docs = {}, {}
    explicit = options.members if isinstance(options.members, list | tuple | set) else None
    module_all = None if options.ignore_module_all else getattr(module, "__all__", None)
    exclude = options.exclude_members or ()
    private = options.private_members
    selected = []
    for attribute, value in vars(module).items():
        if not isinstance(value, Signal) or attribute in exclude:
            continue
        if explicit is not None:
            if attribute in explicit:
                selected.append(attribute)
            continue
        if module_all is not None:
            if attribute not in module_all:
                continue
        elif value.module != module_name and not options.imported_members:
            continue  # a re-export: documented where it is created
        if attribute.startswith("_") and not (
            private and (not isinstance(private, list | tuple | set) or attribute in private)
        ):
            continue
        documented = bool(value.__doc__) or ("", attribute) in attr_docs
        if documented or options.undoc_members:
            selected.append(attribute)
    if (options.member_order or default_order) == "bysource":
        return sorted(
            selected, key=lambda attribute: source_order.get(attribute, len(source_order))
        )
    return sorted(selected)


def _option(options: Any, flag: str) -> bool:
    return bool(getattr(options, flag.replace("-", "_"), None))


def setup(app: Sphinx) -> None:
    """Connect the two autodoc event handlers."""
    app.connect("autodoc-skip-member", skip_signals)
    # After docstring preprocessors (napoleon, numpydoc: priority 500) have run.
    app.connect("autodoc-process-docstring", append_module_signals, priority=900)
