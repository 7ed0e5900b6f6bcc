"""What checks may consult besides the facts: the catalog, substitutes and advice texts."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from backsafe._facts import ProfileFacts
from backsafe.catalog import Catalog, Exercise
from backsafe.report import Reference

__all__ = ["Advice", "Library"]


@attrs.frozen
class Advice:
    """A piece of advice for a person (a treatment method, when to seek help), sourced."""

    id: str
    text: str
    references: tuple[Reference, ...] = ()


@attrs.frozen(eq=False)
class Library:
    """The catalog, the substitutes for risky exercises, and the advice texts of the packs.

    ``substitutes`` maps an exercise family id, or a guide group id, to the ids of the
    exercises to suggest instead, best first; ``"*"`` applies to any other exercise.
    """

    catalog: Catalog
    substitutes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    advice: Mapping[str, Advice] = attrs.field(factory=dict)

    def substitutes_for(self, exercise: Exercise, profile: ProfileFacts) -> tuple[Exercise, ...]:
        """The exercises to suggest instead of ``exercise``, that the person can do.

        Looks up the exercise's family first, then its group, then the default entry
        ``"*"``; leaves out exercises that need equipment the profile does not list.
        """
        ids: tuple[str, ...] = ()
        for key in (exercise.family, exercise.group, "*"):
            if key is not None and key in self.substitutes:
                ids = self.substitutes[key]
                break
        found = []
        for exercise_id in ids:
            substitute = self.catalog.get(exercise_id)
            if substitute.id != exercise.id and profile.can_use(substitute.equipment):
                found.append(substitute)
        return tuple(found)
