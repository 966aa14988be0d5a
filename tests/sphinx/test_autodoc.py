"""Signals under automodule, autosignal and autodata, in each autodoc mode.

``signals_build`` runs once per mode: Sphinx 9's default autodoc and its legacy class-based
mode (one mode on Sphinx 8.2). Every assertion here must hold in each.
"""

from __future__ import annotations

import json

from bakery.signals import _private_signal
from sphinx import addnodes

from tests.sphinx.conftest import Build
from tests.sphinx.doctrees import outline, signal


def test_automodule_documents_signals_as_signals_before_other_members(
    signals_build: Build,
) -> None:
    assert outline(signals_build.doctree("signals")) == [
        ("signal", "bakery.signals.loaf_baked"),
        ("signal", "bakery.signals.loaf_sold"),
        ("signal", "bakery.signals.tick"),
        ("class", "bakery.signals.Loaf"),
        ("class", "bakery.signals.Tick"),
    ]


def test_a_doc_comment_wins_over_doc_which_defaults_to_the_models_docstring(
    signals_build: Build,
) -> None:
    doctree = signals_build.doctree("signals")
    assert signal(doctree, "bakery.signals.loaf_baked").doc == [
        "Sent when a loaf leaves the oven (this comment wins over doc=)."
    ]
    assert signal(doctree, "bakery.signals.loaf_sold").doc == ["Sent when a loaf is sold."]
    assert signal(doctree, "bakery.signals.tick").doc == ["The clock ticked."]


def test_automodule_selects_signals_as_autodoc_selects_members(signals_build: Build) -> None:
    # __all__ limits the members; :undoc-members: adds the undocumented one; an explicit
    # :members: list wins over __all__; :no-index: reaches the signals.
    selected = signals_build.doctree("selected")
    assert outline(selected) == [
        ("signal", "bakery.selected.listed"),
        ("signal", "bakery.selected.undocumented"),
        ("signal", "bakery.selected.unlisted"),
    ]
    assert [desc["no-index"] for desc in selected.findall(addnodes.desc)] == [False, False, True]
    # A re-exported signal is documented where it is created, unless :imported-members:.
    assert outline(signals_build.doctree("reexport")) == [
        ("signal", "bakery.reexport.local_signal"),
        ("signal", "bakery.reexport.loaf_sold"),
        ("signal", "bakery.reexport.local_signal"),
    ]


def test_autosignal_documents_one_signal_with_its_options_and_content(
    signals_build: Build,
) -> None:
    doctree = signals_build.doctree("autosignal")
    assert outline(doctree) == [
        ("signal", "bakery.signals.shop_opened"),
        ("signal", "bakery.signals._private_signal"),  # relative to py:currentmodule
    ]
    untyped = signal(doctree, "bakery.signals.shop_opened")
    assert untyped.signature == "signal bakery.signals.shop_opened"
    assert untyped.field("Payload").astext() == "untyped (any keyword arguments, not validated)"
    assert untyped.arguments is None
    private = signal(doctree, "bakery.signals._private_signal")
    assert private.doc == ["Documented, but private.", "Content written in the directive."]
    assert private.arguments is None  # :show-arguments: false
    assert private.json_schema == json.dumps(_private_signal.json_schema(), indent=2)


def test_autodata_documents_a_signal_as_a_signal_and_leaves_the_rest_to_autodoc(
    signals_build: Build,
) -> None:
    assert outline(signals_build.doctree("autodata")) == [
        ("signal", "bakery.selected.unlisted"),
        ("data", "bakery.store.OPENING_HOUR"),
    ]
