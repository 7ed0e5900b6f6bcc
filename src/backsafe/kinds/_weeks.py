"""Rule kinds that look at one week at a time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from backsafe.catalog import Muscle
from backsafe.engine._check import WeekCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.facts import WeekFacts
from backsafe.model import Experience
from backsafe.report import Action, Location, Safety, Suggestion

__all__ = ["GluteSessions", "WeeklyWork"]


@attrs.frozen
class GluteSessions(WeekCheck):
    """Report weeks with more than ``more_than``, or fewer than ``fewer_than``, glute sessions.

    ``by_experience`` replaces ``more_than`` for a profile of that experience. Weeks
    without glute work are not judged by ``fewer_than``. Message fields: ``{count}``,
    ``{limit}``. Suggests, for too many sessions, taking glute work out of the sessions
    the week cannot hold (an unsafe fix: it changes the schedule).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"count", "limit"})
    actions = (Action.REMOVE_SESSION,)
    more_than: int | None = None
    fewer_than: int | None = None
    by_experience: Mapping[Experience, int] = attrs.field(factory=dict)

    @property
    def fix_actions(self) -> tuple[Action, ...]:
        return self.actions if self.more_than is not None else ()

    def check_week(self, ctx: Context, rule: Rule, week: WeekFacts) -> None:
        count = week.glute_sessions
        if self.more_than is not None:
            experience = ctx.profile_facts.experience
            limit = (
                self.by_experience.get(experience, self.more_than) if experience else self.more_than
            )
            if count > limit:
                key = (rule.code, count, limit, week.number)
                message, merge, location = ctx.remember(key, _too_many, rule, count, limit, week)
                ctx.report(rule, message, location, merge)
        if self.fewer_than is not None and 0 < count < self.fewer_than:
            ctx.report(rule, rule.format(count=count, limit=self.fewer_than), week.location())


def _too_many(
    rule: Rule, count: int, limit: int, week: WeekFacts
) -> tuple[str, tuple[Suggestion, ...], Location]:
    """The message, suggestion and location of `GluteSessions` for too many sessions."""
    merge = Suggestion(
        Action.REMOVE_SESSION,
        Safety.UNSAFE,
        f"Keep glute work in at most {limit} sessions with a rest day between "
        "them; merge the other sessions' glute work into them.",
    )
    return rule.format(count=count, limit=limit), (merge,), week.location()


@attrs.frozen
class WeeklyWork(WeekCheck):
    """In weeks with glute work, report what the week lacks.

    ``core``: core and lower-back strengthening; ``muscles``: strength work with each of
    these as a primary muscle. Message field: ``{missing}`` ("quadriceps or calves").
    Suggests adding the exercises of ``add`` (a muscle, or ``core``, to a catalog id).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"missing"})
    actions = (Action.ADD_EXERCISE,)
    core: bool = False
    muscles: tuple[Muscle, ...] = ()
    add: Mapping[str, str] = attrs.field(factory=dict, metadata=refers_to("exercise"))

    @property
    def fix_actions(self) -> tuple[Action, ...]:
        return self.actions if self.add else ()

    def check_week(self, ctx: Context, rule: Rule, week: WeekFacts) -> None:
        if not week.glute_sessions:
            return
        # What a week lacks depends on its muscle bits and core work alone.
        key = (rule.code, week.muscles, week.core_work)
        found = ctx.remember(key, self._missing, ctx, rule, week)
        if found is not None:
            ctx.report(rule, found[0], week.location(), found[1])

    def _missing(
        self, ctx: Context, rule: Rule, week: WeekFacts
    ) -> tuple[str, tuple[Suggestion, ...]] | None:
        """The message and suggestions for what ``week`` lacks; ``None``: nothing."""
        missing = [str(m) for m in self.muscles if not week.works(m)]
        if self.core and not week.core_work:
            missing.insert(0, "core")
        if not missing:
            return None
        catalog = ctx.library.catalog
        suggestions = []
        for what in missing:
            exercise_id = self.add.get(what)
            if exercise_id is not None:
                name = catalog.get(exercise_id).name
                suggestions.append(
                    Suggestion(
                        Action.ADD_EXERCISE,
                        Safety.UNSAFE,
                        f"Add {name} this week.",
                        exercise=exercise_id,
                    )
                )
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
        return rule.format(missing=listed), tuple(suggestions)
