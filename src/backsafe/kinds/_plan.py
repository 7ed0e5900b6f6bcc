"""Rule kinds that look at the whole plan: schedules, series and first appearances."""

from __future__ import annotations

import math
from itertools import pairwise
from typing import ClassVar

import attrs

from backsafe.engine._check import PlanCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.facts import PlanFacts
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

    message_fields: ClassVar[frozenset[str]] = frozenset({"previous"})
    actions = (Action.MOVE_SESSION,)

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

    message_fields: ClassVar[frozenset[str]] = frozenset(
        {"exercise", "before", "after", "percent", "since"}
    )
    actions = (Action.LIMIT_LOAD,)
    max_increase: float = attrs.field(default=0.10, validator=attrs.validators.gt(0))

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        factor = 1 + self.max_increase
        for exercise_id, series in facts.loads.items():
            if len(series) < 2:
                continue
            for earlier, later in pairwise(series):
                before = earlier.load_kg
                after = later.load_kg
                if after <= before * factor or before <= 0:
                    continue
                limit = round(before * factor, 1)
                suggestion = Suggestion(
                    Action.LIMIT_LOAD,
                    Safety.UNSAFE,
                    f"Use at most {limit:g} kg.",
                    load_kg=limit,
                )
                exercise = ctx.library.catalog.lookup(later.block.name)
                message = rule.format(
                    exercise=exercise.name if exercise else exercise_id,
                    before=f"{before:g}",
                    after=f"{after:g}",
                    percent=_percent(before, after),
                    since=f"week {earlier.week}",
                )
                ctx.report(rule, message, later.block.location(), (suggestion,))


@attrs.frozen
class WorkloadRatio(PlanCheck):
    """Report weeks whose glute volume is ``at_least`` times the rolling average.

    The acute:chronic workload ratio: this week's glute volume (sets x reps) over the
    mean of the ``chronic_weeks`` weeks ending with it, judged once that many weeks
    exist. Message fields: ``{ratio}``, ``{volume}``, ``{average}``.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"ratio", "volume", "average"})
    at_least: float = attrs.field(default=1.5, validator=attrs.validators.gt(0))
    chronic_weeks: int = attrs.field(default=4, validator=attrs.validators.ge(1))

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

    message_fields: ClassVar[frozenset[str]] = frozenset({"exercise", "count", "blocks"})
    group: str = attrs.field(metadata=refers_to("group"))

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        use = facts.groups.get(self.group)
        if use is None:
            return
        count = use.blocks
        exercise = ctx.library.catalog.lookup(use.first.name)
        name = exercise.name if exercise else use.first.name
        blocks = f"{count} block{'s' if count != 1 else ''}"
        message = rule.format(exercise=name, count=count, blocks=blocks)
        ctx.report(rule, message, use.first.location())
