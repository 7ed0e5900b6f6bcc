"""What the catalog knows about one exercise."""

from __future__ import annotations

import attrs

from backsafe._choice import Choice
from backsafe.model import Equipment

__all__ = ["Exercise", "Loading", "Muscle", "Pattern", "Resolution", "Role"]


class Pattern(Choice):
    """The movement pattern of an exercise."""

    SQUAT = "squat"
    HINGE = "hinge"
    BRIDGE = "bridge"
    LUNGE = "lunge"
    HIP_ABDUCTION = "hip-abduction"
    HIP_EXTENSION = "hip-extension"
    KNEE_EXTENSION = "knee-extension"
    KNEE_FLEXION = "knee-flexion"
    CALF_RAISE = "calf-raise"
    CORE_STABILITY = "core-stability"
    SPINAL_EXTENSION = "spinal-extension"
    SPINAL_FLEXION = "spinal-flexion"
    JUMP = "jump"
    PUSH = "push"
    PULL = "pull"
    CARRY = "carry"
    OLYMPIC_LIFT = "olympic-lift"
    CARDIO = "cardio"
    STRETCH = "stretch"
    MOBILITY = "mobility"
    SOFT_TISSUE = "soft-tissue"
    OTHER = "other"


class Loading(Choice):
    """How much an exercise loads the lumbar spine, as a class.

    ``none``: lying or supported, no load through the spine (stretches, foam rolling).
    ``low``: body weight or bands, spine supported or neutral (bridges, bird dog).
    ``moderate``: external load carried without heavy axial or shear demand on the
    lumbar spine (goblet squats, dumbbell lunges, hip thrusts).
    ``high``: heavy axial or shear load, or impact, on the lumbar spine (barbell squats,
    deadlift variations, good mornings, jump squats).
    """

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Order of the classes, ``none`` = 0 to ``high`` = 3."""
        return _LOADING_RANK[self]


_LOADING_RANK = {Loading.NONE: 0, Loading.LOW: 1, Loading.MODERATE: 2, Loading.HIGH: 3}


class Role(Choice):
    """What an exercise is for in a session."""

    WARM_UP = "warm-up"
    COOL_DOWN = "cool-down"
    STRENGTH = "strength"
    CORE = "core"
    CONDITIONING = "conditioning"


class Muscle(Choice):
    """Muscle groups, in the free-exercise-db vocabulary."""

    GLUTES = "glutes"
    QUADRICEPS = "quadriceps"
    HAMSTRINGS = "hamstrings"
    CALVES = "calves"
    ADDUCTORS = "adductors"
    ABDUCTORS = "abductors"
    ABDOMINALS = "abdominals"
    LOWER_BACK = "lower-back"
    MIDDLE_BACK = "middle-back"
    LATS = "lats"
    TRAPS = "traps"
    CHEST = "chest"
    SHOULDERS = "shoulders"
    BICEPS = "biceps"
    TRICEPS = "triceps"
    FOREARMS = "forearms"
    NECK = "neck"


@attrs.frozen
class Exercise:
    """One exercise the catalog can resolve a name to.

    ``family`` is the id of the curated exercise this one is (or is a variation of), for
    example ``stiff-leg-deadlift`` for "Stiff-Legged Dumbbell Deadlift"; ``group`` is the
    guide's exercise group it belongs to (``deadlifts``), and ``back_friendly`` marks the
    guide's lower-back-friendly glute exercises. Rules judge an exercise by these, by its
    movement ``pattern`` and by its spinal ``loading`` class.
    """

    id: str
    name: str
    pattern: Pattern
    loading: Loading
    role: Role
    aliases: tuple[str, ...] = ()
    family: str | None = None
    group: str | None = None
    back_friendly: bool = False
    primary_muscles: tuple[Muscle, ...] = ()
    secondary_muscles: tuple[Muscle, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    source: str = "backsafe"

    @property
    def muscles(self) -> tuple[Muscle, ...]:
        """Primary then secondary muscles."""
        return self.primary_muscles + self.secondary_muscles


@attrs.frozen
class Resolution:
    """The answer to "which exercise is this name?".

    ``exercise`` is ``None`` when the name cannot be resolved; ``suggestions`` then lists
    the ids of the closest known exercises, best first.
    """

    query: str
    exercise: Exercise | None
    suggestions: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        """Whether the name resolved to an exercise."""
        return self.exercise is not None
