"""Property tests of the generator, run in CI with backsafe's pytest plugin and strategies.

For every profile Hypothesis draws, the generator's program must be at most ``caution``
for that person (``assert_safe``'s default bar). The buggy variant must fail the same
property, and Hypothesis must shrink its failing profile to the smallest one.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import buggy_generator
import glute_generator
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backsafe import Experience, Profile
from backsafe.engine import Checker
from backsafe.packs import PackOptions, PackSet
from backsafe.testing import assert_no_finding, assert_safe
from backsafe.testing import strategies as bst
from backsafe.testing.properties import check_generator


def test_every_profile_gets_a_safe_program() -> None:
    check_generator(lambda profile: glute_generator.generate(profile, 8), profiles=bst.profiles())


@given(profile=bst.profiles(), weeks=st.integers(4, 12))
def test_programs_of_any_length_are_safe(
    profile: Profile, weeks: int, backsafe_checker: Any
) -> None:
    plan = glute_generator.generate(profile, weeks, checker=backsafe_checker)
    assert len(plan.weeks) == weeks
    assert_safe(plan, profile, checker=backsafe_checker)


PACK = """
[pack]
name = "gym"
prefix = "GY"
title = "A gym's own rules"

[reference.protocol]
title = "The gym's protocol"

[[rule]]
code = "GY001"
name = "{name}"
kind = "{kind}"
topic = "{topic}"
level = "modify"
summary = "A rule of the gym's."
message = "{message}"
references = [{{ ref = "protocol" }}]
options = {options}
"""


def gym_checker(tmp_path: Path, **rule: str) -> Checker:
    (tmp_path / "pack.toml").write_text(PACK.format(**rule))
    return PackSet.load(PackOptions(paths=[str(tmp_path)], autoload=False, strict=True)).checker()


def test_a_flagged_exercise_is_swapped_for_the_next_on_its_list(tmp_path: Path) -> None:
    # A gym that wants a cue of its own on every bridge: the generator's first choice of
    # glute exercise (banded glute bridges) fails, so it takes the next one.
    checker = gym_checker(
        tmp_path,
        name="bridges-need-a-squeeze",
        kind="missing-cue",
        topic="form",
        message="{exercise}: squeeze!",
        options='{ groups = ["bridges-and-hip-thrusts"], cues = ["squeeze"] }',
    )
    plan = glute_generator.generate(Profile(), 4, checker=checker)
    names = {block.exercise for week in plan.weeks for s in week.sessions for block in s.blocks}
    assert "glute-bridge-with-resistance-band" not in names
    assert "quadruped-hip-extension" in names
    assert_safe(plan, checker=checker)


def test_what_choices_cannot_meet_fix_repairs(tmp_path: Path) -> None:
    # One glute session a week at most: no choice of exercises can meet it, but
    # backsafe.fix reschedules the week.
    checker = gym_checker(
        tmp_path,
        name="one-glute-session",
        kind="glute-sessions",
        topic="frequency",
        message="{count} glute sessions; at most {limit}.",
        options="{ more_than = 1 }",
    )
    plan = glute_generator.generate(Profile(), 4, checker=checker)
    assert_no_finding(assert_safe(plan, checker=checker), "GY001")


def test_no_safe_program_is_an_error_not_a_program(tmp_path: Path) -> None:
    # A gym that asks a clinician to see every client with a disc condition first: no
    # program (and no repair of one) can answer that.
    checker = gym_checker(
        tmp_path,
        name="disc-needs-clearance",
        kind="condition-present",
        topic="condition",
        message="{condition}: clearance first.",
        options='{ conditions = ["herniated-disc"] }',
    )
    with pytest.raises(glute_generator.GenerationError, match=r"no safe program for .*: GY001"):
        glute_generator.generate(Profile(conditions=["herniated-disc"]), 4, checker=checker)


def test_the_schedules_leave_a_rest_day_between_glute_sessions() -> None:
    for days in glute_generator.SCHEDULES.values():
        assert all(b - a >= 2 for a, b in itertools.pairwise(days)), days


#: Profiles without a condition or a pregnancy: the buggy variant checks nothing, so a
#: pregnancy (no exercise lying on the back) would fail it too; its bug is the schedule.
PLAIN_PROFILES = bst.profiles(
    conditions=st.just(()),
    history=st.just(()),
    pregnancy_week=st.none(),
    weeks_postpartum=st.none(),
)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the buggy variant puts an intermediate trainee's glute days back to back",
)
def test_the_buggy_variant_is_safe() -> None:
    check_generator(buggy_generator.generate, profiles=PLAIN_PROFILES)


def test_the_bug_shrinks_to_a_minimal_profile() -> None:
    """The failing profile Hypothesis reports is the smallest: an intermediate trainee."""
    seen: list[Profile] = []

    def generate(profile: Profile) -> Any:
        seen.append(profile)
        return buggy_generator.generate(profile)

    with pytest.raises(AssertionError, match="BS703 modify at week 1, session 2 \\(day 2\\)"):
        check_generator(
            generate,
            profiles=PLAIN_PROFILES,
            settings=settings(database=None, suppress_health_check=[HealthCheck.too_slow]),
        )
    # Hypothesis runs the shrunk example last, to report it.
    assert seen[-1] == Profile(experience=Experience.INTERMEDIATE)
