"""Read the output of streprogen (``Program.to_dict()``) as a backsafe plan.

streprogen renders a program as ``{"program": {...}, "rendered": [week][day]}``; each day
has a ``name`` and ``exercises``. A dynamic exercise carries per-set ``reps`` and
``weights`` lists; a static one carries ``sets_reps`` such as ``"3 x 10 @ 18kg"`` or
``"3 x 8"``. This adapter needs neither streprogen nor its dependencies.

How it maps:

- each rendered week is a week, each day a session, and each run of equal sets
  (same reps and weight) a block, so ``8 x 60kg, 7 x 65kg, 7 x 65kg`` is two blocks;
- day names that are weekdays ("Monday", "tue") give the day; other names ("Day A")
  are placed on days 1, 3, 5 and 7 in order, with a rest day between, and the plan's
  ``metadata`` says so (``"days": "assumed"``); more than four such days are
  refused, since their schedule cannot be known;
- weights in ``lbs`` are converted to kilograms.

Problems are raised as one `backsafe.InputError` with field paths into the streprogen
document, for example ``rendered[0][1].exercises[2].sets_reps``.
"""

from __future__ import annotations

import math
import re
from typing import Any

from backsafe._input_error import MAX_PROBLEMS, InputError, Problem
from backsafe._serde import Source, structure
from backsafe._serde._sources import read_document
from backsafe.model import Plan

__all__ = ["load_streprogen", "plan_from_streprogen"]

_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ),
        1,
    )
    for name in names
}
_ASSUMED_DAYS = (1, 3, 5, 7)
_SETS_REPS = re.compile(
    r"^\s*(?P<sets>\d{1,6})\s*[x\u00d7]\s*(?P<reps>\d{1,6})\s*(?:@\s*(?P<load>\d{1,6}(?:\.\d{1,6})?)\s*(?P<unit>kgs?|lbs?)?)?\s*$",
    re.IGNORECASE,
)
_LBS = 0.45359237

Path = tuple[str | int, ...]


_UNITS = {"kg": 1.0, "kgs": 1.0, "lb": _LBS, "lbs": _LBS}
# streprogen's own rendered weights never come near this; anything larger is garbage.
_MAX_WEIGHT = 10_000.0


def _weight(value: Any, unit: str) -> float | None:
    """A weight in kilograms, or ``None`` if ``value`` is not a usable number."""
    if _weight_problem(value) is not None:
        return None
    number = float(value)
    return round(number * _UNITS[unit], 2) if _UNITS[unit] != 1.0 else number


def _weight_problem(value: Any) -> str | None:
    """What is wrong with a weight, or ``None``."""
    if type(value) not in (int, float):
        return "must be a number"
    if type(value) is float and not math.isfinite(value):
        return "must be a finite number"
    if value < 0:
        return "must be >= 0"
    if value > _MAX_WEIGHT:
        return f"must be at most {_MAX_WEIGHT:g} (kg or lbs)"
    return None


def _static_block(
    name: str, text: Any, unit: str, path: Path, problems: list[Problem]
) -> list[dict[str, Any]]:
    match = _SETS_REPS.match(text) if isinstance(text, str) and len(text) < 100 else None
    if match is None:
        problems.append(
            Problem((*path, "sets_reps"), 'must read like "3 x 10" or "3 x 10 @ 18kg"', text)
        )
        return []
    block: dict[str, Any] = {
        "exercise": name,
        "sets": int(match["sets"]),
        "reps": int(match["reps"]),
    }
    if match["load"] is not None:
        load = _weight(float(match["load"]), (match["unit"] or unit).lower())
        if load is None:
            problems.append(Problem((*path, "sets_reps"), "has a weight out of range", text))
            return []
        block["load_kg"] = load
    return [block]


def _dynamic_blocks(
    name: str, exercise: dict[str, Any], unit: str, path: Path, problems: list[Problem]
) -> list[dict[str, Any]]:
    reps, weights = exercise.get("reps"), exercise.get("weights")
    if not isinstance(reps, list) or not isinstance(weights, list) or len(reps) != len(weights):
        problems.append(
            Problem(path, "must have lists reps and weights of the same length (or sets_reps)")
        )
        return []
    blocks: list[dict[str, Any]] = []
    for index, (count, weight) in enumerate(zip(reps, weights, strict=True)):
        load = _weight(weight, unit)
        if type(count) is not int:
            problems.append(Problem((*path, "reps", index), "must be a whole number", count))
        if load is None:
            message = _weight_problem(weight) or "must be a number"
            problems.append(Problem((*path, "weights", index), message, weight))
        if type(count) is not int or load is None:
            continue
        if blocks and blocks[-1]["reps"] == count and blocks[-1]["load_kg"] == load:
            blocks[-1]["sets"] += 1
        else:
            blocks.append({"exercise": name, "sets": 1, "reps": count, "load_kg": load})
    return blocks


#: For each block of the plan, the streprogen path it came from, to locate model problems.
_Origins = dict[tuple[int, int, int], Path]
_FIELD_SOURCES = {"reps": "reps", "sets": "reps", "load_kg": "weights", "exercise": "name"}


def _in_document(problem: Problem, origins: _Origins, static: set[Path]) -> Problem:
    """Locate a problem of the converted plan in the streprogen document."""
    path = problem.path
    if len(path) >= 5 and path[0] == "weeks" and path[2] == "sessions":
        week, session = path[1], path[3]
        if path[4] == "day":
            return Problem(("rendered", week, session, "name"), problem.message, problem.value)
        if path[4] == "blocks" and len(path) >= 6:
            origin = origins.get((week, session, path[5]))  # type: ignore[arg-type]
            if origin is not None:
                field = path[6] if len(path) > 6 else None
                if origin in static and field in ("reps", "sets", "load_kg"):
                    source: Path = (*origin, "sets_reps")
                elif isinstance(field, str) and field in _FIELD_SOURCES:
                    source = (*origin, _FIELD_SOURCES[field])
                else:
                    source = origin
                return Problem(source, problem.message, problem.value)
    return problem


def plan_from_streprogen(document: Any) -> Plan:
    """Turn a streprogen ``Program.to_dict()`` document into a `Plan`."""
    problems: list[Problem] = []
    if not isinstance(document, dict) or not isinstance(document.get("rendered"), list):
        raise InputError(
            [Problem(("rendered",), "must be a list of weeks (streprogen's Program.to_dict())")]
        )
    program: dict[str, Any] = (
        document["program"] if isinstance(document.get("program"), dict) else {}
    )
    unit = program.get("units", "kg")
    if not isinstance(unit, str) or unit.lower() not in _UNITS:
        raise InputError([Problem(("program", "units"), "must be kg or lbs", unit)])
    unit = unit.lower()
    assumed = False
    weeks = []
    origins: _Origins = {}
    static: set[Path] = set()
    for week_index, days in enumerate(document["rendered"]):
        if len(problems) > MAX_PROBLEMS:
            break  # enough to show; the rest is not looked at
        if not isinstance(days, list):
            problems.append(Problem(("rendered", week_index), "must be a list of days", days))
            continue
        sessions: list[dict[str, Any]] = []
        for day_index, day in enumerate(days):
            if len(problems) > MAX_PROBLEMS:
                break
            path: Path = ("rendered", week_index, day_index)
            if not isinstance(day, dict) or not isinstance(day.get("exercises"), list):
                problems.append(Problem(path, "must be a day with a list of exercises"))
                continue
            name = day.get("name")
            if name is not None and not isinstance(name, str):
                problems.append(Problem((*path, "name"), "must be text", name))
                continue
            number = _WEEKDAYS.get((name or "").strip().lower())
            if number is None:
                assumed = True
                if day_index >= len(_ASSUMED_DAYS):
                    problems.append(
                        Problem(
                            (*path, "name"),
                            "is not a weekday, and only four such days fit with rest days between",
                            name,
                        )
                    )
                    continue
                number = _ASSUMED_DAYS[day_index]
            blocks: list[dict[str, Any]] = []
            for exercise_index, exercise in enumerate(day["exercises"]):
                if len(problems) > MAX_PROBLEMS:
                    break
                where = (*path, "exercises", exercise_index)
                if not isinstance(exercise, dict) or not isinstance(exercise.get("name"), str):
                    problems.append(Problem(where, "must be an exercise with a name"))
                    continue
                if "sets_reps" in exercise:
                    made = _static_block(
                        exercise["name"], exercise["sets_reps"], unit, where, problems
                    )
                    static.add(where)
                else:
                    made = _dynamic_blocks(exercise["name"], exercise, unit, where, problems)
                for block in made:
                    origins[(week_index, len(sessions), len(blocks))] = where
                    blocks.append(block)
            session: dict[str, Any] = {"day": number, "blocks": blocks}
            if name and name.strip():
                session["name"] = name.strip()
            sessions.append(session)
        weeks.append({"sessions": sessions})
    if problems:
        raise InputError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)
    metadata: dict[str, Any] = {"source": "streprogen"}
    if assumed:
        metadata["days"] = "assumed"
    data: dict[str, Any] = {"weeks": weeks, "metadata": metadata}
    if isinstance(program.get("name"), str) and program["name"].strip():
        data["name"] = program["name"].strip()
    try:
        return structure(data, Plan)
    except InputError as error:
        raise InputError(
            (_in_document(p, origins, static) for p in error.problems), truncated=error.truncated
        ) from None


def load_streprogen(source: Source) -> Plan:
    """Load streprogen output from anything `backsafe.load_plan` accepts."""
    document, name = read_document(source)
    try:
        return plan_from_streprogen(document)
    except InputError as error:
        raise InputError(error.problems, name, truncated=error.truncated) from None
