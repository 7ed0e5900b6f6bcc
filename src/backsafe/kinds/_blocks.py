"""Rule kinds that look at one block at a time."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar, Literal

import attrs

from backsafe.catalog import Exercise, Loading, Risk, SuggestionBudget
from backsafe.engine._check import BlockCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.kinds._common import replacements
from backsafe.model import Block, RangeOfMotion
from backsafe.report import Action, Safety, Suggestion

__all__ = [
    "ConditionLoading",
    "ConditionRisk",
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


def _describe_load(exercise: Exercise, risks: tuple[Risk, ...] = ()) -> str:
    """What loads the spine in ``exercise``: "spinal loading high; loaded spinal flexion"."""
    shown = risks or exercise.risks
    words = [f"spinal loading {exercise.loading}", *(risk.description for risk in shown)]
    return "; ".join(words)


@attrs.frozen
class _ConditionBlocks(BlockCheck):
    """Blocks that a condition of the profile makes risky (the shared part of two kinds).

    ``from_pregnancy_week``: only from this week of pregnancy on; ``before_postpartum_week``:
    only before this many weeks after birth. A week the profile does not give counts as
    within the limit (the less favourable answer).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset(
        {"exercise", "loading", "condition", "risk"}
    )
    actions = (Action.REPLACE_EXERCISE,)
    screens_substitutes = True
    conditions: tuple[str, ...] = attrs.field(metadata=refers_to("condition"))
    from_pregnancy_week: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    before_postpartum_week: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )

    def active(self, ctx: Context) -> bool:
        profile = ctx.profile_facts
        if profile.conditions.isdisjoint(self.conditions):
            return False
        week = profile.pregnancy_week
        if (
            self.from_pregnancy_week is not None
            and week is not None
            and week < self.from_pregnancy_week
        ):
            return False
        postpartum = profile.weeks_postpartum
        return not (
            self.before_postpartum_week is not None
            and postpartum is not None
            and postpartum >= self.before_postpartum_week
        )

    def _matched(self, exercise: Exercise) -> tuple[Risk, ...]:
        return ()

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        assert exercise is not None
        profile = ctx.profile_facts
        had = tuple(c for c in profile.listed if c in self.conditions)
        key = (rule.code, exercise.id, had, profile.equipment, ctx.screens)
        message, suggestions = ctx.remember(key, self._found, ctx, rule, exercise, had)
        ctx.report(rule, message, ctx.here(), suggestions)

    def _found(self, ctx: Context, rule: Rule, exercise: Exercise, had: tuple[str, ...]) -> _Found:
        message = rule.format(
            exercise=exercise.name,
            loading=exercise.loading,
            condition=ctx.library.describe_conditions(had),
            risk=_describe_load(exercise, self._matched(exercise)),
        )
        return message, replacements(ctx.library, exercise, ctx.profile_facts, ctx.screens)


@attrs.frozen
class ConditionLoading(_ConditionBlocks):
    """Report blocks that load the spine ``at_least`` so much, for people with ``conditions``.

    Blocks whose exercise has any of ``risks`` (see `backsafe.catalog.Risk`) are reported
    too, whatever their loading class. Message fields: ``{exercise}``, ``{loading}``,
    ``{condition}``, ``{risk}`` (what loads the spine: "spinal loading high; loaded
    spinal flexion"). Suggests the pack's substitutes (unsafe fixes: they change the
    exercise). See `ConditionRisk` for the week options.
    """

    at_least: Loading = Loading.HIGH
    risks: tuple[Risk, ...] = ()

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is not None and (
            exercise.loading.rank >= self.at_least.rank
            or any(risk in self.risks for risk in exercise.risks)
        )

    def _matched(self, exercise: Exercise) -> tuple[Risk, ...]:
        return tuple(risk for risk in exercise.risks if risk in self.risks)


@attrs.frozen
class ConditionRisk(_ConditionBlocks):
    """Report blocks whose exercise has any of ``risks``, for people with ``conditions``.

    ``from_pregnancy_week`` limits the rule to pregnancies from that week on,
    ``before_postpartum_week`` to the weeks after birth before that one; a week the
    profile leaves out counts as within the limit. Message fields: ``{exercise}``,
    ``{loading}``, ``{condition}``, ``{risk}`` (the risks found, in words). Suggests the
    pack's substitutes.
    """

    risks: tuple[Risk, ...] = attrs.field(kw_only=True, validator=attrs.validators.min_len(1))

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is not None and any(risk in self.risks for risk in exercise.risks)

    def _matched(self, exercise: Exercise) -> tuple[Risk, ...]:
        return tuple(risk for risk in exercise.risks if risk in self.risks)


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
        message, suggestions = ctx.remember((rule.code, exercise.id), self._found, rule, exercise)
        ctx.report(rule, message, ctx.here(), suggestions)

    # Not a closure in check_block: a closure's cells would cost every call, found or not.
    def _found(self, rule: Rule, exercise: Exercise) -> _Found:
        cue = self.cues[0]
        add = Suggestion(Action.ADD_CUE, Safety.SAFE, f"Add the cue {cue!r}.", cue=cue)
        return rule.format(exercise=exercise.name), (add,)


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
        message, suggestions = ctx.remember((rule.code, exercise.id), self._found, rule, exercise)
        ctx.report(rule, message, ctx.here(), suggestions)

    def _found(self, rule: Rule, exercise: Exercise) -> _Found:
        change = Suggestion(
            Action.SET_RANGE_OF_MOTION,
            Safety.UNSAFE,
            f"Use a {self.instead} range of motion.",
            range_of_motion=self.instead,
        )
        return rule.format(exercise=exercise.name), (change,)


@attrs.frozen
class RegressWithPain(BlockCheck):
    """While pain is reported, report blocks to regress.

    Blocks of ``groups`` loading the spine at least ``at_least``, of any exercise
    loading it at least ``any_at_least`` (when given), and of any exercise with one of
    ``risks``, are reported; back-friendly exercises are left alone. Message fields:
    ``{exercise}``, ``{intensity}``. Suggests the pack's substitutes, or, when none fits
    the profile, leaving the block out while the pain lasts (unsafe fixes).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"exercise", "intensity"})
    actions = (Action.REPLACE_EXERCISE, Action.REMOVE_BLOCK)
    groups: tuple[str, ...] = attrs.field(metadata=refers_to("group"))
    at_least: Loading = Loading.LOW
    any_at_least: Loading | None = None
    risks: tuple[Risk, ...] = ()

    def active(self, ctx: Context) -> bool:
        return bool(ctx.triage.pain)

    def applies_to(self, exercise: Exercise | None) -> bool:
        if exercise is None or exercise.back_friendly:
            return False
        rank = exercise.loading.rank
        if exercise.group in self.groups and rank >= self.at_least.rank:
            return True
        if any(risk in self.risks for risk in exercise.risks):
            return True
        return self.any_at_least is not None and rank >= self.any_at_least.rank

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        assert exercise is not None
        intensity = ctx.triage.max_pain
        key = (rule.code, exercise.id, intensity, ctx.profile_facts.equipment, ctx.screens)
        message, suggestions = ctx.remember(key, _regress, ctx, rule, exercise, intensity)
        ctx.report(rule, message, ctx.here(), suggestions)


def _regress(ctx: Context, rule: Rule, exercise: Exercise, intensity: int | None) -> _Found:
    """The message and suggestions of `RegressWithPain` for ``exercise``."""
    message = rule.format(exercise=exercise.name, intensity=intensity)
    found = replacements(ctx.library, exercise, ctx.profile_facts, ctx.screens)
    if not found:
        leave_out = f"Leave {exercise.name} out while the pain lasts."
        found = (Suggestion(Action.REMOVE_BLOCK, Safety.UNSAFE, leave_out),)
    return message, found


@attrs.frozen
class UnknownExercise(BlockCheck):
    """Report blocks whose exercise the catalog cannot resolve.

    A name that closely matches a risky exercise is judged as that exercise
    (`backsafe.catalog.Catalog.presume`): the rules of that exercise apply to the block,
    and this finding says so. ``when`` limits the rule to checks in which risk matters
    (``at-risk``: the profile states one of ``conditions``, or any condition with
    ``any_condition``, or pain is reported and ``with_pain`` is set) or to the others
    (``not-at-risk``); by default it reports ``always``.

    Message fields: ``{name}``, ``{closest}`` (the names suggested), ``{judged}`` (" It is
    judged as Romanian deadlift (...), the known exercise it most likely names." or
    nothing), ``{reason}`` (what makes risk matter: "a herniated disc and reported
    pain", or "no known risk"). Suggests the closest known exercises ("did you mean"),
    leaving out any that is riskier than the name's closest reading (see
    `backsafe.catalog.Exercise.riskier_than`) or needs equipment the profile lacks, as
    display-only suggestions: ``fix`` never renames an exercise on a guess. The
    suggestions are looked up for the first ``backsafe.catalog.MAX_SUGGESTED_NAMES``
    (1,000) distinct unknown names of a plan (a search each); past those, ``{closest}``
    says that none were looked up.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"name", "closest", "judged", "reason"})
    when: Literal["always", "at-risk", "not-at-risk"] = "always"
    conditions: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("condition"))
    any_condition: bool = False
    with_pain: bool = False

    def _reasons(self, ctx: Context) -> tuple[tuple[str, ...], bool]:
        """The conditions, and whether reported pain, that make risk matter."""
        profile = ctx.profile_facts
        if self.any_condition:
            found = profile.listed
        else:
            found = tuple(c for c in profile.listed if c in self.conditions)
        return found, self.with_pain and bool(ctx.triage.pain)

    def active(self, ctx: Context) -> bool:
        if self.when == "always":
            return True
        if not ctx.profile_facts.listed and not (self.with_pain and ctx.symptoms):
            return self.when == "not-at-risk"  # nothing stated, nothing reported
        conditions, pain = self._reasons(ctx)
        at_risk = bool(conditions) or pain
        return at_risk if self.when == "at-risk" else not at_risk

    def applies_to(self, exercise: Exercise | None) -> bool:
        return exercise is None

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        catalog = ctx.library.catalog
        profile = ctx.profile_facts
        conditions, pain = self._reasons(ctx)
        budget = ctx.per_check.get(rule.code)
        if budget is None:
            budget = ctx.per_check[rule.code] = SuggestionBudget()
        looked_up = budget.allows(block.exercise)
        if not looked_up and ctx.full(rule):
            ctx.report(rule, "")  # counted, not listed
            return

        def make() -> _Found:
            found = catalog.resolve(block.exercise).suggestions if looked_up else ()
            closest = [catalog.get(exercise_id) for exercise_id in found]
            reading = exercise if exercise is not None else (closest[0] if closest else None)
            shown = [
                candidate
                for candidate in closest
                if profile.can_use(candidate.equipment)
                and (reading is None or not candidate.riskier_than(reading))
            ]
            suggestions = tuple(
                Suggestion(
                    Action.REPLACE_EXERCISE,
                    Safety.DISPLAY_ONLY,
                    f"Did you mean {candidate.name}?",
                    exercise=candidate.id,
                )
                for candidate in shown
            )
            judged = (
                ""
                if exercise is None
                else f" It is judged as {exercise.name} ({_describe_load(exercise)}), the "
                "known exercise it most likely names."
            )
            reasons = [ctx.library.describe_conditions(conditions)] if conditions else []
            if pain:
                reasons.append("reported pain")
            unsought = f"not looked up (the plan has more than {budget.limit} unknown names)"
            message = rule.format(
                name=block.exercise,
                closest=", ".join(candidate.name for candidate in shown)
                or ("none" if looked_up else unsought),
                judged=judged,
                reason=" and ".join(reasons) or "no known risk",
            )
            return message, suggestions

        key = (rule.code, block.exercise, profile.equipment, conditions, pain, looked_up)
        message, suggestions = ctx.remember(key, make)
        ctx.report(rule, message, ctx.here(), suggestions)
