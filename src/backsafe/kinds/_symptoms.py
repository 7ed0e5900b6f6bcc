"""Rule kinds about the symptoms: triage by pattern, and symptoms in both legs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Literal

import attrs

from backsafe.engine._check import SymptomsCheck
from backsafe.engine._context import Context
from backsafe.engine._options import refers_to
from backsafe.engine._rule import Rule
from backsafe.facts import LEG_AREAS, ProfileFacts, Triage, area_of, on_both_sides, side_of
from backsafe.kinds._common import advice, describe_history, describe_symptom
from backsafe.model import History, Onset, Region, Side, Symptom, SymptomKind

__all__ = [
    "Answer",
    "BilateralLegSymptoms",
    "OnsetMatch",
    "RegionMatch",
    "SideMatch",
    "SymptomPattern",
    "SymptomsMatch",
]

Answer = bool | Literal["unknown"]
RegionMatch = Region | Literal["unknown"]
SideMatch = Side | Literal["unknown"]
OnsetMatch = Onset | Literal["unknown"]

_FLAGS = (
    "worsens_with_activity",
    "improves_with_rest",
    "interferes_with_daily_activities",
    "progressive",
    "radiating",
    "constant",
    "worse_at_night",
    "new_onset",
)
# A pattern's legacy region names the leg and its side: "left-leg" matches the left leg or
# both legs, "legs" only both.
_LEGACY_SIDES = {
    Region.LEFT_LEG: frozenset({Side.LEFT, Side.BOTH}),
    Region.RIGHT_LEG: frozenset({Side.RIGHT, Side.BOTH}),
    Region.LEGS: frozenset({Side.BOTH}),
}


def _answer(value: bool | None) -> Answer:
    return "unknown" if value is None else value


# A pattern's region that covers others: any part of a leg is in the leg, the front and
# back of the thigh are in the thigh.
_WITHIN = {
    Region.LEG: LEG_AREAS,
    Region.THIGH: frozenset({Region.THIGH, Region.THIGH_FRONT, Region.THIGH_BACK}),
}


def _in_region(symptom: Symptom, regions: tuple[RegionMatch, ...]) -> bool:
    if symptom.region is None:
        return "unknown" in regions
    area = area_of(symptom)
    side = side_of(symptom)
    for region in regions:
        if region == "unknown":
            continue
        sides = _LEGACY_SIDES.get(region)
        if sides is not None:
            if area in LEG_AREAS and side in sides:
                return True
        elif area in _WITHIN.get(region, (region,)):
            return True
    return False


@attrs.frozen
class SymptomPattern:
    """Which symptoms match: all the given criteria hold.

    ``regions`` may include ``"unknown"`` for a symptom with no region. A region covers
    its parts: ``leg`` matches any part of a leg (``thigh``, ``thigh-front``,
    ``thigh-back``, ``lower-leg``, and the legs named with a side), ``thigh`` its front
    and back; ``left-leg``, ``right-leg`` and ``legs`` match any part of a leg on that
    side (``left-leg``: the left leg, or both). ``sides`` lists the sides that match
    (``left``, ``right``, ``both``, ``"unknown"``), the side a leg region names
    included. Each yes/no field lists the answers that match (``true``, ``false``,
    ``"unknown"``); a field not given matches any answer. ``onsets`` lists the onsets
    that match (``"unknown"`` for none given). ``longer_than_days`` matches a duration
    strictly above it.

    ``bilateral``: the symptoms that match the other criteria must, together, be felt on
    both sides (one on both sides, or one left and another right); otherwise none match.
    Pain rated 0 is no pain and matches no pattern.
    """

    kinds: tuple[SymptomKind, ...]
    regions: tuple[RegionMatch, ...] | None = None
    sides: tuple[SideMatch, ...] | None = None
    bilateral: bool = False
    intensity_at_least: int | None = None
    intensity_at_most: int | None = None
    longer_than_days: int | None = None
    worsens_with_activity: tuple[Answer, ...] | None = None
    improves_with_rest: tuple[Answer, ...] | None = None
    interferes_with_daily_activities: tuple[Answer, ...] | None = None
    progressive: tuple[Answer, ...] | None = None
    radiating: tuple[Answer, ...] | None = None
    constant: tuple[Answer, ...] | None = None
    worse_at_night: tuple[Answer, ...] | None = None
    new_onset: tuple[Answer, ...] | None = None
    onsets: tuple[OnsetMatch, ...] | None = None

    def matches(self, symptom: Symptom) -> bool:
        """Whether ``symptom`` matches every criterion but ``bilateral``."""
        if symptom.kind not in self.kinds:
            return False
        if self.regions is not None and not _in_region(symptom, self.regions):
            return False
        if self.sides is not None and (side_of(symptom) or "unknown") not in self.sides:
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
        if self.onsets is not None and (symptom.onset or "unknown") not in self.onsets:
            return False
        for flag in _FLAGS:
            allowed = getattr(self, flag)
            if allowed is not None and _answer(getattr(symptom, flag)) not in allowed:
                return False
        return True

    def find(self, felt: Iterable[Symptom]) -> list[Symptom]:
        """The symptoms of ``felt`` that match (none, if bilateral and not on both sides)."""
        found = [s for s in felt if self.matches(s)]
        if self.bilateral and not on_both_sides(found):
            return []
        return found


def _profile_matches(
    profile: ProfileFacts,
    history: tuple[History, ...] | None,
    older_than: int | None,
    younger_than: int | None,
) -> tuple[bool, tuple[History, ...]]:
    """Whether the profile meets the criteria, and the history items that did."""
    had: tuple[History, ...] = ()
    if history is not None:
        had = tuple(item for item in history if item in profile.history)
        if not had:
            return False, had
    if older_than is not None or younger_than is not None:
        age = profile.age
        if age is None:
            return False, had
        old = older_than is not None and age > older_than
        young = younger_than is not None and age < younger_than
        if not (old or young):
            return False, had
    return True, had


@attrs.frozen
class SymptomsMatch(SymptomsCheck):
    """Report once when any symptom matches any of ``patterns``, for the person described.

    The person: when ``history`` is given, the profile's history must hold one of its
    items (a condition with the same id counts); when ``older_than`` or ``younger_than``
    is given, the profile's age must be above the one or below the other. Without a
    profile, or with the age or history not given, those criteria are not met: backsafe
    assumes no risk factor it is not told of.

    Message fields: ``{symptom}`` (the first match, described), ``{symptoms}`` (every
    match, described), ``{count}`` (how many symptoms match), ``{history}`` (the history
    items that matched, in words) and ``{age}``. ``advice`` names advice texts given as
    display-only suggestions.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset(
        {"symptom", "symptoms", "count", "history", "age"}
    )
    patterns: tuple[SymptomPattern, ...]
    advice: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("advice"))
    history: tuple[History, ...] | None = None
    older_than: int | None = None
    younger_than: int | None = None

    def check_symptoms(self, ctx: Context, rule: Rule, triage: Triage) -> None:
        met, had = _profile_matches(
            ctx.profile_facts, self.history, self.older_than, self.younger_than
        )
        if not met:
            return
        matched: set[int] = set()
        for pattern in self.patterns:
            matched.update(id(s) for s in pattern.find(triage.felt))
        found = [s for s in triage.felt if id(s) in matched]
        if found:
            message = rule.format(
                symptom=describe_symptom(found[0]),
                symptoms="; ".join(describe_symptom(s) for s in found),
                count=len(found),
                history=describe_history(had),
                age=ctx.profile_facts.age,
            )
            ctx.report(rule, message, None, advice(ctx.library, self.advice))


@attrs.frozen
class BilateralLegSymptoms(SymptomsCheck):
    """Report when symptoms of ``kinds`` are felt in both legs.

    Any part of a leg counts (``leg``, ``thigh``, ``thigh-front``, ``thigh-back``,
    ``lower-leg``, and ``left-leg``, ``right-leg``, ``legs``); both legs means one
    symptom on both sides, or symptoms on the left and on the right. Pain counts when its
    ``radiating`` answer is one of ``radiating`` (by default radiating or not known: pain
    reported as local muscle soreness, ``radiating = false``, does not). With
    ``buttocks``, a symptom in a buttock counts with the leg below it (numbness in the
    left buttock and tingling in the right thigh are on both sides), pain there only when
    it is reported to radiate: a sore buttock after glute work is not a nerve symptom. A
    leg must be among them (both buttocks alone are the saddle area's pattern).
    Message field: ``{symptoms}``, the symptoms described.
    """

    message_fields: ClassVar[frozenset[str]] = frozenset({"symptoms"})
    kinds: tuple[SymptomKind, ...]
    radiating: tuple[Answer, ...] = (True, "unknown")
    buttocks: bool = False
    advice: tuple[str, ...] = attrs.field(default=(), metadata=refers_to("advice"))

    def _counts(self, symptom: Symptom) -> bool:
        if symptom.kind not in self.kinds:
            return False
        area = area_of(symptom)
        if area in LEG_AREAS:
            return (
                symptom.kind is not SymptomKind.PAIN or _answer(symptom.radiating) in self.radiating
            )
        if self.buttocks and area is Region.BUTTOCK:
            return symptom.kind is not SymptomKind.PAIN or symptom.radiating is True
        return False

    def check_symptoms(self, ctx: Context, rule: Rule, triage: Triage) -> None:
        in_legs = [s for s in triage.felt if self._counts(s)]
        if on_both_sides(in_legs) and any(area_of(s) in LEG_AREAS for s in in_legs):
            described = "; ".join(describe_symptom(s) for s in in_legs)
            ctx.report(
                rule, rule.format(symptoms=described), None, advice(ctx.library, self.advice)
            )
