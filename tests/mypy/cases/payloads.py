"""Payload models shared by the cases (no errors expected here)."""

from typing import ClassVar, Generic, TypeVar

from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field, PrivateAttr
from pydantic.alias_generators import to_camel

T = TypeVar("T")


class PizzaStore:
    """Sends the pizzas."""


class PizzaDone(BaseModel):
    """A pizza left the oven."""

    toppings: list[str]
    size: int = 30
    note: str = Field(default="")
    tags: list[str] = Field(default_factory=list)
    customer: str = Field(alias="customerName")
    counter: ClassVar[int] = 0
    _secret: str = PrivateAttr(default="")


class BigPizzaDone(PizzaDone):
    slices: int


class Article(BaseModel):
    title: str


class Saved(BaseModel, Generic[T]):
    item: T
    created: bool = Field(default=True)


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")

    x: int


class LooseByKeyword(BaseModel, extra="allow"):
    x: int


class LooseByDict(BaseModel):
    model_config = {"extra": "allow"}

    x: int


class LooseChild(Loose):
    y: int = Field(default=0)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: int


class Renamed(BaseModel):
    full_name: str = Field(validation_alias="fullName", alias="name")


class Choices(BaseModel):
    name: str = Field(validation_alias=AliasChoices("name", "full_name"))


class Pathed(BaseModel):
    name: str = Field(validation_alias=AliasPath("names", 0))
    age: int


class Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel)

    first_name: str


class Required(BaseModel):
    a: int = Field()
    b: int = Field(...)
    c: int = Field(None)  # type: ignore[assignment]
    e: int = ...  # type: ignore[assignment]


class Conditional(BaseModel):
    always: int
    if True:
        sometimes: str = Field(default="")


class ReservedSender(BaseModel):
    sender: str


class ReservedAlias(BaseModel):
    from_: str = Field(alias="signal")
