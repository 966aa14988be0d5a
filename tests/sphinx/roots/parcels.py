"""Parcels: payload models with constrained fields, documented by automodule :members:."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from typedsignals import Signal


class Parcel(BaseModel):
    """A parcel on its way."""

    model_config = ConfigDict(frozen=True)

    weight_g: int = Field(800, gt=0, description="Weight in grams.")
    label: str = Field(default="fragile", max_length=20)
    tags: list[str] = Field(default_factory=list)
    postcode: Annotated[str, Field(pattern=r"^\d{5}$")]
    insured: bool = Field(default=False, alias="isInsured")


parcel_sent = Signal[Parcel](doc="A parcel left the depot.")
