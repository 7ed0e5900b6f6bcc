"""The guide's exercise groups."""

from __future__ import annotations

import attrs

__all__ = ["Group"]


@attrs.frozen
class Group:
    """One of the guide's groups of exercises that can cause lower back pain.

    ``reference`` quotes the source's text for the group, with where it stands in it.
    ``glute`` says that the group's strength exercises count as glute work, whatever
    their muscles (`backsafe.facts.ExerciseFacts.glute`).
    """

    id: str
    name: str
    reference: str
    glute: bool = False
