"""Reading what a signal's description shows out of a resolved doctree."""

from __future__ import annotations

import attrs
from docutils import nodes
from sphinx import addnodes


def descriptions(doctree: nodes.Node, objtype: str = "signal") -> list[addnodes.desc]:
    """The object descriptions of ``objtype`` in document order."""
    return [desc for desc in doctree.findall(addnodes.desc) if desc["objtype"] == objtype]


def outline(doctree: nodes.Node) -> list[tuple[str, str]]:
    """``(objtype, full name)`` of every object description, in document order."""
    return [(desc["objtype"], _fullname(desc)) for desc in doctree.findall(addnodes.desc)]


def _fullname(desc: addnodes.desc) -> str:
    module = desc[0].get("module")
    return f"{module}.{desc[0]['fullname']}" if module else str(desc[0]["fullname"])


def documented(doctree: nodes.Node, objtype: str = "signal") -> list[str]:
    """The full names of the ``objtype`` objects described, in document order."""
    return [_fullname(desc) for desc in descriptions(doctree, objtype)]


def links(node: nodes.Node) -> list[tuple[str, str]]:
    """``(text, target)`` of each resolved reference below ``node``."""
    return [
        (_text(reference), reference.get("refuri") or f"#{reference['refid']}")
        for reference in node.findall(nodes.reference)
    ]


def table_rows(table: nodes.Node) -> list[list[str]]:
    """Each row's cell texts, header row first."""
    return [
        [" ".join(_text(entry).split()) for entry in row.findall(nodes.entry)]
        for row in table.findall(nodes.row)
    ]


def _text(node: nodes.Node) -> str:
    """What a reader sees: the text, without raw HTML (the ``<wbr>`` of a breakable path)."""
    return "".join(
        text.astext() for text in node.findall(nodes.Text) if not isinstance(text.parent, nodes.raw)
    )


@attrs.frozen
class Signal:
    """What the description of one signal shows."""

    desc: addnodes.desc

    @property
    def signature(self) -> str:
        return self.desc[0].astext()

    @property
    def content(self) -> addnodes.desc_content:
        content = self.desc[-1]
        assert isinstance(content, addnodes.desc_content)
        return content

    @property
    def doc(self) -> list[str]:
        """The paragraphs before the generated parts."""
        paragraphs = []
        for child in self.content.children:
            if "typedsignals-facts" in child.get("classes", ()):
                break
            paragraphs.append(child.astext())
        return paragraphs

    def field(self, name: str) -> nodes.field_body:
        for field in self.content.findall(nodes.field):
            if field[0].astext() == name:
                body = field[1]
                assert isinstance(body, nodes.field_body)
                return body
        raise KeyError(f"no field {name!r} in {self.fields}")

    @property
    def fields(self) -> list[str]:
        return [field[0].astext() for field in self.content.findall(nodes.field)]

    @property
    def arguments(self) -> nodes.table | None:
        return next(iter(self.content.findall(nodes.table)), None)

    @property
    def json_schema(self) -> str | None:
        blocks = [
            block
            for container in self.content.findall(nodes.container)
            if "typedsignals-json-schema" in container["classes"]
            for block in container.findall(nodes.literal_block)
        ]
        return blocks[0].astext() if blocks else None

    @property
    def receivers(self) -> list[str]:
        body = self.field("Receivers")
        items = list(body.findall(nodes.list_item))
        return [item.astext() for item in items] if items else [body.astext()]


def signal(doctree: nodes.Node, fullname: str) -> Signal:
    """The description of the signal ``fullname`` (the first, if it is described twice)."""
    for desc in descriptions(doctree):
        if _fullname(desc) == fullname:
            return Signal(desc)
    raise KeyError(f"{fullname} is not described; described: {documented(doctree)}")
