"""``.. signal-catalog:: package``: one table of every signal in a package."""

from __future__ import annotations

from docutils import nodes

from tests.sphinx.conftest import Build
from tests.sphinx.doctrees import links, table_rows


def test_catalog_lists_every_signal_of_the_package_by_module(signals_build: Build) -> None:
    (table,) = signals_build.doctree("catalog").findall(nodes.table)
    assert table[0].astext() == "Every signal of the bakery"
    assert table_rows(table) == [
        ["Signal", "Sender", "Arguments", "Description"],
        # Each signal by the path to import it from (no package here re-exports one).
        ["bakery.hidden.hidden_signal", "any", "second", "Documented nowhere."],
        ["bakery.reexport.local_signal", "any", "kind, weight, seeds, topping", "Created here."],
        ["bakery.selected.listed", "any", "second", "In __all__."],
        ["bakery.selected.unlisted", "any", "second", "Not in __all__."],
        ["bakery.selected.undocumented", "any", "untyped", ""],
        [
            "bakery.signals.loaf_baked",
            "Bakery",
            "kind, weight, seeds, topping",
            "Sent when a loaf leaves the oven (this comment wins over doc=).",
        ],
        [
            "bakery.signals.loaf_sold",
            "till",
            "kind, weight, seeds, topping",
            "Sent when a loaf is sold.",
        ],
        ["bakery.signals.tick", "'clock'", "second", "The clock ticked."],
        ["bakery.signals.shop_opened", "any", "untyped", ""],
        ["bakery.signals._private_signal", "any", "second", "Documented, but private."],
    ]


def test_catalog_links_what_is_documented_and_leaves_the_rest_plain(
    signals_build: Build,
) -> None:
    (table,) = signals_build.doctree("catalog").findall(nodes.table)
    linked = links(table)
    assert [text for text, _target in linked] == [
        "bakery.reexport.local_signal",
        "bakery.selected.listed",
        "bakery.selected.unlisted",
        "bakery.selected.undocumented",
        "bakery.signals.loaf_baked",
        "Bakery",
        "bakery.signals.loaf_sold",
        "till",
        "bakery.signals.tick",
        "bakery.signals.shop_opened",
        "bakery.signals._private_signal",
    ]
    assert ("bakery.signals.loaf_baked", "signals.html#bakery.signals.loaf_baked") in linked
    assert ("bakery.selected.unlisted", "autodata.html#bakery.selected.unlisted") in linked
