"""Read the output of streprogen (``Program.to_dict()``) as a backsafe plan.

streprogen renders a program as ``{"program": {...}, "rendered": [week][day]}``; each day
has a ``name`` and ``exercises``. A dynamic exercise carries per-set ``reps`` and
``weights`` lists; a static one carries ``sets_reps`` such as ``"3 x 10 @ 18kg"``,
``"3 x 8"`` or ``"10 minutes"``. This adapter needs neither streprogen nor its
dependencies.

How it maps:

- each rendered week is a week, each day a session, and each run of equal sets (same
  reps and weight) a block, so ``8 x 60kg, 7 x 65kg, 7 x 65kg`` is two blocks;
- a static item's repetition range (``"3 x 8-12"``) is judged at its top (12), the most
  the plan may ask for;
- a static item in minutes or seconds (``"10 minutes"``, ``"3 x 30s"``, ``"2 x 1 min"``)
  is a timed block (``duration_s``), one set unless it says how many;
- day names that are weekdays ("Monday", "tue") give the day. Other names ("Day A",
  "Day 1") say nothing about the schedule, so the sessions are placed on assumed days: up
  to four on days 1, 3, 5 and 7 (a rest day between), five to seven on consecutive days
  from Monday (as five- and six-day splits are usually run). The plan's ``metadata``
  says ``"days": "assumed"``, and a note (`BS903`, caution) says which days were chosen;
- weights in ``lbs`` (the program's units, or an item's ``@ 40lbs``) are converted to
  kilograms (1 lb = 0.45359237 kg, rounded to 0.01 kg), and a note (`BS904`, info) says so;
- an item that cannot be read (``"3 x 10 @ heavy"``, reps and weights of different
  lengths, a weight that is not a number, zero reps) is left out, and a located note
  (`BS903`, caution) names it and its field path: the rest of the plan is still checked.

A document that is not streprogen output at all (no ``rendered`` list of weeks, a week or
day of the wrong shape, two days on the same weekday, more than seven days in a week)
is refused with one `backsafe.InputError` whose field paths point into the streprogen
document, for example ``rendered[0][1].name``.

`read_streprogen` returns the plan with its notes (`backsafe.adapters.Adapted`);
`load_streprogen` returns the plan alone, and since a plan cannot carry notes it refuses
(`InputError`) a document with an item it would have to leave out.
"""

from __future__ import annotations

import math
import re
from typing import Any

import attrs

from backsafe._input_error import MAX_PROBLEMS, InputError, Problem, format_path
from backsafe._serde import Source, structure
from backsafe._serde._sources import read_document
from backsafe.adapters._adapted import (
    ASSUMED_DAYS,
    CONVERTED_UNITS,
    MAX_ITEM_NOTES,
    UNREADABLE_ITEM,
    Adapted,
    InputNote,
    more_unreadable,
)
from backsafe.model import Block, Plan
from backsafe.report import Level, Location, Part

__all__ = ["adapt_streprogen", "load_streprogen", "plan_from_streprogen", "read_streprogen"]

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
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Days for sessions whose names are not weekdays: a rest day between up to four of them.
_SPREAD_DAYS = (1, 3, 5, 7)
_DAYS_IN_WEEK = 7

_NUMBER = r"\d{1,6}(?:\.\d{1,6})?"
_LOAD = rf"(?:@\s*(?P<load>{_NUMBER})\s*(?P<unit>kgs?|lbs?)?)?"
_SETS_REPS = re.compile(
    rf"^\s*(?P<sets>\d{{1,6}})\s*[x\u00d7]\s*(?P<reps>\d{{1,6}})"
    rf"(?:\s*[-\u2013]\s*(?P<top>\d{{1,6}}))?\s*{_LOAD}\s*$",
    re.IGNORECASE,
)
_TIMED = re.compile(
    rf"^\s*(?:(?P<sets>\d{{1,6}})\s*[x\u00d7]\s*)?(?P<amount>{_NUMBER})\s*"
    r"(?P<time>s|secs?|seconds?|mins?|minutes?)\.?\s*"
    rf"{_LOAD}\s*$",
    re.IGNORECASE,
)
_SECONDS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1}
_MINUTES = {"min": 60, "mins": 60, "minute": 60, "minutes": 60}
_LBS = 0.45359237
_UNITS = {"kg": 1.0, "kgs": 1.0, "lb": _LBS, "lbs": _LBS}
# streprogen's own rendered weights never come near this; anything larger is garbage.
_MAX_WEIGHT = 10_000.0
_MAX_TEXT = 100

Path = tuple[str | int, ...]


def _weight(value: Any, unit: str) -> float | None:
    """A weight in kilograms, or ``None`` if ``value`` is not a usable number."""
    if _weight_problem(value) is not None:
        return None
    number = float(value)
    return round(number * _UNITS[unit], 2) if _UNITS[unit] != 1.0 else number


def _weight_problem(value: Any) -> str | None:
    """What is wrong with a weight (``"is not a number"``...), or ``None``."""
    if type(value) not in (int, float):
        return "is not a number"
    if type(value) is float and not math.isfinite(value):
        return "is not a finite number"
    if abs(value) > _MAX_WEIGHT:  # a negative weight is the plan format's to refuse
        return f"is beyond {_MAX_WEIGHT:g} (kg or lbs)"
    return None


class _Unreadable(Exception):
    """An item of the program that cannot be read: why, and the field that says so."""

    def __init__(self, reason: str, field: Path = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


@attrs.define
class _Item:
    """The blocks one exercise of a day gives, and whether it was given in pounds."""

    blocks: list[dict[str, Any]]
    pounds: bool = False


def _static_item(name: str, text: Any, unit: str) -> _Item:
    if not isinstance(text, str) or len(text) > _MAX_TEXT:
        raise _Unreadable(
            'has sets_reps that is not text like "3 x 10", "3 x 10 @ 18kg" or "10 minutes"',
            ("sets_reps",),
        )
    block: dict[str, Any] = {"exercise": name}
    match = _SETS_REPS.match(text)
    if match is not None:
        block["sets"] = int(match["sets"])
        # A range ("3 x 8-12") is judged at its top, as the wger adapter judges ranges.
        block["reps"] = max(int(match["reps"]), int(match["top"] or 0))
    else:
        match = _TIMED.match(text)
        if match is None:
            raise _Unreadable(
                f'has sets_reps {text!r}, which reads neither as sets and reps ("3 x 10", '
                '"3 x 10 @ 18kg") nor as a duration ("10 minutes", "3 x 30s")',
                ("sets_reps",),
            )
        seconds = float(match["amount"]) * (
            _SECONDS.get(match["time"].lower()) or _MINUTES[match["time"].lower()]
        )
        block["sets"] = int(match["sets"]) if match["sets"] is not None else 1
        block["duration_s"] = int(seconds) if seconds.is_integer() else seconds
    pounds = False
    if match["load"] is not None:
        item_unit = (match["unit"] or unit).lower()
        load = _weight(float(match["load"]), item_unit)
        if load is None:
            raise _Unreadable(f"has sets_reps {text!r} with a weight out of range", ("sets_reps",))
        block["load_kg"] = load
        pounds = _UNITS[item_unit] != 1.0
    return _Item([block], pounds)


def _dynamic_item(name: str, exercise: dict[str, Any], unit: str) -> _Item:
    reps, weights = exercise.get("reps"), exercise.get("weights")
    if not isinstance(reps, list) or not isinstance(weights, list) or len(reps) != len(weights):
        raise _Unreadable("has no lists reps and weights of the same length (nor sets_reps)")
    if not reps:
        raise _Unreadable("has empty lists reps and weights: no set to judge", ("reps",))
    blocks: list[dict[str, Any]] = []
    for index, (count, weight) in enumerate(zip(reps, weights, strict=True)):
        if type(count) is not int:
            raise _Unreadable(f"has reps[{index}] that is not a whole number", ("reps", index))
        load = _weight(weight, unit)
        if load is None:
            raise _Unreadable(
                f"has weights[{index}] that {_weight_problem(weight)}", ("weights", index)
            )
        if blocks and blocks[-1]["reps"] == count and blocks[-1]["load_kg"] == load:
            blocks[-1]["sets"] += 1
        else:
            blocks.append({"exercise": name, "sets": 1, "reps": count, "load_kg": load})
    return _Item(blocks, pounds=_UNITS[unit] != 1.0 and bool(blocks))


def _item(exercise: Any, unit: str) -> _Item:
    """Read one exercise of a day; raise `_Unreadable` if it cannot be read."""
    if not isinstance(exercise, dict) or not isinstance(exercise.get("name"), str):
        raise _Unreadable("is not an exercise with a name")
    name = exercise["name"]
    if "sets_reps" in exercise:
        item = _static_item(name, exercise["sets_reps"], unit)
    else:
        item = _dynamic_item(name, exercise, unit)
    for block in item.blocks:
        try:
            structure(block, Block)
        except InputError as error:
            problem = error.problems[0]
            key = str(problem.path[0]) if problem.path else ""
            sources = _STATIC_SOURCES if "sets_reps" in exercise else _DYNAMIC_SOURCES
            field = sources.get(key, "")
            raise _Unreadable(
                f"has a set the plan format cannot hold ({problem})", (field,) if field else ()
            ) from None
    return item


#: The field of a streprogen exercise that gives each field of a block.
_DYNAMIC_SOURCES = {"reps": "reps", "sets": "reps", "load_kg": "weights", "exercise": "name"}
_STATIC_SOURCES = {
    "reps": "sets_reps",
    "sets": "sets_reps",
    "duration_s": "sets_reps",
    "load_kg": "sets_reps",
    "exercise": "name",
}


def _describe(exercise: Any) -> str:
    if isinstance(exercise, dict) and isinstance(exercise.get("name"), str):
        name = exercise["name"]
        return repr(name if len(name) <= _MAX_TEXT else name[:_MAX_TEXT] + "...")
    return "an item"


def _schedule(names: list[str | None], path: Path, problems: list[Problem]) -> list[int] | None:
    """The day of each of a week's sessions, from their names or assumed; ``None``: refused."""
    if len(names) > _DAYS_IN_WEEK:
        problems.append(Problem(path, "has more than seven days; a week has seven", names))
        return None
    named = [_WEEKDAYS.get((name or "").strip().lower()) for name in names]
    taken: dict[int, int] = {}
    for index, number in enumerate(named):
        if number is None:
            continue
        if number in taken:
            problems.append(
                Problem(
                    (*path, index, "name"),
                    f"is the same weekday as day {taken[number]} of the week",
                    names[index],
                )
            )
            return None
        taken[number] = index
    if None not in named:
        return [number for number in named if number is not None]
    pattern = _SPREAD_DAYS if len(names) <= len(_SPREAD_DAYS) else tuple(range(1, 8))
    order = [*pattern, *(day for day in range(1, 8) if day not in pattern)]
    days: list[int] = []
    for index, named_day in enumerate(named):
        number = named_day or _assumed_day(order, days, named[index + 1 :], set(taken))
        taken[number] = index
        days.append(number)
    return days


def _assumed_day(
    order: list[int], before: list[int], after: list[int | None], taken: set[int]
) -> int:
    """A free day for a session without a weekday, between its neighbours if one is free."""
    low = before[-1] if before else 0
    high = next((number for number in after if number is not None), 8)
    free = [day for day in order if day not in taken]
    between = [day for day in free if low < day < high]
    return (between or free)[0]


def _in_document(problem: Problem, origins: dict[tuple[int, int], Path]) -> Problem:
    """Locate a problem of the converted plan in the streprogen document."""
    path = problem.path
    if path[:1] == ("name",):
        return Problem(("program", "name"), problem.message, problem.value)
    if len(path) >= 5 and path[0] == "weeks" and path[2] == "sessions":
        origin = origins.get((path[1], path[3]))  # type: ignore[arg-type]
        if origin is not None:
            field: Path = ("name",) if path[4] == "name" else ()
            return Problem((*origin, *field), problem.message, problem.value)
    if path[:1] == ("weeks",):
        return Problem(("rendered", *path[1:2]), problem.message, problem.value)
    return problem


@attrs.frozen
class _InferredUnit:
    """Pounds, read from a rendered set ("8 x 140lbs") when the program gives no units."""

    unit: str
    said: str
    source: str


_RENDERED_POUNDS = re.compile(rf"^\s*\d{{1,6}}\s*[x\u00d7]\s*{_NUMBER}\s*lbs?\s*$", re.IGNORECASE)


def _rendered_unit(rendered: list[Any]) -> _InferredUnit | None:
    """Pounds when the rendered sets of dynamic exercises say so, all of them.

    The first set string of each dynamic exercise is read; any that does not say pounds
    ("5 x 100kg", or text of another shape) leaves the default, kilograms.
    """
    found: _InferredUnit | None = None
    for week_index, days in enumerate(rendered):
        for day_index, day in enumerate(days if isinstance(days, list) else ()):
            items = day.get("exercises") if isinstance(day, dict) else None
            for item_index, item in enumerate(items if isinstance(items, list) else ()):
                strings = item.get("strings") if isinstance(item, dict) else None
                if not isinstance(strings, list) or not strings:
                    continue
                first = strings[0]
                if (
                    not isinstance(first, str)
                    or len(first) > _MAX_TEXT
                    or _RENDERED_POUNDS.match(first) is None
                ):
                    return None  # kilograms (or something else): the default stands
                if found is None:
                    path = ("rendered", week_index, day_index, "exercises", item_index)
                    found = _InferredUnit("lbs", first, format_path((*path, "strings", 0)))
    return found


@attrs.define
class _Reader:
    """The state of reading one document: the problems that refuse it, and the notes."""

    unit: str
    inferred: _InferredUnit | None = None
    problems: list[Problem] = attrs.Factory(list)
    notes: list[InputNote] = attrs.Factory(list)
    origins: dict[tuple[int, int], Path] = attrs.Factory(dict)
    left_out: list[Problem] = attrs.Factory(list)
    unreadable: int = 0
    assumed: dict[str, int] = attrs.Factory(dict)
    pounds_items: dict[str, str] = attrs.Factory(dict)

    def week(self, week_index: int, days: Any) -> dict[str, Any] | None:
        where: Path = ("rendered", week_index)
        if not isinstance(days, list):
            self.problems.append(Problem(where, "must be a list of days", days))
            return None
        names: list[str | None] = []
        for day_index, day in enumerate(days):
            path = (*where, day_index)
            if not isinstance(day, dict) or not isinstance(day.get("exercises"), list):
                self.problems.append(Problem(path, "must be a day with a list of exercises"))
                return None
            name = day.get("name")
            if name is not None and not isinstance(name, str):
                self.problems.append(Problem((*path, "name"), "must be text", name))
                return None
            names.append(name)
        numbers = _schedule(names, where, self.problems)
        if numbers is None:
            return None
        sessions = []
        for day_index, (day, name, number) in enumerate(zip(days, names, numbers, strict=True)):
            if _WEEKDAYS.get((name or "").strip().lower()) is None:
                self.assumed.setdefault((name or "").strip() or "(no name)", number)
            self.origins[(week_index, day_index)] = (*where, day_index)
            location = Location(week_index + 1, day_index + 1, number, Part.BLOCKS)
            blocks = self.blocks(day["exercises"], (*where, day_index, "exercises"), location)
            session: dict[str, Any] = {"day": number, "blocks": blocks}
            if name and name.strip():
                session["name"] = name.strip()
            sessions.append(session)
        return {"sessions": sessions}

    def blocks(self, exercises: list[Any], path: Path, location: Location) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = []
        for index, exercise in enumerate(exercises):
            where = (*path, index)
            try:
                item = _item(exercise, self.unit)
            except _Unreadable as unreadable:
                self.unreadable += 1
                source = (*where, *unreadable.field)
                if len(self.left_out) <= MAX_PROBLEMS:  # one more than shown: there are more
                    self.left_out.append(Problem(source, f"cannot be read: it {unreadable.reason}"))
                if self.unreadable > MAX_ITEM_NOTES:
                    continue  # counted: `more_unreadable` says how many
                self.notes.append(
                    InputNote(
                        UNREADABLE_ITEM,
                        Level.CAUTION,
                        f"Cannot judge {_describe(exercise)}: it {unreadable.reason}, so it "
                        "was left out of the check. Check this item by hand, or correct it "
                        "in the program.",
                        location,
                        format_path(source),
                    )
                )
                continue
            if item.pounds and self.unit == "kg":
                self.pounds_items.setdefault(exercise["name"], format_path(where))
            blocks.extend(item.blocks)
        return blocks

    def assumption(self) -> InputNote | None:
        if not self.assumed:
            return None
        placed = ", ".join(
            f"{name!r} on {_DAY_NAMES[day - 1]} (day {day})" for name, day in self.assumed.items()
        )
        return InputNote(
            ASSUMED_DAYS,
            Level.CAUTION,
            f"The program's day names are not weekdays, so its sessions were placed on "
            f"assumed days: {placed}. The rules on rest between sessions judge this assumed "
            'schedule; name the days by weekday ("Monday") to check the real one.',
        )

    def conversions(self) -> list[InputNote]:
        notes = []
        if self.inferred is not None:
            notes.append(
                InputNote(
                    CONVERTED_UNITS,
                    Level.INFO,
                    "The program does not give its units; its rendered sets say pounds "
                    f"({self.inferred.said!r}), so its weights were read as pounds and "
                    "converted to kilograms (1 lb = 0.45359237 kg, rounded to 0.01 kg).",
                    source=self.inferred.source,
                )
            )
        elif self.unit != "kg":
            notes.append(
                InputNote(
                    CONVERTED_UNITS,
                    Level.INFO,
                    f"The program's weights are in pounds ({self.unit!r}) and were converted "
                    "to kilograms (1 lb = 0.45359237 kg, rounded to 0.01 kg).",
                    source="program.units",
                )
            )
        for name, source in self.pounds_items.items():
            notes.append(
                InputNote(
                    CONVERTED_UNITS,
                    Level.INFO,
                    f"The weight of {name!r} is in pounds and was converted to kilograms "
                    "(1 lb = 0.45359237 kg, rounded to 0.01 kg).",
                    source=source,
                )
            )
        return notes


def _read(document: Any) -> tuple[Adapted, list[Problem]]:
    """The plan and its notes, and the problems of the items left out."""
    if not isinstance(document, dict) or not isinstance(document.get("rendered"), list):
        raise InputError(
            [Problem(("rendered",), "must be a list of weeks (streprogen's Program.to_dict())")]
        )
    program: dict[str, Any] = (
        document["program"] if isinstance(document.get("program"), dict) else {}
    )
    inferred = None
    if "units" in program:
        unit = program["units"]
    else:
        inferred = _rendered_unit(document["rendered"])
        unit = inferred.unit if inferred is not None else "kg"
    if not isinstance(unit, str) or unit.lower() not in _UNITS:
        raise InputError([Problem(("program", "units"), "must be kg or lbs", unit)])
    reader = _Reader(unit.lower(), inferred=inferred)
    weeks = []
    for index, days in enumerate(document["rendered"]):
        if len(reader.problems) > MAX_PROBLEMS:
            break  # enough to show; the rest is not looked at
        weeks.append(reader.week(index, days))
    if reader.problems:
        raise _at_most(reader.problems)
    metadata: dict[str, Any] = {"source": "streprogen"}
    if reader.assumed:
        metadata["days"] = "assumed"
    data: dict[str, Any] = {"weeks": weeks, "metadata": metadata}
    if isinstance(program.get("name"), str) and program["name"].strip():
        data["name"] = program["name"].strip()
    try:
        plan = structure(data, Plan)
    except InputError as error:
        raise InputError(
            (_in_document(p, reader.origins) for p in error.problems), truncated=error.truncated
        ) from None
    assumption = reader.assumption()
    notes = [*([assumption] if assumption else []), *reader.conversions(), *reader.notes]
    if reader.unreadable > MAX_ITEM_NOTES:
        notes.append(more_unreadable(reader.unreadable - MAX_ITEM_NOTES))
    return Adapted(plan, notes), reader.left_out


def adapt_streprogen(document: Any) -> Adapted:
    """Turn a streprogen ``Program.to_dict()`` document into a plan and its notes.

    Raises `backsafe.InputError`, with field paths into the document, when the document
    is not streprogen output; an item that cannot be read becomes a note instead.
    """
    return _read(document)[0]


def read_streprogen(source: Source) -> Adapted:
    """Read streprogen output from anything `backsafe.load_plan` accepts, with its notes.

    Check it with ``backsafe.check(read_streprogen(path))``: the notes become findings.
    """
    document, name = read_document(source)
    try:
        return adapt_streprogen(document)
    except InputError as error:
        raise InputError(error.problems, name, truncated=error.truncated) from None


def _plan_only(document: Any) -> Plan:
    adapted, left_out = _read(document)
    if left_out:
        raise _at_most(left_out)
    return adapted.plan


def _at_most(problems: list[Problem]) -> InputError:
    """The error of ``problems``, the first `MAX_PROBLEMS` of them."""
    return InputError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)


def plan_from_streprogen(document: Any) -> Plan:
    """Turn a streprogen document into a `Plan` (without notes: see `adapt_streprogen`).

    A plan alone cannot say that an item was left out, so an item that cannot be read is
    an `InputError` here. Assumed days are recorded in ``metadata["days"]``.
    """
    return _plan_only(document)


def load_streprogen(source: Source) -> Plan:
    """Load streprogen output as a `Plan` (without notes: see `read_streprogen`)."""
    document, name = read_document(source)
    try:
        return _plan_only(document)
    except InputError as error:  # name the file
        raise InputError(error.problems, name, truncated=error.truncated) from None
