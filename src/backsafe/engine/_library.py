"""What checks may consult besides the facts: the catalog, substitutes, advice, conditions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from backsafe.catalog import Catalog, Exercise
from backsafe.facts import ProfileFacts
from backsafe.report import Dose, Level, Reference

__all__ = ["Advice", "ConditionInfo", "Library"]


@attrs.frozen
class Advice:
    """A piece of advice for a person (a treatment method, when to seek help), sourced.

    ``id`` is namespaced by the pack that gives it (``backsafe/ice``) unless it is the
    default pack's own. ``up_to`` is the highest verdict the advice is meant for (ice and
    "you may continue" are for mild pain, not for a person sent to a professional); a
    report whose verdict is higher leaves it out. ``None``: any verdict.
    """

    id: str
    text: str
    references: tuple[Reference, ...] = ()
    up_to: Level | None = None


@attrs.frozen
class ConditionInfo:
    """A condition a pack knows and has rules for: its id, name and where it comes from.

    ``name`` reads in a sentence ("a herniated disc"). A profile may list any condition
    id; one that no pack knows is reported, never passed over.
    """

    id: str
    name: str
    pack: str
    description: str = ""


@attrs.frozen(eq=False)
class Library:
    """The catalog, the substitutes for risky exercises, the advice, conditions and doses.

    ``substitutes`` maps an exercise family id, or a group id, to the ids of the
    exercises to suggest instead, best first; ``"*"`` applies to any other exercise.
    ``conditions`` are the conditions the packs know, by id. ``doses`` maps a catalog id
    (or ``"*"``) to the default dose of the exercise when a fix adds it.
    """

    catalog: Catalog
    substitutes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    advice: Mapping[str, Advice] = attrs.field(factory=dict)
    conditions: Mapping[str, ConditionInfo] = attrs.field(factory=dict)
    doses: Mapping[str, Dose] = attrs.field(factory=dict)

    def dose_for(self, exercise_id: str) -> Dose | None:
        """The default dose of the catalog exercise ``exercise_id``, when a fix adds it.

        Looks up the exercise's id, then its family, then the default entry ``"*"``;
        ``None`` when the packs give no dose.
        """
        exercise = self.catalog.get(exercise_id) if exercise_id in self.catalog else None
        family = exercise.family if exercise is not None else None
        for key in (exercise_id, family, "*"):
            if key is not None and key in self.doses:
                dose = self.doses[key]
                return (
                    dose
                    if dose.exercise == exercise_id
                    else attrs.evolve(dose, exercise=exercise_id)
                )
        return None

    def substitutes_for(self, exercise: Exercise, profile: ProfileFacts) -> tuple[Exercise, ...]:
        """The exercises to suggest instead of ``exercise``, that the person can do.

        Looks up the exercise's family first, then its group, then its role
        (``"role:core"``), then the default entry ``"*"``; leaves out exercises that need
        equipment the profile does not list.
        """
        ids: tuple[str, ...] = ()
        for key in (exercise.family, exercise.group, f"role:{exercise.role.value}", "*"):
            if key is not None and key in self.substitutes:
                ids = self.substitutes[key]
                break
        found = []
        for exercise_id in ids:
            substitute = self.catalog.get(exercise_id)
            if substitute.id != exercise.id and profile.can_use(substitute.equipment):
                found.append(substitute)
        return tuple(found)

    def describe_conditions(self, ids: Iterable[str]) -> str:
        """Conditions in words: ``a herniated disc and degenerative disc disease``.

        A condition no pack knows is named by its id ("the condition 'x-y'").
        """
        words = [
            self.conditions[i].name if i in self.conditions else f"the condition {i!r}" for i in ids
        ]
        if not words:
            return "no condition"
        return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
