"""What a typedsignals module needs beyond the core install, and the error when it is missing.

The integrations import their framework at the top, inside ``requires_extra``::

    with requires_extra(__name__, "Celery", extra="celery"):
        import celery

so ``import typedsignals.contrib.celery`` without Celery says which extra to install instead
of ``No module named 'kombu'``. The catalogue, the griffe extension and the Sphinx extension
pass over such modules when they import a whole package: a project that does not use Celery
never needs it installed to document its signals.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["MissingExtraError", "is_missing_extra_of", "requires_extra"]


class MissingExtraError(ModuleNotFoundError):
    """A typedsignals module needs a package that is not installed.

    ``module`` is the typedsignals module that needs it, ``name`` the module that was not
    found, ``install`` the command that brings it.
    """

    def __init__(self, module: str, needs: str, missing: str | None, install: str) -> None:
        super().__init__(
            f"{module} needs {needs}, which is not installed (no module named {missing!r}); "
            f"install it with: {install}",
            name=missing,
        )
        self.module = module
        self.install = install


@contextmanager
def requires_extra(module: str, needs: str, *, extra: str | None = None) -> Iterator[None]:
    """Turn a ``ModuleNotFoundError`` raised in the block into a ``MissingExtraError``.

    ``needs`` names what is missing for people (``Celery``); ``extra`` is typedsignals' extra
    that brings it (``celery``), or ``None`` for a package to install by its own name.
    """
    try:
        yield
    except MissingExtraError:
        raise
    except ModuleNotFoundError as error:
        install = (
            f'pip install "typedsignals[{extra}]"'
            if extra is not None
            else f"pip install {needs.lower()}"
        )
        raise MissingExtraError(module, needs, error.name, install) from error


def is_missing_extra_of(error: BaseException, module: str) -> bool:
    """Whether ``error`` says that ``module`` itself (or a module inside it) needs an extra."""
    return isinstance(error, MissingExtraError) and (
        error.module == module or error.module.startswith(f"{module}.")
    )
