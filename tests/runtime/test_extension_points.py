"""The public extension points integrations build on: overriding connect, receivers_changed."""

from __future__ import annotations

from typing import Any

from tests.runtime.conftest import Val, garbage_collect
from typedsignals import Signal, receiver


class CountingSignal(Signal[Val]):
    """Records when the set of live receivers changed, and what connect was asked."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.changes: list[int] = []
        self.connected_with: list[dict[str, Any]] = []

    def connect(
        self, receiver: Any = None, sender: Any = None, weak: bool = True, dispatch_uid: Any = None
    ) -> Any:
        self.connected_with.append({"sender": sender, "weak": weak})
        return super().connect(receiver, sender, weak, dispatch_uid)

    def receivers_changed(self) -> None:
        self.changes.append(len(self.receivers_info()))


def test_receivers_changed_after_connect_disconnect_and_death() -> None:
    signal = CountingSignal()

    def first(**kwargs: Any) -> None: ...

    def second(**kwargs: Any) -> None: ...

    signal.connect(first)
    signal.connect(second)
    signal.connect(second)  # already connected: nothing changed
    signal.disconnect(first)
    assert not signal.disconnect(first)  # not connected: nothing changed
    assert signal.changes == [1, 2, 1]
    del second
    garbage_collect()
    signal.send(None, val=1)  # the send notices the dead receiver
    assert signal.changes == [1, 2, 1, 0]
    signal.send(None, val=1)
    assert signal.changes == [1, 2, 1, 0]


def test_receiver_decorator_goes_through_the_subclass_connect() -> None:
    signal = CountingSignal()

    @receiver(signal, sender=int, weak=False)
    def handler(**kwargs: Any) -> None: ...

    assert signal.connected_with == [{"sender": int, "weak": False}]
