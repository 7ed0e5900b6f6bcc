"""Module attributes imported on first use, so that a short command imports less."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

__all__ = ["attribute"]


def attribute(namespace: dict[str, Any], lazy: Mapping[str, tuple[str, str]], name: str) -> object:
    """The attribute ``name`` of the module whose globals are ``namespace``.

    ``lazy`` maps each lazily imported name to its module and its name there; the value
    is imported, then kept in ``namespace`` so that later lookups find it directly.
    Raises `AttributeError` for any other name, as a module does.
    """
    try:
        module, attr = lazy[name]
    except KeyError:
        raise AttributeError(
            f"module {namespace['__name__']!r} has no attribute {name!r}"
        ) from None
    value = getattr(importlib.import_module(module), attr)
    namespace[name] = value
    return value
