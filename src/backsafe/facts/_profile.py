"""The facts of a profile, as the rules ask about it."""

from __future__ import annotations

import attrs

from backsafe.model import Condition, Equipment, Experience, History, Profile

__all__ = ["ProfileFacts"]


@attrs.frozen
class ProfileFacts:
    """The profile, as the rules ask about it.

    ``conditions`` are the condition ids the profile states: those it lists, and those a
    field implies (a ``pregnancy_week`` states a ``pregnancy``, a ``weeks_postpartum`` a
    ``postpartum``, a ``history`` of osteoporosis the ``osteoporosis`` condition, whichever
    field an intake form recorded it in); ``listed`` holds the same ids in the profile's
    order, the implied ones last. ``equipment`` is ``None`` when unknown (suggestions are
    then not limited by equipment). ``history`` holds the profile's red-flag risk factors, and any
    condition whose id is a history value (``osteoporosis`` listed as a condition counts
    as a history of osteoporosis). ``age``, ``pregnancy_week`` and ``weeks_postpartum``
    are ``None`` when not given.
    """

    profile: Profile | None
    conditions: frozenset[str] = frozenset()
    experience: Experience | None = None
    equipment: frozenset[Equipment] | None = None
    history: frozenset[History] = frozenset()
    age: int | None = None
    listed: tuple[str, ...] = ()
    pregnancy_week: int | None = None
    weeks_postpartum: int | None = None

    @classmethod
    def of(cls, profile: Profile | None) -> ProfileFacts:
        """Derive the facts of ``profile`` (``None``: nothing is known)."""
        if profile is None:
            return _NO_PROFILE
        equipment = None if profile.equipment is None else frozenset(profile.equipment)
        listed = profile.conditions
        implied = []
        if profile.pregnancy_week is not None:
            implied.append(Condition.PREGNANCY.value)
        if profile.weeks_postpartum is not None:
            implied.append(Condition.POSTPARTUM.value)
        implied += (_CONDITION_OF[item] for item in profile.history if item in _CONDITION_OF)
        if implied:
            listed = (*listed, *(c for c in implied if c not in listed))
        conditions = frozenset(listed)
        history = frozenset(profile.history) | {_HISTORY[c] for c in conditions if c in _HISTORY}
        return cls(
            profile,
            conditions,
            profile.experience,
            equipment,
            history,
            profile.age,
            tuple(listed),
            profile.pregnancy_week,
            profile.weeks_postpartum,
        )

    def can_use(self, options: tuple[Equipment, ...]) -> bool:
        """Whether the person has any of ``options`` (an exercise's equipment choices).

        True when equipment is unknown, when the exercise needs none, and for body-only
        exercises.
        """
        if self.equipment is None or not options:
            return True
        return any(item is Equipment.BODY_ONLY or item in self.equipment for item in options)


_HISTORY = {item.value: item for item in History}
#: History items that are also conditions the rules ask about.
_CONDITION_OF = {History.OSTEOPOROSIS: Condition.OSTEOPOROSIS.value}
_NO_PROFILE = ProfileFacts(None)
