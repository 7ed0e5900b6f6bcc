"""The generator with a bug, to show that its property test catches it.

This "fast" variant trusts its own schedule and does not check its programs at run time
(a generator making millions of programs may leave the checking to its CI). Its bug: to
keep the weekend free, intermediate trainees train glutes on Monday, Tuesday and Thursday,
so two glute sessions fall on consecutive days (backsafe's BS703). The property test in
``test_generator.py`` finds it, and Hypothesis shrinks the profile to the smallest one
that shows it: an intermediate trainee, nothing else given.
"""

from __future__ import annotations

from glute_generator import SCHEDULES, build

from backsafe import Experience, Plan, Profile

BUGGY_SCHEDULES = {**SCHEDULES, Experience.INTERMEDIATE: (1, 2, 4)}


def generate(profile: Profile, weeks: int = 8) -> Plan:
    """A program built without checking it (and with the scheduling bug)."""
    plan, _ = build(profile, weeks, {}, BUGGY_SCHEDULES[profile.experience])
    return plan
