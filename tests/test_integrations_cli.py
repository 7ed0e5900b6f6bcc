"""Every shipped streprogen program and wger routine, checked from the command line.

Each sample is real output of the tool (see examples/streprogen and examples/wger); the
expectations say what its report must hold: the verdict, the adapter's notes as findings
(BS903, BS904), the rules the plan itself triggers, and no unknown exercise (BS902).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import EXAMPLES, assert_usage_error, run, run_json, write

STREPROGEN = EXAMPLES / "streprogen"
WGER = EXAMPLES / "wger"

pytestmark = pytest.mark.slow


@cache
def checked(path: Path, input_format: str) -> tuple[int, dict[str, Any], str]:
    """``check --format json`` of a shipped sample, run once per test session."""
    return run_json(path, "--input-format", input_format)


def codes(report: dict[str, Any]) -> set[str]:
    return {finding["code"] for finding in report["findings"]}


def findings(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [finding for finding in report["findings"] if finding["code"] == code]


# name, verdict, exit code, codes that must be there, codes that must not, weeks
STREPROGEN_CASES = [
    ("five-day-split", "modify", 1, {"BS903", "BS703"}, {"BS902", "BS904"}, 3),
    ("full-body-3-day", "caution", 0, set(), {"BS902", "BS903", "BS904", "BS703"}, 6),
    ("glute-focus-6-week", "modify", 1, {"BS703"}, {"BS902", "BS903", "BS904"}, 6),
    ("readme-8-week", "caution", 0, {"BS903"}, {"BS902", "BS904", "BS703"}, 8),
    ("upper-lower-lbs", "caution", 0, {"BS903", "BS904"}, {"BS902", "BS703"}, 4),
]


def test_every_streprogen_example_has_a_case() -> None:
    assert sorted(p.stem for p in STREPROGEN.glob("*.json")) == [c[0] for c in STREPROGEN_CASES]


@pytest.mark.parametrize("case", STREPROGEN_CASES, ids=lambda case: case[0])
def test_streprogen_examples_check_with_their_expected_findings(case: tuple[Any, ...]) -> None:
    name, verdict, exit_code, present, absent, weeks = case
    code, report, stderr = checked(STREPROGEN / f"{name}.json", "streprogen")
    assert stderr == ""
    assert (report["verdict"], code) == (verdict, exit_code)
    assert present <= codes(report), sorted(codes(report))
    assert not absent & codes(report), sorted(absent & codes(report))
    assert {f["location"]["week"] for f in report["findings"] if f["location"]} - {None} >= set(
        range(1, weeks + 1)
    )
    assert not report["errors"]


def test_five_day_split_states_the_days_it_assumed() -> None:
    _, report, _ = checked(STREPROGEN / "five-day-split.json", "streprogen")
    (note,) = findings(report, "BS903")
    assert note["level"] == "caution"
    assert note["location"]["week"] is None  # the whole plan
    for number, weekday in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], 1):
        assert f"'Day {number}' on {weekday} (day {number})" in note["message"]
    # The consecutive glute days are judged on that assumed schedule: Monday's deadlifts,
    # Tuesday's front squats, Wednesday's sumo deadlifts, Thursday's split squats (Friday's
    # good mornings are not glute work in the catalog).
    assert {f["location"]["day"] for f in findings(report, "BS703")} == {2, 3, 4}


def test_upper_lower_lbs_says_its_loads_were_converted() -> None:
    _, report, _ = checked(STREPROGEN / "upper-lower-lbs.json", "streprogen")
    (converted,) = findings(report, "BS904")
    assert converted["level"] == "info"
    assert converted["message"].endswith("(at program.units)")
    assert "pounds" in converted["message"]


def test_a_streprogen_item_that_cannot_be_read_is_a_located_finding(tmp_path: Path) -> None:
    doc = json.loads((STREPROGEN / "glute-focus-6-week.json").read_text(encoding="utf-8"))
    doc["rendered"][2][1]["exercises"][2]["sets_reps"] = "3 x 10 @ heavy"
    code, report, stderr = run_json(
        write(tmp_path, "program.json", doc), "--input-format", "streprogen"
    )
    assert stderr == ""
    (left_out,) = [f for f in findings(report, "BS903") if "Cannot judge" in f["message"]]
    assert left_out["level"] == "caution"
    assert left_out["location"] == {
        "week": 3,
        "session": 2,
        "day": 2,
        "part": "blocks",
        "block": None,
        "exercise": None,
    }
    assert "'Clamshells'" in left_out["message"]
    assert left_out["message"].endswith("(at rendered[2][1].exercises[2].sets_reps)")
    assert code == 1  # the rest of the plan is still judged: BS703 as before


# name, verdict, exit code, codes that must be there, codes that must not, weeks
WGER_CASES = [
    ("glute-builder", "caution", 0, {"BS903", "BS802", "BS401"}, {"BS902", "BS904", "BS801"}, 4),
    ("powerlifting-3-day", "caution", 0, {"BS904", "BS801", "BS901"}, {"BS902", "BS903"}, 4),
]


def test_every_wger_example_has_a_case() -> None:
    names = sorted(p.name.split(".")[0] for p in WGER.glob("*.json"))
    assert names == [c[0] for c in WGER_CASES]


@pytest.mark.parametrize("case", WGER_CASES, ids=lambda case: case[0])
def test_wger_examples_check_with_their_expected_findings(case: tuple[Any, ...]) -> None:
    name, verdict, exit_code, present, absent, weeks = case
    path = WGER / f"{name}.date-sequence-display.json"
    code, report, stderr = checked(path, "wger")
    assert stderr == ""
    assert (report["verdict"], code) == (verdict, exit_code)
    assert present <= codes(report), sorted(codes(report))
    assert not absent & codes(report), sorted(absent & codes(report))
    assert {f["location"]["week"] for f in report["findings"] if f["location"]} - {None} == set(
        range(1, weeks + 1)
    )


def test_the_glute_builders_sets_to_failure_are_located_each_week() -> None:
    path = WGER / "glute-builder.date-sequence-display.json"
    _, report, _ = checked(path, "wger")
    assumed = findings(report, "BS903")
    assert [f["location"]["week"] for f in assumed] == [1, 2, 3, 4]
    for finding in assumed:
        assert finding["location"]["exercise"] == "glute-bridge"
        assert (finding["location"]["day"], finding["location"]["block"]) == (4, 2)
        assert "until failure" in finding["message"]


def test_the_powerlifting_routine_says_its_pounds_were_converted() -> None:
    path = WGER / "powerlifting-3-day.date-sequence-display.json"
    _, report, _ = checked(path, "wger")
    (converted,) = findings(report, "BS904")
    assert "lb" in converted["message"]
    # 225 lb of squats in week 1 are judged as 102.06 kg: no load jump is invented by rounding.
    assert not findings(report, "BS601")


def test_a_wger_routine_can_be_validated_with_its_notes() -> None:
    result = run(
        "validate", "--input-format", "wger", WGER / "glute-builder.date-sequence-display.json"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "plan: 4 weeks, 8 sessions, 40 items"
    assert lines[1] == "exercises: 9 of 9 distinct names resolved"
    assert sum(line.startswith("note (caution): 'Glute Bridge'") for line in lines) == 4


def test_a_backsafe_plan_is_not_a_wger_routine() -> None:
    result = run("check", "--input-format", "wger", EXAMPLES / "plans" / "glute-builder.json")
    assert_usage_error(result, "must be a list of dates")


def test_a_malformed_wger_response_exits_2_with_its_path(tmp_path: Path) -> None:
    doc = json.loads((WGER / "glute-builder.date-sequence-display.json").read_text("utf-8"))
    doc[3]["slots"] = "Glutes B"
    result = run("check", "--input-format", "wger", write(tmp_path, "routine.json", doc))
    assert_usage_error(result, "[3].slots")
