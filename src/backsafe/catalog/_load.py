"""Build the default pack's catalog from its data.

``rules/exercises.toml`` holds the curated exercises, the guide's groups and the name
matching rules; ``rules/free_exercise_db.toml`` classifies the entries of the compact
free-exercise-db copy shipped in this package (``free_exercise_db.json``). Both TOML files
are checked strictly: an unknown key, value or database name is an error that says where.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs

from backsafe import _tomllib as tomllib
from backsafe._data import rules_dir
from backsafe.catalog._catalog import DATABASE_SOURCE, Catalog
from backsafe.catalog._exercise import Exercise, Loading, Muscle, Pattern, Role
from backsafe.catalog._group import Group
from backsafe.catalog._names import NameRules
from backsafe.model import Equipment

__all__ = [
    "CatalogDataError",
    "build_catalog",
    "database_id",
    "default_catalog",
    "load_database",
]

E = TypeVar("E", bound=Enum)
Table = Mapping[str, Any]

#: Prefix of the ids of free-exercise-db entries.
DATABASE_ID_PREFIX = "fedb-"
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NOT_ID = re.compile(r"[^a-z0-9]+")
_NO_GROUP = "none"
_DB_EQUIPMENT = {"e-z curl bar": Equipment.EZ_CURL_BAR}
_CONDITIONS = ("category", "equipment", "mechanic", "force", "primary")


class CatalogDataError(ValueError):
    """The catalog's data files are wrong; the message says where."""


@cache
def default_catalog() -> Catalog:
    """Return the default pack's catalog (built once, then shared)."""
    folder = rules_dir()
    return build_catalog(
        _read_toml(folder / "exercises.toml"),
        _read_toml(folder / "free_exercise_db.toml"),
        load_database(),
    )


def load_database() -> list[dict[str, Any]]:
    """Return the entries of the shipped free-exercise-db copy."""
    data = resources.files(__package__).joinpath("free_exercise_db.json").read_bytes()
    exercises: list[dict[str, Any]] = json.loads(data)["exercises"]
    return exercises


def database_id(database_key: str) -> str:
    """Return the catalog id of the database entry with id ``database_key``."""
    return DATABASE_ID_PREFIX + _NOT_ID.sub("-", database_key.lower()).strip("-")


def build_catalog(curated: Table, classification: Table, database: list[dict[str, Any]]) -> Catalog:
    """Build a catalog from the two TOML documents and the database entries."""
    where = _Where("exercises.toml")
    _keys(curated, where, required=("names", "groups", "exercise"))
    rules = _name_rules(curated["names"], where.at("names"))
    groups = _groups(curated["groups"], where.at("groups"))
    exercises, taken = _curated(curated["exercise"], where, groups)
    db_exercises, aliases, shadowed = _database(
        classification, database, {e.id: e for e in exercises}, taken
    )
    return Catalog(
        [*exercises, *db_exercises],
        groups=groups,
        aliases=aliases,
        names=rules,
        shadowed_names=shadowed,
    )


@attrs.frozen
class _Where:
    file: str
    path: str = ""

    def at(self, part: str | int) -> _Where:
        step = f"[{part}]" if isinstance(part, int) else (f".{part}" if self.path else part)
        return _Where(self.file, self.path + step)

    def error(self, message: str) -> CatalogDataError:
        place = f"{self.file}, {self.path}" if self.path else self.file
        return CatalogDataError(f"{place}: {message}")


def _read_toml(path: Path) -> Table:
    with path.open("rb") as file:
        document: dict[str, Any] = tomllib.load(file)
    return document


def _keys(
    table: object, where: _Where, required: Iterable[str] = (), optional: Iterable[str] = ()
) -> Table:
    if not isinstance(table, Mapping):
        raise where.error("must be a table")
    required = tuple(required)
    missing = [key for key in required if key not in table]
    if missing:
        raise where.error(f"lacks {', '.join(missing)}")
    unknown = sorted(set(table) - set(required) - set(optional))
    if unknown:
        raise where.error(f"has unknown key(s) {', '.join(unknown)}")
    return table


def _table(value: object, where: _Where) -> Table:
    if not isinstance(value, Mapping):
        raise where.error("must be a table")
    return value


def _text(value: object, where: _Where) -> str:
    if not isinstance(value, str) or not value:
        raise where.error("must be a non-empty string")
    return value


def _texts(value: object, where: _Where) -> list[str]:
    if not isinstance(value, list):
        raise where.error("must be a list of strings")
    return [_text(item, where.at(index)) for index, item in enumerate(value)]


def _choice(enum: type[E], value: object, where: _Where) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum)
        raise where.error(f"{value!r} is not one of {allowed}") from None


def _choices(enum: type[E], value: object, where: _Where) -> tuple[E, ...]:
    return tuple(_choice(enum, item, where.at(i)) for i, item in enumerate(_texts(value, where)))


def _name_rules(table: object, where: _Where) -> NameRules:
    table = _keys(table, where, optional=("stop_words", "plurals", "synonyms"))

    def strings(key: str) -> dict[str, str]:
        mapping = _table(table.get(key, {}), where.at(key))
        return {k: _text(v, where.at(key).at(k)) for k, v in mapping.items()}

    try:
        return NameRules.from_data(
            synonyms=strings("synonyms"),
            plurals=strings("plurals"),
            stop_words=_texts(table.get("stop_words", []), where.at("stop_words")),
        )
    except ValueError as error:
        raise where.error(str(error)) from None


def _groups(table: object, where: _Where) -> dict[str, Group]:
    groups = {}
    for group_id, entry in _table(table, where).items():
        here = where.at(group_id)
        _keys(entry, here, required=("name", "reference"))
        if not _ID.fullmatch(group_id) or group_id == _NO_GROUP:
            raise here.error("a group id must be kebab-case (and not 'none')")
        groups[group_id] = Group(
            group_id, _text(entry["name"], here.at("name")), _text(entry["reference"], here)
        )
    return groups


_EXERCISE_KEYS = (
    "id",
    "name",
    "aliases",
    "family",
    "group",
    "back_friendly",
    "pattern",
    "loading",
    "role",
    "primary_muscles",
    "secondary_muscles",
    "equipment",
)


def _curated(
    tables: object, where: _Where, groups: Mapping[str, Group]
) -> tuple[list[Exercise], dict[str, str]]:
    if not isinstance(tables, list):
        raise where.at("exercise").error("must be an array of tables ([[exercise]])")
    exercises: list[Exercise] = []
    taken: dict[str, str] = {}  # database name -> curated id
    for index, table in enumerate(tables):
        here = where.at("exercise").at(index)
        _keys(table, here, required=_EXERCISE_KEYS, optional=("free_exercise_db",))
        exercise_id = _text(table["id"], here.at("id"))
        here = _Where(where.file, f"exercise {exercise_id!r}")
        if not _ID.fullmatch(exercise_id) or exercise_id.startswith(DATABASE_ID_PREFIX):
            raise here.error(f"id must be kebab-case and not start with {DATABASE_ID_PREFIX!r}")
        group = _text(table["group"], here.at("group"))
        if group != _NO_GROUP and group not in groups:
            raise here.at("group").error(f"{group!r} is not a group of [groups] (or 'none')")
        if not isinstance(table["back_friendly"], bool):
            raise here.at("back_friendly").error("must be true or false")
        database_names = _texts(table.get("free_exercise_db", []), here.at("free_exercise_db"))
        for name in database_names:
            if taken.setdefault(name, exercise_id) != exercise_id:
                raise here.error(f"{name!r} is already the database entry of {taken[name]!r}")
        aliases = _texts(table["aliases"], here.at("aliases"))
        exercises.append(
            Exercise(
                id=exercise_id,
                name=_text(table["name"], here.at("name")),
                pattern=_choice(Pattern, table["pattern"], here.at("pattern")),
                loading=_choice(Loading, table["loading"], here.at("loading")),
                role=_choice(Role, table["role"], here.at("role")),
                aliases=tuple(dict.fromkeys(a for a in (*aliases, *database_names))),
                family=_text(table["family"], here.at("family")),
                group=None if group == _NO_GROUP else group,
                back_friendly=table["back_friendly"],
                primary_muscles=_choices(Muscle, table["primary_muscles"], here),
                secondary_muscles=_choices(Muscle, table["secondary_muscles"], here),
                equipment=_choices(Equipment, table["equipment"], here.at("equipment")),
            )
        )
    by_id = {exercise.id: exercise for exercise in exercises}
    for exercise in exercises:
        family = by_id.get(exercise.family or "")
        if family is None or family.family != family.id:
            raise _Where(where.file, f"exercise {exercise.id!r}").error(
                f"family {exercise.family!r} must be the id of an exercise whose family is itself"
            )
    return exercises, taken


@attrs.frozen
class _Class:
    """How one database entry is classified."""

    pattern: Pattern
    loading: Loading
    role: Role
    family: str | None = None
    group: str | None = None
    back_friendly: bool = False


@attrs.frozen
class _Rule:
    conditions: Mapping[str, frozenset[str]]
    result: _Class

    def matches(self, row: Mapping[str, Any]) -> bool:
        for field, allowed in self.conditions.items():
            if field == "primary":
                if not allowed.intersection(row["primaryMuscles"]):
                    return False
            elif (row[field] or "none") not in allowed:
                return False
        return True


def _database(
    document: Table,
    rows: list[dict[str, Any]],
    curated: Mapping[str, Exercise],
    taken: Mapping[str, str],
) -> tuple[list[Exercise], dict[str, str], list[str]]:
    where = _Where("free_exercise_db.toml")
    _keys(document, where, required=("generic",), optional=("shadowed", "variation", "classified"))
    by_name = {row["name"]: row for row in rows}
    if len(by_name) != len(rows):
        raise where.error("the database copy has duplicate names")
    # database name -> where it is classified
    known = {name: f"exercises.toml, exercise {owner!r}" for name, owner in taken.items()}
    for name in known:
        if name not in by_name:
            raise _Where("exercises.toml").error(f"{name!r} is not a free-exercise-db name")
    listed = _listed(document, where, curated, by_name, known)
    rules = _generic(document["generic"], where.at("generic"), rows)
    shadowed = _texts(document.get("shadowed", []), where.at("shadowed"))
    for name in shadowed:
        if name not in by_name or name in taken:
            raise where.at("shadowed").error(f"{name!r} must be a database name, not curated")
    exercises: list[Exercise] = []
    aliases: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for row in rows:
        exercise_id = database_id(row["id"])
        if seen_ids.setdefault(exercise_id, row["id"]) != row["id"]:
            raise where.error(f"database ids {row['id']!r} and {seen_ids[exercise_id]!r} clash")
        if row["name"] in taken:
            aliases[exercise_id] = taken[row["name"]]
            continue
        found = listed.get(row["name"])
        if found is None:
            found = next((rule.result for rule in rules if rule.matches(row)), None)
            if found is None:
                raise where.at("generic").error(f"no rule matches {row['name']!r}")
        exercises.append(_database_exercise(exercise_id, row, found))
    return exercises, aliases, shadowed


def _listed(
    document: Table,
    where: _Where,
    curated: Mapping[str, Exercise],
    by_name: Mapping[str, Any],
    known: dict[str, str],
) -> dict[str, _Class]:
    listed: dict[str, _Class] = {}
    sections: tuple[tuple[str, Callable[[Table, _Where], _Class]], ...] = (
        ("variation", lambda table, here: _variation(table, here, curated)),
        ("classified", _classified),
    )
    for section, read in sections:
        tables = document.get(section, [])
        if not isinstance(tables, list):
            raise where.at(section).error(f"must be an array of tables ([[{section}]])")
        for index, table in enumerate(tables):
            here = where.at(section).at(index)
            result = read(table, here)
            for name in _texts(table["names"], here.at("names")):
                if name not in by_name:
                    raise here.error(f"{name!r} is not a free-exercise-db name")
                if name in known:
                    raise here.error(f"{name!r} is already classified in {known[name]}")
                known[name] = str(here.path)
                listed[name] = result
    return listed


def _variation(table: Table, where: _Where, curated: Mapping[str, Exercise]) -> _Class:
    _keys(
        table,
        where,
        required=("family", "loading", "names"),
        optional=("pattern", "role", "back_friendly", "note"),
    )
    family = curated.get(_text(table["family"], where.at("family")))
    if family is None or family.family != family.id:
        raise where.at("family").error(f"{table['family']!r} is not a curated family")
    pattern, role = table.get("pattern"), table.get("role")
    back_friendly = table.get("back_friendly", family.back_friendly)
    if not isinstance(back_friendly, bool):
        raise where.at("back_friendly").error("must be true or false")
    return _Class(
        pattern=family.pattern if pattern is None else _choice(Pattern, pattern, where),
        loading=_choice(Loading, table["loading"], where.at("loading")),
        role=family.role if role is None else _choice(Role, role, where.at("role")),
        family=family.id,
        group=family.group,
        back_friendly=back_friendly,
    )


def _classified(table: Table, where: _Where) -> _Class:
    _keys(table, where, required=("pattern", "loading", "role", "names"), optional=("note",))
    return _class(table, where)


def _class(table: Table, where: _Where) -> _Class:
    return _Class(
        pattern=_choice(Pattern, table["pattern"], where.at("pattern")),
        loading=_choice(Loading, table["loading"], where.at("loading")),
        role=_choice(Role, table["role"], where.at("role")),
    )


def _generic(tables: object, where: _Where, rows: list[dict[str, Any]]) -> list[_Rule]:
    if not isinstance(tables, list) or not tables:
        raise where.error("must be a non-empty array of tables ([[generic]])")
    vocabulary = {field: {"none"} for field in _CONDITIONS}
    for row in rows:
        for field in _CONDITIONS:
            values = row["primaryMuscles"] if field == "primary" else [row[field]]
            vocabulary[field].update(value for value in values if value is not None)
    rules = []
    for index, table in enumerate(tables):
        here = where.at(index)
        _keys(table, here, required=("pattern", "loading", "role"), optional=_CONDITIONS)
        conditions = {
            field: frozenset(_texts(table[field], here.at(field)))
            for field in _CONDITIONS
            if field in table
        }
        for field, values in conditions.items():
            unknown = sorted(values - vocabulary[field])
            if unknown:
                raise here.at(field).error(f"no database entry has {', '.join(unknown)}")
        rules.append(_Rule(conditions, _class(table, here)))
    if rules[-1].conditions:
        raise where.error("the last rule must have no conditions, so that every entry matches")
    return rules


def _muscles(names: Iterable[str], exclude: Iterable[Muscle] = ()) -> tuple[Muscle, ...]:
    skip = set(exclude)
    muscles = (Muscle(name.replace(" ", "-")) for name in names)
    return tuple(dict.fromkeys(m for m in muscles if m not in skip))


def _database_exercise(exercise_id: str, row: Mapping[str, Any], found: _Class) -> Exercise:
    equipment = row["equipment"]
    primary = _muscles(row["primaryMuscles"])
    return Exercise(
        id=exercise_id,
        name=row["name"],
        pattern=found.pattern,
        loading=found.loading,
        role=found.role,
        family=found.family,
        group=found.group,
        back_friendly=found.back_friendly,
        primary_muscles=primary,
        secondary_muscles=_muscles(row["secondaryMuscles"], exclude=primary),
        equipment=()
        if equipment is None
        else (_DB_EQUIPMENT.get(equipment) or Equipment(equipment.replace(" ", "-")),),
        source=DATABASE_SOURCE,
    )
