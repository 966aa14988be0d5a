"""Sphinx builds shared by the tests: each test root is built once per configuration.

A build is cached for the whole session and cleaned up (Sphinx's global state reset) right
after it ran, so the next build starts clean while the tests keep inspecting the finished one.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import sphinx
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")

ROOTS = Path(__file__).parent / "roots"
sys.path.insert(0, str(ROOTS))  # the test roots document the `bakery` package beside them

AUTODOC_MODES: dict[str, dict[str, Any]] = (
    {"default": {}, "legacy": {"autodoc_use_legacy_class_based": True}}
    if sphinx.version_info >= (9,)
    else {"default": {}}  # Sphinx 8.2 has only the class-based autodoc
)


class Build:
    """A finished Sphinx build: its app, warnings, and resolved doctrees."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.app = app
        self.warnings = ANSI_COLOUR.sub("", app.warning.getvalue())
        self.status = ANSI_COLOUR.sub("", app.status.getvalue())
        self._doctrees: dict[str, nodes.document] = {}

    def doctree(self, docname: str) -> nodes.document:
        """``docname``'s doctree with cross-references resolved, as the HTML builder saw it."""
        if docname not in self._doctrees:
            # Sphinx 9 wants the tags (and warns without them); 8.2 has no such parameter.
            tags = {"tags": self.app.tags} if sphinx.version_info >= (9,) else {}
            self._doctrees[docname] = self.app.env.get_and_resolve_doctree(
                docname, self.app.builder, **tags
            )
        return self._doctrees[docname]

    def html(self, docname: str) -> str:
        return (self.app.outdir / f"{docname}.html").read_text()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def build(sphinx_test_tempdir: Path) -> Callable[..., Build]:
    """``build(root, buildername="html", parallel=0, **confoverrides)``, cached per arguments."""
    builds: dict[str, Build] = {}

    def build_root(
        root: str, buildername: str = "html", parallel: int = 0, **confoverrides: Any
    ) -> Build:
        key = repr((root, buildername, parallel, sorted(confoverrides.items())))
        if key not in builds:
            srcdir = sphinx_test_tempdir / f"{root}-{len(builds)}"
            shutil.copytree(ROOTS / f"test-{root}", srcdir)
            app = SphinxTestApp(
                buildername,
                srcdir=srcdir,
                confoverrides=confoverrides,
                parallel=parallel,
                status=StringIO(),
                warning=StringIO(),
            )
            try:
                app.build()
            finally:
                app.cleanup()
            builds[key] = Build(app)
        return builds[key]

    return build_root


@pytest.fixture(scope="session", params=list(AUTODOC_MODES))
def signals_build(request: pytest.FixtureRequest, build: Callable[..., Build]) -> Build:
    """The main test root, in each autodoc mode this Sphinx has."""
    return build("signals", **AUTODOC_MODES[request.param])
