"""The signal catalogue: every signal of a package, described for people and tools.

``catalog(package)`` imports the package and its submodules (so every signal is declared and
every receiver in it connected), then describes each signal declared inside it, in creation
order. ``python -m typedsignals catalog PACKAGE`` prints the result as a table, JSON or
Markdown; the griffe extension (``typedsignals.griffe``) renders the same Markdown in API docs.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
from pydantic.fields import FieldInfo

from typedsignals.dispatcher import Signal, all_signals
from typedsignals.receivers import ReceiverInfo

__all__ = [
    "CatalogImportError",
    "FieldEntry",
    "ReceiverEntry",
    "SignalEntry",
    "catalog",
    "import_package",
    "render_json",
    "render_markdown",
    "render_signal_markdown",
    "render_table",
]


class CatalogImportError(ImportError):
    """The package to catalogue, or one of its submodules, could not be imported."""


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

    ``__main__`` modules are skipped: importing one may run a program; so are the modules of
    a subpackage marked ``NO_SIGNALS``. Raises ``CatalogImportError`` naming the module that
    failed and why.
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
        imported = _import(module.name)
        names.append(module.name)
        if module.ispkg and getattr(imported, NO_SIGNALS, False) is True:
            unwalked.append(module.name)
    return names


def catalog(package: str, *, with_schema: bool = False) -> list[SignalEntry]:
    """Import ``package`` (see ``import_package``) and describe every signal declared in it."""
    import_package(package)
    return [
        SignalEntry.of(signal, with_schema=with_schema)
        for signal in all_signals()
        if _inside(signal.module, package)
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
    entry: SignalEntry, link: Callable[[str], str] = lambda path: f"`{path}`"
) -> str:
    """One signal's documentation in Markdown: doc, sender, payload, arguments, receivers.

    ``link`` turns a qualified name (sender, model, receiver) into Markdown; by default a code
    span, the griffe extension passes one that makes a cross-reference.
    """
    parts = []
    if entry.doc:
        parts.append(entry.doc.strip())
    facts = [f"**Sender:** {link(entry.sender) if entry.sender else 'any'}"]
    facts.append(f"**Payload:** {link(entry.model) if entry.model else 'untyped (any keywords)'}")
    if not entry.validates:
        facts.append("**Validation:** off")
    parts.append("\n".join(f"- {fact}" for fact in facts))
    if entry.fields:
        rows = [
            "| Argument | Type | Required | Constraints | Description |",
            "|---|---|---|---|---|",
        ]
        rows.extend(_markdown_row(field) for field in entry.fields)
        parts.append("\n".join(rows))
    if entry.receivers:
        lines = ["**Receivers:**", ""]
        lines.extend(
            f"- {link(receiver.receiver)}{_receiver_details(receiver, link)}"
            for receiver in entry.receivers
        )
        parts.append("\n".join(lines))
    else:
        parts.append("**Receivers:** none connected.")
    if entry.json_schema is not None:
        parts.append(
            "**JSON Schema:**\n\n```json\n" + json.dumps(entry.json_schema, indent=2) + "\n```"
        )
    return "\n\n".join(parts)


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


def _requirement(field: FieldEntry, *, code: bool = False) -> str:
    if field.required:
        return "required"
    return f"default `{field.default}`" if code else f"default {field.default}"


def _markdown_row(field: FieldEntry) -> str:
    """A row of the arguments table (pipes inside code spans need no escape in Python-Markdown)."""
    name = f"`{field.name}`" + (f" (alias `{field.alias}`)" if field.alias else "")
    cells = (
        name,
        f"`{field.type}`",
        _requirement(field, code=True),
        ", ".join(f"`{constraint}`" for constraint in field.constraints),
        _one_line(field.description or "").replace("|", "\\|"),
    )
    return f"| {' | '.join(cells)} |"


def _receiver_line(receiver: ReceiverEntry) -> str:
    return receiver.receiver + _receiver_details(receiver, lambda path: path)


def _receiver_details(receiver: ReceiverEntry, link: Callable[[str], str]) -> str:
    details = []
    if receiver.sender is not None:
        details.append(f"sender {link(receiver.sender)}")
    if receiver.dispatch_uid is not None:
        details.append(f"dispatch_uid {receiver.dispatch_uid!r}")
    if receiver.is_async:
        details.append("async")
    if receiver.runs_on is not None:
        details.append(f"runs on {receiver.runs_on}")
    if not receiver.weak:
        details.append("strong reference")
    return f" ({', '.join(details)})" if details else ""


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


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _drop_absent_schema(attribute: attrs.Attribute[Any], value: object) -> bool:
    return not (attribute.name == "json_schema" and value is None)


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except Exception as exc:
        hint = ""
        if isinstance(exc, ModuleNotFoundError) and exc.name == module:
            hint = " (is it installed, or is the current directory the one that contains it?)"
        raise CatalogImportError(
            f"cannot import {module!r}: {type(exc).__name__}: {exc}{hint}"
        ) from exc


def _walk_error(module: str) -> None:
    """``pkgutil.walk_packages`` calls this when a subpackage fails to import."""
    _import(module)
