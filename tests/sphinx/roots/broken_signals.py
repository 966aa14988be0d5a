"""A module that cannot be imported."""

raise RuntimeError("the oven is on fire")
