"""A user's project links to Django's and typedsignals' docs through intersphinx.

Inventories list objects where a package documents them, which is where it exports them:
Django documents ``django.db.models.Model`` (defined in ``django.db.models.base``), and
typedsignals ``typedsignals.contrib.django.PostSave`` (defined in ``…django.signals``). A
nitpicky build of ``autosignal:: typedsignals.contrib.django.post_save`` warned on both.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

from sphinx_ext.render import public_path
from tests.sphinx.conftest import Build
from tests.sphinx.doctrees import links, signal

DJANGO = "https://docs.djangoproject.com/en/5.2/"
TYPEDSIGNALS = "https://typedsignals.github.io/typedsignals/"


def inventory(path: Path, project: str, lines: list[str]) -> str:
    """An ``objects.inv`` as Sphinx and mkdocstrings write them."""
    header = (
        f"# Sphinx inventory version 2\n# Project: {project}\n# Version: 1\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path.write_bytes(
        header.encode() + zlib.compress("".join(f"{line}\n" for line in lines).encode())
    )
    return str(path)


def test_senders_payloads_and_types_resolve_under_their_public_path(
    build: Callable[..., Build], tmp_path: Path
) -> None:
    mapping = {
        "django": (
            DJANGO,
            inventory(
                tmp_path / "django.inv",
                "Django",
                ["django.db.models.Model py:class 1 ref/models/instances/#$ -"],
            ),
        ),
        "typedsignals": (
            TYPEDSIGNALS,
            inventory(
                tmp_path / "typedsignals.inv",
                "typedsignals",
                ["typedsignals.contrib.django.PostSave py:class 1 reference/#$ -"],
            ),
        ),
    }
    result = build("intersphinx", intersphinx_mapping=mapping)
    assert result.warnings == ""
    post_save = signal(result.doctree("index"), "typedsignals.contrib.django.post_save")
    model = ("Model", f"{DJANGO}ref/models/instances/#django.db.models.Model")
    payload = ("PostSave", f"{TYPEDSIGNALS}reference/#typedsignals.contrib.django.PostSave")
    assert links(post_save.field("Sender")) == [model]
    assert links(post_save.field("Payload")) == [payload]
    assert post_save.arguments is not None
    assert model in links(post_save.arguments)  # instance: Model


def test_without_the_inventories_the_defining_paths_are_reported(
    build: Callable[..., Build],
) -> None:
    result = build("intersphinx", intersphinx_mapping={})
    assert "py:class reference target not found: django.db.models.base.Model" in result.warnings


def test_the_public_path_is_the_shortest_package_that_exports_the_object() -> None:
    assert public_path("django.db.models.base.Model") == "django.db.models.Model"
    assert (
        public_path("typedsignals.contrib.django.signals.PostSave")
        == "typedsignals.contrib.django.PostSave"
    )
    assert public_path("typedsignals.dispatcher.Signal") == "typedsignals.Signal"
    assert public_path("typedsignals.Signal") is None  # already the shortest
    assert public_path("nowhere.at_all") is None
