"""The facts of a profile, as the rules ask about it."""

from __future__ import annotations

import attrs

from backsafe.model import Equipment, Experience, History, Profile

__all__ = ["ProfileFacts"]


@attrs.frozen
class ProfileFacts:
    """The profile, as the rules ask about it.

    ``conditions`` are the condition ids the profile lists; ``equipment`` is ``None`` when
    unknown (suggestions are then not limited by equipment). ``history`` holds the
    profile's red-flag risk factors, and any condition whose id is a history value
    (``osteoporosis`` listed as a condition counts as a history of osteoporosis). ``age``
    is ``None`` when unknown.
    """

    profile: Profile | None
    conditions: frozenset[str] = frozenset()
    experience: Experience | None = None
    equipment: frozenset[Equipment] | None = None
    history: frozenset[History] = frozenset()
    age: int | None = None

    @classmethod
    def of(cls, profile: Profile | None) -> ProfileFacts:
        """Derive the facts of ``profile`` (``None``: nothing is known)."""
        if profile is None:
            return _NO_PROFILE
        equipment = None if profile.equipment is None else frozenset(profile.equipment)
        conditions = frozenset(profile.conditions)
        history = frozenset(profile.history) | {_HISTORY[c] for c in conditions if c in _HISTORY}
        return cls(profile, conditions, profile.experience, equipment, history, profile.age)

    def can_use(self, options: tuple[Equipment, ...]) -> bool:
        """Whether the person has any of ``options`` (an exercise's equipment choices).

        True when equipment is unknown, when the exercise needs none, and for body-only
        exercises.
        """
        if self.equipment is None or not options:
            return True
        return any(item is Equipment.BODY_ONLY or item in self.equipment for item in options)


_HISTORY = {item.value: item for item in History}
_NO_PROFILE = ProfileFacts(None)
