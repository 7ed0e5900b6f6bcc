"""Facts: what one pass over a plan derives, shared by every rule of a check.

The engine fills these while it walks the plan once (``engine/_checker.py``); rules read
them and never walk the plan themselves. Everything here is plain data with small
helpers; nothing judges.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

import attrs

from backsafe.catalog import Catalog, Exercise, Muscle, Role
from backsafe.model import (
    Condition,
    Equipment,
    Experience,
    Plan,
    Profile,
    Region,
    Session,
    Symptom,
    SymptomKind,
    Week,
)
from backsafe.report import Location, Part

__all__ = [
    "MUSCLE_BITS",
    "ExerciseFacts",
    "LoadPoint",
    "PlanFacts",
    "ProfileFacts",
    "SessionFacts",
    "Triage",
    "WeekFacts",
    "Where",
    "exercise_facts",
    "location_of",
]

#: One bit per muscle group, so a week's worked muscles are one integer.
MUSCLE_BITS: Mapping[Muscle, int] = {muscle: 1 << index for index, muscle in enumerate(Muscle)}

_CORE_MUSCLES = (Muscle.ABDOMINALS, Muscle.LOWER_BACK)


@attrs.frozen
class ExerciseFacts:
    """What the walk needs to know about one exercise name, worked out once per name.

    ``exercise`` is ``None`` for a name the catalog cannot resolve; ``id`` is then the
    name itself. ``glute`` marks glute work: strength exercises of the guide's groups, or
    with the glutes among their primary muscles. ``core`` marks core and lower-back
    strengthening: core exercises, or strength work for the abdominals and lower back
    only. ``muscles`` has a bit per primary muscle of strength work. ``role`` is the
    exercise's role (``None`` when unresolved).
    """

    name: str
    exercise: Exercise | None
    id: str
    strength: bool
    glute: bool
    core: bool
    muscles: int
    group: str | None
    role: Role | None = None


def exercise_facts(
    name: str, exercise: Exercise | None, glute_groups: frozenset[str]
) -> ExerciseFacts:
    """Derive the `ExerciseFacts` of ``name`` resolved to ``exercise``."""
    if exercise is None:
        return ExerciseFacts(name, None, name, False, False, False, 0, None, None)
    role = exercise.role
    # Core work strengthens the core and lower back and nothing else: a deadlift works
    # the lower back too, but it is what the guide warns about, not the protection.
    core = role is Role.CORE or (
        role is Role.STRENGTH
        and exercise.group is None
        and bool(exercise.primary_muscles)
        and all(m in _CORE_MUSCLES for m in exercise.primary_muscles)
    )
    strength = role is Role.STRENGTH or role is Role.CORE
    # Glute work: the guide's glute exercises, and strength work whose primary muscles
    # include the glutes (a leg press or a Nordic curl works them only secondarily).
    glute = role is Role.STRENGTH and (
        exercise.group in glute_groups or Muscle.GLUTES in exercise.primary_muscles
    )
    muscles = 0
    if strength:
        for muscle in exercise.primary_muscles:
            muscles |= MUSCLE_BITS[muscle]
    return ExerciseFacts(
        name, exercise, exercise.id, strength, glute, core, muscles, exercise.group, role
    )


#: Where a block is: (week, session, day, part, block index, name as written, exercise
#: id). A plain tuple, because the walk records many and tuples are the cheapest record.
Where = tuple[int, int, int, Part, int, str, str]


def location_of(where: Where) -> Location:
    """The `Location` of the block at ``where``."""
    week, session, day, part, index, _, exercise_id = where
    return Location(week, session, day, part, index, exercise_id)


@attrs.define(eq=False)
class SessionFacts:
    """One session: where it is, and what work it has.

    ``warm_up`` is true when its warm-up has a warm-up item (light cardio, dynamic
    stretches...) or conditioning; ``cool_down`` when its cool-down has a cool-down item
    (static stretches, foam rolling).
    """

    week: int
    number: int
    session: Session
    glute: bool = False
    strength: bool = False
    warm_up: bool = False
    cool_down: bool = False

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


@attrs.define(eq=False)
class WeekFacts:
    """One week: its sessions and the work they add up to.

    ``glute_reps`` is the week's glute volume, sets x reps summed over glute-loading
    blocks counted in repetitions (timed blocks have no common unit with them).
    """

    number: int
    week: Week
    sessions: list[SessionFacts] = attrs.Factory(list)
    sets_by_exercise: dict[str, int] = attrs.Factory(dict)
    glute_sessions: int = 0
    glute_sets: int = 0
    glute_reps: int = 0
    core_work: bool = False
    muscles: int = 0
    catalog: Catalog | None = None

    def works(self, muscle: Muscle) -> bool:
        """Whether some strength work this week has ``muscle`` as a primary muscle."""
        return bool(self.muscles & MUSCLE_BITS[muscle])

    @cached_property
    def sets_by_muscle(self) -> dict[Muscle, int]:
        """Weekly sets per primary muscle group, from the sets per exercise."""
        totals: dict[Muscle, int] = {}
        for exercise_id, sets in self.sets_by_exercise.items():
            if self.catalog is None or exercise_id not in self.catalog:
                continue
            exercise = self.catalog.get(exercise_id)
            for muscle in exercise.primary_muscles:
                totals[muscle] = totals.get(muscle, 0) + sets
        return totals

    def location(self) -> Location:
        """The `Location` of this week."""
        return Location(self.number)


#: One point of a load series: (week, the heaviest load_kg of the exercise that week, where
#: the first block with that load is).
LoadPoint = tuple[int, float, Where]


@attrs.define(eq=False)
class PlanFacts:
    """The whole plan: weeks, sessions, load series and where each group first appears.

    ``loads`` maps an exercise id to its load series, one `LoadPoint` per week that has
    the exercise with a load, in week order. ``group_first`` maps a guide group id to
    where its first block is, and ``group_blocks`` to how many blocks it has.
    """

    plan: Plan
    weeks: list[WeekFacts] = attrs.Factory(list)
    loads: dict[str, list[LoadPoint]] = attrs.Factory(dict)
    group_first: dict[str, Where] = attrs.Factory(dict)
    group_blocks: dict[str, int] = attrs.Factory(dict)

    @cached_property
    def sessions(self) -> list[SessionFacts]:
        """Every session in plan order."""
        return [session for week in self.weeks for session in week.sessions]

    @cached_property
    def glute_sessions(self) -> list[SessionFacts]:
        """The sessions with glute work, in plan order."""
        return [session for session in self.sessions if session.glute]


@attrs.frozen
class ProfileFacts:
    """The profile, as the rules ask about it."""

    profile: Profile | None
    conditions: frozenset[Condition]
    experience: Experience | None
    equipment: frozenset[Equipment] | None

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


_NO_PROFILE = ProfileFacts(None, frozenset(), None, None)

_LEGS = frozenset({Region.LEFT_LEG, Region.RIGHT_LEG, Region.LEGS})


@attrs.frozen
class Triage:
    """The symptom triage inputs.

    ``pain`` lists the pain reports with an intensity of at least 1, wherever felt.
    """

    symptoms: tuple[Symptom, ...]

    @cached_property
    def pain(self) -> tuple[Symptom, ...]:
        """Pain of intensity 1-10."""
        return tuple(
            s for s in self.symptoms if s.kind is SymptomKind.PAIN and (s.intensity or 0) >= 1
        )

    @cached_property
    def max_pain(self) -> int:
        """The highest pain intensity reported (0 when none)."""
        return max((s.intensity or 0 for s in self.pain), default=0)

    def in_legs(self, kinds: frozenset[SymptomKind]) -> tuple[Symptom, ...]:
        """The symptoms of ``kinds`` felt in a leg or both legs (pain rated 0 is not felt)."""
        return tuple(
            s
            for s in self.symptoms
            if s.kind in kinds
            and s.region in _LEGS
            and not (s.kind is SymptomKind.PAIN and (s.intensity or 0) < 1)
        )
