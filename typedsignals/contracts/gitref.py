"""``--against git:REF``: the contract the code had at a git revision.

As ``griffe check`` does, the revision is checked out into a temporary worktree; a fresh
Python process imports the packages from there (from the same subdirectory of the repository
as the current one) and prints their contract. The worktree is removed afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from typedsignals.catalog import CatalogImportError
from typedsignals.contracts.lockfile import (
    ContractError,
    SignalContract,
    build_contract,
    read_contract,
    render_contract,
)

__all__ = ["contract_at", "lock_in_checkout"]


def contract_at(ref: str, packages: Sequence[str], cwd: Path) -> dict[str, SignalContract]:
    """The contract of ``packages`` as the code at ``ref`` declares them."""
    prefix = _git(["rev-parse", "--show-prefix"], cwd, ref).strip()
    with tempfile.TemporaryDirectory(prefix="typedsignals-check-") as tmp:
        tree = Path(tmp) / "tree"
        _git(["worktree", "add", "--detach", "--quiet", str(tree), ref], cwd, ref)
        try:
            if not (tree / prefix).is_dir():
                raise ContractError(
                    f"git:{ref} has no directory {prefix.rstrip('/')!r}, the one check runs in"
                )
            process = subprocess.run(
                [sys.executable, "-c", _CHILD, *packages],
                cwd=tree / prefix,
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        finally:
            _git(["worktree", "remove", "--force", str(tree)], cwd, ref)
    if process.returncode != 0:
        reason = process.stderr.strip().splitlines()[-1:] or ["no output"]
        raise ContractError(f"cannot make the contract of git:{ref}: {reason[0]}")
    return read_contract(process.stdout, f"the contract of git:{ref}")


def lock_in_checkout(packages: Sequence[str]) -> str:
    """The lock text of ``packages``, refusing any imported from outside the current directory
    (an installed copy would hide the revision's code)."""
    root = Path.cwd().resolve()
    contracts = build_contract(packages)
    for package in packages:
        module = sys.modules[package]
        location = Path(getattr(module, "__file__", None) or next(iter(module.__path__)))
        if not location.resolve().is_relative_to(root):
            raise ContractError(
                f"package {package!r} was imported from {location}, not from the "
                "checked-out revision: run check from the directory that contains the package, "
                "or uninstall the copy that shadows it"
            )
    return render_contract(packages, contracts)


_CHILD = """
import sys
from typedsignals.contracts.gitref import _child_main
sys.exit(_child_main(sys.argv[1:]))
"""


def _child_main(packages: list[str]) -> int:
    try:
        sys.stdout.write(lock_in_checkout(packages))
    except (CatalogImportError, ContractError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _git(args: list[str], cwd: Path, ref: str) -> str:
    try:
        process = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise ContractError(f"--against git:{ref} needs git, which is not on PATH") from exc
    if process.returncode != 0:
        detail = process.stderr.strip().splitlines()[:1] or [f"git {args[0]} failed"]
        raise ContractError(f"cannot check out git:{ref}: {detail[0]}")
    return process.stdout
