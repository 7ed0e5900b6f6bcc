"""Reusable properties: run them in a test, and Hypothesis finds and shrinks a counterexample.

`check_generator` asserts that a training-program generator never emits a plan above a
level, for any profile drawn; when it does, Hypothesis shrinks the profile to a minimal
one and the failure lists the findings and shows the offending week.

Needs Hypothesis (``pip install "backsafe[testing]"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import given, note
from hypothesis import settings as Settings
from hypothesis import strategies as st

from backsafe._fix._properties import (
    assert_closed,
    assert_deterministic,
    assert_fix_properties,
    assert_idempotent,
    assert_never_worse,
    assert_stable,
)
from backsafe.engine import Checker
from backsafe.model import Plan, Profile
from backsafe.report import Level
from backsafe.testing import strategies
from backsafe.testing.assertions import assert_safe

__all__ = [
    "assert_closed",
    "assert_deterministic",
    "assert_fix_properties",
    "assert_idempotent",
    "assert_never_worse",
    "assert_stable",
    "check_generator",
]

Generated = Plan | Iterable[Plan]


def check_generator(
    generate: Callable[[Profile], Generated],
    *,
    profiles: st.SearchStrategy[Profile] | None = None,
    max_level: Level | str | None = None,
    checker: Checker | None = None,
    settings: Settings | None = None,
) -> None:
    """Assert that ``generate(profile)`` is at most ``max_level`` for every profile drawn.

    ``generate`` returns a `backsafe.Plan` (or several: a list or other iterable of
    plans, each checked). ``profiles`` draws the profiles (by default
    `backsafe.testing.strategies.profiles`); each plan is checked for its profile with
    `backsafe.testing.assertions.assert_safe`, so ``max_level`` and ``checker`` default
    to the run's bar and packs (``caution`` and the installed packs outside pytest).
    ``settings`` are Hypothesis settings for this property (by default the active
    profile's). Raises the assertion of the smallest failing profile Hypothesis finds.
    """
    __tracebackhide__ = True
    drawn = strategies.profiles() if profiles is None else profiles

    @given(profile=drawn)
    def generator_is_safe(profile: Profile) -> None:
        __tracebackhide__ = True
        made = generate(profile)
        plans = [made] if isinstance(made, Plan) else list(made)
        for number, plan in enumerate(plans, 1):
            assert isinstance(plan, Plan), (
                f"the generator returned {type(plan).__name__}, not a backsafe.Plan"
            )
            if len(plans) > 1:
                note(f"plan {number} of {len(plans)}")
            assert_safe(plan, profile, max_level=max_level, checker=checker)

    test: Any = generator_is_safe if settings is None else settings(generator_is_safe)
    test()


# --- the fix properties ----------------------------------------------------------------
# `backsafe.fix`'s own properties, as plain functions that raise AssertionError with a
# readable message: for a Hypothesis test of a generator's repairs, or of a pack's fixes.
