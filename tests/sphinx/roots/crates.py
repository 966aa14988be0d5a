"""A signal whose payload is a parametrized generic model (tests/sphinx/test_generic.py)."""

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from typedsignals import Signal

ItemT = TypeVar("ItemT")


class Crate(BaseModel, Generic[ItemT]):
    """A crate of items."""

    items: list[ItemT] = Field(description="What is inside.")


crate_packed = Signal[Crate[int]](doc="A crate of numbered tokens was packed.")
