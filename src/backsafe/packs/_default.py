"""The default pack: the guide "Lower back pain after glute exercises", as data in rules/."""

from __future__ import annotations

from functools import cache
from typing import Any

from importlib_metadata import version

from backsafe import _tomllib as tomllib
from backsafe._data import rules_dir
from backsafe.catalog import default_catalog
from backsafe.packs._pack import Pack
from backsafe.packs._toml import DEFAULT_TOPICS, PackError, parse_pack

__all__ = ["PACK_FILES", "default_pack", "read_rules_file"]

#: The files of rules/ that make up the default pack (the catalog's are read by it).
PACK_FILES = (
    "rules.toml",
    "red_flags.toml",
    "references.toml",
    "substitutions.toml",
    "advice.toml",
)


def read_rules_file(name: str) -> dict[str, Any]:
    """Parse one TOML file of ``rules/``."""
    path = rules_dir() / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PackError.single((name,), f"is not valid TOML: {error}") from None


@cache
def default_pack() -> Pack:
    """The default pack, read and validated once."""
    documents = {name: read_rules_file(name) for name in PACK_FILES}
    return parse_pack(
        documents, version=version("backsafe"), catalog=default_catalog(), topics=DEFAULT_TOPICS
    )
