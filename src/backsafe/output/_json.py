"""The JSON report (a contract): plain data, then deterministic text.

The report carries its format version, ``"format_version": "1.0"`` (``MAJOR.MINOR``).
Within a major version keys are only ever added (with a minor version), never removed,
renamed or given another type or meaning; ``backsafe schema report`` prints its JSON
Schema, generated from `FIELDS` and the report classes' types (see ``backsafe._schema``).
"""

from __future__ import annotations

import json
from typing import Any

from backsafe.report import (
    CheckError,
    Finding,
    Location,
    Override,
    PackInfo,
    Reference,
    Report,
    Suggestion,
)

__all__ = [
    "FIELDS",
    "FORMAT_VERSION",
    "OMITTED_WHEN_EMPTY",
    "dumps",
    "finding_to_dict",
    "pack_to_dict",
    "reference_to_dict",
    "report_to_dict",
]

#: The version of the JSON report's format: ``MAJOR.MINOR``.
FORMAT_VERSION = "1.0"

#: The keys of each object of the JSON report, in order: each is the field of that name
#: of the class. The report's schema is generated from these and the fields' types.
FIELDS: dict[type, tuple[str, ...]] = {
    Report: ("verdict", "findings", "errors", "packs"),
    Finding: (
        "code",
        "rule",
        "pack",
        "level",
        "topic",
        "message",
        "location",
        "references",
        "suggestions",
    ),
    Location: ("week", "session", "block", "day", "part", "exercise"),
    Reference: ("id", "title", "url", "section"),
    Suggestion: (
        "action",
        "safety",
        "description",
        "exercise",
        "cue",
        "items",
        "load_kg",
        "range_of_motion",
        "day",
        "location",
    ),
    CheckError: ("kind", "message", "pack", "code"),
    PackInfo: ("name", "version", "prefix", "distribution", "entry_point", "path", "overrides"),
    Override: ("pack", "rule", "option", "before", "after", "reason"),
}
#: The keys left out when their value is empty (``None`` or no items); every other key
#: is always there, ``null`` when it has no value. A finding without a location has a
#: location whose keys are all ``null``.
OMITTED_WHEN_EMPTY: dict[type, frozenset[str]] = {
    Suggestion: frozenset(FIELDS[Suggestion][3:]),
}


def _location(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {
            "week": None,
            "session": None,
            "block": None,
            "day": None,
            "part": None,
            "exercise": None,
        }
    return {
        "week": location.week,
        "session": location.session,
        "block": location.block,
        "day": location.day,
        "part": None if location.part is None else location.part.value,
        "exercise": location.exercise,
    }


def reference_to_dict(reference: Reference) -> dict[str, Any]:
    """One reference in the JSON report's shape."""
    return {
        "id": reference.id,
        "title": reference.title,
        "url": reference.url,
        "section": reference.section,
    }


def _suggestion(suggestion: Suggestion) -> dict[str, Any]:
    out: dict[str, Any] = {
        "action": suggestion.action.value,
        "safety": suggestion.safety.value,
        "description": suggestion.description,
    }
    if suggestion.exercise is not None:
        out["exercise"] = suggestion.exercise
    if suggestion.cue is not None:
        out["cue"] = suggestion.cue
    if suggestion.items:
        out["items"] = list(suggestion.items)
    if suggestion.load_kg is not None:
        out["load_kg"] = suggestion.load_kg
    if suggestion.range_of_motion is not None:
        out["range_of_motion"] = suggestion.range_of_motion.value
    if suggestion.day is not None:
        out["day"] = suggestion.day
    if suggestion.location is not None:
        out["location"] = _location(suggestion.location)
    return out


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding in the JSON report's shape."""
    return {
        "code": finding.code,
        "rule": finding.rule,
        "pack": finding.pack,
        "level": finding.level.value,
        "topic": finding.topic,
        "message": finding.message,
        "location": _location(finding.location),
        "references": [reference_to_dict(r) for r in finding.references],
        "suggestions": [_suggestion(s) for s in finding.suggestions],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as the JSON report's plain data (a contract)."""
    return {
        "format_version": FORMAT_VERSION,
        "verdict": report.verdict.value,
        "findings": [finding_to_dict(f) for f in report.findings],
        "errors": [
            {"kind": e.kind, "message": e.message, "pack": e.pack, "code": e.code}
            for e in report.errors
        ],
        "packs": [pack_to_dict(p) for p in report.packs],
    }


def pack_to_dict(pack: PackInfo) -> dict[str, Any]:
    """A pack in the JSON report's shape: where it comes from and what it overrides."""
    return {
        "name": pack.name,
        "version": pack.version,
        "prefix": pack.prefix,
        "distribution": pack.distribution,
        "entry_point": pack.entry_point,
        "path": pack.path,
        "overrides": [
            {
                "pack": o.pack,
                "rule": o.rule,
                "option": o.option,
                "before": o.before,
                "after": o.after,
                "reason": o.reason,
            }
            for o in pack.overrides
        ],
    }


def dumps(data: Any) -> str:
    """Serialise report data: the same data gives the same bytes, whatever the hash seed."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
