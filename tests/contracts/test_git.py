"""``check --against git:REF`` on a real temporary git repository."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.contracts.conftest import Write, forget
from tests.contracts.test_cli import V1, V2
from typedsignals.__main__ import main


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose package lives in a subdirectory: ``app/shop_contracts``."""
    for variable in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{variable}_NAME", "Test")
        monkeypatch.setenv(f"{variable}_EMAIL", "test@example.invalid")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    return repo


def write(repo: Path, source: str) -> None:
    package = repo / "app" / "shop_contracts"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text(textwrap.dedent(source))


def commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "change")


@pytest.fixture
def in_app(repo: Path, shop: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from ``app/``, importing the working tree's package (as ``shop`` does)."""
    monkeypatch.chdir(repo / "app")
    monkeypatch.syspath_prepend(str(repo / "app"))
    return repo / "app"


def test_check_against_a_revision(
    repo: Path, in_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, V1)
    commit(repo)
    write(repo, V2)
    forget()
    assert main(["check", "shop_contracts", "--against", "git:HEAD"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "error   required-field-added   shop_contracts.sold /properties/price: "
        "required field 'price' added"
    )
    assert out.splitlines()[-1] == "3 changes against git:HEAD: 1 error, 1 warning, 1 info"
    git_worktrees = subprocess.run(
        ["git", "worktree", "list"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert len(git_worktrees.stdout.splitlines()) == 1, "the temporary worktree is removed"


def test_check_against_the_same_revision_is_clean(
    repo: Path, in_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, V1)
    commit(repo)
    git(repo, "tag", "v1")
    write(repo, V2)
    commit(repo)
    forget()
    assert main(["check", "shop_contracts", "--against", "git:v1"]) == 1
    capsys.readouterr()
    forget()
    assert main(["check", "shop_contracts", "--against", "git:HEAD"]) == 0
    assert capsys.readouterr().out == "no payload contract changes against git:HEAD\n"


def test_an_unknown_revision_exits_2(
    repo: Path, in_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, V1)
    commit(repo)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "shop_contracts", "--against", "git:no-such-tag"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "python -m typedsignals check: error: cannot check out git:no-such-tag: "
        "fatal: invalid reference: no-such-tag\n"
    )


def test_a_revision_without_the_package_exits_2(
    repo: Path, in_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "app" / "README").write_text("no package yet\n")
    commit(repo)
    write(repo, V1)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "shop_contracts", "--against", "git:HEAD"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith(
        "python -m typedsignals check: error: cannot make the contract of git:HEAD: "
        "cannot import 'shop_contracts': ModuleNotFoundError"
    )


def test_a_package_shadowed_by_another_copy_exits_2(
    repo: Path, in_app: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed copy (here: PYTHONPATH to the working tree) would hide the revision's code."""
    (repo / "app" / "README").write_text("no package yet\n")
    commit(repo)
    write(repo, V1)
    monkeypatch.setenv("PYTHONPATH", str(in_app))
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "shop_contracts", "--against", "git:HEAD"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err == (
        "python -m typedsignals check: error: cannot make the contract of git:HEAD: "
        f"package 'shop_contracts' was imported from {in_app / 'shop_contracts' / '__init__.py'}, "
        "not from the checked-out revision: run check from the directory that contains the "
        "package, or uninstall the copy that shadows it\n"
    )


def test_a_revision_without_the_directory_exits_2(
    repo: Path, in_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "README").write_text("nothing here yet\n")
    commit(repo)
    write(repo, V1)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "shop_contracts", "--against", "git:HEAD"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "python -m typedsignals check: error: git:HEAD has no directory 'app', "
        "the one check runs in\n"
    )


def test_outside_a_git_repository_exits_2(
    tmp_path: Path, shop: Write, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    shop(V1)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "shop_contracts", "--against", "git:HEAD"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith(
        "python -m typedsignals check: error: cannot check out git:HEAD: "
        "fatal: not a git repository"
    )
