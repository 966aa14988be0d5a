"""Sphinx extension documenting typedsignals signals (built in its own issue)."""
