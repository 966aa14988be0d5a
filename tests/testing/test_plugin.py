"""The pytest plugin: its fixtures, run with ``pytester`` as a user's test suite would."""

from __future__ import annotations

import pytest

SIGNALS = """
    from typing import Any
    from pydantic import BaseModel, Field
    from typedsignals import Signal

    class Oven:
        '''Bakes.'''

    class Baked(BaseModel):
        toppings: list[str]
        size: int = Field(default=30, gt=0)

    baked = Signal[Baked](sender=Oven)
    boxed: list[int] = []

    @baked.connect
    def box_it(size: int, **kwargs: Any) -> None:
        boxed.append(size)

    def bake(size: int) -> None:
        baked.send(Oven, toppings=["ham"], size=size)
"""


@pytest.fixture
def kitchen(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(kitchen=SIGNALS)
    return pytester


def test_the_plugin_is_registered_by_its_entry_point(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures")

    result.stdout.fnmatch_lines(
        [
            "*fixtures defined from typedsignals.testing*",
            "capture_signal*",
            "    Capture sends of a signal: ``sent = capture_signal(pizza_done)``.",
            "mute_signal*",
            "    Mute signals for the rest of the test: ``mute_signal(pizza_done)``.",
            "connect_receiver*",
            "    Connect a receiver until the test ends: ``connect_receiver(pizza_done, fn)``.",
        ]
    )


def test_capture_signal_fixture(kitchen: pytest.Pytester) -> None:
    kitchen.makepyfile(
        test_capture="""
        from kitchen import Baked, Oven, bake, baked
        from typedsignals.testing import CaptureSignal

        def test_captures(capture_signal: CaptureSignal) -> None:
            sent = capture_signal(baked)
            bake(32)
            sent.assert_sent_once(Oven, toppings=["ham"], size=32)
            assert sent.payloads == [Baked(toppings=["ham"], size=32)]

        def test_the_capture_ended_with_the_previous_test() -> None:
            assert [info.qualname for info in baked.receivers_info()] == ["box_it"]

        def test_failure(capture_signal: CaptureSignal) -> None:
            sent = capture_signal(baked)
            bake(32)
            sent.assert_sent(size=40)
        """
    )

    result = kitchen.runpytest()

    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "    def test_failure(capture_signal: CaptureSignal) -> None:",
            "*",
            ">       sent.assert_sent(size=40)",
            "E       AssertionError: signal 'kitchen.baked' was not sent with size=40; "
            "it was sent once:",
            "E         #1 size=32 (expected 40)",
            "",
            "test_capture.py:16: AssertionError",
        ],
        consecutive=False,
    )
    assert "def assert_sent" not in result.stdout.str()  # the helper's frame is hidden


def test_mute_signal_fixture(kitchen: pytest.Pytester) -> None:
    kitchen.makepyfile(
        test_mute="""
        import kitchen
        from typedsignals.testing import CaptureSignal, MuteSignal

        def test_muted(mute_signal: MuteSignal, capture_signal: CaptureSignal) -> None:
            mute_signal(kitchen.baked)
            sent = capture_signal(kitchen.baked)
            kitchen.bake(31)
            assert kitchen.boxed == []
            sent.assert_sent(size=31)

        def test_receivers_are_back() -> None:
            kitchen.bake(32)
            assert kitchen.boxed == [32]
        """
    )

    kitchen.runpytest().assert_outcomes(passed=2)


def test_connect_receiver_fixture(kitchen: pytest.Pytester) -> None:
    kitchen.makepyfile(
        test_connect="""
        from typing import Any
        import kitchen
        from typedsignals.testing import ConnectReceiver

        def test_connected(connect_receiver: ConnectReceiver) -> None:
            seen: list[list[str]] = []

            def spy(toppings: list[str], **kwargs: Any) -> None:
                seen.append(toppings)

            assert connect_receiver(kitchen.baked, spy, sender=kitchen.Oven) is spy
            kitchen.bake(30)
            assert seen == [["ham"]]

        def test_disconnected_after() -> None:
            assert [info.qualname for info in kitchen.baked.receivers_info()] == ["box_it"]

        def test_receiver_checked(connect_receiver: ConnectReceiver) -> None:
            def wrong(colour: str, **kwargs: Any) -> None: ...

            connect_receiver(kitchen.baked, wrong)
        """
    )

    result = kitchen.runpytest()

    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "E*typedsignals.errors.ReceiverSignatureError: receiver "
            "'test_connect.test_receiver_checked.<locals>.wrong' cannot receive signal "
            "'kitchen.baked' (Baked): parameter 'colour' is required but Baked has no such field"
        ]
    )
