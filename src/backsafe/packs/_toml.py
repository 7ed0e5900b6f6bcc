"""Read a pack written as data: TOML tables of rules, references, substitutes and advice.

A data pack executes no code: each rule names a built-in rule kind (`backsafe.kinds`) and
gives its options. Every problem is reported at once, with the file and field path, as
the loader does for plans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

import attrs
import cattrs

from backsafe._input_error import InputError, Problem, format_path
from backsafe._serde._converter import Mismatch
from backsafe._serde._explain import problems_from
from backsafe.catalog import Catalog
from backsafe.engine import Advice, Check, Rule
from backsafe.kinds import KINDS
from backsafe.kinds._symptoms import Answer, RegionMatch
from backsafe.model import Region
from backsafe.packs._pack import Pack
from backsafe.report import Level, Reference

__all__ = ["DEFAULT_TOPICS", "PackError", "parse_pack"]

#: The topics of the default pack (a contract); other packs may add their own.
DEFAULT_TOPICS = (
    "red-flag",
    "pain",
    "condition",
    "imbalance",
    "form",
    "exercise-risk",
    "volume",
    "progression",
    "frequency",
    "rest",
    "warm-up",
    "cool-down",
    "balance",
    "catalog",
    "internal-error",
)

_NOT_SUPPRESSIBLE_TOPICS = ("red-flag",)
_DEFAULT_SUBSTITUTE = "*"


class PackError(InputError):
    """A pack's data is invalid: every problem, with its file and field path."""


@attrs.frozen
class _ReferenceEntry:
    title: str
    url: str | None = None


@attrs.frozen
class _Citation:
    ref: str
    section: str | None = None


@attrs.frozen
class _AdviceEntry:
    text: str
    references: tuple[_Citation, ...] = ()


@attrs.frozen
class _PackEntry:
    name: str
    prefix: str
    title: str = ""


@attrs.frozen
class _RuleEntry:
    code: str
    name: str
    kind: str
    topic: str
    level: Level
    summary: str
    message: str
    why: str = ""
    example: str = ""
    fix: str = ""
    references: tuple[_Citation, ...] = ()
    suppressible: bool = True
    options: dict[str, Any] = attrs.field(factory=dict)


def _structure_enum(value: Any, enum: type[Enum]) -> Enum:
    try:
        return enum(value)
    except (ValueError, TypeError):
        choices = ", ".join(repr(member.value) for member in enum)
        raise Mismatch(f"must be one of {choices}", value) from None


def _structure_answer(value: Any, _: Any) -> Answer:
    if value is True or value is False:
        return value
    if value == "unknown":
        return "unknown"
    raise Mismatch('must be true, false or "unknown"', value)


def _structure_region(value: Any, _: Any) -> RegionMatch:
    if value == "unknown":
        return "unknown"
    return _structure_enum(value, Region)  # type: ignore[return-value]


def _strict(kind: type) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise Mismatch(f"must be a {kind.__name__}", value)
        return value

    return structure


def _is_exactly(kind: type) -> Callable[[Any], bool]:
    return lambda t: t is kind


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Enum)


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind in (str, int, float, bool):
        # Exact types only: the enums of the options are str subclasses.
        converter.register_structure_hook_func(_is_exactly(kind), _strict(kind))
    converter.register_structure_hook_func(_is_enum, _structure_enum)
    converter.register_structure_hook(Answer, _structure_answer)
    converter.register_structure_hook(RegionMatch, _structure_region)
    return converter


_converter = _make_converter()


def _structure(data: Any, cls: Any, path: tuple[str | int, ...], problems: list[Problem]) -> Any:
    try:
        return _converter.structure(data, cls)
    except Exception as error:
        problems.extend(problems_from(error, path))
        return None


def _citations(
    citations: Iterable[_Citation],
    references: Mapping[str, Reference],
    path: tuple[str | int, ...],
    problems: list[Problem],
) -> tuple[Reference, ...]:
    found = []
    for index, citation in enumerate(citations):
        reference = references.get(citation.ref)
        if reference is None:
            known = ", ".join(sorted(references))
            problems.append(
                Problem(
                    (*path, index, "ref"),
                    f"is not a reference of the pack (known: {known})",
                    citation.ref,
                )
            )
        else:
            found.append(reference.at(citation.section))
    return tuple(found)


def _rule(
    entry: _RuleEntry,
    *,
    pack: _PackEntry,
    references: Mapping[str, Reference],
    topics: tuple[str, ...] | None,
    path: tuple[str | int, ...],
    problems: list[Problem],
) -> Rule | None:
    before = len(problems)
    if not entry.code.startswith(pack.prefix):
        problems.append(
            Problem(
                (*path, "code"), f"must start with the pack's prefix {pack.prefix!r}", entry.code
            )
        )
    if topics is not None and entry.topic not in topics:
        problems.append(
            Problem((*path, "topic"), f"must be one of {', '.join(topics)}", entry.topic)
        )
    if entry.level is Level.OK:
        problems.append(Problem((*path, "level"), "must be a finding level, not 'ok'", "ok"))
    if entry.topic in _NOT_SUPPRESSIBLE_TOPICS and entry.suppressible:
        problems.append(
            Problem((*path, "suppressible"), f"must be false for a {entry.topic} rule", True)
        )
    cited = _citations(entry.references, references, (*path, "references"), problems)
    kind = KINDS.get(entry.kind)
    check: Check | None = None
    if kind is None:
        problems.append(
            Problem((*path, "kind"), f"must be one of {', '.join(sorted(KINDS))}", entry.kind)
        )
    else:
        check = _structure(entry.options, kind, (*path, "options"), problems)
    if len(problems) > before or check is None:
        return None
    return Rule(
        code=entry.code,
        name=entry.name,
        pack=pack.name,
        topic=entry.topic,
        level=entry.level,
        check=check,
        message=entry.message,
        summary=entry.summary,
        why=entry.why,
        example=entry.example,
        fix=entry.fix,
        references=cited,
        suppressible=entry.suppressible,
        options=entry.options,
    )


def _check_substitutes(
    substitutes: Mapping[str, tuple[str, ...]], catalog: Catalog, problems: list[Problem]
) -> None:
    families = (
        {exercise.family for exercise in catalog} | set(catalog.groups) | {_DEFAULT_SUBSTITUTE}
    )
    for key, ids in substitutes.items():
        if key not in families:
            problems.append(
                Problem(("substitutes", key), "is not an exercise family or group of the catalog")
            )
        for index, exercise_id in enumerate(ids):
            if exercise_id not in catalog:
                problems.append(
                    Problem(("substitutes", key, index), "is not a catalog id", exercise_id)
                )


def parse_pack(
    documents: Mapping[str, Mapping[str, Any]],
    *,
    version: str,
    catalog: Catalog,
    topics: tuple[str, ...] | None = None,
) -> Pack:
    """Build a `Pack` from its TOML documents, keyed by file name.

    The documents' top-level tables: ``pack`` (name, prefix, title), ``rule`` (an array
    of rule tables), ``reference`` (sources by id), ``substitutes`` and ``advice``. They
    may be spread over several files; each table may appear in one file only. Raises
    `PackError` listing every problem with its file and path. ``topics`` limits the
    rules' topics (``None``: any).
    """
    problems: list[Problem] = []
    tables: dict[str, tuple[str, Any]] = {}
    rule_entries: list[tuple[tuple[str | int, ...], Any]] = []
    for filename, document in documents.items():
        for key, value in document.items():
            if key == "rule":
                if type(value) is not list:
                    problems.append(
                        Problem((filename, "rule"), "must be an array of tables ([[rule]])")
                    )
                else:
                    rule_entries.extend(((filename, "rule", i), raw) for i, raw in enumerate(value))
                continue
            if key in tables:
                problems.append(Problem((filename, key), f"is also given in {tables[key][0]}"))
            tables[key] = (filename, value)
    known = {"pack", "rule", "reference", "substitutes", "advice"}
    for key, (filename, _) in tables.items():
        if key not in known:
            problems.append(
                Problem((filename, key), f"is not a pack table (known: {', '.join(sorted(known))})")
            )

    def table(key: str, cls: Any, default: Any) -> Any:
        if key not in tables:
            return default
        filename, value = tables[key]
        result = _structure(value, cls, (filename, key), problems)
        return default if result is None else result

    pack = table("pack", _PackEntry, None)
    if pack is None:
        problems.append(Problem(("pack",), "is required (name and prefix)"))
        raise PackError(problems)
    reference_entries: dict[str, _ReferenceEntry] = table(
        "reference", dict[str, _ReferenceEntry], {}
    )
    references = {
        ref_id: Reference(ref_id, entry.title, entry.url)
        for ref_id, entry in reference_entries.items()
    }
    advice_entries: dict[str, _AdviceEntry] = table("advice", dict[str, _AdviceEntry], {})
    advice = {
        advice_id: Advice(
            advice_id,
            entry.text,
            _citations(entry.references, references, ("advice", advice_id, "references"), problems),
        )
        for advice_id, entry in advice_entries.items()
    }
    substitutes: dict[str, tuple[str, ...]] = table("substitutes", dict[str, tuple[str, ...]], {})
    _check_substitutes(substitutes, catalog, problems)

    rules = []
    seen: dict[str, str] = {}
    for path, raw in rule_entries:
        entry = _structure(raw, _RuleEntry, path, problems)
        if entry is None:
            continue
        if entry.code in seen:
            problems.append(
                Problem((*path, "code"), f"is also the code of {seen[entry.code]}", entry.code)
            )
        seen.setdefault(entry.code, format_path(path))
        rule = _rule(
            entry, pack=pack, references=references, topics=topics, path=path, problems=problems
        )
        if rule is not None:
            rules.append(rule)
    for rule in rules:
        for advice_id in getattr(rule.check, "advice", ()):
            if advice_id not in advice:
                problems.append(
                    Problem(
                        ("rule", rule.code, "options", "advice"),
                        "is not an advice id of the pack",
                        advice_id,
                    )
                )
        for exercise_id in _exercise_ids(rule.check):
            if exercise_id not in catalog:
                problems.append(
                    Problem(
                        ("rule", rule.code, "options"),
                        "names an exercise the catalog lacks",
                        exercise_id,
                    )
                )
    if problems:
        raise PackError(problems)
    return Pack(
        name=pack.name,
        version=version,
        prefix=pack.prefix,
        title=pack.title,
        rules=tuple(rules),
        references=references,
        substitutes=substitutes,
        advice=advice,
    )


def _exercise_ids(check: Check) -> Iterable[str]:
    """The catalog ids a check's options name (exercises it suggests adding)."""
    add = getattr(check, "add", ())
    return add.values() if isinstance(add, Mapping) else add
