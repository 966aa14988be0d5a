"""The four ways of sending, as plain calls, and all a user can see of a refused payload:
for tests that check a rule holds whichever way a payload is sent."""

from __future__ import annotations

import asyncio
import pickle
import traceback
from collections.abc import Callable
from typing import Any

from typedsignals import PayloadError, Signal

Send = Callable[..., Any]


def send(target: Signal[Any], /, *args: Any, **kwargs: Any) -> Any:
    return target.send(*args, **kwargs)


def send_robust(target: Signal[Any], /, *args: Any, **kwargs: Any) -> Any:
    return target.send_robust(*args, **kwargs)


def asend(target: Signal[Any], /, *args: Any, **kwargs: Any) -> Any:
    return asyncio.run(target.asend(*args, **kwargs))


def asend_robust(target: Signal[Any], /, *args: Any, **kwargs: Any) -> Any:
    return asyncio.run(target.asend_robust(*args, **kwargs))


SEND_FLAVOURS: list[Send] = [send, send_robust, asend, asend_robust]


def everything_shown(error: PayloadError) -> str:
    """All a user, a log or a transport can see of ``error``: message, repr, ``errors()``,
    ``args``, pickle and printed traceback."""
    return "\n".join(
        [
            str(error),
            repr(error),
            repr(error.errors()),
            repr(error.args),
            repr(pickle.dumps(error)),
            "".join(traceback.format_exception(error)),
        ]
    )
