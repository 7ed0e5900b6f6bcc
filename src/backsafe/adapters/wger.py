"""Read a routine of wger, the open-source workout manager, as a backsafe plan.

The input is the response of wger's ``GET /api/v2/routine/{id}/date-sequence-display/``: a
JSON list with one element per calendar date of the routine, each ``{"date", "day",
"slots"}``, where a slot's ``sets`` hold the values wger computed for that date (one
element per exercise of the slot). It carries everything the rules judge, week by week,
including wger's progressions; the ``structure`` response holds only the rules that
compute them. Neither carries the routine's name: pass ``name=``.

How it maps:

- **Dates to weeks and days.** Week 1 is the calendar week (Monday to Sunday) of the
  routine's first date, and each date's weekday is its day, so a routine that starts on a
  Wednesday has days 3 to 7 in week 1. A date with no exercises (a rest day, or one of the
  days wger pads a week with, whose ``day`` is null) is skipped; a week without sessions
  stays in the plan, empty, so that later weeks keep their numbers.
- **Exercises.** wger names exercises by id. Each id is mapped to the catalog exercise it
  is judged as by the reviewed list ``rules/wger.toml``; an exercise the list does not map
  takes wger's name (or ``"wger exercise <id>"``), which the catalog reports as unknown
  (`BS902`) if it cannot resolve it.
- **Parts.** Entries of type ``warmup`` go to the session's warm-up, the others to its
  blocks, in wger's order; a ``partial`` entry has a partial range of motion.
- **Ranges.** Where wger gives a range (``sets``/``max_sets``, ``repetitions``/
  ``max_repetitions``, ``weight``/``max_weight``), the upper end is judged: the plan may
  ask for it.
- **Repetition units.** Repetitions give ``reps`` (a fraction is rounded up); seconds and
  minutes give ``duration_s``. "Until Failure" and "Max Reps" give the repetitions wger
  states, or 12 (the top of the 8-12 range ACSM recommends for novice and intermediate
  lifters) when it states none, with a note (`BS903`, caution) that the count is assumed.
  A count with no unit at all (wger leaves out the unit of a value it does not have) is
  assumed likewise. Distances (miles, kilometres, metres) cannot be judged: that entry is
  left out, with a located note.
- **Weight units.** kg is kept; lb is converted (1 lb = 0.45359237 kg, rounded to 0.01 kg)
  with a note (`BS904`, info); body weight means no external load. A load in plates, or
  a speed, cannot be converted: the block is judged without a load, with a note.
- **Effort.** wger's ``rpe`` (10 - RiR) is the block's ``rpe``; the RiR, the rest, the
  wger exercise id and its name are kept in the block's ``metadata["wger"]``.

A document that is not a date-sequence-display response (not a list of dated elements,
slots that are not lists) is refused with one `backsafe.InputError` whose field paths point
into the response, for example ``[3].slots``. An entry that cannot be read is left out
with a located note instead, so the rest of the routine is still checked.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from backsafe._input_error import MAX_PROBLEMS, InputError, Problem, format_path
from backsafe._serde import Source, structure
from backsafe._serde._sources import read_document
from backsafe.adapters._adapted import (
    ASSUMED_REPS,
    CONVERTED_UNITS,
    MAX_ITEM_NOTES,
    UNJUDGED_IMPACT,
    UNREADABLE_ITEM,
    UNREADABLE_VALUE,
    Adapted,
    InputNote,
    more_unreadable,
)
from backsafe.adapters._wger_mapping import WgerDataError, WgerMapping, default_mapping
from backsafe.model import LIMITS, Block, Plan
from backsafe.report import Level, Location, Part

__all__ = [
    "ASSUMED_REPETITIONS",
    "WgerDataError",
    "WgerMapping",
    "adapt_wger",
    "mapping",
    "read_wger",
]

#: The repetitions judged for a set to failure whose count wger does not state: the top of
#: the 8-12 range of the ACSM position stand on resistance training (Ratamess et al. 2009).
ASSUMED_REPETITIONS = 12

_LB = Decimal("0.45359237")
_KG, _POUND, _BODY_WEIGHT, _KMH, _MPH = 1, 2, 3, 5, 6
_WEIGHT_UNITS = {1: "kg", 2: "lb", 3: "Body Weight", 4: "Plates", 5: "km/h", 6: "mph"}
_REPETITIONS, _UNTIL_FAILURE, _SECONDS, _MINUTES, _MAX_REPS = 1, 2, 3, 4, 7
_DISTANCES = {5: "miles", 6: "kilometres", 8: "metres"}
_TO_FAILURE = {_UNTIL_FAILURE: "until failure", _MAX_REPS: "as many repetitions as possible"}
_WARM_UP = "warmup"
_PARTIAL = "partial"
_JUMP = "jump"
#: Set types whose sets go past the repetitions wger states.
_PAST_FAILURE = {
    "dropset": "as a drop set (more repetitions at a lower weight once the set fails)",
    "myo": "as myo-reps (short sets after an activation set taken near failure)",
    "forced": "with forced repetitions (helped on past failure)",
}
#: Set types read as normal sets: their tempo or holds change nothing the rules judge.
_PLAIN_TYPES = frozenset({"normal", "tut", "iso"})
_MAX_NUMBER = Decimal(10**9)
_MAX_NUMBER_CHARS = 40

Path = tuple[str | int, ...]


def mapping() -> WgerMapping:
    """The reviewed wger-id -> catalog mapping this adapter uses (``rules/wger.toml``)."""
    return default_mapping()


class _Unreadable(Exception):
    """An entry that cannot be read: why, and the field that says so."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def _number(value: Any, field: str) -> Decimal | None:
    """A decimal from wger's strings ("52.50") or numbers; ``None`` for null."""
    if value is None:
        return None
    if type(value) is bool or not isinstance(value, (str, int, float)):
        raise _Unreadable(f"{field} {value!r} is not a number", field)
    if isinstance(value, str) and len(value) > _MAX_NUMBER_CHARS:
        raise _Unreadable(f"{field} ({len(value)} characters) is not a usable number", field)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        raise _Unreadable(f"{field} {value!r} is not a number", field) from None
    if not number.is_finite() or abs(number) > _MAX_NUMBER:
        raise _Unreadable(f"{field} {value!r} is not a usable number", field)
    return number


def _upper(entry: dict[str, Any], field: str) -> Decimal | None:
    """The upper end of a wger range: ``max_<field>`` when it is larger."""
    low, high = _number(entry.get(field), field), _number(entry.get(f"max_{field}"), f"max_{field}")
    if low is None or (high is not None and high > low):
        return high
    return low


def _unit(entry: dict[str, Any], field: str) -> int | None:
    value = entry.get(field)
    if value is not None and (type(value) is not int or value < 1):
        raise _Unreadable(f"{field} {value!r} is not a wger unit id", field)
    return value


def _plain(number: Decimal) -> float | int:
    return int(number) if number == number.to_integral_value() else float(number)


@attrs.frozen
class _Pending:
    """A note about an entry, made before the entry's location is known."""

    kind: str
    level: Level
    message: str
    field: str | None = None


@attrs.define
class _Entry:
    """One set entry of a slot, read: its block, its part, and the notes it needs."""

    block: dict[str, Any]
    part: Part
    notes: list[_Pending] = attrs.Factory(list)
    pounds: bool = False


def _entry(entry: Any, exercises: WgerMapping) -> _Entry:
    """Read one set entry of a slot; raise `_Unreadable` if it cannot give a block."""
    if not isinstance(entry, dict):
        raise _Unreadable("is not a set entry (an object)")
    wger_id = entry.get("exercise")
    if type(wger_id) is not int or wger_id < 1:
        raise _Unreadable(f"exercise {wger_id!r} is not a wger exercise id", "exercise")
    name = exercises.exercise(wger_id)
    metadata: dict[str, Any] = {"exercise": wger_id}
    if wger_id in exercises.names:
        metadata["name"] = exercises.names[wger_id]
    block: dict[str, Any] = {"exercise": name, "metadata": {"wger": metadata}}
    kind = entry.get("type")
    read = _Entry(block, Part.WARM_UP if kind == _WARM_UP else Part.BLOCKS)
    if kind == _PARTIAL:
        block["range_of_motion"] = "partial"
    _set_type(kind, read)

    sets = _upper(entry, "sets")
    if sets is None:
        raise _Unreadable("gives no number of sets", "sets")
    if sets != sets.to_integral_value() or sets < 1:
        raise _Unreadable(f"sets {entry.get('sets')!r} is not a whole number of at least 1", "sets")
    block["sets"] = int(sets)

    _repetitions(entry, block, read)
    _load(entry, block, read)

    rpe, rir = _number(entry.get("rpe"), "rpe"), _upper(entry, "rir")
    if rpe is None and rir is not None:
        rpe = 10 - rir
    if rpe is not None:
        if 1 <= rpe <= 10:
            block["rpe"] = _plain(rpe)
        else:
            read.notes.append(
                _Pending(
                    UNREADABLE_VALUE,
                    Level.INFO,
                    f"the effort (RPE {rpe}) is outside the 1-10 scale and was left out",
                    "rpe",
                )
            )
    if rir is not None:
        metadata["rir"] = _plain(rir)
    rest = _upper(entry, "rest")
    if rest is not None:
        metadata["rest_s"] = _plain(rest)
    return read


def _set_type(kind: Any, read: _Entry) -> None:
    """Note what a set type changes that the plan format cannot say."""
    if kind is None or (isinstance(kind, str) and kind in {*_PLAIN_TYPES, _WARM_UP, _PARTIAL}):
        return
    if isinstance(kind, str) and kind in _PAST_FAILURE:
        read.notes.append(
            _Pending(
                ASSUMED_REPS,
                Level.CAUTION,
                f"its sets are done {_PAST_FAILURE[kind]}: judged as the repetitions wger "
                "states, though the set goes beyond them",
                "type",
            )
        )
    elif kind == _JUMP:
        read.notes.append(
            _Pending(
                UNJUDGED_IMPACT,
                Level.CAUTION,
                "its sets are done with a jump, which the plan format cannot say: it is "
                "judged as the exercise without the jump, so the impact of landing is not",
                "type",
            )
        )
    else:
        shown = kind if isinstance(kind, str) and len(kind) <= _MAX_NUMBER_CHARS else "?"
        read.notes.append(
            _Pending(
                UNREADABLE_VALUE,
                Level.CAUTION,
                f"its set type {shown!r} is not one of wger's, so it is judged as a normal set",
                "type",
            )
        )


def _repetitions(entry: dict[str, Any], block: dict[str, Any], read: _Entry) -> None:
    unit = _unit(entry, "repetitions_unit")
    count = _upper(entry, "repetitions")
    if unit in _DISTANCES:
        raise _Unreadable(
            f"gives a distance ({_DISTANCES[unit]}), which the plan format cannot hold",
            "repetitions_unit",
        )
    if unit in (_SECONDS, _MINUTES):
        if count is None or count <= 0:
            raise _Unreadable("is timed but gives no duration", "repetitions")
        seconds = count * (60 if unit == _MINUTES else 1)
        block["duration_s"] = _plain(seconds)
        return
    if unit not in (None, _REPETITIONS, _UNTIL_FAILURE, _MAX_REPS):
        raise _Unreadable(f"repetitions_unit {unit} is not one of wger's units", "repetitions_unit")
    if count is not None and count < 1:
        raise _Unreadable(f"repetitions {entry.get('repetitions')!r} is below 1", "repetitions")
    reps = ASSUMED_REPETITIONS if count is None else math.ceil(count)
    block["reps"] = reps
    if unit in _TO_FAILURE:
        how = _TO_FAILURE[unit]
        said = (
            f"judged as the {reps} repetitions wger states, though a set taken {how} may go "
            "beyond them"
            if count is not None
            else f"wger states no count, so it is judged as {reps} repetitions (the top of the "
            "8-12 range ACSM recommends for novice and intermediate lifters)"
        )
        read.notes.append(
            _Pending(ASSUMED_REPS, Level.CAUTION, f"its sets go {how}: {said}", "repetitions_unit")
        )
    elif count is None:
        read.notes.append(
            _Pending(
                ASSUMED_REPS,
                Level.CAUTION,
                f"wger gives no repetitions (a set to failure shows this way), so it is judged "
                f"as {reps} repetitions (the top of the 8-12 range ACSM recommends for novice "
                "and intermediate lifters)",
                "repetitions",
            )
        )


def _load(entry: dict[str, Any], block: dict[str, Any], read: _Entry) -> None:
    unit = _unit(entry, "weight_unit")
    weight = _upper(entry, "weight")
    if weight is None or (unit == _BODY_WEIGHT and weight == 0):
        return
    if weight < 0:
        raise _Unreadable(f"weight {entry.get('weight')!r} is negative", "weight")
    if unit in (None, _KG):
        block["load_kg"] = _plain(weight)
    elif unit == _POUND:
        block["load_kg"] = float(round(weight * _LB, 2))
        read.pounds = True
    else:
        name = _WEIGHT_UNITS.get(unit, f"unit {unit}")
        what = "is a speed, not a load" if unit in (_KMH, _MPH) else "cannot be converted to kg"
        level = Level.INFO if unit in (_KMH, _MPH) else Level.CAUTION
        read.notes.append(
            _Pending(
                UNREADABLE_VALUE,
                level,
                f"its weight of {weight} {name} {what}, so it is judged without a load",
                "weight_unit",
            )
        )


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@attrs.define
class _Day:
    """The entries of one date, before its week and session number are known."""

    index: int
    date: datetime.date
    name: str | None
    entries: list[tuple[Path, Any]]
    #: Exercises a slot lists (``slot.exercises``) with no set entry on this date.
    missing: list[tuple[Path, int]] = attrs.Factory(list)


def _days(document: Any, problems: list[Problem]) -> Iterator[_Day]:
    if not isinstance(document, list):
        problems.append(
            Problem((), "must be a list of dates (wger's date-sequence-display response)")
        )
        return
    for index, element in enumerate(document):
        if len(problems) > MAX_PROBLEMS:
            return  # enough to show; the rest is not looked at
        if not isinstance(element, dict):
            problems.append(Problem((index,), "must be a date of the routine (an object)"))
            continue
        date = _date(element.get("date"))
        if date is None:
            problems.append(
                Problem((index, "date"), "must be a date (YYYY-MM-DD)", element.get("date"))
            )
            continue
        slots = element.get("slots", [])
        if not isinstance(slots, list):
            problems.append(Problem((index, "slots"), "must be a list of slots", slots))
            continue
        day = element.get("day")
        if day is not None and not isinstance(day, dict):
            problems.append(Problem((index, "day"), "must be a day (an object) or null", day))
            continue
        name = day.get("name") if day else None
        entries: list[tuple[Path, Any]] = []
        missing: list[tuple[Path, int]] = []
        for slot_index, slot in enumerate(slots):
            here: Path = (index, "slots", slot_index)
            if not isinstance(slot, dict) or not isinstance(slot.get("sets"), list):
                problems.append(Problem(here, "must be a slot with a list of sets"))
                continue
            entries.extend(
                ((*here, "sets", position), entry) for position, entry in enumerate(slot["sets"])
            )
            missing += _without_sets(slot, here)
        if entries or missing:
            label = name.strip() if isinstance(name, str) else ""
            yield _Day(index, date, label or None, entries, missing)


def _without_sets(slot: dict[str, Any], here: Path) -> list[tuple[Path, int]]:
    """The exercises ``slot`` lists that none of its set entries gives (each with its path).

    An exercise the slot names but the date has no set for would otherwise vanish from
    the check without a word.
    """
    listed = slot.get("exercises")
    if not isinstance(listed, list):
        return []
    given = {
        entry["exercise"]
        for entry in slot["sets"]
        if isinstance(entry, dict) and type(entry.get("exercise")) is int
    }
    return [
        ((*here, "exercises", position), wger_id)
        for position, wger_id in enumerate(listed)
        if type(wger_id) is int and wger_id not in given
    ]


@attrs.define
class _Reader:
    exercises: WgerMapping
    notes: list[InputNote] = attrs.Factory(list)
    pounds: list[str] = attrs.Factory(list)
    unreadable: int = 0

    def session(self, day: _Day, location: Location) -> dict[str, Any]:
        parts: dict[Part, list[dict[str, Any]]] = {Part.WARM_UP: [], Part.BLOCKS: []}
        for path, raw in day.entries:
            try:
                entry = _entry(raw, self.exercises)
                structure(entry.block, Block)
            except _Unreadable as unreadable:
                field = (unreadable.field,) if unreadable.field else ()
                self.left_out(raw, unreadable.reason, location, format_path((*path, *field)))
                continue
            except InputError as error:  # a value beyond the plan format's limits
                reason = f"has a value the plan format cannot hold ({error.problems[0]})"
                self.left_out(raw, reason, location, format_path(path))
                continue
            blocks = parts[entry.part]
            blocks.append(entry.block)
            mapped = entry.block["metadata"]["wger"]["exercise"] in self.exercises.exercises
            here = attrs.evolve(
                location,
                part=entry.part,
                block=len(blocks),
                exercise=entry.block["exercise"] if mapped else None,
            )
            if entry.pounds:
                self.pounds.append(format_path((*path, "weight_unit")))
            what = _describe(raw, self.exercises)
            for pending in entry.notes:
                field = (pending.field,) if pending.field else ()
                self.notes.append(
                    InputNote(
                        pending.kind,
                        pending.level,
                        f"{what}: {pending.message}.",
                        here,
                        format_path((*path, *field)),
                    )
                )
        for path, wger_id in day.missing:
            self.left_out(
                {"exercise": wger_id},
                "is listed in its slot but has no sets on this date",
                location,
                format_path(path),
            )
        session: dict[str, Any] = {
            "day": day.date.isoweekday(),
            "warm_up": parts[Part.WARM_UP],
            "blocks": parts[Part.BLOCKS],
            "metadata": {"date": day.date.isoformat()},
        }
        if day.name:
            session["name"] = day.name
        return session

    def left_out(self, raw: Any, reason: str, location: Location, source: str) -> None:
        self.unreadable += 1
        if self.unreadable > MAX_ITEM_NOTES:
            return  # counted: `more_unreadable` says how many
        if isinstance(raw, dict) and raw.get("type") == _WARM_UP:
            location = attrs.evolve(location, part=Part.WARM_UP)
        self.notes.append(
            InputNote(
                UNREADABLE_ITEM,
                Level.CAUTION,
                f"Cannot judge {_describe(raw, self.exercises)}: it {reason}, so it was left "
                "out of the check. Check this entry by hand, or correct it in wger.",
                location,
                source,
            )
        )


def _describe(raw: Any, exercises: WgerMapping) -> str:
    wger_id = raw.get("exercise") if isinstance(raw, dict) else None
    if type(wger_id) is int and wger_id in exercises.names:
        return f"{exercises.names[wger_id]!r} (wger exercise {wger_id})"
    if type(wger_id) is int:
        return f"wger exercise {wger_id}"
    return "an entry"


def adapt_wger(document: Any, *, name: str | None = None) -> Adapted:
    """Turn a wger ``date-sequence-display`` response into a plan and its notes.

    ``name`` is the plan's name (the routine's name is not in the response). Raises
    `backsafe.InputError`, with field paths into the response, when the document is not
    such a response; an entry that cannot be read becomes a located note instead.
    """
    problems: list[Problem] = []
    days = sorted(_days(document, problems), key=lambda day: (day.date, day.index))
    if problems:
        raise InputError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)
    if not days:
        raise InputError([Problem((), "has no date with exercises: there is nothing to check")])
    reader = _Reader(default_mapping())
    first = days[0].date - datetime.timedelta(days=days[0].date.weekday())
    last = days[-1]
    if (last.date - first).days // 7 >= LIMITS.weeks:
        raise InputError(
            [
                Problem(
                    (last.index, "date"),
                    f"is more than {LIMITS.weeks} weeks after the routine's first date",
                    str(last.date),
                )
            ]
        )
    weeks: list[list[dict[str, Any]]] = []
    sources: list[list[int]] = []
    for day in days:
        number = (day.date - first).days // 7 + 1
        while len(weeks) < number:
            weeks.append([])
            sources.append([])
        if weeks[number - 1] and weeks[number - 1][-1]["day"] == day.date.isoweekday():
            raise InputError(
                [Problem((day.index, "date"), "is a date the response already gave", str(day.date))]
            )
        location = Location(number, len(weeks[number - 1]) + 1, day.date.isoweekday(), Part.BLOCKS)
        weeks[number - 1].append(reader.session(day, location))
        sources[number - 1].append(day.index)
    metadata: dict[str, Any] = {"source": "wger"}
    data: dict[str, Any] = {"weeks": [{"sessions": s} for s in weeks], "metadata": metadata}
    if name is not None:
        data["name"] = name
    try:
        plan = structure(data, Plan)
    except InputError as error:
        raise InputError(_in_document(p, sources) for p in error.problems) from None
    notes = reader.notes
    if reader.unreadable > MAX_ITEM_NOTES:
        notes.append(more_unreadable(reader.unreadable - MAX_ITEM_NOTES))
    if reader.pounds:
        notes.insert(
            0,
            InputNote(
                CONVERTED_UNITS,
                Level.INFO,
                "The routine's weights in lb were converted to kilograms (1 lb = 0.45359237 kg, "
                "rounded to 0.01 kg).",
                source=reader.pounds[0],
            ),
        )
    return Adapted(plan, notes)


def _in_document(problem: Problem, sources: list[list[int]]) -> Problem:
    """Locate a problem of the converted plan in the response (a date's element)."""
    path = problem.path
    if len(path) >= 4 and path[0] == "weeks" and path[2] == "sessions":
        week, session = path[1], path[3]
        if isinstance(week, int) and isinstance(session, int) and week < len(sources):
            return Problem((sources[week][session],), problem.message, problem.value)
    return problem


def read_wger(source: Source, *, name: str | None = None) -> Adapted:
    """Read a wger ``date-sequence-display`` response from anything `backsafe.load_plan` takes.

    Check it with ``backsafe.check(read_wger(path))``: the notes become findings.
    """
    document, source_name = read_document(source)
    try:
        return adapt_wger(document, name=name)
    except InputError as error:
        raise InputError(error.problems, source_name, truncated=error.truncated) from None
