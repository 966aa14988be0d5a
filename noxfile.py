"""The version matrix (``make matrix``): the test suite on every supported Python, twice.

- ``tests``: Python 3.11, 3.12 and 3.13, each with the newest dependencies it can install
  (Django 5.2 on 3.11; Django 6, which needs Python 3.12, required on 3.12 and 3.13);
- ``oldest``: Python 3.11 with every dependency at the lowest version ``pyproject.toml``
  claims (each ``>=`` bound of the runtime dependencies, of every extra and of the ``dev``
  dependency group), pinned with ``==``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import nox
from packaging.requirements import Requirement

nox.options.sessions = ["tests", "oldest"]
nox.options.reuse_venv = "yes"

PYTHONS = ["3.11", "3.12", "3.13"]
PYPROJECT = tomllib.loads(Path("pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
GROUPS = PYPROJECT["dependency-groups"]
EXTRAS = ",".join(PROJECT["optional-dependencies"])
DEVELOP = f".[{EXTRAS}]"
"""The project with every extra, as ``make install`` installs it (then the ``dev`` group)."""
NEWEST_DJANGO = {"3.12": ["django>=6,<7"], "3.13": ["django>=6,<7"]}
"""Per Python: what must be new, so a resolver falling back to Django 5.2 fails the session."""


def lowest_pins(requirements: list[str]) -> list[str]:
    """``name==lowest`` for each requirement with a ``>=`` bound, following our own extras."""
    pins = []
    for line in requirements:
        requirement = Requirement(line)
        if requirement.name == PROJECT["name"]:
            for extra in sorted(requirement.extras):
                pins.extend(lowest_pins(PROJECT["optional-dependencies"][extra]))
            continue
        bounds = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if bounds:
            pins.append(f"{requirement.name}=={bounds[0]}")
    return pins


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The suite with the newest versions this Python can install."""
    session.install(
        "--upgrade", "-e", DEVELOP, "--group", "dev", *NEWEST_DJANGO.get(str(session.python), [])
    )
    session.run("pip", "list", "--format=freeze", silent=False)
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python=PYTHONS[0])
def oldest(session: nox.Session) -> None:
    """The suite with each dependency at the lowest version pyproject.toml claims."""
    everything = f"{PROJECT['name']}[{EXTRAS}]"
    pins = lowest_pins([*PROJECT["dependencies"], everything, *GROUPS["dev"]])
    session.install("-e", DEVELOP, "--group", "dev", *pins)
    session.run("pip", "list", "--format=freeze", silent=False)
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)
