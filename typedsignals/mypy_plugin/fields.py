"""What a payload model's class body says: its fields' aliases and defaults, its ``extra``.

Recorded while mypy analyses the model's module (``record_model``), in ``TypeInfo.metadata``
(see ``models``), from a hook that every plugin order reaches. mypy's ``ChainedPlugin`` gives
each class hook to the first plugin that claims it: with ``pydantic.mypy`` listed first, a
base-class hook of ours would never run. ``get_customize_class_mro_hook``, which pydantic.mypy
does not claim, runs once a class's MRO is known, before its body is analysed.

So the body is read from the source, with Python's ``ast``, statement by statement (the
names and lines come from mypy's tree, the source must agree). The source is also the only
place ``Annotated[T, Field(...)]`` survives: mypy's parser turns ``Annotated`` metadata that
is not a type into ``Any``. Names (``Field``, ``Annotated``, ``AliasChoices``, a type alias
…) are resolved with mypy's symbol tables. What pydantic does is mirrored: every ``Field()``
of a field (in ``Annotated`` metadata, in order, then on the right of ``=``) is merged, the
later one winning; a field's keys are its validation alias (else its alias) and its name, as
the runtime takes them; an ``AliasPath`` is reached by its first key. Whatever cannot be read
statically (an alias in a variable, ``Field(**options)``, a ``FieldInfo`` from a helper)
makes the field *open*: any keyword may carry it, and it may be left out.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mypy.nodes import (
    MDEF,
    AssignmentStmt,
    Block,
    ClassDef,
    Decorator,
    Expression,
    FuncDef,
    IfStmt,
    MemberExpr,
    MypyFile,
    NameExpr,
    OverloadedFuncDef,
    Statement,
    StrExpr,
    SymbolNode,
    SymbolTableNode,
    TypeAlias,
    TypeInfo,
    Var,
)
from mypy.plugin import ClassDefContext
from mypy.semanal import SemanticAnalyzer
from mypy.types import CallableType, Instance, LiteralType, Overloaded, get_proper_type
from mypy.util import DecodeError, decode_python_encoding

from typedsignals.mypy_plugin import fullnames

UNKNOWN = "unknown"
"""``extra`` when the config cannot be read statically."""
OPEN_FIELD: dict[str, Any] = {"aliases": [], "path_aliases": [], "default": True, "open": True}
"""A field whose details cannot be read: it may be left out, and any keyword may carry it."""
_UNREADABLE = object()
"""What ``_literal`` gives for an expression that is not a constant."""
MAX_STATEMENT_LINES = 50
"""How far a type alias's definition is looked for (its node records only where it starts)."""


def record_model(ctx: ClassDefContext) -> None:
    """Record a payload model's own fields and config in its metadata.

    Also mirrors the facts in a plugin-generated class attribute (``FIELDS_MARKER``): dmypy's
    fine-grained mode compares symbols but not metadata, so only the attribute's change tells
    it to re-check the sends and receivers that depend on the model.
    """
    info = ctx.cls.info
    if info.fullname == fullnames.BASE_MODEL or not info.has_base(fullnames.BASE_MODEL):
        return
    reader = _Reader.of(ctx)
    facts: dict[str, Any] = {
        "fields": {},
        "extra": None,
        "alias_generator": None,
        "read": reader is not None,
    }
    facts.update(_config(_keyword_value(value) for value in ctx.cls.keywords.items()))
    if reader is not None:
        body = list(_statements(ctx.cls.defs))
        for statement in body:
            if isinstance(statement, ClassDef) and statement.name == "Config":
                facts.update(reader.config_class(statement))
                continue
            if not (
                isinstance(statement, AssignmentStmt)
                and len(statement.lvalues) == 1
                and isinstance(statement.lvalues[0], NameExpr)
            ):
                continue
            # Names come from mypy's tree; the source, checked to hold the same statement,
            # gives the details (it may not: splitlines() and Python count lines differently
            # around a form feed).
            name = statement.lvalues[0].name
            parsed = reader.parse(statement, body)
            same = isinstance(parsed, (ast.Assign, ast.AnnAssign)) and name in [
                target.id
                for target in (
                    parsed.targets if isinstance(parsed, ast.Assign) else [parsed.target]
                )
                if isinstance(target, ast.Name)
            ]
            if name == "model_config":
                value = (
                    parsed.value
                    if same and isinstance(parsed, (ast.Assign, ast.AnnAssign))
                    else None
                )
                facts.update(_config(reader.config_items(value)))
            elif statement.new_syntax and not name.startswith("_"):
                facts["fields"][name] = (
                    reader.field(parsed.annotation, parsed.value)
                    if same and isinstance(parsed, ast.AnnAssign)
                    else OPEN_FIELD
                )
    info.metadata[fullnames.METADATA_KEY] = facts
    marker = Var(
        fullnames.FIELDS_MARKER,
        LiteralType(json.dumps(facts, sort_keys=True), ctx.api.named_type("builtins.str")),
    )
    marker.info = info
    marker._fullname = f"{info.fullname}.{fullnames.FIELDS_MARKER}"
    marker.is_classvar = True
    info.names[fullnames.FIELDS_MARKER] = SymbolTableNode(MDEF, marker, plugin_generated=True)


def _statements(block: Block) -> Iterator[Statement]:
    """A class body's statements, including those under a reachable ``if`` (as pydantic)."""
    for statement in block.body:
        if isinstance(statement, IfStmt):
            for body in [*statement.body, statement.else_body]:
                if body is not None and not body.is_unreachable:
                    yield from _statements(body)
        else:
            yield statement


def _keyword_value(item: tuple[str, Expression]) -> tuple[str, object]:
    """A class keyword (``class M(BaseModel, extra="allow")``) as a config item."""
    name, value = item
    if isinstance(value, StrExpr):
        return name, value.value
    if isinstance(value, MemberExpr):  # the deprecated Extra.allow
        return name, value.name
    if isinstance(value, NameExpr) and value.name == "None":
        return name, None
    return name, _UNREADABLE


def _config(items: Iterable[tuple[str | None, object]]) -> dict[str, Any]:
    """``extra`` and ``alias_generator`` from config items; a ``**`` item (``None``) hides both."""
    facts: dict[str, Any] = {}
    for name, value in items:
        if name is None:
            facts.update(extra=UNKNOWN, alias_generator=True)
        elif name == "extra":
            facts["extra"] = value if value in ("allow", "ignore", "forbid") else UNKNOWN
        elif name == "alias_generator":
            facts["alias_generator"] = value is not None
    return facts


class _Reader:
    """Reads statements of the module being analysed from its source, resolving names."""

    def __init__(self, api: SemanticAnalyzer, cls: ClassDef, lines: list[str]) -> None:
        self.api = api
        self.cls = cls
        self.lines = lines

    @classmethod
    def of(cls, ctx: ClassDefContext) -> _Reader | None:
        """A reader for the class's module; ``None`` if its source cannot be read."""
        api = ctx.api
        if not isinstance(api, SemanticAnalyzer):
            return None
        lines = _source_lines(api.cur_mod_node.path)
        return cls(api, ctx.cls, lines) if lines is not None else None

    # -- statements ------------------------------------------------------------------------

    def parse(self, statement: Statement, statements: list[Statement]) -> ast.stmt | None:
        """The statement (one of a body's ``statements``) as Python's ``ast`` sees it; ``None``
        if its lines cannot be parsed.

        Whole lines are parsed, and the statement picked by its rank among those starting on
        its line: mypy's columns count UTF-8 bytes or, with its native parser, something
        else after a non-ASCII character.
        """
        rank = [other.line for other in statements[: statements.index(statement)]].count(
            statement.line
        )
        parsed = _statements_at(self.lines, statement.line, statement.end_line or statement.line)
        return parsed[rank] if parsed is not None and rank < len(parsed) else None

    def config_class(self, config: ClassDef) -> dict[str, Any]:
        """The deprecated ``class Config: extra = "allow"``."""
        items: list[tuple[str | None, object]] = []
        body = list(_statements(config.defs))
        for statement in body:
            parsed = self.parse(statement, body)
            if isinstance(parsed, ast.Assign) and isinstance(parsed.targets[0], ast.Name):
                items.append((parsed.targets[0].id, _literal(parsed.value)))
        return _config(items)

    def config_items(self, value: ast.expr | None) -> list[tuple[str | None, object]]:
        """``model_config = ConfigDict(...)``, ``dict(...)`` or ``{...}``."""
        if isinstance(value, ast.Call):
            return [(keyword.arg, _literal(keyword.value)) for keyword in value.keywords]
        if isinstance(value, ast.Dict):
            return [
                (key.value, _literal(item))
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
                else (None, _UNREADABLE)  # ``**other`` or a computed key
                for key, item in zip(value.keys, value.values, strict=True)
            ]
        return [(None, _UNREADABLE)]

    # -- fields ----------------------------------------------------------------------------

    def field(self, annotation: ast.expr, value: ast.expr | None) -> dict[str, Any]:
        """``{"aliases", "path_aliases", "default", "open"}`` of one field."""
        calls: list[tuple[ast.Call, str]] = []  # each with the module it is written in
        is_open = not self._collect_metadata(annotation, self._module, calls, depth=0)
        if value is not None:
            kind = self._field_kind(value, self._module)
            if kind == "field":
                assert isinstance(value, ast.Call)
                calls.append((value, self._module))
            is_open = is_open or kind == "open"
        settings: dict[str, ast.expr] = {}
        alias: tuple[ast.expr, str] | None = None
        for call, module in calls:
            given = {keyword.arg: keyword.value for keyword in call.keywords}
            if None in given:  # Field(**options)
                is_open = True
            if call.args:
                given["default"] = call.args[0]
            settings.update({name: item for name, item in given.items() if name is not None})
            for name in ("validation_alias", "alias"):
                if name in given and _literal(given[name]) is not None:
                    alias = (given[name], module)
                    break
        aliases, path_aliases, dynamic = self._alias_keys(*alias) if alias else ([], [], False)
        if value is not None and not (calls and calls[-1][0] is value):
            # ``x: T = value``; ``x: T = ...`` is required, except in a stub, where ``...``
            # stands for any default.
            default = self.api.cur_mod_node.is_stub or _literal(value) is not Ellipsis
        else:
            default = _has_default(settings)
        return {
            "aliases": aliases,
            "path_aliases": path_aliases,
            "default": default,
            "open": is_open or dynamic,
        }

    def _collect_metadata(
        self, annotation: ast.expr, module: str, calls: list[tuple[ast.Call, str]], depth: int
    ) -> bool:
        """Append the ``Field()`` calls of a top-level ``Annotated``; ``False`` if unreadable.

        Follows a string annotation and a type alias (read from its own module's source).
        """
        if depth > 5:
            return False
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                inner = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return True  # not a type pydantic could use either; mypy reports it
            return self._collect_metadata(inner, module, calls, depth + 1)
        if isinstance(annotation, ast.Subscript):
            node = self._lookup(annotation.value, module)
            if node is None or node.fullname not in fullnames.ANNOTATED:
                return True
            items = (
                annotation.slice.elts
                if isinstance(annotation.slice, ast.Tuple)
                else [annotation.slice]
            )
            if not items:
                return True
            readable = self._collect_metadata(items[0], module, calls, depth + 1)
            for item in items[1:]:
                kind = self._field_kind(item, module)
                if kind == "field":
                    assert isinstance(item, ast.Call)
                    calls.append((item, module))
                readable = readable and kind != "open"
            return readable
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            node = self._lookup(annotation, module)
            if isinstance(node, TypeAlias):
                definition = self._alias_definition(node)
                if definition is None:
                    return False
                return self._collect_metadata(definition, node.module, calls, depth + 1)
        return True

    def _field_kind(self, expression: ast.expr, module: str) -> str:
        """``"field"`` for a ``Field()`` call, ``"open"`` for what may be a ``FieldInfo``."""
        if isinstance(expression, ast.Constant):
            return "value"
        if isinstance(expression, ast.Call):
            callee = self._lookup(expression.func, module)
            if callee is not None and callee.fullname == fullnames.FIELD:
                return "field"
            return "open" if _may_return_field_info(callee) else "value"
        if isinstance(expression, (ast.Name, ast.Attribute)):
            node = self._lookup(expression, module)
            if isinstance(node, Var):
                return "open" if _may_be_field_info(node) else "value"
        return "value"

    def _alias_keys(self, alias: ast.expr, module: str) -> tuple[list[str], list[str], bool]:
        """``(aliases, keys reached through an AliasPath, unreadable)`` of an alias written
        in ``module``."""
        literal = _literal(alias)
        if isinstance(literal, str):
            return [literal], [], False
        if not isinstance(alias, ast.Call):
            return [], [], True
        callee = self._lookup(alias.func, module)
        name = callee.fullname if callee is not None else None
        choices = alias.args if name == fullnames.ALIAS_CHOICES else [alias]
        if name not in (fullnames.ALIAS_CHOICES, fullnames.ALIAS_PATH) or alias.keywords:
            return [], [], True
        aliases: list[str] = []
        paths: list[str] = []
        for choice in choices:
            if isinstance(_literal(choice), str):
                aliases.append(str(_literal(choice)))
                continue
            path = self._alias_path_head(choice, module)
            if path is _UNREADABLE:
                return [], [], True
            if isinstance(path, str):
                paths.append(path)
        return aliases, paths, False

    def _alias_path_head(self, choice: ast.expr, module: str) -> object:
        """The first key of ``AliasPath("key", …)``: a ``str``, or ``None`` for an int."""
        if not isinstance(choice, ast.Call) or choice.keywords or not choice.args:
            return _UNREADABLE
        callee = self._lookup(choice.func, module)
        if callee is None or callee.fullname != fullnames.ALIAS_PATH:
            return _UNREADABLE
        head = _literal(choice.args[0])
        return head if isinstance(head, str) else None if isinstance(head, int) else _UNREADABLE

    # -- names -----------------------------------------------------------------------------

    @property
    def _module(self) -> str:
        return self.api.cur_mod_id

    def _lookup(self, expression: ast.expr, module: str) -> SymbolNode | None:
        """What a name or dotted name refers to in ``module``."""
        parts: list[str] = []
        while isinstance(expression, ast.Attribute):
            parts.insert(0, expression.attr)
            expression = expression.value
        if not isinstance(expression, ast.Name):
            return None
        if module == self._module:
            symbol = self.api.lookup_qualified(expression.id, self.cls, suppress_errors=True)
        else:
            tree = self.api.modules.get(module)
            symbol = tree.names.get(expression.id) if tree is not None else None
        node = symbol.node if symbol is not None else None
        for part in parts:
            if not isinstance(node, MypyFile):
                return None
            symbol = node.names.get(part)
            # ``import pydantic`` then ``pydantic.fields``: a submodule may not be in its
            # package's names.
            node = (
                symbol.node
                if symbol is not None
                else self.api.modules.get(f"{node.fullname}.{part}")
            )
        return node

    def _alias_definition(self, alias: TypeAlias) -> ast.expr | None:
        """The right-hand side of a type alias's definition, from its module's source."""
        tree = self.api.modules.get(alias.module)
        lines = _source_lines(tree.path) if tree is not None else None
        if lines is None or not 0 < alias.line <= len(lines):
            return None
        for end in range(alias.line, min(alias.line + MAX_STATEMENT_LINES, len(lines) + 1)):
            for parsed in _statements_at(lines, alias.line, end) or []:
                # A PEP 695 ``type`` alias is not read (the field is open); pydantic ignores
                # field attributes there anyway.
                if isinstance(parsed, ast.Assign):
                    targets = parsed.targets
                elif isinstance(parsed, ast.AnnAssign):
                    targets = [parsed.target]
                else:
                    continue
                if any(
                    isinstance(target, ast.Name) and target.id == alias.name for target in targets
                ):
                    return parsed.value
        return None


def _source_lines(path: str) -> list[str] | None:
    """A module's source lines, numbered as Python numbers them (not ``str.splitlines``,
    which also breaks at a form feed)."""
    try:
        source = decode_python_encoding(Path(path).read_bytes())
    except (OSError, DecodeError):
        return None
    return re.split(r"\r\n|\r|\n", source)


def _statements_at(lines: list[str], line: int, end_line: int) -> list[ast.stmt] | None:
    """The statements starting on ``line`` of the source, which spans to ``end_line``."""
    if not 0 < line <= end_line <= len(lines):
        return None
    block = "\n".join(lines[line - 1 : end_line])
    indented = block[:1].isspace()
    try:  # an indented statement (in a class body) parses inside an ``if``
        parsed = ast.parse(f"if True:\n{block}" if indented else block).body
    except SyntaxError:
        return None
    statements = parsed[0].body if indented and isinstance(parsed[0], ast.If) else parsed
    first = 2 if indented else 1
    return [statement for statement in statements if statement.lineno == first]


def _literal(expression: ast.expr | None) -> object:
    """A constant's value, ``Extra.allow``'s name; ``_UNREADABLE`` for anything else."""
    if isinstance(expression, ast.Constant):
        return expression.value
    if isinstance(expression, ast.Attribute):
        return expression.attr
    return _UNREADABLE


def _has_default(settings: dict[str, ast.expr]) -> bool:
    """Whether merged ``Field()`` settings give a default (``...`` is none, as in pydantic)."""
    if "default" in settings:
        return _literal(settings["default"]) is not Ellipsis
    factory = settings.get("default_factory")
    return factory is not None and _literal(factory) is not None


def _may_be_field_info(var: Var) -> bool:
    """Whether a variable used as a field's value or metadata may hold a ``FieldInfo``."""
    declared = get_proper_type(var.type)
    return not isinstance(declared, Instance) or declared.type.has_base(fullnames.FIELD_INFO)


def _may_return_field_info(callee: SymbolNode | None) -> bool:
    """Whether a call (not ``Field``) may return a ``FieldInfo``: classes are known, and
    functions by their declared return type."""
    if isinstance(callee, TypeInfo):
        return callee.has_base(fullnames.FIELD_INFO)
    if isinstance(callee, Decorator):
        callee = callee.func
    if not isinstance(callee, (FuncDef, OverloadedFuncDef)):
        return True
    signature = callee.type
    items: list[CallableType] = (
        signature.items
        if isinstance(signature, Overloaded)
        else [signature]
        if isinstance(signature, CallableType)
        else []
    )
    returns = [get_proper_type(item.ret_type) for item in items]
    return not returns or any(
        not isinstance(ret, Instance) or ret.type.has_base(fullnames.FIELD_INFO) for ret in returns
    )
