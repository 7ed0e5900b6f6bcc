"""The default catalog: read back from the user cache, or built from its data files.

Building it (``backsafe.catalog._load``, imported only then) parses two TOML files and the
shipped free-exercise-db copy; a catalog built from the same data and code by an earlier
process is read from the user cache (``backsafe._cache``) instead.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from backsafe import _cache
from backsafe._data import rules_dir
from backsafe.catalog._catalog import Catalog

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python 3.10
        from importlib.abc import Traversable

__all__ = ["CACHE_ENTRY", "DATABASE", "database_file", "default_catalog"]

#: The name of the default catalog's entry in the user cache.
CACHE_ENTRY = "catalog"
#: The shipped free-exercise-db copy, in this package.
DATABASE = "free_exercise_db.json"


def database_file() -> Path | Traversable:
    """The shipped free-exercise-db copy: next to this module, or a package resource."""
    beside = Path(__file__).with_name(DATABASE)
    if beside.is_file():
        return beside
    from importlib import resources  # noqa: PLC0415 - a zipped install, say

    return resources.files(__package__).joinpath(DATABASE)


@cache
def default_catalog() -> Catalog:
    """Return the default catalog (built once, then shared).

    Raises `backsafe.catalog._load.CatalogDataError` listing every problem when its data
    files are wrong. The catalog built from the same data and code by an earlier process
    is read from the user cache when it can be; what is built is stored there.
    """
    folder = rules_dir()
    try:
        key = "\n".join(
            (
                _cache.fingerprint(),
                f"catalog={folder}",
                _cache.contents(
                    [
                        ("exercises.toml", folder / "exercises.toml"),
                        ("free_exercise_db.toml", folder / "free_exercise_db.toml"),
                        (DATABASE, database_file()),
                    ]
                ),
            )
        )
    except OSError:
        return _build(folder)
    cached = _cache.load(CACHE_ENTRY, key)
    if isinstance(cached, Catalog):
        return cached
    catalog = _build(folder)
    _cache.store(CACHE_ENTRY, key, catalog)
    return catalog


def _build(folder: Path) -> Catalog:
    from backsafe.catalog._load import build_default_catalog  # noqa: PLC0415 - on a miss

    return build_default_catalog(folder)
