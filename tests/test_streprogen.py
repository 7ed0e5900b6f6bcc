"""The streprogen adapter: streprogen's ``Program.to_dict()`` output as a backsafe plan."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from backsafe import InputError, Plan
from backsafe._input_error import format_path
from backsafe.adapters.streprogen import load_streprogen, plan_from_streprogen
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
    with pytest.raises(InputError) as caught:
        plan_from_streprogen(doc)
    assert caught.value.problems, "an InputError names at least one problem"
    return [format_path(problem.path) for problem in caught.value.problems]


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


def test_there_are_two_examples() -> None:
    assert [path.name for path in EXAMPLE_FILES] == [
        "glute-focus-6-week.json",
        "readme-8-week.json",
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
                if "sets_reps" in exercise:
                    assert sets == int(exercise["sets_reps"].split("x")[0])
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


def test_a_fifth_unnamed_day_is_refused_at_its_name() -> None:
    assert paths(document(*(day(f"Day {c}") for c in "ABCDE"))) == ["rendered[0][4].name"]


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
        ([], [], []),
    ],
)
def test_runs_of_equal_sets_merge_into_one_block(
    reps: list[int], weights: list[float], expected: list[tuple[int, int, float]]
) -> None:
    plan = plan_from_streprogen(document(day("Monday", dynamic("Squat", reps, weights))))
    assert blocks_of(plan) == [("Squat", *block) for block in expected]


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


# Bad documents -------------------------------------------------------------------------


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
    assert len(plan_from_streprogen(valid()).weeks) == 2


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (None, ["rendered"]),
        ([], ["rendered"]),
        ("text", ["rendered"]),
        ({}, ["rendered"]),
        ({"rendered": {}}, ["rendered"]),
        ({"program": {}, "rendered": "weeks"}, ["rendered"]),
        (with_change(("rendered", 1), "week"), ["rendered[1]"]),
        (with_change(("rendered", 0, 1), 7), ["rendered[0][1]"]),
        (with_change(("rendered", 0, 1, "exercises"), None), ["rendered[0][1]"]),
        (with_change(("rendered", 0, 1, "exercises", 2), "curls"), ["rendered[0][1].exercises[2]"]),
        (
            with_change(("rendered", 0, 1, "exercises", 2, "name"), 5),
            ["rendered[0][1].exercises[2]"],
        ),
        (
            with_change(("rendered", 0, 1, "exercises", 2, "sets_reps"), "three by ten"),
            ["rendered[0][1].exercises[2].sets_reps"],
        ),
        (
            with_change(("rendered", 0, 1, "exercises", 2, "sets_reps"), 30),
            ["rendered[0][1].exercises[2].sets_reps"],
        ),
        (
            with_change(("rendered", 0, 1, "exercises", 2, "sets_reps"), "3 x 10 @ heavy"),
            ["rendered[0][1].exercises[2].sets_reps"],
        ),
        (
            with_change(("rendered", 0, 1, "exercises", 2, "sets_reps"), "-3 x 10"),
            ["rendered[0][1].exercises[2].sets_reps"],
        ),
        (
            with_change(("rendered", 1, 0, "exercises", 0, "reps"), [8]),
            ["rendered[1][0].exercises[0]"],
        ),
        (
            with_change(("rendered", 1, 0, "exercises", 0, "weights"), None),
            ["rendered[1][0].exercises[0]"],
        ),
        (
            with_change(("rendered", 1, 0, "exercises", 0, "reps"), [8, "8"]),
            ["rendered[1][0].exercises[0].reps[1]"],
        ),
        (
            with_change(("rendered", 1, 0, "exercises", 0, "reps"), [True, 8]),
            ["rendered[1][0].exercises[0].reps[0]"],
        ),
    ],
)
def test_bad_documents_name_the_field_in_the_streprogen_document(
    doc: Any, expected: list[str]
) -> None:
    assert paths(doc) == expected


def test_every_problem_is_reported_at_once() -> None:
    doc = valid()
    doc["rendered"][0][0]["exercises"][1]["sets_reps"] = "lots"
    doc["rendered"][1][1]["exercises"][0]["reps"] = [8, 8]
    doc["rendered"][1][1]["exercises"][2] = 3
    assert paths(doc) == [
        "rendered[0][0].exercises[1].sets_reps",
        "rendered[1][1].exercises[0]",
        "rendered[1][1].exercises[2]",
    ]


def test_a_file_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "program.json"
    path.write_text(json.dumps(with_change(("rendered", 0, 0, "exercises", 1, "sets_reps"), "?")))
    with pytest.raises(InputError) as caught:
        load_streprogen(path)
    assert caught.value.source == str(path)
    assert "rendered[0][0].exercises[1].sets_reps" in str(caught.value)


@pytest.mark.parametrize(
    "source",
    [b"{not json", "{not json", "missing-file.json", "program.yaml", 42],
    ids=["bytes", "text", "missing", "suffix", "int"],
)
def test_unreadable_sources_are_input_errors(source: Any) -> None:
    with pytest.raises(InputError):
        load_streprogen(source)


def test_a_backsafe_plan_is_not_streprogen_output() -> None:
    plan = {"weeks": [{"sessions": [{"day": 1, "blocks": []}]}]}
    assert paths(plan) == ["rendered"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ((("rendered", 0, 0, "exercises", 0, "reps"), [0, 8]), "rendered[0][0].exercises[0]"),
        ((("rendered", 0, 0, "exercises", 0, "weights"), [-5, 60]), "rendered[0][0].exercises[0]"),
        ((("rendered", 0, 1, "name"), "Monday"), "rendered[0][1]"),
    ],
    ids=["zero-reps", "negative-weight", "same-weekday"],
)
def test_model_problems_are_located_in_the_streprogen_document(
    change: tuple[tuple[Any, ...], Any], expected: str
) -> None:
    found = paths(with_change(*change))
    assert all(path.startswith(expected) for path in found), found


@pytest.mark.parametrize(
    "change",
    [
        (("rendered", 0, 0, "exercises", 0, "weights"), [10**400, 60]),
        (("rendered", 0, 0, "exercises", 1, "sets_reps"), "9" * 5000 + " x 10"),
        (("rendered", 0, 0, "name"), deep(1100)),
    ],
    ids=["huge-weight", "huge-sets", "deep-day-name"],
)
def test_extreme_values_are_input_errors(change: tuple[tuple[Any, ...], Any]) -> None:
    paths(with_change(*change))


def test_a_bad_weight_is_reported_at_the_weight() -> None:
    doc = with_change(("rendered", 1, 0, "exercises", 0, "weights"), [60, "60kg"])
    assert paths(doc) == ["rendered[1][0].exercises[0].weights[1]"]


# Any mutation of a valid document gives a plan or an InputError ------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=mutated(valid(), finite=True))
def test_mutated_documents_give_a_plan_or_an_input_error(doc: Any) -> None:
    try:
        plan = plan_from_streprogen(doc)
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem)
    else:
        assert isinstance(plan, Plan)
        assert plan.metadata["source"] == "streprogen"
