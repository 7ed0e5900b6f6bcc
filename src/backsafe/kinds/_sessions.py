"""Rule kinds that look at one session at a time."""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs

from backsafe.engine._check import SessionCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.facts import SessionFacts
from backsafe.report import Action, Safety, Suggestion

__all__ = ["MissingPart"]

_ACTIONS = {"warm_up": Action.ADD_WARM_UP, "cool_down": Action.ADD_COOL_DOWN}


@attrs.frozen
class MissingPart(SessionCheck):
    """Report sessions with strength work whose ``part`` lacks a proper item.

    A warm-up needs a warm-up item (light cardio, dynamic stretches, leg swings, hip
    circles) or conditioning; a cool-down needs a cool-down item (static stretches, foam
    rolling). An empty part lacks one, of course.

    Message field: ``{session}`` ("Session 2 (Lower A)", or "Session 2" when unnamed).
    Suggests adding ``add``, a list of catalog ids (a safe fix).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"session"})
    fixable = True
    part: Literal["warm_up", "cool_down"]
    add: tuple[str, ...] = attrs.field(metadata=refers_to("exercise"))

    def check_session(self, ctx: Context, rule: Rule, session: SessionFacts) -> None:
        if not session.strength or getattr(session, self.part):
            return
        catalog = ctx.library.catalog
        names = ", ".join(catalog.get(item).name for item in self.add)
        suggestion = Suggestion(_ACTIONS[self.part], Safety.SAFE, f"Add {names}.", items=self.add)
        label = f"Session {session.number}"
        if session.session.name:
            label += f" ({session.session.name})"
        ctx.report(rule, rule.format(session=label), session.location(), (suggestion,))
