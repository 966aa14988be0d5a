"""``python -m typedsignals lock`` and ``check``: files, formats, ``--fail-on``, exit 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.contracts.conftest import Write
from typedsignals.__main__ import main
from typedsignals.contracts import Finding, Severity
from typedsignals.contracts.formats import render_github

V1 = """
    from pydantic import BaseModel, Field
    from typedsignals import Signal

    class Shop:
        '''Sells.'''

    class Sold(BaseModel):
        '''Something was sold.'''
        item: str = Field(description="What.")
        size: int = Field(default=30, gt=0)

    sold = Signal[Sold](sender=Shop)
"""

# A breaking change (a required field), a warning (a default) and an info (a description).
V2 = """
    from pydantic import BaseModel, Field
    from typedsignals import Signal

    class Shop:
        '''Sells.'''

    class Sold(BaseModel):
        '''Something was sold.'''
        item: str = Field(description="What was sold.")
        size: int = Field(default=32, gt=0)
        price: float

    sold = Signal[Sold](sender=Shop)
"""


def test_lock_writes_the_contract(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    shop(V1)
    assert main(["lock", "shop_contracts"]) == 0
    assert capsys.readouterr().err == "wrote signals.lock.json: 1 signal of shop_contracts\n"
    lock = json.loads(Path("signals.lock.json").read_text())
    assert lock["typedsignals_lock"] == 1
    assert lock["packages"] == ["shop_contracts"]
    sold = lock["signals"]["shop_contracts.sold"]
    assert {key: sold[key] for key in ("sender", "model", "extra", "role")} == {
        "sender": "shop_contracts.Shop",
        "model": "shop_contracts.Sold",
        "extra": "ignore",
        "role": "in-process",
    }
    assert sold["schema"]["required"] == ["item"]


def test_lock_to_stdout_is_the_file_text(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    shop(V1)
    assert main(["lock", "shop_contracts", "-o", "-"]) == 0
    printed = capsys.readouterr().out
    assert main(["lock", "shop_contracts", "-o", "again.json"]) == 0
    assert Path("again.json").read_text() == printed


def test_check_without_changes_exits_0(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    shop(V1)
    main(["lock", "shop_contracts"])
    capsys.readouterr()
    assert main(["check", "shop_contracts", "--against", "signals.lock.json"]) == 0
    assert capsys.readouterr().out == "no payload contract changes against signals.lock.json\n"


EXPECTED_TEXT = (
    "error   required-field-added   shop_contracts.sold /properties/price: "
    "required field 'price' added\n"
    "warning default-changed        shop_contracts.sold /properties/size: "
    "default of 'size' changed from 30 to 32\n"
    "info    description-changed    shop_contracts.sold /properties/item: "
    "description of field 'item' changed\n"
    "3 changes against signals.lock.json: 1 error, 1 warning, 1 info\n"
)


def locked_then_changed(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    shop(V1)
    main(["lock", "shop_contracts"])
    shop(V2)
    capsys.readouterr()


def test_check_reports_each_change_and_exits_1(
    shop: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    locked_then_changed(shop, capsys)
    assert main(["check", "shop_contracts", "--against", "signals.lock.json"]) == 1
    assert capsys.readouterr().out == EXPECTED_TEXT


def test_check_json(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    locked_then_changed(shop, capsys)
    argv = ["check", "shop_contracts", "--against", "signals.lock.json", "--format", "json"]
    assert main(argv) == 1
    assert json.loads(capsys.readouterr().out) == {
        "against": "signals.lock.json",
        "findings": [
            {
                "rule": "required-field-added",
                "severity": "error",
                "signal": "shop_contracts.sold",
                "pointer": "/properties/price",
                "message": "required field 'price' added",
            },
            {
                "rule": "default-changed",
                "severity": "warning",
                "signal": "shop_contracts.sold",
                "pointer": "/properties/size",
                "message": "default of 'size' changed from 30 to 32",
            },
            {
                "rule": "description-changed",
                "severity": "info",
                "signal": "shop_contracts.sold",
                "pointer": "/properties/item",
                "message": "description of field 'item' changed",
            },
        ],
    }


def test_check_github_annotations(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    locked_then_changed(shop, capsys)
    argv = ["check", "shop_contracts", "--against", "signals.lock.json", "--format", "github"]
    assert main(argv) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error title=required-field-added shop_contracts.sold::"
        "shop_contracts.sold /properties/price: required field 'price' added",
        "::warning title=default-changed shop_contracts.sold::"
        "shop_contracts.sold /properties/size: default of 'size' changed from 30 to 32",
        "::notice title=description-changed shop_contracts.sold::"
        "shop_contracts.sold /properties/item: description of field 'item' changed",
    ]


@pytest.mark.parametrize(
    ("source", "fail_on", "status"),
    [
        (V2, "error", 1),
        (V2.replace("        price: float\n", ""), "error", 0),
        (V2.replace("        price: float\n", ""), "warning", 1),
        (V1.replace('"What."', '"What was sold."'), "warning", 0),
        (V1.replace('"What."', '"What was sold."'), "info", 1),
    ],
    ids=["error-fails", "warning-passes", "warning-fails-on-warning", "info-passes", "info-fails"],
)
def test_fail_on(
    shop: Write, capsys: pytest.CaptureFixture[str], source: str, fail_on: str, status: int
) -> None:
    shop(V1)
    main(["lock", "shop_contracts"])
    shop(source)
    argv = ["check", "shop_contracts", "--against", "signals.lock.json", "--fail-on", fail_on]
    assert main(argv) == status


def run_failing(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def test_a_missing_lock_file_exits_2(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    shop(V1)
    err = run_failing(["check", "shop_contracts", "--against", "nowhere.json"], capsys)
    assert err == (
        "python -m typedsignals check: error: cannot read nowhere.json: No such file or "
        "directory; write it with `python -m typedsignals lock PACKAGE -o PATH`\n"
    )


def test_a_file_that_is_not_a_lock_exits_2(shop: Write, capsys: pytest.CaptureFixture[str]) -> None:
    shop(V1)
    Path("other.json").write_text('{"signals": {}}')
    Path("broken.json").write_text("{")
    assert run_failing(["check", "shop_contracts", "--against", "other.json"], capsys) == (
        "python -m typedsignals check: error: other.json is not a typedsignals lock file "
        "(no 'typedsignals_lock' key); write one with `python -m typedsignals lock PACKAGE`\n"
    )
    assert run_failing(["check", "shop_contracts", "--against", "broken.json"], capsys) == (
        "python -m typedsignals check: error: broken.json is not JSON: "
        "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\n"
    )
    Path("future.json").write_text('{"typedsignals_lock": 9, "signals": {}}')
    assert run_failing(["check", "shop_contracts", "--against", "future.json"], capsys) == (
        "python -m typedsignals check: error: future.json has lock format 9; this typedsignals "
        "reads format 1: write it again with `python -m typedsignals lock`\n"
    )


def test_a_package_that_does_not_import_exits_2(
    shop: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    shop(V1)
    main(["lock", "shop_contracts"])
    capsys.readouterr()
    err = run_failing(["check", "no_such_package", "--against", "signals.lock.json"], capsys)
    assert err.startswith(
        "python -m typedsignals check: error: cannot import 'no_such_package': "
        "ModuleNotFoundError: No module named 'no_such_package'"
    )
    assert run_failing(["lock", "no_such_package"], capsys).startswith(
        "python -m typedsignals lock: error: cannot import 'no_such_package'"
    )


def test_check_compares_only_the_packages_it_is_given(
    shop: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lock of several packages checked one package at a time."""
    shop(V1)
    main(["lock", "shop_contracts"])
    lock = json.loads(Path("signals.lock.json").read_text())
    lock["signals"]["other_package.signals.gone"] = lock["signals"]["shop_contracts.sold"]
    Path("signals.lock.json").write_text(json.dumps(lock))
    capsys.readouterr()
    assert main(["check", "shop_contracts", "--against", "signals.lock.json"]) == 0
    assert capsys.readouterr().out == "no payload contract changes against signals.lock.json\n"


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("[]", "no contract (not an object)"),
        ('{"sender": null, "model": null}', "no extra, role, schema"),
        (
            '{"sender": null, "model": null, "extra": "allow", "role": "remote", "schema": {}}',
            "role 'remote', not one of ['in-process', 'queued', 'durable']",
        ),
        (
            '{"sender": null, "model": null, "extra": "allow", "role": "queued", "schema": []}',
            "a malformed schema or extra",
        ),
    ],
    ids=["not-an-object", "missing-keys", "unknown-role", "bad-schema"],
)
def test_a_malformed_entry_exits_2(
    shop: Write, capsys: pytest.CaptureFixture[str], entry: str, problem: str
) -> None:
    shop(V1)
    Path("bad.json").write_text(
        '{"typedsignals_lock": 1, "signals": {"shop_contracts.sold": ' + entry + "}}"
    )
    assert run_failing(["check", "shop_contracts", "--against", "bad.json"], capsys) == (
        f"python -m typedsignals check: error: bad.json: signal 'shop_contracts.sold' has "
        f"{problem}; write the lock again with `python -m typedsignals lock`\n"
    )


def test_github_annotations_escape_what_would_end_them() -> None:
    finding = Finding("field-removed", Severity.ERROR, "a:b,c", "/properties/x", "50%\nnext")
    assert render_github([finding], "lock") == (
        "::error title=field-removed a%3Ab%2Cc::a:b,c /properties/x: 50%25%0Anext"
    )


def test_lock_to_an_unwritable_path_exits_2(
    shop: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    shop(V1)
    assert run_failing(["lock", "shop_contracts", "-o", "no/such/dir/lock.json"], capsys) == (
        "python -m typedsignals lock: error: cannot write no/such/dir/lock.json: "
        "No such file or directory\n"
    )
