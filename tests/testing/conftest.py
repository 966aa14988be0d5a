"""The pytest plugin's tests run pytest inside pytest (``pytester``, enabled in pyproject.toml)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def quiet_pytester(pytester: pytest.Pytester) -> None:
    """Set the option pytest-asyncio (installed with the dev extra) warns about when unset."""
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
