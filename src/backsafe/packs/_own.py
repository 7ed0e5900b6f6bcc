"""backsafe's own entry points, read from its metadata directory without importlib-metadata.

Without autoload only the packs of backsafe's own distribution load, and importing
importlib-metadata to find them would cost a short command a sixteenth of its time. This
module finds them as importlib-metadata's path finder does for one name: in the first
directory of ``sys.path`` holding a ``.dist-info`` or ``.egg-info`` directory whose name
normalises to ``backsafe``, its ``entry_points.txt`` and the Name and Version fields of
its metadata. Anything out of the ordinary (no such directory, two in one place, an
``.egg`` on the path, an entry point that is not plainly ``module:object``, a file that
cannot be read) gives ``None``, and the caller asks importlib-metadata instead.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["OwnDistribution", "OwnEntryPoint", "metadata_headers", "own_distribution"]

_DISTRIBUTION = "backsafe"
_METADATA_DIRS = (".dist-info", ".egg-info")
_SEPARATORS = "-_."


class OwnEntryPoint(NamedTuple):
    """An entry point ``name = module:attr`` of backsafe's distribution."""

    name: str
    value: str
    module: str
    attr: str

    def load(self) -> object:
        """Import ``module`` and return its ``attr``, as `importlib.metadata.EntryPoint`."""
        found: object = importlib.import_module(self.module)
        for part in self.attr.split("."):
            found = getattr(found, part)
        return found


class OwnDistribution(NamedTuple):
    """backsafe's distribution: its name and version, and its entry points of a group."""

    name: str
    version: str
    entry_points: tuple[OwnEntryPoint, ...]


def metadata_headers(text: str) -> dict[str, str]:
    """The simple fields of core metadata (the header, before the body), by lowercase name.

    Name and Version are one-line fields; reading them this way spares importing the
    email package that `importlib.metadata.Distribution.metadata` parses with.
    """
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break
        if line[0] in " \t":  # a continued field: not Name or Version
            continue
        key, colon, value = line.partition(":")
        if colon:
            headers.setdefault(key.strip().lower(), value.strip())
    return headers


def _normalise(name: str) -> str:
    """importlib-metadata's ``Prepared.normalize``: a run of ``-_.`` is one ``_``; lowercase."""
    out: list[str] = []
    for char in name.lower():
        if char not in _SEPARATORS:
            out.append(char)
        elif not out or out[-1] != "_":
            out.append("_")
    return "".join(out)


def _dotted(text: str) -> bool:
    """Whether ``text`` is dotted names (``a.b_c``), as an entry point's module or object."""
    return all(part.isidentifier() for part in text.split("."))


def _metadata_dir() -> str | None:
    """The metadata directory importlib-metadata would find first, or ``None`` if unsure."""
    for entry in sys.path:
        root = entry or "."
        if os.path.basename(root).lower().endswith(".egg"):
            return None  # legacy eggs: left to importlib-metadata
        try:
            children = os.listdir(root)
        except OSError:  # a zip file, or a directory that is not there
            continue
        found = [
            child
            for child in children
            if child.lower().endswith(_METADATA_DIRS)
            and _normalise(child.lower().rpartition(".")[0].partition("-")[0]) == _DISTRIBUTION
        ]
        if len(found) > 1:
            return None  # which comes first depends on the directory listing's order
        if found:
            return os.path.join(root, found[0])
    return None


def _read(directory: str, name: str) -> str | None:
    try:
        with open(os.path.join(directory, name), encoding="utf-8") as file:
            return file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None  # as importlib-metadata's Distribution.read_text


def _pairs(text: str) -> Iterator[tuple[str | None, str]]:
    """``(section, line)`` of an INI-like file, as importlib-metadata's ``Sectioned``."""
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        yield section, line


def own_distribution(group: str) -> OwnDistribution | None:
    """Backsafe's distribution with its entry points of ``group``; ``None`` if unsure."""
    directory = _metadata_dir()
    if directory is None:
        return None
    try:
        metadata = _read(directory, "METADATA") or _read(directory, "PKG-INFO") or ""
        entry_points = _read(directory, "entry_points.txt") or ""
    except (OSError, UnicodeDecodeError):
        return None
    headers = metadata_headers(metadata)
    name, version = headers.get("name"), headers.get("version")
    if not name or not version or name.lower() != _DISTRIBUTION:
        return None
    found = []
    for section, line in _pairs(entry_points):
        if section != group:
            continue
        key, equals, value = line.partition("=")
        module, colon, attr = (part.strip() for part in value.partition(":"))
        if not (equals and colon and _dotted(module) and _dotted(attr)):
            return None  # extras, a module alone, or anything else: importlib-metadata reads it
        found.append(OwnEntryPoint(key.strip(), value.strip(), module, attr))
    return OwnDistribution(name, version, tuple(found))
