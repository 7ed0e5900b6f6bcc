"""A rule kind: exercises, families or movement patterns a clinic restricts."""

from __future__ import annotations

from typing import ClassVar

import attrs

from backsafe.catalog import Exercise, Loading, Pattern
from backsafe.engine import BlockCheck, Context, Rule, refers_to
from backsafe.model import Block


@attrs.frozen
class ExercisePolicy(BlockCheck):
    """Report blocks of restricted exercises.

    A block is restricted when its exercise (or the exercise's family) is one of
    ``exercises``, or when its movement pattern is one of ``patterns`` and it loads the
    spine at least ``at_least``. With ``conditions``, only for people who have one of them.
    Message fields: ``{exercise}``, ``{condition}``.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"exercise", "condition"})
    exercises: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("exercise"))
    patterns: tuple[Pattern, ...] = ()
    at_least: Loading = Loading.NONE
    conditions: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("condition"))

    def active(self, ctx: Context) -> bool:
        return not self.conditions or any(
            c in ctx.profile_facts.conditions for c in self.conditions
        )

    def applies_to(self, exercise: Exercise | None) -> bool:
        if exercise is None:
            return False
        if exercise.id in self.exercises or exercise.family in self.exercises:
            return True
        return exercise.pattern in self.patterns and exercise.loading.rank >= self.at_least.rank

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        assert exercise is not None
        had = [c for c in self.conditions if c in ctx.profile_facts.conditions]
        condition = ctx.library.describe_conditions(had) if had else "the clinic's protocol"
        message = ctx.remember(
            (rule.code, exercise.id, tuple(had)),
            lambda: rule.format(exercise=exercise.name, condition=condition),
        )
        ctx.report(rule, message, ctx.here())
