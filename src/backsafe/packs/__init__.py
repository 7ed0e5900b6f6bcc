"""Rule packs: declaring a pack, finding installed packs, and loading them.

A pack is declared as a `Pack` (Python rules, Python rule kinds, and a directory of TOML
data) and registered under the entry-point group ``backsafe.packs``; an entry point may
also name a package directory of TOML files, which loads without running any code. A
`PackSet` finds, loads and validates the packs once per process, combines their catalog,
rules and data, and builds checkers.
"""

from backsafe.packs._default import DEFAULT_PACK, DEFAULT_TOPICS, PACK_FILES, default_pack
from backsafe.packs._discover import DISABLE_AUTOLOAD, ENTRY_POINT_GROUP
from backsafe.packs._loaded import PackError
from backsafe.packs._pack import LoadedPack, Pack, PackOrigin
from backsafe.packs._set import (
    CheckerSpec,
    MissingPackError,
    PackLoadError,
    PackOptions,
    PackSet,
)

__all__ = [
    "DEFAULT_PACK",
    "DEFAULT_TOPICS",
    "DISABLE_AUTOLOAD",
    "ENTRY_POINT_GROUP",
    "PACK_FILES",
    "CheckerSpec",
    "LoadedPack",
    "MissingPackError",
    "Pack",
    "PackError",
    "PackLoadError",
    "PackOptions",
    "PackOrigin",
    "PackSet",
    "default_pack",
]
