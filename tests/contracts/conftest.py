"""The ``shop`` fixture: a package written into a temporary directory, rewritten at will."""

from __future__ import annotations

import gc
import importlib
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

Write = Callable[[str], None]


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Write]:
    """Write the package ``shop_contracts`` (again: each write replaces the imported one)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)

    def write(source: str) -> None:
        forget()
        package = tmp_path / "shop_contracts"
        package.mkdir(exist_ok=True)
        (package / "__init__.py").write_text(textwrap.dedent(source))
        importlib.invalidate_caches()

    yield write
    forget()


def forget() -> None:
    for name in [name for name in sys.modules if name.split(".")[0] == "shop_contracts"]:
        del sys.modules[name]
    gc.collect()
