"""Rule kinds about the profile alone."""

from __future__ import annotations

from typing import ClassVar

import attrs

from backsafe.engine._check import ProfileCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.kinds._common import advice
from backsafe.model import Profile

__all__ = ["ConditionPresent", "UnknownCondition"]


@attrs.frozen
class ConditionPresent(ProfileCheck):
    """Report when the profile states any of ``conditions``. Message field: ``{condition}``.

    A condition is stated when the profile lists it or a field implies it (see
    `backsafe.facts.ProfileFacts`). ``advice`` names advice texts given as display-only
    suggestions.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"condition"})
    conditions: tuple[str, ...] = attrs.field(metadata=refers_to("condition"))
    advice: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("advice"))

    def check_profile(self, ctx: Context, rule: Rule, profile: Profile) -> None:
        found = [c for c in ctx.profile_facts.listed if c in self.conditions]
        if found:
            message = rule.format(condition=ctx.library.describe_conditions(found))
            ctx.report(rule, message, None, advice(ctx.library, self.advice))


@attrs.frozen
class UnknownCondition(ProfileCheck):
    """Report the profile's conditions that no loaded pack knows.

    A condition is known when a pack declares it (a ``[condition.ID]`` table) and so has
    rules for it; any other is reported, because a plan cannot be judged safe for a
    condition nothing checks. ``also`` lists known conditions reported all the same
    (``other-back-condition``: a diagnosis without specific rules). Message field:
    ``{condition}``.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"condition"})
    also: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("condition"))
    advice: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("advice"))

    def check_profile(self, ctx: Context, rule: Rule, profile: Profile) -> None:
        known = ctx.library.conditions
        found = [c for c in ctx.profile_facts.listed if c not in known or c in self.also]
        if found:
            message = rule.format(condition=ctx.library.describe_conditions(found))
            ctx.report(rule, message, None, advice(ctx.library, self.advice))
