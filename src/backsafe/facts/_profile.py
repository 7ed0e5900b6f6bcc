"""The facts of a profile, as the rules ask about it."""

from __future__ import annotations

import attrs

from backsafe.model import Equipment, Experience, Profile

__all__ = ["ProfileFacts"]


@attrs.frozen
class ProfileFacts:
    """The profile, as the rules ask about it.

    ``conditions`` are the condition ids the profile lists; ``equipment`` is ``None`` when
    unknown (suggestions are then not limited by equipment).
    """

    profile: Profile | None
    conditions: frozenset[str] = frozenset()
    experience: Experience | None = None
    equipment: frozenset[Equipment] | None = None

    @classmethod
    def of(cls, profile: Profile | None) -> ProfileFacts:
        """Derive the facts of ``profile`` (``None``: nothing is known)."""
        if profile is None:
            return _NO_PROFILE
        equipment = None if profile.equipment is None else frozenset(profile.equipment)
        return cls(profile, frozenset(profile.conditions), profile.experience, equipment)

    def can_use(self, options: tuple[Equipment, ...]) -> bool:
        """Whether the person has any of ``options`` (an exercise's equipment choices).

        True when equipment is unknown, when the exercise needs none, and for body-only
        exercises.
        """
        if self.equipment is None or not options:
            return True
        return any(item is Equipment.BODY_ONLY or item in self.equipment for item in options)


_NO_PROFILE = ProfileFacts(None)
