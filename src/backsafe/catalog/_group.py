"""The guide's exercise groups."""

from __future__ import annotations

import attrs

__all__ = ["Group"]


@attrs.frozen
class Group:
    """One of the guide's groups of exercises that can cause lower back pain.

    ``reference`` quotes the guide's text for the group, with where it stands in the guide.
    """

    id: str
    name: str
    reference: str
