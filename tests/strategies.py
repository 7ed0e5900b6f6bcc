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
from backsafe.model import Block, Plan, Profile, Session, Symptom, SymptomKind, Week

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

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
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
    if isinstance(validator, v.Metadata):
        return st.dictionaries(st.text(max_size=8), finite_json_values, max_size=3)
    if isinstance(validator, v.Items) and validator.item is not None:
        item = _value(validator.item)
        if isinstance(validator.item, v.EnumMember):
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


@st.composite
def blocks(draw: st.DrawFn, exercise: st.SearchStrategy[str] | None = None) -> Block:
    fields = draw(
        st.fixed_dictionaries(
            _fields(
                Block, exercise=exercise or st.sampled_from(EXERCISE_NAMES) | _text(v.Text(200))
            )
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
    return Week(sessions=sessions, metadata=draw(_value(v.Metadata())))


def plans() -> st.SearchStrategy[Plan]:
    return st.builds(
        Plan, **_fields(Plan, weeks=st.lists(weeks(), min_size=1, max_size=3).map(tuple))
    )


def profiles() -> st.SearchStrategy[Profile]:
    return st.builds(Profile, **_fields(Profile))


@st.composite
def symptoms(draw: st.DrawFn) -> Symptom:
    fields = draw(st.fixed_dictionaries(_fields(Symptom)))
    if fields["kind"] is SymptomKind.PAIN and fields["intensity"] is None:
        fields["intensity"] = draw(st.integers(0, 10))
    return Symptom(**fields)
