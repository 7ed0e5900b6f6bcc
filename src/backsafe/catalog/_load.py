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
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import attrs

from backsafe._input_error import MISSING, InputError, PathPart, Problem, format_path
from backsafe.catalog._catalog import DATABASE_SOURCE, Catalog
from backsafe.catalog._default import database_file, default_catalog
from backsafe.catalog._exercise import Exercise, Loading, Muscle, Pattern, Risk, Role
from backsafe.catalog._group import Group
from backsafe.catalog._names import NameRules
from backsafe.model import Equipment

__all__ = [
    "CatalogDataError",
    "build_catalog",
    "build_default_catalog",
    "database_id",
    "default_catalog",
    "load_database",
    "read_exercises",
    "read_groups",
]

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
Table = Mapping[str, Any]

#: Prefix of the ids of free-exercise-db entries.
DATABASE_ID_PREFIX = "fedb-"
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NOT_ID = re.compile(r"[^a-z0-9]+")
_NO_GROUP = "none"
_DB_EQUIPMENT = {"e-z curl bar": Equipment.EZ_CURL_BAR}
_CONDITIONS = ("category", "equipment", "mechanic", "force", "primary")


class CatalogDataError(InputError):
    """The catalog's data is wrong: every problem, with its file and field path."""


def build_default_catalog(folder: Path) -> Catalog:
    """Build the default catalog from the TOML files in ``folder`` and the shipped database.

    Raises `CatalogDataError` listing every problem when the files are wrong.
    """
    problems: list[Problem] = []
    curated = _read_toml(folder, "exercises.toml", problems)
    classification = _read_toml(folder, "free_exercise_db.toml", problems)
    if problems:
        raise CatalogDataError(problems)
    return build_catalog(curated, classification, load_database())


def load_database() -> list[dict[str, Any]]:
    """Return the entries of the shipped free-exercise-db copy."""
    data = database_file().read_bytes()
    exercises: list[dict[str, Any]] = json.loads(data)["exercises"]
    return exercises


def database_id(database_key: str) -> str:
    """Return the catalog id of the database entry with id ``database_key``."""
    return DATABASE_ID_PREFIX + _NOT_ID.sub("-", database_key.lower()).strip("-")


def build_catalog(curated: Table, classification: Table, database: list[dict[str, Any]]) -> Catalog:
    """Build a catalog from the two TOML documents and the database entries.

    Raises `CatalogDataError` listing every problem found, each with its file and path.
    """
    problems = _Problems()
    where = _Where("exercises.toml")
    if problems.check(_keys, curated, where, ("names", "groups", "exercise")) is None:
        raise CatalogDataError(problems.items)
    rules = problems.check(_name_rules, curated["names"], where.at("names"))
    groups = read_groups(curated["groups"], where.at("groups"), problems)
    exercises = read_exercises(curated["exercise"], where.at("exercise"), groups, problems)
    taken = _taken(curated["exercise"], exercises, where.at("exercise"), problems)
    db_exercises, aliases, shadowed = _database(
        classification, database, {e.id: e for e in exercises}, taken, problems
    )
    if problems.items or rules is None:
        raise CatalogDataError(problems.items)
    try:
        return Catalog(
            [*exercises, *db_exercises],
            groups=groups,
            aliases=aliases,
            names=rules,
            shadowed_names=shadowed,
        )
    except ValueError as error:
        raise CatalogDataError([Problem(("exercises.toml",), str(error))]) from None


@attrs.frozen
class _Where:
    """Where a value is: its file, and its path in the file's document."""

    file: str
    path: tuple[PathPart, ...] = ()

    def at(self, *parts: PathPart) -> _Where:
        return _Where(self.file, (*self.path, *parts))

    def bad(self, message: str, value: object = MISSING) -> _Bad:
        return _Bad(Problem((self.file, *self.path), message, value))


class _Bad(Exception):
    """One problem, raised by a reader and collected by `_Problems`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Problems:
    """Collects the problems of readers, so that one bad value does not hide the next."""

    def __init__(self, items: list[Problem] | None = None) -> None:
        self.items: list[Problem] = [] if items is None else items

    def check(self, read: Callable[..., T], *args: Any) -> T | None:
        try:
            return read(*args)
        except _Bad as bad:
            self.items.append(bad.problem)
            return None


def _read_toml(folder: Path, name: str, problems: list[Problem]) -> Table:
    from backsafe import _tomllib as tomllib  # noqa: PLC0415 - only when building

    try:
        with (folder / name).open("rb") as file:
            document: dict[str, Any] = tomllib.load(file)
    except OSError as error:
        problems.append(Problem((name,), f"cannot be read ({error.strerror or error})"))
        return {}
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem((name,), f"is not valid TOML: {error}"))
        return {}
    return document


def _keys(
    table: object, where: _Where, required: Iterable[str] = (), optional: Iterable[str] = ()
) -> Table:
    if not isinstance(table, Mapping):
        raise where.bad("must be a table", table)
    required = tuple(required)
    missing = [key for key in required if key not in table]
    if missing:
        raise where.bad(f"lacks {', '.join(missing)}")
    unknown = sorted(set(table) - set(required) - set(optional))
    if unknown:
        raise where.bad(f"has unknown key(s) {', '.join(unknown)}")
    return table


def _table(value: object, where: _Where) -> Table:
    if not isinstance(value, Mapping):
        raise where.bad("must be a table", value)
    return value


def _text(value: object, where: _Where) -> str:
    if not isinstance(value, str) or not value:
        raise where.bad("must be a non-empty string", value)
    return value


def _flag(value: object, where: _Where) -> bool:
    if not isinstance(value, bool):
        raise where.bad("must be true or false", value)
    return value


def _texts(value: object, where: _Where) -> list[str]:
    if not isinstance(value, list):
        raise where.bad("must be a list of strings", value)
    return [_text(item, where.at(index)) for index, item in enumerate(value)]


def _choice(enum: type[E], value: object, where: _Where) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum)
        raise where.bad(f"{value!r} is not one of {allowed}") from None


def _choices(enum: type[E], value: object, where: _Where) -> tuple[E, ...]:
    return tuple(_choice(enum, item, where.at(i)) for i, item in enumerate(_texts(value, where)))


def _name_rules(table: object, where: _Where) -> NameRules:
    table = _keys(
        table,
        where,
        optional=("stop_words", "plurals", "synonyms", "annotations", "load_annotations"),
    )

    def strings(key: str) -> dict[str, str]:
        mapping = _table(table.get(key, {}), where.at(key))
        return {k: _text(v, where.at(key, k)) for k, v in mapping.items()}

    try:
        return NameRules.from_data(
            synonyms=strings("synonyms"),
            plurals=strings("plurals"),
            stop_words=_texts(table.get("stop_words", []), where.at("stop_words")),
            annotations=_texts(table.get("annotations", []), where.at("annotations")),
            load_annotations=_texts(
                table.get("load_annotations", []), where.at("load_annotations")
            ),
        )
    except ValueError as error:
        raise where.bad(str(error)) from None


def read_groups(table: object, where: _Where, problems: _Problems) -> dict[str, Group]:
    """The exercise groups of a ``[groups]`` (or a pack's ``[group]``) table."""
    groups: dict[str, Group] = {}
    entries = problems.check(_table, table, where)
    for group_id, entry in (entries or {}).items():
        group = problems.check(_group, group_id, entry, where.at(group_id))
        if group is not None:
            groups[group_id] = group
    return groups


def _group(group_id: str, entry: object, here: _Where) -> Group:
    _keys(entry, here, required=("name", "reference"), optional=("glute",))
    assert isinstance(entry, Mapping)
    if not _ID.fullmatch(group_id) or group_id == _NO_GROUP:
        raise here.bad("a group id must be kebab-case (and not 'none')")
    return Group(
        group_id,
        _text(entry["name"], here.at("name")),
        _text(entry["reference"], here.at("reference")),
        glute=_flag(entry.get("glute", False), here.at("glute")),
    )


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


def read_exercises(
    tables: object,
    where: _Where,
    groups: Mapping[str, Group],
    problems: _Problems,
    *,
    known: Catalog | None = None,
) -> list[Exercise]:
    """The exercises of an array of ``[[exercise]]`` tables, every problem collected.

    A family is the id of an exercise of the tables whose family is itself, or of a
    family of ``known`` (the catalog the exercises will extend).
    """
    if not isinstance(tables, list):
        problems.items.append(where.bad("must be an array of tables ([[exercise]])").problem)
        return []
    exercises: list[Exercise] = []
    for index, table in enumerate(tables):
        exercise = problems.check(_exercise, table, where.at(index), groups, problems)
        if exercise is not None:
            exercises.append(exercise)
    by_id = {exercise.id: exercise for exercise in exercises}
    for index, exercise in enumerate(exercises):
        family = by_id.get(exercise.family or "")
        if family is None and known is not None and exercise.family in known:
            family = known.get(exercise.family or "")
        if family is None or family.family != family.id:
            problems.items.append(
                where.at(index, "family")
                .bad(
                    f"family {exercise.family!r} must be the id of an exercise whose family is "
                    "itself",
                    exercise.family,
                )
                .problem
            )
    return exercises


def _exercise(
    table: object, here: _Where, groups: Mapping[str, Group], problems: _Problems
) -> Exercise | None:
    _keys(table, here, required=_EXERCISE_KEYS, optional=("free_exercise_db", "risks"))
    assert isinstance(table, Mapping)
    before = len(problems.items)

    def read(key: str, reader: Callable[[Any, _Where], T]) -> T | None:
        return problems.check(reader, table[key], here.at(key))

    exercise_id = read("id", _text)
    if exercise_id is not None and (
        not _ID.fullmatch(exercise_id) or exercise_id.startswith(DATABASE_ID_PREFIX)
    ):
        problems.items.append(
            here.at("id")
            .bad(f"must be kebab-case and not start with {DATABASE_ID_PREFIX!r}", exercise_id)
            .problem
        )
    group = read("group", _text)
    if group is not None and group != _NO_GROUP and group not in groups:
        problems.items.append(
            here.at("group").bad(f"{group!r} is not a group of [groups] (or 'none')").problem
        )
    back_friendly = read("back_friendly", _flag)
    database_names = problems.check(
        _texts, table.get("free_exercise_db", []), here.at("free_exercise_db")
    )
    aliases = read("aliases", _texts)
    exercise = Exercise(
        id=exercise_id or "",
        name=read("name", _text) or "",
        pattern=read("pattern", partial(_choice, Pattern)) or Pattern.OTHER,
        loading=read("loading", partial(_choice, Loading)) or Loading.HIGH,
        role=read("role", partial(_choice, Role)) or Role.STRENGTH,
        aliases=tuple(dict.fromkeys((*(aliases or ()), *(database_names or ())))),
        family=read("family", _text),
        group=None if group in (None, _NO_GROUP) else group,
        back_friendly=bool(back_friendly),
        primary_muscles=read("primary_muscles", partial(_choices, Muscle)) or (),
        secondary_muscles=read("secondary_muscles", partial(_choices, Muscle)) or (),
        equipment=read("equipment", partial(_choices, Equipment)) or (),
        risks=problems.check(_choices, Risk, table.get("risks", []), here.at("risks")) or (),
    )
    return None if len(problems.items) > before else exercise


def _taken(
    tables: object, exercises: list[Exercise], where: _Where, problems: _Problems
) -> dict[str, str]:
    """Database name -> the curated exercise that takes it over."""
    taken: dict[str, str] = {}
    if not isinstance(tables, list):
        return taken
    by_id = {exercise.id: exercise for exercise in exercises}
    for index, table in enumerate(tables):
        if not isinstance(table, Mapping) or table.get("id") not in by_id:
            continue
        names = table.get("free_exercise_db", [])
        for name in names if isinstance(names, list) else ():
            if taken.setdefault(name, table["id"]) != table["id"]:
                problems.items.append(
                    where.at(index, "free_exercise_db")
                    .bad(f"{name!r} is already the database entry of {taken[name]!r}")
                    .problem
                )
    return taken


@attrs.frozen
class _Class:
    """How one database entry is classified."""

    pattern: Pattern
    loading: Loading
    role: Role
    family: str | None = None
    group: str | None = None
    back_friendly: bool = False
    risks: tuple[Risk, ...] = ()


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
    problems: _Problems,
) -> tuple[list[Exercise], dict[str, str], list[str]]:
    where = _Where("free_exercise_db.toml")
    optional = ("shadowed", "aliases", "variation", "classified", "risk")
    if problems.check(_keys, document, where, ("generic",), optional) is None:
        return [], {}, []
    by_name = {row["name"]: row for row in rows}
    if len(by_name) != len(rows):
        problems.items.append(where.bad("the database copy has duplicate names").problem)
    # database name -> where it is classified
    known: dict[str, str] = {
        name: f"exercises.toml, exercise {owner!r}" for name, owner in taken.items()
    }
    for name in known:
        if name not in by_name:
            problems.items.append(
                _Where("exercises.toml").bad(f"{name!r} is not a free-exercise-db name").problem
            )
    listed = _listed(document, where, curated, by_name, known=known, problems=problems)
    extra_risks = _extra_risks(document.get("risk", []), where.at("risk"), by_name, taken, problems)
    rules = _generic(document["generic"], where.at("generic"), rows, problems)
    shadowed = problems.check(_texts, document.get("shadowed", []), where.at("shadowed")) or []
    for index, name in enumerate(shadowed):
        if name not in by_name or name in taken:
            problems.items.append(
                where.at("shadowed", index)
                .bad("must be a database name, not curated", name)
                .problem
            )
    exercises: list[Exercise] = []
    aliases = _database_aliases(
        document.get("aliases", {}), where.at("aliases"), by_name, taken, problems
    )
    seen_ids: dict[str, str] = {}
    for row in rows:
        exercise_id = database_id(row["id"])
        if seen_ids.setdefault(exercise_id, row["id"]) != row["id"]:
            problems.items.append(
                where.bad(f"database ids {row['id']!r} and {seen_ids[exercise_id]!r} clash").problem
            )
            continue
        if row["name"] in taken:
            aliases[exercise_id] = taken[row["name"]]
            continue
        found = listed.get(row["name"])
        if found is None:
            found = next((rule.result for rule in rules if rule.matches(row)), None)
            if found is None:
                if rules:  # no rules at all is reported where they are read
                    problems.items.append(
                        where.at("generic").bad(f"no rule matches {row['name']!r}").problem
                    )
                continue
        exercises.append(_database_exercise(exercise_id, row, extra_risks.add(found, row["name"])))
    return exercises, aliases, shadowed


def _database_aliases(
    table: object,
    where: _Where,
    by_name: Mapping[str, Any],
    taken: Mapping[str, str],
    problems: _Problems,
) -> dict[str, str]:
    """Read ``[aliases]``: further names (alias -> database name) of database entries."""
    aliases: dict[str, str] = {}
    entries = problems.check(_table, table, where)
    for alias, name in (entries or {}).items():
        here = where.at(alias)
        text = problems.check(_text, name, here)
        if text is None:
            continue
        if text not in by_name:
            problems.items.append(here.bad("is not a free-exercise-db name", text).problem)
        elif text in taken:
            problems.items.append(
                here.bad(
                    f"{text!r} is curated exercise {taken[text]!r}: give the alias there",
                    text,
                ).problem
            )
        else:
            aliases[alias] = database_id(by_name[text]["id"])
    return aliases


@attrs.frozen
class _ExtraRisks:
    """The risks ``[[risk]]`` tables add: by database name, and by classified pattern."""

    by_name: Mapping[str, tuple[Risk, ...]] = attrs.field(factory=dict)
    by_pattern: Mapping[Pattern, tuple[Risk, ...]] = attrs.field(factory=dict)

    def add(self, found: _Class, name: str) -> _Class:
        more = (*self.by_pattern.get(found.pattern, ()), *self.by_name.get(name, ()))
        if not more:
            return found
        return attrs.evolve(found, risks=tuple(dict.fromkeys((*found.risks, *more))))


def _extra_risks(
    tables: object,
    where: _Where,
    by_name: Mapping[str, Any],
    taken: Mapping[str, str],
    problems: _Problems,
) -> _ExtraRisks:
    """Read the ``[[risk]]`` tables: risks added to database entries by name or pattern."""
    names_found: dict[str, tuple[Risk, ...]] = {}
    patterns_found: dict[Pattern, tuple[Risk, ...]] = {}
    if not isinstance(tables, list):
        problems.items.append(where.bad("must be an array of tables ([[risk]])").problem)
        return _ExtraRisks()
    for index, table in enumerate(tables):
        here = where.at(index)
        if problems.check(_keys, table, here, ("risks",), ("names", "patterns", "note")) is None:
            continue
        if "names" not in table and "patterns" not in table:
            problems.items.append(
                here.bad("names no entries: give names, patterns or both").problem
            )
            continue
        risks = problems.check(_choices, Risk, table["risks"], here.at("risks"))
        names = problems.check(_texts, table.get("names", []), here.at("names"))
        patterns = problems.check(_choices, Pattern, table.get("patterns", []), here.at("patterns"))
        if risks is None or names is None or patterns is None:
            continue
        for number, name in enumerate(names):
            if name not in by_name or name in taken:
                problems.items.append(
                    here.at("names", number)
                    .bad("is not a database name, or is a curated exercise's", name)
                    .problem
                )
            else:
                names_found[name] = (*names_found.get(name, ()), *risks)
        for pattern in patterns:
            patterns_found[pattern] = (*patterns_found.get(pattern, ()), *risks)
    return _ExtraRisks(names_found, patterns_found)


def _listed(
    document: Table,
    where: _Where,
    curated: Mapping[str, Exercise],
    by_name: Mapping[str, Any],
    *,
    known: dict[str, str],
    problems: _Problems,
) -> dict[str, _Class]:
    listed: dict[str, _Class] = {}
    sections: tuple[tuple[str, Callable[[Table, _Where], _Class]], ...] = (
        ("variation", lambda table, here: _variation(table, here, curated)),
        ("classified", _classified),
    )
    for section, read in sections:
        tables = document.get(section, [])
        if not isinstance(tables, list):
            problems.items.append(
                where.at(section).bad(f"must be an array of tables ([[{section}]])").problem
            )
            continue
        for index, table in enumerate(tables):
            here = where.at(section, index)
            result = problems.check(read, table, here)
            names = problems.check(_texts, table.get("names", []), here.at("names"))
            if result is None or names is None:
                continue
            for number, name in enumerate(names):
                if name not in by_name:
                    problems.items.append(
                        here.at("names", number).bad("is not a free-exercise-db name", name).problem
                    )
                elif name in known:
                    problems.items.append(
                        here.at("names", number)
                        .bad(f"{name!r} is already classified in {known[name]}")
                        .problem
                    )
                else:
                    known[name] = format_path((section, index))
                    listed[name] = result
    return listed


def _variation(table: Table, where: _Where, curated: Mapping[str, Exercise]) -> _Class:
    _keys(
        table,
        where,
        required=("family", "loading", "names"),
        optional=("pattern", "role", "back_friendly", "note", "risks"),
    )
    family = curated.get(_text(table["family"], where.at("family")))
    if family is None or family.family != family.id:
        raise where.at("family").bad(f"{table['family']!r} is not a curated family")
    pattern, role = table.get("pattern"), table.get("role")
    back_friendly = _flag(
        table.get("back_friendly", family.back_friendly), where.at("back_friendly")
    )
    return _Class(
        pattern=family.pattern if pattern is None else _choice(Pattern, pattern, where),
        loading=_choice(Loading, table["loading"], where.at("loading")),
        role=family.role if role is None else _choice(Role, role, where.at("role")),
        family=family.id,
        group=family.group,
        back_friendly=back_friendly,
        risks=family.risks
        if "risks" not in table
        else _choices(Risk, table["risks"], where.at("risks")),
    )


def _classified(table: Table, where: _Where) -> _Class:
    _keys(
        table,
        where,
        required=("pattern", "loading", "role", "names"),
        optional=("note", "risks"),
    )
    return _class(table, where)


def _class(table: Table, where: _Where) -> _Class:
    return _Class(
        pattern=_choice(Pattern, table["pattern"], where.at("pattern")),
        loading=_choice(Loading, table["loading"], where.at("loading")),
        role=_choice(Role, table["role"], where.at("role")),
        risks=_choices(Risk, table.get("risks", []), where.at("risks")),
    )


def _generic(
    tables: object, where: _Where, rows: list[dict[str, Any]], problems: _Problems
) -> list[_Rule]:
    if not isinstance(tables, list) or not tables:
        problems.items.append(
            where.bad("must be a non-empty array of tables ([[generic]])").problem
        )
        return []
    vocabulary = {field: {"none"} for field in _CONDITIONS}
    for row in rows:
        for field in _CONDITIONS:
            values = row["primaryMuscles"] if field == "primary" else [row[field]]
            vocabulary[field].update(value for value in values if value is not None)
    rules = []
    for index, table in enumerate(tables):
        rule = problems.check(_generic_rule, table, where.at(index), vocabulary)
        if rule is not None:
            rules.append(rule)
    if isinstance(tables[-1], Mapping) and set(tables[-1]) & set(_CONDITIONS):
        problems.items.append(
            where.at(len(tables) - 1)
            .bad("the last rule must have no conditions, so that every entry matches")
            .problem
        )
    return rules


def _generic_rule(table: object, here: _Where, vocabulary: Mapping[str, set[str]]) -> _Rule:
    _keys(table, here, required=("pattern", "loading", "role"), optional=(*_CONDITIONS, "risks"))
    assert isinstance(table, Mapping)
    conditions = {
        field: frozenset(_texts(table[field], here.at(field)))
        for field in _CONDITIONS
        if field in table
    }
    for field, values in conditions.items():
        unknown = sorted(values - vocabulary[field])
        if unknown:
            raise here.at(field).bad(f"no database entry has {', '.join(unknown)}")
    return _Rule(conditions, _class(table, here))


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
        risks=found.risks,
        primary_muscles=primary,
        secondary_muscles=_muscles(row["secondaryMuscles"], exclude=primary),
        equipment=()
        if equipment is None
        else (_DB_EQUIPMENT.get(equipment) or Equipment(equipment.replace(" ", "-")),),
        source=DATABASE_SOURCE,
    )
