"""pydantic models met by autodoc next to the signals: a readable signature, no nitpicky warning.

pydantic gives a model class the signature of its fields, in which a constrained field is
``weight_g: Annotated[int, Gt(gt=0)] = 800``. autodoc writes that out as text the Python
domain cannot parse back (``typing.Annotated[int`` becomes a cross-reference target), and names
``annotated_types``' classes, which no inventory documents. So, for a pydantic model:

- ``autodoc-process-signature`` writes the signature with each field's plain type
  (``weight_g: int = 800``), as autodoc would write it otherwise; the constraints are in the
  arguments table of the signals that carry the model;
- ``autodoc-skip-member`` leaves out ``model_config``, pydantic's configuration dictionary
  (its docstring is pydantic's own, written for mkdocs).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel
from sphinx.application import Sphinx
from sphinx.util.inspect import stringify_signature

__all__ = ["model_signature", "setup", "skip_model_config"]


def model_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """``autodoc-process-signature``: a pydantic model's fields with their plain types."""
    if not (what == "class" and isinstance(obj, type) and issubclass(obj, BaseModel)):
        return None
    if signature is None:  # the user asked for no signature (autodoc_class_signature, say)
        return None
    parameters = [
        parameter.replace(annotation=_without_metadata(parameter.annotation))
        for parameter in inspect.signature(obj).parameters.values()
    ]
    config = app.config
    text = stringify_signature(
        inspect.Signature(parameters),
        show_annotation=config.autodoc_typehints not in ("none", "description"),
        show_return_annotation=False,
        unqualified_typehints=config.autodoc_typehints_format == "short",
    )
    return text, return_annotation


def skip_model_config(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: Any
) -> bool | None:
    """``autodoc-skip-member``: a model's ``model_config`` is configuration, not API."""
    return True if what == "class" and name == "model_config" and isinstance(obj, dict) else None


def _without_metadata(annotation: object) -> object:
    """``Annotated[int, Gt(gt=0)]`` → ``int``; anything else unchanged."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def setup(app: Sphinx) -> None:
    """Connect the two autodoc event handlers."""
    app.connect("autodoc-process-signature", model_signature)
    app.connect("autodoc-skip-member", skip_model_config)
