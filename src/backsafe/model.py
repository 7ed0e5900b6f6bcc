"""The typed model of interchange format v1: plans, profiles and symptoms.

Every class is a frozen, slotted attrs class whose attribute names are the format's field
names, so ``plan.weeks[0].sessions[0].blocks[0].sets`` reads as the document does. The
rules of the format hold however an object is made: loading a document and calling the
constructor run the same validators, and a bad value raises `backsafe.InputError` naming
the field. Sequences are stored as tuples (a constructor also takes a list or any other
ordered iterable), enumerations as `enum.Enum` members (a constructor also takes their
string value), and ``metadata`` is any JSON object, kept as it is. The constructors are
typed that way too, so ``Plan(weeks=[Week(sessions=[...])])`` and
``Block(..., cues=["brace-core"], range_of_motion="full")`` type-check.

The model holds no logic beyond validation; judging a plan is the engine's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from backsafe import _validators as v
from backsafe._choice import Choice
from backsafe._input_error import InputError, Problem

__all__ = [
    "LIMITS",
    "SIDED_REGIONS",
    "Block",
    "Condition",
    "Equipment",
    "Experience",
    "History",
    "Onset",
    "Plan",
    "Profile",
    "RangeOfMotion",
    "Region",
    "Session",
    "Side",
    "Symptom",
    "SymptomKind",
    "Week",
]


class RangeOfMotion(Choice):
    """How far a block's movement travels."""

    PARTIAL = "partial"
    FULL = "full"
    EXCESSIVE = "excessive"


class Experience(Choice):
    """Training experience, in the ACSM (2009) progression model's three stages."""

    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Condition(Choice):
    """The ids of the conditions the default pack knows.

    A profile's ``conditions`` are ids, an open list: these, and any condition a pack
    adds (a clinic's ``scoliosis``, say). The guide names herniated discs and
    degenerative disc disease as underlying conditions that glute exercises can
    aggravate, and pre-existing injuries in general. ``other-back-condition`` records any
    other diagnosis. Pregnancy, the months after giving birth, osteoporosis and
    spondylolisthesis are special populations with their own guidelines (ACOG 2020, Too
    Fit To Fracture, the spondylolisthesis literature). A condition no pack knows is
    reported, never passed over.
    """

    HERNIATED_DISC = "herniated-disc"
    DEGENERATIVE_DISC_DISEASE = "degenerative-disc-disease"
    PREVIOUS_BACK_INJURY = "previous-back-injury"
    OTHER_BACK_CONDITION = "other-back-condition"
    PREGNANCY = "pregnancy"
    POSTPARTUM = "postpartum"
    OSTEOPOROSIS = "osteoporosis"
    SPONDYLOLISTHESIS = "spondylolisthesis"


class Equipment(Choice):
    """Equipment a person has, in the free-exercise-db vocabulary."""

    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    KETTLEBELLS = "kettlebells"
    CABLE = "cable"
    MACHINE = "machine"
    BANDS = "bands"
    MEDICINE_BALL = "medicine-ball"
    EXERCISE_BALL = "exercise-ball"
    FOAM_ROLL = "foam-roll"
    EZ_CURL_BAR = "ez-curl-bar"
    BODY_ONLY = "body-only"
    OTHER = "other"


class History(Choice):
    """What a person's history holds that raises the suspicion of serious spinal pathology.

    The risk factors the red-flag guidelines ask about (Chou et al. 2011; NICE CKS low back
    pain; Finucane et al. 2020): a history of cancer (malignancy); osteoporosis and
    long-term corticosteroid use (fracture after minor trauma or strenuous lifting);
    immunosuppression, intravenous drug use, recent spinal surgery and a recent bacterial
    infection (spinal infection). None of them changes a verdict alone: each matters
    together with the symptom that makes it a red flag, and then as a finding.
    """

    CANCER = "cancer"
    OSTEOPOROSIS = "osteoporosis"
    LONG_TERM_CORTICOSTEROIDS = "long-term-corticosteroids"
    IMMUNOSUPPRESSION = "immunosuppression"
    IV_DRUG_USE = "iv-drug-use"
    RECENT_SPINAL_SURGERY = "recent-spinal-surgery"
    RECENT_INFECTION = "recent-infection"


class SymptomKind(Choice):
    """What a person feels.

    Besides pain and the nerve symptoms, the general symptoms the red-flag guidelines ask
    about: ``fever`` (or chills), ``feeling-unwell`` (systemically unwell) and
    ``unexplained-weight-loss``.
    """

    PAIN = "pain"
    NUMBNESS = "numbness"
    TINGLING = "tingling"
    WEAKNESS = "weakness"
    BOWEL_DYSFUNCTION = "bowel-dysfunction"
    BLADDER_DYSFUNCTION = "bladder-dysfunction"
    SADDLE_ANAESTHESIA = "saddle-anaesthesia"
    FEVER = "fever"
    FEELING_UNWELL = "feeling-unwell"
    UNEXPLAINED_WEIGHT_LOSS = "unexplained-weight-loss"


class Region(Choice):
    """Where a symptom is felt.

    ``left-leg``, ``right-leg`` and ``legs`` (both legs) name their side; every other
    region but the saddle area takes one in the symptom's ``side`` (`SIDED_REGIONS`), and
    without one is read as one side. ``thigh-front`` and
    ``thigh-back`` are the front and back of the thigh, ``lower-leg`` is below the knee
    (calf, shin, foot), ``leg`` anywhere in the leg. ``saddle-area`` is the perineum and
    the area one would sit on in a saddle (around the anus and genitals, the inner
    buttocks and upper inner thighs); it has no side.
    """

    LOWER_BACK = "lower-back"
    BUTTOCK = "buttock"
    LEFT_LEG = "left-leg"
    RIGHT_LEG = "right-leg"
    LEGS = "legs"
    HIP = "hip"
    GROIN = "groin"
    LEG = "leg"
    THIGH = "thigh"
    THIGH_FRONT = "thigh-front"
    THIGH_BACK = "thigh-back"
    LOWER_LEG = "lower-leg"
    SADDLE_AREA = "saddle-area"


#: The regions a symptom's ``side`` may be given for.
SIDED_REGIONS = (
    Region.LOWER_BACK,
    Region.BUTTOCK,
    Region.HIP,
    Region.GROIN,
    Region.LEG,
    Region.THIGH,
    Region.THIGH_FRONT,
    Region.THIGH_BACK,
    Region.LOWER_LEG,
)


class Side(Choice):
    """The side of the body a symptom is on: ``left``, ``right`` or ``both``."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Onset(Choice):
    """How a symptom began.

    ``after-significant-trauma`` is a major injury (a road accident, a fall from a
    height); ``after-minor-trauma`` a fall from standing height, a stumble or a knock;
    ``after-lifting`` came on during or after training or other strenuous lifting;
    ``sudden`` came on suddenly with no injury; ``gradual`` came on over days or weeks.
    The distinction of major and minor trauma is NICE CKS's and Finucane et al.'s.
    """

    GRADUAL = "gradual"
    SUDDEN = "sudden"
    AFTER_LIFTING = "after-lifting"
    AFTER_MINOR_TRAUMA = "after-minor-trauma"
    AFTER_SIGNIFICANT_TRAUMA = "after-significant-trauma"


@attrs.frozen
class _Limits:
    """The sizes beyond which a document is rejected as absurd rather than judged."""

    weeks: int = 260
    parts_items: int = 100
    cues: int = 20
    sets: int = 100
    reps: int = 1000
    duration_s: float = 4 * 3600
    load_kg: float = 1000.0
    name_chars: int = 200
    cue_chars: int = 100
    conditions: int = 32
    id_chars: int = 64
    age: int = 120
    duration_days: int = 36500
    history: int = len(History)
    pregnancy_week: int = 45
    weeks_postpartum: int = 520


#: The size limits of interchange format v1, documented in the format reference.
LIMITS = _Limits()


def _metadata() -> Any:
    return attrs.field(factory=dict, validator=v.Metadata(), hash=False)


# Converters: each turns what a document (or a caller) may give into the field's type, and
# leaves anything else to the field's validator, which says what was expected. They are
# annotated functions because the mypy attrs plugin types a constructor parameter from its
# converter's first parameter: ``Plan(weeks=[...])`` and ``range_of_motion="full"`` type-
# check, while the attributes keep their stored types. The loader's fast path inlines the
# statement each registers instead of calling it.


def _check_invariants(self: Any) -> None:
    problems: list[Problem] = []
    for invariant in self.__invariants__:
        try:
            invariant.check(self)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)


def _optional_number(minimum: float, maximum: float, *, exclusive: bool = False) -> Any:
    return attrs.field(default=None, validator=v.Optional(v.Number(minimum, maximum, exclusive)))


def _cues(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value) if type(value) is list else v.as_sorted_tuple(value)


v.inline(_cues, v.TUPLE_SOURCE)


def _range_of_motion(value: RangeOfMotion | str | None) -> RangeOfMotion | None:
    return v.as_member(RangeOfMotion, value)


v.inline(_range_of_motion, v.MEMBER_SOURCE, members=RangeOfMotion._value2member_map_)


@attrs.frozen(kw_only=True)
class Block:
    """One exercise in a session: sets of reps or of a duration, with optional detail.

    A block has ``sets`` >= 1 and exactly one of ``reps`` >= 1 or ``duration_s`` > 0.
    ``exercise`` is a catalog id or any name or alias the catalog can resolve.
    """

    exercise: str = attrs.field(validator=v.Text(LIMITS.name_chars))
    sets: int = attrs.field(converter=v.as_int, validator=v.Integer(1, LIMITS.sets))
    reps: int | None = attrs.field(
        default=None, converter=v.as_optional_int, validator=v.Optional(v.Integer(1, LIMITS.reps))
    )
    duration_s: float | None = _optional_number(0, LIMITS.duration_s, exclusive=True)
    load_kg: float | None = _optional_number(0, LIMITS.load_kg)
    rpe: float | None = _optional_number(1, 10)
    cues: tuple[str, ...] = attrs.field(
        default=(),
        converter=_cues,
        validator=v.Items(LIMITS.cues, item=v.Text(LIMITS.cue_chars)),
    )
    range_of_motion: RangeOfMotion | None = attrs.field(
        default=None,
        converter=_range_of_motion,
        validator=v.Optional(v.EnumMember(RangeOfMotion)),
    )
    metadata: dict[str, Any] = _metadata()

    __invariants__: ClassVar[tuple[v.Invariant, ...]] = (v.ExactlyOne(("reps", "duration_s")),)
    __attrs_post_init__ = _check_invariants


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value) if type(value) is list else v.as_tuple(value)


v.inline(_blocks, v.TUPLE_SOURCE)


_PARTS = v.Items(LIMITS.parts_items, item_class=Block)


@attrs.frozen(kw_only=True)
class Session:
    """One training day of a week: warm-up items, main blocks and cool-down items.

    ``day`` is 1-7 within its week, Monday being 1.
    """

    day: int = attrs.field(converter=v.as_int, validator=v.Integer(1, 7))
    name: str | None = attrs.field(default=None, validator=v.Optional(v.Text(LIMITS.name_chars)))
    warm_up: tuple[Block, ...] = attrs.field(default=(), converter=_blocks, validator=_PARTS)
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_blocks, validator=_PARTS)
    cool_down: tuple[Block, ...] = attrs.field(default=(), converter=_blocks, validator=_PARTS)
    metadata: dict[str, Any] = _metadata()


def _sessions(value: Iterable[Session]) -> tuple[Session, ...]:
    return tuple(value) if type(value) is list else v.as_tuple(value)


v.inline(_sessions, v.TUPLE_SOURCE)


@attrs.frozen(kw_only=True)
class Week:
    """One week of a plan: its sessions, each on a different day."""

    sessions: tuple[Session, ...] = attrs.field(
        default=(),
        converter=_sessions,
        validator=[v.Items(7, item_class=Session), v.UniqueField("day")],
    )
    metadata: dict[str, Any] = _metadata()


def _weeks(value: Iterable[Week]) -> tuple[Week, ...]:
    return tuple(value) if type(value) is list else v.as_tuple(value)


v.inline(_weeks, v.TUPLE_SOURCE)


@attrs.frozen(kw_only=True)
class Plan:
    """A training program: its weeks in order (week N is ``weeks[N-1]``).

    A plan may have no weeks: checking it triages the symptoms and the profile alone.
    """

    weeks: tuple[Week, ...] = attrs.field(
        converter=_weeks,
        validator=v.Items(LIMITS.weeks, item_class=Week),
    )
    name: str | None = attrs.field(default=None, validator=v.Optional(v.Text(LIMITS.name_chars)))
    metadata: dict[str, Any] = _metadata()


def _experience(value: Experience | str | None) -> Experience | None:
    return v.as_member(Experience, value)


v.inline(_experience, v.MEMBER_SOURCE, members=Experience._value2member_map_)


def _conditions(value: Iterable[str]) -> tuple[str, ...]:
    return v.as_identifiers(value)


v.inline(_conditions, v.MEMBERS_SOURCE)


def _history(value: Iterable[History | str]) -> tuple[History, ...]:
    return v.as_members(History, value)


v.inline(_history, v.MEMBERS_SOURCE)


def _equipment(value: Iterable[Equipment | str] | None) -> tuple[Equipment, ...] | None:
    return v.as_members(Equipment, value)


v.inline(_equipment, v.MEMBERS_SOURCE)


@attrs.frozen(kw_only=True)
class Profile:
    """Who the plan is for. Every field is optional.

    ``conditions`` are condition ids (`Condition` lists the default pack's; packs may add
    more). ``equipment`` lists what the person has; ``None`` (the default) means unknown,
    and suggestions are then not limited by equipment.

    ``history`` lists the red-flag risk factors of the person's medical history
    (`History`): stable facts about the person, asked once at intake, which is why they
    belong to the profile and not to a symptom report. A condition id equal to a history
    value (``osteoporosis``) counts as that history item too. ``age`` matters to the red
    flags only together with new back pain (under 20 or over 50).

    ``pregnancy_week`` is the week of pregnancy (gestational age in completed weeks,
    0-45) and ``weeks_postpartum`` the weeks since giving birth. Giving one states the
    condition too: a ``pregnancy_week`` is a ``pregnancy``, a ``weeks_postpartum`` is
    ``postpartum``, whether or not ``conditions`` lists it. Left out (``None``), the rules
    that turn on the week assume the less favourable answer (a pregnancy past its first
    trimester; the first weeks after birth).
    """

    age: int | None = attrs.field(
        default=None, converter=v.as_optional_int, validator=v.Optional(v.Integer(0, LIMITS.age))
    )
    experience: Experience | None = attrs.field(
        default=None,
        converter=_experience,
        validator=v.Optional(v.EnumMember(Experience)),
    )
    conditions: tuple[str, ...] = attrs.field(
        default=(),
        converter=_conditions,
        validator=v.Items(LIMITS.conditions, item=v.Identifier(LIMITS.id_chars)),
    )
    equipment: tuple[Equipment, ...] | None = attrs.field(
        default=None,
        converter=_equipment,
        validator=v.Optional(v.Items(len(Equipment), item=v.EnumMember(Equipment))),
    )
    history: tuple[History, ...] = attrs.field(
        default=(),
        converter=_history,
        validator=v.Items(LIMITS.history, item=v.EnumMember(History)),
    )
    pregnancy_week: int | None = attrs.field(
        default=None,
        converter=v.as_optional_int,
        validator=v.Optional(v.Integer(0, LIMITS.pregnancy_week)),
    )
    weeks_postpartum: int | None = attrs.field(
        default=None,
        converter=v.as_optional_int,
        validator=v.Optional(v.Integer(0, LIMITS.weeks_postpartum)),
    )
    metadata: dict[str, Any] = _metadata()


def _optional_flag() -> Any:
    return attrs.field(default=None, validator=v.Optional(v.Boolean()))


def _symptom_kind(value: SymptomKind | str) -> SymptomKind:
    return v.as_member(SymptomKind, value)


v.inline(_symptom_kind, v.MEMBER_SOURCE, members=SymptomKind._value2member_map_)


def _region(value: Region | str | None) -> Region | None:
    return v.as_member(Region, value)


v.inline(_region, v.MEMBER_SOURCE, members=Region._value2member_map_)


def _side(value: Side | str | None) -> Side | None:
    return v.as_member(Side, value)


v.inline(_side, v.MEMBER_SOURCE, members=Side._value2member_map_)


def _onset(value: Onset | str | None) -> Onset | None:
    return v.as_member(Onset, value)


v.inline(_onset, v.MEMBER_SOURCE, members=Onset._value2member_map_)


_PAIN_ONLY = (SymptomKind.PAIN,)


def _about_pain(field: str) -> v.OnlyWhen:
    return v.OnlyWhen(field, "kind", _PAIN_ONLY, "describes pain; give it only when kind is 'pain'")


@attrs.frozen(kw_only=True)
class Symptom:
    """Something a person feels, with what triage needs to know about it.

    ``intensity`` is the 0-10 numeric rating (1-3 mild, 4-6 significant, 7-10 severe),
    given for pain only and required for it; 0 is no pain, so no answer that describes
    pain (worsens with activity, radiating...) may be ``true`` with it. ``side`` is
    ``left``, ``right`` or ``both``, for the regions that have sides (see `Region`).

    The yes/no fields default to ``None``, meaning not known. Where a decision turns on
    one, the rules assume the less favourable answer: pain that may worsen with
    activity, severe pain that may not improve with rest, leg weakness that may be
    progressive, pain in the legs that may be radiating (nerve-like) rather than local
    muscle soreness, back pain that may be new. An unknown
    ``interferes_with_daily_activities``, ``duration_days``, ``constant``,
    ``worse_at_night`` or ``onset`` is not taken as a reason to refer; the advice given
    with pain says when to see a professional.

    The fields that describe pain only: ``radiating`` (shoots or spreads, nerve-like,
    typically below the knee; ``false`` for local muscle soreness, as after training),
    ``constant`` (there all the time, not eased by rest or by changing position; it
    contradicts ``improves_with_rest``), ``worse_at_night`` (worse at night or wakes the
    person), ``new_onset`` (a new problem; ``false`` for a recurrence of back pain a
    health professional has already assessed). ``onset`` says how any symptom began.
    """

    kind: SymptomKind = attrs.field(converter=_symptom_kind, validator=v.EnumMember(SymptomKind))
    region: Region | None = attrs.field(
        default=None,
        converter=_region,
        validator=v.Optional(v.EnumMember(Region)),
    )
    intensity: int | None = attrs.field(
        default=None, converter=v.as_optional_int, validator=v.Optional(v.Integer(0, 10))
    )
    duration_days: int | None = attrs.field(
        default=None,
        converter=v.as_optional_int,
        validator=v.Optional(v.Integer(0, LIMITS.duration_days)),
    )
    worsens_with_activity: bool | None = _optional_flag()
    improves_with_rest: bool | None = _optional_flag()
    interferes_with_daily_activities: bool | None = _optional_flag()
    progressive: bool | None = _optional_flag()
    side: Side | None = attrs.field(
        default=None, converter=_side, validator=v.Optional(v.EnumMember(Side))
    )
    radiating: bool | None = _optional_flag()
    constant: bool | None = _optional_flag()
    worse_at_night: bool | None = _optional_flag()
    new_onset: bool | None = _optional_flag()
    onset: Onset | None = attrs.field(
        default=None, converter=_onset, validator=v.Optional(v.EnumMember(Onset))
    )
    metadata: dict[str, Any] = _metadata()

    __invariants__: ClassVar[tuple[v.Invariant, ...]] = (
        v.RequiredWhen("intensity", "kind", SymptomKind.PAIN),
        v.OnlyWhen(
            "intensity",
            "kind",
            _PAIN_ONLY,
            "is the 0-10 pain rating; give it only when kind is 'pain'",
        ),
        v.OnlyWhen(
            "side",
            "region",
            SIDED_REGIONS,
            "needs a region that has sides (lower-back, buttock, hip, groin, leg, thigh, "
            "thigh-front, thigh-back, lower-leg); left-leg, right-leg and legs name their "
            "own side, and the saddle area has none",
        ),
        _about_pain("radiating"),
        _about_pain("constant"),
        _about_pain("worse_at_night"),
        _about_pain("new_onset"),
        v.NotTrueWhen(
            (
                "worsens_with_activity",
                "improves_with_rest",
                "interferes_with_daily_activities",
                "progressive",
                "radiating",
                "constant",
                "worse_at_night",
            ),
            "intensity",
            0,
            "cannot be true of pain rated 0 (no pain); rate the pain as it is when felt, "
            "during activity if that is when it comes",
        ),
        v.NotBothTrue(
            "improves_with_rest",
            "constant",
            "contradicts improves_with_rest: constant pain is not eased by rest or by "
            "changing position",
        ),
    )
    __attrs_post_init__ = _check_invariants


for _cls in (Block, Session, Week, Plan, Profile, Symptom):
    attrs.resolve_types(_cls)
