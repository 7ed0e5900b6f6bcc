"""A Python rule: at most 2 glute sessions a week in the post-partum period."""

from __future__ import annotations

from typing import ClassVar

import attrs

from backsafe import Level, Reference
from backsafe.engine import Context, Rule, WeekCheck
from backsafe.facts import WeekFacts

#: The most glute sessions a week the clinic's post-partum protocol allows.
MAX_SESSIONS = 2


@attrs.frozen
class PostPartumSessions(WeekCheck):
    """Report weeks with more than ``most`` glute sessions for a post-partum client."""

    message_fields: ClassVar[frozenset[str]] = frozenset({"count", "most"})
    most: int = MAX_SESSIONS

    def active(self, ctx: Context) -> bool:
        return "postpartum" in ctx.profile_facts.conditions

    def check_week(self, ctx: Context, rule: Rule, week: WeekFacts) -> None:
        if week.glute_sessions > self.most:
            message = rule.format(count=week.glute_sessions, most=self.most)
            ctx.report(rule, message, week.location())


POST_PARTUM_SESSIONS = Rule(
    code="CL100",
    name="post-partum-glute-sessions",
    topic="frequency",
    level=Level.MODIFY,
    check=PostPartumSessions(),
    message=(
        "{count} glute sessions this week; the clinic's post-partum protocol allows at most {most}."
    ),
    summary="At most 2 glute sessions a week for a client in the post-partum period.",
    why="The clinic's post-partum return-to-training protocol builds volume gradually.",
    fix="Drop or merge glute sessions so that the week has at most 2.",
    references=(
        Reference(
            "clinic-protocol", "Example clinic: post-partum return to training protocol, 2026"
        ),
    ),
)
