"""The plugin's error codes and every message it reports.

Codes must exist when the plugin module is imported: mypy reads ``--enable-error-code`` and
``--disable-error-code`` after loading plugins. ``send`` mistakes need no code of ours: the
plugin gives ``send`` a precise signature and mypy reports ``call-arg``/``arg-type`` itself.
"""

from __future__ import annotations

from typing import Final

from mypy.errorcodes import ErrorCode
from mypy.messages import format_type
from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface
from mypy.types import Type

from typedsignals.mypy_plugin import fullnames

CATEGORY: Final = "typedsignals"

SIGNAL_RECEIVER: Final = ErrorCode(
    "signal-receiver", "Check that a receiver can take what its signal sends", CATEGORY
)
SIGNAL_RECEIVER_KWARGS: Final = ErrorCode(
    "signal-receiver-kwargs",
    "Require **kwargs on receivers of typed signals, as Django does",
    CATEGORY,
    default_enabled=False,
)
SIGNAL_DECLARATION: Final = ErrorCode(
    "signal-declaration", "Check that a signal's payload model can be sent", CATEGORY
)


class ReceiverErrors:
    """Reports what is wrong with one receiver of one signal, at the connecting expression."""

    def __init__(
        self, api: CheckerPluginInterface, context: Context, receiver: str, model: str
    ) -> None:
        self.api = api
        self.context = context
        self.receiver = f'Receiver "{receiver}"' if receiver else "Receiver"
        self.model = model

    def _fail(self, message: str, code: ErrorCode = SIGNAL_RECEIVER) -> None:
        self.api.fail(message, self.context, code=code)

    def _format(self, typ: Type) -> str:
        return format_type(typ, self.api.options)

    def _what_sends(self, name: str) -> str:
        if name in fullnames.RESERVED_NAMES:
            return f'the argument "{name}" every receiver gets'
        return f'{self.model} field "{name}"'

    def wrong_type(self, parameter: str, parameter_type: Type, name: str, sent: Type) -> None:
        """A parameter (``name``, or ``**kwargs`` taking ``name``) cannot take what is sent."""
        what = (
            f"the signal it receives ({self.model})" if name == "signal" else self._what_sends(name)
        )
        self._fail(
            f'{self.receiver} parameter "{parameter}" has type {self._format(parameter_type)}, '
            f"but {what} is {self._format(sent)}"
        )

    def required_not_sent(self, parameter: str) -> None:
        self._fail(
            f'{self.receiver} parameter "{parameter}" is required, but {self.model} has no such '
            "field (give it a default or remove it)"
        )

    def positional_only(self, parameter: str | None, position: int) -> None:
        """A required positional-only parameter; mypy may know only its position."""
        label = f'"{parameter}"' if parameter else f"#{position}"
        self._fail(
            f"{self.receiver} parameter {label} is positional-only, but receivers are "
            "called with keyword arguments only"
        )

    def positional_only_never_receives(self, parameter: str) -> None:
        """An optional positional-only parameter named like what is sent keeps its default."""
        self._fail(
            f'{self.receiver} parameter "{parameter}" is positional-only, so '
            f"{self._what_sends(parameter)} never reaches it (make it a keyword parameter)"
        )

    def bound_by_partial(self, parameter: str) -> None:
        """``functools.partial(fn, X)`` took ``sender`` (or a field): every send raises."""
        self._fail(
            f'{self.receiver} parameter "{parameter}" is bound positionally by '
            "functools.partial, so each send gives it twice (bind it by keyword)"
        )

    def cannot_accept(self, name: str) -> None:
        self._fail(
            f"{self.receiver} cannot accept {self._what_sends(name)} "
            f'(add a parameter "{name}" or **kwargs)'
        )

    def needs_kwargs_for_extra(self) -> None:
        self._fail(
            f'{self.receiver} needs **kwargs: {self.model} allows extra fields (extra="allow")'
        )

    def no_kwargs(self) -> None:
        self._fail(
            f"{self.receiver} does not take **kwargs (Django-style receivers do, so that "
            f"fields added to {self.model} later do not break them)",
            SIGNAL_RECEIVER_KWARGS,
        )


def not_a_model(api: CheckerPluginInterface, context: Context, declared: Type) -> None:
    """``Signal[A | B]``: the runtime takes one model."""
    api.fail(
        f"{format_type(declared, api.options)} cannot be a signal payload: it is not a pydantic "
        "BaseModel subclass; give Signal one model",
        context,
        code=SIGNAL_DECLARATION,
    )


def no_keyword_fields(api: CheckerPluginInterface, context: Context, model: str) -> None:
    """``Signal[RootModel[int]]``, ``Signal[BaseModel]``."""
    api.fail(
        f"{model} cannot be a signal payload: receivers get the payload as keyword fields, so "
        "declare a model with fields",
        context,
        code=SIGNAL_DECLARATION,
    )


def reserved_field(
    api: CheckerPluginInterface, context: Context, model: str, field: str, key: str
) -> None:
    """A payload field is named (or aliased) ``signal`` or ``sender``."""
    what = f'field "{field}"' + ("" if key == field else f' (alias "{key}")')
    api.fail(
        f"{model} cannot be a signal payload: {what} clashes with the argument every receiver "
        "gets; rename it",
        context,
        code=SIGNAL_DECLARATION,
    )
