"""Payload contracts over time: ``python -m typedsignals lock`` and ``check``.

``lockfile`` writes and reads the contract (``signals.lock.json``): every signal's label,
sender, payload JSON Schema, ``extra`` policy and role. ``rules`` compares a contract with the
code and says, per role, what breaks. ``gitref`` makes the contract of a git revision;
``formats`` renders findings as text, JSON or GitHub annotations.
"""

from __future__ import annotations

from typedsignals.contracts.lockfile import (
    ContractError,
    Role,
    SignalContract,
    build_contract,
    contract_of_signal,
    read_contract,
    render_contract,
)
from typedsignals.contracts.rules import RULES, Finding, Rule, Severity, compare

__all__ = [
    "RULES",
    "ContractError",
    "Finding",
    "Role",
    "Rule",
    "Severity",
    "SignalContract",
    "build_contract",
    "compare",
    "contract_of_signal",
    "read_contract",
    "render_contract",
]
