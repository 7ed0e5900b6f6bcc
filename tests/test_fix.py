"""backsafe.fix: what it repairs, how, what it leaves, and the suggestions it reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

import backsafe
from backsafe import Block, Level, Location, Plan, Profile, Session, Symptom, Week
from backsafe._fix._compare import new_findings
from backsafe.engine._schedule import Slot, schedule_plan, schedule_week
from backsafe.packs import PackSet
from backsafe.report import ACTION_SAFETY, Action, Part, Safety

ROOT = Path(__file__).parent.parent
RISKY = ROOT / "examples" / "plans" / "risky-glute-builder.json"
FRIENDLY = ROOT / "examples" / "plans" / "glute-builder.json"
BRACED = ("brace-core", "neutral-spine")
WARM_UP = (Block(exercise="light cardio", sets=1, duration_s=300),)
COOL_DOWN = (Block(exercise="static stretches", sets=1, duration_s=300),)


def block(name: str, **fields: Any) -> Block:
    fields.setdefault("sets", 3)
    fields.setdefault("reps", 10)
    fields.setdefault("cues", BRACED)
    return Block(exercise=name, **fields)


def session(day: int, *names: str, **fields: Any) -> Session:
    fields.setdefault("warm_up", WARM_UP)
    fields.setdefault("cool_down", COOL_DOWN)
    return Session(day=day, blocks=[block(n) for n in names], **fields)


def balanced(day: int, *names: str) -> Session:
    """A session that has core, quadriceps, hamstrings and calves work besides ``names``."""
    return session(day, *names, "bird dog", "leg extension", "leg curl", "calf raise")


def plan_of(*weeks: list[Session], **fields: Any) -> Plan:
    return Plan(weeks=[Week(sessions=sessions) for sessions in weeks], **fields)


def codes(report: backsafe.Report, above: Level = Level.INFO) -> set[str]:
    return {f.code for f in report.findings if f.level > above}


def exercises(plan: Plan) -> list[list[list[str]]]:
    return [[[b.exercise for b in s.blocks] for s in w.sessions] for w in plan.weeks]


# --- the result ------------------------------------------------------------------------


def test_a_plan_with_nothing_to_fix_comes_back_unchanged() -> None:
    plan = backsafe.load_plan(FRIENDLY)
    result = backsafe.fix(plan)
    assert result.plan is plan
    assert result.edits == ()
    assert result.unresolved == ()
    assert not result.changed
    assert result.report.verdict is result.before.verdict is Level.OK


def test_fix_accepts_documents_like_check_and_refuses_bad_input() -> None:
    result = backsafe.fix(str(RISKY), {"conditions": ["herniated-disc"]}, [])
    assert result.before.verdict is Level.MODIFY
    with pytest.raises(backsafe.InputError, match=r"weeks\[0\]\.sessions\[0\]\.day"):
        backsafe.fix({"weeks": [{"sessions": [{"day": 9}]}]})


def test_every_edit_names_its_cause_safety_and_target() -> None:
    result = backsafe.fix(RISKY, {"conditions": ["herniated-disc"]})
    rules = {rule.code: rule for rule in PackSet.load().rules}
    assert result.edits
    for edit in result.edits:
        assert edit.code in rules
        assert edit.action in rules[edit.code].actions
        assert edit.safety is ACTION_SAFETY[edit.action]
        assert edit.target.week is not None
        assert edit.description


# --- blocks ----------------------------------------------------------------------------


def test_missing_cues_are_added() -> None:
    plan = plan_of([balanced(1, "barbell hip thrust"), balanced(4, "romanian deadlift")])
    bare = attrs.evolve(
        plan,
        weeks=[
            Week(
                sessions=[
                    attrs.evolve(s, blocks=[attrs.evolve(b, cues=()) for b in s.blocks])
                    for s in plan.weeks[0].sessions
                ]
            )
        ],
    )
    result = backsafe.fix(bare)
    assert result.report.verdict is Level.OK
    cues = {b.exercise: b.cues for s in result.plan.weeks[0].sessions for b in s.blocks}
    assert "brace-core" in cues["barbell hip thrust"]
    assert "neutral-spine" in cues["romanian deadlift"]
    assert {e.safety for e in result.edits} == {Safety.SAFE}


def test_an_excessive_range_of_motion_goes_back_to_full() -> None:
    hip_thrust = block("hip thrust", range_of_motion="excessive")
    plan = plan_of([attrs.evolve(balanced(1), blocks=[hip_thrust, *balanced(1).blocks])])
    result = backsafe.fix(plan)
    assert result.plan.weeks[0].sessions[0].blocks[0].range_of_motion == "full"
    assert result.report.verdict is Level.OK
    assert backsafe.fix(plan, safe_only=True).report.verdict is Level.MODIFY


def test_a_load_jump_is_capped_and_the_next_week_judged_against_the_cap() -> None:
    weeks = [
        [balanced(1, "barbell hip thrust"), balanced(4, "barbell hip thrust")] for _ in range(3)
    ]
    loads = (60, 70, 75)
    plan = plan_of(
        *[
            [
                attrs.evolve(s, blocks=[attrs.evolve(s.blocks[0], load_kg=load), *s.blocks[1:]])
                for s in week
            ]
            for week, load in zip(weeks, loads, strict=True)
        ]
    )
    assert codes(backsafe.check(plan)) == {"BS601"}
    result = backsafe.fix(plan)
    fixed = [w.sessions[0].blocks[0].load_kg for w in result.plan.weeks]
    assert fixed[0] == 60
    assert fixed[1] <= 66
    assert fixed[2] <= fixed[1] * 1.1
    assert result.report.verdict is Level.OK
    assert all(e.action is Action.LIMIT_LOAD for e in result.edits)


def test_squat_deadlift_and_rdl_keep_their_muscles_when_replaced() -> None:
    """The three do not collapse into one banded bridge, and hamstring work stays."""
    plan = plan_of(
        [
            session(1, "back squat", "deadlift", "romanian deadlift", "bird dog", "calf raise"),
            session(4, "glute bridge with resistance band", "bird dog", "calf raise"),
        ]
    )
    profile = Profile(conditions=["herniated-disc"])
    assert "BS901" not in codes(backsafe.check(plan, profile))
    result = backsafe.fix(plan, profile)
    replaced = exercises(result.plan)[0][0][:3]
    assert len(set(replaced)) == 3, replaced
    assert not {"BS201", "BS901"} & codes(result.report)
    assert result.report.verdict <= Level.CAUTION
    muscles = {
        str(m)
        for name in replaced
        for m in backsafe.checker().exercise(name).exercise.primary_muscles  # type: ignore[union-attr]
    }
    assert {"hamstrings", "quadriceps", "glutes"} <= muscles


def test_a_body_weight_only_profile_gets_body_weight_substitutes() -> None:
    plan = plan_of(
        [session(1, "back squat", "romanian deadlift", "bird dog", "calf raise"), balanced(4)]
    )
    profile = Profile(conditions=["herniated-disc"], equipment=["body-only"])
    result = backsafe.fix(plan, profile)
    catalog = PackSet.load().catalog
    for name in exercises(result.plan)[0][0][:2]:
        equipment = {str(e) for e in catalog.get(name).equipment}
        assert equipment <= {"body-only"}, (name, equipment)
    assert "BS201" not in codes(result.report)


def test_with_pain_the_aggravating_exercises_are_regressed() -> None:
    plan = backsafe.load_plan(RISKY)
    pain = [Symptom(kind="pain", region="lower-back", intensity=2, worsens_with_activity=False)]
    result = backsafe.fix(plan, None, pain)
    assert "BS603" not in codes(result.report)
    assert "BS101" in codes(result.report)  # the pain itself is still reported
    assert result.report.verdict is Level.MODIFY
    left = {u.finding.code: u.reason for u in result.unresolved}
    assert "symptoms" in left["BS101"]


def test_a_red_flag_stays_and_fix_does_not_answer_it() -> None:
    plan = backsafe.load_plan(FRIENDLY)
    flags = [Symptom(kind="bladder-dysfunction")]
    result = backsafe.fix(plan, None, flags)
    assert result.plan is plan
    assert result.report.verdict is Level.URGENT
    assert [u.finding.code for u in result.unresolved] == ["BS001"]
    assert "red flag" in result.unresolved[0].reason


def test_an_unknown_exercise_is_never_renamed() -> None:
    plan = plan_of([balanced(1, "hip trusht"), balanced(4, "barbell hip thrust")])
    report = backsafe.check(plan)
    did_you_mean = next(f for f in report.findings if f.code == "BS902")
    assert did_you_mean.suggestions
    assert {s.safety for s in did_you_mean.suggestions} == {Safety.DISPLAY_ONLY}
    result = backsafe.fix(plan)
    assert exercises(result.plan)[0][0][0] == "hip trusht"
    assert [u.finding.code for u in result.unresolved] == ["BS902"]


# --- sessions ----------------------------------------------------------------------------


def test_warm_up_and_cool_down_are_added_with_doses() -> None:
    plan = plan_of([session(1, "glute bridge with resistance band", warm_up=(), cool_down=())])
    result = backsafe.fix(plan)
    fixed = result.plan.weeks[0].sessions[0]
    assert [(b.exercise, b.sets, b.duration_s) for b in fixed.warm_up] == [
        ("light-cardio", 1, 300),
        ("dynamic-stretches", 1, 300),
    ]
    assert [b.exercise for b in fixed.cool_down] == ["static-stretches", "foam-rolling"]
    assert {"BS801", "BS802"}.isdisjoint(codes(result.report))


def test_the_equipment_decides_the_cool_down_items() -> None:
    plan = plan_of([session(1, "glute bridge with resistance band", cool_down=())])
    result = backsafe.fix(plan, Profile(equipment=["bands"]))
    assert [b.exercise for b in result.plan.weeks[0].sessions[0].cool_down] == ["static-stretches"]


def test_core_and_balance_work_go_to_a_named_session_with_a_dose() -> None:
    plan = plan_of([session(1, "glute bridge with resistance band"), session(4, "bench press")])
    report = backsafe.check(plan)
    adds = [
        (f.code, s)
        for f in report.findings
        for s in f.suggestions
        if s.action is Action.ADD_EXERCISE
    ]
    assert {code for code, _ in adds} == {"BS301", "BS901"}
    for _, suggestion in adds:
        assert suggestion.location == Location(1, 1, 1, Part.BLOCKS)
        assert len(suggestion.dose) == 1
        assert suggestion.dose[0].exercise == suggestion.exercise
    result = backsafe.fix(plan)
    added = exercises(result.plan)[0][0][1:]
    assert added == ["bird-dog", "leg-extension", "leg-curl", "calf-raise"]
    assert result.report.verdict is Level.OK


def test_a_body_weight_profile_gets_hamstring_work_it_can_do() -> None:
    plan = plan_of([session(1, "glute bridge", "bird dog", "leg extension", "calf raise")])
    result = backsafe.fix(plan, Profile(equipment=["body-only"]))
    assert "nordic-curl" in exercises(result.plan)[0][0]


# --- the schedule ------------------------------------------------------------------------


def test_consecutive_glute_days_are_moved_apart() -> None:
    plan = plan_of([balanced(1, "glute bridge with resistance band"), balanced(2, "clamshell")])
    report = backsafe.check(plan)
    move = next(f for f in report.findings if f.code == "BS703").suggestions[0]
    assert move.day == 3
    assert move.location == Location(1, 2, 2)
    result = backsafe.fix(plan)
    assert [s.day for s in result.plan.weeks[0].sessions] == [1, 3]
    assert result.report.verdict is Level.OK
    assert [e.action for e in result.edits] == [Action.MOVE_SESSION]


def test_a_crowded_week_merges_its_excess_glute_work_and_says_so() -> None:
    days = [balanced(day, "glute bridge with resistance band") for day in (1, 3, 5)]
    days.append(session(6, "glute bridge with resistance band"))
    plan = plan_of(days, days)
    result = backsafe.fix(plan)
    assert [[s.day for s in w.sessions] for w in result.plan.weeks] == [[1, 3, 5], [1, 3, 5]]
    merged = [e for e in result.edits if e.action is Action.REMOVE_SESSION]
    assert len(merged) == 4  # a merge and a removal in each week
    assert "into session 3 (day 5)" in merged[0].description
    assert result.report.verdict is Level.OK
    # The glute work is all still there.
    assert (
        sum(
            b.exercise == "glute bridge with resistance band"
            for s in result.plan.weeks[0].sessions
            for b in s.blocks
        )
        == 4
    )


def test_a_session_keeps_what_is_not_glute_work_when_its_glute_work_moves() -> None:
    days = [balanced(day, "glute bridge with resistance band") for day in (1, 3, 5)]
    extra = session(6, "clamshell", "bench press")
    result = backsafe.fix(plan_of([*days, extra]))
    last = result.plan.weeks[0].sessions[-1]
    assert [b.exercise for b in last.blocks] == ["bench press"]
    assert result.report.verdict is Level.OK


def test_the_schedule_keeps_a_rest_day_across_weeks() -> None:
    week = [Slot(1, True), Slot(3, True), Slot(5, True), Slot(7, True)]
    schedules = schedule_plan([week, week])
    assert schedules[0].days == (1, 3, 5)
    assert schedules[1].days[0] >= 1
    # Sunday then Monday: the second week's first glute day moves.
    assert schedule_week([Slot(1, True), Slot(4, True)], earliest=2).moves == {0: 2}


def test_a_full_week_hands_its_glute_work_to_a_session_that_can_take_it() -> None:
    slots = [Slot(1, True), *(Slot(day, False) for day in range(2, 8))]
    schedule = schedule_week(slots, earliest=2)
    assert schedule.merges == {0: 1}
    assert schedule.days == (2,)


def test_the_benchmark_plan_is_repaired_to_ok() -> None:
    from benchmarks._plans import benchmark_plan_data

    result = backsafe.fix(benchmark_plan_data())
    assert result.before.verdict is Level.MODIFY
    assert result.report.verdict is Level.OK
    assert [len(w.sessions) for w in result.plan.weeks] == [4] * 12
    assert result.plan.metadata == {"generator": "benchmarks"}


# --- safety ----------------------------------------------------------------------------


def test_safe_only_applies_only_safe_edits_and_says_why_the_rest_is_left() -> None:
    result = backsafe.fix(RISKY, {"conditions": ["herniated-disc"]}, safe_only=True)
    assert result.edits
    assert {e.safety for e in result.edits} == {Safety.SAFE}
    left = {u.finding.code: u.reason for u in result.unresolved}
    assert "unsafe" in left["BS201"]
    assert not new_findings(result.before, result.report)


def rigged(**substitutes: tuple[str, ...]) -> backsafe.engine.Checker:
    """The default rules with a substitution table of our own."""
    checker = backsafe.checker()
    library = attrs.evolve(checker.library, substitutes=substitutes)
    return backsafe.engine.Checker(checker.rules, library)


def test_a_substitute_that_would_be_reported_itself_is_not_used() -> None:
    plan = plan_of([balanced(1, "barbell deadlift"), balanced(4, "glute bridge")])
    profile = Profile(conditions=["herniated-disc"])
    result = backsafe.fix(plan, profile, checker=rigged(deadlifts=("good-morning",)))
    assert exercises(result.plan)[0][0][0] == "barbell deadlift"
    assert result.report.verdict is Level.MODIFY
    reason = {u.finding.code: u.reason for u in result.unresolved}["BS201"]
    assert "without being reported itself" in reason


def test_an_edit_that_makes_a_plan_worse_is_rolled_back() -> None:
    """A replacement that spikes the week's glute volume (a new BS602) is undone."""
    steady = [balanced(1, "glute bridge with resistance band"), balanced(4)]
    heavy = block("good morning", sets=5, reps=20)
    last = [steady[0], attrs.evolve(steady[1], blocks=[heavy, *steady[1].blocks])]
    plan = plan_of(steady, steady, steady, last)
    profile = Profile(conditions=["herniated-disc"])
    checker = rigged(**{"good-morning": ("glute-bridge-with-resistance-band",)})
    assert codes(checker.check(plan, profile)) == {"BS201"}
    result = backsafe.fix(plan, profile, checker=checker)
    assert not new_findings(result.before, result.report)
    assert "BS602" not in codes(result.report)
    assert exercises(result.plan)[3][1][0] == "good morning"
    reason = {u.finding.code: u.reason for u in result.unresolved}["BS201"]
    assert "worse" in reason


def test_fix_uses_the_checker_it_is_given() -> None:
    plan = plan_of([session(1, "glute bridge with resistance band", warm_up=())])
    checker = backsafe.checker(ignore=["BS801"])
    result = backsafe.fix(plan, checker=checker)
    assert result.plan.weeks[0].sessions[0].warm_up == ()


# --- rule metadata and reports -------------------------------------------------------------


def test_fixable_is_derived_from_declared_actions() -> None:
    rules = {rule.code: rule for rule in PackSet.load().rules}
    fixable = {code for code, rule in rules.items() if rule.fixable}
    assert fixable == {
        "BS201", "BS202", "BS205", "BS206", "BS207", "BS208", "BS209", "BS210", "BS301",
        "BS401", "BS402", "BS403", "BS601", "BS603", "BS701", "BS703", "BS801", "BS802",
        "BS901",
    }  # fmt: skip
    assert rules["BS401"].fix_safety == (Safety.SAFE,)
    assert rules["BS201"].fix_safety == (Safety.UNSAFE,)
    assert not rules["BS702"].fixable  # the same kind as BS701, without a fix for too few
    assert not rules["BS902"].fixable


def test_every_suggestion_has_its_actions_safety_or_is_display_only() -> None:
    plan = backsafe.load_plan(RISKY)
    pain = [Symptom(kind="pain", region="lower-back", intensity=2, worsens_with_activity=False)]
    report = backsafe.check(plan, {"conditions": ["herniated-disc"]}, pain)
    rules = {rule.code: rule for rule in PackSet.load().rules}
    for finding in report.findings:
        for suggestion in finding.suggestions:
            if suggestion.safety is Safety.DISPLAY_ONLY:
                continue
            assert suggestion.action in rules[finding.code].actions, finding.code
            assert suggestion.safety is ACTION_SAFETY[suggestion.action]


def test_location_find_gives_the_unit_a_location_names() -> None:
    plan = backsafe.load_plan(RISKY)
    first = plan.weeks[0].sessions[0]
    assert Location(1).find(plan) is plan.weeks[0]
    assert Location(1, 1, 1).find(plan) is first
    assert Location(1, 1, 1, Part.BLOCKS, 2).find(plan) is first.blocks[1]
    assert Location(1, 1, 1, Part.WARM_UP, 1).find(plan) is None
    assert Location(9).find(plan) is None
    assert Location(1, 9).find(plan) is None
    assert Location().find(plan) is None
    for finding in backsafe.check(plan).findings:
        if finding.location is not None and finding.location.block is not None:
            found = finding.location.find(plan)
            assert isinstance(found, Block)


# --- the dose tables of packs ------------------------------------------------------------

PACK_HEAD = """
[pack]
name = "dosing"
prefix = "DO"

[reference.protocol]
title = "A clinic protocol"
"""


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[dose.nosuch]\nsets = 2\nreps = 10\n", "dose.nosuch: is not a catalog id"),
        ("[dose.bird-dog]\nsets = 0\nreps = 10\n", "dose.bird-dog.sets: must be 1 to 100"),
        ("[dose.bird-dog]\nsets = 2\n", "dose.bird-dog: must give exactly one of reps and"),
        (
            "[dose.bird-dog]\nsets = 2\nreps = 10\nduration_s = 30\n",
            "dose.bird-dog: must give exactly one of reps and",
        ),
        ("[dose.plank]\nsets = 2\nduration_s = -5\n", "dose.plank.duration_s: must be above 0"),
        (
            '[dose.plank]\nsets = 2\nduration_s = 30\nreferences = [{ ref = "nope" }]\n',
            "dose.plank.references[0].ref: is not a reference of the pack",
        ),
        ('[dose.plank]\nsets = "two"\nduration_s = 30\n', "dose.plank.sets: must be a whole"),
    ],
)
def test_a_bad_dose_table_is_refused_naming_the_place(
    tmp_path: Path, table: str, message: str
) -> None:
    (tmp_path / "pack.toml").write_text(PACK_HEAD + table)
    packs = PackSet.load(paths=[tmp_path], autoload=False)
    assert len(packs.errors) == 1, packs.errors
    assert message in packs.errors[0].message, packs.errors[0].message


def test_a_packs_doses_replace_the_default_ones(tmp_path: Path) -> None:
    table = '[dose.bird-dog]\nsets = 3\nreps = 8\nreferences = [{ ref = "protocol" }]\n'
    (tmp_path / "pack.toml").write_text(PACK_HEAD + table)
    packs = PackSet.load(paths=[tmp_path], autoload=False)
    assert not packs.errors
    assert packs.library.dose_for("bird-dog") == backsafe.Dose("bird-dog", 3, reps=8)
    assert packs.library.dose_for("dead-bug") == backsafe.Dose("dead-bug", 2, reps=10)
    plan = plan_of([session(1, "glute bridge with resistance band", "leg extension")])
    plan = attrs.evolve(plan, weeks=[plan.weeks[0]])
    result = backsafe.fix(plan, checker=packs.checker())
    added = [b for b in result.plan.weeks[0].sessions[0].blocks if b.exercise == "bird-dog"]
    assert [(b.sets, b.reps) for b in added] == [(3, 8)]


def test_every_default_dose_cites_its_source() -> None:
    pack = PackSet.load().pack("backsafe")
    assert set(pack.doses) >= {"*", "light-cardio", "dynamic-stretches", "static-stretches"}
    for key in pack.doses:
        assert pack.dose_references[key], key


def test_every_risky_family_has_a_body_weight_substitute() -> None:
    packs = PackSet.load()
    body_only = Profile(equipment=["body-only"])
    from backsafe.facts import ProfileFacts

    facts = ProfileFacts.of(body_only)
    groups = ("squats", "deadlifts", "bridges-and-hip-thrusts", "lunges-and-step-ups")
    risky = [e for e in packs.catalog if e.group in groups or e.loading.value == "high"]
    assert len(risky) > 40
    for exercise in risky:
        found = packs.library.substitutes_for(exercise, facts)
        assert found, exercise.id
        assert all(facts.can_use(s.equipment) for s in found)


def test_each_weeks_move_suggestion_names_its_own_week() -> None:
    """Identical weeks share a memo entry only within the same week."""
    from benchmarks._plans import benchmark_plan_data

    report = backsafe.check(benchmark_plan_data())
    moves = [f for f in report.findings if f.code == "BS703"]
    assert len(moves) == 12
    for finding in moves:
        [suggestion] = finding.suggestions
        assert finding.location is not None
        assert suggestion.location == Location(finding.location.week, 4, 6)
        assert f"session 4 of week {finding.location.week} (day 6)" in suggestion.description
        assert "into session 3 (day 5)" in suggestion.description


def test_a_kind_must_declare_its_actions_as_actions() -> None:
    from backsafe.kinds._blocks import MissingCue
    from backsafe.packs._kinds import kind_problems

    assert list(kind_problems(MissingCue)) == []

    class Sloppy(MissingCue):
        actions = ("add-cue",)  # type: ignore[assignment]

    assert any("actions must be a tuple" in p for p in kind_problems(Sloppy))


def test_a_pack_that_allows_fewer_sessions_than_the_guide_gets_fewer(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(
        '[pack]\nname = "strict"\nprefix = "ST"\n\n[[override]]\npack = "backsafe"\n'
        'rule = "BS701"\noptions = { more_than = 1, by_experience = {} }\n'
        'reason = "At most one glute session a week."\n'
    )
    packs = PackSet.load(paths=[tmp_path], autoload=False)
    assert not packs.errors
    plan = plan_of([balanced(1, "clamshell"), session(3, "clamshell"), session(5, "clamshell")])
    result = backsafe.fix(plan, checker=packs.checker())
    assert [s.day for s in result.plan.weeks[0].sessions] == [1]
    assert result.report.verdict is Level.OK
    assert [b.exercise for b in result.plan.weeks[0].sessions[0].blocks].count("clamshell") == 3


def test_symptoms_none_means_none_as_for_check() -> None:
    plan = backsafe.load_plan(Path(__file__).parent.parent / "examples/plans/needs-a-fix.json")
    assert backsafe.fix(plan, None, None) == backsafe.fix(plan)


def test_loaded_flexion_core_work_is_replaced_by_core_work() -> None:
    """BS209's own advice: a spine-sparing core exercise (plank, bird dog), not a glute one."""
    session = {
        "day": 1,
        "blocks": [
            {"exercise": "sit-up", "sets": 3, "reps": 15},
            {"exercise": "crunch", "sets": 3, "reps": 15},
        ],
    }
    result = backsafe.fix({"weeks": [{"sessions": [session]}]}, {"conditions": ["osteoporosis"]})
    replaced = [e for e in result.edits if e.code == "BS209"]
    assert len(replaced) == 2
    core = {"bird-dog", "plank", "side-plank"}
    blocks = result.plan.weeks[0].sessions[0].blocks
    assert {b.exercise for b in blocks[:2]} <= core
    assert "BS209" not in {f.code for f in result.report.findings}
