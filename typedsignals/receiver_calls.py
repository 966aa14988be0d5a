"""How ``send`` calls its receivers: ``receiver(signal=…, sender=…, **values)`` for each.

Calling with ``**arguments`` makes CPython build and unpack a dict per call. For a typed
signal whose receivers get a fixed set of fields, ``caller_for(field_names)`` returns a
function generated once (as attrs and dataclasses generate ``__init__``) that calls each
receiver with the keywords spelt out, which CPython passes without a dict: about a third
fewer instructions per call. The generated source comes from one template, ``TEMPLATE``; the
only text put into it is field names, each checked to be a Python identifier (pydantic's
fields are), so no other text is ever executed. ``caller_source(field_names)`` shows it.
Signals whose receivers may get other keys (untyped signals, ``extra="allow"``) use
``call_with_arguments``.
"""

from __future__ import annotations

import functools
import keyword
import linecache
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["TEMPLATE", "Caller", "call_with_arguments", "caller_for", "caller_source"]

Caller = Callable[[Sequence[Callable[..., Any]], Any, Any, dict[str, Any]], list[tuple[Any, Any]]]
"""``caller(receivers, signal, sender, values)``: call each receiver in order with ``signal``,
``sender`` and ``values`` as keywords; return ``[(receiver, response)]``."""

TEMPLATE = """\
def call_receivers(_receivers, _signal, _sender, _values):
    {unpack}
    _responses = []
    for _receiver in _receivers:
        _responses.append((_receiver, _receiver(signal=_signal, sender=_sender, {keywords})))
    return _responses
"""
"""The generated caller. Its locals start with ``_``, which no pydantic field name does."""


def call_with_arguments(
    receivers: Sequence[Callable[..., Any]], signal: Any, sender: Any, values: dict[str, Any]
) -> list[tuple[Any, Any]]:
    """The caller for any keys: ``receiver(**{"signal": …, "sender": …, **values})``."""
    arguments = {"signal": signal, "sender": sender, **values}
    return [(receiver, receiver(**arguments)) for receiver in receivers]


def caller_source(field_names: Sequence[str]) -> str:
    """The source of the caller for ``field_names`` (``TEMPLATE`` filled in).

    Raises ``ValueError`` for a name that is not an identifier or starts with ``_``."""
    for name in field_names:
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
            raise ValueError(f"{name!r} cannot be a keyword in generated code")
    if not field_names:
        return TEMPLATE.format(unpack="pass", keywords="")
    locals_ = [f"_v{index}" for index in range(len(field_names))]
    return TEMPLATE.format(
        unpack="\n    ".join(
            f"{local} = _values[{name!r}]" for name, local in zip(field_names, locals_, strict=True)
        ),
        keywords=", ".join(
            f"{name}={local}" for name, local in zip(field_names, locals_, strict=True)
        ),
    )


@functools.lru_cache(maxsize=512)
def caller_for(field_names: tuple[str, ...]) -> Caller:
    """The generated caller for receivers that get exactly ``field_names`` (shared by every
    signal with those fields); ``call_with_arguments`` where names cannot be keywords."""
    try:
        source = caller_source(field_names)
    except ValueError:
        return call_with_arguments
    filename = f"<typedsignals caller for {', '.join(field_names)}>"
    namespace: dict[str, Any] = {}
    exec(compile(source, filename, "exec"), namespace)
    # Tracebacks through the caller show its lines, as they do for attrs' generated code.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    caller: Caller = namespace["call_receivers"]
    return caller
