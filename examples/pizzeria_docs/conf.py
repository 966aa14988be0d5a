"""Sphinx configuration of the pizzeria's reference docs (``make demo`` builds them)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # examples/, for `pizzeria`

project = "Pizzeria"
extensions = ["sphinx_ext"]
nitpicky = True

# Import the modules whose receivers should be listed under each signal.
typedsignals_receiver_modules = ["pizzeria"]
