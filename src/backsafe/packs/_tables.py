"""The tables of a pack's TOML files, and the strict converter that reads them.

Each table is an attrs class; the converter refuses unknown keys and values of the
wrong type, and `structure` turns every problem into a `Problem` with its file and field
path, as the plan loader does.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Literal

import attrs
import cattrs

from backsafe._choice import Choice
from backsafe._input_error import PathPart, Problem
from backsafe._serde._converter import Mismatch
from backsafe._serde._explain import problems_from
from backsafe.kinds._symptoms import Answer, OnsetMatch, RegionMatch, SideMatch
from backsafe.model import Onset, Region, Side
from backsafe.report import Level

__all__ = [
    "AdviceEntry",
    "Citation",
    "ConditionEntry",
    "GroupEntry",
    "OverrideEntry",
    "PackEntry",
    "ReferenceEntry",
    "RuleEntry",
    "structure",
]


@attrs.frozen
class PackEntry:
    """``[pack]``: the pack's name, code prefix, title and (optional) version."""

    name: str
    prefix: str
    title: str = ""
    version: str | None = None


@attrs.frozen
class ReferenceEntry:
    """``[reference.ID]``: a source the pack's rules and advice cite."""

    title: str
    url: str | None = None


@attrs.frozen
class Citation:
    """A citation of a reference: its id, and where in the source (optional)."""

    ref: str
    section: str | None = None


@attrs.frozen
class AdviceEntry:
    """``[advice.ID]``: an advice text given with findings, its sources, and ``up_to``.

    ``up_to`` is the highest verdict the advice is meant for; a report whose verdict is
    higher leaves it out (a report speaks with one voice). Not given: any verdict.
    """

    text: str
    references: tuple[Citation, ...] = ()
    up_to: Level | None = None


@attrs.frozen
class ConditionEntry:
    """``[condition.ID]``: a condition the pack knows and has rules for."""

    name: str
    description: str = ""


@attrs.frozen
class GroupEntry:
    """``[group.ID]``: an exercise group the pack's exercises and rules may name."""

    name: str
    reference: str
    glute: bool = False


@attrs.frozen
class RuleEntry:
    """``[[rule]]``: a data-only rule, an instance of a rule kind with options."""

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
    references: tuple[Citation, ...] = ()
    suppressible: bool = True
    options: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class OverrideEntry:
    """``[[override]]``: change another pack's rule: its options, its level, or both."""

    pack: str
    rule: str
    reason: str
    level: Level | None = None
    options: dict[str, Any] = attrs.field(factory=dict)


def _structure_enum(value: Any, enum: type[Enum]) -> Enum:
    if type(value) is str:
        try:
            return enum(value)
        except ValueError:
            pass
    elif isinstance(value, enum):
        return value
    choices = ", ".join(repr(member.value) for member in enum)
    raise Mismatch(f"must be one of {choices}", value)


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


def _structure_side(value: Any, _: Any) -> SideMatch:
    if value == "unknown":
        return "unknown"
    return _structure_enum(value, Side)  # type: ignore[return-value]


def _structure_onset(value: Any, _: Any) -> OnsetMatch:
    if value == "unknown":
        return "unknown"
    return _structure_enum(value, Onset)  # type: ignore[return-value]


def _strict(kind: type) -> Callable[[Any, Any], Any]:
    name = {str: "string", int: "whole number", float: "number", bool: "true or false"}[kind]

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise Mismatch(f"must be a {name}" if kind is not bool else f"must be {name}", value)
        return value

    return structure


def _is_literal(t: Any) -> bool:
    return getattr(t, "__origin__", None) is Literal


def _structure_literal(value: Any, t: Any) -> Any:
    allowed = t.__args__
    if type(value) is str and value in allowed:
        return value
    raise Mismatch(f"must be one of {', '.join(repr(a) for a in allowed)}", value)


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Hooks by class: cattrs dispatches on classes (and their bases) before predicates, so
    # these replace its lenient defaults (str(5), float("1"), Level("severe") raising).
    for kind in (str, int, float, bool):
        converter.register_structure_hook(kind, _strict(kind))
    # Choice before str: backsafe's enumerations are str subclasses.
    converter.register_structure_hook(Choice, _structure_enum)
    converter.register_structure_hook(Enum, _structure_enum)
    converter.register_structure_hook_func(_is_literal, _structure_literal)
    converter.register_structure_hook(Answer, _structure_answer)
    converter.register_structure_hook(RegionMatch, _structure_region)
    converter.register_structure_hook(SideMatch, _structure_side)
    converter.register_structure_hook(OnsetMatch, _structure_onset)
    return converter


#: The converter of pack data: strict types, no unknown keys, every problem reported.
converter = _make_converter()


def structure(data: Any, cls: Any, path: tuple[PathPart, ...], problems: list[Problem]) -> Any:
    """Structure ``data`` as ``cls``; on failure add its problems at ``path``, return None."""
    try:
        return converter.structure(data, cls)
    except Exception as error:
        problems.extend(problems_from(error, path))
        return None
