"""The facts of the symptoms a person reports: the inputs of triage."""

from __future__ import annotations

from functools import cached_property

import attrs

from backsafe.model import Region, Symptom, SymptomKind

__all__ = ["Triage"]

_LEGS = frozenset({Region.LEFT_LEG, Region.RIGHT_LEG, Region.LEGS})


@attrs.frozen
class Triage:
    """The symptoms, as triage asks about them.

    ``pain`` lists the pain reports with an intensity of at least 1, wherever felt.
    """

    symptoms: tuple[Symptom, ...] = ()

    @cached_property
    def pain(self) -> tuple[Symptom, ...]:
        """Pain of intensity 1-10."""
        return tuple(
            s for s in self.symptoms if s.kind is SymptomKind.PAIN and (s.intensity or 0) >= 1
        )

    @cached_property
    def max_pain(self) -> int:
        """The highest pain intensity reported (0 when none)."""
        return max((s.intensity or 0 for s in self.pain), default=0)

    def in_legs(self, kinds: frozenset[SymptomKind]) -> tuple[Symptom, ...]:
        """The symptoms of ``kinds`` felt in a leg or both legs (pain rated 0 is not felt)."""
        return tuple(
            s
            for s in self.symptoms
            if s.kind in kinds
            and s.region in _LEGS
            and not (s.kind is SymptomKind.PAIN and (s.intensity or 0) < 1)
        )
