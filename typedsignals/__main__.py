"""``python -m typedsignals catalog PACKAGE``: print the signals a package declares.

Exit status 0 on success, 2 on a usage error or when the package (or a submodule) does not
import; the reason goes to stderr.

``lock PACKAGE…`` writes the payload contract (``signals.lock.json``); ``check PACKAGE…
--against FILE|git:REF`` compares the code with it: exit 0 when no change reaches
``--fail-on``, 1 when one does, 2 when the check cannot run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from typedsignals.catalog import (
    CatalogImportError,
    add_catalog_arguments,
    is_inside,
    render_catalog,
    setup_django,
)
from typedsignals.contracts import ContractError, Severity, build_contract, compare
from typedsignals.contracts.formats import FORMATS
from typedsignals.contracts.gitref import contract_at
from typedsignals.contracts.lockfile import read_contract_file, render_contract

DJANGO_HINT = (
    "; a Django project's apps import once Django is set up: give the settings with "
    "--django-settings mysite.settings, or run: python manage.py typedsignals_catalog PACKAGE"
)
LOCK_FILE = "signals.lock.json"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m typedsignals",
        description="Tools for projects that use typedsignals.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    catalog_parser = commands.add_parser(
        "catalog",
        help="list every signal a package declares",
        description=(
            "Import PACKAGE and all its submodules, then list every signal declared in them: "
            "module, name, sender, payload model, fields (type, default, constraints), and "
            "the receivers connected by the imports."
        ),
    )
    add_catalog_arguments(catalog_parser)
    catalog_parser.add_argument(
        "--django-settings",
        metavar="MODULE",
        default=os.environ.get("DJANGO_SETTINGS_MODULE"),
        help="set Django up with this settings module first, as manage.py does "
        "(default: $DJANGO_SETTINGS_MODULE)",
    )
    _add_contract_commands(commands)
    return parser


def _add_contract_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lock_parser = commands.add_parser(
        "lock",
        help="write the payload contract of packages",
        description=(
            "Import each PACKAGE and write the contract of its signals (label, sender, payload "
            "JSON Schema, extra policy, role) for `check` to compare against later."
        ),
    )
    lock_parser.add_argument("packages", nargs="+", metavar="PACKAGE")
    lock_parser.add_argument(
        "-o", "--output", default=LOCK_FILE, help=f"file to write, - for stdout ({LOCK_FILE})"
    )
    check_parser = commands.add_parser(
        "check",
        help="report payload changes against a lock file or a git revision",
        description=(
            "Compare the signals of each PACKAGE with a contract: a lock file, or git:REF (the "
            "code at that revision). Every change gets a rule id, a severity for the signal's "
            "role (in-process, queued, durable), the signal, a JSON pointer and a message."
        ),
    )
    check_parser.add_argument("packages", nargs="+", metavar="PACKAGE")
    check_parser.add_argument(
        "--against", required=True, metavar="FILE|git:REF", help="the contract to compare with"
    )
    check_parser.add_argument(
        "--format", choices=sorted(FORMATS), default="text", help="output format (text)"
    )
    check_parser.add_argument(
        "--fail-on",
        choices=[severity.label for severity in Severity],
        default="error",
        help="the lowest severity that makes the exit status 1 (error)",
    )


def _lock(args: argparse.Namespace) -> int:
    contracts = build_contract(args.packages)
    text = render_contract(args.packages, contracts)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise ContractError(f"cannot write {args.output}: {error.strerror or error}") from error
    signals = f"{len(contracts)} signal{'' if len(contracts) == 1 else 's'}"
    print(f"wrote {args.output}: {signals} of {', '.join(args.packages)}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    against: str = args.against
    if against.startswith("git:"):
        locked = contract_at(against.removeprefix("git:"), args.packages, Path.cwd())
    else:
        locked = read_contract_file(Path(against))
    # A lock of more packages than the ones checked: only theirs can have changed.
    locked = {
        label: contract
        for label, contract in locked.items()
        if any(is_inside(label.rpartition(".")[0], package) for package in args.packages)
    }
    findings = compare(locked, build_contract(args.packages))
    output = FORMATS[args.format](findings, against)
    if output:
        print(output)
    threshold = Severity[args.fail_on.upper()]
    return 1 if any(finding.severity >= threshold for finding in findings) else 0


CONTRACT_COMMANDS = {"lock": _lock, "check": _check}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in CONTRACT_COMMANDS:
        try:
            return CONTRACT_COMMANDS[args.command](args)
        except (CatalogImportError, ContractError) as error:
            parser.exit(2, f"{parser.prog} {args.command}: error: {error}\n")
    try:
        if args.django_settings:
            setup_django(args.django_settings)
        text = render_catalog(args.package, args.format, with_schema=args.schema)
    except CatalogImportError as error:
        hint = DJANGO_HINT if error.django_not_set_up else ""
        parser.exit(2, f"{parser.prog} catalog: error: {error}{hint}\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
