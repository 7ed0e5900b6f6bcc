"""The facts of the symptoms a person reports: the inputs of triage.

Regions are read as a clinician would: ``left-leg``, ``right-leg`` and ``legs`` are the
leg with its side (left, right, both), so a rule asks about an *area* and a *side*
whatever spelling the report used. A region that has sides but none given is read as one
side (the region's name is singular: "buttock", "thigh"), never as both: symptoms count
as bilateral only when the report says so (``side = "both"``, ``legs``) or names each
side. Rules that turn on the side say so in their messages, so a report that leaves it
out is told what would change the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import attrs

from backsafe.model import Region, Side, Symptom, SymptomKind

__all__ = ["LEG_AREAS", "Triage", "area_of", "on_both_sides", "side_of"]

_LEGACY_LEGS = {Region.LEFT_LEG: Side.LEFT, Region.RIGHT_LEG: Side.RIGHT, Region.LEGS: Side.BOTH}

#: The areas that are part of a leg (after reading ``left-leg``, ``right-leg`` and ``legs``
#: as ``leg`` with a side).
LEG_AREAS = frozenset(
    {Region.LEG, Region.THIGH, Region.THIGH_FRONT, Region.THIGH_BACK, Region.LOWER_LEG}
)


def area_of(symptom: Symptom) -> Region | None:
    """Where ``symptom`` is felt, with ``left-leg``, ``right-leg`` and ``legs`` read as ``leg``."""
    region = symptom.region
    return Region.LEG if region in _LEGACY_LEGS else region


def side_of(symptom: Symptom) -> Side | None:
    """The side of ``symptom``: its ``side``, or the side its region names (``legs``: both)."""
    region = symptom.region
    if region is not None and region in _LEGACY_LEGS:
        return _LEGACY_LEGS[region]
    return symptom.side


def on_both_sides(symptoms: Iterable[Symptom]) -> bool:
    """Whether ``symptoms`` together are felt on both sides.

    True when one of them is on both sides, or one is on the left and another on the
    right. A symptom whose side is not given counts as one side, not as either.
    """
    sides = {side_of(s) for s in symptoms}
    return Side.BOTH in sides or (Side.LEFT in sides and Side.RIGHT in sides)


@attrs.frozen
class Triage:
    """The symptoms, as triage asks about them.

    ``felt`` leaves out pain rated 0, which is no pain; ``pain`` lists the pain reports
    with an intensity of at least 1, wherever felt.
    """

    symptoms: tuple[Symptom, ...] = ()

    @cached_property
    def felt(self) -> tuple[Symptom, ...]:
        """Every symptom but pain rated 0."""
        return tuple(
            s for s in self.symptoms if not (s.kind is SymptomKind.PAIN and (s.intensity or 0) < 1)
        )

    @cached_property
    def pain(self) -> tuple[Symptom, ...]:
        """Pain of intensity 1-10."""
        return tuple(s for s in self.felt if s.kind is SymptomKind.PAIN)

    @cached_property
    def max_pain(self) -> int:
        """The highest pain intensity reported (0 when none)."""
        return max((s.intensity or 0 for s in self.pain), default=0)

    def in_legs(self, kinds: frozenset[SymptomKind]) -> tuple[Symptom, ...]:
        """The felt symptoms of ``kinds`` in a leg (any part of it, on any side)."""
        return tuple(s for s in self.felt if s.kind in kinds and area_of(s) in LEG_AREAS)
