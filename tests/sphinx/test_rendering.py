"""What each signal shows: sender, payload, receivers, the arguments table, the JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Callable

from bakery.signals import loaf_baked
from docutils import nodes

from tests.sphinx.conftest import Build
from tests.sphinx.doctrees import links, signal, table_rows

LOAF_ARGUMENTS = [
    ["Argument", "Type", "Default", "Constraints", "Description"],
    ["kind", "str", "required", "max_length=20", "The kind of bread, e.g. rye."],
    ["weight", "int", "500", "gt=0, le=2000", "Grams."],
    ["seeds", "list[str]", "list()", "", "Seeds on top."],
    ["topping (alias toppedWith)", "Topping | None", "None", "", ""],
]


def test_signature_shows_the_payload_model_cross_referenced(signals_build: Build) -> None:
    loaf = signal(signals_build.doctree("signals"), "bakery.signals.loaf_baked")
    assert loaf.signature == "signal bakery.signals.loaf_baked[Loaf]"
    assert links(loaf.desc[0]) == [("Loaf", "#bakery.signals.Loaf")]


def test_sender_payload_and_receivers_with_their_sender_filter(signals_build: Build) -> None:
    loaf = signal(signals_build.doctree("signals"), "bakery.signals.loaf_baked")
    assert loaf.fields == ["Sender", "Payload", "Receivers"]
    assert links(loaf.field("Sender")) == [("Bakery", "store.html#bakery.store.Bakery")]
    assert links(loaf.field("Payload")) == [("Loaf", "#bakery.signals.Loaf")]
    assert loaf.receivers == [
        "bakery.receivers.wrap_loaf — sender Bakery",
        "bakery.receivers.count_loaves — any sender",
    ]
    # A documented receiver is linked; an undocumented one stays plain text, with no warning.
    assert links(loaf.field("Receivers")) == [
        ("bakery.receivers.wrap_loaf", "receivers.html#bakery.receivers.wrap_loaf"),
        ("Bakery", "store.html#bakery.store.Bakery"),
    ]


def test_a_function_sender_a_value_sender_an_async_receiver_and_validation_off(
    signals_build: Build,
) -> None:
    doctree = signals_build.doctree("signals")
    sold = signal(doctree, "bakery.signals.loaf_sold")
    assert links(sold.field("Sender")) == [("till", "store.html#bakery.store.till")]
    tick = signal(doctree, "bakery.signals.tick")
    assert tick.field("Sender").astext() == "'clock'"
    assert links(tick.field("Sender")) == []
    assert tick.field("Payload").astext() == "Tick (validation off)"
    assert tick.receivers == [
        "bakery.receivers.on_tick — sender 'clock', async",
        "bakery.receivers.ring_bell — sender 'clock', dispatch_uid 'bell', runs on Celery, "
        "strong reference",
    ]


def test_arguments_table_types_defaults_factories_constraints_aliases(
    signals_build: Build,
) -> None:
    loaf = signal(signals_build.doctree("signals"), "bakery.signals.loaf_baked")
    assert loaf.arguments is not None
    assert table_rows(loaf.arguments) == LOAF_ARGUMENTS
    # Types are cross-referenced (builtins resolve silently, as in autodoc's annotations).
    assert ("Topping", "models.html#bakery.models.Topping") in links(loaf.arguments)
    # No model field has a constraint: no Constraints column.
    tick = signal(signals_build.doctree("signals"), "bakery.signals.tick")
    assert tick.arguments is not None
    assert table_rows(tick.arguments) == [
        ["Argument", "Type", "Default", "Description"],
        ["second", "int", "required", ""],
    ]


def test_the_html_table(signals_build: Build) -> None:
    html = signals_build.html("signals")
    assert '<p class="rubric">Arguments</p>' in html
    assert '<table class="typedsignals-arguments docutils align-left">' in html
    assert '<td><p><code class="docutils literal notranslate"><span class="pre">kind</span>' in html


def test_config_values_and_directive_options_switch_parts(build: Callable[..., Build]) -> None:
    doctree = build("options").doctree("index")
    # typedsignals_show_json_schema = True, _show_receivers = False, _show_arguments = False
    baked = signal(doctree, "bakery.signals.loaf_baked")
    assert baked.fields == ["Sender", "Payload"]
    assert baked.arguments is None
    assert baked.json_schema == json.dumps(loaf_baked.json_schema(), indent=2)
    assert json.loads(baked.json_schema)["properties"]["weight"] == {
        "default": 500,
        "description": "Grams.",
        "exclusiveMinimum": 0,
        "maximum": 2000,
        "title": "Weight",
        "type": "integer",
    }
    # ... which the directive's options override.
    sold = signal(doctree, "bakery.signals.loaf_sold")
    assert sold.fields == ["Sender", "Payload", "Receivers"]
    assert sold.arguments is not None
    assert sold.json_schema is None
    # The config applies to the signals automodule documents too.
    assert signal(doctree, "bakery.selected.listed").json_schema is not None


def test_docstring_processors_see_a_signals_doc(build: Callable[..., Build]) -> None:
    # autodoc-process-docstring runs for a signal's doc with what="signal" (napoleon and
    # numpydoc format it; the test root's conf.py appends a line).
    baked = signal(build("options").doctree("index"), "bakery.signals.loaf_baked")
    assert baked.doc == [
        "Sent when a loaf leaves the oven (this comment wins over doc=).",
        "Processed as a signal: bakery.signals.loaf_baked.",
    ]


def test_receivers_come_from_the_configured_modules_only(build: Callable[..., Build]) -> None:
    # bakery.receivers is imported (by other builds of this session), but not listed here:
    # what a document shows must not depend on what happened to be imported before.
    doctree = build("options", typedsignals_receiver_modules=[]).doctree("index")
    assert signal(doctree, "bakery.signals.loaf_sold").receivers == ["none connected"]
    listed = build("options").doctree("index")
    assert signal(listed, "bakery.signals.loaf_sold").receivers == [
        "bakery.receivers.count_loaves — any sender"
    ]


def test_the_parts_come_in_the_order_and_words_of_the_mkdocs_rendering(
    build: Callable[..., Build],
) -> None:
    # typedsignals.catalog.render_signal_markdown (tests/docs/test_griffe.py) has the same.
    sold = signal(build("options").doctree("index"), "bakery.signals.loaf_sold")
    parts = [
        child.__class__.__name__ + "." + "/".join(child["classes"])
        for child in sold.content.children
        if child["classes"]
    ]
    assert parts == [
        "field_list.typedsignals-facts",
        "container.typedsignals-arguments",
        "field_list.typedsignals-receivers",
    ]
    assert sold.fields == ["Sender", "Payload", "Receivers"]
    baked = signal(build("options").doctree("index"), "bakery.signals.loaf_baked")
    assert [child["classes"] for child in baked.content.children if child["classes"]] == [
        ["typedsignals-facts"],
        ["typedsignals-json-schema"],
    ]


def test_a_type_is_one_code_span_holding_its_cross_references(signals_build: Build) -> None:
    # furo (and other themes) set each code span as a chip: `Topping | None` is one, not two.
    loaf = signal(signals_build.doctree("signals"), "bakery.signals.loaf_baked")
    assert loaf.arguments is not None
    (topping_type,) = [
        literal
        for literal in loaf.arguments.findall(nodes.literal)
        if literal.astext() == "Topping | None"
    ]
    assert topping_type["classes"] == ["typedsignals-type"]
    assert list(topping_type.findall(nodes.literal, include_self=False)) == []
    assert links(topping_type) == [("Topping", "models.html#bakery.models.Topping")]


def test_html_pages_link_the_stylesheet_that_fits_tables_to_the_page(
    signals_build: Build,
) -> None:
    assert '<link rel="stylesheet" type="text/css" href="_static/typedsignals.css"' in (
        signals_build.html("catalog")
    )
    stylesheet = (signals_build.app.outdir / "_static" / "typedsignals.css").read_text()
    assert "table.typedsignals-catalog code" in stylesheet
    # A dotted path in the catalogue may break after its dots, never inside a name.
    assert "bakery.<wbr>signals.<wbr>loaf_baked" in signals_build.html("catalog").replace(
        '<span class="pre">', ""
    ).replace("</span>", "")
