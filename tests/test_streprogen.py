"""The streprogen adapter: streprogen's ``Program.to_dict()`` output as a backsafe plan."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from backsafe import InputError, Level, Location, Plan
from backsafe._input_error import format_path
from backsafe.adapters import Adapted, InputNote
from backsafe.adapters.streprogen import (
    adapt_streprogen,
    load_streprogen,
    plan_from_streprogen,
    read_streprogen,
)
from backsafe.report import Part
from tests.mutations import deep, mutated

EXAMPLES = Path(__file__).parent.parent / "examples" / "streprogen"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def dynamic(name: str, reps: list[Any], weights: list[Any]) -> dict[str, Any]:
    return {"name": name, "reps": reps, "weights": weights}


def static(name: str, sets_reps: Any) -> dict[str, Any]:
    return {"name": name, "sets_reps": sets_reps}


def document(*days: dict[str, Any], weeks: int = 1, units: str = "kg") -> dict[str, Any]:
    """A streprogen document that repeats ``days`` for ``weeks`` weeks."""
    return {
        "program": {"name": "Test program", "units": units},
        "rendered": [copy.deepcopy(list(days)) for _ in range(weeks)],
    }


def day(name: Any, *exercises: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "exercises": list(exercises) or [static("Bird dog", "3 x 8")]}


def paths(doc: Any) -> list[str]:
    """The field paths of the InputError a malformed document raises (both APIs agree)."""
    with pytest.raises(InputError) as caught:
        adapt_streprogen(doc)
    assert caught.value.problems, "an InputError names at least one problem"
    found = [format_path(problem.path) for problem in caught.value.problems]
    assert left_out_by_plan_api(doc) == found
    return found


def left_out_by_plan_api(doc: Any) -> list[str]:
    """The field paths the Plan-only API refuses (it cannot carry notes)."""
    with pytest.raises(InputError) as caught:
        plan_from_streprogen(doc)
    return [format_path(problem.path) for problem in caught.value.problems]


def unreadable(doc: Any) -> list[str]:
    """The sources of the notes for items left out (the Plan-only API refuses them)."""
    adapted = adapt_streprogen(doc)
    notes = [n for n in adapted.notes if n.kind == "unreadable-item"]
    for note in notes:
        assert note.level is Level.CAUTION
        assert note.message.startswith("Cannot judge ")
        assert note.location is not None
        assert note.location.part is Part.BLOCKS
    sources = [str(note.source) for note in notes]
    assert left_out_by_plan_api(doc) == sources
    return sources


def blocks_of(plan: Plan) -> list[tuple[str, int, int | None, float | None]]:
    return [
        (block.exercise, block.sets, block.reps, block.load_kg)
        for week in plan.weeks
        for session in week.sessions
        for block in session.blocks
    ]


# The examples -------------------------------------------------------------------------


def expected_block_count(exercise: dict[str, Any]) -> int:
    """Blocks an exercise should give, worked out independently of the adapter."""
    if "sets_reps" in exercise:
        return 1
    return len(list(itertools.groupby(zip(exercise["reps"], exercise["weights"], strict=True))))


def test_there_are_the_five_examples_of_real_streprogen_output() -> None:
    assert [path.name for path in EXAMPLE_FILES] == [
        "five-day-split.json",
        "full-body-3-day.json",
        "glute-focus-6-week.json",
        "readme-8-week.json",
        "upper-lower-lbs.json",
    ]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_examples_convert_with_the_shape_of_the_rendered_data(path: Path) -> None:
    raw = read(path)
    plan = load_streprogen(path)
    assert plan.name == raw["program"]["name"]
    assert plan.metadata["source"] == "streprogen"
    assert len(plan.weeks) == len(raw["rendered"]) == raw["program"]["duration"]
    for week, rendered_week in zip(plan.weeks, raw["rendered"], strict=True):
        assert len(week.sessions) == len(rendered_week)
        for session, rendered_day in zip(week.sessions, rendered_week, strict=True):
            assert session.name == rendered_day["name"]
            exercises = rendered_day["exercises"]
            assert len(session.blocks) == sum(expected_block_count(e) for e in exercises)
            # Every set is kept: the sets of each exercise's blocks add up to its sets.
            for exercise in exercises:
                sets = sum(b.sets for b in session.blocks if b.exercise == exercise["name"])
                if "sets_reps" in exercise and "x" in exercise["sets_reps"]:
                    assert sets == int(exercise["sets_reps"].split("x")[0])
                elif "sets_reps" in exercise:  # "10 minutes": one timed set
                    assert sets == 1
                else:
                    assert sets == len(exercise["reps"])
            assert not session.warm_up
            assert not session.cool_down


@pytest.mark.parametrize("source", ["path", "str", "bytes", "dict"])
def test_load_streprogen_takes_what_load_plan_takes(source: str) -> None:
    path = EXAMPLES / "readme-8-week.json"
    given_source: Any = {
        "path": path,
        "str": str(path),
        "bytes": path.read_bytes(),
        "dict": read(path),
    }[source]
    assert load_streprogen(given_source) == plan_from_streprogen(read(path))


def test_weekday_names_give_the_day() -> None:
    plan = load_streprogen(EXAMPLES / "glute-focus-6-week.json")
    for week in plan.weeks:
        assert [(s.day, s.name) for s in week.sessions] == [
            (1, "Monday"),
            (2, "Tuesday"),
            (4, "Thursday"),
        ]
    assert "days" not in plan.metadata


def test_other_day_names_are_placed_with_rest_days_and_flagged_as_assumed() -> None:
    plan = load_streprogen(EXAMPLES / "readme-8-week.json")
    for week in plan.weeks:
        assert [(s.day, s.name) for s in week.sessions] == [(1, "Day A"), (3, "Day B")]
    assert plan.metadata["days"] == "assumed"


def test_the_readme_example_merges_runs_of_equal_sets() -> None:
    plan = load_streprogen(EXAMPLES / "readme-8-week.json")
    first = plan.weeks[0].sessions
    # Bench press reps [8, 7, 7, 7] at [60, 65, 65, 65]: one set, then a run of three.
    assert [(b.exercise, b.sets, b.reps, b.load_kg) for b in first[0].blocks] == [
        ("Bench press", 1, 8, 60.0),
        ("Bench press", 3, 7, 65.0),
        ("Squats", 1, 8, 75.0),
        ("Squats", 3, 7, 80.0),
    ]
    # Deadlifts [7, 7, 6, 6, 5] at [80, 80, 80, 80, 85]; Curls "3 x 10 @ 18kg".
    assert [(b.exercise, b.sets, b.reps, b.load_kg) for b in first[1].blocks] == [
        ("Deadlifts", 2, 7, 80.0),
        ("Deadlifts", 2, 6, 80.0),
        ("Deadlifts", 1, 5, 85.0),
        ("Curls", 3, 10, 18.0),
    ]


@pytest.mark.parametrize(
    ("sets_reps", "expected"),
    [
        ("3 x 8-12", (3, 12, None)),
        ("3 x 8 - 12 @ 60kg", (3, 12, 60.0)),
        ("4 \u00d7 6\u20138 @ 100 lbs", (4, 8, 45.36)),
        ("3 x 12-8", (3, 12, None)),
    ],
)
def test_a_static_repetition_range_is_judged_at_its_top(
    sets_reps: str, expected: tuple[int, int, float | None]
) -> None:
    adapted = adapt_streprogen(document(day("Monday", static("Deadlift", sets_reps))))
    (block,) = adapted.plan.weeks[0].sessions[0].blocks
    assert (block.sets, block.reps, block.load_kg) == expected
    assert not [n for n in adapted.notes if n.kind == "unreadable-item"]


def test_pounds_are_read_from_the_rendered_sets_when_the_program_gives_no_units() -> None:
    doc = json.loads((EXAMPLES / "upper-lower-lbs.json").read_text(encoding="utf-8"))
    stated = adapt_streprogen(doc)
    del doc["program"]["units"]
    inferred = adapt_streprogen(doc)
    assert inferred.plan == stated.plan
    (note,) = [n for n in inferred.notes if n.kind == "converted-units"]
    assert note.message.startswith("The program does not give its units; its rendered sets")
    assert note.source == "rendered[0][0].exercises[0].strings[0]"
    # Without a program at all, the same; with kilograms in the strings, kilograms.
    del doc["program"]
    assert adapt_streprogen(doc).plan.weeks == stated.plan.weeks
    kilos = document(day("Monday", dynamic("Squat", [5], [100])))
    kilos["rendered"][0][0]["exercises"][0]["strings"] = ["5 x 100kg"]
    del kilos["program"]
    assert blocks_of(adapt_streprogen(kilos).plan) == [("Squat", 1, 5, 100.0)]
    # Strings that disagree leave the default: kilograms, without a guess.
    mixed = document(day("Monday", dynamic("Squat", [8], [20]), dynamic("Deadlift", [5], [200])))
    del mixed["program"]
    mixed["rendered"][0][0]["exercises"][0]["strings"] = ["8 x 20lbs"]
    mixed["rendered"][0][0]["exercises"][1]["strings"] = ["5 x 200kg"]
    adapted = adapt_streprogen(mixed)
    assert blocks_of(adapted.plan) == [("Squat", 1, 8, 20.0), ("Deadlift", 1, 5, 200.0)]
    assert not [n for n in adapted.notes if n.kind == "converted-units"]


def test_a_static_exercise_without_a_load_has_no_load() -> None:
    plan = load_streprogen(EXAMPLES / "glute-focus-6-week.json")
    bird_dog = plan.weeks[0].sessions[0].blocks[-1]
    assert (bird_dog.exercise, bird_dog.sets, bird_dog.reps, bird_dog.load_kg) == (
        "Bird dog",
        3,
        8,
        None,
    )


# Days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Monday", 1),
        ("mon", 1),
        ("Tuesday", 2),
        ("tue", 2),
        ("tues", 2),
        ("Wednesday", 3),
        ("WED", 3),
        ("Thursday", 4),
        ("thu", 4),
        ("thur", 4),
        ("thurs", 4),
        ("Friday", 5),
        ("fri", 5),
        ("  Saturday  ", 6),
        ("sat", 6),
        ("Sunday", 7),
        ("sun", 7),
    ],
)
def test_weekday_names_map_to_days_one_to_seven(name: str, number: int) -> None:
    plan = plan_from_streprogen(document(day(name)))
    assert plan.weeks[0].sessions[0].day == number
    assert plan.weeks[0].sessions[0].name == name.strip()
    assert "days" not in plan.metadata


def test_a_full_week_of_weekdays() -> None:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    plan = plan_from_streprogen(document(*(day(name) for name in names)))
    assert [s.day for s in plan.weeks[0].sessions] == [1, 2, 3, 4, 5, 6, 7]


def test_up_to_four_unnamed_days_get_odd_days() -> None:
    plan = plan_from_streprogen(document(*(day(f"Day {c}") for c in "ABCD"), weeks=2))
    for week in plan.weeks:
        assert [s.day for s in week.sessions] == [1, 3, 5, 7]
    assert plan.metadata == {"source": "streprogen", "days": "assumed"}


@pytest.mark.parametrize(
    ("count", "days"),
    [
        (1, [1]),
        (2, [1, 3]),
        (3, [1, 3, 5]),
        (4, [1, 3, 5, 7]),
        (5, [1, 2, 3, 4, 5]),
        (6, [1, 2, 3, 4, 5, 6]),
        (7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_up_to_seven_unnamed_days_are_placed_on_assumed_days(count: int, days: list[int]) -> None:
    adapted = adapt_streprogen(document(*(day(f"Day {n}") for n in range(1, count + 1)), weeks=2))
    for week in adapted.plan.weeks:
        assert [s.day for s in week.sessions] == days
        assert [s.name for s in week.sessions] == [f"Day {n}" for n in range(1, count + 1)]
    (note,) = adapted.notes
    assert (note.kind, note.level, note.location) == ("assumed-days", Level.CAUTION, None)
    assert "'Day 1' on Monday (day 1)" in note.message
    assert "assumed" in note.message
    assert adapted.plan.metadata["days"] == "assumed"


def test_eight_days_in_a_week_are_refused() -> None:
    assert paths(document(*(day(f"Day {n}") for n in range(8)))) == ["rendered[0]"]


def test_weekday_names_keep_their_days_beside_assumed_ones() -> None:
    adapted = adapt_streprogen(document(day("Monday"), day("Leg day"), day("Wednesday")))
    assert [s.day for s in adapted.plan.weeks[0].sessions] == [1, 2, 3]
    adapted = adapt_streprogen(document(day("Day A"), day("Monday")))
    assert [s.day for s in adapted.plan.weeks[0].sessions] == [3, 1]
    assert "'Day A' on Wednesday (day 3)" in adapted.notes[0].message


def test_weekday_names_make_no_note() -> None:
    adapted = adapt_streprogen(document(day("Monday"), day("Thursday")))
    assert adapted.notes == ()


def test_a_day_without_a_name_is_assumed() -> None:
    doc = document({"exercises": [static("Bird dog", "3 x 8")]})
    plan = plan_from_streprogen(doc)
    assert plan.weeks[0].sessions[0].day == 1
    assert plan.weeks[0].sessions[0].name is None
    assert plan.metadata["days"] == "assumed"


# Sets, reps and loads ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 x 10 @ 18kg", (3, 10, 18.0)),
        ("3 x 8", (3, 8, None)),
        ("3x8", (3, 8, None)),
        ("  5 X 5  ", (5, 5, None)),
        ("4 \u00d7 12", (4, 12, None)),
        ("3 x 10 @ 17.5 kg", (3, 10, 17.5)),
        ("3 x 10 @ 20", (3, 10, 20.0)),
        ("3 x 10 @ 40lbs", (3, 10, 18.14)),
        ("3 x 10 @ 40 lb", (3, 10, 18.14)),
        ("3 x 10 @ 40 LBS", (3, 10, 18.14)),
    ],
)
def test_sets_reps_text_parses(text: str, expected: tuple[int, int, float | None]) -> None:
    plan = plan_from_streprogen(document(day("Monday", static("Curls", text))))
    assert blocks_of(plan) == [("Curls", *expected)]


def timed_blocks_of(plan: Plan) -> list[tuple[str, int, float | None, float | None]]:
    return [
        (block.exercise, block.sets, block.duration_s, block.load_kg)
        for week in plan.weeks
        for session in week.sessions
        for block in session.blocks
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 minutes", (1, 600, None)),
        ("1 minute", (1, 60, None)),
        ("3 x 30s", (3, 30, None)),
        ("3 x 30 s", (3, 30, None)),
        ("3x45sec", (3, 45, None)),
        ("2 x 1 min", (2, 60, None)),
        ("2 \u00d7 1.5 mins", (2, 90, None)),
        ("30 seconds", (1, 30, None)),
        ("4 x 20 secs", (4, 20, None)),
        ("3 x 30s @ 20kg", (3, 30, 20.0)),
        ("3 x 30s @ 20 lbs", (3, 30, 9.07)),
        ("  5 MINUTES  ", (1, 300, None)),
    ],
)
def test_sets_reps_in_minutes_or_seconds_is_a_timed_block(
    text: str, expected: tuple[int, float, float | None]
) -> None:
    plan = plan_from_streprogen(document(day("Monday", static("Plank", text))))
    assert timed_blocks_of(plan) == [("Plank", *expected)]
    assert plan.weeks[0].sessions[0].blocks[0].reps is None


def test_the_stretching_of_upper_lower_lbs_is_ten_minutes() -> None:
    plan = load_streprogen(EXAMPLES / "upper-lower-lbs.json")
    stretching = plan.weeks[0].sessions[0].blocks[-1]
    assert (stretching.exercise, stretching.sets, stretching.duration_s) == ("Stretching", 1, 600)


@pytest.mark.parametrize(
    "text", ["10", "10 m", "10 hours", "x 30s", "3 x s", "0 minutes", "3 x 0s", "thirty seconds"]
)
def test_unreadable_durations_are_left_out_with_a_note(text: str) -> None:
    doc = document(day("Monday", static("Plank", text), static("Bird dog", "3 x 8")))
    assert unreadable(doc) == ["rendered[0][0].exercises[0].sets_reps"]
    assert [b[0] for b in blocks_of(adapt_streprogen(doc).plan)] == ["Bird dog"]


def test_a_plain_sets_reps_load_takes_the_programs_units() -> None:
    plan = plan_from_streprogen(
        document(day("Monday", static("Curls", "3 x 10 @ 40")), units="lbs")
    )
    assert blocks_of(plan) == [("Curls", 3, 10, 18.14)]


def test_a_sets_reps_unit_overrides_the_programs_units() -> None:
    doc = document(day("Monday", static("Curls", "3 x 10 @ 18kg")), units="lbs")
    assert blocks_of(plan_from_streprogen(doc)) == [("Curls", 3, 10, 18.0)]


@pytest.mark.parametrize("units", ["lbs", "lb", "LBS"])
def test_pound_weights_convert_to_kilograms(units: str) -> None:
    doc = document(day("Monday", dynamic("Squat", [5, 5, 5], [100, 100, 225])), units=units)
    assert blocks_of(plan_from_streprogen(doc)) == [
        ("Squat", 2, 5, 45.36),
        ("Squat", 1, 5, 102.06),
    ]


@pytest.mark.parametrize(
    ("reps", "weights", "expected"),
    [
        ([5, 5, 5], [100, 100, 100], [(3, 5, 100.0)]),
        ([8, 7, 7, 7], [60, 65, 65, 65], [(1, 8, 60.0), (3, 7, 65.0)]),
        # Same reps, different weight: not one block.
        ([5, 5], [100, 102.5], [(1, 5, 100.0), (1, 5, 102.5)]),
        # Equal sets that are not adjacent stay apart.
        ([8, 6, 8], [50, 50, 50], [(1, 8, 50.0), (1, 6, 50.0), (1, 8, 50.0)]),
        # An int and a float of the same weight are the same set.
        ([5, 5], [100, 100.0], [(2, 5, 100.0)]),
    ],
)
def test_runs_of_equal_sets_merge_into_one_block(
    reps: list[int], weights: list[float], expected: list[tuple[int, int, float]]
) -> None:
    plan = plan_from_streprogen(document(day("Monday", dynamic("Squat", reps, weights))))
    assert blocks_of(plan) == [("Squat", *block) for block in expected]


def test_an_exercise_with_no_sets_is_left_out_with_a_note_not_silently() -> None:
    adapted = adapt_streprogen(
        document(day("Monday", dynamic("Deadlift", [], []), dynamic("Squat", [5], [100])))
    )
    assert [b[0] for b in blocks_of(adapted.plan)] == ["Squat"]
    (note,) = [n for n in adapted.notes if n.kind == "unreadable-item"]
    assert note.message.startswith("Cannot judge 'Deadlift': it has empty lists reps and weights")
    assert note.source == "rendered[0][0].exercises[0].reps"


def test_blocks_keep_the_order_of_the_exercises() -> None:
    doc = document(
        day(
            "Monday",
            dynamic("Hip thrust", [8, 8], [60, 60]),
            static("Bird dog", "3 x 8"),
            dynamic("Romanian deadlift", [6], [50]),
        )
    )
    assert [b[0] for b in blocks_of(plan_from_streprogen(doc))] == [
        "Hip thrust",
        "Bird dog",
        "Romanian deadlift",
    ]


def test_the_converted_plan_can_be_checked_and_dumped() -> None:
    from backsafe import dump_plan, load_plan

    plan = load_streprogen(EXAMPLES / "glute-focus-6-week.json")
    assert load_plan(dump_plan(plan)) == plan


# Bad documents and unreadable items --------------------------------------------------


def valid() -> dict[str, Any]:
    return document(
        day("Monday", dynamic("Hip thrust", [8, 8], [60, 60]), static("Bird dog", "3 x 8")),
        day(
            "Wednesday",
            dynamic("Squat", [5], [80]),
            static("Clamshells", "3 x 15"),
            static("Curls", "3 x 10"),
        ),
        weeks=2,
    )


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = valid()
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def test_the_bad_document_fixture_is_valid() -> None:
    adapted = adapt_streprogen(valid())
    assert len(adapted.plan.weeks) == 2
    assert adapted.notes == ()


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (None, ["rendered"]),
        ([], ["rendered"]),
        ("text", ["rendered"]),
        ({}, ["rendered"]),
        ({"rendered": {}}, ["rendered"]),
        ({"program": {}, "rendered": "weeks"}, ["rendered"]),
        ({"program": {"units": "stone"}, "rendered": []}, ["program.units"]),
        (with_change(("rendered", 1), "week"), ["rendered[1]"]),
        (with_change(("rendered", 0, 1), 7), ["rendered[0][1]"]),
        (with_change(("rendered", 0, 1, "exercises"), None), ["rendered[0][1]"]),
        (with_change(("rendered", 0, 1, "name"), 5), ["rendered[0][1].name"]),
        (with_change(("rendered", 0, 1, "name"), "Monday"), ["rendered[0][1].name"]),
        (with_change(("rendered", 0, 1, "name"), "x" * 201), ["rendered[0][1].name"]),
        (with_change(("program", "name"), "x" * 201), ["program.name"]),
    ],
)
def test_malformed_documents_name_the_field_in_the_streprogen_document(
    doc: Any, expected: list[str]
) -> None:
    assert paths(doc) == expected


ITEM = ("rendered", 0, 1, "exercises", 2)
FIRST = ("rendered", 1, 0, "exercises", 0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ((ITEM, "curls"), "rendered[0][1].exercises[2]"),
        (((*ITEM, "name"), 5), "rendered[0][1].exercises[2]"),
        (((*ITEM, "name"), "x" * 201), "rendered[0][1].exercises[2].name"),
        (((*ITEM, "sets_reps"), "three by ten"), "rendered[0][1].exercises[2].sets_reps"),
        (((*ITEM, "sets_reps"), 30), "rendered[0][1].exercises[2].sets_reps"),
        (((*ITEM, "sets_reps"), "3 x 10 @ heavy"), "rendered[0][1].exercises[2].sets_reps"),
        (((*ITEM, "sets_reps"), "-3 x 10"), "rendered[0][1].exercises[2].sets_reps"),
        (((*ITEM, "sets_reps"), "0 x 10"), "rendered[0][1].exercises[2].sets_reps"),
        (((*ITEM, "sets_reps"), "9" * 5000 + " x 10"), "rendered[0][1].exercises[2].sets_reps"),
        (((*FIRST, "reps"), [8]), "rendered[1][0].exercises[0]"),
        (((*FIRST, "weights"), None), "rendered[1][0].exercises[0]"),
        (((*FIRST, "reps"), [8, "8"]), "rendered[1][0].exercises[0].reps[1]"),
        (((*FIRST, "reps"), [True, 8]), "rendered[1][0].exercises[0].reps[0]"),
        (((*FIRST, "reps"), [0, 8]), "rendered[1][0].exercises[0].reps"),
        (((*FIRST, "weights"), [-5, 60]), "rendered[1][0].exercises[0].weights"),
        (((*FIRST, "weights"), [60, "60kg"]), "rendered[1][0].exercises[0].weights[1]"),
        (((*FIRST, "weights"), [10**400, 60]), "rendered[1][0].exercises[0].weights[0]"),
        (((*FIRST, "weights"), [float("nan"), 60]), "rendered[1][0].exercises[0].weights[0]"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_an_unreadable_item_is_left_out_with_a_located_note(
    change: tuple[tuple[Any, ...], Any], expected: str
) -> None:
    doc = with_change(*change)
    assert unreadable(doc) == [expected]
    adapted = adapt_streprogen(doc)
    (note,) = adapted.notes
    week, day_index = change[0][1], change[0][2]
    assert note.location == Location(week + 1, day_index + 1, (1, 3)[day_index], Part.BLOCKS)
    # The rest of the plan is there: one item fewer than the valid document.
    full = adapt_streprogen(valid()).plan
    assert [b[0] for b in blocks_of(adapted.plan)] == [
        b[0]
        for w, week_ in enumerate(full.weeks)
        for s, session in enumerate(week_.sessions)
        for i, b in enumerate(blocks_of_session(session))
        if (w, s, i) != (week, day_index, change[0][4])
    ]


def blocks_of_session(session: Any) -> list[tuple[str]]:
    return [(block.exercise,) for block in session.blocks]


def test_every_unreadable_item_is_reported_at_once() -> None:
    doc = valid()
    doc["rendered"][0][0]["exercises"][1]["sets_reps"] = "lots"
    doc["rendered"][1][1]["exercises"][0]["reps"] = [8, 8]
    doc["rendered"][1][1]["exercises"][2] = 3
    assert unreadable(doc) == [
        "rendered[0][0].exercises[1].sets_reps",
        "rendered[1][1].exercises[0]",
        "rendered[1][1].exercises[2]",
    ]


def test_a_note_names_the_item_and_why() -> None:
    doc = with_change((*ITEM, "sets_reps"), "3 x 10 @ heavy")
    (note,) = adapt_streprogen(doc).notes
    assert note.message.startswith(
        "Cannot judge 'Curls': it has sets_reps '3 x 10 @ heavy', which reads neither"
    )
    assert "left out of the check" in note.message


def test_a_file_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "program.json"
    path.write_text(json.dumps(with_change(("rendered", 0, 0, "name"), 7)))
    for reader in (load_streprogen, read_streprogen):
        with pytest.raises(InputError) as caught:
            reader(path)
        assert caught.value.source == str(path)
        assert "rendered[0][0].name" in str(caught.value)


def test_the_plan_api_refuses_an_unreadable_item_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "program.json"
    path.write_text(json.dumps(with_change(("rendered", 0, 0, "exercises", 1, "sets_reps"), "?")))
    with pytest.raises(InputError) as caught:
        load_streprogen(path)
    assert caught.value.source == str(path)
    assert "rendered[0][0].exercises[1].sets_reps: cannot be read" in str(caught.value)
    assert "read_streprogen" not in str(caught.value)
    assert len(read_streprogen(path).notes) == 1


@pytest.mark.parametrize(
    "source",
    [b"{not json", "{not json", "missing-file.json", "program.yaml", 42],
    ids=["bytes", "text", "missing", "suffix", "int"],
)
def test_unreadable_sources_are_input_errors(source: Any) -> None:
    with pytest.raises(InputError):
        load_streprogen(source)
    with pytest.raises(InputError):
        read_streprogen(source)


def test_a_backsafe_plan_is_not_streprogen_output() -> None:
    plan = {"weeks": [{"sessions": [{"day": 1, "blocks": []}]}]}
    assert paths(plan) == ["rendered"]


def test_a_deeply_nested_day_name_is_an_input_error() -> None:
    assert paths(with_change(("rendered", 0, 0, "name"), deep(1100))) == ["rendered[0][0].name"]


# Pounds ----------------------------------------------------------------------------------


def test_pounds_are_converted_and_the_report_says_so() -> None:
    adapted = read_streprogen(EXAMPLES / "upper-lower-lbs.json")
    squats = adapted.plan.weeks[0].sessions[0].blocks[0]
    raw = read(EXAMPLES / "upper-lower-lbs.json")["rendered"][0][0]["exercises"][0]
    assert squats.load_kg == round(raw["weights"][0] * 0.45359237, 2)
    conversions = [n for n in adapted.notes if n.kind == "converted-units"]
    assert [(n.level, n.source) for n in conversions] == [(Level.INFO, "program.units")]
    assert "pounds" in conversions[0].message


def test_an_item_in_pounds_in_a_kilogram_program_is_noted_once() -> None:
    doc = document(day("Monday", static("Curls", "3 x 10 @ 40lbs")), weeks=3)
    adapted = adapt_streprogen(doc)
    assert [(n.kind, n.source) for n in adapted.notes] == [
        ("converted-units", "rendered[0][0].exercises[0]")
    ]
    assert adapt_streprogen(document(day("Monday", static("Curls", "3 x 10 @ 18kg")))).notes == ()


# The notes reach the report -----------------------------------------------------------------


def test_the_notes_become_findings() -> None:
    import backsafe

    adapted = read_streprogen(EXAMPLES / "upper-lower-lbs.json")
    report = backsafe.check(adapted)
    by_code = {f.code: f for f in report.findings if f.code in ("BS903", "BS904")}
    assert by_code["BS903"].level is Level.CAUTION
    assert "assumed days" in by_code["BS903"].message
    assert by_code["BS904"].level is Level.INFO
    assert by_code["BS904"].message.endswith("(at program.units)")
    same = backsafe.check(adapted.plan, notes=adapted.notes)
    assert same == report
    assert "BS903" not in backsafe.check(adapted.plan).codes


def test_adapted_is_what_read_streprogen_returns() -> None:
    adapted = read_streprogen(EXAMPLES / "readme-8-week.json")
    assert isinstance(adapted, Adapted)
    assert all(isinstance(note, InputNote) for note in adapted.notes)
    assert adapted.plan == load_streprogen(EXAMPLES / "readme-8-week.json")


# Any mutation of a valid document gives a plan or an InputError ------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=mutated(valid(), finite=True))
def test_mutated_documents_give_a_plan_or_an_input_error(doc: Any) -> None:
    try:
        adapted = adapt_streprogen(doc)
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem)
    else:
        assert isinstance(adapted.plan, Plan)
        assert adapted.plan.metadata["source"] == "streprogen"
        for note in adapted.notes:
            assert note.level >= Level.INFO
