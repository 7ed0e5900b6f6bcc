"""The properties of fix over generated plans (Hypothesis): 1,000 examples each in CI.

The checks themselves are the reusable ones of `backsafe._fix._properties`; this module
draws the inputs. Plans are drawn cheaply (a few weeks of a few sessions, from a list of
risky and friendly exercise names) so that locally the suite stays fast; CI (``CI`` set)
runs 1,000 examples of each property.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backsafe import Block, Plan, Profile, Session, Symptom, Week
from backsafe._fix._properties import (
    assert_closed,
    assert_deterministic,
    assert_idempotent,
    assert_never_worse,
    assert_stable,
)

EXAMPLES = 1000 if os.environ.get("CI") else 25
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

RISKY = (
    "barbell deadlift",
    "romanian deadlift",
    "back squat",
    "jump squat",
    "goblet squat",
    "barbell hip thrust",
    "hip thrust",
    "glute bridge",
    "walking lunge",
    "step-up",
    "good morning",
    "sumo deadlift",
)
OTHER = (
    "bird dog",
    "plank",
    "leg curl",
    "leg extension",
    "calf raise",
    "clamshell",
    "lateral band walk",
    "glute bridge with resistance band",
    "quadruped hip extension",
    "bench press",
)
WARM_UP = ("light cardio", "leg swings", "foam rolling")
COOL_DOWN = ("static stretches", "foam rolling", "light cardio")
UNKNOWN = ("hip trusht", "mystery move")
CUES = ("brace-core", "neutral-spine", "no-lumbar-hyperextension")


@st.composite
def blocks(draw: st.DrawFn, names: tuple[str, ...]) -> Block:
    exercise = draw(st.sampled_from(names))
    timed = draw(st.booleans()) if exercise in ("plank", "light cardio") else False
    return Block(
        exercise=exercise,
        sets=draw(st.integers(1, 5)),
        reps=None if timed else draw(st.integers(1, 15)),
        duration_s=draw(st.sampled_from([30, 60, 300])) if timed else None,
        load_kg=draw(st.none() | st.integers(2, 60).map(lambda n: n * 2.5)),
        cues=draw(st.lists(st.sampled_from(CUES), max_size=2, unique=True)),
        range_of_motion=draw(st.sampled_from([None, "partial", "full", "excessive"])),
    )


MAIN = st.sampled_from(RISKY) | st.sampled_from(OTHER) | st.sampled_from(UNKNOWN)


@st.composite
def sessions(draw: st.DrawFn, day: int) -> Session:
    return Session(
        day=day,
        warm_up=draw(st.lists(blocks(WARM_UP), max_size=2)),
        blocks=draw(st.lists(blocks(RISKY + OTHER + UNKNOWN[:1]), max_size=4)),
        cool_down=draw(st.lists(blocks(COOL_DOWN), max_size=2)),
    )


@st.composite
def weeks(draw: st.DrawFn) -> Week:
    days = draw(st.lists(st.integers(1, 7), unique=True, max_size=5))
    return Week(sessions=[draw(sessions(day)) for day in days])


@st.composite
def fix_plans(draw: st.DrawFn) -> Plan:
    return Plan(
        weeks=draw(st.lists(weeks(), min_size=1, max_size=3)),
        name=draw(st.none() | st.just("Generated")),
        metadata=draw(st.sampled_from([{}, {"generator": "hypothesis", "seed": 7}])),
    )


fix_profiles = st.none() | st.builds(
    Profile,
    experience=st.sampled_from([None, "novice", "intermediate", "advanced"]),
    conditions=st.lists(
        st.sampled_from(["herniated-disc", "previous-back-injury", "degenerative-disc-disease"]),
        max_size=1,
    ),
    equipment=st.none()
    | st.lists(
        st.sampled_from(["body-only", "bands", "dumbbell", "barbell", "machine"]),
        unique=True,
        max_size=3,
    ),
)

fix_symptoms = st.sampled_from(
    [
        (),
        (),
        (Symptom(kind="pain", region="lower-back", intensity=2, worsens_with_activity=False),),
        (Symptom(kind="pain", region="buttock", intensity=5),),
        (Symptom(kind="bladder-dysfunction"),),
    ]
)


@PROPERTY
@given(plan=fix_plans(), profile=fix_profiles, reported=fix_symptoms)
def test_fix_never_makes_a_plan_worse(
    plan: Plan, profile: Profile | None, reported: tuple[Symptom, ...]
) -> None:
    assert_never_worse(plan, profile, reported)


@PROPERTY
@given(plan=fix_plans(), profile=fix_profiles, reported=fix_symptoms, safe=st.booleans())
def test_fix_is_idempotent(
    plan: Plan, profile: Profile | None, reported: tuple[Symptom, ...], safe: bool
) -> None:
    assert_idempotent(plan, profile, reported, safe_only=safe)


@PROPERTY
@given(plan=fix_plans(), profile=fix_profiles, reported=fix_symptoms)
def test_fix_keeps_what_no_finding_touched(
    plan: Plan, profile: Profile | None, reported: tuple[Symptom, ...]
) -> None:
    assert_stable(plan, profile, reported)


@PROPERTY
@given(plan=fix_plans(), profile=fix_profiles)
def test_fix_resolves_every_plan_problem_to_caution_or_better(
    plan: Plan, profile: Profile | None
) -> None:
    assert_closed(plan, profile)


@PROPERTY
@given(plan=fix_plans(), profile=fix_profiles, reported=fix_symptoms, safe=st.booleans())
def test_fix_is_deterministic(
    plan: Plan, profile: Profile | None, reported: tuple[Symptom, ...], safe: bool
) -> None:
    assert_deterministic(plan, profile, reported, safe_only=safe)


@PROPERTY
@given(plan=fix_plans(), profile=fix_profiles, reported=fix_symptoms)
def test_safe_only_never_makes_a_plan_worse(
    plan: Plan, profile: Profile | None, reported: tuple[Symptom, ...]
) -> None:
    assert_never_worse(plan, profile, reported, safe_only=True)
