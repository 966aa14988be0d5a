"""Payload models shared by several signals."""

from pydantic import BaseModel, Field


class Topping(BaseModel):
    """Something on top of a loaf."""

    name: str = Field(description="What it is.")
