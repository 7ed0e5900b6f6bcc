"""The plan side of clinical screening (issue 8): names, weeks, frequency, populations.

The vignettes (tests/vignettes/) hold the clinical cases; these tests pin the mechanisms
behind them: the catalog's risk data and presumptions, the "did you mean" filter, the load
series per movement, the percentages shown, the glute-session facts and the week limits of
the special-population rules.
"""

from __future__ import annotations

import copy
import re
import sys
from typing import Any

import pytest

import backsafe
from backsafe import Block, Plan, Profile, Session, Week
from backsafe._data import rules_dir
from backsafe.catalog import Catalog, Loading, Pattern, Risk, default_catalog
from backsafe.catalog._load import CatalogDataError, build_catalog, load_database
from backsafe.kinds._plan import percent_rise
from backsafe.report import Action

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


# --- the catalog's spinal loading risks -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "risk"),
    [
        ("Jefferson curl", Risk.LOADED_FLEXION),
        ("good morning", Risk.LOADED_FLEXION),
        ("sit-up", Risk.LOADED_FLEXION),
        ("kettlebell swing", Risk.BALLISTIC),
        ("power clean", Risk.BALLISTIC),
        ("bent-over row", Risk.BENT_OVER),
        ("Pendlay row", Risk.BENT_OVER),
        ("Bent Over Two-Dumbbell Row", Risk.BENT_OVER),
        ("farmer's walk", Risk.HEAVY_CARRY),
        ("back extension", Risk.LOADED_EXTENSION),
        ("reverse hyperextension", Risk.LOADED_EXTENSION),
        ("glute bridge", Risk.SUPINE),
        ("glute bridge with resistance band", Risk.SUPINE),
        ("dead bug", Risk.SUPINE),
        ("dumbbell bench press", Risk.SUPINE),
        ("jump squat", Risk.IMPACT),
    ],
)
def test_exercises_carry_their_spinal_loading_risks(
    catalog: Catalog, name: str, risk: Risk
) -> None:
    exercise = catalog.lookup(name)
    assert exercise is not None, name
    assert risk in exercise.risks


@pytest.mark.parametrize(
    "name", ["hip thrust", "barbell hip thrust", "deadlift", "lat pulldown", "plank", "bird dog"]
)
def test_exercises_without_those_risks(catalog: Catalog, name: str) -> None:
    exercise = catalog.lookup(name)
    assert exercise is not None
    assert exercise.risks == (), name


def test_database_entries_take_the_risks_of_their_pattern_and_family(catalog: Catalog) -> None:
    by_pattern = {
        Pattern.SPINAL_FLEXION: Risk.LOADED_FLEXION,
        Pattern.OLYMPIC_LIFT: Risk.BALLISTIC,
        Pattern.CARRY: Risk.HEAVY_CARRY,
        Pattern.SPINAL_EXTENSION: Risk.LOADED_EXTENSION,
        Pattern.JUMP: Risk.IMPACT,
    }
    for exercise in catalog:
        if exercise.source == "free-exercise-db" and exercise.pattern in by_pattern:
            assert by_pattern[exercise.pattern] in exercise.risks, exercise.id
        if exercise.source == "free-exercise-db" and exercise.family:
            family = catalog.get(exercise.family)
            assert set(family.risks) <= set(exercise.risks), exercise.id


def test_risky_and_riskier(catalog: Catalog) -> None:
    bridge = catalog.get("glute-bridge")
    banded = catalog.get("glute-bridge-with-resistance-band")
    assert bridge.risky  # supine
    assert not banded.risky  # the guide's back-friendly exercises never are
    assert not catalog.get("bird-dog").risky
    assert catalog.get("goblet-squat").risky  # moderate loading
    deadlift, goblet = catalog.get("deadlift"), catalog.get("goblet-squat")
    assert deadlift.riskier_than(goblet)
    assert not goblet.riskier_than(deadlift)
    # A risk the other lacks makes an exercise riskier, whatever the loading class.
    assert catalog.get("jefferson-curl").riskier_than(goblet)
    assert not goblet.riskier_than(goblet)


def _documents() -> tuple[dict[str, Any], dict[str, Any]]:
    folder = rules_dir()
    with (folder / "exercises.toml").open("rb") as curated:
        first = tomllib.load(curated)
    with (folder / "free_exercise_db.toml").open("rb") as classification:
        second = tomllib.load(classification)
    return first, second


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("bad curated risk", "exercise[0].risks[0]: 'wobbly' is not one of loaded-flexion"),
        ("bad table risk", "risk[0].risks[0]: 'wobbly' is not one of"),
        ("unknown risk name", "is not a database name, or is a curated exercise's"),
        ("curated risk name", "is not a database name, or is a curated exercise's"),
        ("risk table names nothing", "risk[0]: names no entries"),
    ],
)
def test_wrong_risk_data_is_refused_with_its_place(change: str, message: str) -> None:
    curated, classification = copy.deepcopy(_documents())
    risk = classification["risk"][0]
    if change == "bad curated risk":
        curated["exercise"][0]["risks"] = ["wobbly"]
    elif change == "bad table risk":
        risk["risks"] = ["wobbly"]
    elif change == "unknown risk name":
        risk["names"] = ["Barbell Moon Squat"]
    elif change == "curated risk name":
        risk["names"] = ["Barbell Hip Thrust"]
    elif change == "risk table names nothing":
        del risk["patterns"]
    with pytest.raises(CatalogDataError, match=re.escape(message)):
        build_catalog(curated, classification, load_database())


# --- names the catalog cannot resolve -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "presumed"),
    [
        ("Romanian Deadlift w/ DBs", "romanian-deadlift"),
        ("romanain deadlfit", "romanian-deadlift"),
        ("deadlfit", "deadlift"),
        ("trap bar deadlfit", "trap-bar-deadlift"),
        ("hip trusht", "hip-thrust"),
        ("glute brdige", "glute-bridge"),  # supine: a risk for some
        ("frog pump", None),  # closest is "Frog Hops", but not closely enough
        ("cossack squat", None),  # "Squat" only scores 0.45
        ("side plnk", None),  # a close match, but the side plank is not risky
        ("clamshel with band", None),  # back-friendly: never presumed
        ("deadlift", None),  # resolves: nothing to presume
    ],
)
def test_presume(catalog: Catalog, name: str, presumed: str | None) -> None:
    found = catalog.presume(name)
    assert (found.id if found else None) == presumed


def _one_block(name: str, **block: Any) -> Plan:
    return Plan(
        weeks=[
            Week(sessions=[Session(day=1, blocks=[Block(exercise=name, sets=3, reps=8, **block)])])
        ]
    )


def _finding(report: backsafe.Report, code: str) -> backsafe.Finding:
    return next(finding for finding in report.findings if finding.code == code)


def test_a_presumed_exercise_is_judged_and_said_so() -> None:
    report = backsafe.check(_one_block("romanain deadlfit"), {"conditions": ["herniated-disc"]})
    assert {"BS201", "BS402", "BS502", "BS905"} <= set(report.codes)
    unknown = _finding(report, "BS905")
    assert "It is judged as Romanian deadlift (spinal loading high)" in unknown.message
    assert "with a herniated disc" in unknown.message
    assert unknown.location is not None
    assert unknown.location.exercise == "romanain deadlfit"
    assert _finding(report, "BS201").location == unknown.location


def test_a_presumption_is_no_core_or_muscle_work() -> None:
    checker = backsafe.checker()
    facts = checker.exercise("back extnsion")  # presumed a back extension (core, moderate)
    assert facts.exercise is None
    assert facts.judged_as is not None
    assert facts.judged_as.id == "back-extension"
    assert facts.strength
    assert not facts.core
    assert facts.muscles == 0


def test_did_you_mean_never_proposes_a_riskier_exercise() -> None:
    name = "bodyweight sqaut"  # closest: Bodyweight squat (low), then Jump squat (high)
    closest = default_catalog().resolve(name).suggestions
    assert closest[:2] == ("bodyweight-squat", "jump-squat")
    unknown = _finding(backsafe.check(_one_block(name)), "BS902")
    proposed = [s.exercise for s in unknown.suggestions]
    assert proposed[0] == "bodyweight-squat"
    assert "jump-squat" not in proposed  # high loading, impact
    assert "glute-bridge" not in proposed  # supine, which a squat is not
    assert all(s.action is Action.REPLACE_EXERCISE for s in unknown.suggestions)
    assert "Jump squat" not in unknown.message


def test_did_you_mean_respects_the_profiles_equipment() -> None:
    name = "bulgarian split sqaut"
    everything = _finding(backsafe.check(_one_block(name)), "BS902")
    assert "split-squat-with-dumbbells" not in [s.exercise for s in everything.suggestions]
    proposed = {s.exercise for s in everything.suggestions}
    assert "fedb-split-squat-with-dumbbells" in proposed
    bands_only = _finding(backsafe.check(_one_block(name), Profile(equipment=["bands"])), "BS902")
    kept = {s.exercise for s in bands_only.suggestions}
    assert "fedb-split-squat-with-dumbbells" not in kept
    catalog = default_catalog()
    for exercise_id in kept:
        equipment = catalog.get(exercise_id).equipment
        assert not equipment or {"body-only", "bands"} & {e.value for e in equipment}


def test_an_unknown_name_is_at_least_modify_when_risk_matters() -> None:
    plan = _one_block("Dragon flag")
    assert _finding(backsafe.check(plan), "BS902").level == "caution"
    for profile, symptoms in (
        ({"conditions": ["herniated-disc"]}, []),
        ({"conditions": ["previous-back-injury"]}, []),
        ({"conditions": ["a-condition-no-pack-knows"]}, []),
        ({"pregnancy_week": 20}, []),
        (None, [{"kind": "pain", "intensity": 1, "worsens_with_activity": False}]),
    ):
        report = backsafe.check(plan, profile, symptoms)
        assert "BS905" in report.codes, (profile, symptoms)
        assert "BS902" not in report.codes
        assert report.verdict >= backsafe.Level.MODIFY
    # Pain rated 0 is no pain.
    report = backsafe.check(plan, None, [{"kind": "pain", "intensity": 0}])
    assert "BS902" in report.codes


# --- loads: per movement, deload-proof, the smallest practical step ---------------------------


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        (60, 66.2, "10.3"),
        (50, 55.02, "10.04"),
        (50, 55.5, "11"),
        (100, 110.0000001, "more than 10"),
        (5e-324, 10, "more than 1,000,000"),
    ],
)
def test_percent_rise_is_shown_above_the_limit(before: float, after: float, shown: str) -> None:
    assert percent_rise(before, after, 10) == shown


def _weeks(*blocks: Block | None) -> Plan:
    weeks = []
    for block in blocks:
        week_blocks = [] if block is None else [block]
        weeks.append(Week(sessions=[Session(day=1, blocks=week_blocks)]))
    return Plan(weeks=weeks)


def _thrust(load: float | None, name: str = "barbell hip thrust", reps: int = 10) -> Block:
    return Block(exercise=name, sets=3, reps=reps, load_kg=load, cues=("brace-core",))


def test_load_series_are_kept_per_movement() -> None:
    checker = backsafe.checker()
    plan = _weeks(_thrust(None, "single-leg hip thrust"), _thrust(40), _thrust(42, "hip thrust"))
    assert backsafe.check(plan, select=["BS6"]).codes == ()
    facts = checker._walk(  # the walk's facts, as the rules see them
        backsafe.engine.Context(plan, None, (), checker.library)
    )
    assert list(facts.loads) == ["hip-thrust"]
    assert [point.load_kg for point in facts.loads["hip-thrust"]] == [40, 42]
    assert facts.body_weight == {"hip-thrust": 1}  # body-weight work first in week 1


def test_a_jump_message_names_the_variant_and_the_percentage() -> None:
    report = backsafe.check(_weeks(_thrust(60), _thrust(66.2, "hip thrust")), select=["BS601"])
    message = _finding(report, "BS601").message
    assert "from 60 kg (week 1, Barbell hip thrust) to 66.2 kg, +10.3%" in message
    suggestion = _finding(report, "BS601").suggestions[0]
    assert suggestion.load_kg == 66  # never a limit that would itself be a jump


def test_a_deload_is_not_the_baseline_but_a_long_series_moves_on() -> None:
    def codes(*loads: float) -> tuple[str, ...]:
        return backsafe.check(_weeks(*(_thrust(x) for x in loads)), select=["BS601"]).codes

    assert codes(60, 50, 60) == ()
    assert codes(60, 50, 50, 50, 50, 60) == ("BS601",)  # 60 kg is 5 weeks back
    assert codes(20, 22.5, 25, 27.5) == ()  # the smallest practical step, every week


def test_a_first_load_counts_body_weight_and_zero_alike() -> None:
    def codes(first: Block, second: Block) -> tuple[str, ...]:
        return backsafe.check(_weeks(first, second), select=["BS60"]).codes

    assert codes(_thrust(None), _thrust(60, reps=5)) == ("BS604",)
    assert codes(_thrust(0), _thrust(60, reps=5)) == ("BS604",)
    assert codes(_thrust(None), _thrust(60, reps=8)) == ()
    # The plan's own first week is its starting point: nothing to compare with.
    assert backsafe.check(_weeks(_thrust(100, reps=3)), select=["BS60"]).codes == ()
    timed = Block(exercise="farmer's walk", sets=3, duration_s=30, load_kg=40)
    walk = Block(exercise="farmer's walk", sets=3, duration_s=30)
    report = backsafe.check(_weeks(walk, timed), select=["BS604"])
    assert "for a timed set" in _finding(report, "BS604").message


# --- glute sessions are working sets --------------------------------------------------------


def test_warm_up_drills_do_not_make_a_glute_session() -> None:
    drill = Block(exercise="glute bridge with resistance band", sets=1, reps=10)
    upper = Block(exercise="push-up", sets=3, reps=10)
    plan = Plan(
        weeks=[
            Week(
                sessions=[
                    Session(day=1, warm_up=[drill], blocks=[upper]),
                    Session(day=2, blocks=[drill]),
                ]
            )
        ]
    )
    checker = backsafe.checker()
    facts = checker._walk(backsafe.engine.Context(plan, None, (), checker.library))
    first, second = facts.weeks[0].sessions
    assert not first.glute
    assert second.glute
    assert facts.weeks[0].glute_sessions == 1
    assert facts.weeks[0].glute_sets == 1


# --- week limits of the special-population rules --------------------------------------------


@pytest.mark.parametrize(("week", "reported"), [(0, False), (13, False), (14, True), (40, True)])
def test_supine_rule_starts_at_the_second_trimester(week: int, reported: bool) -> None:
    report = backsafe.check(_one_block("glute bridge"), {"pregnancy_week": week}, select=["BS205"])
    assert ("BS205" in report.codes) is reported


@pytest.mark.parametrize(("weeks", "reported"), [(0, True), (11, True), (12, False), (52, False)])
def test_impact_rule_ends_at_twelve_weeks(weeks: int, reported: bool) -> None:
    report = backsafe.check(_one_block("jump squat"), {"weeks_postpartum": weeks}, select=["BS208"])
    assert ("BS208" in report.codes) is reported


def test_a_substitute_never_breaks_another_condition_rule() -> None:
    """A pregnant person's deadlift is not swapped for a supine bridge."""
    report = backsafe.check(_one_block("barbell deadlift"), {"pregnancy_week": 30})
    heavy = _finding(report, "BS206")
    proposed = [s.exercise for s in heavy.suggestions]
    assert "glute-bridge-with-resistance-band" not in proposed
    assert proposed[0] == "quadruped-hip-extension"
    early = _finding(backsafe.check(_one_block("barbell deadlift"), {"pregnancy_week": 8}), "BS206")
    assert "glute-bridge-with-resistance-band" in [s.exercise for s in early.suggestions]


def test_loading_classes_are_unchanged_by_the_risks(catalog: Catalog) -> None:
    """Risks add to the loading class; they did not reclassify the guide's exercises."""
    assert catalog.get("good-morning").loading is Loading.HIGH
    assert catalog.get("kettlebell-swing").loading is Loading.MODERATE
    assert catalog.get("jefferson-curl").loading is Loading.MODERATE


# --- properties ------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from backsafe.testing.strategies import plans  # noqa: E402


@settings(max_examples=25)  # unknown names are the slow path (fuzzy suggestions)
@given(plan=plans(), condition=st.sampled_from(["herniated-disc", "pregnancy", "x-unknown"]))
def test_with_a_condition_an_unknown_exercise_is_never_below_modify(
    plan: Plan, condition: str
) -> None:
    catalog = default_catalog()
    names = {
        block.exercise
        for week in plan.weeks
        for session in week.sessions
        for block in (*session.warm_up, *session.blocks, *session.cool_down)
    }
    report = backsafe.check(plan, Profile(conditions=[condition]))
    if any(catalog.lookup(name) is None for name in names):
        assert report.verdict >= backsafe.Level.MODIFY
        assert "BS905" in report.codes
    assert "BS902" not in report.codes


@settings(max_examples=50)
@given(plan=plans(safe=True))
def test_guide_plans_of_several_weeks_have_no_load_or_frequency_alarm(plan: Plan) -> None:
    """The guide's plans rise by at most 10% a week, 2-3 glute sessions with rest days."""
    report = backsafe.check(plan, select=["BS601", "BS604", "BS701", "BS703"])
    assert report.codes == ()
