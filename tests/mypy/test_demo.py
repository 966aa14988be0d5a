"""The mypy part of `make demo`: the pizzeria is clean, the mistakes file reports each mistake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parents[2] / "examples"

MISTAKES = """\
pizzeria_mistakes.py:18: error: Unexpected keyword argument "sise" for "send" of "Signal"  [call-arg]
pizzeria_mistakes.py:19: error: Missing named argument "order_id" for "send" of "Signal"  [call-arg]
pizzeria_mistakes.py:20: error: Argument "minutes" to "send" of "Signal" has incompatible type "str"; expected "float"  [arg-type]
pizzeria_mistakes.py:24: error: Receiver "box_it" parameter "size" has type "str", but PizzaDone field "size" is "int"  [signal-receiver]
pizzeria_mistakes.py:29: error: Receiver "greet" parameter "customer" is required, but PizzaDone has no such field (give it a default or remove it)  [signal-receiver]
pizzeria_mistakes.py:34: error: Receiver "tip" cannot accept the argument "signal" every receiver gets (add a parameter "signal" or **kwargs)  [signal-receiver]
pizzeria_mistakes.py:34: error: Receiver "tip" cannot accept PizzaDelivered field "order_id" (add a parameter "order_id" or **kwargs)  [signal-receiver]
pizzeria_mistakes.py:44: error: Refund cannot be a signal payload: field "sender" clashes with the argument every receiver gets; rename it  [signal-declaration]
"""  # noqa: E501


def test_mypy_reports_the_mistakes_and_nothing_in_the_pizzeria(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path), "--no-error-summary"]
    result = subprocess.run(
        [*command, "pizzeria", "pizzeria_mistakes.py"],
        cwd=EXAMPLES,  # where examples/mypy.ini enables the plugin, as `make demo` runs it
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.stdout, result.stderr, result.returncode) == (MISTAKES, "", 1)
