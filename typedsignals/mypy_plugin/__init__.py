"""Internals of the mypy plugin ``typedsignals.mypy``, one module per feature.

- ``fullnames``: the names the plugin looks for;
- ``errors``: its error codes and every message it reports;
- ``models``: what a payload model sends (fields, aliases, defaults, ``extra``);
- ``send``: the precise signatures of ``send``/``send_robust``/``asend``/``asend_robust``;
- ``receivers``: receivers checked however they are connected;
- ``declaration``: ``Signal[M](...)`` with a reserved field name.
"""

from typedsignals.extras import requires_extra

with requires_extra(__name__, "mypy", extra="mypy"):
    import mypy.plugin  # noqa: F401  (every module of the plugin builds on it)
