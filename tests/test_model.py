"""The model validates however an object is built, and holds plain, hashable values."""

from __future__ import annotations

import math

import attrs
import pytest

from backsafe import (
    Block,
    Condition,
    InputError,
    Plan,
    Profile,
    RangeOfMotion,
    Session,
    Symptom,
    SymptomKind,
    Week,
)


def test_attribute_names_are_the_format_field_names() -> None:
    plan = Plan(
        weeks=[
            Week(sessions=[Session(day=1, blocks=[Block(exercise="plank", sets=3, duration_s=30)])])
        ]
    )
    assert plan.weeks[0].sessions[0].blocks[0].sets == 3


def test_constructor_accepts_lists_and_enum_values() -> None:
    block = Block(exercise="squat", sets=3, reps=5, cues=["brace-core"], range_of_motion="full")
    assert block.cues == ("brace-core",)
    assert block.range_of_motion is RangeOfMotion.FULL
    profile = Profile(conditions=["herniated-disc"], equipment=["bands"])
    assert profile.conditions == (Condition.HERNIATED_DISC,)


def test_objects_are_frozen_slotted_and_hashable() -> None:
    block = Block(exercise="squat", sets=3, reps=5, metadata={"id": 1})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        block.sets = 4  # type: ignore[misc]
    assert not hasattr(block, "__dict__")
    assert hash(block) == hash(Block(exercise="squat", sets=3, reps=5, metadata={"id": 2}))
    assert block != Block(exercise="squat", sets=3, reps=5, metadata={"id": 2})


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"sets": 0, "reps": 5}, "sets: must be >= 1, got 0"),
        ({"sets": True, "reps": 5}, "sets: must be a whole number, got true"),
        ({"sets": "3", "reps": 5}, 'sets: must be a whole number, got "3"'),
        ({"sets": 3, "reps": 5, "load_kg": math.nan}, "load_kg: must be a finite number, got NaN"),
        ({"sets": 3, "reps": 5, "load_kg": -1}, "load_kg: must be >= 0, got -1"),
        ({"sets": 3, "reps": 5, "rpe": 11}, "rpe: must be <= 10, got 11"),
        ({"sets": 3, "duration_s": 0}, "duration_s: must be > 0, got 0"),
        ({"sets": 3}, "must have exactly one of reps or duration_s, not neither"),
        (
            {"sets": 3, "reps": 5, "duration_s": 30},
            "must have exactly one of reps or duration_s, not both",
        ),
        (
            {"sets": 3, "reps": 5, "range_of_motion": "huge"},
            "range_of_motion: must be one of 'partial', 'full', 'excessive', got \"huge\"",
        ),
        ({"sets": 3, "reps": 5, "cues": ["ok", ""]}, "cues[1]: must not be empty"),
        (
            {"sets": 3, "reps": 5, "metadata": {"a": [1, {"b": math.inf}]}},
            "metadata.a[1].b: must be a finite number, got Infinity",
        ),
    ],
)
def test_constructor_rejects_bad_values_naming_the_field(
    kwargs: dict[str, object], expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        Block(exercise="squat", **kwargs)  # type: ignore[arg-type]
    assert expected in str(caught.value)


def test_whole_floats_are_read_as_integers() -> None:
    assert Block(exercise="squat", sets=3.0, reps=5).sets == 3  # type: ignore[arg-type]
    with pytest.raises(InputError, match="sets: must be a whole number, got 3.5"):
        Block(exercise="squat", sets=3.5, reps=5)  # type: ignore[arg-type]


def test_days_are_unique_within_a_week() -> None:
    with pytest.raises(InputError, match=r"sessions\[1\]\.day: must be unique"):
        Week(sessions=[Session(day=2), Session(day=2)])


def test_a_plan_may_have_no_weeks_but_needs_the_field() -> None:
    """A plan of no weeks is a symptoms-only check; the field itself is still required."""
    assert Plan(weeks=[]).weeks == ()
    with pytest.raises(TypeError):
        Plan()  # type: ignore[call-arg]


def test_pain_needs_an_intensity() -> None:
    with pytest.raises(InputError, match="intensity: is required when kind is 'pain'"):
        Symptom(kind="pain")  # type: ignore[arg-type]
    assert Symptom(kind=SymptomKind.NUMBNESS).intensity is None


def test_input_error_is_a_value_error_and_pickles() -> None:
    import pickle

    with pytest.raises(ValueError, match="sets") as caught:
        Block(exercise="squat", sets=0, reps=1)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, InputError)
    assert copy.problems == caught.value.problems


def test_profile_weeks_of_pregnancy_and_after_birth() -> None:
    from backsafe import InputError, load_profile
    from backsafe.facts import ProfileFacts

    profile = load_profile({"pregnancy_week": 30, "conditions": ["osteoporosis"]})
    facts = ProfileFacts.of(profile)
    # The week states the pregnancy, after the conditions the profile lists.
    assert facts.listed == ("osteoporosis", "pregnancy")
    assert facts.conditions == {"osteoporosis", "pregnancy"}
    assert facts.pregnancy_week == 30
    assert ProfileFacts.of(Profile(weeks_postpartum=4)).listed == ("postpartum",)
    assert ProfileFacts.of(Profile(conditions=["pregnancy"])).pregnancy_week is None
    with pytest.raises(InputError, match=r"pregnancy_week: must be <= 45, got 46"):
        load_profile({"pregnancy_week": 46})
    with pytest.raises(InputError, match=r"weeks_postpartum: must be >= 0, got -1"):
        load_profile({"weeks_postpartum": -1})
