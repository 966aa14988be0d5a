"""A parametrized generic payload model links to its generic class, nitpicky and warning-free."""

from __future__ import annotations

from collections.abc import Callable

from tests.sphinx.conftest import Build
from tests.sphinx.doctrees import links, signal, table_rows


def test_a_parametrized_model_links_to_its_generic_class(build: Callable[..., Build]) -> None:
    generic = build("generic")
    assert generic.warnings == ""
    crate = signal(generic.doctree("index"), "crates.crate_packed")
    assert links(crate.desc[0]) == [("Crate", "#crates.Crate")]
    assert links(crate.field("Payload")) == [("Crate", "#crates.Crate")]
    assert table_rows(crate.arguments)[1][:2] == ["items", "list[int]"]
