"""Rule kinds that look at one block at a time."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

import attrs

from backsafe.catalog import Exercise, Loading
from backsafe.engine._check import BlockCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.kinds._common import replacements
from backsafe.model import Block, RangeOfMotion
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


_Found = tuple[str, tuple[Suggestion, ...]]


def _cue_key(cue: str) -> str:
    return "-".join(cue.replace("_", " ").replace("-", " ").casefold().split())


@attrs.frozen
class ConditionLoading(BlockCheck):
    """Report blocks that load the spine ``at_least`` so much, for people with ``conditions``.

    Message fields: ``{exercise}``, ``{loading}``, ``{condition}``. Suggests the pack's
    substitutes (unsafe fixes: they change the exercise).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"exercise", "loading", "condition"})
    actions = (Action.REPLACE_EXERCISE,)
    conditions: tuple[str, ...] = attrs.field(metadata=refers_to("condition"))
    at_least: Loading = Loading.HIGH

    def active(self, ctx: Context) -> bool:
        return any(c in ctx.profile_facts.conditions for c in self.conditions)

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is not None and exercise.loading.rank >= self.at_least.rank

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        assert exercise is not None
        profile = ctx.profile_facts
        had = tuple(c for c in self.conditions if c in profile.conditions)

        def make() -> _Found:
            message = rule.format(
                exercise=exercise.name,
                loading=exercise.loading,
                condition=ctx.library.describe_conditions(had),
            )
            return message, replacements(ctx.library, exercise, profile)

        key = (rule.code, exercise.id, had, profile.equipment)
        message, suggestions = ctx.remember(key, make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class MissingCue(BlockCheck):
    """Report blocks of ``groups`` whose cues include none of ``cues``.

    Cues are compared in any case, with spaces or underscores for hyphens ("Brace core"
    is ``brace-core``). Message field: ``{exercise}``. Suggests adding the first cue (a
    safe fix).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"exercise"})
    actions = (Action.ADD_CUE,)
    groups: tuple[str, ...] = attrs.field(metadata=refers_to("group"))
    cues: tuple[str, ...] = attrs.field(validator=attrs.validators.min_len(1))

    @cached_property
    def accepted(self) -> frozenset[str]:
        """The cues that satisfy the rule, compared as `MissingCue` says."""
        return frozenset(_cue_key(cue) for cue in self.cues)

    def applies_to(self, exercise: Exercise | None) -> bool:
        return _in_groups(exercise, self.groups)

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        cues = block.cues
        if cues:
            accepted = self.accepted
            if not (accepted.isdisjoint(cues) and accepted.isdisjoint(map(_cue_key, cues))):
                return
        assert exercise is not None

        def make() -> _Found:
            cue = self.cues[0]
            add = Suggestion(Action.ADD_CUE, Safety.SAFE, f"Add the cue {cue!r}.", cue=cue)
            return rule.format(exercise=exercise.name), (add,)

        message, suggestions = ctx.remember((rule.code, exercise.id), make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class RangeOfMotionCheck(BlockCheck):
    """Report blocks of ``groups`` done with range of motion ``when``.

    Message field: ``{exercise}``. Suggests ``instead`` (unsafe: it changes the movement).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"exercise"})
    actions = (Action.SET_RANGE_OF_MOTION,)
    groups: tuple[str, ...] = attrs.field(metadata=refers_to("group"))
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

        def make() -> _Found:
            change = Suggestion(
                Action.SET_RANGE_OF_MOTION,
                Safety.UNSAFE,
                f"Use a {self.instead} range of motion.",
                range_of_motion=self.instead,
            )
            return rule.format(exercise=exercise.name), (change,)

        message, suggestions = ctx.remember((rule.code, exercise.id), make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class RegressWithPain(BlockCheck):
    """While pain is reported, report blocks to regress.

    Blocks of ``groups`` loading the spine at least ``at_least``, and of any exercise
    loading it at least ``any_at_least`` (when given), are reported; back-friendly
    exercises are left alone. Message fields: ``{exercise}``, ``{intensity}``. Suggests
    the pack's substitutes, or, when none fits the profile, leaving the block out while
    the pain lasts (unsafe fixes).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"exercise", "intensity"})
    actions = (Action.REPLACE_EXERCISE, Action.REMOVE_BLOCK)
    groups: tuple[str, ...] = attrs.field(metadata=refers_to("group"))
    at_least: Loading = Loading.LOW
    any_at_least: Loading | None = None

    def active(self, ctx: Context) -> bool:
        return bool(ctx.triage.pain)

    def applies_to(self, exercise: Exercise | None) -> bool:
        if exercise is None or exercise.back_friendly:
            return False
        rank = exercise.loading.rank
        if exercise.group in self.groups and rank >= self.at_least.rank:
            return True
        return self.any_at_least is not None and rank >= self.any_at_least.rank

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        assert exercise is not None
        profile = ctx.profile_facts
        intensity = ctx.triage.max_pain

        def make() -> _Found:
            message = rule.format(exercise=exercise.name, intensity=intensity)
            found = replacements(ctx.library, exercise, profile)
            if not found:
                leave_out = f"Leave {exercise.name} out while the pain lasts."
                found = (Suggestion(Action.REMOVE_BLOCK, Safety.UNSAFE, leave_out),)
            return message, found

        key = (rule.code, exercise.id, intensity, profile.equipment)
        message, suggestions = ctx.remember(key, make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class UnknownExercise(BlockCheck):
    """Report blocks whose exercise the catalog cannot resolve.

    Message fields: ``{name}``, ``{closest}``. Suggests the closest known exercises, as
    display-only suggestions: ``fix`` never renames an exercise on a guess.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"name", "closest"})

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is None

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        catalog = ctx.library.catalog

        def make() -> _Found:
            closest = catalog.resolve(block.exercise).suggestions
            names = [catalog.get(exercise_id).name for exercise_id in closest]
            suggestions = tuple(
                Suggestion(
                    Action.REPLACE_EXERCISE,
                    Safety.DISPLAY_ONLY,
                    f"Did you mean {name}?",
                    exercise=exercise_id,
                )
                for exercise_id, name in zip(closest, names, strict=True)
            )
            return rule.format(name=block.exercise, closest=", ".join(names) or "none"), suggestions

        message, suggestions = ctx.remember((rule.code, block.exercise), make)
        ctx.report(rule, message, ctx.here(), suggestions)
