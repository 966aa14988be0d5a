"""``python -m typedsignals catalog PACKAGE``: print the signals a package declares.

Exit status 0 on success, 2 on a usage error or when the package (or a submodule) does not
import; the reason goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from typedsignals.catalog import (
    RENDERERS,
    CatalogImportError,
    add_catalog_arguments,
    catalog,
    setup_django,
)

DJANGO_HINT = (
    "; a Django project's apps import once Django is set up: give the settings with "
    "--django-settings mysite.settings, or run: python manage.py typedsignals_catalog PACKAGE"
)


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.django_settings:
            setup_django(args.django_settings)
        entries = catalog(args.package, with_schema=args.schema)
    except CatalogImportError as error:
        hint = DJANGO_HINT if error.django_not_set_up else ""
        parser.exit(2, f"{parser.prog} catalog: error: {error}{hint}\n")
    print(RENDERERS[args.format](args.package, entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
