"""The facts of a plan: sessions, weeks, load series and where exercise groups appear."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import NamedTuple

import attrs

from backsafe.catalog import Muscle
from backsafe.facts._exercise import MUSCLE_BITS, ExerciseFacts
from backsafe.model import Plan, Session, Week
from backsafe.report import Location, Part

__all__ = ["BlockRef", "GroupUse", "LoadPoint", "PlanFacts", "SessionFacts", "WeekFacts"]


class BlockRef(NamedTuple):
    """Where a block is: its week, session, day, part and 1-based index in the part.

    ``name`` is the exercise as the plan writes it, ``exercise`` its catalog id (the
    name itself when unresolved).
    """

    week: int
    session: int
    day: int
    part: Part
    block: int
    name: str
    exercise: str

    def location(self) -> Location:
        """The `Location` of the block."""
        return Location(self.week, self.session, self.day, self.part, self.block, self.exercise)


class LoadPoint(NamedTuple):
    """One week of a load series: the heaviest ``load_kg`` of a movement that week.

    ``block`` is the first block of the week with that load.
    """

    week: int
    load_kg: float
    block: BlockRef


class GroupUse(NamedTuple):
    """How a plan uses an exercise group: its first block, and how many blocks it has."""

    first: BlockRef
    blocks: int


class SessionFacts(NamedTuple):
    """One session: where it is, and what work it has.

    - ``glute``: it is a glute session: its working sets (the ``blocks``, not the
      warm-up or cool-down) have glute work (see `ExerciseFacts.glute`). A banded bridge
      as an activation drill in the warm-up does not make a glute session.
    - ``strength``: it has strength or core work.
    - ``warm_up``: its warm-up has an item that prepares for training (light cardio,
      dynamic stretches, leg swings, conditioning).
    - ``cool_down``: its cool-down has a cool-down item (static stretches, foam rolling).
    - ``glute_sets``: the working sets of glute work in it.

    A named tuple: the walk makes one per session, so it must be cheap to make.
    """

    week: int
    number: int
    session: Session
    glute: bool = False
    strength: bool = False
    warm_up: bool = False
    cool_down: bool = False
    glute_sets: int = 0

    @property
    def day(self) -> int:
        """The session's day within its week (Monday = 1)."""
        return self.session.day

    @property
    def absolute_day(self) -> int:
        """Days since the start of the plan: week 2's Monday is day 8."""
        return (self.week - 1) * 7 + self.session.day

    def location(self) -> Location:
        """The `Location` of this session."""
        return Location(self.week, self.number, self.session.day)


@attrs.frozen
class WeekFacts:
    """One week: its sessions and the work they add up to.

    ``glute_sessions`` counts the glute sessions (see `SessionFacts`); ``glute_sets``
    their working sets of glute work; ``glute_reps`` is the week's glute volume, sets x
    reps summed over the working glute blocks counted in repetitions (timed blocks have
    no common unit with them). ``core_work``
    says whether the week has core or lower-back strengthening, ``muscles`` has a bit
    per primary muscle its strength work trains (see `works`).
    """

    number: int
    week: Week
    sessions: tuple[SessionFacts, ...] = ()
    glute_sessions: int = 0
    glute_sets: int = 0
    glute_reps: int = 0
    core_work: bool = False
    muscles: int = 0
    _exercise: Callable[[str], ExerciseFacts] | None = attrs.field(
        default=None, eq=False, repr=False, alias="exercise_facts"
    )

    def works(self, muscle: Muscle) -> bool:
        """Whether some strength work this week has ``muscle`` as a primary muscle."""
        return bool(self.muscles & MUSCLE_BITS[muscle])

    @cached_property
    def sets_by_exercise(self) -> Mapping[str, int]:
        """Weekly sets per exercise id (unresolved names by name), all parts counted."""
        totals: dict[str, int] = {}
        for session in self.week.sessions:
            for block in (*session.warm_up, *session.blocks, *session.cool_down):
                key = (
                    block.exercise if self._exercise is None else self._exercise(block.exercise).id
                )
                totals[key] = totals.get(key, 0) + block.sets
        return totals

    @cached_property
    def sets_by_muscle(self) -> Mapping[Muscle, int]:
        """Weekly sets of strength work per primary muscle group."""
        totals: dict[Muscle, int] = {}
        if self._exercise is None:
            return totals
        for session in self.week.sessions:
            for block in (*session.warm_up, *session.blocks, *session.cool_down):
                facts = self._exercise(block.exercise)
                if facts.exercise is None or not facts.strength:
                    continue
                for muscle in facts.exercise.primary_muscles:
                    totals[muscle] = totals.get(muscle, 0) + block.sets
        return totals

    def location(self) -> Location:
        """The `Location` of this week."""
        return Location(self.number)


@attrs.frozen
class PlanFacts:
    """The whole plan: its weeks, load series and the exercise groups it uses.

    ``loads`` maps a movement to its load series, one `LoadPoint` per week that has it
    with a load (0 kg included), in week order. A movement is an exercise family
    (`ExerciseFacts.family`): "hip thrust" and "barbell hip thrust" are one movement, so
    renaming a variant does not start a new series. ``body_weight`` maps a movement to
    the first week it had strength work without a load (at body weight), so that the
    first loaded week after it can be judged. ``groups`` maps an exercise group id to
    its `GroupUse` in the plan.
    """

    plan: Plan
    weeks: tuple[WeekFacts, ...] = ()
    loads: Mapping[str, tuple[LoadPoint, ...]] = attrs.field(factory=dict)
    groups: Mapping[str, GroupUse] = attrs.field(factory=dict)
    body_weight: Mapping[str, int] = attrs.field(factory=dict)

    @cached_property
    def sessions(self) -> tuple[SessionFacts, ...]:
        """Every session in plan order."""
        return tuple(session for week in self.weeks for session in week.sessions)

    @cached_property
    def glute_sessions(self) -> tuple[SessionFacts, ...]:
        """The sessions with glute work, in plan order."""
        return tuple(session for session in self.sessions if session.glute)
