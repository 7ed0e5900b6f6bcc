"""Load one pack: read its data, check everything against the packs loaded before it.

A pack is resolved against what the packs loaded before it give (the catalog, rule
kinds, rules, conditions, advice): every problem is collected, with its file and field
path, and a pack with any problem is refused whole (`PackError`), never half-loaded.
Reading a pack's data runs none of its code: TOML is parsed, structured and checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from backsafe import _tomllib as tomllib
from backsafe._input_error import PathPart, Problem
from backsafe.catalog import Exercise, Group, Role
from backsafe.catalog._load import _Problems, _Where, read_exercises, read_groups
from backsafe.engine import Advice, Check, ConditionInfo, Rule
from backsafe.engine._options import REFERS_TO
from backsafe.model import LIMITS
from backsafe.packs._kinds import KIND_NAME, kind_problems, message_problems, references_of
from backsafe.packs._loaded import Loaded, PackError, Resolved
from backsafe.packs._pack import LoadedPack, Pack, PackOrigin
from backsafe.packs._tables import (
    AdviceEntry,
    Citation,
    ConditionEntry,
    DoseEntry,
    OverrideEntry,
    PackEntry,
    ReferenceEntry,
    RuleEntry,
    structure,
)
from backsafe.report import Dose, Level, Override, Reference

__all__ = [
    "ARRAY_TABLES",
    "MAX_DATA_FILE_BYTES",
    "PREFIX",
    "TABLES",
    "Loaded",
    "PackError",
    "Resolved",
    "resolve",
]

#: A pack's code prefix: 2 to 4 capital letters.
PREFIX = re.compile(r"[A-Z]{2,4}")
_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
#: The tables a pack's TOML files may hold; the array tables may be spread over files.
TABLES = (
    "pack",
    "rule",
    "reference",
    "advice",
    "substitutes",
    "dose",
    "condition",
    "exercise",
    "alias",
    "group",
    "override",
)
ARRAY_TABLES = ("rule", "exercise", "override")
#: The largest data file a pack may have.
MAX_DATA_FILE_BYTES = 4 * 1024 * 1024
_NOT_SUPPRESSIBLE_TOPICS = ("red-flag",)
_DEFAULT_SUBSTITUTE = "*"


def _files(pack: Pack) -> Iterator[tuple[str, Any]]:
    data = pack.data
    if data is None:
        return
    if pack.files is not None:
        for name in pack.files:
            yield name, data / name
        return
    found = sorted(
        (item for item in data.iterdir() if item.name.endswith(".toml") and item.is_file()),
        key=lambda item: item.name,
    )
    yield from ((item.name, item) for item in found)


def _read(pack: Pack, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    documents: dict[str, dict[str, Any]] = {}
    try:
        files = list(_files(pack))
    except OSError as error:
        problems.append(Problem(("data",), f"cannot be listed ({error.strerror or error})"))
        return documents
    if pack.data is not None and not files:
        problems.append(Problem(("data",), f"has no .toml file ({pack.data})"))
    for name, item in files:
        try:
            with item.open("rb") as file:
                raw = file.read(MAX_DATA_FILE_BYTES + 1)
        except OSError as error:
            problems.append(Problem((name,), f"cannot be read ({error.strerror or error})"))
            continue
        if len(raw) > MAX_DATA_FILE_BYTES:
            problems.append(Problem((name,), f"is larger than {MAX_DATA_FILE_BYTES} bytes"))
            continue
        try:
            documents[name] = tomllib.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            problems.append(Problem((name,), f"is not UTF-8 text ({error.reason})"))
        except (tomllib.TOMLDecodeError, ValueError) as error:
            problems.append(Problem((name,), f"is not valid TOML: {error}"))
    return documents


@attrs.define
class _Tables:
    single: dict[str, tuple[str, Any]] = attrs.Factory(dict)
    arrays: dict[str, list[tuple[tuple[PathPart, ...], Any]]] = attrs.Factory(dict)

    def get(self, key: str, cls: Any, default: Any, problems: list[Problem]) -> Any:
        if key not in self.single:
            return default
        filename, value = self.single[key]
        result = structure(value, cls, (filename, key), problems)
        return default if result is None else result

    def where(self, key: str) -> tuple[str, ...]:
        return (self.single[key][0], key) if key in self.single else (key,)


def _tables(documents: Mapping[str, Mapping[str, Any]], problems: list[Problem]) -> _Tables:
    tables = _Tables()
    for filename, document in documents.items():
        for key, value in document.items():
            if key not in TABLES:
                known = ", ".join(TABLES)
                problems.append(Problem((filename, key), f"is not a pack table (known: {known})"))
            elif key in ARRAY_TABLES:
                if type(value) is not list:
                    problems.append(
                        Problem((filename, key), f"must be an array of tables ([[{key}]])", value)
                    )
                else:
                    items = tables.arrays.setdefault(key, [])
                    items.extend(((filename, key, i), raw) for i, raw in enumerate(value))
            elif key in tables.single:
                problems.append(
                    Problem((filename, key), f"is also given in {tables.single[key][0]}")
                )
            else:
                tables.single[key] = (filename, value)
    return tables


def _plain(value: Any) -> Any:
    """An option's value as pack data writes it (an enum by its value, lists for tuples)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        return {
            f.alias: _plain(getattr(value, f.name)) for f in attrs.fields(type(value)) if f.init
        }
    return value


class _Resolver:
    """The state of resolving one pack; `run` returns it resolved or raises `PackError`."""

    def __init__(
        self,
        declared: Pack,
        origin: PackOrigin,
        version: str,
        loaded: Loaded,
        topics: tuple[str, ...] | None,
    ) -> None:
        self.declared = declared
        self.origin = origin
        self.version = version
        self.loaded = loaded
        self.topics = topics
        self.problems: list[Problem] = []
        self.name = declared.name
        self.prefix = declared.prefix
        self.references: dict[str, Reference] = {}
        self.advice: dict[str, Advice] = {}
        self.conditions: dict[str, ConditionInfo] = {}
        self.kinds: dict[str, type[Check]] = {}
        self.catalog = loaded.catalog

    def problem(self, path: Iterable[PathPart], message: str, *value: object) -> None:
        self.problems.append(Problem(tuple(path), message, *value))

    def run(self) -> Resolved:
        tables = _tables(_read(self.declared, self.problems), self.problems)
        self._identity(tables)
        if self.problems:
            raise PackError(self.problems, self.origin.describe())
        self._catalog(tables)
        self.conditions = self._conditions(tables)
        self.references = self._references(tables)
        self.advice = self._advice(tables)
        self.kinds = self._kinds()
        rules = [*self._data_rules(tables), *self._python_rules()]
        self._unique(rules)
        substitutes = self._substitutes(tables)
        doses, dose_references = self._doses(tables)
        overridden, overrides = self._overrides(tables)
        if self.problems:
            raise PackError(self.problems, self.origin.describe())
        pack = LoadedPack(
            name=self.name,
            version=self.version,
            prefix=self.prefix,
            origin=self.origin,
            title=self.title,
            rules=tuple(sorted(rules, key=lambda rule: rule.code)),
            references=self.references,
            substitutes=substitutes,
            doses=doses,
            dose_references=dose_references,
            advice=self.advice,
            conditions=self.conditions,
            exercises=self.exercises,
            aliases=self.aliases,
            groups=self.groups,
            kinds=self.kinds,
            overrides=overrides,
        )
        return Resolved(pack, self.catalog, overridden)

    # --- what the pack is ---------------------------------------------------------------

    def _identity(self, tables: _Tables) -> None:
        entry: PackEntry | None = tables.get("pack", PackEntry, None, self.problems)
        declared = self.declared
        self.title = declared.title
        if entry is not None:
            for field, given in (("name", declared.name), ("prefix", declared.prefix)):
                value = getattr(entry, field)
                if given and value != given:
                    self.problem(
                        (*tables.where("pack"), field),
                        f"must agree with the pack's Python declaration ({given!r})",
                        value,
                    )
            self.name = declared.name or entry.name
            self.prefix = declared.prefix or entry.prefix
            self.title = declared.title or entry.title
            if entry.version is not None and declared.version is None and not self.origin.version:
                self.version = entry.version
        elif not declared.name:
            self.problem(("pack",), "is required (a [pack] table with name and prefix)")
            return
        where = tables.where("pack")
        if not _ID.fullmatch(self.name):
            self.problem((*where, "name"), "must be lowercase words joined by hyphens", self.name)
        elif self.name in self.loaded.packs:
            owner = self.loaded.packs[self.name].origin.describe()
            self.problem((*where, "name"), f"is already the name of the pack of {owner}", self.name)
        if not PREFIX.fullmatch(self.prefix):
            self.problem((*where, "prefix"), "must be 2 to 4 capital letters", self.prefix)
        else:
            for other in self.loaded.packs.values():
                if other.prefix == self.prefix:
                    self.problem(
                        (*where, "prefix"),
                        f"is already the prefix of pack {other.name!r} ({other.origin.describe()})",
                        self.prefix,
                    )

    def _catalog(self, tables: _Tables) -> None:
        problems = _Problems(self.problems)
        groups: dict[str, Group] = {}
        if "group" in tables.single:
            filename, value = tables.single["group"]
            groups = read_groups(value, _Where(filename, ("group",)), problems)
            for group_id in groups:
                if group_id in self.catalog.groups:
                    self.problem((filename, "group", group_id), "is already an exercise group")
        known_groups = {**self.catalog.groups, **groups}
        exercises: list[Exercise] = []
        by_file: dict[str, list[Any]] = {}
        for path, raw in tables.arrays.get("exercise", []):
            by_file.setdefault(str(path[0]), []).append(raw)
        for filename, raws in by_file.items():
            exercises += read_exercises(
                raws, _Where(filename, ("exercise",)), known_groups, problems, known=self.catalog
            )
        aliases: dict[str, str] = tables.get("alias", dict[str, str], {}, self.problems)
        self.groups = tuple(groups.values())
        self.exercises = tuple(exercises)
        self.aliases = aliases
        if not (groups or exercises or aliases):
            return
        try:
            self.catalog = self.catalog.extended(exercises, aliases, groups=groups.values())
        except ValueError as error:
            where = next(iter(by_file), None) or tables.where("alias")[0]
            self.problem((where,), f"cannot extend the catalog: {error}")

    def _conditions(self, tables: _Tables) -> dict[str, ConditionInfo]:
        entries: dict[str, ConditionEntry] = tables.get(
            "condition", dict[str, ConditionEntry], {}, self.problems
        )
        where = tables.where("condition")
        found = {}
        for condition_id, entry in entries.items():
            if not _ID.fullmatch(condition_id):
                self.problem((*where, condition_id), "must be lowercase words joined by hyphens")
            elif condition_id in self.loaded.conditions:
                owner = self.loaded.conditions[condition_id].pack
                self.problem((*where, condition_id), f"is already a condition of pack {owner!r}")
            else:
                found[condition_id] = ConditionInfo(
                    condition_id, entry.name, self.name, entry.description
                )
        return found

    def _references(self, tables: _Tables) -> dict[str, Reference]:
        entries: dict[str, ReferenceEntry] = tables.get(
            "reference", dict[str, ReferenceEntry], {}, self.problems
        )
        return {ref: Reference(ref, entry.title, entry.url) for ref, entry in entries.items()}

    def _citations(
        self, citations: Iterable[Citation], path: tuple[PathPart, ...]
    ) -> tuple[Reference, ...]:
        found = []
        for index, citation in enumerate(citations):
            reference = self.references.get(citation.ref)
            if reference is None:
                known = ", ".join(sorted(self.references)) or "none"
                self.problem(
                    (*path, index, "ref"),
                    f"is not a reference of the pack (known: {known})",
                    citation.ref,
                )
            else:
                found.append(reference.at(citation.section))
        return tuple(found)

    def _advice(self, tables: _Tables) -> dict[str, Advice]:
        entries: dict[str, AdviceEntry] = tables.get(
            "advice", dict[str, AdviceEntry], {}, self.problems
        )
        where = tables.where("advice")
        advice = {}
        for advice_id, entry in entries.items():
            if not _ID.fullmatch(advice_id):
                self.problem((*where, advice_id), "must be lowercase words joined by hyphens")
                continue
            qualified = f"{self.name}/{advice_id}"
            cited = self._citations(entry.references, (*where, advice_id, "references"))
            advice[qualified] = Advice(qualified, entry.text, cited, entry.up_to)
        return advice

    def _qualified_advice(self, name: object) -> str | None:
        if not isinstance(name, str):
            return None
        qualified = name if "/" in name else f"{self.name}/{name}"
        if qualified in self.advice or qualified in self.loaded.advice:
            return qualified
        return None

    # --- rules ----------------------------------------------------------------------------

    def _kinds(self) -> dict[str, type[Check]]:
        kinds = {}
        for name, kind in self.declared.kinds.items():
            path = ("kinds", name)
            if not isinstance(name, str) or not KIND_NAME.fullmatch(name):
                self.problem(path, "a kind's name must be lowercase words joined by hyphens")
                continue
            if name in self.loaded.kinds:
                self.problem(path, "is already the name of a rule kind", name)
                continue
            bad = list(kind_problems(kind))
            for problem in bad:
                self.problem(path, problem)
            if not bad:
                kinds[name] = kind
        return kinds

    def _kind(self, name: str) -> type[Check] | None:
        return self.kinds.get(name) or self.loaded.kinds.get(name)

    def _data_rules(self, tables: _Tables) -> Iterator[Rule]:
        for path, raw in tables.arrays.get("rule", []):
            entry: RuleEntry | None = structure(raw, RuleEntry, path, self.problems)
            if entry is None:
                continue
            kind = self._kind(entry.kind)
            if kind is None:
                known = ", ".join(sorted({*self.loaded.kinds, *self.kinds}))
                self.problem((*path, "kind"), f"must be a rule kind (known: {known})", entry.kind)
                continue
            before = len(self.problems)
            options = self._options_in(entry.options, kind, (*path, "options"))
            check = self._build_check(kind, options, (*path, "options"))
            references = self._citations(entry.references, (*path, "references"))
            if check is None:
                continue
            rule = Rule(
                code=entry.code,
                name=entry.name,
                pack=self.name,
                topic=entry.topic,
                level=entry.level,
                check=check,
                message=entry.message,
                summary=entry.summary,
                why=entry.why,
                example=entry.example,
                fix=entry.fix,
                references=references,
                suppressible=entry.suppressible,
                options=entry.options,
            )
            if self._rule_sound(rule, path) and len(self.problems) == before:
                yield rule

    def _options_in(
        self, options: dict[str, Any], kind: type[Check], path: tuple[PathPart, ...]
    ) -> dict[str, Any]:
        """The options with advice names qualified (``ice`` -> ``backsafe/ice``)."""
        result = dict(options)
        for field in attrs.fields(kind) if attrs.has(kind) else ():
            if field.metadata.get(REFERS_TO) != "advice" or field.alias not in options:
                continue
            value = options[field.alias]
            if type(value) is not list:
                continue
            qualified = []
            for index, name in enumerate(value):
                found = self._qualified_advice(name)
                if found is None:
                    self.problem((*path, field.alias, index), "is not an advice id of a pack", name)
                qualified.append(found or name)
            result[field.alias] = qualified
        return result

    def _build_check(
        self, kind: type[Check], options: dict[str, Any], path: tuple[PathPart, ...]
    ) -> Check | None:
        check: Check | None = structure(options, kind, path, self.problems)
        return check

    def _python_rules(self) -> Iterator[Rule]:
        for index, rule in enumerate(self.declared.rules):
            path: tuple[PathPart, ...] = ("rules", index)
            if not isinstance(rule, Rule):
                self.problem(path, "must be a backsafe.engine.Rule", rule)
                continue
            if rule.pack not in ("", self.name):
                self.problem((*path, "pack"), f"must be {self.name!r} (or left out)", rule.pack)
                continue
            bad = list(kind_problems(type(rule.check)))
            for problem in bad:
                self.problem((*path, "check"), problem)
            if bad:
                continue
            check: Any = rule.check
            changes = {}
            for field in attrs.fields(type(check)):
                if field.metadata.get(REFERS_TO) != "advice":
                    continue
                names = getattr(check, field.name)
                qualified = [self._qualified_advice(n) for n in names]
                if None in qualified:
                    missing = [n for n, q in zip(names, qualified, strict=True) if q is None]
                    self.problem((*path, "check", field.alias), "names unknown advice", missing)
                else:
                    changes[field.name] = tuple(qualified)
            if changes:
                check = attrs.evolve(check, **changes)
            owned = attrs.evolve(rule, pack=self.name, check=check)
            if self._rule_sound(owned, path):
                yield owned

    def _rule_sound(self, rule: Rule, path: tuple[PathPart, ...]) -> bool:
        before = len(self.problems)
        if not re.fullmatch(rf"{re.escape(self.prefix)}[0-9]+", rule.code):
            self.problem(
                (*path, "code"), f"must be the pack's prefix {self.prefix!r} and digits", rule.code
            )
        if not isinstance(rule.level, Level) or rule.level is Level.OK:
            self.problem((*path, "level"), "must be a finding level, not 'ok'", str(rule.level))
        if self.topics is not None and rule.topic not in self.topics:
            self.problem((*path, "topic"), f"must be one of {', '.join(self.topics)}", rule.topic)
        elif not _ID.fullmatch(rule.topic):
            self.problem((*path, "topic"), "must be lowercase words joined by hyphens", rule.topic)
        if rule.topic in _NOT_SUPPRESSIBLE_TOPICS and rule.suppressible:
            self.problem((*path, "suppressible"), f"must be false for a {rule.topic} rule", True)
        for problem in message_problems(rule.message, type(rule.check).message_fields):
            self.problem((*path, "message"), problem, rule.message)
        self._check_references(rule.check, (*path, "options"))
        return len(self.problems) == before

    def _check_references(self, check: Check, path: tuple[PathPart, ...]) -> None:
        catalog = self.catalog
        for option, what, name in references_of(check):
            where = (*path, option)
            if what == "exercise" and name not in catalog:
                hint = catalog.lookup(name) if isinstance(name, str) else None
                also = f"; it is a name of {hint.id!r}" if hint is not None else ""
                self.problem(where, f"is not an exercise id of the catalog{also}", name)
            elif what == "group" and name not in catalog.groups:
                known = ", ".join(sorted(catalog.groups)) or "none"
                self.problem(where, f"is not an exercise group (known: {known})", name)
            elif what == "condition" and not (
                name in self.conditions or name in self.loaded.conditions
            ):
                known = ", ".join(sorted({*self.conditions, *self.loaded.conditions})) or "none"
                self.problem(where, f"is not a condition a pack declares (known: {known})", name)
            elif what == "advice" and not (name in self.advice or name in self.loaded.advice):
                self.problem(where, "is not an advice id of a pack", name)

    def _unique(self, rules: list[Rule]) -> None:
        seen: dict[str, Rule] = {}
        for rule in rules:
            other = seen.setdefault(rule.code, rule)
            if other is not rule:
                self.problem(
                    ("rule", rule.code),
                    f"is claimed twice in the pack: by {other.name!r} and by {rule.name!r}",
                )
            loaded = self.loaded.rules.get(rule.code)
            if loaded is not None:
                self.problem(
                    ("rule", rule.code),
                    f"is claimed twice: by {loaded.name!r} of pack {loaded.pack!r} and by "
                    f"{rule.name!r} of pack {self.name!r}",
                )

    def _substitutes(self, tables: _Tables) -> dict[str, tuple[str, ...]]:
        substitutes: dict[str, tuple[str, ...]] = tables.get(
            "substitutes", dict[str, tuple[str, ...]], {}, self.problems
        )
        where = tables.where("substitutes")
        catalog = self.catalog
        families = {e.family for e in catalog} | set(catalog.groups) | {_DEFAULT_SUBSTITUTE}
        families |= {f"role:{role.value}" for role in Role}
        for key, ids in substitutes.items():
            if key not in families:
                self.problem(
                    (*where, key),
                    'is not an exercise family or group of the catalog, a "role:ROLE" or "*"',
                )
            for index, exercise_id in enumerate(ids):
                if exercise_id not in catalog:
                    self.problem((*where, key, index), "is not a catalog id", exercise_id)
        return substitutes

    def _doses(self, tables: _Tables) -> tuple[dict[str, Dose], dict[str, tuple[Reference, ...]]]:
        entries: dict[str, DoseEntry] = tables.get("dose", dict[str, DoseEntry], {}, self.problems)
        where = tables.where("dose")
        doses: dict[str, Dose] = {}
        sources: dict[str, tuple[Reference, ...]] = {}
        for key, entry in entries.items():
            path = (*where, key)
            before = len(self.problems)
            if key != _DEFAULT_SUBSTITUTE and key not in self.catalog:
                self.problem(path, 'is not a catalog id (or "*", any other exercise)')
            if not 1 <= entry.sets <= LIMITS.sets:
                self.problem((*path, "sets"), f"must be 1 to {LIMITS.sets}", entry.sets)
            if (entry.reps is None) == (entry.duration_s is None):
                self.problem(path, "must give exactly one of reps and duration_s")
            elif entry.reps is not None and not 1 <= entry.reps <= LIMITS.reps:
                self.problem((*path, "reps"), f"must be 1 to {LIMITS.reps}", entry.reps)
            elif entry.duration_s is not None and not 0 < entry.duration_s <= LIMITS.duration_s:
                self.problem(
                    (*path, "duration_s"),
                    f"must be above 0 and at most {LIMITS.duration_s:g}",
                    entry.duration_s,
                )
            cited = self._citations(entry.references, (*path, "references"))
            if len(self.problems) == before:
                doses[key] = Dose(key, entry.sets, entry.reps, entry.duration_s)
                sources[key] = cited
        return doses, sources

    # --- overrides ------------------------------------------------------------------------

    def _overrides(self, tables: _Tables) -> tuple[dict[str, Rule], tuple[Override, ...]]:
        overridden: dict[str, Rule] = {}
        records: list[Override] = []
        for path, raw in tables.arrays.get("override", []):
            entry: OverrideEntry | None = structure(raw, OverrideEntry, path, self.problems)
            if entry is None:
                continue
            target = overridden.get(entry.rule) or self.loaded.rules.get(entry.rule)
            if entry.pack not in self.loaded.packs:
                known = ", ".join(self.loaded.packs) or "none"
                self.problem(
                    (*path, "pack"),
                    f"is not a pack loaded before this one (loaded: {known})",
                    entry.pack,
                )
                continue
            if target is None or target.pack != entry.pack:
                self.problem((*path, "rule"), f"is not a rule of pack {entry.pack!r}", entry.rule)
                continue
            if not entry.options and entry.level is None:
                self.problem(path, "changes nothing: give options, a level, or both")
                continue
            result = self._override(target, entry, path)
            if result is not None:
                overridden[target.code], changes = result
                records += changes
        return overridden, tuple(records)

    def _override(
        self, target: Rule, entry: OverrideEntry, path: tuple[PathPart, ...]
    ) -> tuple[Rule, list[Override]] | None:
        before = len(self.problems)
        kind: Any = type(target.check)
        attrs.resolve_types(kind)
        fields = {f.alias: f for f in attrs.fields(kind) if f.init}
        changes: dict[str, Any] = {}
        records = []
        for option, value in entry.options.items():
            field = fields.get(option)
            if field is None:
                known = ", ".join(fields) or "none"
                self.problem(
                    (*path, "options", option),
                    f"is not an option of {target.code} (options: {known})",
                )
                continue
            raw = value
            if field.metadata.get(REFERS_TO) == "advice" and type(value) is list:
                raw = [self._qualified_advice(v) or v for v in value]
            structured = structure(raw, field.type, (*path, "options", option), self.problems)
            if structured is None:
                continue
            changes[field.name] = structured
            old = _plain(getattr(target.check, field.name))
            records.append(Override(target.pack, target.code, option, old, value, entry.reason))
        check: Any = target.check
        if changes:
            try:
                check = attrs.evolve(check, **changes)
            except (ValueError, TypeError) as error:
                self.problem((*path, "options"), f"are not valid for {target.code} ({error})")
                return None
            self._check_references(check, (*path, "options"))
        level = target.level
        if entry.level is not None:
            if entry.level is Level.OK:
                self.problem((*path, "level"), "must be a finding level, not 'ok'", "ok")
            elif not target.suppressible and entry.level < target.level:
                self.problem(
                    (*path, "level"),
                    f"cannot lower the level of {target.code}, a rule that is always checked "
                    f"({target.topic})",
                    entry.level.value,
                )
            else:
                level = entry.level
                records.append(
                    Override(
                        target.pack,
                        target.code,
                        "level",
                        target.level.value,
                        entry.level.value,
                        entry.reason,
                    )
                )
        if len(self.problems) > before:
            return None
        options = {**target.options, **entry.options}
        return attrs.evolve(target, check=check, level=level, options=options), records


def resolve(
    declared: Pack,
    origin: PackOrigin,
    version: str,
    loaded: Loaded,
    *,
    topics: tuple[str, ...] | None = None,
) -> Resolved:
    """Resolve ``declared`` against the ``loaded`` packs, or raise `PackError`.

    ``topics`` limits its rules' topics (``None``: any topic, written as an id).
    """
    return _Resolver(declared, origin, version, loaded, topics).run()
