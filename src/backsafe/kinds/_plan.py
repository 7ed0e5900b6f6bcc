"""Rule kinds that look at the whole plan: schedules, series and first appearances."""

from __future__ import annotations

import math
from itertools import pairwise

import attrs

from backsafe._facts import PlanFacts, location_of
from backsafe.engine._check import PlanCheck
from backsafe.engine._context import Context
from backsafe.engine._rule import Rule
from backsafe.report import Action, Location, Safety, Suggestion

__all__ = ["ConsecutiveGluteDays", "GroupPresent", "LoadJump", "WorkloadRatio"]

_MOVE = (
    Suggestion(
        Action.MOVE_SESSION,
        Safety.UNSAFE,
        "Move this session's glute work so that a rest day separates it from the previous "
        "glute session.",
    ),
)


@attrs.frozen
class ConsecutiveGluteDays(PlanCheck):
    """Report glute sessions the day after another, across week boundaries too.

    Message fields: ``{previous}`` (week and day of the earlier session). Located at the
    later session.
    """

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        days = sorted(facts.glute_sessions, key=lambda s: s.absolute_day)
        for earlier, later in pairwise(days):
            if later.absolute_day - earlier.absolute_day == 1:
                previous = f"week {earlier.week}, day {earlier.day}"
                ctx.report(rule, rule.format(previous=previous), later.location(), _MOVE)


def _percent(before: float, after: float) -> str:
    """The rise from ``before`` to ``after`` in whole percent (tiny loads make huge ones)."""
    rise = (after / before - 1) * 100 if before > 0 else math.inf
    return f"{rise:.0f}" if rise < 1e6 else "more than 1,000,000"


@attrs.frozen
class LoadJump(PlanCheck):
    """Report a load increase above ``max_increase`` (a fraction) on the same exercise.

    Compares each week's heaviest load of an exercise with the last earlier week that
    had it. Message fields: ``{exercise}``, ``{before}``, ``{after}``, ``{percent}``,
    ``{since}``. Suggests a load limit (an unsafe fix).
    """

    fixable = True
    max_increase: float = 0.10

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        for exercise_id, series in facts.loads.items():
            for (week_before, before, _), (_, after, where) in pairwise(series):
                if before <= 0 or after <= before * (1 + self.max_increase):
                    continue
                limit = round(before * (1 + self.max_increase), 1)
                suggestion = Suggestion(
                    Action.LIMIT_LOAD,
                    Safety.UNSAFE,
                    f"Use at most {limit:g} kg.",
                    load_kg=limit,
                )
                exercise = ctx.library.catalog.lookup(where[5])
                message = rule.format(
                    exercise=exercise.name if exercise else exercise_id,
                    before=f"{before:g}",
                    after=f"{after:g}",
                    percent=_percent(before, after),
                    since=f"week {week_before}",
                )
                ctx.report(rule, message, location_of(where), (suggestion,))


@attrs.frozen
class WorkloadRatio(PlanCheck):
    """Report weeks whose glute volume is ``at_least`` times the rolling average.

    The acute:chronic workload ratio: this week's glute volume (sets x reps) over the
    mean of the ``chronic_weeks`` weeks ending with it, judged once that many weeks
    exist. Message fields: ``{ratio}``, ``{volume}``, ``{average}``.
    """

    at_least: float = 1.5
    chronic_weeks: int = 4

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        volumes = [week.glute_reps for week in facts.weeks]
        for index in range(self.chronic_weeks - 1, len(volumes)):
            window = volumes[index - self.chronic_weeks + 1 : index + 1]
            average = sum(window) / len(window)
            if average <= 0:
                continue
            ratio = volumes[index] / average
            if ratio >= self.at_least:
                message = rule.format(
                    ratio=f"{ratio:.2f}", volume=volumes[index], average=f"{average:.0f}"
                )
                ctx.report(rule, message, Location(index + 1))


@attrs.frozen
class GroupPresent(PlanCheck):
    """Report, once, that the plan has exercises of ``group``, at their first block.

    Message fields: ``{exercise}`` (the first one's name), ``{count}`` and ``{blocks}``
    (the count, as "1 block" or "3 blocks").
    """

    group: str

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        first = facts.group_first.get(self.group)
        if first is None:
            return
        count = facts.group_blocks[self.group]
        exercise = ctx.library.catalog.lookup(first[5])
        name = exercise.name if exercise else first[5]
        blocks = f"{count} block{'s' if count != 1 else ''}"
        ctx.report(rule, rule.format(exercise=name, count=count, blocks=blocks), location_of(first))
