"""``.. autosignal::``, and ``autodata`` pointed at a signal: document a live ``Signal``.

The signal is imported and described through its public introspection API only; its doc is
a ``#:`` comment or docstring written at the assignment if there is one, else its ``doc=``
(which defaults to the payload model's docstring).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import PycodeError
from sphinx.ext.autodoc import Options
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docstrings import prepare_docstring
from sphinx.util.docutils import SphinxDirective, is_directive_registered
from sphinx.util.parsing import nested_parse_to_nodes
from sphinx.util.typing import OptionSpec

from sphinx_ext.domain import NotFoundError, PySignal, boolean_option, import_path
from sphinx_ext.render import SignalFacts, note_source_of, payload_target, target_of, warn
from typedsignals import Signal

__all__ = ["AutoSignal", "LocatedSignal", "locate_signal", "setup", "written_doc"]


@attrs.frozen
class LocatedSignal:
    """A signal and where it was imported from (its documented name)."""

    signal: Signal[Any]
    module: str
    attributes: tuple[str, ...]
    """The attribute path inside ``module``: ``("pizza_done",)``, ``("Store", "done")``."""

    @property
    def fullname(self) -> str:
        return ".".join((self.module, *self.attributes))


def locate_signal(target: str, current_module: str | None) -> LocatedSignal:
    """Import the signal ``target`` names: ``pkg.mod.name``, ``pkg.mod::name``, or a name
    relative to ``current_module`` (the one ``py:module``/``automodule`` set).

    Raises ``LookupError`` with a message saying what is missing, or what importing raised.
    """
    try:
        module, attributes, obj = _import_possibly_relative(target, current_module)
    except NotFoundError as error:
        raise LookupError(
            f"cannot find signal {target!r}: {error}; give its full dotted path, "
            "e.g. myapp.signals.order_placed"
        ) from error
    except Exception as error:
        raise LookupError(
            f"cannot import signal {target!r}: {type(error).__name__}: {error}"
        ) from error
    if not isinstance(obj, Signal):
        raise LookupError(
            f"{target!r} is {_a_type(obj)}, not a typedsignals Signal "
            "(document it with autodata, autoclass or autofunction)"
        )
    return LocatedSignal(obj, module, attributes)


def _import_possibly_relative(
    target: str, current_module: str | None
) -> tuple[str, tuple[str, ...], Any]:
    try:
        return import_path(target)
    except NotFoundError:
        if not current_module or "::" in target:
            raise
        try:
            return import_path(f"{current_module}.{target}")
        except NotFoundError:
            pass
        raise


def _a_type(obj: object) -> str:
    kind = "the class" if isinstance(obj, type) else "a"
    name = obj.__name__ if isinstance(obj, type) else type(obj).__name__
    return f"{kind} {name}"


def _inside(module: str, packages: Sequence[str]) -> bool:
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def _current_module(directive: SphinxDirective) -> str | None:
    module: str | None = directive.env.ref_context.get("py:module")
    return module


def written_doc(module: str, attributes: tuple[str, ...]) -> list[str] | None:
    """The ``#:`` comment or docstring written at a signal's assignment, as lines, if any."""
    try:
        analyzer = ModuleAnalyzer.for_module(module)
        analyzer.analyze()
    except PycodeError:
        return None
    written = analyzer.attr_docs.get((".".join(attributes[:-1]), attributes[-1]))
    return list(written) if written else None


class AutoSignal(PySignal):
    """``.. autosignal:: pkg.signals.pizza_done``: the ``py:signal`` of a live signal.

    Shows its doc, sender, payload model, arguments table, connected receivers and,
    optionally, the JSON Schema; ``:show-arguments:``, ``:show-receivers:`` and
    ``:show-json-schema:`` (``true``/``false``) override the ``typedsignals_show_…`` config
    values. Content written in the directive follows the doc.
    """

    option_spec: ClassVar[OptionSpec] = {
        "no-index": directives.flag,
        "no-index-entry": directives.flag,
        "no-contents-entry": directives.flag,
        "show-arguments": boolean_option,
        "show-receivers": boolean_option,
        "show-json-schema": boolean_option,
    }

    located: LocatedSignal

    def run(self) -> list[nodes.Node]:
        try:
            self.located = locate_signal(self.arguments[0], _current_module(self))
        except LookupError as error:
            warn(self, "autosignal", error)
            return []
        # From here on this is the `py:signal` directive for the located signal.
        self.name = "py:signal"
        self.arguments = [".".join(self.located.attributes)]
        self.options["module"] = self.located.module
        self.content = self._doc() + self.content
        self.content_offset = 0  # each line carries its own source and line
        return super().run()

    @functools.cached_property
    def facts(self) -> SignalFacts:
        signal = self.located.signal
        model = signal.payload_model
        # Only receivers from the signal's module and typedsignals_receiver_modules: what other
        # documents happened to import first (or in another process, with -j) must not matter.
        receivers = tuple(
            info
            for info in signal.receivers_info()
            if _inside(info.module, (signal.module, *self.config.typedsignals_receiver_modules))
        )
        for depended_on in (model, *(info.receiver for info in receivers)):
            note_source_of(self.env, depended_on)
        return SignalFacts(
            sender=None if signal.sender is None else target_of(signal.sender),
            payload=None if model is None else payload_target(model),
            model=model,
            validates=signal.validates,
            receivers=receivers,
            json_schema=signal.json_schema() if self.show("json-schema") else None,
        )

    def _doc(self) -> StringList:
        """The signal's doc as content lines, after ``autodoc-process-docstring`` handlers."""
        located = self.located
        note_source_of(self.env, sys.modules[located.module])
        lines = written_doc(located.module, located.attributes)
        if lines is None:
            doc = located.signal.__doc__
            lines = prepare_docstring(doc, self.state.document.settings.tab_width) if doc else []
        self.env.events.emit(
            "autodoc-process-docstring",
            "signal",
            located.fullname,
            located.signal,
            Options(self.options),
            lines,
        )
        source = f"docstring of {located.fullname}"
        content = StringList()
        for offset, line in enumerate([*lines, ""]):
            content.append(line, source, offset)
        return content


class SignalAwareAutodata(SphinxDirective):
    """Mixed into autodoc's ``autodata``: a signal is documented as ``autosignal`` would.

    Anything else goes to autodoc unchanged.
    """

    def run(self) -> Sequence[nodes.Node]:
        try:
            located = locate_signal(self.arguments[0], _current_module(self))
        except LookupError:
            return super().run()
        lines = [f".. autosignal:: {located.module}::{'.'.join(located.attributes)}"]
        lines.extend(
            f"   :{flag}:" for flag in ("no-index", "no-index-entry") if flag in self.options
        )
        lines.extend(["", *(f"   {line}" for line in self.content)])
        source = self.get_source_info()[0] or self.env.docname
        return nested_parse_to_nodes(self.state, "\n".join(lines), source=source)


def make_autodata_signal_aware(app: Sphinx, config: Config) -> None:
    """Wrap whichever ``autodata`` autodoc registered (it depends on its mode) so that it
    documents signals as signals. Runs after autodoc's own ``config-inited`` handler."""
    if not is_directive_registered("autodata"):
        return
    autodata, _messages = directives.directive("autodata", None, None)  # type: ignore[arg-type]
    if autodata is None or issubclass(autodata, SignalAwareAutodata):
        return
    app.add_directive(
        "autodata", type("AutodataOrSignal", (SignalAwareAutodata, autodata), {}), override=True
    )


def setup(app: Sphinx) -> None:
    """Register ``autosignal`` and make ``autodata`` signal-aware."""
    app.add_directive("autosignal", AutoSignal)
    app.connect("config-inited", make_autodata_signal_aware, priority=600)
