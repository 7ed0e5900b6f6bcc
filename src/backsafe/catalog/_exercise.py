"""What the catalog knows about one exercise."""

from __future__ import annotations

import attrs

from backsafe._choice import Choice
from backsafe.model import Equipment

__all__ = ["Exercise", "Loading", "Muscle", "Pattern", "Resolution", "Risk", "Role"]


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


class Risk(Choice):
    """A demand of an exercise that some people must avoid, beyond its loading class.

    The loading class says how much an exercise loads the lumbar spine; a clinician also
    asks how. These are the demands the default pack's rules name, each with the work it
    rests on (``rules/references.toml``):

    - ``loaded-flexion``: the lumbar spine bends forward under load, an external one
      (Jefferson curls, good mornings) or the compression of the trunk muscles (sit-ups,
      crunches). Repeated flexion under compression is how discs herniate in the
      laboratory (Callaghan and McGill 2001); sit-ups load the spine at about 3,300 N
      (McGill 1998); loaded flexion is what Too Fit To Fracture asks people with
      osteoporosis to avoid (Giangregorio et al. 2014, 2015).
    - ``ballistic``: rapid cycles of loading through a hip hinge (kettlebell swings,
      snatches, Olympic lifts): about 3,200 N of lumbar compression with a 16 kg
      kettlebell, in pulses (McGill and Marshall 2012).
    - ``bent-over``: a load held with the trunk bent forward and unsupported (bent-over
      rows): the largest lumbar load of the rows compared by Fenwick, Brown and McGill
      (2009).
    - ``heavy-carry``: a heavy load carried (farmer's walk, yoke): large compressive
      loads on the lumbar spine (McGill, McDermott and Fenwick 2009).
    - ``loaded-extension``: the lumbar spine extends under load (back extensions, reverse
      hyperextensions), which spondylolisthesis does not tolerate (Sinaki et al. 1989).
    - ``supine``: done lying on the back, which pregnancy after the first trimester
      should avoid (ACOG Committee Opinion 804, 2020).
    - ``impact``: jumps and landings, which the first months after birth should avoid
      (Goom, Donnelly and Brockwell 2019).
    """

    LOADED_FLEXION = "loaded-flexion"
    BALLISTIC = "ballistic"
    BENT_OVER = "bent-over"
    HEAVY_CARRY = "heavy-carry"
    LOADED_EXTENSION = "loaded-extension"
    SUPINE = "supine"
    IMPACT = "impact"

    @property
    def description(self) -> str:
        """The risk in words, for messages ("loaded spinal flexion")."""
        return _RISK_WORDS[self]


_RISK_WORDS = {
    Risk.LOADED_FLEXION: "loaded spinal flexion",
    Risk.BALLISTIC: "ballistic hip hinging",
    Risk.BENT_OVER: "a load held bent over",
    Risk.HEAVY_CARRY: "a heavy carry",
    Risk.LOADED_EXTENSION: "loaded spinal extension",
    Risk.SUPINE: "lying on the back",
    Risk.IMPACT: "jumps and landings",
}


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
    movement ``pattern``, by its spinal ``loading`` class and by its ``risks`` (see
    `Risk`).
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
    risks: tuple[Risk, ...] = ()

    @property
    def muscles(self) -> tuple[Muscle, ...]:
        """Primary then secondary muscles."""
        return self.primary_muscles + self.secondary_muscles

    @property
    def risky(self) -> bool:
        """Whether the exercise loads the spine moderately or heavily, or has a `Risk`.

        The guide's lower-back-friendly exercises are never risky.
        """
        return not self.back_friendly and (
            self.loading.rank >= _LOADING_RANK[Loading.MODERATE] or bool(self.risks)
        )

    def riskier_than(self, other: Exercise) -> bool:
        """Whether this exercise loads the spine more than ``other``, or has a risk it lacks."""
        return self.loading.rank > other.loading.rank or not set(self.risks) <= set(other.risks)


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
