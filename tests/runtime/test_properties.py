"""Property: for any keyword arguments, send delivers exactly the validated values or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.runtime.conftest import PizzaDone
from typedsignals import PayloadError, Signal

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=5)
    | st.binary(max_size=5)
    | st.lists(st.text(max_size=3), max_size=3),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=10,
)
keys = st.sampled_from(["toppings", "size", "sise", "colour"]) | st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8
).filter(lambda key: key not in ("sender", "signal"))


payloads = st.dictionaries(keys, values, max_size=4) | st.fixed_dictionaries(
    {"toppings": st.lists(st.text(max_size=3), max_size=3) | values},
    optional={"size": st.integers() | st.sampled_from(["32", " 7 ", "1e3", "x"]) | values},
)


def expected_values(fields: dict[str, Any]) -> dict[str, Any] | None:
    """The oracle: pydantic's own verdict, plus the rule that unknown keys are errors."""
    if not fields.keys() <= PizzaDone.model_fields.keys():
        return None
    try:
        return dict(PizzaDone.model_validate(fields))
    except ValidationError:
        return None


# Generation, not the code under test, can be slow on a loaded 2-core CI machine.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(payloads)
def test_send_delivers_validated_values_or_nothing(fields: dict[str, Any]) -> None:
    signal = Signal[PizzaDone]()
    received: list[dict[str, Any]] = []

    def first(signal: Any, sender: Any, **values: Any) -> None:
        received.append(values)

    def second(signal: Any, sender: Any, **values: Any) -> None:
        received.append(values)

    signal.connect(first)
    signal.connect(second)
    expected = expected_values(fields)
    if expected is None:
        with pytest.raises(PayloadError) as error:
            signal.send(None, **fields)
        assert error.value.errors()
        assert received == []
    else:
        signal.send(None, **fields)
        assert received == [expected, expected]
