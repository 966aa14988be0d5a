"""The runtime API's own types, without the mypy plugin: useful under mypy --strict."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mypy import api

SNIPPET = """
from typing import Any
from pydantic import BaseModel
from typedsignals import Signal, receiver

class PizzaDone(BaseModel):
    toppings: list[str]

untyped = Signal()
pizza_done = Signal[PizzaDone](sender=int)

@receiver(pizza_done)
def box_it(sender: Any, toppings: list[str], **kwargs: Any) -> str:
    return ""

@pizza_done.connect(sender=int)
def count(sender: Any, **kwargs: Any) -> int:
    return 1

reveal_type(untyped)
reveal_type(box_it)
reveal_type(count)
pizza_done.send(int, PizzaDone(toppings=[]))
pizza_done.send(sender=int, toppings=[])
untyped.send(sender=None, anything=1)
pizza_done.send(int, {"toppings": []})
"""


def test_runtime_api_types(tmp_path: Path) -> None:
    source = tmp_path / "snippet.py"
    source.write_text(textwrap.dedent(SNIPPET))
    stdout, _, status = api.run(
        ["--strict", "--no-incremental", "--hide-error-context", "--no-error-summary", str(source)]
    )
    # mypy 1.x spells builtins in revealed types in full (builtins.list[builtins.str]).
    lines = [line.split(": ", 1)[1].replace("builtins.", "") for line in stdout.splitlines()]
    assert lines[:4] == [
        'note: Revealed type is "typedsignals.dispatcher.Signal[Any]"',
        'note: Revealed type is "def (sender: Any, toppings: list[str], **kwargs: Any) -> str"',
        'note: Revealed type is "def (sender: Any, **kwargs: Any) -> int"',
        'error: Argument 2 to "send" of "Signal" has incompatible type '
        '"dict[str, list[Never]]"; expected "PizzaDone"  [arg-type]',
    ]
    assert status == 1
