"""Where a finding is, said for people and as a JSON pointer into the plan document."""

from __future__ import annotations

from backsafe.report import Location, Part

__all__ = ["PART_NAMES", "describe", "pointer"]

#: What one item of each part of a session is called.
PART_NAMES = {Part.WARM_UP: "warm-up item", Part.BLOCKS: "block", Part.COOL_DOWN: "cool-down item"}


def describe(location: Location | None) -> str:
    """``"week 1, session 2 (day 3), block 1 (deadlift)"``; ``""`` without a plan location."""
    if location is None or location.week is None:
        return ""
    parts = [f"week {location.week}"]
    if location.session is not None:
        day = "" if location.day is None else f" (day {location.day})"
        parts.append(f"session {location.session}{day}")
        if location.block is not None:
            name = PART_NAMES[location.part] if location.part is not None else "block"
            exercise = f" ({location.exercise})" if location.exercise else ""
            parts.append(f"{name} {location.block}{exercise}")
    return ", ".join(parts)


def pointer(location: Location | None) -> str:
    """The JSON pointer (RFC 6901) of the plan element at ``location``.

    ``"/weeks/0/sessions/1/blocks/2"`` for week 1, session 2, block 3 (locations count
    from 1, pointers from 0); ``""`` (the whole document) without a plan location.
    """
    if location is None or location.week is None:
        return ""
    path = f"/weeks/{location.week - 1}"
    if location.session is None:
        return path
    path += f"/sessions/{location.session - 1}"
    if location.block is None:
        return path
    part = Part.BLOCKS if location.part is None else location.part
    return f"{path}/{part.value}/{location.block - 1}"
