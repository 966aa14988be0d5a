"""The trust rules for payloads (DESIGN.md "Trust rules for payloads"), tried as an attacker and a
careless user would: receivers never get a key the model does not promise, a model validator
cannot hand receivers unvalidated input, secrets never reach error text, and every error is
bounded and on one line per problem. Each rule holds for all four ways of sending."""

from __future__ import annotations

import logging
import pickle
import threading
from typing import Any

import pytest
from pydantic import (
    AliasChoices,
    AliasPath,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    SecretBytes,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from tests.sends import SEND_FLAVOURS, Send, everything_shown
from typedsignals import PayloadError, Signal, SignalDeclarationError, all_signals

SENDS = pytest.mark.parametrize("send", SEND_FLAVOURS, ids=lambda f: f.__name__)


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")

    order_id: int


class Closed(BaseModel):
    order_id: int


open_signal = Signal[Open]()
closed_signal = Signal[Closed]()


@pytest.fixture
def got() -> list[dict[str, Any]]:
    return []


@pytest.fixture(autouse=True)
def listening(got: list[dict[str, Any]]) -> Any:
    def strict(signal: Any, sender: Any, order_id: int) -> None:  # no **kwargs on purpose
        got.append({"order_id": order_id})

    def anything(signal: Any, sender: Any, **values: Any) -> None:
        got.append({"signal": signal, "sender": sender, **values})

    closed_signal.connect(strict)
    open_signal.connect(anything)
    yield
    closed_signal.disconnect(strict)
    open_signal.disconnect(anything)


# -- reserved keys ---------------------------------------------------------------------------


@SENDS
@pytest.mark.parametrize("key", ["signal", "sender"])
def test_a_reserved_keyword_of_an_open_model_is_refused(
    send: Send, key: str, got: list[dict[str, Any]]
) -> None:
    fields = {"order_id": 1, key: "SPOOFED"}
    # sender= is send's own parameter: a payload instance is the way to smuggle it in
    payload = (Open(**fields),) if key == "sender" else ()
    keywords = {} if key == "sender" else fields
    with pytest.raises(PayloadError) as error:
        send(open_signal, None, *payload, **keywords)
    assert str(error.value) == (
        f"invalid payload for signal '{__name__}.open_signal' (Open): 1 error\n"
        f"  {key}: a payload key cannot be named {key!r}: every receiver gets the {key} as "
        f"{key!r}; rename it"
    )
    assert error.value.errors()[0]["type"] == "reserved_key"
    assert got == []


@SENDS
def test_a_subclass_instance_passes_on_only_the_declared_fields(
    send: Send, got: list[dict[str, Any]]
) -> None:
    class Richer(Closed):
        internal_note: str = "not for receivers"

    send(closed_signal, None, Richer(order_id=7))
    assert got == [{"order_id": 7}]  # the receiver without **kwargs did not get a TypeError


@SENDS
def test_a_subclass_field_named_signal_is_refused(send: Send, got: list[dict[str, Any]]) -> None:
    class Spoofing(Open):
        signal: str = "SPOOFED"

    with pytest.raises(PayloadError) as error:
        send(open_signal, None, Spoofing(order_id=1))
    assert str(error.value).splitlines()[1] == (
        "  signal: a payload field cannot be named 'signal': every receiver gets the signal "
        "as 'signal'; rename it"
    )
    assert got == []


@SENDS
def test_extras_of_an_instance_reach_receivers_only_if_the_declared_model_allows_them(
    send: Send, got: list[dict[str, Any]]
) -> None:
    class Loose(Closed):
        model_config = ConfigDict(extra="allow")

    send(closed_signal, None, Loose(order_id=1, colour="red"))
    send(open_signal, None, Open(order_id=2, colour="red"))
    assert got[0] == {"order_id": 1}
    assert got[1]["colour"] == "red"


@SENDS
def test_an_instance_missing_a_field_is_refused(send: Send, got: list[dict[str, Any]]) -> None:
    with pytest.raises(PayloadError) as error:
        send(closed_signal, None, Closed.model_construct())
    assert str(error.value).splitlines()[1:] == ["  order_id: Field required"]
    assert got == []


# -- model validators ------------------------------------------------------------------------


class AfterReturnsDict(BaseModel):
    order_id: int

    @model_validator(mode="after")
    def forgot_self(self) -> Any:
        return {"order_id": "raw, unvalidated"}


class AfterReturnsNone(BaseModel):
    order_id: int

    @model_validator(mode="after")
    def forgot_return(self) -> Any:
        return None


class Impostor:
    def __init__(self) -> None:
        self.order_id = "raw, unvalidated"


class WrapReturnsObject(BaseModel):
    order_id: int

    @model_validator(mode="wrap")
    @classmethod
    def replaced(cls, data: Any, handler: Any) -> Any:
        return Impostor()


@SENDS
@pytest.mark.parametrize(
    ("model", "returned"),
    [(AfterReturnsDict, "dict"), (AfterReturnsNone, "NoneType"), (WrapReturnsObject, "Impostor")],
)
def test_a_model_validator_that_returns_no_instance_is_a_payload_error(
    send: Send, model: type[BaseModel], returned: str
) -> None:
    signal = Signal[model]()  # type: ignore[valid-type]
    called: list[object] = []
    signal.connect(lambda **kwargs: called.append(kwargs), weak=False)
    with pytest.raises(PayloadError) as error:
        send(signal, None, order_id=1)
    assert str(error.value).splitlines()[1] == (
        f"  (payload): a model validator returned {returned}, not an instance of "
        f"{model.__name__}: a mode='after' validator must return self, a mode='wrap' one the "
        "result of handler(...)"
    )
    assert called == []


# -- secrets ---------------------------------------------------------------------------------

SECRET = "hunter2-top-secret"
CARD = "4111-1111-1111-1111"


class Credentials(BaseModel):
    user: str
    password: SecretStr = Field(min_length=30)


class Account(BaseModel):
    user: str
    password: SecretStr
    token: SecretBytes = Field(default=SecretBytes(b""))

    @model_validator(mode="after")
    def refuse(self) -> Account:
        raise ValueError("account refused")


class Team(BaseModel):
    owner: Account | None = None
    members: list[Account] = Field(default_factory=list)
    by_name: dict[str, Credentials] = Field(default_factory=dict)


@pytest.mark.parametrize(
    ("model", "fields", "line"),
    [
        (
            Credentials,
            {"user": "ada", "password": SECRET},
            "  password: Value should have at least 30 items after validation, not 18 "
            "[input='**********']",
        ),
        (
            Account,
            {"user": "ada", "password": SECRET, "token": SECRET.encode()},
            "  (payload): Value error, account refused "
            "[input={'password': '**********', 'token': '**********', 'user': 'ada'}]",
        ),
        (
            Team,
            {"members": [{"user": "ada", "password": SECRET}]},
            "  members.0: Value error, account refused "
            "[input={'password': '**********', 'user': 'ada'}]",
        ),
        (
            Team,
            {"by_name": {"ada": {"user": "ada", "password": SECRET}}},
            "  by_name.ada.password: Value should have at least 30 items after validation, not "
            "18 [input='**********']",
        ),
        (
            Team,
            {"owner": {"user": "ada", "password": SECRET}},
            "  owner: Value error, account refused [input='**********']",
        ),
    ],
    ids=["field", "model validator", "list of models", "dict of models", "optional model"],
)
def test_a_secret_never_reaches_the_error(
    model: type[BaseModel], fields: dict[str, Any], line: str
) -> None:
    signal = Signal[model]()  # type: ignore[valid-type]
    with pytest.raises(PayloadError) as error:
        signal.send(None, **fields)
    assert str(error.value).splitlines()[1] == line
    assert SECRET not in everything_shown(error.value)
    assert "hunter2" not in str(pickle.loads(pickle.dumps(error.value)).errors())


class Login(BaseModel):
    user: str
    password: SecretStr
    cards: list[Credentials] = []

    @field_validator("password", mode="before")
    @classmethod
    def refuse_weak(cls, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("hunter"):
            raise ValueError(f"password {value!r} is too weak")
        return value


def test_a_validator_quoting_a_secret_is_scrubbed() -> None:
    with pytest.raises(PayloadError) as error:
        Signal[Login]().send(None, user="ada", password=SECRET)
    assert str(error.value).splitlines()[1] == (
        "  password: Value error, password '**********' is too weak [input='**********']"
    )
    assert SECRET not in everything_shown(error.value)


def test_the_pydantic_cause_of_a_model_with_secrets_is_masked_too() -> None:
    with pytest.raises(PayloadError) as error:
        Signal[Login]().send(None, user="ada", password=SECRET)
    cause = error.value.__cause__
    assert isinstance(cause, ValidationError)
    assert cause.errors(include_url=False) == [
        {
            "type": "value_error",
            "loc": ("password",),
            "msg": "Value error, password '**********' is too weak",
            "input": "**********",
        }
    ]
    assert error.value.__context__ is None


def test_a_misspelt_key_inside_a_model_with_secrets_is_masked() -> None:
    with pytest.raises(PayloadError) as error:
        Signal[Login]().send(
            None, user="ada", password="ok", cards=[{"user": "ada", "pasword": SECRET}]
        )
    assert str(error.value).splitlines()[1:] == [
        "  cards.0.password: Field required",
    ]
    [problem] = error.value.errors()
    assert problem["input"] == {"user": "ada", "pasword": "**********"}
    assert SECRET not in everything_shown(error.value)


def test_a_model_without_secrets_keeps_pydantics_cause_as_it_is() -> None:
    with pytest.raises(PayloadError) as error:
        closed_signal.send(None, order_id="x")
    cause = error.value.__cause__
    assert isinstance(cause, ValidationError)
    assert cause.errors()[0]["input"] == "x"


def test_hide_input_in_errors_hides_every_input() -> None:
    class Charge(BaseModel):
        model_config = ConfigDict(hide_input_in_errors=True)

        card_number: int
        amount: int = Field(gt=0)

    with pytest.raises(PayloadError) as error:
        Signal[Charge]().send(None, card_number=CARD, amount=-5)
    assert str(error.value).splitlines()[1:] == [
        "  card_number: Input should be a valid integer, unable to parse string as an integer",
        "  amount: Input should be greater than 0",
    ]
    assert "4111" not in everything_shown(error.value)
    assert all("input" not in problem for problem in error.value.errors())


def test_a_misspelt_secret_keyword_is_not_shown() -> None:
    with pytest.raises(PayloadError) as error:
        Signal[Credentials]().send(None, user="ada", pasword=SECRET)
    assert str(error.value).splitlines()[2] == (
        "  pasword: unknown field (Credentials has: user, password); did you mean 'password'?"
    )
    assert SECRET not in str(error.value)


# -- bounded, one line per problem -----------------------------------------------------------


def test_a_huge_unknown_key_gives_a_short_error() -> None:
    key = "k" * 10_000_000
    with pytest.raises(PayloadError) as error:
        closed_signal.send(None, order_id=1, **{key: 1})
    message = str(error.value)
    assert len(message) < 400
    assert message.splitlines()[1].startswith("  kkkkkkkk")
    assert message.splitlines()[1].endswith("…: unknown field (Closed has: order_id)")
    assert len(pickle.dumps(error.value)) < 2_000


def test_a_validator_quoting_a_huge_input_gives_a_short_error() -> None:
    class Quoting(BaseModel):
        text: str

        @field_validator("text")
        @classmethod
        def refuse(cls, value: str) -> str:
            raise ValueError(f"refused {value}")

    with pytest.raises(PayloadError) as error:
        Signal[Quoting]().send(None, text="x" * 100_000_000)
    assert len(str(error.value)) < 600
    assert len(repr(error.value)) < 1_500


def test_many_errors_are_listed_up_to_twenty() -> None:
    fields = {f"typo{n}": n for n in range(10_000)}
    with pytest.raises(PayloadError) as error:
        closed_signal.send(None, order_id=1, **fields)
    lines = str(error.value).splitlines()
    assert lines[0] == (
        f"invalid payload for signal '{__name__}.closed_signal' (Closed): 10000 errors"
    )
    assert len(lines) == 22
    assert lines[-1] == "  … and 9980 more (see errors())"
    assert len(error.value.errors()) == 10_000


def test_newlines_in_keys_and_values_cannot_forge_lines() -> None:
    with pytest.raises(PayloadError) as error:
        closed_signal.send(None, order_id="1\nERROR forged", **{"x\nCRITICAL forged": 1})
    assert str(error.value).splitlines()[1:] == [
        "  order_id: Input should be a valid integer, unable to parse string as an integer "
        "[input='1\\nERROR forged']",
        "  x\\nCRITICAL forged: unknown field (Closed has: order_id)",
    ]


def test_send_robust_logs_a_bounded_record(caplog: pytest.LogCaptureFixture) -> None:
    signal = Signal[Closed]()

    def explodes(**kwargs: Any) -> None:
        raise RuntimeError("boom\nCRITICAL forged " + "z" * 20_000_000)

    signal.connect(explodes)
    with caplog.at_level(logging.ERROR, logger="typedsignals"):
        [(_, raised)] = signal.send_robust(None, order_id=1)
    assert isinstance(raised, RuntimeError)
    [record] = caplog.records
    formatted = logging.Formatter("%(levelname)s %(message)s").format(record)
    assert len(formatted) < 4_000
    assert record.getMessage().startswith(
        f"receiver '{__name__}.test_send_robust_logs_a_bounded_record.<locals>.explodes' of "
        "signal 'Signal[Closed]' raised RuntimeError: boom\\nCRITICAL forged zzz"
    )
    assert "\nCRITICAL" not in formatted
    assert formatted.splitlines()[-1].startswith("RuntimeError: boom\\nCRITICAL forged zzz")
    assert record.exc_info is not None
    assert record.exc_info[1] is raised


# -- portable errors -------------------------------------------------------------------------


def test_a_payload_error_pickles_with_its_label_message_and_errors() -> None:
    with pytest.raises(PayloadError) as error:
        closed_signal.send(None, order_id="x")
    copy = pickle.loads(pickle.dumps(error.value))
    assert type(copy) is PayloadError
    assert (copy.label, str(copy)) == (error.value.label, str(error.value))
    assert copy.signal is closed_signal
    assert copy.errors() == [
        {
            "type": "int_parsing",
            "loc": ["order_id"],
            "msg": "Input should be a valid integer, unable to parse string as an integer",
            "input": "'x'",
        }
    ]


def test_a_payload_error_is_rebuilt_from_its_args_as_celery_does() -> None:
    with pytest.raises(PayloadError) as error:
        closed_signal.send(None, order_id="x")
    rebuilt = PayloadError(*error.value.args)
    assert str(rebuilt) == str(error.value)
    orphan = PayloadError("gone.signal", [], "invalid payload for signal 'gone.signal'")
    assert orphan.signal is None
    assert orphan.label == "gone.signal"


# -- declarations and aliases ----------------------------------------------------------------


@pytest.mark.parametrize("model", [BaseModel, RootModel[int]])
def test_a_model_without_fields_of_its_own_cannot_be_a_payload(model: type[BaseModel]) -> None:
    with pytest.raises(SignalDeclarationError) as error:
        Signal[model]()  # type: ignore[valid-type]
    assert str(error.value) == (
        f"{model.__name__} cannot be a signal payload: receivers get the payload as keyword "
        "fields, so declare a model with fields, `class MyPayload(BaseModel): ...`"
    )


def test_a_validation_alias_replaces_the_alias() -> None:
    class Renamed(BaseModel):
        order_id: int = Field(alias="orderId", validation_alias="order")

    signal = Signal[Renamed]()
    with pytest.raises(PayloadError) as error:
        signal.send(None, orderId=1)
    assert str(error.value).splitlines()[1:] == [
        "  order: Field required",
        "  orderId: unknown field (Renamed has: order_id); did you mean 'order'?",
    ]


# -- validation off keeps the contract -------------------------------------------------------


class Shipped(BaseModel):
    order_id: int = Field(alias="orderId")
    tracking: str = Field(default="none")
    parcels: list[int] = Field(default_factory=list)
    carrier: str = Field(default="", validation_alias=AliasChoices("carrier", "by"))
    depot: str = Field(default="", validation_alias=AliasPath("route", 0))


@pytest.mark.parametrize("validate", [True, False], ids=["on", "off"])
def test_receivers_get_every_field_by_name_whether_validation_is_on_or_off(
    validate: bool,
) -> None:
    signal = Signal[Shipped](validate=validate)
    got: list[dict[str, Any]] = []

    def typed(sender: Any, order_id: int, tracking: str, **kwargs: Any) -> None:
        got.append({"order_id": order_id, "tracking": tracking, **kwargs})

    signal.connect(typed)
    signal.send(None, orderId=5, by="DHL", route=["Leeds", "York"])
    signal.send(None, order_id=6, tracking="T1", parcels=[1])
    assert [{k: v for k, v in g.items() if k != "signal"} for g in got] == [
        {"order_id": 5, "tracking": "none", "parcels": [], "carrier": "DHL", "depot": "Leeds"},
        {"order_id": 6, "tracking": "T1", "parcels": [1], "carrier": "", "depot": ""},
    ]
    assert got[0]["parcels"] is not got[1]["parcels"]  # default_factory called per send


@SENDS
@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({"tracking": "T"}, "  order_id: Field required"),
        ({"orderId": 1, "trackin": "T"}, "  trackin: unknown field"),
    ],
)
def test_validation_off_still_refuses_what_the_model_refuses(
    send: Send, fields: dict[str, Any], line: str
) -> None:
    signal = Signal[Shipped](validate=False)
    with pytest.raises(PayloadError) as error:
        send(signal, None, **fields)
    assert str(error.value).splitlines()[1].startswith(line)


def test_validation_off_refuses_a_reserved_key_of_an_open_model() -> None:
    signal = Signal[Open](validate=False)
    with pytest.raises(PayloadError) as error:
        signal.send(None, order_id=1, signal="SPOOFED")
    assert error.value.errors()[0]["type"] == "reserved_key"


# -- the registry under threads --------------------------------------------------------------


def test_all_signals_while_other_threads_create_and_drop_signals() -> None:
    stop = threading.Event()
    failures: list[BaseException] = []

    def churn() -> None:
        while not stop.is_set():
            [Signal() for _ in range(50)]

    def read() -> None:
        try:
            for _ in range(2_000):
                all_signals()
        except BaseException as exc:
            failures.append(exc)
        finally:
            stop.set()

    threads = [threading.Thread(target=churn) for _ in range(2)] + [threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
