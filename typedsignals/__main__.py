"""``python -m typedsignals catalog PACKAGE``: print the signals a package declares.

Exit status 0 on success, 2 on a usage error or when the package (or a submodule) does not
import; the reason goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from typedsignals.catalog import (
    CatalogImportError,
    catalog,
    render_json,
    render_markdown,
    render_table,
)

RENDERERS = {"table": render_table, "json": render_json, "markdown": render_markdown}


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
    catalog_parser.add_argument("package", metavar="PACKAGE", help="importable package name")
    catalog_parser.add_argument(
        "--format", choices=sorted(RENDERERS), default="table", help="output format (table)"
    )
    catalog_parser.add_argument(
        "--schema", action="store_true", help="include each payload's JSON Schema"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        entries = catalog(args.package, with_schema=args.schema)
    except CatalogImportError as error:
        parser.exit(2, f"{parser.prog} catalog: error: {error}\n")
    print(RENDERERS[args.format](args.package, entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
