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

import re
from typing import Any

from backsafe._input_error import InputError, Problem
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
    r"^\s*(?P<sets>\d+)\s*[x\u00d7]\s*(?P<reps>\d+)\s*(?:@\s*(?P<load>\d+(?:\.\d+)?)\s*(?P<unit>kg|lbs?)?)?\s*$",
    re.IGNORECASE,
)
_LBS = 0.45359237

Path = tuple[str | int, ...]


def _weight(value: float, unit: str) -> float:
    return round(value * _LBS, 2) if unit.startswith("lb") else value


def _static_block(
    name: str, text: Any, unit: str, path: Path, problems: list[Problem]
) -> list[dict[str, Any]]:
    match = _SETS_REPS.match(text) if isinstance(text, str) else None
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
        block["load_kg"] = _weight(float(match["load"]), (match["unit"] or unit).lower())
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
        if type(count) is not int or type(weight) not in (int, float):
            problems.append(
                Problem((*path, "reps", index), "must be whole reps with a numeric weight", count)
            )
            continue
        load = _weight(float(weight), unit)
        if blocks and blocks[-1]["reps"] == count and blocks[-1]["load_kg"] == load:
            blocks[-1]["sets"] += 1
        else:
            blocks.append({"exercise": name, "sets": 1, "reps": count, "load_kg": load})
    return blocks


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
    unit = str(program.get("units", "kg")).lower()
    assumed = False
    weeks = []
    for week_index, days in enumerate(document["rendered"]):
        if not isinstance(days, list):
            problems.append(Problem(("rendered", week_index), "must be a list of days", days))
            continue
        sessions = []
        for day_index, day in enumerate(days):
            path: Path = ("rendered", week_index, day_index)
            if not isinstance(day, dict) or not isinstance(day.get("exercises"), list):
                problems.append(Problem(path, "must be a day with a list of exercises"))
                continue
            name = day.get("name")
            number = _WEEKDAYS.get(str(name).strip().lower())
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
                where = (*path, "exercises", exercise_index)
                if not isinstance(exercise, dict) or not isinstance(exercise.get("name"), str):
                    problems.append(Problem(where, "must be an exercise with a name"))
                    continue
                if "sets_reps" in exercise:
                    blocks += _static_block(
                        exercise["name"], exercise["sets_reps"], unit, where, problems
                    )
                else:
                    blocks += _dynamic_blocks(exercise["name"], exercise, unit, where, problems)
            session: dict[str, Any] = {"day": number, "blocks": blocks}
            if isinstance(name, str) and name.strip():
                session["name"] = name.strip()
            sessions.append(session)
        weeks.append({"sessions": sessions})
    if problems:
        raise InputError(problems)
    metadata: dict[str, Any] = {"source": "streprogen"}
    if assumed:
        metadata["days"] = "assumed"
    data: dict[str, Any] = {"weeks": weeks, "metadata": metadata}
    if isinstance(program.get("name"), str) and program["name"].strip():
        data["name"] = program["name"].strip()
    return structure(data, Plan)


def load_streprogen(source: Source) -> Plan:
    """Load streprogen output from anything `backsafe.load_plan` accepts."""
    document, name = read_document(source)
    try:
        return plan_from_streprogen(document)
    except InputError as error:
        raise InputError(error.problems, name) from None
