"""``catalog PACKAGE --format asyncapi``: an AsyncAPI 3.0 document the AsyncAPI project's own
parser (``@asyncapi/parser``, from npm) accepts, valid against the official 3.0.0 JSON Schema
(``@asyncapi/specs``, which the parser brings)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.contracts.conftest import Write
from typedsignals.__main__ import main

EXAMPLES = Path(__file__).parents[2] / "examples"
PARSER_VERSION = "3.6.6"
NODE_MODULES = Path(sys.prefix) / "asyncapi-node"

NESTED = """
    from typing import Literal
    from pydantic import BaseModel, Field
    from typedsignals import Signal

    class Shop:
        '''Sells.'''

    class Address(BaseModel):
        street: str
        zip: str = Field(pattern="^[0-9]{5}$")

    class Shipped(BaseModel):
        '''A parcel left.'''
        to: Address
        legs: list[Address] = Field(default_factory=list)
        speed: Literal["slow", "fast"] = "slow"

    def billing_address() -> type[BaseModel]:
        class Address(BaseModel):  # the same name as above, another model
            line: str

        return Address

    class Billed(BaseModel):
        '''An invoice was sent.'''
        amount: float = Field(ge=0)
        to: billing_address()  # type: ignore[valid-type]

    shipped = Signal[Shipped](sender=Shop)
    billed = Signal[Billed]()
    legacy = Signal(doc="Untyped.")
"""


def asyncapi_of(package: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["catalog", package, "--format", "asyncapi"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """``@asyncapi/parser`` installed from npm once, kept in the virtualenv."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        unavailable("Node.js and npm are needed to run @asyncapi/parser")
    if not (NODE_MODULES / "node_modules" / "@asyncapi" / "parser").is_dir():
        install = subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(NODE_MODULES),
                "--no-audit",
                "--no-fund",
                f"@asyncapi/parser@{PARSER_VERSION}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if install.returncode != 0:
            unavailable(f"npm could not install @asyncapi/parser: {install.stderr[-500:]}")
    return NODE_MODULES / "node_modules"


PARSE = """
import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
const parser = new Parser();
const results = [];
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'));
  results.push({
    parsed: document !== undefined,
    channels: document ? document.channels().all().map((c) => c.address()) : [],
    payloads: document ? document.messages().all().map((m) => m.payload().json()) : [],
    problems: diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message}`),
  });
}
console.log(JSON.stringify(results));
"""


def parse_with_asyncapi(node_modules: Path, tmp_path: Path, *documents: dict[str, Any]) -> Any:
    script = node_modules.parent / "parse.mjs"
    script.write_text(PARSE)
    files = []
    for index, document in enumerate(documents):
        files.append(tmp_path / f"asyncapi-{index}.json")
        files[-1].write_text(json.dumps(document))
    result = subprocess.run(
        ["node", str(script), *map(str, files)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def official_schema(node_modules: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (node_modules / "@asyncapi" / "specs" / "schemas" / "3.0.0.json").read_text()
    )
    return schema


def test_the_pizzeria_document(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    monkeypatch.syspath_prepend(str(EXAMPLES))
    document = asyncapi_of("pizzeria", capsys)
    assert document["asyncapi"] == "3.0.0"
    assert document["info"] == {
        "title": "Signals of pizzeria",
        "version": "0.0.0",
        "description": "The typedsignals signals declared in the package pizzeria.",
    }
    assert list(document["channels"]) == [
        "pizzeria.signals.order_placed",
        "pizzeria.signals.pizza_done",
        "pizzeria.signals.pizza_delivered",
    ]
    key = "pizzeria.signals.pizza_done"
    assert document["channels"][key] == {
        "address": key,
        "messages": {key: {"$ref": f"#/components/messages/{key}"}},
        "description": "Sent when a pizza is ready.",
    }
    assert document["operations"][f"send_{key}"] == {
        "action": "send",
        "channel": {"$ref": f"#/channels/{key}"},
        "messages": [{"$ref": f"#/channels/{key}/messages/{key}"}],
        "summary": "pizzeria.store.PizzaStore sends pizzeria.signals.pizza_done",
    }
    message = document["components"]["messages"][key]
    assert {k: v for k, v in message.items() if k != "payload"} == {
        "name": "pizza_done",
        "title": "pizzeria.signals.PizzaDone",
        "contentType": "application/json",
        "summary": "Sent when a pizza is ready.",
        "x-typedsignals-sender": "pizzeria.store.PizzaStore",
    }
    assert message["payload"]["required"] == ["order_id", "toppings"]


def test_nested_models_move_to_components(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    shop(NESTED)
    document = asyncapi_of("shop_contracts", capsys)
    messages = document["components"]["messages"]
    shipped = messages["shop_contracts.shipped"]["payload"]
    assert "$defs" not in shipped
    assert shipped["properties"]["to"] == {"$ref": "#/components/schemas/Address"}
    assert shipped["properties"]["legs"]["items"] == {"$ref": "#/components/schemas/Address"}
    billed = messages["shop_contracts.billed"]["payload"]
    assert billed["properties"]["to"] == {"$ref": "#/components/schemas/Address2"}
    schemas = document["components"]["schemas"]
    assert schemas["Address"]["required"] == ["street", "zip"]
    assert schemas["Address2"]["required"] == ["line"]
    assert messages["shop_contracts.legacy"]["payload"] == {"type": "object"}
    assert messages["shop_contracts.legacy"]["title"] == "untyped payload"


def test_the_asyncapi_parser_and_the_official_schema_accept_the_documents(
    node_modules: Path,
    tmp_path: Path,
    shop: Write,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shop(NESTED)
    nested = asyncapi_of("shop_contracts", capsys)
    monkeypatch.syspath_prepend(str(EXAMPLES))
    pizzeria = asyncapi_of("pizzeria", capsys)
    validator = jsonschema.Draft7Validator(official_schema(node_modules))
    for document in (pizzeria, nested):
        assert [error.message for error in validator.iter_errors(document)] == []
    broken = {**nested, "channels": {"x": {"address": 5}}}
    assert list(validator.iter_errors(broken)), "the official schema does check"

    results = parse_with_asyncapi(node_modules, tmp_path, pizzeria, nested)
    assert [result["problems"] for result in results] == [[], []]
    assert results[0]["channels"] == list(pizzeria["channels"])
    assert results[1]["channels"] == [
        "shop_contracts.shipped",
        "shop_contracts.billed",
        "shop_contracts.legacy",
    ]
    shipped_payload = results[1]["payloads"][0]
    assert shipped_payload["properties"]["to"]["required"] == ["street", "zip"], (
        "the parser resolved the $ref to components/schemas"
    )
