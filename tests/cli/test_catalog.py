"""``python -m typedsignals catalog``: every signal of a package, as a table, JSON or Markdown."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from typedsignals.__main__ import main

EXAMPLES = Path(__file__).parents[2] / "examples"


def run_cli(*args: str, cwd: Path = EXAMPLES) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "typedsignals", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def make_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a package (``{module: source}``) under a fresh name; return that name."""
    monkeypatch.syspath_prepend(str(tmp_path))
    counter = iter(range(1000))

    def make(modules: dict[str, str]) -> str:
        name = f"catalogued_{tmp_path.name.replace('-', '_')}_{next(counter)}"
        for module, source in modules.items():
            path = tmp_path / name / (module.replace(".", "/") + ".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source))
        return name

    return make


SIGNALS = """
    from typing import Any
    from pydantic import BaseModel, Field
    from typedsignals import Signal

    class Store:
        '''Sells things.'''

    class Sold(BaseModel):
        '''Something was sold.'''
        item: str = Field(alias="product", description="What | which.")
        tags: list[str] = Field(default_factory=list)
        price: float | None = Field(default=None, ge=0)

    sold = Signal[Sold](sender=Store)
    legacy = Signal(doc="The old way.")
    fast = Signal[Sold](validate=False)
"""

RECEIVERS = """
    from typing import Any
    from {package}.signals import Store, sold, legacy

    def count(**kwargs: Any) -> None: ...
    async def notify(**kwargs: Any) -> None: ...
    def ship(**kwargs: Any) -> None: ...
    ship.typedsignals_runs_on = "Celery"  # the mark a task-queue integration sets

    sold.connect(count, sender=Store, dispatch_uid="count-sales")
    sold.connect(notify, weak=False)
    legacy.connect(count)
    legacy.connect(ship)
"""


def test_markdown_describes_every_signal_field_and_receiver(
    make_package, capsys: pytest.CaptureFixture[str]
) -> None:
    package = make_package({"__init__": "", "signals": SIGNALS})
    (Path(sys.path[0]) / package / "receivers.py").write_text(
        textwrap.dedent(RECEIVERS.format(package=package))
    )

    assert main(["catalog", package, "--format", "markdown"]) == 0

    assert capsys.readouterr().out == textwrap.dedent(f"""\
        # Signals of `{package}`

        ## `{package}.signals.sold`

        Something was sold.

        **Sender:** `{package}.signals.Store`

        **Payload:** `{package}.signals.Sold`

        **Arguments**

        | Argument | Type | Default | Constraints | Description |
        |---|---|---|---|---|
        | `item` (alias `product`) | `str` | *required* |  | What \\| which. |
        | `tags` | `list[str]` | `list()` |  |  |
        | `price` | `float | None` | `None` | `ge=0` |  |

        **Receivers:**

        - `{package}.receivers.count` — sender `{package}.signals.Store`, dispatch_uid 'count-sales'
        - `{package}.receivers.notify` — any sender, async, strong reference

        ## `{package}.signals.legacy`

        The old way.

        **Sender:** any sender

        **Payload:** untyped (any keyword arguments, not validated)

        **Receivers:**

        - `{package}.receivers.count` — any sender
        - `{package}.receivers.ship` — any sender, runs on Celery

        ## `{package}.signals.fast`

        Something was sold.

        **Sender:** any sender

        **Payload:** `{package}.signals.Sold` (validation off)

        **Arguments**

        | Argument | Type | Default | Constraints | Description |
        |---|---|---|---|---|
        | `item` (alias `product`) | `str` | *required* |  | What \\| which. |
        | `tags` | `list[str]` | `list()` |  |  |
        | `price` | `float | None` | `None` | `ge=0` |  |

        **Receivers:** none connected
        """)


def test_table_for_a_terminal(make_package, capsys: pytest.CaptureFixture[str]) -> None:
    """The pizzeria's table is in docs/catalog.md, checked by tests/docs."""
    package = make_package({"__init__": "", "signals": SIGNALS})
    (Path(sys.path[0]) / package / "receivers.py").write_text(
        textwrap.dedent(RECEIVERS.format(package=package))
    )

    assert main(["catalog", package]) == 0

    assert capsys.readouterr().out == textwrap.dedent(f"""\
        {package}.signals.sold  (Signal[Sold])
          Something was sold.
          sender: {package}.signals.Store
          fields:
            item   str           required
            tags   list[str]     default list()
            price  float | None  default None    ge=0
          receivers:
            {package}.receivers.count (sender {package}.signals.Store, dispatch_uid 'count-sales')
            {package}.receivers.notify (async, strong reference)

        {package}.signals.legacy  (untyped Signal)
          The old way.
          receivers:
            {package}.receivers.count
            {package}.receivers.ship (runs on Celery)

        {package}.signals.fast  (Signal[Sold])
          Something was sold.
          validation: off
          fields:
            item   str           required
            tags   list[str]     default list()
            price  float | None  default None    ge=0
        """)


def test_json_is_machine_readable_and_carries_the_schema_only_when_asked() -> None:
    plain = json.loads(run_cli("catalog", "pizzeria", "--format", "json").stdout)
    with_schema = json.loads(run_cli("catalog", "pizzeria", "--format", "json", "--schema").stdout)

    assert plain["package"] == "pizzeria"
    assert [signal["label"] for signal in plain["signals"]] == [
        "pizzeria.signals.order_placed",
        "pizzeria.signals.pizza_done",
        "pizzeria.signals.pizza_delivered",
    ]
    pizza_done = plain["signals"][1]
    assert "json_schema" not in pizza_done
    assert pizza_done["fields"][2] == {
        "name": "size",
        "type": "int",
        "required": False,
        "default": "30",
        "constraints": ["gt=0"],
        "description": "Diameter in centimetres.",
        "alias": None,
    }
    assert pizza_done["receivers"][0] == {
        "receiver": "pizzeria.kitchen.box_it",
        "sender": "pizzeria.store.PizzaStore",
        "dispatch_uid": None,
        "weak": True,
        "is_async": False,
        "runs_on": None,
    }
    schema = with_schema["signals"][1]["json_schema"]
    assert schema["title"] == "PizzaDone"
    assert schema["properties"]["size"] == {
        "default": 30,
        "description": "Diameter in centimetres.",
        "exclusiveMinimum": 0,
        "title": "Size",
        "type": "integer",
    }


def test_schema_in_the_table(make_package, capsys: pytest.CaptureFixture[str]) -> None:
    package = make_package({"__init__": "", "signals": SIGNALS.replace("fast = ", "# ")})

    assert main(["catalog", f"{package}.signals", "--schema"]) == 0

    out = capsys.readouterr().out
    assert out.startswith(f"{package}.signals.sold  (Signal[Sold])\n  Something was sold.\n")
    assert '  json schema:\n    {\n      "description": "Something was sold.",\n' in out
    assert out.endswith(
        f"{package}.signals.legacy  (untyped Signal)\n"
        "  The old way.\n"
        "  json schema:\n"
        "    {\n"
        '      "type": "object"\n'
        "    }\n"
    )


def test_lists_only_signals_declared_inside_the_package(
    make_package, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = make_package({"__init__": SIGNALS})
    inside = make_package({"__init__": f"from {outside} import sold\n", "empty": ""})

    assert main(["catalog", inside]) == 0

    assert capsys.readouterr().out == f"no signals in {inside}\n"


def test_markdown_of_a_package_without_signals(
    make_package, capsys: pytest.CaptureFixture[str]
) -> None:
    package = make_package({"__init__": ""})

    assert main(["catalog", package, "--format", "markdown"]) == 0

    assert capsys.readouterr().out == (
        f"# Signals of `{package}`\n\nNo signals are declared in this package.\n"
    )


def test_main_modules_are_not_imported(make_package, capsys: pytest.CaptureFixture[str]) -> None:
    package = make_package({"__init__": "", "__main__": "raise SystemExit('ran the program')"})

    assert main(["catalog", package]) == 0

    assert capsys.readouterr().out == f"no signals in {package}\n"


def test_a_package_that_does_not_exist() -> None:
    result = run_cli("catalog", "no_such_package")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "python -m typedsignals catalog: error: cannot import 'no_such_package': "
        "ModuleNotFoundError: No module named 'no_such_package' "
        "(is it installed, or is the current directory the one that contains it?)\n"
    )


@pytest.mark.parametrize(
    ("modules", "failing", "reason"),
    [
        (
            {"__init__": "", "ok": "", "broken": "import missing_dependency\n"},
            "broken",
            "ModuleNotFoundError: No module named 'missing_dependency'",
        ),
        (
            {"__init__": "", "sub.__init__": "raise RuntimeError('no settings')\n"},
            "sub",
            "RuntimeError: no settings",
        ),
    ],
    ids=["module", "subpackage"],
)
def test_a_submodule_that_does_not_import(
    make_package,
    capsys: pytest.CaptureFixture[str],
    modules: dict[str, str],
    failing: str,
    reason: str,
) -> None:
    package = make_package(modules)

    with pytest.raises(SystemExit) as exit_info:
        main(["catalog", package])

    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        f"python -m typedsignals catalog: error: cannot import '{package}.{failing}': {reason}\n"
    )


def test_usage_errors_exit_2() -> None:
    result = run_cli("catalog", "pizzeria", "--format", "yaml")

    assert result.returncode == 2
    assert result.stderr.startswith("usage: python -m typedsignals catalog [-h]")
    assert "catalog: error: argument --format: invalid choice: 'yaml'" in result.stderr


NEEDS_AN_EXTRA = """
    from typedsignals.extras import requires_extra

    with requires_extra(__name__, "Frobnicator", extra="frob"):
        import frobnicator_is_not_installed
"""


@pytest.mark.parametrize("layout", ["module", "subpackage"])
def test_a_module_that_needs_a_missing_extra_is_passed_over(
    make_package, capsys: pytest.CaptureFixture[str], layout: str
) -> None:
    # As typedsignals.contrib.celery is without Celery: `catalog typedsignals` needs no extra.
    optional = {"module": "optional", "subpackage": "optional.__init__"}[layout]
    package = make_package({"__init__": "", optional: NEEDS_AN_EXTRA, "signals": SIGNALS})

    assert main(["catalog", package, "--format", "json"]) == 0

    signals = json.loads(capsys.readouterr().out)["signals"]
    assert [signal["name"] for signal in signals] == ["sold", "legacy", "fast"]


def test_a_module_that_imports_one_that_needs_a_missing_extra_is_an_error(
    make_package, capsys: pytest.CaptureFixture[str]
) -> None:
    package = make_package({"__init__": "", "optional": NEEDS_AN_EXTRA, "tasks": ""})
    (Path(sys.path[0]) / package / "tasks.py").write_text(f"import {package}.optional\n")

    with pytest.raises(SystemExit) as exit_info:
        main(["catalog", package])

    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        f"python -m typedsignals catalog: error: cannot import '{package}.tasks': "
        f"MissingExtraError: {package}.optional needs Frobnicator, which is not installed "
        "(no module named 'frobnicator_is_not_installed'); install it with: "
        'pip install "typedsignals[frob]"\n'
    )


def test_a_django_app_without_settings_says_how_to_give_them(make_package) -> None:
    package = make_package(
        {"__init__": "", "models": "from django.conf import settings\nsettings.INSTALLED_APPS\n"}
    )

    # A fresh interpreter: this one may have Django configured by tests/django.
    result = run_cli("catalog", package, cwd=Path(sys.path[0]))

    assert result.returncode == 2
    assert result.stderr.endswith(
        "; a Django project's apps import once Django is set up: give the settings with "
        "--django-settings mysite.settings, or run: python manage.py typedsignals_catalog "
        "PACKAGE\n"
    )
