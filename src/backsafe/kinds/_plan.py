"""Rule kinds that look at the whole plan: schedules, series and first appearances."""

from __future__ import annotations

import math
import operator
from itertools import pairwise
from typing import ClassVar

import attrs

from backsafe.engine._check import PlanCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.facts import BlockRef, GroupUse, LoadPoint, PlanFacts, SessionFacts
from backsafe.model import Block, Plan
from backsafe.report import Action, Location, Safety, Suggestion

__all__ = [
    "ConsecutiveGluteDays",
    "FirstLoad",
    "GroupPresent",
    "LoadJump",
    "WorkloadRatio",
    "percent_rise",
]

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
        sessions = facts.glute_sessions
        if len(sessions) < 2:
            return
        # Days since the start of the plan (SessionFacts.absolute_day), read once each.
        days = [s.week * 7 - 7 + s.session.day for s in sessions]
        ordered = sorted(days)
        if ordered != days:  # sessions out of day order within a week: sort them, stably
            order = sorted(range(len(days)), key=days.__getitem__)
            sessions = tuple([sessions[i] for i in order])
            days = ordered
        next_day = [i for i, (a, b) in enumerate(pairwise(days), 1) if b - a == 1]
        for index in next_day:
            earlier, later = sessions[index - 1], sessions[index]
            key = (rule.code, earlier.week, earlier.day, later.week, later.number, later.day)
            message, location = ctx.remember(key, _after, rule, earlier, later)
            ctx.report(rule, message, location, _MOVE)


def _after(rule: Rule, earlier: SessionFacts, later: SessionFacts) -> tuple[str, Location]:
    """The message and location of a glute session the day after ``earlier``."""
    message = rule.format(previous=f"week {earlier.week}, day {earlier.day}")
    return message, later.location()


#: Loads closer than this are equal: float arithmetic must not make 55 kg "more than 10%
#: over 50 kg".
_KG_TOLERANCE = 1e-9


def percent_rise(before: float, after: float, limit: float) -> str:
    """The rise from ``before`` to ``after`` in percent, shown precisely enough.

    ``limit`` is the largest rise allowed, in percent. The rise is shown with as few
    decimals as keep it visibly above ``limit`` ("10.3", "10.04", "11"): a rise reported
    as too large never reads as one that is allowed. Tiny loads make huge rises, shown
    as "more than 1,000,000".
    """
    rise = (after / before - 1) * 100 if before > 0 else math.inf
    if rise >= 1e6:
        return "more than 1,000,000"
    for digits in range(1, 7):
        shown = f"{rise:.{digits}f}"
        if float(shown) > limit:
            return shown.rstrip("0").rstrip(".")
    return f"more than {limit:g}"


_LOAD = operator.attrgetter("load_kg")


def _heaviest(points: tuple[LoadPoint, ...]) -> LoadPoint:
    """The heaviest point, the latest of equals."""
    best = points[0]
    for point in points[1:]:
        if point.load_kg >= best.load_kg:
            best = point
    return best


def _name(ctx: Context, ref: BlockRef) -> str:
    exercise = ctx.library.catalog.lookup(ref.name)
    return exercise.name if exercise is not None else ref.name


def _block_of(plan: Plan, ref: BlockRef) -> Block:
    session = plan.weeks[ref.week - 1].sessions[ref.session - 1]
    part: tuple[Block, ...] = getattr(session, ref.part.value)
    return part[ref.block - 1]


@attrs.frozen
class LoadJump(PlanCheck):
    """Report a load increase above ``max_increase`` (a fraction) on the same movement.

    A movement is an exercise family (`backsafe.facts.PlanFacts.loads`), so a renamed
    variant continues its series. Each week's heaviest load is compared with the
    heaviest of the ``window`` earlier weeks that had the movement (a lighter week in
    between, a deload, does not become the baseline). A rise is reported when it is
    above ``max_increase`` and also above ``min_step_kg``, the smallest practical step,
    so that the smallest step a light lift can take is not a jump. Rises from 0 kg (body
    weight) have no percentage; see `FirstLoad`. Message fields: ``{exercise}``,
    ``{before}``, ``{after}``, ``{percent}`` (shown precisely enough to be above the
    limit), ``{since}`` ("week 1", or "week 1, Barbell hip thrust" when another variant
    had it), ``{step}`` (the largest rise allowed, in kg), ``{limit}`` (``max_increase`` in
    percent, so that a message follows an override of it). Suggests a load limit (an
    unsafe fix).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset(
        {"exercise", "before", "after", "percent", "since", "step", "limit"}
    )
    actions = (Action.LIMIT_LOAD,)
    max_increase: float = attrs.field(default=0.10, validator=attrs.validators.gt(0))
    min_step_kg: float = attrs.field(default=0.0, validator=attrs.validators.ge(0))
    window: int = attrs.field(default=1, validator=attrs.validators.ge(1))

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        window = self.window
        factor = 1 + self.max_increase
        step = self.min_step_kg + _KG_TOLERANCE
        for series in facts.loads.values():
            loads = list(map(_LOAD, series))
            if len(loads) < 2 or max(loads) <= 0:
                continue
            for index, (previous, after) in enumerate(pairwise(loads), 1):
                # The baseline is at least the previous week's load, and the allowed rise
                # grows with the baseline: a rise allowed over the previous week is allowed.
                if after <= previous * factor + _KG_TOLERANCE or after <= previous + step:
                    continue
                before = max(loads[index - window if index > window else 0 : index])
                if (
                    before <= 0
                    or after <= before * factor + _KG_TOLERANCE
                    or after <= before + step
                ):
                    continue
                self._report(ctx, rule, series, index, before)

    def _report(
        self, ctx: Context, rule: Rule, series: tuple[LoadPoint, ...], index: int, before: float
    ) -> None:
        later = series[index]
        earlier = _heaviest(series[max(0, index - self.window) : index])
        at = later.block
        # Everything the finding depends on: a generator's plans repeat their jumps.
        key = (
            rule.code,
            before,
            later.load_kg,
            earlier.week,
            earlier.block.name,
            at.week,
            at.session,
            at.day,
            id(at.part),  # a Part member, by identity (an enum's hash is slow)
            at.block,
            at.name,
            at.exercise,
        )
        found = ctx.remember(key, self._found, ctx, rule, later, earlier, before)
        message, suggestions, location = found
        ctx.report(rule, message, location, suggestions)

    def _found(
        self, ctx: Context, rule: Rule, later: LoadPoint, earlier: LoadPoint, before: float
    ) -> tuple[str, tuple[Suggestion, ...], Location]:
        """The message, load limit and location of the jump to ``later``."""
        after = later.load_kg
        allowed = max(before * (1 + self.max_increase), before + self.min_step_kg)
        limit = math.floor(allowed * 10 + _KG_TOLERANCE) / 10
        suggestion = Suggestion(
            Action.LIMIT_LOAD,
            Safety.UNSAFE,
            f"Use at most {limit:g} kg.",
            load_kg=limit,
        )
        name = _name(ctx, later.block)
        since = f"week {earlier.week}"
        earlier_name = _name(ctx, earlier.block)
        if earlier_name != name:
            since += f", {earlier_name}"
        message = rule.format(
            exercise=name,
            before=f"{before:g}",
            after=f"{after:g}",
            percent=percent_rise(before, after, self.max_increase * 100),
            since=since,
            step=f"{allowed - before:.3g}",
            limit=f"{self.max_increase * 100:g}",
        )
        return message, (suggestion,), later.block.location()


@attrs.frozen
class FirstLoad(PlanCheck):
    """Report a movement's first loaded week after body-weight work, out of the starting range.

    A first load is a movement's first week with a load after earlier weeks of it at
    body weight (`backsafe.facts.PlanFacts.body_weight`), or a load after 0 kg in all of
    the ``window`` earlier weeks that had it. The heaviest loaded block of that week is
    judged: it should be a set of at least ``min_reps`` repetitions, the lower end of the
    starting range for loads (ACSM 2009: 8-12 repetitions). A percentage from 0 kg means
    nothing, so the rise is judged by what the block shows. Message fields:
    ``{exercise}``, ``{after}``, ``{since}``, ``{reps}`` ("5 repetitions", "a timed set"),
    ``{min_reps}``.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset(
        {"exercise", "after", "since", "reps", "min_reps"}
    )
    min_reps: int = attrs.field(default=8, validator=attrs.validators.ge(1))
    window: int = attrs.field(default=1, validator=attrs.validators.ge(1))

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        window = self.window
        body_weight = facts.body_weight
        for family, series in facts.loads.items():
            first = series[0]
            since = body_weight.get(family)
            if first.load_kg > 0 and since is not None and since < first.week:
                self._judge(ctx, rule, facts, first, since)
            if len(series) < 2:
                continue
            loads = list(map(_LOAD, series))
            if min(loads) > 0 or max(loads) <= 0:
                continue
            for index, (previous, after) in enumerate(pairwise(loads), 1):
                # After 0 kg: a load that follows a week at 0 kg, and no load in the window.
                if after <= 0 or previous > 0:
                    continue
                start = index - window if index > window else 0
                if max(loads[start:index]) <= 0:
                    self._judge(ctx, rule, facts, series[index], series[index - 1].week)

    def _judge(
        self, ctx: Context, rule: Rule, facts: PlanFacts, point: LoadPoint, since: int
    ) -> None:
        block = _block_of(facts.plan, point.block)
        if block.reps is not None and block.reps >= self.min_reps:
            return
        reps = (
            "a timed set"
            if block.reps is None
            else f"{block.reps} repetition{'s' if block.reps != 1 else ''}"
        )
        message = rule.format(
            exercise=_name(ctx, point.block),
            after=f"{point.load_kg:g}",
            since=f"week {since}",
            reps=reps,
            min_reps=self.min_reps,
        )
        ctx.report(rule, message, point.block.location())


@attrs.frozen
class WorkloadRatio(PlanCheck):
    """Report weeks whose glute volume is ``at_least`` times the rolling average.

    The acute:chronic workload ratio: this week's glute volume (sets x reps) over the
    mean of the ``chronic_weeks`` weeks ending with it. Weeks from ``from_week`` on are
    judged; where the window reaches back before the plan, those weeks are taken to be
    like the plan's first week (the person's training before the plan is not known, and
    the first week is its best estimate). Message fields: ``{ratio}``, ``{volume}``,
    ``{average}``.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"ratio", "volume", "average"})
    at_least: float = attrs.field(default=1.5, validator=attrs.validators.gt(0))
    chronic_weeks: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    from_week: int = attrs.field(default=4, validator=attrs.validators.ge(1))

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        volumes = [week.glute_reps for week in facts.weeks]
        if not volumes:
            return
        before_plan = [volumes[0]] * (self.chronic_weeks - 1)
        padded = before_plan + volumes
        for index in range(self.from_week - 1, len(volumes)):
            end = index + len(before_plan)
            window = padded[end - self.chronic_weeks + 1 : end + 1]
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
        first = use.first
        key = (rule.code, use.blocks, *first[:3], id(first.part), *first[4:])
        message, location = ctx.remember(key, _present, ctx, rule, use)
        ctx.report(rule, message, location)


def _present(ctx: Context, rule: Rule, use: GroupUse) -> tuple[str, Location]:
    """The message and location of `GroupPresent` for a group used as ``use`` says."""
    count = use.blocks
    exercise = ctx.library.catalog.lookup(use.first.name)
    name = exercise.name if exercise else use.first.name
    blocks = f"{count} block{'s' if count != 1 else ''}"
    return rule.format(exercise=name, count=count, blocks=blocks), use.first.location()
