"""Rule kinds that look at one block at a time."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import attrs

from backsafe.catalog import Exercise, Loading, SuggestionBudget
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


_Found = tuple[str, tuple[Suggestion, ...]]


def _cue_key(cue: str) -> str:
    return "-".join(cue.replace("_", " ").replace("-", " ").casefold().split())


_MEMO_LIMIT = 4096


def _memo() -> Any:
    return attrs.field(factory=dict, init=False, repr=False, eq=False)


def _remember(memo: dict[Hashable, _Found], key: Hashable, make: Callable[[], _Found]) -> _Found:
    """The message and suggestions for ``key``, made only once.

    A generator checking many plans meets the same exercise in the same circumstances
    again and again; the memo keeps the cost of a finding to its location.
    """
    found = memo.get(key)
    if found is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        found = memo[key] = make()
    return found


@attrs.frozen
class ConditionLoading(BlockCheck):
    """Report blocks that load the spine ``at_least`` so much, for people with ``conditions``.

    Message fields: ``{exercise}``, ``{loading}``, ``{condition}``. Suggests the pack's
    substitutes (unsafe fixes: they change the exercise).
    """

    fixable = True
    conditions: tuple[Condition, ...]
    at_least: Loading = Loading.HIGH
    _found: dict[Hashable, _Found] = _memo()

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
                exercise=exercise.name, loading=exercise.loading, condition=describe_condition(had)
            )
            return message, replacements(ctx.library, exercise, profile)

        key = (rule.code, exercise.id, had, profile.equipment)
        message, suggestions = _remember(self._found, key, make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class MissingCue(BlockCheck):
    """Report blocks of ``groups`` whose cues include none of ``cues``.

    Cues are compared in any case, with spaces or underscores for hyphens ("Brace core"
    is ``brace-core``). Message field: ``{exercise}``. Suggests adding the first cue (a
    safe fix).
    """

    fixable = True
    groups: tuple[str, ...]
    cues: tuple[str, ...]
    _accepted: frozenset[str] = attrs.field(init=False, repr=False, eq=False)
    _found: dict[Hashable, _Found] = _memo()

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_accepted", frozenset(_cue_key(cue) for cue in self.cues))

    def applies_to(self, exercise: Exercise | None) -> bool:
        return _in_groups(exercise, self.groups)

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        cues = block.cues
        if cues and not (
            self._accepted.isdisjoint(cues) and self._accepted.isdisjoint(map(_cue_key, cues))
        ):
            return
        assert exercise is not None

        def make() -> _Found:
            cue = self.cues[0]
            add = Suggestion(Action.ADD_CUE, Safety.SAFE, f"Add the cue {cue!r}.", cue=cue)
            return rule.format(exercise=exercise.name), (add,)

        message, suggestions = _remember(self._found, (rule.code, exercise.id), make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class RangeOfMotionCheck(BlockCheck):
    """Report blocks of ``groups`` done with range of motion ``when``.

    Message field: ``{exercise}``. Suggests ``instead`` (unsafe: it changes the movement).
    """

    fixable = True
    groups: tuple[str, ...]
    when: RangeOfMotion = RangeOfMotion.EXCESSIVE
    instead: RangeOfMotion = RangeOfMotion.FULL
    _found: dict[Hashable, _Found] = _memo()

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

        message, suggestions = _remember(self._found, (rule.code, exercise.id), make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class RegressWithPain(BlockCheck):
    """While pain is reported, report blocks to regress.

    Blocks of ``groups`` loading the spine at least ``at_least``, and of any exercise
    loading it at least ``any_at_least`` (when given), are reported; back-friendly
    exercises are left alone. Message fields: ``{exercise}``, ``{intensity}``. Suggests
    the pack's substitutes.
    """

    fixable = True
    groups: tuple[str, ...]
    at_least: Loading = Loading.LOW
    any_at_least: Loading | None = None
    _found: dict[Hashable, _Found] = _memo()

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
            return message, replacements(ctx.library, exercise, profile)

        key = (rule.code, exercise.id, intensity, profile.equipment)
        message, suggestions = _remember(self._found, key, make)
        ctx.report(rule, message, ctx.here(), suggestions)


@attrs.frozen
class UnknownExercise(BlockCheck):
    """Report blocks whose exercise the catalog cannot resolve.

    Message fields: ``{name}``, ``{closest}``. Suggests the closest known exercises, for
    the first ``backsafe.catalog.MAX_SUGGESTED_NAMES`` (100) distinct unknown names of a
    plan (a search each); past those, ``{closest}`` says that none were looked up.
    """

    fixable = True
    _found: dict[Hashable, _Found] = _memo()

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is None

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        catalog = ctx.library.catalog
        budget = ctx.per_check.get(rule.code)
        if budget is None:
            budget = ctx.per_check[rule.code] = SuggestionBudget()
        if not budget.allows(block.exercise):
            if ctx.full(rule):
                ctx.report(rule, "")  # counted, not listed
                return
            closest = f"not looked up (the plan has more than {budget.limit} unknown names)"
            ctx.report(rule, rule.format(name=block.exercise, closest=closest), ctx.here())
            return

        def make() -> _Found:
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
            return rule.format(name=block.exercise, closest=", ".join(names) or "none"), suggestions

        message, suggestions = _remember(self._found, (rule.code, block.exercise), make)
        ctx.report(rule, message, ctx.here(), suggestions)
