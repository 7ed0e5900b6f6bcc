"""The reviewed wger-id -> catalog mapping of ``rules/wger.toml``, read and checked once."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

import attrs

from backsafe import _tomllib as tomllib
from backsafe._data import rules_dir
from backsafe.catalog import Catalog, Pattern, default_catalog

__all__ = ["MAPPING_FILE", "WgerDataError", "WgerMapping", "default_mapping", "parse_mapping"]

#: The file of ``rules/`` that holds the mapping.
MAPPING_FILE = "wger.toml"


class WgerDataError(ValueError):
    """``rules/wger.toml`` is wrong; the message says where."""


@attrs.frozen
class WgerMapping:
    """wger's exercises as backsafe reads them.

    ``exercises`` maps a wger exercise id to the catalog id it is judged as; ``names``
    gives wger's English name of every listed exercise; ``unmapped`` gives the reason for
    each exercise that is not mapped.
    """

    exercises: Mapping[int, str]
    names: Mapping[int, str]
    unmapped: Mapping[int, str]

    def exercise(self, wger_id: int) -> str:
        """The exercise name a plan should use for wger exercise ``wger_id``.

        The catalog id when it is mapped; otherwise wger's own name, which the catalog may
        still resolve or report as unknown; for an id the list does not have,
        ``"wger exercise <id>"``.
        """
        found = self.exercises.get(wger_id)
        if found is not None:
            return found
        return self.names.get(wger_id) or f"wger exercise {wger_id}"


def _where(path: tuple[str | int, ...]) -> str:
    out = MAPPING_FILE
    for index, part in enumerate(path):
        out += f"[{part}]" if isinstance(part, int) else (", " if index == 0 else ".") + part
    return out


def _table(value: Any, path: tuple[str | int, ...], keys: set[str], required: set[str]) -> Any:
    if not isinstance(value, dict):
        raise WgerDataError(f"{_where(path)}: must be a table")
    unknown = sorted(set(value) - keys)
    if unknown:
        raise WgerDataError(f"{_where(path)}: has unknown key(s) {', '.join(unknown)}")
    missing = sorted(required - set(value))
    if missing:
        raise WgerDataError(f"{_where(path)}: lacks {', '.join(missing)}")
    return value


def _text(value: Any, path: tuple[str | int, ...]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WgerDataError(f"{_where(path)}: must be non-empty text, not {value!r}")
    return value


def _array(document: Mapping[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise WgerDataError(f"{_where((key,))}: must be an array of tables ([[{key}]])")
    return value


_ENTRY_KEYS = {"wger", "name", "exercise", "note"}


def parse_mapping(document: Mapping[str, Any], catalog: Catalog) -> WgerMapping:
    """Build a `WgerMapping` from the parsed ``wger.toml``, checking it against ``catalog``.

    Every wger id is listed once; every ``exercise`` is a catalog id, in the family of its
    ``[[family]]`` table or, under ``[[classified]]``, without a family and with the
    table's movement pattern. Raises `WgerDataError` naming the place of a mistake.
    """
    _table(document, (), {"source", "family", "classified", "unmapped"}, {"source"})
    exercises: dict[int, str] = {}
    names: dict[int, str] = {}
    unmapped: dict[int, str] = {}

    def claim(value: Any, path: tuple[str | int, ...], name: Any) -> int:
        if type(value) is not int or value < 1:
            raise WgerDataError(f"{_where(path)}: must be a wger exercise id, not {value!r}")
        if value in names:
            raise WgerDataError(f"{_where(path)}: wger exercise {value} is listed twice")
        names[value] = _text(name, (*path[:-1], "name"))
        return value

    for kind in ("family", "classified"):
        key = "family" if kind == "family" else "pattern"
        for index, group in enumerate(_array(document, kind)):
            here: tuple[str | int, ...] = (kind, index)
            _table(group, here, {key, "exercises"}, {key, "exercises"})
            expected = _text(group[key], (*here, key))
            if kind == "classified" and expected not in Pattern._value2member_map_:
                raise WgerDataError(f"{_where((*here, key))}: {expected!r} is not a pattern")
            if not isinstance(group["exercises"], list):
                raise WgerDataError(f"{_where((*here, 'exercises'))}: must be an array")
            for position, entry in enumerate(group["exercises"]):
                at = (*here, "exercises", position)
                _table(entry, at, _ENTRY_KEYS, {"wger", "name", "exercise"})
                wger_id = claim(entry["wger"], (*at, "wger"), entry["name"])
                target = _text(entry["exercise"], (*at, "exercise"))
                if "note" in entry:
                    _text(entry["note"], (*at, "note"))
                if target not in catalog:
                    raise WgerDataError(f"{_where(at)}: {target!r} is not a catalog id")
                found = catalog.get(target)
                actual = found.family if kind == "family" else found.pattern.value
                if kind == "classified" and found.family is not None:
                    raise WgerDataError(
                        f"{_where(at)}: {target!r} has the family {found.family!r}; list it"
                        " under that [[family]]"
                    )
                if actual != expected:
                    raise WgerDataError(
                        f"{_where(at)}: {target!r} has the {key} {actual!r}, not {expected!r}"
                    )
                exercises[wger_id] = target
    for index, entry in enumerate(_array(document, "unmapped")):
        here = ("unmapped", index)
        _table(entry, here, {"wger", "name", "reason"}, {"wger", "name", "reason"})
        wger_id = claim(entry["wger"], (*here, "wger"), entry["name"])
        unmapped[wger_id] = _text(entry["reason"], (*here, "reason"))
    return WgerMapping(
        MappingProxyType(exercises), MappingProxyType(names), MappingProxyType(unmapped)
    )


@cache
def default_mapping() -> WgerMapping:
    """The mapping of ``rules/wger.toml``, read and checked once."""
    path = rules_dir() / MAPPING_FILE
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise WgerDataError(f"{MAPPING_FILE}: is not valid TOML: {error}") from None
    return parse_mapping(document, default_catalog())
