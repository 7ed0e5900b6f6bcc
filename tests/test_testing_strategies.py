"""backsafe.testing.strategies: valid draws, safe and unsafe plans as promised, small shrinks."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import Phase, find, given, note, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from backsafe import (
    InputError,
    Level,
    Plan,
    Profile,
    Symptom,
    check,
    load_plan,
)
from backsafe import _validators as v
from backsafe._input_error import Problem
from backsafe.catalog import Role, default_catalog
from backsafe.model import Block, Region, SymptomKind, Week
from backsafe.packs import PackSet
from backsafe.testing import _guide
from backsafe.testing import strategies as bst
from backsafe.testing._derive import instances

EXPERIENCE = st.none() | st.builds(
    Profile, experience=st.sampled_from(["novice", "intermediate", "advanced"])
)
#: Without shrinking, ``find`` returns the first example that matches: for a predicate every
#: example meets, Hypothesis's simplest one (which shrinking converges to).
FIRST = settings(phases=[Phase.generate], database=None, max_examples=2000)
#: Structural checks of the strategies need few examples; the properties elsewhere use them.
FEW = settings(max_examples=25)
RED_FLAG_CODES = {
    rule.code for rule in PackSet.load().pack("backsafe").rules if rule.topic == "red-flag"
}


def parts(plan: Plan) -> list[Any]:
    return [
        obj
        for week in plan.weeks
        for session in week.sessions
        for obj in (session, *session.warm_up, *session.blocks, *session.cool_down)
    ] + [plan, *plan.weeks]


# --- every draw is valid, and round-trips ------------------------------------------------


# Drawn plans, profiles and symptoms round-trip through their documents: tests/test_fuzz.py.


@FEW
@given(plan=bst.plans(), profile=bst.profiles(), symptom=bst.symptoms())
def test_metadata_is_drawn_only_when_asked_for(
    plan: Plan, profile: Profile, symptom: Symptom
) -> None:
    assert all(obj.metadata == {} for obj in [*parts(plan), profile, symptom])


def test_metadata_is_drawn_when_asked_for() -> None:
    small = {"weeks": 1, "sessions_per_week": 1}
    find(bst.plans(metadata=True, **small), lambda p: p.weeks[0].metadata, settings=FIRST)
    find(bst.plans(safe=True, metadata=True, **small), lambda p: p.metadata, settings=FIRST)
    find(bst.profiles(metadata=True), lambda p: p.metadata, settings=FIRST)


@FEW
@given(plan=bst.plans(weeks=(2, 4), sessions_per_week=3))
def test_sizes_are_respected(plan: Plan) -> None:
    assert 2 <= len(plan.weeks) <= 4
    assert all(len(week.sessions) == 3 for week in plan.weeks)
    assert all(len({s.day for s in week.sessions}) == 3 for week in plan.weeks)


@FEW
@given(
    week=bst.weeks(sessions=7, exercise=st.just("plank")),
    block=bst.blocks(exercise=st.just("plank")),
)
def test_weeks_and_blocks(week: Week, block: Block) -> None:
    assert sorted(s.day for s in week.sessions) == list(range(1, 8))
    assert block.exercise == "plank"
    assert (block.reps is None) != (block.duration_s is None)


@pytest.mark.parametrize(
    "make",
    [
        lambda: bst.plans(weeks=0),
        lambda: bst.plans(weeks=(3, 2)),
        lambda: bst.plans(sessions_per_week=8),
        lambda: bst.plans(weeks=True),
        lambda: bst.plans(safe=True, sessions_per_week=4),
        lambda: bst.plans(safe="yes"),
        lambda: bst.plans(safe=True, exercise=st.just("plank")),
        lambda: bst.weeks(sessions=(1, 2, 3)),
        lambda: bst.sessions(day=8),
        lambda: bst.violations(codes=["BS999"]),
        lambda: bst.symptoms(red_flags=True, kind=st.just("pain")),
        lambda: bst.exercises(role="lifting"),
        lambda: bst.exercises(risky="yes"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_refused_when_the_strategy_is_made(make: Any) -> None:
    with pytest.raises(InvalidArgument):
        make()


def test_an_unknown_field_strategy_is_refused() -> None:
    with pytest.raises(TypeError, match="Profile has no field \\['weight'\\]"):
        bst.profiles(weight=st.just(3))


# --- safe plans, and plans with a known violation ----------------------------------------


@given(plan=bst.plans(safe=True, sessions_per_week=(1, 3)), profile=EXPERIENCE)
def test_safe_plans_are_at_most_caution(plan: Plan, profile: Profile | None) -> None:
    report = check(plan, profile)
    assert report.complete
    assert report.verdict <= Level.CAUTION, [(f.code, f.message) for f in report.findings]


@given(violation=bst.violations(), profile=EXPERIENCE)
def test_a_violation_fires_its_rule_and_fails_the_default_bar(
    violation: bst.Violation, profile: Profile | None
) -> None:
    report = check(violation.plan, profile)
    note(violation.description)
    assert violation.code in report.codes
    assert report.verdict >= Level.MODIFY
    assert any(
        f.code == violation.code and f.location and f.location.week == violation.week
        for f in report.findings
    )


@pytest.mark.parametrize("code", sorted(_guide.VIOLATIONS))
def test_each_violation_is_drawn(code: str) -> None:
    found = find(bst.violations(codes=[code]), lambda v: True, settings=FIRST)
    assert found.code == code
    assert code in check(found.plan).codes


@FEW
@given(plan=bst.plans(safe=False))
def test_unsafe_plans_fail(plan: Plan) -> None:
    assert check(plan).verdict >= Level.MODIFY


def test_the_guide_exercises_are_what_their_names_say() -> None:
    catalog = default_catalog()
    friendly = [e.id for e in catalog if e.back_friendly and e.source == "backsafe"]
    assert sorted(_guide.FRIENDLY) == sorted(friendly)
    for group, role in [
        (_guide.CORE, Role.CORE),
        (_guide.WARM_UP, Role.WARM_UP),
        (_guide.COOL_DOWN, Role.COOL_DOWN),
        (_guide.QUADRICEPS + _guide.HAMSTRINGS + _guide.CALVES, Role.STRENGTH),
    ]:
        assert all(catalog.get(name).role is role for name in group), group


def test_rest_day_patterns_leave_a_day_between_sessions_and_sunday_free() -> None:
    for count, patterns in _guide.DAY_PATTERNS.items():
        assert patterns
        for days in patterns:
            assert len(days) == count and max(days) <= 6
            assert all(b - a >= 2 for a, b in itertools.pairwise(days))


# --- shrinking ---------------------------------------------------------------------------


def test_the_simplest_plan_is_small_and_readable() -> None:
    simplest = find(bst.plans(sessions_per_week=1), lambda p: True, settings=FIRST)
    assert len(simplest.weeks) == 1
    (session,) = simplest.weeks[0].sessions
    assert session.day == 1 and session.name is None
    assert not session.warm_up and not session.blocks and not session.cool_down


def test_blocks_shrink_to_a_plain_block_of_the_catalog() -> None:
    block = find(bst.blocks(), lambda b: b.load_kg is not None and b.cues)
    assert default_catalog().lookup(block.exercise) is not None
    assert (block.sets, block.load_kg, block.rpe, block.range_of_motion) == (1, 0, None, None)
    assert (block.reps, block.duration_s) in ((1, None), (None, 1))
    assert len(block.cues) == 1


def test_the_simplest_safe_plan_is_one_week_of_the_guides_sessions() -> None:
    simplest = find(bst.plans(safe=True), lambda p: True, settings=FIRST)
    assert len(simplest.weeks) == 1
    assert [s.day for s in simplest.weeks[0].sessions] == [1, 3]
    session = simplest.weeks[0].sessions[0]
    assert [b.exercise for b in session.blocks] == [
        "glute-bridge-with-resistance-band",
        "bird-dog",
        "leg-extension",
        "lying-leg-curl",
        "seated-calf-raise",
    ]


# --- symptoms, profiles and exercises ----------------------------------------------------


@given(symptom=bst.symptoms(red_flags=True))
def test_red_flag_symptoms_fire_their_red_flag(symptom: Symptom) -> None:
    report = check({"weeks": [{}]}, symptoms=[symptom])
    fired = {f.code for f in report.findings if f.topic == "red-flag"}
    expected = {code for code, flag in bst.red_flags() if flag == symptom}
    assert expected and expected <= fired
    assert report.verdict >= Level.REFER


def test_the_red_flags_are_the_rules_examples() -> None:
    drawn = {code for code, _ in bst.red_flags()}
    assert {"BS001", "BS002", "BS003", "BS004", "BS005", "BS006"} <= drawn
    assert drawn <= RED_FLAG_CODES


@given(symptoms=st.lists(bst.symptoms(red_flags=False), min_size=1, max_size=3))
def test_symptoms_without_red_flags_fire_none(symptoms: list[Symptom]) -> None:
    report = check({"weeks": [{}]}, symptoms=symptoms)
    assert not {f.code for f in report.findings} & RED_FLAG_CODES
    assert all(s.kind is SymptomKind.PAIN for s in symptoms)


@given(
    name=bst.exercises(role="core"),
    risky=bst.exercises(risky=True),
    safe=bst.exercises(role=["strength"], risky=False),
)
def test_exercises_come_from_the_catalog_and_keep_to_their_filters(
    name: str, risky: str, safe: str
) -> None:
    catalog = default_catalog()
    assert catalog.get(name).role is Role.CORE
    risky_exercise = catalog.get(risky)
    assert risky_exercise.loading.value == "high" or (
        risky_exercise.group is not None and not risky_exercise.back_friendly
    )
    safe_exercise = catalog.get(safe)
    assert safe_exercise.role is Role.STRENGTH
    assert safe_exercise.loading.value != "high"
    assert safe_exercise.group is None or safe_exercise.back_friendly


# --- invalid documents -------------------------------------------------------------------


@given(broken=bst._invalid())
def test_invalid_documents_are_refused_naming_the_broken_field(broken: Any) -> None:
    with pytest.raises(InputError) as caught:
        load_plan(broken.document)
    paths = [problem.path for problem in caught.value.problems]
    assert any(path[: len(broken.path)] == broken.path for path in paths), (broken.path, paths)


@given(doc=bst.invalid_plan_documents())
def test_invalid_plan_documents_are_dicts_load_plan_refuses(doc: dict[str, Any]) -> None:
    assert isinstance(doc, dict)
    with pytest.raises(InputError):
        load_plan(doc)


@given(doc=bst.plan_documents(safe=True, weeks=2))
def test_plan_documents_are_the_interchange_format(doc: dict[str, Any]) -> None:
    assert len(doc["weeks"]) == 2
    assert check(doc).verdict <= Level.CAUTION


# --- new fields and invariants are drawn without changes --------------------------------


@attrs.frozen(slots=False)
class OnlyWhen(v.Invariant):
    """A stand-in of the invariant kinds other work adds to the model (same names, fields)."""

    field: str
    when: str
    values: tuple[Any, ...]
    fields: tuple[str, ...] = ()

    def check(self, instance: object) -> None:
        if getattr(instance, self.field) is not None and getattr(instance, self.when) not in (
            self.values
        ):
            raise InputError([Problem((self.field,), "only when")])


@attrs.frozen(slots=False)
class NotTrueWhen(v.Invariant):
    flags: tuple[str, ...]
    when: str
    equals: int
    fields: tuple[str, ...] = ()

    def check(self, instance: object) -> None:
        if getattr(instance, self.when) == self.equals and any(
            getattr(instance, f) is True for f in self.flags
        ):
            raise InputError([Problem((self.flags[0],), "not true")])


@attrs.frozen(slots=False)
class NotBothTrue(v.Invariant):
    first: str
    second: str
    fields: tuple[str, ...] = ()

    def check(self, instance: object) -> None:
        if getattr(instance, self.first) is True and getattr(instance, self.second) is True:
            raise InputError([Problem((self.second,), "not both")])


def _check_invariants(self: Any) -> None:
    for invariant in self.__invariants__:
        invariant.check(self)


@attrs.frozen(kw_only=True)
class FutureSymptom:
    """A model class with fields and invariants the model may gain (drawn without changes)."""

    kind: SymptomKind = attrs.field(validator=v.EnumMember(SymptomKind))
    region: Region | None = attrs.field(default=None, validator=v.Optional(v.EnumMember(Region)))
    intensity: int | None = attrs.field(default=None, validator=v.Optional(v.Integer(0, 10)))
    side: str | None = attrs.field(default=None, validator=v.Optional(v.Text(10)))
    radiating: bool | None = attrs.field(default=None, validator=v.Optional(v.Boolean()))
    constant: bool | None = attrs.field(default=None, validator=v.Optional(v.Boolean()))
    improves_with_rest: bool | None = attrs.field(default=None, validator=v.Optional(v.Boolean()))
    history: tuple[SymptomKind, ...] = attrs.field(
        default=(), validator=v.Items(3, item=v.EnumMember(SymptomKind))
    )
    weeks: int | None = attrs.field(default=None, validator=v.Optional(v.Integer(0, 45)))

    __invariants__: ClassVar[tuple[Any, ...]] = (
        v.RequiredWhen("intensity", "kind", SymptomKind.PAIN),
        OnlyWhen("intensity", "kind", (SymptomKind.PAIN,)),
        OnlyWhen("side", "region", (Region.LOWER_BACK, Region.BUTTOCK)),
        OnlyWhen("radiating", "kind", (SymptomKind.PAIN,)),
        NotTrueWhen(("radiating", "constant", "improves_with_rest"), "intensity", 0),
        NotBothTrue("improves_with_rest", "constant"),
    )
    __attrs_post_init__ = _check_invariants


@given(symptom=instances(FutureSymptom))
def test_new_fields_and_invariants_are_drawn_without_changes(symptom: FutureSymptom) -> None:
    # The constructor ran every invariant: reaching here means the draw was repaired.
    assert symptom.weeks is None or 0 <= symptom.weeks <= 45
    assert len(set(symptom.history)) == len(symptom.history)


def test_the_invariants_are_repaired_rather_than_rejected() -> None:
    drawn = instances(FutureSymptom)
    find(drawn, lambda s: s.kind is SymptomKind.PAIN and s.intensity == 0, settings=FIRST)
    find(drawn, lambda s: s.constant is True and s.intensity, settings=FIRST)
    find(drawn, lambda s: s.side is not None and s.weeks is not None, settings=FIRST)


# --- from_type ---------------------------------------------------------------------------


@FEW
@given(plan=st.from_type(Plan), symptom=st.from_type(Symptom), block=st.from_type(Block))
def test_from_type_resolves_to_the_strategies(plan: Plan, symptom: Symptom, block: Block) -> None:
    assert isinstance(plan, Plan) and plan.weeks
    assert isinstance(symptom, Symptom) and isinstance(block, Block)


@pytest.mark.slow
def test_from_type_works_in_a_fresh_interpreter_through_the_entry_point() -> None:
    code = (
        "import sys\n"
        "from hypothesis import given, settings, strategies as st\n"
        "import backsafe\n"
        "@settings(max_examples=5, database=None)\n"
        "@given(st.from_type(backsafe.Plan), st.from_type(backsafe.Profile))\n"
        "def t(plan, profile):\n"
        "    assert isinstance(plan, backsafe.Plan) and isinstance(profile, backsafe.Profile)\n"
        "t()\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_fix_properties_are_exported_for_users() -> None:
    from backsafe import load_plan
    from backsafe.testing import properties

    plan = load_plan(Path(__file__).parent.parent / "examples" / "plans" / "needs-a-fix.json")
    result = properties.assert_fix_properties(plan)
    assert result.edits, "the example plan needs fixes, and they keep every property"
