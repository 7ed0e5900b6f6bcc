"""Field paths and patches of plan documents: ``weeks[0].sessions[1].blocks[0].load_kg``.

Paths are written as `backsafe.InputError` writes them (0-based indices). A patch is a
list of operations applied in order, each naming its path under the key of its kind:

- ``{ set = PATH, value = V }``: replace the item or field at ``PATH`` (a field may be new);
- ``{ insert = PATH, value = V }``: insert ``V`` into a list before index ``PATH`` ends with
  (the list's length appends);
- ``{ remove = PATH }``: remove a field or list item.

``use = "name"`` instead of ``value`` takes the value of a named fragment.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any, cast

__all__ = ["OPERATIONS", "PatchError", "apply", "check_operation", "format_path", "parse_path"]

OPERATIONS = ("set", "insert", "remove")
Path = tuple[str | int, ...]
_TOKEN = re.compile(r"(?:^|\.)([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")


class PatchError(ValueError):
    """A patch that does not fit its document, or is malformed."""


def parse_path(text: str) -> Path:
    """``"weeks[0].sessions[1]"`` as ``("weeks", 0, "sessions", 1)``."""
    if not isinstance(text, str) or not text:
        raise PatchError(
            f"a path must be a non-empty string such as 'weeks[0].sessions[1]', got {text!r}"
        )
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or (position == 0 and text.startswith(".")):
            raise PatchError(f"cannot read the path {text!r} at {text[position:]!r}")
        name, index = match.groups()
        parts.append(name if name is not None else int(index))
        position = match.end()
    return tuple(parts)


def format_path(path: Path) -> str:
    """The text of ``path``, as `parse_path` reads it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _parent(document: Any, path: Path, text: str) -> Any:
    node = document
    for depth, key in enumerate(path[:-1]):
        node = _child(node, key, format_path(path[: depth + 1]) or text)
    return node


def _child(node: Any, key: str | int, where: str) -> Any:
    if isinstance(key, int):
        if not isinstance(node, list):
            raise PatchError(f"{where}: not a list")
        if key >= len(node):
            raise PatchError(f"{where}: no such item (the list has {len(node)})")
        return node[key]
    if not isinstance(node, dict):
        raise PatchError(f"{where}: not a table")
    if key not in node:
        raise PatchError(f"{where}: no such field (fields: {', '.join(map(str, node)) or 'none'})")
    return node[key]


def _value(operation: Mapping[str, Any], fragments: Mapping[str, Any]) -> Any:
    if "use" in operation:
        name = operation["use"]
        if name not in fragments:
            known = ", ".join(sorted(fragments)) or "none"
            raise PatchError(f"use = {name!r}: no such fragment (fragments: {known})")
        return copy.deepcopy(fragments[name])
    return copy.deepcopy(operation["value"])


def check_operation(operation: object) -> tuple[str, Path]:
    """The kind and path of a patch operation; `PatchError` when it is malformed."""
    if not isinstance(operation, dict):
        raise PatchError(
            f"an operation is a table such as {{ set = 'weeks[0]', value = 1 }}, got {operation!r}"
        )
    kinds = [kind for kind in OPERATIONS if kind in operation]
    if len(kinds) != 1:
        raise PatchError(
            f"an operation has exactly one of {', '.join(OPERATIONS)}; got {sorted(operation)}"
        )
    kind = kinds[0]
    allowed = {kind} if kind == "remove" else {kind, "value", "use"}
    extra = sorted(set(operation) - allowed)
    if extra:
        raise PatchError(f"{kind}: unknown keys {extra} (allowed: {', '.join(sorted(allowed))})")
    if kind != "remove" and ("value" in operation) == ("use" in operation):
        raise PatchError(f"{kind} {operation[kind]!r}: give exactly one of value or use")
    path = parse_path(operation[kind])
    if kind == "insert" and not isinstance(path[-1], int):
        raise PatchError(f"insert {operation[kind]!r}: the path must end with a list index")
    return kind, path


def apply(
    document: Any, operations: Sequence[object], fragments: Mapping[str, Any] | None = None
) -> Any:
    """A deep copy of ``document`` with ``operations`` applied in order.

    `PatchError` names the operation (``patch[2]``) and the path that does not fit.
    """
    document = copy.deepcopy(document)
    fragments = fragments or {}
    for number, operation in enumerate(operations):
        try:
            kind, path = check_operation(operation)
            text = cast(dict[str, Any], operation)[kind]
            parent = _parent(document, path, text)
            key = path[-1]
            if kind == "insert":
                if not isinstance(parent, list):
                    raise PatchError(f"{text}: not a list item")
                if not isinstance(key, int) or key > len(parent):
                    raise PatchError(f"{text}: past the end of the list (it has {len(parent)})")
                parent.insert(key, _value(cast(dict[str, Any], operation), fragments))
            elif kind == "set":
                if isinstance(key, int):
                    _child(parent, key, text)
                elif not isinstance(parent, dict):
                    raise PatchError(f"{text}: not a table")
                parent[key] = _value(cast(dict[str, Any], operation), fragments)
            else:
                _child(parent, key, text)
                del parent[key]
        except PatchError as error:
            raise PatchError(f"patch[{number}]: {error}") from None
    return document
