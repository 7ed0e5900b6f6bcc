"""Rule kinds about the profile alone."""

from __future__ import annotations

import attrs

from backsafe.engine._check import ProfileCheck
from backsafe.engine._context import Context
from backsafe.engine._rule import Rule
from backsafe.kinds._common import advice, describe_condition
from backsafe.model import Condition, Profile

__all__ = ["ConditionPresent"]


@attrs.frozen
class ConditionPresent(ProfileCheck):
    """Report when the profile lists any of ``conditions``. Message field: ``{condition}``."""

    conditions: tuple[Condition, ...]
    advice: tuple[str, ...] = ()

    def check_profile(self, ctx: Context, rule: Rule, profile: Profile) -> None:
        found = [c for c in profile.conditions if c in self.conditions]
        if found:
            message = rule.format(condition=describe_condition(found))
            ctx.report(rule, message, None, advice(ctx.library, self.advice))
