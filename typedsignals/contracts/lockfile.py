"""The contract of a package's signals, as ``signals.lock.json`` holds it.

One entry per signal, keyed by its label: the declared sender, the payload model, its
``extra`` policy, the role (how its receivers run) and the payload's JSON Schema. The schema's
properties are keyed by field name (what receivers get, and what a queued payload carries);
a field whose alias differs carries it as ``x-alias``, so an alias change is one change, not
a field removed and another added.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from typedsignals.catalog import import_package, is_inside, qualified_name
from typedsignals.dispatcher import Signal, all_signals
from typedsignals.payload import json_schema_of
from typedsignals.receivers import ReceiverInfo

__all__ = [
    "FORMAT_VERSION",
    "ContractError",
    "Role",
    "SignalContract",
    "build_contract",
    "contract_of_signal",
    "read_contract",
    "read_contract_file",
    "render_contract",
]

FORMAT_VERSION = 1
"""The ``typedsignals_lock`` version this module writes and reads."""


class ContractError(Exception):
    """A contract could not be made or read: the command cannot run (exit status 2)."""


class Role(enum.Enum):
    """How a signal's payload reaches its receivers, from the least to the most exposed."""

    IN_PROCESS = "in-process"
    """Every receiver runs in the sending process: senders and receivers deploy together."""
    QUEUED = "queued"
    """A receiver runs from a task queue (Celery): the payload is read across a deploy."""
    DURABLE = "durable"
    """A receiver is fed from an outbox: the payload may wait long, across many deploys."""

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @classmethod
    def of_receiver(cls, info: ReceiverInfo) -> Role:
        """A receiver's role, from the ``runs_on`` mark its integration sets.

        No mark: in-process. A mark that says ``durable`` (the outbox's): durable. Any other
        mark (``Celery``): queued.
        """
        if info.runs_on is None:
            return cls.IN_PROCESS
        return cls.DURABLE if "durable" in info.runs_on.lower() else cls.QUEUED

    @classmethod
    def strongest(cls, roles: Iterable[Role]) -> Role:
        return max(roles, key=lambda role: role.rank, default=cls.IN_PROCESS)


@attrs.frozen
class SignalContract:
    """What a signal promises: one entry of the lock file."""

    label: str
    sender: str | None
    model: str | None
    extra: str
    """The payload model's ``extra`` policy (``ignore``, ``forbid``, ``allow``); an untyped
    signal takes any keyword: ``allow``."""
    role: Role
    schema: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "sender": self.sender,
            "model": self.model,
            "extra": self.extra,
            "role": self.role.value,
            "schema": self.schema,
        }

    @classmethod
    def from_json(cls, label: str, data: object, where: str) -> SignalContract:
        """One entry of a lock file; ``where`` names the file in errors."""
        problem = f"{where}: signal {label!r} has "
        fix = "; write the lock again with `python -m typedsignals lock`"
        if not isinstance(data, dict):
            raise ContractError(f"{problem}no contract (not an object){fix}")
        missing = [key for key in ("sender", "model", "extra", "role", "schema") if key not in data]
        if missing:
            raise ContractError(f"{problem}no {', '.join(missing)}{fix}")
        roles = [role.value for role in Role]
        if data["role"] not in roles:
            raise ContractError(f"{problem}role {data['role']!r}, not one of {roles}{fix}")
        if not isinstance(data["schema"], dict) or not isinstance(data["extra"], str):
            raise ContractError(f"{problem}a malformed schema or extra{fix}")
        return cls(
            label=label,
            sender=data["sender"],
            model=data["model"],
            extra=data["extra"],
            role=Role(data["role"]),
            schema=data["schema"],
        )


def contract_of_signal(signal: Signal[Any]) -> SignalContract:
    """The contract ``signal`` makes now, with the receivers connected now."""
    model = signal.payload_model
    role = Role.strongest(Role.of_receiver(info) for info in signal.receivers_info())
    return SignalContract(
        label=signal.label,
        sender=None if signal.sender is None else qualified_name(signal.sender),
        model=None if model is None else qualified_name(model),
        extra="allow" if model is None else str(model.model_config.get("extra") or "ignore"),
        role=role,
        schema=signal.json_schema() if model is None else _schema_by_name(model),
    )


def build_contract(packages: Iterable[str]) -> dict[str, SignalContract]:
    """Import each package (and its submodules) and return the contract of every signal in it.

    Raises ``typedsignals.catalog.CatalogImportError`` when a package does not import.
    """
    packages = list(packages)
    for package in packages:
        import_package(package)
    contracts: dict[str, SignalContract] = {}
    signals = [
        signal
        for signal in all_signals()
        if any(is_inside(signal.module, package) for package in packages)
    ]
    for signal in signals:
        contract = contract_of_signal(signal)
        if contract.label in contracts:
            count = sum(1 for other in signals if other.label == contract.label)
            raise ContractError(
                f"{count} signals have the label {contract.label!r}: bind each signal to a "
                "module-level name (or pass name=...) so the lock can tell them apart"
            )
        contracts[contract.label] = contract
    return dict(sorted(contracts.items()))


def render_contract(packages: Iterable[str], contracts: dict[str, SignalContract]) -> str:
    """The lock file's text: stable (sorted keys, two-space indent, final newline)."""
    document = {
        "typedsignals_lock": FORMAT_VERSION,
        "packages": sorted(packages),
        "signals": {label: contract.to_json() for label, contract in contracts.items()},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def read_contract(text: str, where: str) -> dict[str, SignalContract]:
    """Parse a lock file's text; ``where`` names it in errors."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContractError(f"{where} is not JSON: {exc}") from exc
    if not isinstance(document, dict) or "typedsignals_lock" not in document:
        raise ContractError(
            f"{where} is not a typedsignals lock file (no 'typedsignals_lock' key); "
            "write one with `python -m typedsignals lock PACKAGE`"
        )
    version = document["typedsignals_lock"]
    if version != FORMAT_VERSION:
        raise ContractError(
            f"{where} has lock format {version!r}; this typedsignals reads format "
            f"{FORMAT_VERSION}: write it again with `python -m typedsignals lock`"
        )
    signals = document.get("signals")
    if not isinstance(signals, dict):
        raise ContractError(
            f"{where}: 'signals' is not an object; "
            "write the lock again with `python -m typedsignals lock`"
        )
    return {label: SignalContract.from_json(label, data, where) for label, data in signals.items()}


def read_contract_file(path: Path) -> dict[str, SignalContract]:
    """Read the lock file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContractError(
            f"cannot read {path}: {exc.strerror or exc}; "
            "write it with `python -m typedsignals lock PACKAGE -o PATH`"
        ) from exc
    return read_contract(text, str(path))


def _schema_by_name(model: Any) -> dict[str, Any]:
    """The payload's JSON Schema keyed by field name, each differing alias as ``x-alias``."""
    by_name = json_schema_of(model, by_alias=False)
    _mark_aliases(by_name, json_schema_of(model))
    return by_name


def _mark_aliases(by_name: Any, by_alias: Any) -> None:
    """Walk both schemas together (same shape, property keys aside) and note the aliases."""
    if isinstance(by_name, list) and isinstance(by_alias, list):
        for named, aliased in zip(by_name, by_alias, strict=False):
            _mark_aliases(named, aliased)
        return
    if not (isinstance(by_name, dict) and isinstance(by_alias, dict)):
        return
    for key, value in by_name.items():
        if key == "properties" and isinstance(value, dict):
            aliased_properties = by_alias.get(key, {})
            for (name, prop), (alias, aliased) in zip(
                value.items(), aliased_properties.items(), strict=False
            ):
                if alias != name and isinstance(prop, dict):
                    prop["x-alias"] = alias
                _mark_aliases(prop, aliased)
        elif key in by_alias:
            _mark_aliases(value, by_alias[key])
