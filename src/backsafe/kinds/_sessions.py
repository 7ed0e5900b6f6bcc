"""Rule kinds that look at one session at a time."""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs

from backsafe.engine._check import SessionCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.facts import SessionFacts
from backsafe.report import Action, Location, Safety, Suggestion

__all__ = ["MissingPart"]

_ACTIONS = {"warm_up": Action.ADD_WARM_UP, "cool_down": Action.ADD_COOL_DOWN}


@attrs.frozen
class MissingPart(SessionCheck):
    """Report sessions with strength work whose ``part`` lacks a proper item.

    A warm-up needs a warm-up item (light cardio, dynamic stretches, leg swings, hip
    circles) or conditioning; a cool-down needs a cool-down item (static stretches, foam
    rolling). An empty part lacks one, of course.

    Message field: ``{session}`` ("Session 2 (Lower A)", or "Session 2" when unnamed).
    Suggests adding ``add``, a list of catalog ids, with the packs' doses (a safe fix).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"session"})
    actions = (Action.ADD_WARM_UP, Action.ADD_COOL_DOWN)
    part: Literal["warm_up", "cool_down"]
    add: tuple[str, ...] = attrs.field(metadata=refers_to("exercise"))

    @property
    def fix_actions(self) -> tuple[Action, ...]:
        return (_ACTIONS[self.part],) if self.add else ()

    def check_session(self, ctx: Context, rule: Rule, session: SessionFacts) -> None:
        if not session.strength or getattr(session, self.part):
            return
        where = (session.week, session.number, session.session.day, session.session.name)
        key = (rule.code, self.add, where)
        message, location, suggestions = ctx.remember(key, self._found, ctx, rule, session)
        ctx.report(rule, message, location, suggestions)

    def _found(
        self, ctx: Context, rule: Rule, session: SessionFacts
    ) -> tuple[str, Location, tuple[Suggestion, ...]]:
        """The message, location and suggestion of a finding about ``session``."""
        library = ctx.library

        def make() -> Suggestion:
            names = ", ".join(library.catalog.get(item).name for item in self.add)
            found = tuple(d for d in map(library.dose_for, self.add) if d is not None)
            dose = found if len(found) == len(self.add) else ()
            action = _ACTIONS[self.part]
            return Suggestion(action, Safety.SAFE, f"Add {names}.", items=self.add, dose=dose)

        suggestion = ctx.remember((rule.code, self.add), make)
        label = f"Session {session.number}"
        if session.session.name:
            label += f" ({session.session.name})"
        return rule.format(session=label), session.location(), (suggestion,)
