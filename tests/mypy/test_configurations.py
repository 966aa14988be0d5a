"""What differs between configurations on purpose: pydantic.mypy's own work on the models.

Everything the plugin reports is in the corpus (cases/), with the same verdicts in every
configuration. What pydantic.mypy does to a model (an ``__init__`` taking ``Any`` unless
``init_typed``) must survive in either order; without it, mypy sees models as dataclass
transforms. Each check is one small mypy run on the corpus's cache for its configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from mypy import api

from tests.mypy.conftest import ORDERS
from tests.mypy.harness import CONFIGS, Message, run_mypy

SOURCE = """\
from pydantic import BaseModel

class PizzaDone(BaseModel):
    toppings: list[str]

PizzaDone(toppings=1)
"""
TYPED_INIT: list[Message] = [
    (
        6,
        'E: Argument "toppings" to "PizzaDone" has incompatible type "int"; expected '
        '"list[str]"  [arg-type]',
    )
]


@pytest.mark.parametrize(
    ("order", "expected"),
    [("plugin", TYPED_INIT), ("pydantic_first", []), ("pydantic_last", [])],
)
def test_pydantic_mypy_still_shapes_the_models(
    order: str, expected: list[Message], tmp_path: Path, mypy_cache: Callable[[str], Path]
) -> None:
    module = tmp_path / "shapes.py"
    module.write_text(SOURCE)
    messages, _ = run_mypy([module], CONFIGS / ORDERS[order], mypy_cache(order))
    assert messages.get(module.resolve(), []) == expected


PROGRAM = """\
from typing import Annotated
from pydantic import BaseModel, Field
from typedsignals import Signal

class Delivery(BaseModel):
    courier: Annotated[str, Field(alias="courierName")]
    order_id: int

delivered = Signal[Delivery]()
delivered.send(None, courierName="Ada", order_id=1)
delivered.send(None, anything="goes")
delivered.send(None, courierName="Ada", order_id="1")
"""


def test_a_model_without_a_readable_source_is_open(mypy_cache: Callable[[str], Path]) -> None:
    """``mypy -c``: no file to read the class body from, so no keyword is refused; the
    field types mypy knows are still checked."""
    config = CONFIGS / ORDERS["plugin"]
    stdout, stderr, status = api.run(
        [
            *("--config-file", str(config), "--cache-dir", str(mypy_cache("plugin"))),
            *("--no-error-summary", "--hide-error-context", "-c", PROGRAM),
        ]
    )
    assert (stderr, status) == ("", 1)
    assert stdout.splitlines() == [
        '<string>:12: error: Argument "order_id" to "send" of "Signal" has incompatible type '
        '"str"; expected "int"  [arg-type]'
    ]
