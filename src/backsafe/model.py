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

__all__ = [
    "LIMITS",
    "Block",
    "Condition",
    "Equipment",
    "Experience",
    "Plan",
    "Profile",
    "RangeOfMotion",
    "Region",
    "Session",
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
    """A back condition the person has.

    The guide names herniated discs and degenerative disc disease as underlying conditions
    that glute exercises can aggravate, and pre-existing injuries in general.
    ``other-back-condition`` records any other diagnosis: backsafe has no specific rules
    for it and says so rather than judging the plan safe.
    """

    HERNIATED_DISC = "herniated-disc"
    DEGENERATIVE_DISC_DISEASE = "degenerative-disc-disease"
    PREVIOUS_BACK_INJURY = "previous-back-injury"
    OTHER_BACK_CONDITION = "other-back-condition"


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


class SymptomKind(Choice):
    """What a person feels."""

    PAIN = "pain"
    NUMBNESS = "numbness"
    TINGLING = "tingling"
    WEAKNESS = "weakness"
    BOWEL_DYSFUNCTION = "bowel-dysfunction"
    BLADDER_DYSFUNCTION = "bladder-dysfunction"
    SADDLE_ANAESTHESIA = "saddle-anaesthesia"


class Region(Choice):
    """Where a symptom is felt. ``legs`` means both legs."""

    LOWER_BACK = "lower-back"
    BUTTOCK = "buttock"
    LEFT_LEG = "left-leg"
    RIGHT_LEG = "right-leg"
    LEGS = "legs"


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
    age: int = 120
    duration_days: int = 36500


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
    for invariant in self.__invariants__:
        invariant.check(self)


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
    """A training program: its weeks in order (week N is ``weeks[N-1]``)."""

    weeks: tuple[Week, ...] = attrs.field(
        converter=_weeks,
        validator=v.Items(LIMITS.weeks, item_class=Week, min_items=1),
    )
    name: str | None = attrs.field(default=None, validator=v.Optional(v.Text(LIMITS.name_chars)))
    metadata: dict[str, Any] = _metadata()


def _experience(value: Experience | str | None) -> Experience | None:
    return v.as_member(Experience, value)


v.inline(_experience, v.MEMBER_SOURCE, members=Experience._value2member_map_)


def _conditions(value: Iterable[Condition | str]) -> tuple[Condition, ...]:
    return v.as_members(Condition, value)


v.inline(_conditions, v.MEMBERS_SOURCE)


def _equipment(value: Iterable[Equipment | str] | None) -> tuple[Equipment, ...] | None:
    return v.as_members(Equipment, value)


v.inline(_equipment, v.MEMBERS_SOURCE)


@attrs.frozen(kw_only=True)
class Profile:
    """Who the plan is for. Every field is optional.

    ``equipment`` lists what the person has; ``None`` (the default) means unknown, and
    suggestions are then not limited by equipment.
    """

    age: int | None = attrs.field(
        default=None, converter=v.as_optional_int, validator=v.Optional(v.Integer(0, LIMITS.age))
    )
    experience: Experience | None = attrs.field(
        default=None,
        converter=_experience,
        validator=v.Optional(v.EnumMember(Experience)),
    )
    conditions: tuple[Condition, ...] = attrs.field(
        default=(),
        converter=_conditions,
        validator=v.Items(len(Condition), item=v.EnumMember(Condition)),
    )
    equipment: tuple[Equipment, ...] | None = attrs.field(
        default=None,
        converter=_equipment,
        validator=v.Optional(v.Items(len(Equipment), item=v.EnumMember(Equipment))),
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


@attrs.frozen(kw_only=True)
class Symptom:
    """Something a person feels, with what triage needs to know about it.

    ``intensity`` is the 0-10 numeric rating (1-3 mild, 4-6 significant, 7-10 severe) and
    is required for pain. The yes/no fields default to ``None``, meaning not known. Where
    the guide's decision turns on one, the rules assume the less favourable answer: pain
    that may worsen with activity, severe pain that may not improve with rest, leg
    weakness that may be progressive. An unknown ``interferes_with_daily_activities`` or
    ``duration_days`` is not taken as a reason to refer; the advice given with pain says
    when to see a professional.
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
    metadata: dict[str, Any] = _metadata()

    __invariants__: ClassVar[tuple[v.Invariant, ...]] = (
        v.RequiredWhen("intensity", "kind", SymptomKind.PAIN),
    )
    __attrs_post_init__ = _check_invariants


for _cls in (Block, Session, Week, Plan, Profile, Symptom):
    attrs.resolve_types(_cls)
