"""The rule kind that reports an adapter's notes on how it read the plan."""

from __future__ import annotations

from typing import ClassVar

import attrs

from backsafe.engine._check import PlanCheck
from backsafe.engine._context import Context
from backsafe.engine._rule import Rule
from backsafe.facts import PlanFacts
from backsafe.report import Level

__all__ = ["InputNotes"]


@attrs.frozen
class InputNotes(PlanCheck):
    """Report each note whose level is from ``at_least`` to ``at_most``, where it applies.

    Notes come from adapters (`backsafe.adapters.InputNote`): what they assumed, converted
    or could not read. A finding has the rule's level, or the note's when that is higher.
    Notes of the kinds ``at_risk_kinds`` are raised to ``at_risk_level`` when risk matters:
    the profile states a condition (any) or pain is reported. An item left out of the
    check is then as serious as an exercise name that cannot be resolved (the person's
    condition may be exactly what it would aggravate).

    Message fields: ``{note}`` (the note's message), ``{kind}``, and ``{source}`` (" (at
    <field path in the source document>)", or empty).
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"note", "kind", "source"})
    at_least: Level = Level.INFO
    at_most: Level = Level.URGENT
    at_risk_kinds: tuple[str, ...] = ()
    at_risk_level: Level = Level.MODIFY

    def active(self, ctx: Context) -> bool:
        return bool(ctx.notes)

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        at_risk = bool(self.at_risk_kinds) and (
            bool(ctx.profile_facts.listed) or bool(ctx.triage.pain)
        )
        for note in ctx.notes:
            if not self.at_least <= note.level <= self.at_most:
                continue
            source = f" (at {note.source})" if note.source else ""
            message = rule.format(note=note.message, kind=note.kind, source=source)
            level = note.level
            if at_risk and note.kind in self.at_risk_kinds:
                level = max(level, self.at_risk_level)
            ctx.report(rule, message, note.location, level=level)
