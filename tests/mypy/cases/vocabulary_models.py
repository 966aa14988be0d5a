"""Payload models in each form pydantic documents, for field_vocabulary.py (no errors here)."""

import typing
from typing import Annotated, Any, ClassVar, Final, Generic, Optional, TypeVar

import pydantic
from annotated_types import Gt
from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field, RootModel

T = TypeVar("T")

UserName = Annotated[str, Field(alias="userName")]
Count = Annotated[int, Gt(0), Field(default=1)]
Numbers = list[int]


class AnnotatedFields(BaseModel):
    tags: Annotated[list[str], Field(default_factory=list)]
    size: Annotated[int, Field(default=3)]
    user: Annotated[str, Field(alias="userName")]
    login: Annotated[str, Field(validation_alias="loginName")]
    rank: Annotated[int, Field(gt=0)]
    nickname: Annotated[Optional[str], Field(default=None)]
    level: Annotated[int, Field(5)]


class Merged(BaseModel):
    a: Annotated[int, Gt(0), Field(alias="alpha"), "a note"]
    b: Annotated[int, Field(alias="cee"), Field(validation_alias="bee")]
    c: Annotated[int, Field(default=3)] = ...  # type: ignore[assignment]
    d: Annotated[int, Field(alias="dee")] = Field(default=1)
    e: Annotated[int, Field(validation_alias="ev")] = Field(alias="ea")
    f: Annotated[Annotated[int, Field(alias="eff")], Field(default=2)]
    g: "Annotated[int, Field(default=0)]"
    h: typing.Annotated[int, pydantic.Field(default=0, alias="aitch")]
    i: Annotated[int, Field(description="no default")] = 7


class ThroughAliases(BaseModel):
    user: UserName
    count: Count
    numbers: Numbers


class Choices(BaseModel):
    who: str = Field(validation_alias=AliasChoices("who", "person"))
    city: str = Field(validation_alias=AliasChoices(AliasPath("address", "city"), "town"))
    first: Annotated[str, Field(validation_alias=AliasPath("names", 0))]
    age: int


class ChoicesClashSender(BaseModel):
    who: str = Field(validation_alias=AliasChoices("who", "sender"))


class PathClashesSignal(BaseModel):
    who: str = Field(validation_alias=AliasPath("signal", 0))


class AnnotatedClashSender(BaseModel):
    who: Annotated[str, Field(alias="sender")]


class Ignore(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str


class IgnoreByKeyword(BaseModel, extra="ignore"):
    name: str


class Forbid(BaseModel):
    model_config = {"extra": "forbid"}

    name: str


class AllowByConfigClass(BaseModel):
    class Config:
        extra = "allow"

    name: str


class UnknownConfig(BaseModel):
    model_config = ConfigDict(**{"extra": "allow"})

    name: str


class ByName(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    name: str = Field(alias="fullName")


class ValidateByName(BaseModel):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=False)

    name: str = Field(alias="fullName")


class Base(BaseModel):
    a: int
    b: int = 0


class Overrides(Base):
    a: int = 5
    b: int
    c: Annotated[str, Field(alias="cee")] = ""


class Wrapped(BaseModel, Generic[T]):
    item: Annotated[T, Field(alias="it")]
    more: Annotated[list[T], Field(default_factory=list)]


class Root(RootModel[int]):
    pass


class NotFields(BaseModel):
    counter: ClassVar[int] = 0
    LIMIT: Final[int] = 3
    _hidden: int = 0
    name: str


shared_field = Field(alias="zed")


def make_field() -> Any:
    return Field(alias="why")


class OpenByVariable(BaseModel):
    z: int = shared_field


class OpenByHelper(BaseModel):
    y: Annotated[int, make_field()]
    x: int


class Spelled(BaseModel):
    renamed: Annotated[int, pydantic.fields.Field(alias="re")]
    notes: Annotated[
        list[str],
        Field(default_factory=list, alias="allNotes"),
    ]
    label: str = "crème"; size: Annotated[int, Field(default=1, alias="größe")]  # noqa: E702
    quoted: "UserName"
    nested: Optional[Annotated[int, Field(alias="nest")]] = None
    none_default: int | None = Field(None)
    required: int = Field(...)


class Strict(BaseModel):
    model_config = ConfigDict(extra="allow")

    a: int


class StrictChild(Strict):
    model_config = ConfigDict(extra="forbid")


class SerializationOnly(BaseModel):
    shown: int = Field(default=0, serialization_alias="displayed")
    both: int = Field(default=0, alias="b", serialization_alias="bee")
