"""What type checkers see of ``Signal(Model, ...)``; at runtime that object is a plain ``Signal``.

``Signal(PizzaDone, sender=…)`` binds the ``ParamSpec`` ``_P`` to the keyword-only ``__init__``
that pydantic's ``dataclass_transform`` gives the model, so every checker checks a send's
keyword fields without a plugin. This class exists for checkers only (a stub, no runtime
class): ``isinstance`` and annotations use ``Signal``.
"""

from typing import Any, Generic, overload

from pydantic import BaseModel
from typing_extensions import ParamSpec, TypeVar

from typedsignals.dispatcher import Responses, Signal

_M = TypeVar("_M", bound=BaseModel)
_P = ParamSpec("_P")

class CheckedSignal(Signal[_M], Generic[_M, _P]):
    """A ``Signal[_M]`` whose sends take ``_P``: the model's fields, as keywords."""

    @overload  # type: ignore[override]
    def send(self, sender: Any, payload: _M, /) -> Responses: ...
    @overload
    def send(self, sender: Any, *args: _P.args, **kwargs: _P.kwargs) -> Responses: ...
    @overload  # type: ignore[override]
    def send_robust(self, sender: Any, payload: _M, /) -> Responses: ...
    @overload
    def send_robust(self, sender: Any, *args: _P.args, **kwargs: _P.kwargs) -> Responses: ...
    @overload  # type: ignore[override]
    async def asend(self, sender: Any, payload: _M, /) -> Responses: ...
    @overload
    async def asend(self, sender: Any, *args: _P.args, **kwargs: _P.kwargs) -> Responses: ...
    @overload  # type: ignore[override]
    async def asend_robust(self, sender: Any, payload: _M, /) -> Responses: ...
    @overload
    async def asend_robust(
        self, sender: Any, /, *args: _P.args, **kwargs: _P.kwargs
    ) -> Responses: ...
