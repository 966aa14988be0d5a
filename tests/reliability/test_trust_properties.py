"""The trust rules for payloads as properties, over inputs an attacker or a careless user picks:

- a secret — wherever the model keeps one (a field, a nested model, a list, dict or tuple of
  them, an optional or a union), whatever shape the secret input has (text, bytes, a
  ``SecretStr``, a container holding one) and whichever check fails (a constraint, a field
  validator quoting its input, a model validator) — never shows in the error's message, repr,
  ``errors()``, ``args``, pickle or printed traceback;
- whatever the keys and values (newlines, control characters, megabytes), a ``PayloadError``
  message has at most 22 lines of at most 300 printable characters;
- whatever instance is sent (a subclass with extra fields, extras named ``signal`` or
  ``sender``, on an open or closed model), receivers get exactly the keys the declared model
  promises, or ``send`` raises ``PayloadError`` and calls no receiver;

for ``send``, ``send_robust``, ``asend`` and ``asend_robust`` alike.
"""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Secret,
    SecretBytes,
    SecretStr,
    create_model,
    field_validator,
    model_validator,
)

from tests.reliability.conftest import scaled
from tests.sends import SEND_FLAVOURS, Send, everything_shown
from typedsignals import PayloadError, Signal

EXAMPLES = scaled(150, 3_000)
MARK = "S3CR3T"
"""Every generated secret starts with this; nothing a user can see may contain it."""


sends = st.sampled_from(SEND_FLAVOURS)


def _refusal(send: Send, signal: Signal[Any], /, *args: Any, **kwargs: Any) -> PayloadError | None:
    """The ``PayloadError`` ``send`` raised, or ``None`` when it delivered."""
    try:
        send(signal, *args, **kwargs)
    except PayloadError as error:
        return error
    return None


# -- secrets in every position ---------------------------------------------------------------


class Card(BaseModel):
    holder: str = Field(max_length=8)
    number: SecretStr = Field(min_length=20)
    pin: SecretBytes = Field(default=SecretBytes(b"0000"), max_length=6)

    @field_validator("number", mode="before")
    @classmethod
    def quote_what_is_refused(cls, value: Any) -> Any:
        if isinstance(value, str) and "quote" in value:
            raise ValueError(f"{value!r} is not a card number")
        return value


class Locked(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    code: int
    note: str = ""


class Wallet(BaseModel):
    owner: str = Field(max_length=8)
    password: SecretStr = Field(default=SecretStr("x" * 12), min_length=12)
    card: Card | None = None
    cards: list[Card] = Field(default_factory=list)
    by_bank: dict[str, Card] = Field(default_factory=dict)
    tokens: tuple[SecretStr, ...] = ()
    either: SecretStr | int = 0
    wrapped: Secret[str] = Field(default=Secret("x"))
    locked: Locked | None = None
    refuse: bool = False

    @model_validator(mode="after")
    def refused_whole(self) -> Wallet:
        if self.refuse:
            raise ValueError(f"wallet of {self.owner} refused")
        return self


wallet_signal = Signal[Wallet]()

secret_text = st.text(max_size=12).map(lambda text: MARK + text)
secret_text_quoted = st.sampled_from(["", "quote"]).flatmap(
    lambda word: secret_text.map(lambda text: text + word)
)
secret_input = st.one_of(
    secret_text_quoted,
    secret_text.map(str.encode),
    secret_text.map(SecretStr),
    secret_text.map(lambda text: [text]),
    secret_text.map(lambda text: {"value": text}),
)
anything = st.none() | st.integers() | st.text(max_size=10) | st.lists(st.integers(), max_size=2)
card = st.fixed_dictionaries(
    {"holder": st.text(max_size=10) | anything, "number": secret_input},
    optional={"pin": secret_input},
)
locked = st.fixed_dictionaries(
    {"code": secret_text | st.integers()}, optional={"note": secret_text}
)
wallets = st.fixed_dictionaries(
    {"owner": st.text(max_size=10) | anything},
    optional={
        "password": secret_input,
        "card": card | anything,
        "cards": st.lists(card | secret_input, max_size=3),
        "by_bank": st.dictionaries(st.text(max_size=4), card | secret_input, max_size=2),
        "tokens": st.lists(secret_input, max_size=3),
        "either": secret_input,
        "wrapped": secret_input,
        "locked": locked | anything,
        "refuse": st.booleans(),
    },
)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(fields=wallets, send=sends)
def test_no_secret_is_ever_shown(fields: dict[str, Any], send: Send) -> None:
    error = _refusal(send, wallet_signal, None, **fields)
    if error is not None:
        assert MARK not in everything_shown(error)


# -- bounded text whatever the input ---------------------------------------------------------


class Closed(BaseModel):
    order_id: int
    note: str = Field(default="", max_length=20)


closed_signal = Signal[Closed]()

sizes = st.sampled_from([1, 2, 1_000, 1_000_000])
awkward_text = st.builds(
    lambda text, times: text * times, st.text(min_size=1, max_size=6), sizes
) | st.sampled_from(["\n", "\r\nERROR forged", "\x1b[31m", "\u2028", "\x00", "\t"])
keys = awkward_text.filter(lambda key: key not in ("sender", "signal"))
values = awkward_text | st.integers() | st.lists(awkward_text, max_size=3)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(fields=st.dictionaries(keys, values, max_size=30), send=sends)
def test_an_error_is_bounded_and_one_line_per_problem(fields: dict[str, Any], send: Send) -> None:
    error = _refusal(send, closed_signal, None, **fields)
    if error is not None:
        lines = str(error).splitlines()
        assert len(lines) <= 22
        assert all(len(line) <= 300 and line.isprintable() for line in lines)
        assert len(repr(error)) < 12_000
        assert len(pickle.dumps(error)) < 40_000


# -- only the keys the model promises --------------------------------------------------------


class Base(BaseModel):
    order_id: int


class OpenBase(BaseModel):
    model_config = ConfigDict(extra="allow")

    order_id: int


closed_base = Signal[Base]()
open_base = Signal[OpenBase]()
RESERVED = ["signal", "sender"]
extra_names = st.sampled_from([*RESERVED, "note", "order_id_2", "x"])


@st.composite
def instances(draw: st.DrawFn, declared: type[BaseModel]) -> BaseModel:
    """An instance of ``declared``: itself, or a subclass with fields of its own (maybe named
    ``signal``/``sender``), with extras (maybe reserved) when the model allows them."""
    own = draw(st.lists(extra_names.filter(lambda name: name != "order_id"), unique=True))
    model: type[BaseModel] = declared
    if own and draw(st.booleans()):
        fields: Any = {name: (int, 0) for name in own if name not in RESERVED}
        model = create_model("Sub", __base__=declared, **fields)
        if set(own) & set(RESERVED):  # pydantic refuses those as fields; set them as attrs
            instance = model(order_id=1)
            for name in set(own) & set(RESERVED):
                instance.__dict__[name] = 0
            return instance
    extras = dict.fromkeys(own, 0) if declared.model_config.get("extra") == "allow" else {}
    return model(order_id=1, **extras)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data(), send=sends, declared=st.sampled_from([Base, OpenBase]))
def test_receivers_get_only_the_keys_the_model_promises(
    data: st.DataObject, send: Send, declared: type[BaseModel]
) -> None:
    signal = open_base if declared is OpenBase else closed_base
    instance = data.draw(instances(declared))
    got: list[dict[str, Any]] = []

    def listener(signal: Any, sender: Any, **values: Any) -> None:
        got.append({"signal": signal, "sender": sender, **values})

    signal.connect(listener)
    try:
        error = _refusal(send, signal, "the sender", instance)
    finally:
        signal.disconnect(listener)
    if error is not None:
        assert got == []
        assert {problem["type"] for problem in error.errors()} == {"reserved_key"}
        assert set(RESERVED) & {*instance.__dict__, *(instance.__pydantic_extra__ or {})}
    else:
        [values] = got
        assert values["signal"] is signal
        assert values["sender"] == "the sender"
        promised = {"order_id"}
        if declared is OpenBase:
            promised |= set(instance.__pydantic_extra__ or {})
        assert set(values) - {"signal", "sender"} == promised
