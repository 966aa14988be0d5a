"""Docutils nodes for a signal's details: sender, payload, arguments, receivers, JSON Schema.

Everything is built as nodes (no generated reST), so every builder renders it; types,
senders and payload models are cross-referenced like autodoc's annotations, receivers and
catalogue entries as *optional* references (a link when the target is documented, plain code
when it is not, and no nitpicky warning either way).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from docutils import nodes
from pydantic import BaseModel
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import restify

from typedsignals import ReceiverInfo
from typedsignals.catalog import CatalogImportError, FieldEntry, public_path, qualified_name

__all__ = [
    "OPTIONAL_REFERENCE",
    "SignalFacts",
    "Target",
    "breakable_literal",
    "cross_reference",
    "import_problem",
    "note_source_of",
    "resolve_by_public_path",
    "resolve_optional_reference",
    "signal_details",
    "table",
    "target_of",
    "warn",
]

logger = logging.getLogger(__name__)

OPTIONAL_REFERENCE = "typedsignals_optional"
"""Marks a ``pending_xref`` that falls back to its text, silently, when unresolved."""


@attrs.frozen
class Target:
    """A Python object to cross-reference: its dotted path and the ``py`` role for it."""

    path: str
    role: str = "obj"


@attrs.frozen
class SignalFacts:
    """What a signal's description shows, whether learnt from a live signal or from options."""

    sender: Target | str | None
    """A cross-reference, literal text (a sender with no importable path), or any sender."""
    payload: Target | None
    """The payload model to link to; ``None`` for an untyped signal."""
    model: type[BaseModel] | None
    """The payload model, when it could be imported: the arguments table comes from it."""
    validates: bool = True
    receivers: tuple[ReceiverInfo, ...] | None = None
    """The connected receivers; ``None`` when unknown (a hand-written ``py:signal``)."""
    json_schema: dict[str, Any] | None = None


def target_of(obj: object) -> Target | str:
    """How to refer to ``obj``: a cross-reference when it has an importable path, else its repr."""
    if not isinstance(getattr(obj, "__qualname__", None), str):
        return repr(obj)
    return Target(qualified_name(obj), "class" if inspect.isclass(obj) else "obj")


def payload_target(model: type[BaseModel]) -> Target:
    """The payload model to link to: a parametrized generic model (``PostSave[Model]``) is
    documented under its generic class (``PostSave``), the only name that has a target."""
    generic = model.__pydantic_generic_metadata__["origin"] or model
    return Target(qualified_name(generic), "class")


def cross_reference(
    target: Target, text: str | None = None, *, optional: bool = False, breakable: bool = False
) -> addnodes.pending_xref:
    """A ``py`` cross-reference showing ``text`` (default: the last part of the path);
    ``breakable``: see ``breakable_literal``."""
    shown = text if text is not None else target.path.rpartition(".")[2]
    classes = ["xref", "py", f"py-{target.role}"]
    reference = addnodes.pending_xref(
        "",
        breakable_literal(shown, classes)
        if breakable
        else nodes.literal(shown, shown, classes=classes),
        refdomain="py",
        reftype=target.role,
        reftarget=target.path,
        refexplicit=text is not None,
    )
    if optional:
        reference[OPTIONAL_REFERENCE] = True
    return reference


def breakable_literal(text: str, classes: Sequence[str] = ()) -> nodes.literal:
    """Code that, in HTML, may break after each dot (``<wbr>``), never inside a name: a long
    dotted path in a table cell (Sphinx keeps a code span on one line)."""
    code = nodes.literal(text, "", classes=list(classes))
    for index, part in enumerate(text.split(".")):
        if index:
            code += [nodes.Text("."), nodes.raw("", "<wbr>", format="html")]
        code += nodes.Text(part)
    return code


def resolve_by_public_path(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    """``missing-reference`` handler: a Python object not found under its defining module's
    path is looked up under its public one, in this project and through intersphinx.

    Inventories list what a package documents, which is where it exports an object, not where
    the object is defined: Django documents ``django.db.models.Model``, typedsignals
    ``typedsignals.contrib.django.PostSave``.
    """
    if node.get("refdomain") != "py":
        return None
    public = public_path(node["reftarget"])
    if public is None:
        return None
    retry = node.deepcopy()
    retry["reftarget"] = public
    resolved = env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], public, retry, contnode
    )
    if resolved is None and "sphinx.ext.intersphinx" in app.extensions:
        from sphinx.ext.intersphinx import missing_reference

        resolved = missing_reference(app, env, retry, contnode)
    return resolved


def resolve_optional_reference(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """``missing-reference`` handler: an optional reference becomes its plain text."""
    return contnode if node.get(OPTIONAL_REFERENCE) else None


def import_problem(error: CatalogImportError) -> str:
    """What went wrong importing a package, and, for a Django app, how to set Django up."""
    if error.django_not_set_up:
        return (
            f"{error}; a Django project's apps import once Django is set up: add "
            '`typedsignals_django_settings = "mysite.settings"` (your settings module) to conf.py'
        )
    return str(error)


def warn(directive: SphinxDirective, subtype: str, problem: object) -> None:
    """A warning at ``directive``, named by it (``autosignal: …``), of type ``typedsignals``."""
    logger.warning(
        "%s: %s",
        directive.name,
        problem,
        location=directive.get_location(),
        type="typedsignals",
        subtype=subtype,
    )


def note_source_of(env: BuildEnvironment, obj: object) -> None:
    """Re-read the current document when the file defining ``obj`` changes."""
    try:
        source = inspect.getsourcefile(obj)  # type: ignore[arg-type]
    except TypeError:  # a builtin, or an object with no source file
        return
    if source is not None:
        env.note_dependency(source)


def signal_details(
    directive: SphinxDirective,
    facts: SignalFacts,
    *,
    show_arguments: bool,
    show_receivers: bool,
    show_json_schema: bool,
) -> list[nodes.Node]:
    """The nodes that follow a signal's doc, in the order the mkdocs rendering has them
    (``typedsignals.catalog.render_signal_markdown``): Sender and Payload, the arguments
    table, Receivers, the JSON Schema."""
    result: list[nodes.Node] = [_field_list(_facts_fields(facts), "typedsignals-facts")]
    if show_arguments and facts.model is not None and facts.model.model_fields:
        result.append(_arguments_table(directive, facts.model))
    if show_receivers and facts.receivers is not None:
        receivers = [(_("Receivers"), _receivers(facts.receivers))]
        result.append(_field_list(receivers, "typedsignals-receivers"))
    if show_json_schema and facts.json_schema is not None:
        result.append(_json_schema(facts.json_schema))
    return result


def table(
    classes: Sequence[str],
    headers: Sequence[str],
    rows: Iterable[Sequence[Sequence[nodes.Node]]],
    widths: Sequence[int],
    title: str | None = None,
) -> nodes.table:
    """A table whose cells hold the given nodes (inline nodes get wrapped in a paragraph)."""
    result = nodes.table(classes=[*classes, "colwidths-auto"], align="left")
    if title:
        result += nodes.title(title, title)
    group = nodes.tgroup(cols=len(headers))
    result += group
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    group += nodes.thead("", nodes.row("", *(_cell([nodes.Text(h)]) for h in headers)))
    group += nodes.tbody("", *(nodes.row("", *(_cell(cell) for cell in row)) for row in rows))
    return result


def _cell(content: Sequence[nodes.Node]) -> nodes.entry:
    if content and all(isinstance(node, nodes.Body) for node in content):
        return nodes.entry("", *content)
    return nodes.entry("", nodes.paragraph("", "", *content))


def _field_list(fields: Iterable[tuple[str, Sequence[nodes.Node]]], kind: str) -> nodes.field_list:
    return nodes.field_list(
        "",
        *(
            nodes.field("", nodes.field_name(name, name), nodes.field_body("", *body))
            for name, body in fields
        ),
        classes=[kind],
    )


def _facts_fields(facts: SignalFacts) -> list[tuple[str, Sequence[nodes.Node]]]:
    sender: list[nodes.Node]
    if facts.sender is None:
        sender = [nodes.Text(_("any sender"))]
    elif isinstance(facts.sender, Target):
        sender = [cross_reference(facts.sender)]
    else:
        sender = [nodes.literal(facts.sender, facts.sender)]
    payload: list[nodes.Node]
    if facts.payload is None:
        payload = [nodes.Text(_("untyped (any keyword arguments, not validated)"))]
    else:
        payload = [cross_reference(facts.payload)]
        if not facts.validates:
            payload.append(nodes.Text(" " + _("(validation off)")))
    return [
        (_("Sender"), [nodes.paragraph("", "", *sender)]),
        (_("Payload"), [nodes.paragraph("", "", *payload)]),
    ]


def _arguments_table(directive: SphinxDirective, model: type[BaseModel]) -> nodes.container:
    entries = [
        (FieldEntry.of(name, field), field.annotation) for name, field in model.model_fields.items()
    ]
    with_constraints = any(entry.constraints for entry, _annotation in entries)
    headers = [_("Argument"), _("Type"), _("Default")]
    widths = [12, 14, 10]
    if with_constraints:
        headers.append(_("Constraints"))
        widths.append(12)
    headers.append(_("Description"))
    widths.append(30)
    rows = []
    for entry, annotation in entries:
        row = [
            _argument_name(entry),
            _type(directive, annotation),
            _default(entry),
        ]
        if with_constraints:
            row.append(_literals(entry.constraints))
        row.append(directive.parse_text_to_nodes(entry.description or ""))
        rows.append(row)
    return nodes.container(
        "",
        nodes.rubric(_("Arguments"), _("Arguments")),
        table(["typedsignals-arguments"], headers, rows, widths),
        classes=["typedsignals-arguments"],
    )


def _argument_name(entry: FieldEntry) -> list[nodes.Node]:
    name: list[nodes.Node] = [nodes.literal(entry.name, entry.name)]
    if entry.alias and entry.alias != entry.name:
        name += [nodes.Text(" (" + _("alias") + " "), nodes.literal(entry.alias, entry.alias)]
        name.append(nodes.Text(")"))
    return name


def _default(entry: FieldEntry) -> list[nodes.Node]:
    if entry.default is None:
        return [nodes.emphasis(_("required"), _("required"))]
    return [nodes.literal(entry.default, entry.default)]


def _literals(texts: Sequence[str]) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for index, text in enumerate(texts):
        if index:
            result.append(nodes.Text(", "))
        result.append(nodes.literal(text, text))
    return result


def _type(directive: SphinxDirective, annotation: object) -> list[nodes.Node]:
    """A field's type as one code span holding its cross-references (``frozenset[str] |
    None`` in one piece, not one code span per name, as autodoc's field lists have it)."""
    parsed, messages = directive.parse_inline(restify(annotation, mode="smart"))
    code = nodes.literal("", "", classes=["typedsignals-type"])
    for node in parsed:
        for name in list(node.findall(nodes.literal)):
            # Not "xref": writers style those (the text builder adds asterisks). And not
            # replace_self, which would copy the classes over.
            classes = [c for c in name["classes"] if c != "xref"]
            name.parent.replace(name, nodes.inline("", "", *name.children, classes=classes))
        code += node
    return [code, *messages]


def _receivers(receivers: Sequence[ReceiverInfo]) -> list[nodes.Node]:
    if not receivers:
        return [nodes.paragraph("", _("none connected"))]
    items = nodes.bullet_list(classes=["typedsignals-receivers"])
    for info in receivers:
        line = nodes.paragraph(
            "", "", cross_reference(Target(info.label), info.label, optional=True)
        )
        line += nodes.Text(" — ")
        sender = target_of(info.sender)
        if info.sender is None:
            line += nodes.Text(_("any sender"))
        elif isinstance(sender, Target):
            line += [nodes.Text(_("sender") + " "), cross_reference(sender)]
        else:
            line += [nodes.Text(_("sender") + " "), nodes.literal(sender, sender)]
        if info.dispatch_uid is not None:
            line += nodes.Text(", " + _("dispatch_uid") + " ")
            line += nodes.literal("", repr(str(info.dispatch_uid)))
        if info.is_async:
            line += nodes.Text(", " + _("async"))
        if info.runs_on is not None:
            line += nodes.Text(", " + _("runs on %s") % info.runs_on)
        if not info.weak:
            line += nodes.Text(", " + _("strong reference"))
        items += nodes.list_item("", line)
    return [items]


def _json_schema(schema: dict[str, Any]) -> nodes.container:
    text = json.dumps(schema, indent=2)
    return nodes.container(
        "",
        nodes.rubric(_("JSON Schema"), _("JSON Schema")),
        nodes.literal_block(text, text, language="json"),
        classes=["typedsignals-json-schema"],
    )
