"""Loading documents: every source kind, and every kind of bad input as one precise error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import backsafe
from backsafe import InputError, Plan, load_plan, load_profile, load_symptoms
from backsafe._serde import MAX_DOCUMENT_BYTES

EXAMPLES = Path(__file__).parent.parent / "examples"


def block(**extra: Any) -> dict[str, Any]:
    return {"exercise": "barbell hip thrust", "sets": 3, "reps": 10, **extra}


def plan_with(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"weeks": [{"sessions": [{"day": 1, "blocks": list(blocks)}]}]}


def problems(source: Any, loader: Any = load_plan) -> list[str]:
    with pytest.raises(InputError) as caught:
        loader(source)
    return [str(p) for p in caught.value.problems]


def test_the_design_example_loads() -> None:
    plan = load_plan(EXAMPLES / "plans" / "design-example.json")
    block = plan.weeks[0].sessions[0].blocks[0]
    assert (block.exercise, block.sets, block.reps, block.load_kg) == (
        "barbell hip thrust",
        3,
        10,
        60,
    )
    assert plan.weeks[0].sessions[0].warm_up[0].duration_s == 300


def test_sources_dict_text_bytes_and_paths(tmp_path: Path) -> None:
    data = plan_with(block())
    expected = load_plan(data)
    text = json.dumps(data)
    (tmp_path / "p.json").write_text(text)
    (tmp_path / "p.toml").write_text(
        "[[weeks]]\n[[weeks.sessions]]\nday = 1\n"
        '[[weeks.sessions.blocks]]\nexercise = "barbell hip thrust"\nsets = 3\nreps = 10\n'
    )
    assert load_plan(text) == expected
    assert load_plan("  \n" + text) == expected
    assert load_plan(text.encode()) == expected
    assert load_plan(bytearray(text.encode())) == expected
    assert load_plan(tmp_path / "p.json") == expected
    assert load_plan(str(tmp_path / "p.json")) == expected
    assert load_plan(tmp_path / "p.toml") == expected


def test_the_issue_example_message() -> None:
    weeks = [
        plan_with(block())["weeks"][0],
        {"sessions": [{"day": 2, "blocks": [block(), block(), block(reps=-3)]}]},
    ]
    assert problems({"weeks": weeks}) == [
        "weeks[1].sessions[0].blocks[2].reps: must be >= 1, got -3"
    ]


def test_every_problem_is_listed_at_once() -> None:
    found = problems(
        {
            "weeks": [
                {
                    "sessions": [
                        {
                            "day": 1,
                            "blocks": [block(sets="three"), block(reps=True, load_kg=10**40)],
                        }
                    ]
                },
                {"sessions": [{"day": 9, "warm_up": "none", "oops": 1}]},
                {"sessions": [{"blocks": [{"sets": 3, "reps": 1}]}]},
            ],
            "extra": 1,
        }
    )
    assert found == [
        'weeks[0].sessions[0].blocks[0].sets: must be a whole number, got "three"',
        "weeks[0].sessions[0].blocks[1].reps: must be a whole number, got true",
        "weeks[0].sessions[0].blocks[1].load_kg: must be <= 1000, got a number with 41 digits",
        "weeks[1].sessions[0].day: must be <= 7, got 9",
        'weeks[1].sessions[0].warm_up: must be a list, got "none"',
        "weeks[1].sessions[0].oops: is not a known field (known: day, name, warm_up, blocks, cool_down, metadata)",
        "weeks[2].sessions[0].day: is required",
        "weeks[2].sessions[0].blocks[0].exercise: is required",
        "extra: is not a known field (known: weeks, name, metadata)",
    ]


@pytest.mark.parametrize(
    ("bad_block", "expected"),
    [
        (
            block(duration_s=30),
            "weeks[0].sessions[0].blocks[0]: must have exactly one of reps or duration_s, not both",
        ),
        (
            {"exercise": "plank", "sets": 3},
            "weeks[0].sessions[0].blocks[0]: must have exactly one of reps or duration_s, not neither",
        ),
        (
            block(load_kg=float("nan")),
            "weeks[0].sessions[0].blocks[0].load_kg: must be a finite number, got NaN",
        ),
        (
            block(rpe=float("inf")),
            "weeks[0].sessions[0].blocks[0].rpe: must be a finite number, got Infinity",
        ),
        (
            block(exercise="x" * 100_000),
            "weeks[0].sessions[0].blocks[0].exercise: must be at most 200 characters",
        ),
        (
            block(exercise="a\x00b"),
            "weeks[0].sessions[0].blocks[0].exercise: must not contain control characters",
        ),
        (
            block(cues="brace-core"),
            'weeks[0].sessions[0].blocks[0].cues: must be a list, got "brace-core"',
        ),
        (
            block(sets=[3]),
            "weeks[0].sessions[0].blocks[0].sets: must be a whole number, got a list of 1",
        ),
        (block(sets=None), "weeks[0].sessions[0].blocks[0].sets: must be a whole number, got null"),
        ([1, 2], "weeks[0].sessions[0].blocks[0]: must be an object, got a list of 2"),
    ],
)
def test_block_problems(bad_block: Any, expected: str) -> None:
    found = next(p for p in problems(plan_with(bad_block)) if p.startswith(expected[:30]))
    assert found.startswith(expected)


def test_duplicate_days_name_the_second_session() -> None:
    data = {"weeks": [{"sessions": [{"day": 3}, {"day": 3}]}]}
    assert problems(data) == [
        "weeks[0].sessions[1].day: must be unique (item [0] has the same day), got 3"
    ]


def test_metadata_is_kept_as_it_is_and_may_hold_anything_json() -> None:
    metadata = {"generator": {"name": "g", "seed": 7, "tags": [1, "a", None, True, 1.5]}}
    plan = load_plan({**plan_with(block(metadata={"id": "b1"})), "metadata": metadata})
    assert plan.metadata == metadata
    assert plan.weeks[0].sessions[0].blocks[0].metadata == {"id": "b1"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"weeks": [1,]}', "(document): is not valid JSON: Expecting value at line 1, column 14"),
        ('{"weeks":\n  [NaN]}', "(document): is not valid JSON: NaN is not a number JSON allows"),
        (
            '{"weeks": [Infinity]}',
            "(document): is not valid JSON: Infinity is not a number JSON allows",
        ),
        (
            '{"weeks": [-Infinity]}',
            "(document): is not valid JSON: -Infinity is not a number JSON allows",
        ),
        ("[" * 5000 + "]" * 5000, "(document): is not usable JSON: it nests too deeply"),
        ("", "(document): must be a dict or list, JSON text or bytes, or a path"),
    ],
)
def test_malformed_json(text: str, expected: str) -> None:
    if text:
        assert problems(text.encode())[0].startswith(expected)
    else:
        assert problems(Path("plan.yaml"))[0].startswith("(document): has an unsupported file type")


def test_malformed_toml_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("[[weeks]]\nsessions = [1,,]\n")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert caught.value.source == str(path)
    assert "is not valid TOML" in str(caught.value)
    assert "line 2, column 15" in str(caught.value)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    assert problems(tmp_path / "missing.json") == [
        "(document): cannot be read: No such file or directory"
    ]
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe\x00")
    assert problems(tmp_path / "bad.json")[0].startswith("(document): is not valid")
    assert problems(42)[0].startswith("(document): must be a dict or list")


def test_oversized_documents_are_refused_before_parsing() -> None:
    assert problems(b" " * (MAX_DOCUMENT_BYTES + 1))[0].startswith("(document): is too large")


def test_error_names_the_source_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_with(block(sets=0))))
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert str(caught.value).splitlines() == [
        f"invalid input in {path}: 1 problem",
        "  weeks[0].sessions[0].blocks[0].sets: must be >= 1, got 0",
    ]


def test_profile_and_symptoms() -> None:
    profile = load_profile(
        {
            "age": 34,
            "experience": "novice",
            "conditions": ["herniated-disc"],
            "equipment": ["bands", "dumbbell"],
        }
    )
    assert profile.age == 34
    assert problems({"experience": "expert"}, load_profile) == [
        "experience: must be one of 'novice', 'intermediate', 'advanced', got \"expert\""
    ]
    pain = {
        "kind": "pain",
        "region": "lower-back",
        "intensity": 3,
        "duration_days": 2,
        "worsens_with_activity": False,
        "improves_with_rest": True,
        "interferes_with_daily_activities": False,
    }
    assert load_symptoms([pain])[0].intensity == 3
    assert load_symptoms({"symptoms": [pain]}) == load_symptoms([pain])
    assert problems({"symptoms": [{"kind": "pain"}]}, load_symptoms) == [
        "symptoms[0].intensity: is required when kind is 'pain'"
    ]
    assert problems([{"kind": "itch"}], load_symptoms)[0].startswith("[0].kind: must be one of")
    assert problems([pain] * 101, load_symptoms) == [
        "(document): must list at most 100 symptoms, got a list of 101"
    ]


def test_dump_omits_defaults_and_round_trips() -> None:
    data = plan_with(block(range_of_motion="full", cues=["brace-core"]))
    plan = load_plan(data)
    assert backsafe.dump_plan(plan) == data
    assert load_plan(backsafe.dump_plan(plan)) == plan
    assert isinstance(plan, Plan)


def test_null_is_the_same_as_absent_for_optional_fields() -> None:
    assert load_plan(plan_with(block(load_kg=None, rpe=None))) == load_plan(plan_with(block()))
