"""The docs' Django project, built from the pages' files: catalogue, Sphinx and mkdocs on it.

Each tool runs in a fresh interpreter from the project's directory, as a reader runs it, with
no ``DJANGO_SETTINGS_MODULE`` unless the page sets it.
"""

from __future__ import annotations

import html
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.docs.django_project import console_sessions, files, make_project, run

SESSIONS = list(console_sessions("catalog.md"))


def text_of(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page.read_text())).split())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("docs") / "mysite", "sphinx.md", "mkdocs.md")


def test_the_pages_show_the_projects_files() -> None:
    assert set(files("catalog.md")) == {
        "orders/models.py",
        "orders/signals.py",
        "orders/receivers.py",
    }
    assert set(files("sphinx.md")) == {"docs/conf.py", "docs/index.rst"}
    assert set(files("mkdocs.md")) == {"mkdocs.yml", "docs/index.md"}
    assert len(SESSIONS) == 2


@pytest.mark.parametrize(("command", "output"), SESSIONS, ids=[s[0] for s in SESSIONS])
def test_each_catalogue_session_prints_what_the_page_shows(
    project: Path, command: str, output: str
) -> None:
    result = run(shlex.split(command), project)
    assert result.stdout + result.stderr == output


def test_the_three_ways_to_give_the_settings_print_the_same_catalogue(project: Path) -> None:
    by_manage_py = run(["python", "manage.py", "typedsignals_catalog", "orders"], project)
    catalog = ["python", "-m", "typedsignals", "catalog", "orders"]
    by_option = run([*catalog, "--django-settings", "mysite.settings"], project)
    by_environment = run(catalog, project, DJANGO_SETTINGS_MODULE="mysite.settings")
    assert by_manage_py.returncode == by_option.returncode == by_environment.returncode == 0
    assert by_option.stdout == by_environment.stdout == by_manage_py.stdout
    assert "orders.receivers.email_receipt (sender orders.models.Order)" in by_option.stdout


def test_settings_that_do_not_import_are_named(project: Path) -> None:
    catalog = ["python", "-m", "typedsignals", "catalog", "orders"]
    result = run([*catalog, "--django-settings", "mysite.setings"], project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "python -m typedsignals catalog: error: cannot set up Django with the settings "
        "'mysite.setings': ModuleNotFoundError: No module named 'mysite.setings'\n"
    )


def test_manage_py_reports_a_package_that_does_not_import(project: Path) -> None:
    result = run(["python", "manage.py", "typedsignals_catalog", "order"], project)
    assert result.returncode == 1
    assert result.stderr == (
        "CommandError: cannot import 'order': ModuleNotFoundError: No module named 'order' "
        "(is it installed, or is the current directory the one that contains it?)\n"
    )


def test_sphinx_documents_the_app_nitpicky_without_warning(project: Path) -> None:
    result = run(
        ["python", "-m", "sphinx", "-W", "-n", "-q", "-b", "html", "docs", "docs/_build"], project
    )
    assert (result.returncode, result.stderr) == (0, "")
    page = text_of(project / "docs" / "_build" / "index.html")
    assert (
        "signal orders.signals.order_paid[OrderPaid]¶ An order was paid. "
        "Sender: Order Payload: OrderPaid Arguments"
    ) in page
    assert "currency str 'EUR' min_length=3, max_length=3" in page
    assert "Receivers: orders.receivers.email_receipt — sender Order" in page


def test_sphinx_without_the_settings_says_how_to_give_them(project: Path, tmp_path: Path) -> None:
    project = Path(shutil.copytree(project, tmp_path / "mysite"))
    conf = project / "docs" / "conf.py"
    conf.write_text(conf.read_text().replace("typedsignals_django_settings", "# "))
    result = run(["python", "-m", "sphinx", "-q", "-b", "html", "docs", "docs/_build"], project)
    assert (
        "WARNING: typedsignals_receiver_modules: cannot import 'orders.receivers': "
        "ImproperlyConfigured: Requested setting INSTALLED_APPS, but settings are not configured."
    ) in result.stderr
    assert (
        "; a Django project's apps import once Django is set up: add "
        '`typedsignals_django_settings = "mysite.settings"` (your settings module) to conf.py'
    ) in result.stderr


def test_mkdocs_documents_the_app_strictly(project: Path) -> None:
    result = run(["python", "-m", "mkdocs", "build", "--strict"], project, NO_MKDOCS_2_WARNING="1")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "ERROR" not in result.stderr
    page = text_of(project / "site" / "index.html")
    # The same parts, words and order as Sphinx's rendering above.
    assert "signal An order was paid. Sender: Order Payload: OrderPaid Arguments" in page
    assert "currency str 'EUR' min_length=3, max_length=3" in page
    assert "Receivers: orders.receivers.email_receipt — sender Order" in page
