"""Typed counterparts of Django signals, bridged lazily through the runtime's extension points.

A ``BridgedSignal`` keeps one forwarding receiver on its Django signal only while at least one
typed receiver is connected (``receivers_changed()`` adds and removes it), so an application
with no typed receiver pays nothing. Django is a trusted sender: what it sends reaches typed
receivers unvalidated and uncopied, as a payload built with pydantic's ``model_construct``
(the model's constructor for trusted data) and sent in the payload-instance form of ``send``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, overload

from django.apps import apps
from django.db.models.utils import make_model_tuple
from django.dispatch import Signal as DjangoSignal
from pydantic import BaseModel

from typedsignals import Signal, SignalDeclarationError

__all__ = ["BridgedModelSignal", "BridgedSignal"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class BridgedSignal(Signal[M]):
    """The typed counterpart of ``bridged``, a ``django.dispatch.Signal``.

    ``BridgedSignal[Payload](django_signal, sender=…, doc=…)`` takes ``Signal``'s keyword
    arguments. Every send of the Django signal reaches this signal's receivers (with sender
    filtering as in Django) while any is connected; sends of this signal do not reach Django's
    receivers.
    """

    def __init__(self, bridged: DjangoSignal, /, **signal_options: Any) -> None:
        super().__init__(**signal_options)
        if self.payload_spec is None:
            raise SignalDeclarationError(
                f"BridgedSignal for {bridged!r} needs a payload model: declare it as "
                "`BridgedSignal[Payload](django_signal, ...)`"
            )
        self.bridged = bridged
        self._forwarder_uid = ("typedsignals.contrib.django", id(self))
        self._forwarding = False
        self._bridge_lock = threading.RLock()  # receivers_info() may call receivers_changed()

    @property
    def forwarding(self) -> bool:
        """Whether the forwarding receiver is connected to the Django signal."""
        return self._forwarding

    def receivers_changed(self) -> None:
        """Connect the forwarder to Django's signal when the first typed receiver connects,
        disconnect it when the last one leaves or dies."""
        with self._bridge_lock:
            listening = bool(self.receivers_info())
            if listening == self._forwarding:
                return
            if listening:
                self.bridged.connect(self._forward, weak=False, dispatch_uid=self._forwarder_uid)
            else:
                self.bridged.disconnect(dispatch_uid=self._forwarder_uid)
            self._forwarding = listening

    def _forward(
        self, signal: DjangoSignal, sender: Any, **arguments: Any
    ) -> list[tuple[Callable[..., Any], Any]]:
        """Django's receiver: hand Django's arguments, as they are, to the typed receivers."""
        model: Any = self.payload_model
        return self.send(sender, model.model_construct(**arguments))


class BridgedModelSignal(BridgedSignal[M]):
    """A ``BridgedSignal`` for a Django ``ModelSignal``: ``sender`` may be a model class or, as
    in Django, a lazy ``"app_label.ModelName"`` string.

    A string sender is resolved through the app registry: at once if the model is loaded, else
    when it is (Django's ``ModelSignal`` does the same). ``disconnect`` then returns whether a
    receiver was disconnected, or ``False`` while the model is not loaded yet.
    """

    @overload
    def connect(
        self,
        receiver: F,
        sender: Any = None,
        weak: bool = True,
        dispatch_uid: Hashable | None = None,
    ) -> F: ...

    @overload
    def connect(
        self,
        receiver: None = None,
        sender: Any = None,
        weak: bool = True,
        dispatch_uid: Hashable | None = None,
    ) -> Callable[[F], F]: ...

    def connect(
        self,
        receiver: F | None = None,
        sender: Any = None,
        weak: bool = True,
        dispatch_uid: Hashable | None = None,
    ) -> F | Callable[[F], F]:
        if receiver is None or not isinstance(sender, str):
            return super().connect(receiver, sender, weak, dispatch_uid)
        connect = super().connect
        _with_model(sender, lambda model: connect(receiver, model, weak, dispatch_uid))
        return receiver

    def disconnect(
        self,
        receiver: Callable[..., Any] | None = None,
        sender: Any = None,
        dispatch_uid: Hashable | None = None,
    ) -> bool:
        if not isinstance(sender, str):
            return super().disconnect(receiver, sender, dispatch_uid)
        disconnect = super().disconnect
        return bool(_with_model(sender, lambda model: disconnect(receiver, model, dispatch_uid)))


def _with_model(reference: str, action: Callable[[Any], T]) -> T | None:
    """Call ``action(model)`` once the model ``"app_label.ModelName"`` is loaded; return its
    result if that is now, else ``None``."""
    results: list[T] = []
    apps.lazy_model_operation(
        lambda model: results.append(action(model)), make_model_tuple(reference)
    )
    return results[0] if results else None
