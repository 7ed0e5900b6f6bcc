"""Plans built only as the guide recommends, and plans with one known violation.

A safe plan is made, not filtered: lower-back-friendly glute exercises with a core-bracing
cue, core work, quadriceps, hamstrings and calves work, a warm-up and a cool-down in every
session, 1-3 glute sessions a week with a rest day between them (none on day 7, so the
last session of a week and the first of the next are never consecutive either), the same
number of sessions every week (a steady volume), and loads rising by at most 10% a week.
Sessions repeat week to week, as programs do, so a long plan costs few draws.

A violation starts from a safe plan and breaks one rule of the default pack at a level
that fails the default bar (above ``caution``), recording the rule's code.
"""

from __future__ import annotations

import itertools
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from backsafe.model import Block, Plan, RangeOfMotion, Session, Week
from backsafe.testing._derive import json_values

__all__ = ["VIOLATIONS", "Violation", "decorate", "safe_plans", "violations"]

#: The guide's five "Glute Exercises That Are Lower Back Friendly", in its order.
FRIENDLY = (
    "glute-bridge-with-resistance-band",
    "quadruped-hip-extension",
    "clamshell-with-resistance-band",
    "lateral-band-walk",
    "banded-monster-walk",
)
#: Core work without spinal flexion or loaded extension (prevention item 3).
CORE = ("bird-dog", "plank", "dead-bug", "side-plank")
_TIMED = frozenset({"plank", "side-plank"})
#: Quadriceps, hamstrings and calves ("Incorporating Glute Exercises", item 2).
QUADRICEPS = ("leg-extension", "leg-press")
HAMSTRINGS = ("lying-leg-curl", "seated-leg-curl")
CALVES = ("seated-calf-raise", "standing-calf-raise")
#: Dynamic stretches and light cardio before; static stretches and foam rolling after.
WARM_UP = ("light-cardio", "dynamic-stretches", "leg-swings", "hip-circles")
COOL_DOWN = ("static-stretches", "foam-rolling")
_CUES = (("brace-core",), ("brace-core", "neutral-spine"))
#: Weekly load rises, all within the 10% of ACSM (2009).
_RISES = (0.0, 0.025, 0.05, 0.1)


def _rest_day_patterns(count: int) -> list[tuple[int, ...]]:
    """Days 1-6 for ``count`` sessions with at least one rest day between any two."""
    return [
        days
        for days in itertools.combinations(range(1, 7), count)
        if all(b - a >= 2 for a, b in itertools.pairwise(days))
    ]


DAY_PATTERNS = {count: _rest_day_patterns(count) for count in (1, 2, 3)}


@attrs.frozen
class _Item:
    exercise: str
    sets: int
    reps: int | None = None
    duration_s: int | None = None
    cues: tuple[str, ...] = ()
    loaded: bool = False

    def block(self, loads: dict[str, float]) -> Block:
        return Block(
            exercise=self.exercise,
            sets=self.sets,
            reps=self.reps,
            duration_s=self.duration_s,
            load_kg=loads[self.exercise] if self.loaded else None,
            cues=self.cues,
        )


@attrs.frozen
class _Template:
    warm_up: tuple[_Item, ...]
    blocks: tuple[_Item, ...]
    cool_down: tuple[_Item, ...]

    def session(self, day: int, loads: dict[str, float]) -> Session:
        return Session(
            day=day,
            warm_up=tuple(item.block(loads) for item in self.warm_up),
            blocks=tuple(item.block(loads) for item in self.blocks),
            cool_down=tuple(item.block(loads) for item in self.cool_down),
        )


def _some(choices: tuple[str, ...], most: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(choices), min_size=1, max_size=most, unique=True)


@st.composite
def _templates(draw: st.DrawFn) -> _Template:
    warm_up = tuple(
        _Item(name, 1, duration_s=300) if name == "light-cardio" else _Item(name, 1, reps=10)
        for name in draw(_some(WARM_UP, 2))
    )
    cool_down = tuple(_Item(name, 1, duration_s=300) for name in draw(_some(COOL_DOWN, 2)))
    glutes = tuple(
        _Item(
            name,
            draw(st.integers(2, 3)),
            reps=draw(st.integers(10, 15)),
            cues=draw(st.sampled_from(_CUES)),
        )
        for name in draw(_some(FRIENDLY, 3))
    )
    core_name = draw(st.sampled_from(CORE))
    core = (
        _Item(core_name, 3, duration_s=draw(st.integers(20, 60)), cues=("brace-core",))
        if core_name in _TIMED
        else _Item(core_name, 3, reps=10, cues=("brace-core",))
    )
    legs = tuple(
        _Item(draw(st.sampled_from(group)), 3, reps=draw(st.integers(8, 15)), loaded=True)
        for group in (QUADRICEPS, HAMSTRINGS, CALVES)
    )
    return _Template(warm_up, (*glutes, core, *legs), cool_down)


@st.composite
def safe_plans(draw: st.DrawFn, weeks: tuple[int, int], sessions: tuple[int, int]) -> Plan:
    """Plans built only as the guide recommends (see the module's docstring)."""
    count = draw(st.integers(*sessions))
    templates = [draw(_templates()) for _ in range(count)]
    loaded = sorted({i.exercise for t in templates for i in t.blocks if i.loaded})
    loads = {name: float(draw(st.integers(10, 80))) for name in loaded}
    built = []
    for _ in range(draw(st.integers(*weeks))):
        days = draw(st.sampled_from(DAY_PATTERNS[count]))
        built.append(
            Week(
                sessions=tuple(
                    t.session(day, loads) for t, day in zip(templates, days, strict=True)
                )
            )
        )
        for name in loaded:
            # Rounded down to 0.1 kg, so that a rise never exceeds the one drawn.
            loads[name] = max(round(loads[name] * (1 + draw(st.sampled_from(_RISES))) - 0.05, 1), 0)
    return Plan(weeks=tuple(built), name="guide plan")


@attrs.frozen
class Violation:
    """A plan that breaks one rule of the default pack, and which rule it breaks.

    ``code`` is the rule that must fire (others may fire too); ``week`` is the 1-based
    week the plan breaks it in; ``description`` says what was done, for a person.
    """

    plan: Plan
    code: str
    week: int
    description: str


def _consecutive_days(draw: st.DrawFn, plan: Plan, index: int) -> Violation:
    week = plan.weeks[index]
    days = {session.day for session in week.sessions}
    candidates = [s for s in week.sessions if s.day < 7 and s.day + 1 not in days]
    session = draw(st.sampled_from(candidates))
    extra = attrs.evolve(session, day=session.day + 1)
    sessions = tuple(sorted([*week.sessions, extra], key=lambda s: s.day))
    return Violation(
        _with_week(plan, index, attrs.evolve(week, sessions=sessions)),
        "BS703",
        index + 1,
        f"week {index + 1}: glute sessions on days {session.day} and {session.day + 1}",
    )


def _too_many_sessions(draw: st.DrawFn, plan: Plan, index: int) -> Violation:
    week = plan.weeks[index]
    # Six sessions: more than even an advanced trainee's ACSM limit of five.
    sessions = tuple(
        attrs.evolve(week.sessions[day % len(week.sessions)], day=day) for day in range(1, 7)
    )
    return Violation(
        _with_week(plan, index, attrs.evolve(week, sessions=sessions)),
        "BS701",
        index + 1,
        f"week {index + 1}: 6 glute sessions (days 1-6)",
    )


def _excessive_range(draw: st.DrawFn, plan: Plan, index: int) -> Violation:
    week = plan.weeks[index]
    position = draw(st.integers(0, len(week.sessions) - 1))
    session = week.sessions[position]
    bridge = Block(
        exercise=FRIENDLY[0],
        sets=3,
        reps=12,
        cues=("brace-core",),
        range_of_motion=RangeOfMotion.EXCESSIVE,
    )
    changed = attrs.evolve(session, blocks=(bridge, *session.blocks))
    sessions = tuple(changed if i == position else s for i, s in enumerate(week.sessions))
    return Violation(
        _with_week(plan, index, attrs.evolve(week, sessions=sessions)),
        "BS403",
        index + 1,
        f"week {index + 1}, session {position + 1}: "
        "a glute bridge with an excessive range of motion",
    )


def _with_week(plan: Plan, index: int, week: Week) -> Plan:
    weeks = tuple(week if i == index else w for i, w in enumerate(plan.weeks))
    return attrs.evolve(plan, weeks=weeks)


#: The violations drawn, by the code of the rule each breaks (all at level ``modify``).
VIOLATIONS = {
    "BS703": _consecutive_days,
    "BS701": _too_many_sessions,
    "BS403": _excessive_range,
}


@st.composite
def violations(
    draw: st.DrawFn, weeks: tuple[int, int], sessions: tuple[int, int], codes: tuple[str, ...]
) -> Violation:
    """A safe plan, then one violation of one of ``codes`` in one of its weeks."""
    plan = draw(safe_plans(weeks, sessions))
    make = VIOLATIONS[draw(st.sampled_from(codes))]
    return make(draw, plan, draw(st.integers(0, len(plan.weeks) - 1)))


_Model = TypeVar("_Model", Plan, Week, Session, Block)
_METADATA = st.dictionaries(st.text(max_size=8), json_values, min_size=1, max_size=2)


def decorate(draw: st.DrawFn, plan: Plan) -> Plan:
    """``plan`` with metadata drawn for the plan, each week, session and block."""

    def meta(obj: _Model) -> _Model:
        return attrs.evolve(obj, metadata=draw(_METADATA)) if draw(st.booleans()) else obj

    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(meta(b) for b in items)

    def session(s: Session) -> Session:
        return meta(
            attrs.evolve(
                s, warm_up=blocks(s.warm_up), blocks=blocks(s.blocks), cool_down=blocks(s.cool_down)
            )
        )

    weeks = tuple(
        meta(attrs.evolve(w, sessions=tuple(session(s) for s in w.sessions))) for w in plan.weeks
    )
    return meta(attrs.evolve(plan, weeks=weeks))
