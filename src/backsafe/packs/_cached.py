"""The default pack, resolved once and read back from the user cache on later runs.

Resolving the default pack (parsing its TOML, structuring and checking every rule,
reference and piece of advice against the catalog) is the same work on every run of the
same installation. `resolve_default` stores what it resolves in the user cache
(``backsafe._cache``), keyed by the data and code it was resolved from and the pack's
origin, and reads it back when they have not changed. A pack that fails to resolve is
never stored, so it fails again, as loudly, on the next run.
"""

from __future__ import annotations

from typing import Any

from backsafe import _cache
from backsafe.catalog import default_catalog
from backsafe.catalog._catalog import Catalog
from backsafe.packs._loaded import Loaded, Resolved
from backsafe.packs._pack import Pack, PackOrigin

__all__ = ["CACHE_ENTRY", "resolve_default"]

#: The name of the default pack's entry in the user cache.
CACHE_ENTRY = "default-pack"
#: How the pickled pack refers to the default catalog, which is cached on its own.
_DEFAULT_CATALOG = "backsafe:default-catalog"


def _key(
    declared: Pack,
    origin: PackOrigin,
    version: str,
    loaded: Loaded,
    topics: tuple[str, ...] | None,
) -> str:
    kinds = sorted(
        (name, kind.__module__, kind.__qualname__) for name, kind in loaded.kinds.items()
    )
    return "\n".join(
        (
            _cache.fingerprint(),
            f"pack={declared!r}",
            f"data={_cache.contents(_files(declared))}",
            f"origin={origin!r}",
            f"version={version!r}",
            f"topics={topics!r}",
            f"kinds={kinds!r}",
        )
    )


def _files(declared: Pack) -> list[tuple[str, _cache.Readable]]:
    data = declared.data
    if data is None:
        return []
    if declared.files is not None:
        return [(name, data / name) for name in declared.files]
    return sorted((item.name, item) for item in data.iterdir() if item.name.endswith(".toml"))


def resolve_default(
    declared: Pack,
    origin: PackOrigin,
    version: str,
    loaded: Loaded,
    topics: tuple[str, ...] | None,
) -> Resolved:
    """Resolve backsafe's own default pack as the first pack: from the cache, or anew.

    ``loaded`` must be what the pack set starts from (the catalog and the built-in rule
    kinds, no pack yet). Raises as `backsafe.packs._resolve.resolve` does.
    """
    catalog = loaded.catalog
    cacheable = catalog is _default_catalog_or_none()
    key = None
    if cacheable:
        try:
            key = _key(declared, origin, version, loaded, topics)
        except OSError:
            key = None
    if key is not None:
        remembered = _REMEMBERED.get(key)
        if remembered is not None and remembered.catalog is catalog:
            return remembered
        cached = _cache.load(CACHE_ENTRY, key, _references(catalog))
        if isinstance(cached, Resolved) and cached.catalog is catalog:
            _remember(key, cached)
            return cached
    from backsafe.packs._resolve import resolve  # noqa: PLC0415 - cattrs, when needed

    resolved = resolve(declared, origin, version, loaded, topics=topics)
    if key is not None:
        _cache.store(CACHE_ENTRY, key, resolved, _ids(catalog))
        _remember(key, resolved)
    return resolved


#: The default pack as this process last resolved or read it, so that another pack set
#: (other options) shares it instead of reading the file again. Its values are frozen.
_REMEMBERED: dict[str, Resolved] = {}


def _remember(key: str, resolved: Resolved) -> None:
    _REMEMBERED.clear()
    _REMEMBERED[key] = resolved


def _default_catalog_or_none() -> Catalog | None:
    try:
        return default_catalog()
    except Exception:  # the pack set reports a catalog that fails to build
        return None


def _references(catalog: Catalog) -> _cache.PersistentLoad:
    def load(pid: str) -> Any:
        if pid != _DEFAULT_CATALOG:
            raise KeyError(pid)
        return catalog

    return load


def _ids(catalog: Catalog) -> _cache.PersistentId:
    def persistent_id(obj: Any) -> str | None:
        return _DEFAULT_CATALOG if obj is catalog else None

    return persistent_id
