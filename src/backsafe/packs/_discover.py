"""Find packs: the entry points of the group ``backsafe.packs``, and pack directories.

Finding a pack runs none of its code. An entry point that names an object
(``module:object``) is imported only when its pack is loaded; one that names a module
path alone (``clinic_pack.rules``) is a directory of TOML files shipped in the
distribution, found through the distribution's file list or the import system's finders
without importing anything.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from backsafe.packs._own import OwnEntryPoint, metadata_headers, own_distribution
from backsafe.packs._pack import Pack, PackOrigin

if TYPE_CHECKING:
    from importlib_metadata import Distribution, EntryPoint, EntryPoints

__all__ = [
    "DISABLE_AUTOLOAD",
    "ENTRY_POINT_GROUP",
    "OWN_DISTRIBUTION",
    "Candidate",
    "autoload_disabled",
    "directory_candidate",
    "entry_point_candidates",
]

#: The entry-point group packs register under.
ENTRY_POINT_GROUP = "backsafe.packs"
#: Set to a non-empty value, this environment variable turns off the discovery of packs of
#: other distributions (backsafe's own default pack still loads).
DISABLE_AUTOLOAD = "BACKSAFE_DISABLE_PACK_AUTOLOAD"
#: The distribution whose packs always load, autoload or not.
OWN_DISTRIBUTION = "backsafe"


class PackNotFound(Exception):
    """An entry point or path names no pack."""


@attrs.frozen
class Candidate:
    """A pack that may be loaded: its name as the user knows it, origin and loader."""

    name: str
    origin: PackOrigin
    load: Callable[[], Pack] = attrs.field(eq=False, repr=False)


def autoload_disabled() -> bool:
    """Whether ``BACKSAFE_DISABLE_PACK_AUTOLOAD`` is set (to anything but empty or 0)."""
    return os.environ.get(DISABLE_AUTOLOAD, "") not in ("", "0")


def _headers(dist: Distribution) -> dict[str, str]:
    """The simple fields of a distribution's core metadata (see `metadata_headers`)."""
    return metadata_headers(dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "")


def _name_and_version(dist: Distribution | None) -> tuple[str | None, str | None]:
    if dist is None:
        return None, None
    headers = _headers(dist)
    name: str | None = headers.get("name")
    version: str | None = headers.get("version")
    if not name or not version:  # unusual metadata: let importlib-metadata parse it
        name = dist.metadata["Name"] if dist.metadata else None
        version = dist.version
    return (str(name) if name else None), version


def _package_dir(module: str, dist: Distribution | None) -> Path | None:
    """The directory of the package ``module``, found without importing it."""
    parts = module.split(".")
    if dist is not None and dist.files:
        prefix = "/".join(parts) + "/"
        for file in dist.files:
            if str(file).startswith(prefix) and str(file).endswith(".toml"):
                located = Path(str(dist.locate_file("/".join(parts))))
                if located.is_dir():
                    return located
    try:
        spec = importlib.util.find_spec(parts[0])  # a top-level name: nothing is run
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location, *parts[1:])
        if candidate.is_dir():
            return candidate
    return None


def _loader(entry_point: EntryPoint | OwnEntryPoint) -> Callable[[], Pack]:
    def load() -> Pack:
        if not isinstance(entry_point, OwnEntryPoint) and entry_point.attr is None:
            directory = _package_dir(entry_point.module, entry_point.dist)
            if directory is None:
                raise PackNotFound(
                    f"{entry_point.value!r} is neither module:object (a backsafe.Pack) nor a "
                    "package directory of TOML files in the distribution"
                )
            return Pack(name="", prefix="", data=directory)
        found = entry_point.load()
        if callable(found) and not isinstance(found, Pack):
            found = found()
        if not isinstance(found, Pack):
            raise PackNotFound(
                f"{entry_point.value!r} is not a backsafe.Pack (nor a function returning one) "
                f"but {type(found).__name__}"
            )
        return found

    return load


def _entry_points(*, autoload: bool) -> EntryPoints:
    """The entry points of the group: of every distribution, or of backsafe's own only.

    Without autoload, only the distribution named backsafe that `entry_points` would
    read (the first on the path) is read, not every installed distribution's entry points.
    """
    from importlib_metadata import Distribution, EntryPoints, entry_points  # noqa: PLC0415

    if autoload:
        return entry_points(group=ENTRY_POINT_GROUP)
    # backsafe never runs from a zip file (its rule data is read from a directory), so
    # its distribution is looked for in the path's directories only: looking into a zip
    # entry of the path (python311.zip, which need not exist) costs an import of zipp.
    path = [entry for entry in sys.path if os.path.isdir(entry or ".")]
    for dist in Distribution.discover(name=OWN_DISTRIBUTION, path=path):
        own: EntryPoints = dist.entry_points.select(group=ENTRY_POINT_GROUP)
        return own
    return EntryPoints()


def entry_point_candidates(*, autoload: bool) -> Iterator[Candidate]:
    """The installed packs: backsafe's own first, then the others by distribution and name.

    With ``autoload`` false, only backsafe's own, read without importlib-metadata when
    its metadata is laid out as usual (`backsafe.packs._own`).
    """
    if not autoload:
        mine = own_distribution(ENTRY_POINT_GROUP)
        if mine is not None:
            candidates = [
                Candidate(
                    point.name,
                    PackOrigin(mine.name, mine.version, f"{point.name} = {point.value}"),
                    _loader(point),
                )
                for point in mine.entry_points
            ]
            yield from sorted(candidates, key=lambda candidate: candidate.name)
            return
    found = []
    for entry_point in _entry_points(autoload=autoload):
        dist = entry_point.dist
        dist_name, dist_version = _name_and_version(dist)
        own = dist_name is not None and dist_name.lower() == OWN_DISTRIBUTION
        if not (own or autoload):
            continue
        origin = PackOrigin(
            distribution=dist_name,
            version=dist_version,
            entry_point=f"{entry_point.name} = {entry_point.value}",
        )
        key = (not own, (dist_name or "").lower(), entry_point.name)
        found.append((key, Candidate(entry_point.name, origin, _loader(entry_point))))
    for _, candidate in sorted(found, key=lambda item: item[0]):
        yield candidate


def directory_candidate(path: str | os.PathLike[str]) -> Candidate:
    """A data-only pack in the directory ``path`` (``--pack PATH``)."""
    directory = Path(path)

    def load() -> Pack:
        if not directory.is_dir():
            raise PackNotFound(f"{str(directory)!r} is not a directory")
        return Pack(name="", prefix="", data=directory)

    return Candidate(str(directory), PackOrigin(path=str(directory)), load)
