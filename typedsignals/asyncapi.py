"""The catalogue as an AsyncAPI 3.0 document: ``catalog PACKAGE --format asyncapi``.

One channel per signal (its address is the signal's label), one message per channel whose
payload is the signal's JSON Schema, and one ``send`` operation per channel: the package
sends these messages. Nested models move from each payload's ``$defs`` to
``components/schemas`` (a ``$ref`` in an AsyncAPI document resolves against the document),
renamed with a numeric suffix where two payloads define the same name differently.
"""

from __future__ import annotations

import copy
import importlib
import json
import re
from typing import Any

from typedsignals.catalog import SignalEntry

__all__ = ["ASYNCAPI_VERSION", "asyncapi_document", "render_asyncapi"]

ASYNCAPI_VERSION = "3.0.0"
_ID = re.compile(r"[^\w.\-]")


def asyncapi_document(package: str, entries: list[SignalEntry]) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of ``entries`` (made ``with_schema=True``)."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for entry in entries:
        key = _ID.sub("_", entry.label)
        message: dict[str, Any] = {
            "name": entry.name,
            "title": entry.model or "untyped payload",
            "contentType": "application/json",
            "payload": _hoist_defs(entry.json_schema or {"type": "object"}, schemas),
        }
        if entry.doc:
            message["summary"] = _one_line(entry.doc)
        if entry.sender:
            message["x-typedsignals-sender"] = entry.sender
        messages[key] = message
        channel: dict[str, Any] = {
            "address": entry.label,
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
        }
        if entry.doc:
            channel["description"] = entry.doc.strip()
        channels[key] = channel
        operations[f"send_{key}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{key}"},
            "messages": [{"$ref": f"#/channels/{key}/messages/{key}"}],
            "summary": f"{entry.sender or 'Any sender'} sends {entry.label}",
        }
    components: dict[str, Any] = {"messages": messages}
    if schemas:
        components["schemas"] = schemas
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": f"Signals of {package}",
            "version": _version_of(package),
            "description": f"The typedsignals signals declared in the package {package}.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": components,
    }


def render_asyncapi(package: str, entries: list[SignalEntry]) -> str:
    """``asyncapi_document`` as JSON text."""
    return json.dumps(asyncapi_document(package, entries), indent=2)


def _hoist_defs(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    defs: dict[str, Any] = schema.pop("$defs", {})
    names: dict[str, str] = {}
    for name, definition in defs.items():
        chosen, suffix = name, 1
        while chosen in schemas and schemas[chosen] != _rewrite(definition, names):
            suffix += 1
            chosen = f"{name}{suffix}"
        names[name] = chosen
    for name, definition in defs.items():
        schemas[names[name]] = _rewrite(definition, names)
    payload: dict[str, Any] = _rewrite(schema, names)
    return payload


def _rewrite(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_rewrite(item, names) for item in node]
    if not isinstance(node, dict):
        return node
    rewritten = {key: _rewrite(value, names) for key, value in node.items()}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        rewritten["$ref"] = f"#/components/schemas/{names.get(name, name)}"
    return rewritten


def _version_of(package: str) -> str:
    version = getattr(importlib.import_module(package), "__version__", None)
    return version if isinstance(version, str) else "0.0.0"


def _one_line(text: str) -> str:
    return " ".join(text.split())
