"""The mypy plugin: checks every send and every receiver against the signal's payload model.

Enable it in the mypy configuration::

    [tool.mypy]
    plugins = ["typedsignals.mypy"]   # before or after "pydantic.mypy"; first is best

It reports mistakes in ``send``/``send_robust``/``asend``/``asend_robust`` calls with mypy's
own ``call-arg``/``arg-type`` codes, receivers that cannot take what their signal sends with
``signal-receiver`` (and, when enabled, receivers without ``**kwargs`` with
``signal-receiver-kwargs``), and payload models with a field named ``signal`` or ``sender`` with
``signal-declaration``. ``Signal()`` and ``Signal[Any]`` are not checked.

The hooks are registered by base class, as pydantic's and django-stubs' plugins do; each feature
lives in ``typedsignals.mypy_plugin``. The plugin keeps no state between modules: everything one
module needs to know about another travels in ``TypeInfo.metadata``, so it works in incremental
mode, under dmypy and in mypy's parallel mode.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Final

from typedsignals.extras import requires_extra

with requires_extra(__name__, "mypy", extra="mypy"):
    import mypy  # noqa: F401  (imported below, and by every module of the plugin)

from mypy.nodes import TypeInfo
from mypy.plugin import (
    ChainedPlugin,
    ClassDefContext,
    FunctionContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import FunctionLike, Type

from typedsignals.mypy_plugin import errors, fullnames
from typedsignals.mypy_plugin.declaration import declaration_hook
from typedsignals.mypy_plugin.models import record_model
from typedsignals.mypy_plugin.receivers import connect_hook, decorator_call_hook, receiver_hook
from typedsignals.mypy_plugin.send import send_signature

__all__ = ["TypedSignalsPlugin", "plugin"]

SIGNAL_RECEIVER: Final = errors.SIGNAL_RECEIVER
SIGNAL_RECEIVER_KWARGS: Final = errors.SIGNAL_RECEIVER_KWARGS
SIGNAL_DECLARATION: Final = errors.SIGNAL_DECLARATION


def _source_hash() -> str:
    """A hash of the plugin's source: this file and every module of ``mypy_plugin``."""
    here = Path(__file__)
    sources = [here, *sorted((here.parent / "mypy_plugin").glob("*.py"))]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


SOURCE_HASH: Final = _source_hash()
# mypy's cache remembers the plugin module's ``__version__`` and the hash of this file only;
# the source hash makes an edit to any module of the plugin discard the cache too.
__version__: Final = f"{importlib.metadata.version('typedsignals')}+{SOURCE_HASH}"


class TypedSignalsPlugin(Plugin):
    """Registers the hooks of each feature (``typedsignals.mypy_plugin``) by base class."""

    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        info = self._type_info(fullname)
        if info is not None and (
            info.fullname == fullnames.BASE_MODEL or info.has_base(fullnames.BASE_MODEL)
        ):
            return partial(self._record_model, fullname)
        return None

    def get_method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], FunctionLike] | None:
        owner, _, method = fullname.rpartition(".")
        if method in fullnames.SEND_METHODS and self._is_signal_class(owner):
            return send_signature
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        if fullname == fullnames.RECEIVER_DECORATOR_CALL:
            return decorator_call_hook
        owner, _, method = fullname.rpartition(".")
        if method == fullnames.CONNECT_METHOD and self._is_signal_class(owner):
            return partial(connect_hook, self._receiver_decorator)
        return None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        if fullname in fullnames.RECEIVER_FACTORIES:
            return partial(receiver_hook, self._receiver_decorator)
        if self._is_signal_class(fullname):
            return declaration_hook
        return None

    def report_config_data(self, ctx: ReportConfigContext) -> dict[str, Any]:
        """What mypy's cache depends on: a new version or source discards it."""
        return {"typedsignals.mypy": __version__, "source": SOURCE_HASH}

    def _record_model(self, fullname: str, ctx: ClassDefContext) -> None:
        record_model(ctx)
        # mypy's ChainedPlugin runs only the first plugin's base-class hook, so hand the class
        # on to the next plugin that wants it (pydantic.mypy, when it is listed after us).
        chain = getattr(ctx.api, "plugin", None)
        plugins: list[Plugin] = (
            getattr(chain, "_plugins", []) if isinstance(chain, ChainedPlugin) else []
        )
        if self not in plugins:
            return
        for later in plugins[plugins.index(self) + 1 :]:
            hook = later.get_base_class_hook(fullname)
            if hook is not None:
                hook(ctx)
                return

    def _type_info(self, fullname: str) -> TypeInfo | None:
        symbol = self.lookup_fully_qualified(fullname)
        return symbol.node if symbol is not None and isinstance(symbol.node, TypeInfo) else None

    def _is_signal_class(self, fullname: str) -> bool:
        info = self._type_info(fullname)
        return info is not None and info.has_base(fullnames.SIGNAL)

    def _receiver_decorator(self) -> TypeInfo | None:
        return self._type_info(fullnames.RECEIVER_DECORATOR)


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point (``plugins = ["typedsignals.mypy"]``)."""
    return TypedSignalsPlugin
