"""pydantic models documented by ``automodule :members:`` next to the signals.

pydantic's signature for a model with a constrained field names ``Annotated[int, Gt(gt=0)]``,
which autodoc writes out as text the Python domain cannot parse back: a ``-W -n`` build failed
with ``py:obj reference target not found: typing.Annotated[int``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sphinx import addnodes

from tests.sphinx.conftest import AUTODOC_MODES, Build
from tests.sphinx.doctrees import outline


@pytest.fixture(scope="module", params=list(AUTODOC_MODES))
def models_build(request: pytest.FixtureRequest, build: Callable[..., Build]) -> Build:
    return build("models", **AUTODOC_MODES[request.param])


def test_a_model_with_constrained_fields_builds_nitpicky_without_warning(
    models_build: Build,
) -> None:
    assert models_build.app.config.nitpicky
    assert models_build.warnings == ""


def test_the_models_signature_shows_each_fields_plain_type_and_default(
    models_build: Build,
) -> None:
    doctree = models_build.doctree("index")
    (parcel,) = [desc for desc in doctree.findall(addnodes.desc) if desc["objtype"] == "class"]
    assert parcel[0].astext() == (
        "class parcels.Parcel(*, weight_g: int = 800, label: str = 'fragile', "
        "tags: list[str] = <factory>, postcode: str, isInsured: bool = False)"
    )


def test_model_config_is_left_out_and_the_signal_documented(models_build: Build) -> None:
    assert outline(models_build.doctree("index")) == [
        ("signal", "parcels.parcel_sent"),
        ("class", "parcels.Parcel"),
    ]
