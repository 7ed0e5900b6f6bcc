"""Scheduling glute sessions: a rest day between them, at most a few a week.

The guide: "Aim to perform glute exercises 2-3 times per week, with at least one day of
rest between sessions" ("Incorporating Glute Exercises Into Your Routine", item 1). Given
the sessions of each week (their days, and which have glute work), `schedule_plan`
decides, week after week, which sessions keep their glute work, which move to a free day,
and which hand their glute work to a kept session (a merge): the change that keeps the
most glute sessions, then moves the fewest, then moves them the least far. Weeks are
scheduled in order, so a week's first glute session keeps a rest day after the previous
week's last (Sunday to Monday counts). A week that needs no change is left as it is.

The schedule is a pure function of the days; the engine uses it to give a move
suggestion its day, and `backsafe.fix` to reschedule a plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise, permutations
from typing import NamedTuple

__all__ = ["GUIDE_MOST_GLUTE_SESSIONS", "Slot", "WeekSchedule", "schedule_plan", "schedule_week"]

#: The guide's "2-3 times per week": the most glute sessions a schedule keeps in a week.
GUIDE_MOST_GLUTE_SESSIONS = 3
_DAYS = range(1, 8)


class Slot(NamedTuple):
    """One session of a week, as scheduling sees it: its day and whether it has glute work."""

    day: int
    glute: bool


class WeekSchedule(NamedTuple):
    """The decision for one week, by 0-based session index.

    ``moves`` maps a session to its new day; ``merges`` maps a session that gives up its
    glute work to the session that takes it. ``days`` are the week's glute days after the
    change, in order.
    """

    moves: dict[int, int]
    merges: dict[int, int]
    days: tuple[int, ...]

    @property
    def changed(self) -> bool:
        """Whether the week changes at all."""
        return bool(self.moves or self.merges)


def _valid(days: Sequence[int], earliest: int) -> bool:
    ordered = sorted(days)
    return ordered[0] >= earliest and all(b - a >= 2 for a, b in pairwise(ordered))


def schedule_week(
    slots: Sequence[Slot],
    *,
    earliest: int = 1,
    most: int = GUIDE_MOST_GLUTE_SESSIONS,
    next_first: int | None = None,
) -> WeekSchedule:
    """Schedule one week's glute sessions.

    ``earliest`` is the first day a glute session may fall on (the day after the rest day
    that follows the previous week's last glute session); ``most`` the most glute
    sessions to keep (at least 1). ``next_first`` is the day of the next week's first
    glute session, if any: a week does not end its glute work on Sunday when the next one
    starts on Monday, if it can help it.

    Searches by how many sessions keep glute work (most first), then by how many of them
    move (fewest first), so that the usual week costs a handful of comparisons.
    """
    glute = [index for index, slot in enumerate(slots) if slot.glute]
    occupied = {slot.day for slot in slots}
    free = [day for day in _DAYS if day not in occupied]
    for count in range(min(max(most, 1), len(glute)), 0, -1):
        for moving in range(min(count, len(free)) + 1):
            best: tuple[tuple[int, int], tuple[int, ...], tuple[int, ...]] | None = None
            for kept in combinations(glute, count):
                for movers in combinations(range(count), moving):
                    for new in permutations(free, moving):
                        days = [slots[index].day for index in kept]
                        for position, day in zip(movers, new, strict=True):
                            days[position] = day
                        if not _valid(days, earliest):
                            continue
                        last = max(days)
                        clash = int(next_first is not None and next_first + 7 - last < 2)
                        distance = sum(
                            abs(d - slots[k].day) for d, k in zip(days, kept, strict=True)
                        )
                        candidate = ((clash, distance), kept, tuple(days))
                        if best is None or candidate < best:
                            best = candidate
            if best is not None:
                return _decision(slots, glute, best[1], best[2])
    # No glute session can stay or move (every day is taken, and the glute days are too
    # close to the previous week's): hand the glute work to another session that can.
    receivers = [i for i, slot in enumerate(slots) if not slot.glute and slot.day >= earliest]
    if glute and receivers:

        def clashes(index: int) -> bool:
            return next_first is not None and next_first + 7 - slots[index].day < 2

        into = min(receivers, key=lambda i: (clashes(i), slots[i].day))
        return WeekSchedule({}, dict.fromkeys(glute, into), (slots[into].day,))
    return WeekSchedule({}, {}, tuple(sorted(slots[index].day for index in glute)))


def _decision(
    slots: Sequence[Slot], glute: Sequence[int], kept: tuple[int, ...], days: tuple[int, ...]
) -> WeekSchedule:
    new_day = dict(zip(kept, days, strict=True))
    moves = {k: day for k, day in new_day.items() if day != slots[k].day}
    merges = {}
    for index in glute:
        if index not in new_day:
            day = slots[index].day
            merges[index] = min(kept, key=lambda k: (abs(new_day[k] - day), new_day[k]))
    return WeekSchedule(moves, merges, tuple(sorted(days)))


def schedule_plan(
    weeks: Sequence[Sequence[Slot]], most: Sequence[int] | None = None
) -> list[WeekSchedule]:
    """Schedule every week in order; ``most[i]`` caps week ``i + 1`` (default: 3)."""
    schedules = []
    last: int | None = None  # the previous week's last glute day
    for number, slots in enumerate(weeks):
        earliest = 1 if last is None else max(1, last + 2 - 7)
        following = weeks[number + 1] if number + 1 < len(weeks) else ()
        next_first = min((s.day for s in following if s.glute), default=None)
        cap = GUIDE_MOST_GLUTE_SESSIONS if most is None else most[number]
        schedule = schedule_week(slots, earliest=earliest, most=cap, next_first=next_first)
        schedules.append(schedule)
        last = schedule.days[-1] if schedule.days else None
    return schedules
