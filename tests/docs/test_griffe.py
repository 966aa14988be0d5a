"""The griffe extension: what mkdocstrings receives for each signal."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import griffe
import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"


def load(package: str, search_path: Path, **options: object) -> griffe.Module:
    extensions = griffe.load_extensions({"typedsignals.griffe": options})
    module = griffe.load(package, search_paths=[str(search_path)], extensions=extensions)
    assert isinstance(module, griffe.Module)
    return module


def ref(path: str, shown: str | None = None) -> str:
    """The cross-reference the extension writes: a link when the site documents ``path``,
    showing ``shown`` (default: the last name, as Sphinx shows a sender or a model)."""
    text = shown if shown is not None else path.rpartition(".")[2]
    return f'<autoref identifier="{path}" optional><code>{text}</code></autoref>'


def write_package(root: Path, name: str, modules: dict[str, str]) -> None:
    for module, source in modules.items():
        path = root / name / f"{module}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))


def test_signals_get_a_label_and_a_docstring_with_sender_payload_arguments_and_receivers() -> None:
    pizzeria = load("pizzeria", EXAMPLES)

    pizza_done = pizzeria["signals.pizza_done"]
    assert pizza_done.labels == {"signal"}  # one label: what it is
    assert pizza_done.docstring is not None
    assert pizza_done.docstring.value == "\n".join(
        [
            # The parts, their order and words are the Sphinx extension's (tests/sphinx).
            "Sent when a pizza is ready.",
            "",
            f"**Sender:** {ref('pizzeria.store.PizzaStore')}",
            "",
            f"**Payload:** {ref('pizzeria.signals.PizzaDone')}",
            "",
            "**Arguments**",
            "",
            "| Argument | Type | Default | Constraints | Description |",
            "|---|---|---|---|---|",
            "| `order_id` | `int` | *required* | `gt=0` | The order the pizza belongs to. |",
            "| `toppings` | `list[str]` | *required* |  "
            "| Toppings, in the order they were added. |",
            "| `size` | `int` | `30` | `gt=0` | Diameter in centimetres. |",
            "",
            "**Receivers:**",
            "",
            f"- {ref('pizzeria.kitchen.box_it', 'pizzeria.kitchen.box_it')} — sender "
            f"{ref('pizzeria.store.PizzaStore')}",
            f"- {ref('pizzeria.kitchen.log_event', 'pizzeria.kitchen.log_event')} — any sender",
        ]
    )
    assert "signal" not in pizzeria["signals.PizzaDone"].labels
    assert "signal" not in pizzeria["kitchen.PRICES"].labels


def test_a_docstring_written_under_the_signal_wins_and_the_schema_is_optional(
    tmp_path: Path,
) -> None:
    write_package(
        tmp_path,
        "griffed_docstring",
        {
            "__init__": """
                from pydantic import BaseModel
                from typedsignals import Signal

                class Rung(BaseModel):
                    '''The bell rang.'''
                    times: int

                rung = Signal[Rung](doc="Ignored: the docstring below wins.")
                '''Sent when the bell rings.'''

                registry = [Signal[Rung]()]  # bound to no name: nothing to attach docs to
            """
        },
    )

    package = load("griffed_docstring", tmp_path, schema=True)

    docstring = package["rung"].docstring
    assert docstring is not None
    assert docstring.value.startswith("Sent when the bell rings.\n\n**Sender:** any sender\n")
    assert docstring.value.endswith(
        "**Receivers:** none connected\n\n**JSON Schema**\n\n```json\n{\n"
        '  "description": "The bell rang.",\n'
        '  "properties": {\n'
        '    "times": {\n'
        '      "title": "Times",\n'
        '      "type": "integer"\n'
        "    }\n"
        "  },\n"
        '  "required": [\n'
        '    "times"\n'
        "  ],\n"
        '  "title": "Rung",\n'
        '  "type": "object"\n'
        "}\n```"
    )
    assert "signal" not in package["registry"].labels


def test_import_modules_connect_receivers_from_elsewhere(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        "griffed_library",
        {
            "__init__": """
                from typedsignals import Signal
                ready = Signal()
            """
        },
    )
    write_package(
        tmp_path,
        "griffed_app",
        {
            "__init__": "",
            "receivers": """
                from typing import Any
                from griffed_library import ready

                @ready.connect
                def on_ready(**kwargs: Any) -> None: ...
            """,
        },
    )
    sys.path.insert(0, str(tmp_path))  # where the user's own modules are importable from
    try:
        library = load("griffed_library", tmp_path, import_modules=["griffed_app"])
    finally:
        sys.path.remove(str(tmp_path))

    docstring = library["ready"].docstring
    assert docstring is not None
    on_ready = ref("griffed_app.receivers.on_ready", "griffed_app.receivers.on_ready")
    assert docstring.value.endswith(f"**Receivers:**\n\n- {on_ready} — any sender")
    assert "**Payload:** untyped (any keyword arguments, not validated)" in docstring.value


def test_a_package_that_does_not_import_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_package(
        tmp_path,
        "griffed_broken",
        {
            "__init__": """
                from typedsignals import Signal
                failed = Signal()
                raise RuntimeError('no settings')
            """
        },
    )

    with caplog.at_level(logging.ERROR, logger="griffe"):
        package = load("griffed_broken", tmp_path)

    assert package["failed"].docstring is None
    assert [record.getMessage() for record in caplog.records] == [
        "typedsignals.griffe: cannot document the signals of griffed_broken: cannot import "
        "'griffed_broken': RuntimeError: no settings"
    ]


@pytest.mark.slow
def test_a_users_mkdocs_site(tmp_path: Path) -> None:
    """A whole mkdocs build, as a user's site would run it (about three seconds)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Signals\n\n::: pizzeria.signals\n")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
            site_name: pizzeria
            strict: true
            plugins:
              - mkdocstrings:
                  handlers:
                    python:
                      paths: [{EXAMPLES}]
                      options:
                        extensions: [typedsignals.griffe]
            """)
    )

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
        check=False,
    )

    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text()
    assert "<td><code>list[str]</code></td>" in page
    assert 'href="#pizzeria.signals.PizzaDone"><code>PizzaDone</code></a></p>' in page
    assert (
        '<span title="pizzeria.kitchen.box_it"><code>pizzeria.kitchen.box_it</code></span>' in page
    )
