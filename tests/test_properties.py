"""Properties of check over generated inputs (Hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backsafe import Plan, Profile, Symptom, SymptomKind, check
from backsafe.output import report_to_dict
from backsafe.report import Level
from backsafe.testing.strategies import plans, profiles, symptoms

RED_FLAGS = [
    Symptom(kind="bladder-dysfunction"),
    Symptom(kind="bowel-dysfunction"),
    Symptom(kind="saddle-anaesthesia"),
    Symptom(kind="numbness", region="legs"),
    Symptom(kind="weakness", region="left-leg", progressive=True),
    Symptom(kind="tingling", region="right-leg"),
    Symptom(kind="pain", region="lower-back", intensity=8, improves_with_rest=False),
    Symptom(kind="numbness", region="buttock", side="both"),
    Symptom(kind="tingling", region="saddle-area"),
    Symptom(kind="pain", region="thigh-back", side="both", intensity=2, radiating=True),
    Symptom(kind="pain", region="lower-back", intensity=2, onset="after-significant-trauma"),
    Symptom(kind="fever"),
    Symptom(kind="unexplained-weight-loss"),
    Symptom(kind="pain", region="lower-back", intensity=3, worse_at_night=True),
]


@given(plan=plans(), profile=st.none() | profiles(), reported=st.lists(symptoms(), max_size=3))
def test_check_never_raises_and_is_deterministic(
    plan: Plan, profile: Profile | None, reported: list[Symptom]
) -> None:
    first = check(plan, profile, reported)
    second = check(plan, profile, reported)
    assert report_to_dict(first) == report_to_dict(second)
    assert first.complete
    keys = [f.sort_key() for f in first.findings]
    assert keys == sorted(keys)


@given(
    plan=plans(),
    profile=st.none() | profiles(),
    reported=st.lists(symptoms(), max_size=3),
    red_flag=st.sampled_from(RED_FLAGS),
)
def test_a_red_flag_never_lowers_the_verdict(
    plan: Plan, profile: Profile | None, reported: list[Symptom], red_flag: Symptom
) -> None:
    before = check(plan, profile, reported).verdict
    after = check(plan, profile, [*reported, red_flag]).verdict
    assert after >= before
    assert after >= Level.REFER


@given(plan=plans(), reported=st.lists(symptoms(), min_size=1, max_size=3))
def test_a_reported_symptom_is_never_ok(plan: Plan, reported: list[Symptom]) -> None:
    """Any symptom but pain rated 0 takes the verdict to at least modify."""
    felt = [s for s in reported if not (s.kind is SymptomKind.PAIN and s.intensity == 0)]
    verdict = check(plan, None, reported).verdict
    if felt:
        assert verdict >= Level.MODIFY


@given(
    plan=plans(safe=True),
    profile=st.none()
    | st.builds(Profile, experience=st.sampled_from(["novice", "intermediate", "advanced", None])),
)
def test_no_false_alarms_for_plans_built_as_the_guide_recommends(
    plan: Plan, profile: Profile | None
) -> None:
    report = check(plan, profile)
    assert report.verdict <= Level.CAUTION, [
        (f.code, f.message) for f in report.at_least(Level.MODIFY)
    ]
