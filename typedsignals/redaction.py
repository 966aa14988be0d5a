"""What error text, logs and transported errors may show of a payload.

Two rules, applied wherever typedsignals turns a payload or an exception into text:

- **Secrets stay secret.** ``Secrets.of(model)`` maps where a model keeps ``SecretStr``,
  ``SecretBytes`` or ``Secret[...]`` values (through nested models, dataclasses, typed dicts,
  containers and unions) and which models set ``hide_input_in_errors``; ``Secrets.redact``
  masks those values in the input an error carries, found by the error's ``loc``.
- **Text stays bounded and on one line.** ``one_line`` escapes control characters (a newline
  in a key or a value cannot forge a log line) and shortens to a limit; ``short_repr`` is a
  ``repr`` that never raises and never grows past a few hundred characters.
"""

from __future__ import annotations

import dataclasses
import reprlib
import traceback
import types
import typing
from collections.abc import Mapping
from typing import Any, Final, Literal, Union, is_typeddict

import attrs
from pydantic import BaseModel, Secret, SecretBytes, SecretStr

__all__ = ["HIDDEN", "MASK", "Secrets", "bounded_traceback", "one_line", "scrub", "short_repr"]

MASK: Final = "**********"
"""What a secret value is replaced by (pydantic's own mask for ``SecretStr``)."""

HIDDEN: Final = object()
"""``Secrets.redact``'s answer for an input that must not be shown at all."""

_REPR_LIMIT = 100
_repr = reprlib.Repr()
_repr.maxstring = 60
_repr.maxother = 60
_repr.maxlong = 60


def one_line(text: str, limit: int = 300) -> str:
    """``text`` with control characters escaped, shortened to ``limit`` characters (``…``)."""
    clipped = text[: limit + 1]
    if not clipped.isprintable():
        clipped = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in clipped)
    return clipped if len(clipped) <= limit else clipped[: limit - 1] + "…"


def short_repr(value: object, limit: int = _REPR_LIMIT) -> str:
    """A shortened, one-line ``repr``; a ``__repr__`` that raises is named, not propagated."""
    if value is HIDDEN:
        return MASK
    try:
        text = _repr.repr(value)
    except Exception as exc:  # a hostile __repr__ must not hide the real error
        return f"<{type(value).__name__} whose repr raised {type(exc).__name__}>"
    return one_line(text, limit)


def bounded_traceback(exc: BaseException, *, frames: int = 30, chain: int = 5) -> str:
    """``exc``'s traceback as ``logging`` would format it, bounded: the innermost ``frames``
    frames, at most ``chain`` chained exceptions, each exception's text on one short line.
    """
    te = traceback.TracebackException.from_exception(exc, limit=-frames)
    links: list[tuple[traceback.TracebackException, str]] = []
    while len(links) < chain:
        if te.__cause__ is not None:
            cause, joint = te.__cause__, traceback._cause_message  # type: ignore[attr-defined]
        elif te.__context__ is not None and not te.__suppress_context__:
            cause, joint = te.__context__, traceback._context_message  # type: ignore[attr-defined]
        else:
            break
        links.append((te, joint))
        te = cause
    parts: list[str] = []
    for link, joint in [(te, ""), *reversed(links)]:
        parts.append(joint)
        if link.stack:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(link.stack.format())
        parts.append(one_line("".join(link.format_exception_only()).rstrip("\n"), 500) + "\n")
    return "".join(parts).rstrip("\n")


# -- where a model keeps its secrets ---------------------------------------------------------

_SECRET: Final = "secret"
"""A shape: the value is a secret (or holds one in a way the walk cannot follow): mask it."""


@attrs.frozen(eq=False)
class _Fields:
    """A shape: a model-like value, by key (field names and aliases)."""

    keys: dict[str, _Shape]
    hide_input: bool

    @property
    def holds_anything(self) -> bool:
        """Whether a value of this shape may hold something to mask (a recursive model's
        inner references are this very object, so the answer is read when masking)."""
        return self.hide_input or any(shape is not None for shape in self.keys.values())


@attrs.frozen
class _Items:
    """A shape: a container whose every item has the shape ``item``."""

    item: _Shape


@attrs.frozen
class _Values:
    """A shape: a mapping whose every value has the shape ``value``."""

    value: _Shape


_Shape = Literal["secret"] | _Fields | _Items | _Values | None
"""Where secrets lie in a value of some type; ``None``: nowhere, show it as it is."""

_ITEM_ORIGINS = (list, tuple, set, frozenset, typing.Sequence, typing.Iterable)


@attrs.frozen
class Secrets:
    """Where one payload model keeps secrets and hidden inputs; ``Secrets.of(model)``."""

    shape: _Shape

    @classmethod
    def of(cls, model: type[BaseModel]) -> Secrets:
        return cls(_shape_of(model, {}))

    @property
    def anywhere(self) -> bool:
        """Whether the model has a secret or a hidden input anywhere."""
        return self.shape is not None

    @property
    def hide_all_input(self) -> bool:
        """Whether the payload model itself sets ``hide_input_in_errors``."""
        return isinstance(self.shape, _Fields) and self.shape.hide_input

    def redact(self, loc: tuple[int | str, ...], value: object) -> tuple[object, set[str]]:
        """``value`` (the input of an error at ``loc``) with every secret in it masked
        (``HIDDEN`` where the input must not be shown at all), and the text of each secret
        found in it, so that a message quoting one can be scrubbed (``scrub``)."""
        found: set[str] = set()
        shape = self.shape
        for part in loc:
            if shape is None or shape == _SECRET:
                break
            if isinstance(shape, _Fields):
                if shape.hide_input:
                    _collect(value, found)
                    return HIDDEN, found
                shape = shape.keys.get(part) if isinstance(part, str) else None
            elif isinstance(shape, _Items):
                shape = shape.item
            else:
                shape = shape.value
        return _masked(value, shape, found), found


def scrub(text: str, secrets: set[str]) -> str:
    """``text`` with every occurrence of each of ``secrets`` replaced by ``MASK``."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, MASK)
    return text


def _masked(value: object, shape: _Shape, found: set[str]) -> object:
    if shape is None:
        return value
    if shape == _SECRET:
        _collect(value, found)
        return MASK
    if isinstance(shape, _Fields):
        if shape.hide_input:
            _collect(value, found)
            return HIDDEN
        if not shape.holds_anything:
            return value
        if isinstance(value, Mapping):
            # A key the model does not know may be a misspelt secret: masked too.
            return {k: _masked(v, shape.keys.get(k, _SECRET), found) for k, v in value.items()}
        if isinstance(value, BaseModel):  # its repr masks its secrets
            return value
        _collect(value, found)
        return MASK
    if isinstance(shape, _Items) and isinstance(value, list | tuple | set | frozenset):
        return [_masked(item, shape.item, found) for item in value]
    if isinstance(shape, _Values) and isinstance(value, Mapping):
        return {k: _masked(v, shape.value, found) for k, v in value.items()}
    _collect(value, found)
    return MASK


def _collect(value: object, found: set[str], depth: int = 0) -> None:
    """Add the text of every string, bytes or secret inside ``value`` (a masked input) to
    ``found``, as a message quoting it would spell it."""
    if depth > 20:
        return
    if isinstance(value, SecretStr | SecretBytes | Secret):
        value = value.get_secret_value()
    if isinstance(value, str):  # as it is, and as a repr (``{value!r}``) or ascii() spells it
        found.update({value, repr(value)[1:-1], ascii(value)[1:-1]})
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found.add(repr(value))
    elif isinstance(value, bytes | bytearray):
        found.update({value.decode("utf-8", "replace"), repr(bytes(value))[2:-1]})
    elif isinstance(value, Mapping):
        for item in list(value.values())[:1000]:
            _collect(item, found, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in list(value)[:1000]:
            _collect(item, found, depth + 1)


def _shape_of(annotation: Any, seen: dict[Any, _Fields]) -> _Shape:
    """The shape of values of ``annotation``; ``seen`` breaks cycles of recursive models."""
    try:
        if annotation in seen:
            return seen[annotation]
    except TypeError:  # an unhashable annotation (metadata objects) is no model: not seen
        pass
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _shape_of(args[0], seen)
    if isinstance(annotation, type) and issubclass(annotation, SecretStr | SecretBytes | Secret):
        return _SECRET
    if isinstance(origin, type) and issubclass(origin, Secret):
        return _SECRET
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _fields_shape(
            annotation,
            {
                name: (field.annotation, field.alias, field.validation_alias)
                for name, field in annotation.model_fields.items()
            },
            bool(annotation.model_config.get("hide_input_in_errors")),
            seen,
        )
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        hints = _hints(annotation)
        return _fields_shape(
            annotation,
            {f.name: (hints.get(f.name), None, None) for f in dataclasses.fields(annotation)},
            False,
            seen,
        )
    if is_typeddict(annotation):
        return _fields_shape(
            annotation, {k: (v, None, None) for k, v in _hints(annotation).items()}, False, seen
        )
    if not args:
        return None
    shapes = [_shape_of(arg, seen) for arg in args if arg is not Ellipsis]
    if all(shape is None for shape in shapes):
        return None
    if origin in (Union, types.UnionType):
        return _SECRET  # a union's error locations name its arms: mask the whole value
    if origin in (dict, Mapping) or (isinstance(origin, type) and issubclass(origin, Mapping)):
        return _Values(shapes[-1]) if shapes[0] is None else _SECRET
    if origin in _ITEM_ORIGINS and len(shapes) == 1:
        return _Items(shapes[0])
    return _SECRET


def _fields_shape(
    owner: Any, fields: dict[str, tuple[Any, Any, Any]], hide_input: bool, seen: dict[Any, _Fields]
) -> _Shape:
    shape = _Fields(keys={}, hide_input=hide_input)
    seen[owner] = shape
    for name, (annotation, alias, validation_alias) in fields.items():
        field_shape = _shape_of(annotation, seen)
        for key in (name, alias, *_alias_names(validation_alias)):
            if isinstance(key, str):
                shape.keys[key] = field_shape
    return shape if shape.holds_anything else None


def _alias_names(validation_alias: Any) -> list[object]:
    choices = getattr(validation_alias, "choices", [validation_alias])
    return [getattr(choice, "path", [choice])[0] for choice in choices]


def _hints(owner: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(owner, include_extras=True)
    except Exception:  # unresolvable forward references: nothing to follow
        return {}
