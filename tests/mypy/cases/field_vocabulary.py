"""Sends and receivers of the models in vocabulary_models.py: pydantic's field vocabulary."""

from typing import Annotated, Any

import pydantic as pd
from pydantic import BaseModel, RootModel
from pydantic import Field as F
from vocabulary_models import (
    AllowByConfigClass,
    AnnotatedClashSender,
    AnnotatedFields,
    ByName,
    Choices,
    ChoicesClashSender,
    Forbid,
    Ignore,
    IgnoreByKeyword,
    Merged,
    NotFields,
    OpenByHelper,
    OpenByVariable,
    Overrides,
    PathClashesSignal,
    Root,
    SerializationOnly,
    Spelled,
    StrictChild,
    ThroughAliases,
    UserName,
    UnknownConfig,
    ValidateByName,
    Wrapped,
)

from typedsignals import Signal, receiver

annotated = Signal[AnnotatedFields]()
annotated.send(None, userName="Ada", loginName="ada", rank=1)
annotated.send(None, user="Ada", login="ada", rank=1, tags=["x"], size=4, nickname=None, level=2)
annotated.send(None, userName="Ada", loginName="ada")  # E: Missing named argument "rank" for "send" of "Signal"  [call-arg]
annotated.send(None, userName="Ada", loginName="ada", rank=1, size="3")  # E: Argument "size" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]
annotated.send(None, userName="Ada", loginName="ada", rank=1, tags="x")  # E: Argument "tags" to "send" of "Signal" has incompatible type "str"; expected "list[str]"  [arg-type]
annotated.send(None, userName=1, loginName="ada", rank=1)  # E: Argument "userName" to "send" of "Signal" has incompatible type "int"; expected "str"  [arg-type]


@receiver(annotated)
def takes_annotated(sender: Any, tags: list[str], size: int, user: str, login: str, nickname: str | None, **kwargs: Any) -> None: ...


@receiver(annotated)  # E: Receiver "annotated_wrong" parameter "size" has type "str", but AnnotatedFields field "size" is "int"  [signal-receiver]
def annotated_wrong(sender: Any, size: str, **kwargs: Any) -> None: ...


@receiver(annotated)  # E: Receiver "by_alias" parameter "userName" is required, but AnnotatedFields has no such field (give it a default or remove it)  [signal-receiver]
def by_alias(sender: Any, userName: str, **kwargs: Any) -> None: ...


merged = Signal[Merged]()
merged.send(None, alpha=1, bee=2, c=3, ea=4)
merged.send(None, a=1, b=2, c=3, e=4, dee=1, eff=2, g=0, aitch=1, i=7)
merged.send(None, a=1, b=2, c=3, e=4, d=1, f=2, h=1)
merged.send(None, a=1, cee=2, c=3, e=4)  # E: Unexpected keyword argument "cee" for "send" of "Signal"  [call-arg]
merged.send(None, a=1, b=2, c=3, ev=4)  # E: Unexpected keyword argument "ev" for "send" of "Signal"  [call-arg]
merged.send(None, a=1, b=2, e=4)  # E: Missing named argument "c" for "send" of "Signal"  [call-arg]
merged.send(None, a=1, b=2, c=3, e=4, g="0")  # E: Argument "g" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]

through = Signal[ThroughAliases]()
through.send(None, userName="Ada", numbers=[1])
through.send(None, user="Ada", count=2, numbers=[])
through.send(None, numbers=[])  # E: Missing named argument "user" for "send" of "Signal"  [call-arg]
through.send(None, userName="Ada", numbers="1")  # E: Argument "numbers" to "send" of "Signal" has incompatible type "str"; expected "list[int]"  [arg-type]

choices = Signal[Choices]()
choices.send(None, person="Ada", address={"city": "Paris"}, names=["Ada"], age=3)
choices.send(None, who="Ada", town="Paris", first="Ada", age=3)
choices.send(None, who="Ada", city="Paris", first="Ada", age=3)
choices.send(None, person="Ada", town="Paris", names=["Ada"], age=3, nickname="x")  # E: Unexpected keyword argument "nickname" for "send" of "Signal"  [call-arg]
choices.send(None, person=1, town="Paris", names=[], age=3)  # E: Argument "person" to "send" of "Signal" has incompatible type "int"; expected "str"  [arg-type]
choices.send(None, person="Ada", town="Paris", names=[], age="3")  # E: Argument "age" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]
choices.send(None, town="Paris", names=[], age=3)  # E: Missing named argument "who" for "send" of "Signal"  [call-arg]

Signal[ChoicesClashSender]()  # E: ChoicesClashSender cannot be a signal payload: field "who" (alias "sender") clashes with the argument every receiver gets; rename it  [signal-declaration]
Signal[PathClashesSignal]()  # E: PathClashesSignal cannot be a signal payload: field "who" (alias "signal") clashes with the argument every receiver gets; rename it  [signal-declaration]
Signal[AnnotatedClashSender]()  # E: AnnotatedClashSender cannot be a signal payload: field "who" (alias "sender") clashes with the argument every receiver gets; rename it  [signal-declaration]

ignore = Signal[Ignore]()
ignore.send(None, name="x")
ignore.send(None, nmae="x")  # E: Unexpected keyword argument "nmae" for "send" of "Signal"  [call-arg]
Signal[IgnoreByKeyword]().send(None, name="x", other=1)  # E: Unexpected keyword argument "other" for "send" of "Signal"  [call-arg]
Signal[Forbid]().send(None, name="x", other=1)  # E: Unexpected keyword argument "other" for "send" of "Signal"  [call-arg]


@receiver([ignore, Signal[IgnoreByKeyword](), Signal[Forbid]()])
def closed_models(signal: Any, sender: Any, name: str) -> None: ...


allow = Signal[AllowByConfigClass]()
allow.send(None, name="x", anything=1)


@receiver(allow)  # E: Receiver "allow_without_kwargs" needs **kwargs: AllowByConfigClass allows extra fields (extra="allow")  [signal-receiver]
def allow_without_kwargs(signal: Any, sender: Any, name: str) -> None: ...


unknown = Signal[UnknownConfig]()
unknown.send(None, name="x", anything=1)
unknown.send(None)


@receiver(unknown)
def unknown_without_kwargs(signal: Any, sender: Any, name: str) -> None: ...


Signal[ByName]().send(None, name="x")
Signal[ByName]().send(None, fullName="x")
Signal[ValidateByName]().send(None, name="x")
Signal[ValidateByName]().send(None, fullName="x")
Signal[ValidateByName]().send(None, full_name="x")  # E: Unexpected keyword argument "full_name" for "send" of "Signal"; did you mean "fullName"?  [call-arg]

overrides = Signal[Overrides]()
overrides.send(None, b=1)
overrides.send(None, a=1, b=2, cee="x")
overrides.send(None, a=1)  # E: Missing named argument "b" for "send" of "Signal"  [call-arg]

wrapped = Signal[Wrapped[int]]()
wrapped.send(None, it=1)
wrapped.send(None, item=1, more=[2])
wrapped.send(None, item="x")  # E: Argument "item" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]
wrapped.send(None, it=1, more=["x"])  # E: List item 0 has incompatible type "str"; expected "int"  [list-item]


@receiver(wrapped)  # E: Receiver "wrapped_wrong" parameter "more" has type "list[str]", but Wrapped field "more" is "list[int]"  [signal-receiver]
def wrapped_wrong(sender: Any, item: int, more: list[str], **kwargs: Any) -> None: ...


Signal[Root]()  # E: Root cannot be a signal payload: receivers get the payload as keyword fields, so declare a model with fields  [signal-declaration]
Signal[RootModel[int]]()  # E: RootModel cannot be a signal payload: receivers get the payload as keyword fields, so declare a model with fields  [signal-declaration]
Signal[Ignore | Forbid]()  # E: "Ignore | Forbid" cannot be a signal payload: it is not a pydantic BaseModel subclass; give Signal one model  [signal-declaration]

not_fields = Signal[NotFields]()
not_fields.send(None, name="x")
not_fields.send(None, name="x", counter=1)  # E: Unexpected keyword argument "counter" for "send" of "Signal"  [call-arg]
not_fields.send(None, name="x", LIMIT=1)  # E: Unexpected keyword argument "LIMIT" for "send" of "Signal"  [call-arg]
not_fields.send(None, name="x", _hidden=1)  # E: Unexpected keyword argument "_hidden" for "send" of "Signal"  [call-arg]

Signal[OpenByVariable]().send(None, zed=1)
Signal[OpenByVariable]().send(None)
Signal[OpenByHelper]().send(None, why=1, x=1)
Signal[OpenByHelper]().send(None, x="1")  # E: Argument "x" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]

spelled = Signal[Spelled]()
spelled.send(None, re=1, allNotes=["x"], größe=2, userName="Ada", nested=3, required=1)
spelled.send(None, renamed=1, notes=[], label="x", size=2, quoted="Ada", required=1)
spelled.send(None, renamed=1, quoted="Ada")  # E: Missing named argument "required" for "send" of "Signal"  [call-arg]
spelled.send(None, renamed=1, quoted="Ada", required=1, nest=3)  # E: Unexpected keyword argument "nest" for "send" of "Signal"; did you mean "nested"?  [call-arg]
spelled.send(None, renamed=1, quoted="Ada", required=1, größe="2")  # E: Argument "größe" to "send" of "Signal" has incompatible type "str"; expected "int"  [arg-type]

Signal[StrictChild]().send(None, a=1, b=2)  # E: Unexpected keyword argument "b" for "send" of "Signal"  [call-arg]


@receiver(Signal[StrictChild]())
def strict_child(signal: Any, sender: Any, a: int) -> None: ...

serialization = Signal[SerializationOnly]()
serialization.send(None, shown=1, b=2)
serialization.send(None, both=2)
serialization.send(None, displayed=1)  # E: Unexpected keyword argument "displayed" for "send" of "Signal"  [call-arg]
serialization.send(None, bee=1)  # E: Unexpected keyword argument "bee" for "send" of "Signal"  [call-arg]


def local_models() -> None:
    class Local(BaseModel):
        user: UserName
        size: Annotated[int, pd.Field(default=1)]
        colour: Annotated[str, F(alias="color")]

    local = Signal[Local]()
    local.send(None, userName="Ada", color="red")
    local.send(None, user="Ada", colour="red", size=2)
    local.send(None, user="Ada")  # E: Missing named argument "colour" for "send" of "Signal"  [call-arg]
