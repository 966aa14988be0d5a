"""The plugin's source passes mypy's own ``proper_plugin``, as mypy checks its own plugins.

``proper_plugin`` flags ``isinstance`` on a type that may still be an alias (it must go through
``get_proper_type`` first) and redundant ``get_proper_type`` calls. A deliberately wrong file is
checked in the same run, so the test fails if the plugin was not active.
"""

from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).parents[2]
PLUGIN_SOURCES = [ROOT / "typedsignals" / "mypy.py", ROOT / "typedsignals" / "mypy_plugin"]
UNEXPANDED = """\
from mypy.types import Instance, Type

def is_instance(typ: Type) -> bool:
    return isinstance(typ, Instance)
"""


def test_plugin_source_is_proper_plugin_clean(tmp_path: Path) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = true\nplugins = mypy.plugins.proper_plugin\n")
    canary = tmp_path / "canary.py"
    canary.write_text(UNEXPANDED)

    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--hide-error-context",
            *map(str, PLUGIN_SOURCES),
            str(canary),
        ]
    )

    assert stderr == ""
    assert stdout.splitlines() == [
        f"{canary}:4: error: Never apply isinstance() to unexpanded types; use "
        "mypy.types.get_proper_type() first  [misc]",
        f"{canary}:4: note: If you pass on the original type after the check, always use its "
        "unexpanded version",
    ]
    assert status == 1
