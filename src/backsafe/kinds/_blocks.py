"""Rule kinds that look at one block at a time."""

from __future__ import annotations

import attrs

from backsafe.catalog import Exercise, Loading
from backsafe.engine._check import BlockCheck
from backsafe.engine._context import Context
from backsafe.engine._rule import Rule
from backsafe.kinds._common import describe_condition, replacements
from backsafe.model import Block, Condition, RangeOfMotion
from backsafe.report import Action, Safety, Suggestion

__all__ = [
    "ConditionLoading",
    "MissingCue",
    "RangeOfMotionCheck",
    "RegressWithPain",
    "UnknownExercise",
]


def _in_groups(exercise: Exercise | None, groups: tuple[str, ...]) -> bool:
    return exercise is not None and exercise.group in groups


@attrs.frozen
class ConditionLoading(BlockCheck):
    """Report blocks that load the spine ``at_least`` so much, for people with ``conditions``.

    Message fields: ``{exercise}``, ``{loading}``, ``{condition}``. Suggests the pack's
    substitutes (unsafe fixes: they change the exercise).
    """

    fixable = True
    conditions: tuple[Condition, ...]
    at_least: Loading = Loading.HIGH

    def active(self, ctx: Context) -> bool:
        return any(c in ctx.profile_facts.conditions for c in self.conditions)

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is not None and exercise.loading.rank >= self.at_least.rank

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        assert exercise is not None
        conditions = describe_condition(c for c in self.conditions if c in ctx.profile_facts.conditions)
        message = rule.format(
            exercise=exercise.name, loading=exercise.loading, condition=conditions
        )
        ctx.report(
            rule, message, ctx.here(), replacements(ctx.library, exercise, ctx.profile_facts)
        )


@attrs.frozen
class MissingCue(BlockCheck):
    """Report blocks of ``groups`` whose cues include none of ``cues``.

    Message field: ``{exercise}``. Suggests adding the first cue (a safe fix).
    """

    fixable = True
    groups: tuple[str, ...]
    cues: tuple[str, ...]
    _accepted: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_accepted", frozenset(self.cues))

    def applies_to(self, exercise: Exercise | None) -> bool:
        return _in_groups(exercise, self.groups)

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        if not self._accepted.isdisjoint(block.cues):
            return
        assert exercise is not None
        cue = self.cues[0]
        suggestion = Suggestion(Action.ADD_CUE, Safety.SAFE, f"Add the cue {cue!r}.", cue=cue)
        ctx.report(rule, rule.format(exercise=exercise.name), ctx.here(), (suggestion,))


@attrs.frozen
class RangeOfMotionCheck(BlockCheck):
    """Report blocks of ``groups`` done with range of motion ``when``.

    Message field: ``{exercise}``. Suggests ``instead`` (unsafe: it changes the movement).
    """

    fixable = True
    groups: tuple[str, ...]
    when: RangeOfMotion = RangeOfMotion.EXCESSIVE
    instead: RangeOfMotion = RangeOfMotion.FULL

    def applies_to(self, exercise: Exercise | None) -> bool:
        return _in_groups(exercise, self.groups)

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        if block.range_of_motion is not self.when:
            return
        assert exercise is not None
        suggestion = Suggestion(
            Action.SET_RANGE_OF_MOTION,
            Safety.UNSAFE,
            f"Use a {self.instead} range of motion.",
            range_of_motion=self.instead,
        )
        ctx.report(rule, rule.format(exercise=exercise.name), ctx.here(), (suggestion,))


@attrs.frozen
class RegressWithPain(BlockCheck):
    """While back pain is reported, report blocks of ``groups`` to regress.

    Back-friendly exercises, and exercises loading the spine less than ``at_least``,
    are left alone. Message fields: ``{exercise}``, ``{intensity}``. Suggests the pack's
    substitutes.
    """

    fixable = True
    groups: tuple[str, ...]
    at_least: Loading = Loading.LOW

    def active(self, ctx: Context) -> bool:
        return bool(ctx.triage.pain)

    def applies_to(self, exercise: Exercise | None) -> bool:
        return (
            _in_groups(exercise, self.groups)
            and exercise is not None
            and not exercise.back_friendly
            and exercise.loading.rank >= self.at_least.rank
        )

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        assert exercise is not None
        message = rule.format(exercise=exercise.name, intensity=ctx.triage.max_pain)
        ctx.report(
            rule, message, ctx.here(), replacements(ctx.library, exercise, ctx.profile_facts)
        )


@attrs.frozen
class UnknownExercise(BlockCheck):
    """Report blocks whose exercise the catalog cannot resolve.

    Message fields: ``{name}``, ``{closest}``. Suggests the closest known exercises.
    """

    fixable = True

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is None

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        catalog = ctx.library.catalog
        closest = catalog.resolve(block.exercise).suggestions
        names = [catalog.get(exercise_id).name for exercise_id in closest]
        suggestions = tuple(
            Suggestion(
                Action.REPLACE_EXERCISE,
                Safety.UNSAFE,
                f"Did you mean {name}?",
                exercise=exercise_id,
            )
            for exercise_id, name in zip(closest, names, strict=True)
        )
        message = rule.format(name=block.exercise, closest=", ".join(names) or "none")
        ctx.report(rule, message, ctx.here(), suggestions)
