"""The wger adapter: a routine's date-sequence-display response as a backsafe plan."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import backsafe
from backsafe import InputError, Level, Plan
from backsafe._input_error import format_path
from backsafe.adapters import Adapted
from backsafe.adapters.wger import ASSUMED_REPETITIONS, adapt_wger, mapping, read_wger
from backsafe.model import RangeOfMotion
from backsafe.report import Location, Part
from tests.mutations import mutated

EXAMPLES = Path(__file__).parent.parent / "examples" / "wger"
GLUTES = EXAMPLES / "glute-builder.date-sequence-display.json"
POWER = EXAMPLES / "powerlifting-3-day.date-sequence-display.json"
LB = Decimal("0.45359237")


def read(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def entry(exercise: int = 901, **fields: Any) -> dict[str, Any]:
    """A set entry as wger's display gives it: reps in repetitions, weight in kg."""
    values: dict[str, Any] = {
        "slot_entry_id": 1,
        "exercise": exercise,
        "sets": 3,
        "max_sets": None,
        "weight": None,
        "max_weight": None,
        "weight_unit": None,
        "weight_rounding": None,
        "repetitions": "10",
        "max_repetitions": None,
        "repetitions_unit": 1,
        "repetitions_rounding": None,
        "rir": None,
        "max_rir": None,
        "rpe": None,
        "rest": None,
        "max_rest": None,
        "type": "normal",
        "text_repr": "",
        "comment": "",
    }
    values.update(fields)
    return values


def date(when: str, *entries: dict[str, Any], name: str = "Lower", rest: bool = False) -> Any:
    """One element of the response: a day with one slot per entry."""
    return {
        "iteration": 1,
        "date": when,
        "label": None,
        "day": {"id": 1, "name": name, "is_rest": rest, "type": "custom", "config": None},
        "slots": [
            {"comment": "", "is_superset": False, "exercises": [e["exercise"]], "sets": [e]}
            for e in entries
        ],
    }


def padding(when: str) -> dict[str, Any]:
    return {"iteration": 1, "date": when, "label": None, "day": None, "slots": []}


def one(*fields: Any, **values: Any) -> Adapted:
    """Adapt a one-day routine on Monday 2026-12-07 with one entry."""
    return adapt_wger([date("2026-12-07", entry(*fields, **values))])


def block(adapted: Adapted) -> backsafe.Block:
    (found,) = adapted.plan.weeks[0].sessions[0].blocks
    return found


def paths(document: Any) -> list[str]:
    with pytest.raises(InputError) as caught:
        adapt_wger(document)
    return [format_path(problem.path) for problem in caught.value.problems]


# The real responses -----------------------------------------------------------------------


def test_the_glute_builder_is_four_weeks_of_mondays_and_thursdays() -> None:
    plan = read_wger(GLUTES, name="Glute builder").plan
    assert plan.name == "Glute builder"
    assert plan.metadata == {"source": "wger"}
    assert [[(s.day, s.name) for s in w.sessions] for w in plan.weeks] == [
        [(1, "Glutes A"), (4, "Glutes B")]
    ] * 4
    dates = [s.metadata["date"] for w in plan.weeks for s in w.sessions]
    assert dates[:2] == ["2026-12-07", "2026-12-10"]
    assert dates[-1] == "2026-12-31"


def test_the_glute_builder_sets_follow_the_response() -> None:
    raw = read(GLUTES)
    plan = read_wger(GLUTES).plan
    monday, thursday = plan.weeks[0].sessions
    assert [(b.exercise, b.sets, b.reps, b.duration_s) for b in monday.warm_up] == [
        ("jumping-jack", 1, None, 60),
        ("hip-circles", 1, 10, None),
    ]
    assert [(b.exercise, b.sets, b.reps, b.duration_s) for b in thursday.warm_up] == [
        ("hip-circles", 2, 10, None)
    ]
    assert [b.exercise for b in monday.blocks] == [
        "barbell-hip-thrust",
        "romanian-deadlift",
        "goblet-squat",
        "plank",
    ]
    thrust = monday.blocks[0]
    # 8-10 repetitions: the upper end; RiR 2 kept, and wger's RPE (10 - RiR).
    assert (thrust.sets, thrust.reps, thrust.load_kg, thrust.rpe) == (4, 10, 60, 8)
    assert thrust.metadata["wger"] == {
        "exercise": 901,
        "name": "Barbell Hip Thrust",
        "rir": 2,
        "rest_s": 120,
    }
    # The superset's two exercises are two blocks.
    assert [(b.exercise, b.reps, b.load_kg) for b in thursday.blocks] == [
        ("fedb-split-squat-with-dumbbells", 10, 12),
        ("glute-bridge", 12, 20),
        ("standing-calf-raise", 15, 30),
    ]

    # Loads and the timed plank progress week by week, as wger computed them.
    def weekly(exercise: str, field: str) -> list[Any]:
        return [
            getattr(b, field)
            for w in plan.weeks
            for s in w.sessions
            for b in s.blocks
            if b.exercise == exercise
        ]

    assert weekly("barbell-hip-thrust", "load_kg") == [60, 65, 70, 75]
    assert weekly("romanian-deadlift", "load_kg") == [50, 52.5, 55, 57.5]
    assert weekly("plank", "duration_s") == [45, 60, 75, 90]
    raw_thrusts = [
        float(e["weight"])
        for element in raw
        for slot in element["slots"]
        for e in slot["sets"]
        if e["exercise"] == 901
    ]
    assert weekly("barbell-hip-thrust", "load_kg") == raw_thrusts


def test_the_glute_builders_sets_to_failure_are_noted_each_week() -> None:
    adapted = read_wger(GLUTES)
    assert [n.kind for n in adapted.notes] == ["assumed-reps"] * 4
    for week, note in enumerate(adapted.notes, 1):
        assert note.level is Level.CAUTION
        assert note.location == Location(week, 2, 4, Part.BLOCKS, 2, "glute-bridge")
        assert note.message.startswith("'Glute Bridge' (wger exercise 265): its sets go until")
        assert "12 repetitions" in note.message
    assert adapted.notes[0].source == "[3].slots[2].sets[0].repetitions_unit"


def test_the_powerlifting_routine_in_pounds_is_converted_and_says_so() -> None:
    raw = read(POWER)
    adapted = read_wger(POWER)
    plan = adapted.plan
    assert [[s.day for s in w.sessions] for w in plan.weeks] == [[1, 3, 5]] * 4
    squats = [
        e
        for element in raw
        for slot in element["slots"]
        for e in slot["sets"]
        if e["exercise"] == 615
    ]
    loads = [
        b.load_kg
        for w in plan.weeks
        for s in w.sessions
        for b in s.blocks
        if b.exercise == "back-squat"
    ]
    assert loads == [float(round(Decimal(e["weight"]) * LB, 2)) for e in squats]
    assert loads[0] == 102.06  # 225 lb
    (note,) = adapted.notes
    assert (note.kind, note.level, note.location) == ("converted-units", Level.INFO, None)
    assert "lb" in note.message
    assert note.source == "[0].slots[0].sets[0].weight_unit"


def test_rest_days_and_padding_days_are_skipped() -> None:
    raw = read(POWER)
    assert sum(1 for e in raw if e["day"] is None) == 8
    assert sum(1 for e in raw if e["day"] and e["day"]["is_rest"]) == 8
    sessions = sum(len(w.sessions) for w in read_wger(POWER).plan.weeks)
    assert sessions == len(raw) - 16


def test_the_real_responses_check_with_their_notes() -> None:
    report = backsafe.check(read_wger(GLUTES))
    assert "BS903" in report.codes
    assert "BS902" not in report.codes  # every exercise resolves
    report = backsafe.check(read_wger(POWER))
    assert "BS904" in report.codes
    assert "BS902" not in report.codes
    assert "BS903" not in report.codes


@pytest.mark.parametrize("source", ["path", "str", "bytes", "list"])
def test_read_wger_takes_what_load_plan_takes(source: str) -> None:
    given: Any = {
        "path": GLUTES,
        "str": str(GLUTES),
        "bytes": GLUTES.read_bytes(),
        "list": read(GLUTES),
    }[source]
    assert read_wger(given) == adapt_wger(read(GLUTES))


# Dates, weeks and days ---------------------------------------------------------------------


def test_a_routine_starting_midweek_has_its_weekdays_in_week_one() -> None:
    plan = adapt_wger(
        [date("2026-12-09", entry()), date("2026-12-13", entry()), date("2026-12-14", entry())]
    ).plan  # Wednesday, Sunday, Monday
    assert [[s.day for s in w.sessions] for w in plan.weeks] == [[3, 7], [1]]


def test_a_week_without_sessions_keeps_later_weeks_in_place() -> None:
    plan = adapt_wger([date("2026-12-07", entry()), date("2026-12-21", entry())]).plan
    assert [len(w.sessions) for w in plan.weeks] == [1, 0, 1]


def test_dates_are_put_in_order() -> None:
    plan = adapt_wger(
        [date("2026-12-10", entry(), name="B"), date("2026-12-07", entry(), name="A")]
    ).plan
    assert [(s.day, s.name) for s in plan.weeks[0].sessions] == [(1, "A"), (4, "B")]


def test_a_rest_day_with_exercises_is_still_checked() -> None:
    plan = adapt_wger([date("2026-12-07", entry(), rest=True)]).plan
    assert len(plan.weeks[0].sessions) == 1


def test_an_empty_day_name_is_no_name() -> None:
    plan = adapt_wger([date("2026-12-07", entry(), name="  ")]).plan
    assert plan.weeks[0].sessions[0].name is None


def test_a_routine_longer_than_the_plan_format_allows_is_refused() -> None:
    document = [date("2026-12-07", entry()), date("2031-12-08", entry())]
    assert paths(document) == ["[1].date"]
    assert (
        len(adapt_wger([date("2026-12-07", entry()), date("2031-11-30", entry())]).plan.weeks)
        == 260
    )


def test_a_date_given_twice_is_refused() -> None:
    document = [date("2026-12-07", entry()), date("2026-12-07", entry())]
    assert paths(document) == ["[1].date"]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"results": []}, ["(document)"]),
        ("text", ["(document)"]),
        ([], ["(document)"]),
        ([padding("2026-12-07")], ["(document)"]),
        ([7], ["[0]"]),
        ([{"day": None, "slots": []}], ["[0].date"]),
        ([{"date": "07/12/2026", "slots": []}], ["[0].date"]),
        ([{"date": "2026-12-07", "slots": {}}], ["[0].slots"]),
        ([{"date": "2026-12-07", "day": "Monday", "slots": []}], ["[0].day"]),
        ([{"date": "2026-12-07", "slots": [{"sets": None}]}], ["[0].slots[0]"]),
        ([{"date": "2026-12-07", "slots": ["slot"]}], ["[0].slots[0]"]),
    ],
    ids=lambda value: (
        None if isinstance(value, list) and value and isinstance(value[0], str) else ""
    ),
)
def test_a_document_that_is_no_date_sequence_is_refused_with_paths(
    document: Any, expected: list[str]
) -> None:
    assert paths(document) == expected


def test_the_model_limits_are_located_in_the_response() -> None:
    document = [date("2026-12-07", entry(), name="x" * 201)]
    assert paths(document) == ["[0]"]


# Parts and ranges ------------------------------------------------------------------------------


def test_warm_up_entries_go_to_the_warm_up() -> None:
    adapted = adapt_wger([date("2026-12-07", entry(320, type="warmup"), entry(901))])
    session = adapted.plan.weeks[0].sessions[0]
    assert [b.exercise for b in session.warm_up] == ["jumping-jack"]
    assert [b.exercise for b in session.blocks] == ["barbell-hip-thrust"]


@pytest.mark.parametrize(
    ("kind", "note_kind", "said"),
    [
        ("dropset", "assumed-reps", "as a drop set"),
        ("myo", "assumed-reps", "as myo-reps"),
        ("forced", "assumed-reps", "with forced repetitions"),
        ("jump", "unjudged-impact", "with a jump"),
        ("cluster", "unreadable-value", "set type 'cluster' is not one of wger's"),
    ],
)
def test_set_types_the_plan_format_cannot_say_are_noted(
    kind: str, note_kind: str, said: str
) -> None:
    adapted = one(type=kind)
    assert block(adapted).exercise  # still judged
    (note,) = adapted.notes
    assert (note.kind, note.level, note.source) == (
        note_kind,
        Level.CAUTION,
        "[0].slots[0].sets[0].type",
    )
    assert said in note.message


@pytest.mark.parametrize("kind", ["normal", "tut", "iso", None])
def test_plain_set_types_need_no_note(kind: str | None) -> None:
    assert one(type=kind).notes == ()


def test_a_partial_entry_has_a_partial_range_of_motion() -> None:
    assert block(one(type="partial")).range_of_motion is RangeOfMotion.PARTIAL
    assert block(one(type="dropset")).range_of_motion is None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"sets": 3, "max_sets": 5}, ("sets", 5)),
        ({"sets": 3, "max_sets": 2}, ("sets", 3)),
        ({"repetitions": "8", "max_repetitions": "12"}, ("reps", 12)),
        ({"repetitions": None, "max_repetitions": "12"}, ("reps", 12)),
        ({"repetitions": "7.5"}, ("reps", 8)),
        ({"weight": "40", "max_weight": "45", "weight_unit": 1}, ("load_kg", 45)),
        ({"weight": "52.50", "weight_unit": 1}, ("load_kg", 52.5)),
        ({"weight": "60", "weight_unit": None}, ("load_kg", 60)),
    ],
)
def test_ranges_are_judged_at_their_upper_end(
    fields: dict[str, Any], expected: tuple[str, Any]
) -> None:
    adapted = one(**fields)
    assert getattr(block(adapted), expected[0]) == expected[1]
    assert adapted.notes == ()


# Repetition units ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "value", "reps", "duration"),
    [
        (1, "10", 10, None),
        (3, "45", None, 45),
        (3, "7.5", None, 7.5),
        (4, "2", None, 120),
        (4, "1.5", None, 90),
        (None, "10", 10, None),
    ],
)
def test_repetitions_seconds_and_minutes(
    unit: int | None, value: str, reps: int | None, duration: float | None
) -> None:
    adapted = one(repetitions=value, repetitions_unit=unit)
    assert (block(adapted).reps, block(adapted).duration_s) == (reps, duration)
    assert adapted.notes == ()


@pytest.mark.parametrize(
    ("unit", "value", "reps", "phrase"),
    [
        (2, "12", 12, "until failure: judged as the 12 repetitions wger states"),
        (2, None, ASSUMED_REPETITIONS, "wger states no count"),
        (7, "20", 20, "as many repetitions as possible: judged as the 20"),
        (7, None, ASSUMED_REPETITIONS, "wger states no count"),
        (None, None, ASSUMED_REPETITIONS, "wger gives no repetitions"),
    ],
)
def test_sets_to_failure_are_an_assumption_with_a_note(
    unit: int | None, value: str | None, reps: int, phrase: str
) -> None:
    adapted = one(repetitions=value, repetitions_unit=unit)
    assert block(adapted).reps == reps
    (note,) = adapted.notes
    assert (note.kind, note.level) == ("assumed-reps", Level.CAUTION)
    assert phrase in note.message
    assert note.location == Location(1, 1, 1, Part.BLOCKS, 1, "barbell-hip-thrust")


def test_the_assumed_count_is_the_top_of_the_acsm_range() -> None:
    assert ASSUMED_REPETITIONS == 12


@pytest.mark.parametrize("unit", [5, 6, 8])
def test_a_distance_is_left_out_with_a_located_note(unit: int) -> None:
    document = [date("2026-12-07", entry(319, repetitions="5", repetitions_unit=unit), entry(901))]
    adapted = adapt_wger(document)
    assert [b.exercise for b in adapted.plan.weeks[0].sessions[0].blocks] == ["barbell-hip-thrust"]
    (note,) = adapted.notes
    assert (note.kind, note.level) == ("unreadable-item", Level.CAUTION)
    assert note.message.startswith(
        "Cannot judge 'Jogging' (wger exercise 319): it gives a distance"
    )
    assert note.source == "[0].slots[0].sets[0].repetitions_unit"
    assert note.location == Location(1, 1, 1, Part.BLOCKS)


# Weight units ----------------------------------------------------------------------------------


def test_pounds_are_converted_with_one_note_for_the_routine() -> None:
    document = [
        date(
            "2026-12-07",
            entry(weight="225", weight_unit=2),
            entry(507, weight="100", weight_unit=2),
        ),
        date("2026-12-14", entry(weight="230", weight_unit=2)),
    ]
    adapted = adapt_wger(document)
    loads = [b.load_kg for w in adapted.plan.weeks for s in w.sessions for b in s.blocks]
    assert loads == [102.06, 45.36, 104.33]
    (note,) = adapted.notes
    assert (note.kind, note.level, note.source) == (
        "converted-units",
        Level.INFO,
        "[0].slots[0].sets[0].weight_unit",
    )


def test_body_weight_is_no_external_load() -> None:
    adapted = one(weight=None, weight_unit=3)
    assert block(adapted).load_kg is None
    assert adapted.notes == ()
    assert one(weight="0", weight_unit=3).notes == ()


@pytest.mark.parametrize(
    ("unit", "level", "phrase"),
    [
        (3, Level.CAUTION, "its weight of 10 Body Weight cannot be converted to kg"),
        (4, Level.CAUTION, "its weight of 10 Plates cannot be converted to kg"),
        (5, Level.INFO, "its weight of 10 km/h is a speed, not a load"),
        (6, Level.INFO, "its weight of 10 mph is a speed, not a load"),
        (42, Level.CAUTION, "its weight of 10 unit 42 cannot be converted to kg"),
    ],
)
def test_loads_that_cannot_be_converted_are_left_out_with_a_note(
    unit: int, level: Level, phrase: str
) -> None:
    adapted = one(weight="10", weight_unit=unit)
    assert block(adapted).load_kg is None
    (note,) = adapted.notes
    assert (note.kind, note.level) == ("unreadable-value", level)
    assert phrase in note.message
    assert "judged without a load" in note.message


# Effort ----------------------------------------------------------------------------------------


def test_rpe_is_kept_and_rir_is_metadata() -> None:
    thrust = block(one(rir="2", rpe="8"))
    assert (thrust.rpe, thrust.metadata["wger"]["rir"]) == (8, 2)


def test_rpe_follows_from_rir_when_wger_gives_none() -> None:
    assert block(one(rir="3")).rpe == 7
    assert block(one(rir="1.5", rpe=None)).rpe == 8.5


def test_an_rpe_off_the_scale_is_left_out_with_a_note() -> None:
    adapted = one(rir="10")
    assert block(adapted).rpe is None
    (note,) = adapted.notes
    assert (note.kind, note.level, note.source) == (
        "unreadable-value",
        Level.INFO,
        "[0].slots[0].sets[0].rpe",
    )


# Exercises -----------------------------------------------------------------------------------


def test_mapped_ids_become_catalog_ids() -> None:
    for wger_id, expected in [
        (901, "barbell-hip-thrust"),
        (1700, "romanian-deadlift"),
        (1370, "deadlift"),
    ]:
        assert block(one(wger_id)).exercise == expected
        assert mapping().exercise(wger_id) == expected


def test_an_unmapped_exercise_keeps_its_wger_name_and_is_reported_unknown() -> None:
    adapted = one(1114)  # "Rest (for timed workouts)"
    assert block(adapted).exercise == "Rest (for timed workouts)"
    assert block(adapted).metadata["wger"] == {
        "exercise": 1114,
        "name": "Rest (for timed workouts)",
    }
    assert "BS902" in backsafe.check(adapted).codes


def test_an_id_the_list_does_not_have_is_named_by_its_id() -> None:
    adapted = one(999_999)
    assert block(adapted).exercise == "wger exercise 999999"
    assert block(adapted).metadata["wger"] == {"exercise": 999_999}
    assert "BS902" in backsafe.check(adapted).codes


# Entries that cannot be read -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "source", "reason"),
    [
        ({"exercise": "901"}, "[0].slots[0].sets[0].exercise", "is not a wger exercise id"),
        ({"exercise": None}, "[0].slots[0].sets[0].exercise", "is not a wger exercise id"),
        ({"sets": 0}, "[0].slots[0].sets[0].sets", "not a whole number of at least 1"),
        ({"sets": None}, "[0].slots[0].sets[0].sets", "gives no number of sets"),
        ({"sets": "2.5"}, "[0].slots[0].sets[0].sets", "not a whole number"),
        ({"repetitions": "ten"}, "[0].slots[0].sets[0].repetitions", "is not a number"),
        ({"repetitions": "NaN"}, "[0].slots[0].sets[0].repetitions", "is not a usable number"),
        ({"repetitions": "0"}, "[0].slots[0].sets[0].repetitions", "is below 1"),
        ({"repetitions": True}, "[0].slots[0].sets[0].repetitions", "is not a number"),
        ({"repetitions": "9" * 5000}, "[0].slots[0].sets[0].repetitions", "not a usable number"),
        (
            {"repetitions_unit": 99},
            "[0].slots[0].sets[0].repetitions_unit",
            "not one of wger's units",
        ),
        ({"repetitions_unit": "1"}, "[0].slots[0].sets[0].repetitions_unit", "not a wger unit id"),
        (
            {"repetitions_unit": 3, "repetitions": None},
            "[0].slots[0].sets[0].repetitions",
            "no duration",
        ),
        ({"weight": "heavy", "weight_unit": 1}, "[0].slots[0].sets[0].weight", "is not a number"),
        ({"weight": "-5", "weight_unit": 1}, "[0].slots[0].sets[0].weight", "is negative"),
        ({"weight": "5000", "weight_unit": 1}, "[0].slots[0].sets[0]", "cannot hold"),
        ({"repetitions": "5000"}, "[0].slots[0].sets[0]", "cannot hold"),
        ({"rir": [2]}, "[0].slots[0].sets[0].rir", "is not a number"),
    ],
)
def test_an_unreadable_entry_is_left_out_with_a_located_note(
    fields: dict[str, Any], source: str, reason: str
) -> None:
    document = [date("2026-12-07", entry(**fields), entry(507))]
    adapted = adapt_wger(document)
    assert [b.exercise for b in adapted.plan.weeks[0].sessions[0].blocks] == ["romanian-deadlift"]
    (note,) = adapted.notes
    assert (note.kind, note.level, note.source) == ("unreadable-item", Level.CAUTION, source)
    assert reason in note.message
    assert note.message.startswith("Cannot judge ")
    assert note.location == Location(1, 1, 1, Part.BLOCKS)


def test_an_entry_that_is_not_an_object_is_left_out() -> None:
    document = [date("2026-12-07", entry(507))]
    document[0]["slots"][0]["sets"].append("Hip thrust")
    adapted = adapt_wger(document)
    (note,) = adapted.notes
    assert note.message.startswith("Cannot judge an entry: it is not a set entry")
    assert note.source == "[0].slots[0].sets[1]"


def test_an_exercise_its_slot_lists_without_sets_is_left_out_with_a_note() -> None:
    document = [date("2026-12-07", entry(901))]
    document[0]["slots"].append(
        {"comment": "", "is_superset": False, "exercises": [507], "sets": []}
    )
    adapted = adapt_wger(document)
    (note,) = adapted.notes
    assert (note.kind, note.level, note.source) == (
        "unreadable-item",
        Level.CAUTION,
        "[0].slots[1].exercises[0]",
    )
    assert "(wger exercise 507): it is listed in its slot but has no sets" in note.message
    # A date whose only slot has no sets is still a session, so the note has a place.
    alone = [date("2026-12-07")]
    alone[0]["slots"] = [{"comment": "", "is_superset": False, "exercises": [507], "sets": []}]
    (note,) = adapt_wger(alone).notes
    assert note.location == Location(1, 1, 1, Part.BLOCKS)


def test_an_unreadable_warm_up_entry_is_located_in_the_warm_up() -> None:
    document = [date("2026-12-07", entry(320, type="warmup", sets=0), entry(507))]
    (note,) = adapt_wger(document).notes
    assert note.location == Location(1, 1, 1, Part.WARM_UP)


# The API and the mapping file --------------------------------------------------------------------


def test_a_file_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "routine.json"
    path.write_text(json.dumps({"results": []}))
    with pytest.raises(InputError) as caught:
        read_wger(path)
    assert caught.value.source == str(path)


def test_adapt_and_check_agree_with_the_notes() -> None:
    adapted = read_wger(GLUTES)
    assert backsafe.check(adapted) == backsafe.check(adapted.plan, notes=adapted.notes)


# Any mutation of a valid response gives a plan or an InputError ------------------------------


def valid() -> list[dict[str, Any]]:
    return [
        date("2026-12-07", entry(320, type="warmup"), entry(901, weight="60", weight_unit=1)),
        padding("2026-12-08"),
        date("2026-12-10", entry(265, repetitions_unit=2), entry(622, weight="40", weight_unit=2)),
    ]


def test_the_mutation_fixture_is_valid() -> None:
    adapted = adapt_wger(valid())
    assert sum(len(s.blocks) + len(s.warm_up) for s in adapted.plan.weeks[0].sessions) == 4


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=mutated(valid(), finite=True))
def test_mutated_responses_give_a_plan_or_an_input_error(document: Any) -> None:
    try:
        adapted = adapt_wger(copy.deepcopy(document))
    except InputError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)
    else:
        assert isinstance(adapted.plan, Plan)
        assert all(note.message and note.level >= Level.INFO for note in adapted.notes)


def test_a_jump_set_is_modify_for_someone_the_impact_rules_protect() -> None:
    adapted = one(type="jump")
    postpartum = backsafe.check(adapted, {"weeks_postpartum": 6})
    (note,) = [f for f in postpartum.findings if f.code == "BS903"]
    assert note.level is Level.MODIFY
    assert backsafe.check(adapted).verdict is Level.CAUTION  # no one at risk: a caution
