"""Every mistake a user can make is a warning that says what and where (and fails ``-W``)."""

from __future__ import annotations

from collections.abc import Callable

from tests.sphinx.conftest import Build

NOT_INSTALLED = "(is it installed, or is the current directory the one that contains it?)"


def test_warnings_name_the_problem_and_the_place(build: Callable[..., Build]) -> None:
    errors = build("errors")
    source = str(errors.app.srcdir / "index.rst")
    assert errors.warnings.replace(source, "index.rst").splitlines() == [
        "WARNING: typedsignals_receiver_modules: cannot import 'bakery.missing': "
        f"ModuleNotFoundError: No module named 'bakery.missing' {NOT_INSTALLED} "
        "[typedsignals.import]",
        "index.rst:4: WARNING: autosignal: cannot find signal 'bakery.nowhere.order_placed': "
        "'bakery' has no attribute 'nowhere'; give its full dotted path, "
        "e.g. myapp.signals.order_placed [typedsignals.autosignal]",
        "index.rst:6: WARNING: autosignal: 'bakery.signals.Loaf' is the class Loaf, not a "
        "typedsignals Signal (document it with autodata, autoclass or autofunction) "
        "[typedsignals.autosignal]",
        "index.rst:8: WARNING: autosignal: cannot import signal 'broken_signals.anything': "
        "RuntimeError: the oven is on fire [typedsignals.autosignal]",
        "index.rst:10: WARNING: autosignal: cannot find signal 'loaf_baked': no module named "
        "'loaf_baked'; give its full dotted path, e.g. myapp.signals.order_placed "
        "[typedsignals.autosignal]",
        'index.rst:12: ERROR: Error in "autosignal" directive:',
        "invalid option value: (option: \"show-json-schema\"; value: 'maybe')",
        'expected "true" or "false", got \'maybe\'.',
        "",
        ".. autosignal:: bakery.signals.tick",
        "   :show-json-schema: maybe [docutils]",
        "index.rst:15: WARNING: py:signal: cannot import the payload model "
        "'bakery.signals.nothing': 'bakery.signals' has no attribute 'nothing' "
        "[typedsignals.payload]",
        "index.rst:18: WARNING: py:signal: :payload: 'bakery.store.Bakery' is not a pydantic "
        "model (got <class 'bakery.store.Bakery'>) [typedsignals.payload]",
        "index.rst:21: WARNING: py:signal: importing the payload model "
        "'broken_signals.Model' raised RuntimeError: the oven is on fire [typedsignals.payload]",
        "index.rst:24: WARNING: signal-catalog: cannot import 'nowhere_package': "
        f"ModuleNotFoundError: No module named 'nowhere_package' {NOT_INSTALLED} "
        "[typedsignals.catalog]",
    ]
