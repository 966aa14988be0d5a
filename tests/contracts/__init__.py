"""Helpers for the payload-contract tests: contracts made from models, without a package."""

from __future__ import annotations

from typing import Any

import attrs
from pydantic import BaseModel, ConfigDict, create_model

from typedsignals import Signal
from typedsignals.contracts import Role, SignalContract, contract_of_signal

LABEL = "shop.signals.sold"


def model(
    __name: str = "Sold",
    *,
    doc: str = "Something was sold.",
    extra: str | None = None,
    **fields: Any,
) -> type[BaseModel]:
    """A payload model named ``__name``: each field ``name=(type, default or Field(...))``."""
    config = ConfigDict(extra=extra) if extra else None  # type: ignore[typeddict-item]
    return create_model(__name, __config__=config, __doc__=doc, **fields)


def contract(
    payload: type[BaseModel],
    *,
    role: Role = Role.IN_PROCESS,
    label: str = LABEL,
    sender: str | None = "shop.Store",
) -> SignalContract:
    """The contract of a signal of ``payload``, as if declared at ``label`` with that role."""
    made = contract_of_signal(Signal[payload](name="sold"))  # type: ignore[valid-type]
    return attrs.evolve(made, label=label, role=role, sender=sender)
