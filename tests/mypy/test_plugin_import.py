"""Loading the plugin costs every mypy run: it imports mypy and the plugin, not the runtime."""

from __future__ import annotations

import re
import subprocess
import sys


def test_loading_the_plugin_imports_neither_pydantic_nor_asyncio() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import typedsignals.mypy"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = set(re.findall(r"^import time:.*\|\s+(\S+)$", result.stderr, re.M))
    assert "typedsignals.mypy" in imported
    assert not {name for name in imported if name.split(".")[0] in ("pydantic", "asyncio")}, (
        "the plugin imports the runtime"
    )
    assert not imported & {"typedsignals.dispatcher", "typedsignals.payload"}
