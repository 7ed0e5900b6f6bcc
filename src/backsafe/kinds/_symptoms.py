"""Rule kinds about the symptoms: triage by pattern, and symptoms in both legs."""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs

from backsafe.engine._check import SymptomsCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.facts import Triage
from backsafe.kinds._common import advice, describe_symptom
from backsafe.model import Region, Symptom, SymptomKind

__all__ = ["Answer", "BilateralLegSymptoms", "RegionMatch", "SymptomPattern", "SymptomsMatch"]

Answer = bool | Literal["unknown"]
RegionMatch = Region | Literal["unknown"]
_FLAGS = (
    "worsens_with_activity",
    "improves_with_rest",
    "interferes_with_daily_activities",
    "progressive",
)


def _answer(value: bool | None) -> Answer:
    return "unknown" if value is None else value


@attrs.frozen
class SymptomPattern:
    """Which symptoms match: all the given criteria hold.

    ``regions`` may include ``"unknown"`` for a symptom with no region. Each yes/no field
    lists the answers that match (``true``, ``false``, ``"unknown"``); a field not given
    matches any answer. ``longer_than_days`` matches a duration strictly above it.
    """

    kinds: tuple[SymptomKind, ...]
    regions: tuple[RegionMatch, ...] | None = None
    intensity_at_least: int | None = None
    intensity_at_most: int | None = None
    longer_than_days: int | None = None
    worsens_with_activity: tuple[Answer, ...] | None = None
    improves_with_rest: tuple[Answer, ...] | None = None
    interferes_with_daily_activities: tuple[Answer, ...] | None = None
    progressive: tuple[Answer, ...] | None = None

    def matches(self, symptom: Symptom) -> bool:
        """Whether ``symptom`` matches every criterion."""
        if symptom.kind not in self.kinds:
            return False
        if self.regions is not None and (symptom.region or "unknown") not in self.regions:
            return False
        intensity = symptom.intensity or 0
        if self.intensity_at_least is not None and intensity < self.intensity_at_least:
            return False
        if self.intensity_at_most is not None and intensity > self.intensity_at_most:
            return False
        if self.longer_than_days is not None and (
            symptom.duration_days is None or symptom.duration_days <= self.longer_than_days
        ):
            return False
        for flag in _FLAGS:
            allowed = getattr(self, flag)
            if allowed is not None and _answer(getattr(symptom, flag)) not in allowed:
                return False
        return True


@attrs.frozen
class SymptomsMatch(SymptomsCheck):
    """Report once when any symptom matches any of ``patterns``.

    Message fields: ``{symptom}`` (the first match, described) and ``{count}`` (how many
    symptoms match). ``advice`` names advice texts given as display-only suggestions.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"symptom", "count"})
    patterns: tuple[SymptomPattern, ...]
    advice: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("advice"))

    def check_symptoms(self, ctx: Context, rule: Rule, triage: Triage) -> None:
        found = [s for s in triage.symptoms if any(p.matches(s) for p in self.patterns)]
        if found:
            message = rule.format(symptom=describe_symptom(found[0]), count=len(found))
            ctx.report(rule, message, None, advice(ctx.library, self.advice))


_LEG_SIDES = (Region.LEFT_LEG, Region.RIGHT_LEG)


@attrs.frozen
class BilateralLegSymptoms(SymptomsCheck):
    """Report when symptoms of ``kinds`` are felt in both legs (``legs``, or each side).

    Message field: ``{symptoms}``, the symptoms described.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"symptoms"})
    kinds: tuple[SymptomKind, ...]
    advice: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("advice"))

    def check_symptoms(self, ctx: Context, rule: Rule, triage: Triage) -> None:
        in_legs = triage.in_legs(frozenset(self.kinds))
        regions = {s.region for s in in_legs}
        if Region.LEGS in regions or all(side in regions for side in _LEG_SIDES):
            described = "; ".join(describe_symptom(s) for s in in_legs)
            ctx.report(
                rule, rule.format(symptoms=described), None, advice(ctx.library, self.advice)
            )
