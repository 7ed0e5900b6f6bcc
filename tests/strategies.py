"""Hypothesis strategies for interchange-format documents, derived from the model.

Values are drawn within each field's validators, read from the attrs fields, so the
strategies follow the model when it changes. (The testing-toolkit issue will publish a
version of these as ``backsafe.testing``.)
"""

from __future__ import annotations

import math
from typing import Any

import attrs
from hypothesis import strategies as st

from backsafe import _validators as v
from backsafe.model import (
    SIDED_REGIONS,
    Block,
    Condition,
    Plan,
    Profile,
    Session,
    Symptom,
    SymptomKind,
    Week,
)

EXERCISE_NAMES = (
    "barbell hip thrust",
    "romanian deadlift",
    "goblet squat",
    "bird dog",
    "plank",
    "light cardio",
    "foam rolling",
    "lateral band walk",
)

#: Text that may hold lone surrogates (``"\\ud800"`` in JSON), which are not characters.
hostile_text = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=8)
#: Integers beyond 64 bits (orjson reads those as floats), of either sign.
huge_integers = st.integers(2**63, 2**2000) | st.integers(-(2**2000), -(2**63) - 1)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | huge_integers
    | st.floats()
    | st.text(max_size=20)
    | hostile_text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
finite_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _text(validator: v.Text) -> st.SearchStrategy[str]:
    alphabet = st.characters(blacklist_categories=("Cc", "Cs"))
    return st.text(alphabet, min_size=validator.min_length, max_size=min(validator.max_length, 30))


def _value(validator: Any) -> st.SearchStrategy[Any]:
    if isinstance(validator, v.Optional):
        return st.none() | _value(validator.inner)
    if isinstance(validator, v.Integer):
        return st.integers(validator.minimum, validator.maximum)
    if isinstance(validator, v.Number):
        low = (
            math.nextafter(validator.minimum, math.inf)
            if validator.exclusive_minimum
            else validator.minimum
        )
        return st.floats(low, validator.maximum) | st.integers(
            math.ceil(low), int(validator.maximum)
        )
    if isinstance(validator, v.Text):
        return _text(validator)
    if isinstance(validator, v.Boolean):
        return st.booleans()
    if isinstance(validator, v.EnumMember):
        return st.sampled_from(list(validator.enum))
    if isinstance(validator, v.Identifier):
        # Mostly the default pack's conditions, sometimes one no pack knows.
        return st.sampled_from([c.value for c in Condition]) | st.from_regex(
            r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True
        )
    if isinstance(validator, v.Metadata):
        return st.dictionaries(st.text(max_size=8), finite_json_values, max_size=3)
    if isinstance(validator, v.Items) and validator.item is not None:
        item = _value(validator.item)
        if isinstance(validator.item, (v.EnumMember, v.Identifier)):
            return st.lists(item, max_size=validator.max_items, unique=True).map(tuple)
        return st.lists(item, max_size=min(validator.max_items, 4)).map(tuple)
    raise TypeError(f"no strategy for {validator!r}")


def _fields(cls: type, **given: st.SearchStrategy[Any]) -> dict[str, st.SearchStrategy[Any]]:
    out: dict[str, st.SearchStrategy[Any]] = {}
    for attribute in attrs.fields(cls):
        if attribute.name in given:
            out[attribute.name] = given[attribute.name]
        else:
            out[attribute.name] = _value(attribute.validator)
    return out


_ANY_NAME = _text(v.Text(200))
_METADATA = _value(v.Metadata())


@st.composite
def blocks(draw: st.DrawFn, exercise: st.SearchStrategy[str] | None = None) -> Block:
    fields = draw(
        st.fixed_dictionaries(
            _fields(Block, exercise=exercise or st.sampled_from(EXERCISE_NAMES) | _ANY_NAME)
        )
    )
    if draw(st.booleans()):
        fields["duration_s"] = None
        if fields["reps"] is None:
            fields["reps"] = draw(st.integers(1, 1000))
    else:
        fields["reps"] = None
        if fields["duration_s"] is None:
            fields["duration_s"] = draw(st.integers(1, 3600))
    return Block(**fields)


def _parts() -> st.SearchStrategy[tuple[Block, ...]]:
    return st.lists(blocks(), max_size=3).map(tuple)


@st.composite
def weeks(draw: st.DrawFn) -> Week:
    days = draw(st.lists(st.integers(1, 7), unique=True, max_size=4))
    sessions = [
        draw(
            st.builds(
                Session,
                **_fields(
                    Session, day=st.just(day), warm_up=_parts(), blocks=_parts(), cool_down=_parts()
                ),
            )
        )
        for day in days
    ]
    return Week(sessions=sessions, metadata=draw(_METADATA))


def plans() -> st.SearchStrategy[Plan]:
    return st.builds(
        Plan, **_fields(Plan, weeks=st.lists(weeks(), min_size=1, max_size=3).map(tuple))
    )


def profiles() -> st.SearchStrategy[Profile]:
    return st.builds(Profile, **_fields(Profile))


_PAIN_ONLY = ("intensity", "radiating", "constant", "worse_at_night", "new_onset")
_NOT_TRUE_OF_NO_PAIN = (
    "worsens_with_activity",
    "improves_with_rest",
    "interferes_with_daily_activities",
    "progressive",
    "radiating",
    "constant",
    "worse_at_night",
)


@st.composite
def symptoms(draw: st.DrawFn) -> Symptom:
    """Valid symptoms: the fields drawn within their validators, then made consistent
    with the Symptom's invariants (what describes pain is given for pain only, nothing is
    true of pain rated 0, a side only for a region that has sides, constant pain is not
    eased by rest)."""
    fields = draw(st.fixed_dictionaries(_fields(Symptom)))
    if fields["kind"] is SymptomKind.PAIN:
        if fields["intensity"] is None:
            fields["intensity"] = draw(st.integers(0, 10))
        if fields["intensity"] == 0:
            for flag in _NOT_TRUE_OF_NO_PAIN:
                if fields[flag]:
                    fields[flag] = False
        if fields["constant"] and fields["improves_with_rest"]:
            fields["constant"] = False
    else:
        for name in _PAIN_ONLY:
            fields[name] = None
    if fields["region"] not in SIDED_REGIONS:
        fields["side"] = None
    return Symptom(**fields)


# --- plans built only as the guide recommends (the "no false alarms" property) ---------

_FRIENDLY = (
    "glute bridge with resistance band",
    "quadruped hip extension",
    "clamshell with resistance band",
    "lateral band walk",
    "banded monster walk",
)
_CORE = ("bird dog", "plank", "dead bug", "side plank")
_QUADS = ("leg extension", "leg press")
_HAMSTRINGS = ("lying leg curl", "seated leg curl", "nordic curl")
_CALVES = ("standing calf raise", "seated calf raise")
_WARM_UP = ("light cardio", "dynamic stretches", "leg swings", "hip circles")
_COOL_DOWN = ("static stretches", "foam rolling")
# Glute days within a week: 2-3 sessions, a rest day between, none on day 7, so the last
# session of a week and the first of the next are never consecutive either.
_GLUTE_DAYS = ((1, 3, 5), (1, 4), (2, 4, 6), (2, 5), (1, 3, 6), (2, 4), (1, 5), (3, 5))


def _guide_block(draw: st.DrawFn, name: str, load: float | None, *, timed: bool = False) -> Block:
    cues = ("brace-core", "neutral-spine") if draw(st.booleans()) else ("brace-core",)
    if timed:
        return Block(
            exercise=name,
            sets=draw(st.integers(2, 3)),
            duration_s=draw(st.integers(20, 60)),
            cues=cues,
        )
    return Block(exercise=name, sets=3, reps=draw(st.integers(8, 15)), load_kg=load, cues=cues)


@st.composite
def guide_plans(draw: st.DrawFn) -> Plan:
    """Plans built only as the guide recommends.

    Lower-back-friendly glute exercises with core cues, core work, quadriceps, hamstrings
    and calves work, a warm-up and a cool-down in every session, 2-3 glute sessions a
    week with rest days between, loads rising by at most 10% a week and a steady volume.
    """
    n_weeks = draw(st.integers(1, 8))
    friendly = draw(st.lists(st.sampled_from(_FRIENDLY), min_size=1, max_size=3, unique=True))
    extra = [
        draw(st.sampled_from(_QUADS)),
        draw(st.sampled_from(_HAMSTRINGS)),
        draw(st.sampled_from(_CALVES)),
    ]
    core = draw(st.sampled_from(_CORE))
    loads = {name: float(draw(st.integers(10, 80))) for name in extra}
    weeks = []
    for _ in range(n_weeks):
        sessions = []
        for day in draw(st.sampled_from(_GLUTE_DAYS)):
            warm_up = [
                Block(exercise=name, sets=1, duration_s=300)
                for name in draw(
                    st.lists(st.sampled_from(_WARM_UP), min_size=1, max_size=2, unique=True)
                )
            ]
            cool_down = [
                Block(exercise=name, sets=1, duration_s=300)
                for name in draw(
                    st.lists(st.sampled_from(_COOL_DOWN), min_size=1, max_size=2, unique=True)
                )
            ]
            blocks = [_guide_block(draw, name, None) for name in friendly]
            blocks.append(_guide_block(draw, core, None, timed=core in ("plank", "side plank")))
            blocks += [_guide_block(draw, name, loads[name]) for name in extra]
            sessions.append(Session(day=day, warm_up=warm_up, blocks=blocks, cool_down=cool_down))
        weeks.append(Week(sessions=sessions))
        for name, load in loads.items():
            rise = draw(st.sampled_from([0.0, 0.025, 0.05, 0.1]))
            loads[name] = round(load * (1 + rise) - 0.05, 1)
    return Plan(weeks=weeks, name="guide plan")
