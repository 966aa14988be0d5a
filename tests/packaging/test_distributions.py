"""The package as a user meets it: the sdist and the wheel, installed into fresh virtualenvs.

The distributions are built as a release builds them (``python -m build``); the wheel is
installed with pip into virtualenvs that have nothing else (no Django, no Sphinx, no pytest):
one with the core install alone, one with only the ``docs`` extra, one with the other extras.
"""

from __future__ import annotations

import email
import email.message
import re
import subprocess
import sys
import tarfile
import textwrap
import zipfile
import zlib
from pathlib import Path

import attrs
import pytest

from tests.docs.django_project import make_project, run

ROOT = Path(__file__).parents[2]
EXTRAS = {"celery", "django", "docs", "mypy", "opentelemetry", "sphinx"}
PIP = [sys.executable, "-m", "pip"]


@attrs.frozen
class Distributions:
    sdist: Path
    wheel: Path

    def wheel_names(self) -> list[str]:
        with zipfile.ZipFile(self.wheel) as wheel:
            return wheel.namelist()

    def sdist_names(self) -> list[str]:
        with tarfile.open(self.sdist) as sdist:
            return [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]

    def metadata(self) -> email.message.Message:
        with zipfile.ZipFile(self.wheel) as wheel:
            (name,) = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
            return email.message_from_bytes(wheel.read(name))


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Distributions(sdist, wheel)


@attrs.frozen
class Virtualenv:
    """A fresh virtualenv (no pip of its own: this interpreter's pip installs into it)."""

    path: Path
    wheel: Path

    @property
    def python(self) -> str:
        return str(self.path / "bin" / "python")

    def install(self, *extras: str) -> None:
        spec = f"typedsignals[{','.join(extras)}]" if extras else "typedsignals"
        subprocess.run(
            [
                *PIP,
                "--python",
                self.python,
                "install",
                "-q",
                "--no-compile",
                f"{spec} @ {self.wheel.as_uri()}",
            ],
            check=True,
            capture_output=True,
        )

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run(["python", *args], cwd, self.python, NO_MKDOCS_2_WARNING="1")


def fresh_virtualenv(path: Path, dists: Distributions, *extras: str) -> Virtualenv:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    venv = Virtualenv(path, dists.wheel)
    venv.install(*extras)
    return venv


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory, dists: Distributions) -> Virtualenv:
    return fresh_virtualenv(tmp_path_factory.mktemp("core") / "venv", dists)


@pytest.fixture(scope="module")
def docs_only(tmp_path_factory: pytest.TempPathFactory, dists: Distributions) -> Virtualenv:
    return fresh_virtualenv(tmp_path_factory.mktemp("docs") / "venv", dists, "docs")


@pytest.fixture(scope="module")
def extras(tmp_path_factory: pytest.TempPathFactory, dists: Distributions) -> Virtualenv:
    return fresh_virtualenv(
        tmp_path_factory.mktemp("extras") / "venv", dists, "django", "sphinx", "celery", "mypy"
    )


# -- the distributions ---------------------------------------------------------------------------


def test_the_wheel_ships_the_two_packages_typed_and_the_license(dists: Distributions) -> None:
    names = dists.wheel_names()
    assert {name.split("/")[0] for name in names} == {
        "typedsignals",
        "sphinx_ext",
        "typedsignals-0.1.0.dist-info",
    }
    assert "typedsignals/py.typed" in names
    assert "sphinx_ext/static/typedsignals.css" in names
    assert "typedsignals/contrib/django/management/commands/typedsignals_catalog.py" in names
    assert "typedsignals-0.1.0.dist-info/licenses/LICENSE" in names


def test_the_metadata_says_what_a_package_index_shows(dists: Distributions) -> None:
    metadata = dists.metadata()
    assert metadata["Name"] == "typedsignals"
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Author"]
    assert {url.split(", ")[0] for url in metadata.get_all("Project-URL")} == {
        "Documentation",
        "Source",
        "Issues",
        "Changelog",
    }
    classifiers = set(metadata.get_all("Classifier"))
    assert {
        "Framework :: Django :: 5.2",
        "Framework :: Django :: 6.0",
        "Framework :: Celery",
        "Framework :: Pydantic :: 2",
        "Framework :: Sphinx :: Extension",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Typing :: Typed",
    } <= classifiers
    # What only the project's own development needs is in dependency groups, not extras.
    assert set(metadata.get_all("Provides-Extra")) == EXTRAS
    requirements = metadata.get_all("Requires-Dist")
    assert "django-stubs>=5.2.0; extra == 'django'" in requirements
    assert "celery-types>=0.23; extra == 'celery'" in requirements


def test_the_readme_on_an_index_has_an_install_line_and_only_absolute_links(
    dists: Distributions,
) -> None:
    readme = dists.metadata().get_payload()
    assert isinstance(readme, str)
    assert "\npip install typedsignals\n" in readme
    prose = re.sub(r"```.*?```", "", readme, flags=re.DOTALL)
    links = re.findall(r"\]\(([^)]*)\)", prose)
    assert links
    assert [link for link in links if not link.startswith("https://")] == []


def test_the_sdist_has_sources_tests_and_docs_but_not_the_ci(dists: Distributions) -> None:
    names = set(dists.sdist_names())
    assert {"LICENSE", "PKG-INFO", "pyproject.toml", "README.md", "mkdocs.yml"} <= names
    assert {"typedsignals/__init__.py", "sphinx_ext/__init__.py", "docs/index.md"} <= names
    assert "tests/packaging/test_distributions.py" in names
    assert [name for name in names if name.startswith(".ci") or "__pycache__" in name] == []


# -- the core install ----------------------------------------------------------------------------


def test_the_core_install_imports_and_knows_its_version(core: Virtualenv, tmp_path: Path) -> None:
    result = core.run("-c", "import typedsignals; print(typedsignals.__version__)", cwd=tmp_path)
    assert (result.stdout, result.stderr) == ("0.1.0\n", "")


MISSING = [
    ("typedsignals.contrib.celery", "Celery", "celery", 'pip install "typedsignals[celery]"'),
    ("typedsignals.contrib.django", "Django", "django", 'pip install "typedsignals[django]"'),
    ("typedsignals.contrib.django.apps", "Django", "django", 'pip install "typedsignals[django]"'),
    (
        "typedsignals.contrib.django.debug_toolbar",
        "Django",
        "django",
        'pip install "typedsignals[django]"',
    ),
    (
        "typedsignals.contrib.opentelemetry",
        "OpenTelemetry",
        "opentelemetry",
        'pip install "typedsignals[opentelemetry]"',
    ),
    ("typedsignals.mypy", "mypy", "mypy", 'pip install "typedsignals[mypy]"'),
    ("typedsignals.testing", "pytest", "pytest", "pip install pytest"),
    ("sphinx_ext", "Sphinx", "sphinx", 'pip install "typedsignals[sphinx]"'),
    ("typedsignals.griffe", "griffe", "griffe", 'pip install "typedsignals[docs]"'),
]


@pytest.mark.parametrize(
    ("module", "needs", "missing", "install"), MISSING, ids=[m[0] for m in MISSING]
)
def test_a_module_whose_extra_is_missing_names_the_extra(
    core: Virtualenv, tmp_path: Path, module: str, needs: str, missing: str, install: str
) -> None:
    result = core.run("-c", f"import {module}", cwd=tmp_path)
    assert result.returncode == 1
    owner = (
        "typedsignals.contrib.django"
        if module.startswith("typedsignals.contrib.django")
        else module
    )
    assert result.stderr.splitlines()[-1] == (
        f"typedsignals.extras.MissingExtraError: {owner} needs {needs}, which is not installed "
        f"(no module named {missing!r}); install it with: {install}"
    )


def test_the_catalogue_of_typedsignals_itself_needs_no_extra(
    core: Virtualenv, tmp_path: Path
) -> None:
    result = core.run("-m", "typedsignals", "catalog", "typedsignals", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "no signals in typedsignals\n",
        "",
    )


# -- the docs extra alone ------------------------------------------------------------------------


SHOP = {
    "shop/__init__.py": '"""A shop."""\n',
    "shop/signals.py": '''
        """The shop's events."""

        from pydantic import BaseModel, Field

        from typedsignals import Signal


        class Checkout:
            """Takes the customers' money."""


        class OrderPaid(BaseModel):
            """An order was paid."""

            order_id: int = Field(gt=0, description="The order.")
            weight_g: int = Field(800, gt=0, description="What the parcel weighs.")


        order_paid = Signal[OrderPaid](sender=Checkout)
        ''',
    "shop/receivers.py": '''
        """What the shop does when an order is paid."""

        from typing import Any

        from shop.signals import Checkout, order_paid
        from typedsignals import receiver


        @receiver(order_paid, sender=Checkout)
        def ship(sender: type[Checkout], order_id: int, **kwargs: Any) -> None:
            """Ship the order."""
        ''',
    "mkdocs.yml": """
        site_name: shop
        plugins:
          - mkdocstrings:
              handlers:
                python:
                  paths: [.]
                  options:
                    extensions:
                      - typedsignals.griffe
        """,
    "docs/index.md": """
        # The shop

        ::: shop.signals

        ## What it builds on

        ::: typedsignals.Signal
        """,
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip())
    return root


def test_a_users_mkdocs_site_builds_with_only_the_docs_extra(
    docs_only: Virtualenv, tmp_path: Path
) -> None:
    site = write(tmp_path, SHOP)
    result = docs_only.run("-m", "mkdocs", "build", "--strict", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "ERROR" not in result.stderr
    page = (site / "site" / "index.html").read_text()
    assert "What the parcel weighs." in page  # the arguments table of order_paid
    assert "shop.receivers.ship" in page


def test_the_projects_own_site_builds_from_the_sdist_with_only_the_docs_extra(
    docs_only: Virtualenv, dists: Distributions, tmp_path: Path
) -> None:
    with tarfile.open(dists.sdist) as sdist:
        sdist.extractall(tmp_path, filter="data")
    (tree,) = tmp_path.iterdir()
    result = docs_only.run("-m", "mkdocs", "build", "--strict", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "ERROR" not in result.stderr
    # What users' intersphinx resolves our types with (sphinx_ext links to public paths).
    inventory = (tree / "site" / "objects.inv").read_bytes()
    body = zlib.decompress(inventory[inventory.index(b"zlib.\n") + len(b"zlib.\n") :])
    names = {line.split()[0] for line in body.decode().splitlines()}
    assert {
        "typedsignals.contrib.django.post_save",
        "typedsignals.contrib.django.PostSave",
        "typedsignals.contrib.django.send_on_commit",
        "typedsignals.contrib.celery.task_receiver",
        "typedsignals.contrib.celery.EnqueueError",
        "typedsignals.contrib.celery.MessageError",
        "typedsignals.extras.MissingExtraError",
    } <= names


# -- the other extras: `make packaging` (a third virtualenv: half a minute more) -----------------


@pytest.mark.packaging
def test_with_the_django_extra_the_catalogue_reads_a_django_app(
    extras: Virtualenv, tmp_path: Path
) -> None:
    project = make_project(tmp_path / "mysite", python=extras.python)
    by_manage_py = extras.run("manage.py", "typedsignals_catalog", "orders", cwd=project)
    by_option = extras.run(
        "-m", "typedsignals", "catalog", "orders", "--django-settings", "mysite.settings",
        cwd=project,
    )  # fmt: skip
    assert by_manage_py.returncode == by_option.returncode == 0
    assert by_manage_py.stdout == by_option.stdout
    assert by_option.stdout.startswith("orders.signals.order_paid  (Signal[OrderPaid])\n")


@pytest.mark.packaging
def test_with_the_sphinx_extra_payload_models_build_nitpicky_without_warning(
    extras: Virtualenv, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        {
            **{name: content for name, content in SHOP.items() if name.startswith("shop/")},
            "docs/conf.py": """
                import sys
                from pathlib import Path

                sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
                extensions = ["sphinx_ext"]
                nitpicky = True
                typedsignals_receiver_modules = ["shop.receivers"]
                """,
            "docs/index.rst": """
                Shop
                ====

                .. automodule:: shop.signals
                   :members:
                """,
        },
    )
    result = extras.run(
        "-m", "sphinx", "-W", "-n", "-q", "-b", "html", "docs", "docs/_build", cwd=source
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.packaging
def test_with_the_celery_and_mypy_extras_their_modules_import(
    extras: Virtualenv, tmp_path: Path
) -> None:
    result = extras.run(
        "-c", "import typedsignals.contrib.celery, typedsignals.mypy, mypy_django_plugin",
        cwd=tmp_path,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.packaging
def test_with_the_django_and_mypy_extras_a_receivers_instance_is_checked(
    extras: Virtualenv, tmp_path: Path
) -> None:
    # django-stubs comes with the django extra: without it `instance: int` would pass unseen.
    project = make_project(tmp_path / "mysite", python=extras.python)
    write(
        project,
        {
            "mypy.ini": """
                [mypy]
                plugins = mypy_django_plugin.main, typedsignals.mypy

                [mypy.plugins.django-stubs]
                django_settings_module = mysite.settings

                [mypy-mysite.*]
                # startproject's settings.py (ALLOWED_HOSTS = []): not this test's business
                ignore_errors = True
                """,
            "orders/mistakes.py": """
                from typing import Any

                from orders.models import Order
                from typedsignals import receiver
                from typedsignals.contrib.django import post_save


                @receiver(post_save, sender=Order)
                def wrong(sender: type[Order], instance: int, **kwargs: Any) -> None: ...
                """,
        },
    )
    result = extras.run("-m", "mypy", "orders", cwd=project)
    assert result.stdout.splitlines() == [
        'orders/mistakes.py:8: error: Receiver "wrong" parameter "instance" has type "int", '
        'but PostSave field "instance" is "Order"  [signal-receiver]',
        "Found 1 error in 1 file (checked 10 source files)",
    ]
