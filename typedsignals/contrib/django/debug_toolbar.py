"""A django-debug-toolbar panel: every send during the request, receiver by receiver.

Add ``"typedsignals.contrib.django.debug_toolbar.SignalsPanel"`` to ``DEBUG_TOOLBAR_PANELS``.
For each send of a ``typedsignals.Signal`` while the view ran: the signal, how it was sent,
the sender (a class or function by name, anything else by its type), each receiver in the
order it ran with its time and its error, and a refused payload (its fields and error types,
never the values). The panel observes sends through ``typedsignals.dispatcher.add_tracer``
only while the toolbar handles a request; its own tracer is installed once, however many
requests run at the same time, and records into the request that is running (a context
variable), so concurrent requests do not see each other's sends.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from typedsignals.extras import requires_extra

with requires_extra(__name__, "Django", extra="django"):
    import django  # noqa: F401

from django.template import Context, Engine

from typedsignals import Signal
from typedsignals.contrib._describe import failure_text, receiver_name, sender_name, type_name
from typedsignals.dispatcher import Responses, add_tracer, remove_tracer

__all__ = ["SignalsPanel"]  # noqa: F822 - made on first access, by __getattr__

_ENGINE = Engine(dirs=[str(Path(__file__).parent / "templates")])
"""The panel's own template engine: no ``INSTALLED_APPS`` entry needed for its template."""
_TEMPLATE = "typedsignals/debug_toolbar/signals.html"

Send = dict[str, Any]
"""One send as the panel stores it (JSON: the toolbar's store serializes it)."""

_recording: contextvars.ContextVar[_Recording | None] = contextvars.ContextVar(
    "typedsignals_debug_toolbar", default=None
)


class _Recording:
    """The sends of one request, and the send each receiver call belongs to (nesting)."""

    def __init__(self) -> None:
        self.sends: list[Send] = []
        self.current: contextvars.ContextVar[Send | None] = contextvars.ContextVar(
            "typedsignals_debug_toolbar_send", default=None
        )


class _PanelTracer:
    """The ``SignalTracer`` every ``SignalsPanel`` shares; installed while any is enabled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0

    def enable(self) -> None:
        with self._lock:
            self._users += 1
            if self._users == 1:
                add_tracer(self)

    def disable(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                remove_tracer(self)

    def observes(self, signal: Signal[Any]) -> bool:
        """Sends made while a toolbar request runs here (its context), no others."""
        return _recording.get() is not None

    def send(
        self, signal: Signal[Any], sender: Any, method: str, run: Callable[[], Responses]
    ) -> Responses:
        recording = _running()
        record, token, start = self._started(recording, signal, sender, method)
        try:
            return run()
        except BaseException as exc:
            record["error"] = f"{type_name(exc)}: {failure_text(exc)}"
            raise
        finally:
            record["time_ms"] = (time.perf_counter() - start) * 1000
            recording.current.reset(token)

    async def asend(
        self,
        signal: Signal[Any],
        sender: Any,
        method: str,
        run: Callable[[], Awaitable[Responses]],
    ) -> Responses:
        recording = _running()
        record, token, start = self._started(recording, signal, sender, method)
        try:
            return await run()
        except BaseException as exc:
            record["error"] = f"{type_name(exc)}: {failure_text(exc)}"
            raise
        finally:
            record["time_ms"] = (time.perf_counter() - start) * 1000
            recording.current.reset(token)

    def call(
        self, signal: Signal[Any], receiver: Callable[..., Any], run: Callable[[], Any]
    ) -> Any:
        call = self._receiver_started(receiver)
        start = time.perf_counter()
        try:
            return run()
        except BaseException as exc:
            call["error"] = f"{type_name(exc)}: {failure_text(exc)}"
            raise
        finally:
            call["time_ms"] = (time.perf_counter() - start) * 1000

    async def acall(
        self, signal: Signal[Any], receiver: Callable[..., Any], run: Callable[[], Awaitable[Any]]
    ) -> Any:
        call = self._receiver_started(receiver)
        start = time.perf_counter()
        try:
            return await run()
        except BaseException as exc:
            call["error"] = f"{type_name(exc)}: {failure_text(exc)}"
            raise
        finally:
            call["time_ms"] = (time.perf_counter() - start) * 1000

    @staticmethod
    def _started(
        recording: _Recording, signal: Signal[Any], sender: Any, method: str
    ) -> tuple[Send, contextvars.Token[Send | None], float]:
        outer = recording.current.get()
        record: Send = {
            "signal": signal.label,
            "model": signal.model_label,
            "method": method,
            "sender": "" if sender is None else sender_name(sender),
            "depth": 0 if outer is None else outer["depth"] + 1,
            "receivers": [],
            "time_ms": 0.0,
            "error": "",
        }
        recording.sends.append(record)
        return record, recording.current.set(record), time.perf_counter()

    @staticmethod
    def _receiver_started(receiver: Callable[..., Any]) -> dict[str, Any]:
        """A receiver's record, in the send it belongs to: the innermost one running here."""
        send = _running().current.get()
        assert send is not None, "a receiver call outside the send that made it"
        call: dict[str, Any] = {"name": receiver_name(receiver), "time_ms": 0.0, "error": ""}
        send["receivers"].append(call)
        return call


def _running() -> _Recording:
    """The recording of the request running here (``observes`` says there is one)."""
    recording = _recording.get()
    assert recording is not None, "the panel's tracer called for a signal it does not observe"
    return recording


_tracer = _PanelTracer()


def _make_panel_class() -> type[Any]:
    """``SignalsPanel``, made on first access: django-debug-toolbar's ``Panel`` reads Django's
    settings when imported, and this module must import without them (the catalogue and the
    docs tools import every module of typedsignals)."""
    from debug_toolbar.panels import Panel

    class SignalsPanel(Panel):
        """The toolbar's "Signals" panel."""

        title = "Signals"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._recording = _Recording()
            self._token: contextvars.Token[_Recording | None] | None = None

        def _stats(self) -> dict[str, Any]:
            """What ``generate_stats`` recorded, or the toolbar reloaded from its store."""
            return dict(self.get_stats())  # type: ignore[no-untyped-call]

        @property
        def nav_subtitle(self) -> str:
            stats = self._stats()
            sends = len(stats.get("sends", ()))
            calls = sum(len(send["receivers"]) for send in stats.get("sends", ()))
            return (
                f"{sends} send{'' if sends == 1 else 's'}, "
                f"{calls} receiver{'' if calls == 1 else 's'} in {stats.get('time_ms', 0.0):.2f} ms"
            )

        @property
        def content(self) -> str:
            return _ENGINE.get_template(_TEMPLATE).render(Context(self._stats()))

        def enable_instrumentation(self) -> None:
            self._token = _recording.set(self._recording)
            _tracer.enable()

        def disable_instrumentation(self) -> None:
            if self._token is None:
                return
            _tracer.disable()
            _recording.reset(self._token)
            self._token = None

        def generate_stats(self, request: Any, response: Any) -> None:
            sends = self._recording.sends
            outermost = [send for send in sends if send["depth"] == 0]
            self.record_stats(  # type: ignore[no-untyped-call]
                {
                    "sends": sends,
                    "time_ms": sum(send["time_ms"] for send in outermost),
                    "errors": sum(
                        bool(send["error"]) + sum(bool(r["error"]) for r in send["receivers"])
                        for send in sends
                    ),
                }
            )

    return SignalsPanel


_panel_class: list[type[Any]] = []


def __getattr__(name: str) -> Any:
    if name != "SignalsPanel":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _panel_class:
        _panel_class.append(_make_panel_class())
    return _panel_class[0]
