"""Hypothesis strategies for backsafe's types: plans, their parts, profiles and symptoms.

Each function returns a strategy and takes keyword arguments only, as
``xarray.testing.strategies`` does. They need Hypothesis (``pip install
"backsafe[testing]"``); ``import backsafe`` never imports it.

Every object drawn is valid (it passes the model's validators and invariants), and
shrinks towards a small, readable one: one week, one session, few blocks, catalog
exercises, no optional detail. Field values are derived from the model's validators, so a
field added to the model is drawn without a change here. ``metadata`` is drawn only when
asked for (``metadata=True``): most properties never read it, and drawing it is costly.

``plans(safe=True)`` draws plans built only as the guide recommends, whose verdict is at
most ``caution`` by construction (nothing is filtered); ``plans(safe=False)`` draws plans
with one known violation and says which rule fires (`hypothesis.note`; `violations` gives
the record). With the package installed, ``st.from_type(backsafe.Plan)`` (and the other
model types) resolve to these strategies in any project.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

import attrs
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from backsafe._input_error import InputError
from backsafe._serde import dump_plan, load_symptoms
from backsafe.catalog import Exercise, Loading, Role, default_catalog
from backsafe.model import LIMITS, Block, Plan, Profile, Region, Session, Symptom, SymptomKind, Week
from backsafe.packs import DEFAULT_PACK, PackSet
from backsafe.testing import _guide
from backsafe.testing._derive import Strategy, instances, text_of
from backsafe.testing._guide import Violation

__all__ = [
    "Violation",
    "blocks",
    "exercises",
    "invalid_plan_documents",
    "plan_documents",
    "plans",
    "profiles",
    "red_flags",
    "sessions",
    "symptoms",
    "violations",
    "weeks",
]

Size = int | tuple[int, int]
#: Cues a plan commonly gives (the default pack's rules read the first three).
CUES = ("brace-core", "neutral-spine", "engage-core", "no-lumbar-hyperextension")


def _size(name: str, value: Size, low: int, high: int) -> tuple[int, int]:
    if isinstance(value, bool) or not isinstance(value, (int, tuple)):
        raise InvalidArgument(f"{name}={value!r}: give a count or a (min, max) pair")
    bounds = (value, value) if isinstance(value, int) else tuple(value)
    if (
        len(bounds) != 2
        or not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
        or not low <= bounds[0] <= bounds[1] <= high
    ):
        raise InvalidArgument(
            f"{name}={value!r}: must be a count, or (min, max), within {low}-{high}"
        )
    return bounds[0], bounds[1]


# --- exercises -------------------------------------------------------------------------


def _is_risky(exercise: Exercise) -> bool:
    """One of the guide's risk groups (not its back-friendly exercises), or heavy spinal loading."""
    in_group = exercise.group is not None and not exercise.back_friendly
    return in_group or exercise.loading is Loading.HIGH


@cache
def _exercise_ids(roles: frozenset[Role] | None, risky: bool | None) -> tuple[str, ...]:
    catalog = default_catalog()
    chosen = [
        e
        for e in catalog
        if (roles is None or e.role in roles) and (risky is None or _is_risky(e) is risky)
    ]
    # The curated exercises first, so that a failing example shrinks to one of them.
    chosen.sort(key=lambda e: e.source != "backsafe")
    return tuple(e.id for e in chosen)


def exercises(
    *, role: Role | str | Iterable[Role | str] | None = None, risky: bool | None = None
) -> st.SearchStrategy[str]:
    """Exercise ids of the default pack's catalog (curated ones first, then the database's).

    ``role`` keeps exercises of a role or roles (`backsafe.catalog.Role`: ``warm-up``,
    ``cool-down``, ``strength``, ``core``, ``conditioning``). ``risky=True`` keeps the
    exercises of the guide's groups that can cause lower back pain (except its
    lower-back-friendly ones) and those that load the spine heavily; ``risky=False`` the
    others.
    """
    if role is None:
        roles = None
    else:
        raw = [role] if isinstance(role, str) else list(role)
        try:
            roles = frozenset(Role(r) for r in raw)
        except ValueError as error:
            raise InvalidArgument(f"role={role!r}: roles are {', '.join(Role)}") from error
    if risky not in (None, True, False):
        raise InvalidArgument(f"risky={risky!r}: must be True, False or None")

    def draw_from() -> st.SearchStrategy[str]:
        ids = _exercise_ids(roles, risky)
        if not ids:
            raise InvalidArgument(f"no exercise of the catalog has role={role!r}, risky={risky!r}")
        return st.sampled_from(ids)

    return st.deferred(draw_from)


_BLOCK: dict[str, Any] = attrs.fields_dict(Block)
_ANY_NAME = text_of(_BLOCK["exercise"].validator)
_CUE = st.sampled_from(CUES) | text_of(_BLOCK["cues"].validator.item)


# --- plans and their parts -------------------------------------------------------------


def blocks(
    *,
    exercise: st.SearchStrategy[str] | None = None,
    metadata: bool = False,
    **fields: Strategy,
) -> st.SearchStrategy[Block]:
    """Valid blocks: sets of reps or of a duration, with optional detail.

    ``exercise`` draws the exercise names: by default mostly catalog ids, sometimes any
    text (which the catalog cannot resolve: a ``catalog`` finding). Other keyword
    arguments are strategies for fields, as for `hypothesis.strategies.builds`.
    """
    given: dict[str, Strategy] = {
        "exercise": exercise if exercise is not None else exercises() | _ANY_NAME,
        "cues": st.lists(_CUE, max_size=2).map(tuple),
        **fields,
    }
    return instances(Block, metadata=metadata, given=given)


def _parts(exercise: st.SearchStrategy[str] | None, metadata: bool) -> Strategy:
    return st.lists(blocks(exercise=exercise, metadata=metadata), max_size=3).map(tuple)


def sessions(
    *,
    day: int | st.SearchStrategy[int] | None = None,
    exercise: st.SearchStrategy[str] | None = None,
    metadata: bool = False,
) -> st.SearchStrategy[Session]:
    """Valid sessions on ``day`` (1-7; drawn when not given), of up to 3 blocks per part."""
    if isinstance(day, int) and not 1 <= day <= 7:
        raise InvalidArgument(f"day={day!r}: must be 1-7")
    if day is None:
        days = st.integers(1, 7)
    elif isinstance(day, int):
        days = st.just(day)
    else:
        days = day
    parts = _parts(exercise, metadata)
    given = {"day": days, "warm_up": parts, "blocks": parts, "cool_down": parts}
    return instances(Session, metadata=metadata, given=given)


def weeks(
    *,
    sessions: Size = (0, 4),
    exercise: st.SearchStrategy[str] | None = None,
    metadata: bool = False,
) -> st.SearchStrategy[Week]:
    """Valid weeks of ``sessions`` sessions (a count or a (min, max) pair), on distinct days."""
    low, high = _size("sessions", sessions, 0, 7)
    return _weeks(low, high, exercise, metadata)


def _weeks(
    low: int, high: int, exercise: st.SearchStrategy[str] | None, metadata: bool
) -> st.SearchStrategy[Week]:
    # Sessions are drawn on day 1 and then moved to distinct days: making strategies
    # while drawing (a flatmap) would cost more than the drawing itself.
    session = sessions(day=1, exercise=exercise, metadata=metadata)

    @st.composite
    def on_distinct_days(draw: st.DrawFn) -> tuple[Session, ...]:
        days = draw(st.lists(st.integers(1, 7), min_size=low, max_size=high, unique=True))
        return tuple(attrs.evolve(draw(session), day=day) for day in days)

    return instances(Week, metadata=metadata, given={"sessions": on_distinct_days()})


def plans(
    *,
    weeks: Size | None = None,
    sessions_per_week: Size | None = None,
    safe: bool | None = None,
    exercise: st.SearchStrategy[str] | None = None,
    metadata: bool = False,
) -> st.SearchStrategy[Plan]:
    """Valid plans of ``weeks`` weeks and ``sessions_per_week`` sessions a week.

    Sizes are a count or a (min, max) pair.

    - ``safe=None`` (the default): any valid plan; by default 1-3 weeks of 0-4 sessions.
    - ``safe=True``: plans built only as the guide recommends, whose verdict is at most
      ``caution`` with no profile (or one giving only ``experience``) and no symptoms, by
      construction: lower-back-friendly glute exercises with a core-bracing cue, core
      work, quadriceps, hamstrings and calves work, a warm-up and a cool-down in every
      session, 1-3 glute sessions a week (default 2-3) with a rest day between them, a
      steady volume and loads rising by at most 10% a week; by default 1-8 weeks.
    - ``safe=False``: such a plan with one violation of a rule of the default pack at
      level ``modify`` (`violations` lists them); the code of the rule is given with
      `hypothesis.note`, so a failing test shows it. A violation may add sessions to a
      week.

    ``exercise`` (only with ``safe=None``) draws exercise names, as for `blocks`.
    """
    if safe not in (None, True, False):
        raise InvalidArgument(f"safe={safe!r}: must be True, False or None")
    if safe is None:
        low, high = _size("weeks", (1, 3) if weeks is None else weeks, 1, LIMITS.weeks)
        per_week = _size(
            "sessions_per_week", (0, 4) if sessions_per_week is None else sessions_per_week, 0, 7
        )
        week = _weeks(*per_week, exercise, metadata)
        given = {"weeks": st.lists(week, min_size=low, max_size=high).map(tuple)}
        return instances(Plan, metadata=metadata, given=given)
    if exercise is not None:
        raise InvalidArgument(
            "exercise= applies to safe=None only: safe plans choose their exercises"
        )
    if safe:
        return _safe(weeks, sessions_per_week, metadata)
    return violations(weeks=weeks, sessions_per_week=sessions_per_week, metadata=metadata).map(
        _noted
    )


def _noted(violation: Violation) -> Plan:
    note(f"backsafe.testing: this plan breaks {violation.code}: {violation.description}")
    return violation.plan


def _guide_sizes(
    weeks: Size | None, sessions_per_week: Size | None
) -> tuple[tuple[int, int], tuple[int, int]]:
    high = max(_guide.DAY_PATTERNS)
    return (
        _size("weeks", (1, 8) if weeks is None else weeks, 1, LIMITS.weeks),
        _size(
            "sessions_per_week (of a safe plan: the guide's glute sessions)",
            (2, 3) if sessions_per_week is None else sessions_per_week,
            1,
            high,
        ),
    )


def _safe(
    weeks: Size | None, sessions_per_week: Size | None, metadata: bool
) -> st.SearchStrategy[Plan]:
    sizes = _guide_sizes(weeks, sessions_per_week)
    plan = _guide.safe_plans(*sizes)
    if not metadata:
        return plan

    @st.composite
    def decorated(draw: st.DrawFn) -> Plan:
        return _guide.decorate(draw, draw(plan))

    return decorated()


def violations(
    *,
    weeks: Size | None = None,
    sessions_per_week: Size | None = None,
    codes: Sequence[str] | None = None,
    metadata: bool = False,
) -> st.SearchStrategy[Violation]:
    """Plans with one known violation, as `Violation` records (plan, code, week, description).

    A safe plan (as ``plans(safe=True)`` draws) with one violation of the default pack's
    rule ``code``, at level ``modify``: glute sessions on consecutive days (BS703), six
    glute sessions in a week (BS701), a glute bridge with an excessive range of motion
    (BS403). ``codes`` chooses among them (all by default).
    """
    chosen = tuple(_guide.VIOLATIONS) if codes is None else tuple(codes)
    unknown = sorted(set(chosen) - set(_guide.VIOLATIONS))
    if unknown or not chosen:
        raise InvalidArgument(f"codes={codes!r}: choose among {', '.join(_guide.VIOLATIONS)}")
    sizes = _guide_sizes(weeks, sessions_per_week)
    drawn = _guide.violations(*sizes, chosen)
    if not metadata:
        return drawn

    @st.composite
    def decorated(draw: st.DrawFn) -> Violation:
        violation = draw(drawn)
        return attrs.evolve(violation, plan=_guide.decorate(draw, violation.plan))

    return decorated()


# --- profiles and symptoms -------------------------------------------------------------


def profiles(*, metadata: bool = False, **fields: Strategy) -> st.SearchStrategy[Profile]:
    """Valid profiles: every field drawn within its validator (or from ``fields``).

    Conditions are mostly the default pack's, sometimes an id no pack knows.
    """
    return instances(Profile, metadata=metadata, given=fields)


@cache
def red_flags() -> tuple[tuple[str, Symptom], ...]:
    """The red flags of the default pack as symptoms, each with the code of its rule.

    They are the rules' own examples (``backsafe explain CODE``), those that are symptoms
    alone; a red flag whose example needs a profile (a history of cancer, say) is not
    among them.
    """
    found = []
    for rule in PackSet.load(autoload=False).pack(DEFAULT_PACK).rules:
        if rule.topic != "red-flag":
            continue
        try:
            example = json.loads(rule.example)
            symptoms = load_symptoms(example) if isinstance(example, list) else ()
        except (ValueError, InputError):
            continue
        found += [(rule.code, symptom) for symptom in symptoms]
    return tuple(found)


_OPTIONAL_FLAG = st.none() | st.booleans()


def _red_flag() -> st.SearchStrategy[Symptom]:
    def draw_from() -> st.SearchStrategy[Symptom]:
        return st.sampled_from(red_flags()).map(_noted_red_flag)

    return st.deferred(draw_from)


def _noted_red_flag(flag: tuple[str, Symptom]) -> Symptom:
    code, symptom = flag
    note(f"backsafe.testing: this symptom is a red flag ({code}): {symptom}")
    return symptom


@st.composite
def _no_red_flag(draw: st.DrawFn) -> Symptom:
    # Pain in the lower back or buttock only: no nerve symptom, no leg, and severe pain
    # only when it improves with rest. Fields not set here stay unknown.
    intensity = draw(st.integers(0, 10))
    felt = intensity > 0
    return Symptom(
        kind=SymptomKind.PAIN,
        region=draw(st.sampled_from([Region.LOWER_BACK, Region.BUTTOCK])),
        intensity=intensity,
        duration_days=draw(st.none() | st.integers(0, 30)),
        worsens_with_activity=draw(_OPTIONAL_FLAG) if felt else False,
        improves_with_rest=True if intensity >= 7 else draw(_OPTIONAL_FLAG) if felt else None,
        interferes_with_daily_activities=draw(_OPTIONAL_FLAG) if felt else False,
    )


def symptoms(
    *, red_flags: bool | None = None, metadata: bool = False, **fields: Strategy
) -> st.SearchStrategy[Symptom]:
    """Valid symptoms.

    - ``red_flags=None`` (the default): every field drawn within its validator (or from
      ``fields``), made consistent with the symptom's invariants.
    - ``red_flags=True``: a red flag of the default pack (bladder or bowel dysfunction,
      saddle anaesthesia, symptoms in both legs, progressive leg weakness, a nerve
      symptom in one leg, severe pain not improving with rest...): the example of a
      red-flag rule that is a symptom alone (`red_flags` lists them); the rule's code is
      given with `hypothesis.note`.
    - ``red_flags=False``: pain in the lower back or buttock that no red-flag rule
      concerns (it may still call for rest or a referral: pain over 7 days does).
    """
    if red_flags is None:
        return instances(Symptom, metadata=metadata, given=fields)
    if fields or metadata:
        raise InvalidArgument("field strategies and metadata apply to red_flags=None only")
    if red_flags is True:
        return _red_flag()
    if red_flags is False:
        return _no_red_flag()
    raise InvalidArgument(f"red_flags={red_flags!r}: must be True, False or None")


# --- documents -------------------------------------------------------------------------


def plan_documents(
    *,
    weeks: Size | None = None,
    sessions_per_week: Size | None = None,
    safe: bool | None = None,
    metadata: bool = False,
) -> st.SearchStrategy[dict[str, Any]]:
    """Plans as interchange-format documents (plain dicts, as `backsafe.dump_plan` gives)."""
    drawn = plans(weeks=weeks, sessions_per_week=sessions_per_week, safe=safe, metadata=metadata)
    return drawn.map(dump_plan)


Path = tuple[str | int, ...]
Break = Callable[[st.DrawFn, dict[str, Any]], tuple[Path, str]]


def _blocks_of(doc: dict[str, Any]) -> list[Path]:
    return [
        ("weeks", w, "sessions", s, part, b)
        for w, week in enumerate(doc["weeks"])
        for s, session in enumerate(week.get("sessions", ()))
        for part in ("warm_up", "blocks", "cool_down")
        for b in range(len(session.get(part, ())))
    ]


def _sessions_of(doc: dict[str, Any]) -> list[Path]:
    return [
        ("weeks", w, "sessions", s)
        for w, week in enumerate(doc["weeks"])
        for s in range(len(week.get("sessions", ())))
    ]


def _at(doc: Any, path: Path) -> Any:
    for key in path:
        doc = doc[key]
    return doc


_BAD_BLOCK_VALUES: dict[str, tuple[Any, ...]] = {
    "sets": (0, -3, 101, 2.5, "three", True, None),
    "reps": (0, 1001, "ten", 1.5),
    "load_kg": (-1, 1000.5, "heavy", [60]),
    "rpe": (0, 11, "hard"),
    "exercise": ("", 42, None, "hip\x00thrust"),
    "range_of_motion": ("huge", 1),
    "cues": ("brace-core", [""], [1]),
}


def _bad_block_value(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[Path, str]:
    where = draw(st.sampled_from(_blocks_of(doc)))
    field = draw(st.sampled_from(sorted(_BAD_BLOCK_VALUES)))
    value = draw(st.sampled_from(_BAD_BLOCK_VALUES[field]))
    block = _at(doc, where)
    if field == "reps":
        block.pop("duration_s", None)
    block[field] = value
    return (*where, field), f"{field} is {value!r}"


def _reps_and_duration(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[Path, str]:
    where = draw(st.sampled_from(_blocks_of(doc)))
    block = _at(doc, where)
    if draw(st.booleans()):
        block.update(reps=10, duration_s=30)
        return where, "both reps and duration_s"
    block.pop("reps", None)
    block.pop("duration_s", None)
    return where, "neither reps nor duration_s"


def _missing_field(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[Path, str]:
    where = draw(st.sampled_from(_blocks_of(doc)))
    field = draw(st.sampled_from(["exercise", "sets"]))
    del _at(doc, where)[field]
    return (*where, field), f"no {field}"


def _unknown_key(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[Path, str]:
    places: list[Path] = [(), *(("weeks", w) for w in range(len(doc["weeks"])))]
    places += _sessions_of(doc) + _blocks_of(doc)
    where = draw(st.sampled_from(places))
    key = draw(st.sampled_from(["weight", "notes", "Sets", "week"]))
    _at(doc, where)[key] = 1
    return (*where, key), f"an unknown key {key!r}"


def _bad_day(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[Path, str]:
    where = draw(st.sampled_from(_sessions_of(doc)))
    value = draw(st.sampled_from([0, 8, "monday", 1.5, None]))
    _at(doc, where)["day"] = value
    return (*where, "day"), f"day is {value!r}"


def _repeated_day(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[Path, str]:
    w, s = draw(st.sampled_from([(p[1], p[3]) for p in _sessions_of(doc)]))
    sessions = doc["weeks"][w]["sessions"]
    sessions.append(dict(sessions[s]))
    return ("weeks", w, "sessions", len(sessions) - 1, "day"), "a day used twice in a week"


def _bad_structure(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[Path, str]:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        doc["weeks"] = draw(st.sampled_from(["weeks", {"sessions": []}, 3]))
        return ("weeks",), "weeks is not a list of weeks"
    w = draw(st.integers(0, len(doc["weeks"]) - 1))
    doc["weeks"][w]["sessions"] = draw(st.sampled_from(["x", {"day": 1}, [1]]))
    return ("weeks", w, "sessions"), "sessions is not a list of sessions"


_BREAKS: tuple[Break, ...] = (
    _bad_block_value,
    _reps_and_duration,
    _missing_field,
    _unknown_key,
    _bad_day,
    _repeated_day,
    _bad_structure,
)


@attrs.frozen
class _InvalidDocument:
    """A plan document with one known problem at ``path`` (a field path, as InputError's)."""

    document: dict[str, Any]
    path: Path
    reason: str


@st.composite
def _invalid(draw: st.DrawFn) -> _InvalidDocument:
    doc = dump_plan(draw(_guide.safe_plans((1, 2), (1, 2))))
    path, reason = draw(st.sampled_from(_BREAKS))(draw, doc)
    return _InvalidDocument(doc, path, reason)


def _noted_document(invalid: _InvalidDocument) -> dict[str, Any]:
    from backsafe._input_error import format_path  # noqa: PLC0415

    note(
        f"backsafe.testing: this document is invalid at {format_path(invalid.path)}: "
        f"{invalid.reason}"
    )
    return invalid.document


def invalid_plan_documents() -> st.SearchStrategy[dict[str, Any]]:
    """Plan documents with one problem each, for error paths.

    Each is a valid document with one thing broken: a bad value in a block (``sets`` 0,
    ``"three"``, a negative load, ``rpe`` 11, an empty exercise name...), both or neither
    of ``reps`` and ``duration_s``, a required field missing, an unknown key, a bad or
    repeated ``day``, or ``weeks``/``sessions`` that are not lists. `backsafe.load_plan`
    raises `backsafe.InputError` naming the field; the path is given with
    `hypothesis.note`.
    """
    return _invalid().map(_noted_document)
