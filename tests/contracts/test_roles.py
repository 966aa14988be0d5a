"""A signal's role comes from how its receivers run, and labels must be unique to be locked."""

from __future__ import annotations

from typing import Any

import pytest
from celery import Celery
from pydantic import BaseModel

from tests.contracts.conftest import Write
from typedsignals import Signal
from typedsignals.__main__ import main
from typedsignals.contracts import Role, contract_of_signal
from typedsignals.contrib.celery import task_receiver


class Sold(BaseModel):
    item: str


queued_sold = Signal[Sold]()
durable_sold = Signal[Sold]()
local_sold = Signal[Sold]()


def local(**kwargs: Any) -> None:
    """An ordinary receiver."""


def test_no_receiver_is_in_process() -> None:
    assert contract_of_signal(Signal[Sold](name="nobody")).role is Role.IN_PROCESS


def test_ordinary_receivers_are_in_process() -> None:
    local_sold.connect(local)
    assert contract_of_signal(local_sold).role is Role.IN_PROCESS


def test_a_task_receiver_makes_the_signal_queued() -> None:
    app = Celery("contracts", broker="memory://", set_as_current=False)

    @task_receiver(queued_sold, app=app)
    def on_sold(item: str, **kwargs: Any) -> None:
        """Runs on a worker."""

    queued_sold.connect(local)
    assert contract_of_signal(queued_sold).role is Role.QUEUED


def test_a_receiver_marked_durable_makes_the_signal_durable() -> None:
    """The outbox marks its stand-in receivers with a ``runs_on`` that says durable."""

    def relayed(**kwargs: Any) -> None:
        """Written to the outbox, relayed to Celery."""

    relayed.typedsignals_runs_on = "Celery (durable, outbox)"  # type: ignore[attr-defined]
    durable_sold.connect(relayed)
    durable_sold.connect(local)
    assert contract_of_signal(durable_sold).role is Role.DURABLE


def test_two_signals_with_one_label_cannot_be_locked(
    shop: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    shop(
        """
        from pydantic import BaseModel
        from typedsignals import Signal

        class Sold(BaseModel):
            item: str

        signals = [Signal[Sold](), Signal[Sold]()]
        """
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["lock", "shop_contracts"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "python -m typedsignals lock: error: 2 signals have the label 'Signal[Sold]': "
        "bind each signal to a module-level name (or pass name=...) so the lock can tell "
        "them apart\n"
    )
