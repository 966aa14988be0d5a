"""Imported by no test: a crafted message names it, and the worker must not import it.

On import it records that it was imported: in ``sys`` (``sys.typedsignals_canary``) and, when
``TYPEDSIGNALS_CANARY_FILE`` is set (a real worker process), in that file.
"""

from __future__ import annotations

import os
import sys

sys.typedsignals_canary = True  # type: ignore[attr-defined]
if os.environ.get("TYPEDSIGNALS_CANARY_FILE"):
    with open(os.environ["TYPEDSIGNALS_CANARY_FILE"], "w") as canary:
        canary.write("imported\n")


class Anything:
    """What the crafted message names as its sender."""
