"""The signal catalogue: every signal of a package, described for people and tools.

``catalog(package)`` imports the package and its submodules (so every signal is declared and
every receiver in it connected), then describes each signal declared inside it, in creation
order. ``python -m typedsignals catalog PACKAGE`` prints the result as a table, JSON or
Markdown; the griffe extension (``typedsignals.griffe``) renders the same Markdown in API docs.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import pkgutil
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
from pydantic.fields import FieldInfo

from typedsignals.dispatcher import Signal, all_signals
from typedsignals.extras import is_missing_extra_of
from typedsignals.receivers import ReceiverInfo

__all__ = [
    "FORMATS",
    "CatalogImportError",
    "FieldEntry",
    "ReceiverEntry",
    "SignalEntry",
    "add_catalog_arguments",
    "catalog",
    "import_package",
    "is_inside",
    "public_path",
    "render_catalog",
    "render_json",
    "render_markdown",
    "render_signal_markdown",
    "render_table",
    "setup_django",
]


class CatalogImportError(ImportError):
    """The package to catalogue, or one of its submodules, could not be imported.

    ``django_not_set_up`` is true when the import failed because Django was not set up (its
    settings not configured, or its app registry not ready): each front end then says how to
    give it the project's settings.
    """

    def __init__(self, message: str, *, django_not_set_up: bool = False) -> None:
        super().__init__(message)
        self.django_not_set_up = django_not_set_up


@attrs.frozen
class FieldEntry:
    """One field of a signal's payload model: one keyword argument of ``send``."""

    name: str
    type: str
    required: bool
    default: str | None
    """The default's ``repr`` (``list()`` for a default factory); ``None`` when required."""
    constraints: tuple[str, ...]
    """Constraints as ``Field`` spells them, e.g. ``gt=0``, ``min_length=1``."""
    description: str | None
    alias: str | None

    @classmethod
    def of(cls, name: str, field: FieldInfo) -> FieldEntry:
        """Describe a pydantic model field."""
        return cls(
            name=name,
            type=type_label(field.annotation),
            required=field.is_required(),
            default=None if field.is_required() else _default_label(field),
            constraints=tuple(_constraint_labels(field.metadata)),
            description=field.description,
            alias=field.alias,
        )


@attrs.frozen
class ReceiverEntry:
    """A receiver connected to a signal when the catalogue was made."""

    receiver: str
    sender: str | None
    """The sender it is connected for; ``None`` for every sender."""
    dispatch_uid: str | None
    weak: bool
    is_async: bool
    runs_on: str | None
    """Where its work runs when not in the sending process, e.g. ``Celery``."""

    @classmethod
    def of(cls, info: ReceiverInfo) -> ReceiverEntry:
        """Describe a live receiver."""
        return cls(
            receiver=info.label,
            sender=None if info.sender is None else qualified_name(info.sender),
            dispatch_uid=None if info.dispatch_uid is None else str(info.dispatch_uid),
            weak=info.weak,
            is_async=info.is_async,
            runs_on=info.runs_on,
        )


@attrs.frozen
class SignalEntry:
    """One signal: where it is declared, what it carries, who listens."""

    label: str
    """``module.name``, as errors show it."""
    module: str
    name: str
    doc: str | None
    sender: str | None
    """The declared sender's qualified name (its ``repr`` if it has none)."""
    model: str | None
    """The payload model's qualified name; ``None`` for an untyped signal."""
    validates: bool
    fields: tuple[FieldEntry, ...]
    receivers: tuple[ReceiverEntry, ...]
    json_schema: dict[str, Any] | None = None
    """The payload's JSON Schema, when asked for."""

    @classmethod
    def of(cls, signal: Signal[Any], *, with_schema: bool = False) -> SignalEntry:
        """Describe ``signal`` through its public introspection API."""
        model = signal.payload_model
        fields = model.model_fields.items() if model is not None else ()
        return cls(
            label=signal.label,
            module=signal.module,
            name=signal.name,
            doc=signal.__doc__,
            sender=None if signal.sender is None else qualified_name(signal.sender),
            model=None if model is None else qualified_name(model),
            validates=signal.validates,
            fields=tuple(FieldEntry.of(name, field) for name, field in fields),
            receivers=tuple(ReceiverEntry.of(info) for info in signal.receivers_info()),
            json_schema=signal.json_schema() if with_schema else None,
        )


NO_SIGNALS = "__typedsignals_no_signals__"
"""A package that sets this to ``True`` declares no signals below it: its submodules are not
imported (a Django app's models and admin need Django's settings, a catalogue does not)."""


def import_package(package: str) -> list[str]:
    """Import ``package`` and every submodule below it; return the modules' names.

    ``__main__`` modules are skipped: importing one may run a program. So is a submodule
    that needs an extra which is not installed (``typedsignals.contrib.celery`` without
    Celery: see ``typedsignals.extras``); a module that *imports* such a module is not. So
    are the modules of a subpackage marked ``NO_SIGNALS``. Raises ``CatalogImportError``
    naming the module that failed and why.
    """
    root = _import(package)
    names = [package]
    search_path = getattr(root, "__path__", None)
    if search_path is None:
        return names
    unwalked: list[str] = []
    for module in pkgutil.walk_packages(search_path, prefix=f"{package}.", onerror=_walk_error):
        inside = any(module.name.startswith(f"{each}.") for each in unwalked)
        if inside or module.name.rpartition(".")[2] == "__main__":
            continue
        imported = _import(module.name, optional=True)
        if imported is None:
            continue
        names.append(module.name)
        if module.ispkg and getattr(imported, NO_SIGNALS, False) is True:
            unwalked.append(module.name)
    return names


def setup_django(settings: str) -> None:
    """Set Django up with the settings module ``settings``, as ``manage.py`` does.

    Sets ``DJANGO_SETTINGS_MODULE`` and calls ``django.setup()`` (once: a second call with
    the same settings does nothing), so that a Django project's apps can be imported.
    Raises ``CatalogImportError`` when Django is not installed, the settings do not import,
    or Django is already set up with other settings.
    """
    try:
        import django
        from django.apps import apps
        from django.conf import settings as django_settings
    except ModuleNotFoundError as error:
        raise CatalogImportError(
            f"cannot set up Django with the settings {settings!r}: Django is not installed "
            f'(no module named {error.name!r}); install it with: pip install "typedsignals[django]"'
        ) from error
    configured = os.environ.get("DJANGO_SETTINGS_MODULE")
    if apps.ready or django_settings.configured:
        if configured == settings:
            return
        raise CatalogImportError(
            f"cannot set up Django with the settings {settings!r}: it is already set up "
            f"with {configured or 'settings.configure()'!r}; give only one settings module"
        )
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    try:
        django.setup()
    except Exception as error:
        if configured is None:
            del os.environ["DJANGO_SETTINGS_MODULE"]
        else:
            os.environ["DJANGO_SETTINGS_MODULE"] = configured
        hint = ""
        if isinstance(error, ModuleNotFoundError) and error.name == settings.partition(".")[0]:
            hint = " (is the directory that contains it the current one, or on sys.path?)"
        raise CatalogImportError(
            f"cannot set up Django with the settings {settings!r}: "
            f"{type(error).__name__}: {error}{hint}"
        ) from error


def catalog(package: str, *, with_schema: bool = False) -> list[SignalEntry]:
    """Import ``package`` (see ``import_package``) and describe every signal declared in it."""
    import_package(package)
    return [
        SignalEntry.of(signal, with_schema=with_schema)
        for signal in all_signals()
        if is_inside(signal.module, package)
    ]


# -- rendering ---------------------------------------------------------------------------------


def render_json(package: str, entries: list[SignalEntry]) -> str:
    """The catalogue as a JSON document: ``{"package": …, "signals": [...]}``."""
    signals = [attrs.asdict(entry, filter=_drop_absent_schema) for entry in entries]
    return json.dumps({"package": package, "signals": signals}, indent=2)


def render_table(package: str, entries: list[SignalEntry]) -> str:
    """The catalogue as plain text for a terminal: one block per signal, fields in columns."""
    if not entries:
        return f"no signals in {package}"
    blocks = []
    for entry in entries:
        lines = [f"{entry.label}  ({_kind(entry)})"]
        if entry.doc:
            lines.append(f"  {_one_line(entry.doc)}")
        if entry.sender:
            lines.append(f"  sender: {entry.sender}")
        if not entry.validates:
            lines.append("  validation: off")
        rows = [
            (field.name, field.type, _requirement(field), ", ".join(field.constraints))
            for field in entry.fields
        ]
        if rows:
            lines.append("  fields:")
            lines.extend(f"    {row}" for row in _columns(rows))
        if entry.receivers:
            lines.append("  receivers:")
            lines.extend(f"    {_receiver_line(receiver)}" for receiver in entry.receivers)
        if entry.json_schema is not None:
            schema = json.dumps(entry.json_schema, indent=2).replace("\n", "\n    ")
            lines.append(f"  json schema:\n    {schema}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_markdown(package: str, entries: list[SignalEntry]) -> str:
    """The catalogue as a Markdown page: one section per signal."""
    sections = [f"# Signals of `{package}`"]
    if not entries:
        sections.append("No signals are declared in this package.")
    for entry in entries:
        sections.append(f"## `{entry.label}`")
        sections.append(render_signal_markdown(entry))
    return "\n\n".join(sections)


def render_signal_markdown(
    entry: SignalEntry,
    link: Callable[[str, str], str] = lambda path, shown: f"`{path}`",
    *,
    short_types: bool = False,
) -> str:
    """One signal's documentation in Markdown: doc, sender, payload, arguments, receivers.

    The same parts, in the same order and words, as the Sphinx extension renders (Sender,
    Payload, Arguments, Receivers, JSON Schema). ``link(path, shown)`` turns a qualified name
    (sender, model, receiver) into Markdown: by default a code span of ``path``; the griffe
    extension passes one that makes a cross-reference showing ``shown``, the name as Sphinx
    shows it (a sender's or a model's last name, a receiver's full path). ``short_types``
    writes the arguments' types with short names (``Model``, not
    ``django.db.models.base.Model``), as Sphinx does.
    """
    parts = []
    if entry.doc:
        parts.append(entry.doc.strip())
    sender = entry.sender
    parts.append(f"**Sender:** {_link_short(link, sender) if sender else 'any sender'}")
    if entry.model is None:
        parts.append("**Payload:** untyped (any keyword arguments, not validated)")
    else:
        validation = "" if entry.validates else " (validation off)"
        parts.append(f"**Payload:** {_link_short(link, entry.model)}{validation}")
    if entry.fields:
        parts.append("**Arguments**\n\n" + _arguments_markdown(entry.fields, short_types))
    if entry.receivers:
        lines = ["**Receivers:**", ""]
        for receiver in entry.receivers:
            details = _receiver_details(receiver, lambda path: _link_short(link, path))
            lines.append(f"- {link(receiver.receiver, receiver.receiver)} — {', '.join(details)}")
        parts.append("\n".join(lines))
    else:
        parts.append("**Receivers:** none connected")
    if entry.json_schema is not None:
        parts.append(
            "**JSON Schema**\n\n```json\n" + json.dumps(entry.json_schema, indent=2) + "\n```"
        )
    return "\n\n".join(parts)


FORMATS = ("table", "json", "markdown", "asyncapi")
"""Output formats of ``python -m typedsignals catalog`` and ``manage.py typedsignals_catalog``."""


def render_catalog(package: str, output_format: str, *, with_schema: bool = False) -> str:
    """The catalogue of ``package`` in one of ``FORMATS``: what both commands print.

    ``asyncapi`` is an AsyncAPI 3.0 document (``typedsignals.asyncapi``), which always carries
    the payloads' JSON Schemas.
    """
    from typedsignals.asyncapi import render_asyncapi  # it builds on this module

    renderers: dict[str, Callable[[str, list[SignalEntry]], str]] = {
        "table": render_table,
        "json": render_json,
        "markdown": render_markdown,
        "asyncapi": render_asyncapi,
    }
    entries = catalog(package, with_schema=with_schema or output_format == "asyncapi")
    return renderers[output_format](package, entries)


def add_catalog_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments both catalogue commands take: ``PACKAGE``, ``--format``, ``--schema``."""
    parser.add_argument("package", metavar="PACKAGE", help="importable package name")
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="table", help="output format (table)"
    )
    parser.add_argument("--schema", action="store_true", help="include each payload's JSON Schema")


# -- labels ------------------------------------------------------------------------------------


def qualified_name(obj: object) -> str:
    """``module.qualname`` of a class or function (no module for builtins); else its ``repr``."""
    qualname = getattr(obj, "__qualname__", None)
    module = getattr(obj, "__module__", None)
    if not isinstance(qualname, str):
        return repr(obj)
    if module in (None, "builtins"):
        return qualname
    return f"{module}.{qualname}"


def public_path(path: str) -> str | None:
    """The shortest import path of the object at ``path``, if it differs: where a package
    re-exports it (``django.db.models.base.Model`` → ``django.db.models.Model``).

    Only modules already imported are looked at; ``None`` when there is no shorter path.
    """
    module_name, _dot, name = path.rpartition(".")
    module = sys.modules.get(module_name)
    obj = getattr(module, name, _MISSING) if module is not None else _MISSING
    if obj is _MISSING:
        return None
    parts = module_name.split(".")
    for length in range(1, len(parts)):
        package = sys.modules.get(".".join(parts[:length]))
        if package is not None and getattr(package, name, _MISSING) is obj:
            return f"{package.__name__}.{name}"
    return None


_MISSING = object()


def type_label(annotation: object) -> str:
    """A field's type as it would be written: ``list[str]``, ``int | None``, ``pkg.Class``."""
    if isinstance(annotation, type) and not hasattr(annotation, "__origin__"):
        return qualified_name(annotation)
    if annotation is None:
        return "None"
    return str(annotation).replace("typing.", "")


def _default_label(field: FieldInfo) -> str:
    factory = field.default_factory
    if factory is not None:
        return f"{qualified_name(factory)}()"
    return repr(field.default)


def _constraint_labels(metadata: list[Any]) -> Iterator[str]:
    for item in metadata:
        if dataclasses.is_dataclass(item):
            values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
        else:
            values = dict(getattr(item, "__dict__", {}))
        if not values:
            yield repr(item)
            continue
        yield from (f"{name}={value!r}" for name, value in values.items() if value is not None)


def _requirement(field: FieldEntry) -> str:
    return "required" if field.required else f"default {field.default}"


def _arguments_markdown(fields: Sequence[FieldEntry], short_types: bool) -> str:
    """The arguments table: Argument, Type, Default, Constraints (only when a field has one),
    Description; pipes inside code spans need no escape in Python-Markdown."""
    with_constraints = any(field.constraints for field in fields)
    headers = ["Argument", "Type", "Default", "Constraints", "Description"]
    if not with_constraints:
        headers.remove("Constraints")
    rows = [f"| {' | '.join(headers)} |", "|" + "---|" * len(headers)]
    for field in fields:
        name = f"`{field.name}`" + (f" (alias `{field.alias}`)" if field.alias else "")
        cells = [
            name,
            f"`{_short_names(field.type) if short_types else field.type}`",
            "*required*" if field.required else f"`{field.default}`",
        ]
        if with_constraints:
            cells.append(", ".join(f"`{constraint}`" for constraint in field.constraints))
        cells.append(_one_line(field.description or "").replace("|", "\\|"))
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows)


def _link_short(link: Callable[[str, str], str], path: str) -> str:
    """A link to ``path`` showing its last name, as Sphinx shows it: a parametrized generic
    model (``PostSave[Model]``) is documented under its generic class (``PostSave``)."""
    generic = path.partition("[")[0]
    return link(generic, generic.rpartition(".")[2])


_DOTTED_NAME = re.compile(r"\b(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)")


def _short_names(type_text: str) -> str:
    """``dict[str, orders.models.Order]`` → ``dict[str, Order]``."""
    return _DOTTED_NAME.sub(r"\1", type_text)


def _receiver_line(receiver: ReceiverEntry) -> str:
    details = _receiver_details(receiver, lambda path: path, any_sender="")
    return receiver.receiver + (f" ({', '.join(details)})" if details else "")


def _receiver_details(
    receiver: ReceiverEntry, link: Callable[[str], str], *, any_sender: str = "any sender"
) -> list[str]:
    """What to say of a receiver: its sender, dispatch_uid, async, where it runs, strong."""
    details = [f"sender {link(receiver.sender)}" if receiver.sender is not None else any_sender]
    if receiver.dispatch_uid is not None:
        details.append(f"dispatch_uid {receiver.dispatch_uid!r}")
    if receiver.is_async:
        details.append("async")
    if receiver.runs_on is not None:
        details.append(f"runs on {receiver.runs_on}")
    if not receiver.weak:
        details.append("strong reference")
    return [detail for detail in details if detail]


def _kind(entry: SignalEntry) -> str:
    return f"Signal[{entry.model.rpartition('.')[2]}]" if entry.model else "untyped Signal"


def _columns(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def is_inside(module: str, package: str) -> bool:
    """Whether ``module`` is ``package`` or one of its submodules."""
    return module == package or module.startswith(f"{package}.")


def _drop_absent_schema(attribute: attrs.Attribute[Any], value: object) -> bool:
    return not (attribute.name == "json_schema" and value is None)


def _import(module: str, *, optional: bool = False) -> Any:
    """Import ``module``; ``None`` if ``optional`` and it needs an extra that is missing."""
    try:
        return importlib.import_module(module)
    except Exception as exc:
        if optional and is_missing_extra_of(exc, module):
            return None
        hint = ""
        if isinstance(exc, ModuleNotFoundError) and exc.name == module:
            hint = " (is it installed, or is the current directory the one that contains it?)"
        django_not_set_up = type(exc).__name__ in _DJANGO_NOT_SET_UP and type(
            exc
        ).__module__.startswith("django.")
        raise CatalogImportError(
            f"cannot import {module!r}: {type(exc).__name__}: {exc}{hint}",
            django_not_set_up=django_not_set_up,
        ) from exc


_DJANGO_NOT_SET_UP = frozenset({"ImproperlyConfigured", "AppRegistryNotReady"})


def _walk_error(module: str) -> None:
    """``pkgutil.walk_packages`` calls this when a subpackage fails to import."""
    _import(module, optional=True)
