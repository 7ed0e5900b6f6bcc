"""Bad input is the main test surface: any input gives a valid object or an InputError."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backsafe import (
    InputError,
    Plan,
    Profile,
    dump_plan,
    dump_profile,
    dump_symptoms,
    load_plan,
    load_profile,
    load_symptoms,
)
from backsafe._serde import structure
from backsafe._serde._converter import detailed_converter
from backsafe.testing.strategies import plans, profiles, symptoms
from tests.mutations import deep, hostile_json, json_values, mutated
from tests.readers import READERS, reader

FUZZ = settings(
    max_examples=2000 if os.environ.get("CI") else 300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)
LOADERS = (load_plan, load_profile, load_symptoms)
EXAMPLES = Path(__file__).parent.parent / "examples" / "plans"


def _first_week(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text())
    document["weeks"] = document["weeks"][:1]
    return document


BASE_PLANS = [
    json.loads((EXAMPLES / "design-example.json").read_text()),
    _first_week(EXAMPLES / "glute-builder.json"),
    _first_week(EXAMPLES / "risky-glute-builder.json"),
]


def load_or_input_error(loader: Any, source: Any) -> Any:
    try:
        return loader(source)
    except InputError as error:
        assert error.problems, "an InputError always names at least one problem"
        for problem in error.problems:
            assert str(problem)  # renders without raising
        return error


def json_text(doc: Any) -> str:
    try:
        return json.dumps(doc)  # NaN and Infinity become their JavaScript literals
    except (RecursionError, ValueError):
        return "[" * 5000 + "]" * 5000


@FUZZ
@given(doc=json_values, loader=st.sampled_from(LOADERS))
def test_arbitrary_json_values(doc: Any, loader: Any) -> None:
    load_or_input_error(loader, doc)
    load_or_input_error(loader, json_text(doc))
    load_or_input_error(loader, json_text(doc).encode())


@pytest.mark.parametrize(
    "doc",
    [
        deep(5000),
        {"weeks": deep(5000)},
        {"weeks": [{"metadata": {"a": deep(5000)}}]},
        {"weeks": [{"sessions": [{"day": 1, "blocks": [{"exercise": "x" * 100_000}]}]}]},
        {"weeks": [{"sessions": [{"day": 1, "name": "\x00" * 100_000}]}]},
    ],
    ids=["deep-root", "deep-weeks", "deep-metadata", "long-name", "control-characters"],
)
@pytest.mark.parametrize("loader", LOADERS)
def test_extreme_documents(doc: Any, loader: Any) -> None:
    assert isinstance(load_or_input_error(loader, doc), InputError)
    assert isinstance(load_or_input_error(loader, json_text(doc)), InputError)


@st.composite
def mutated_plans(draw: st.DrawFn) -> Any:
    """A valid plan document, mutated.

    Mostly one of a few fixed documents (drawing whole plans is what costs most), now
    and then a generated plan, so that mutations, not plan generation, get the budget.
    """
    if draw(st.integers(0, 9)) == 0:
        base = dump_plan(draw(plans(metadata=True)))
    else:
        base = draw(st.sampled_from(BASE_PLANS))
    return draw(mutated(base))


@FUZZ
@given(doc=mutated_plans())
def test_mutated_plans(doc: Any) -> None:
    result = load_or_input_error(load_plan, doc)
    assert isinstance(result, (Plan, InputError))
    text_result = load_or_input_error(load_plan, json_text(doc))
    if isinstance(result, Plan) and isinstance(text_result, Plan):
        assert result == text_result  # integers beyond 64 bits included, orjson or not


def outcome(loader: Any, source: Any) -> Any:
    """What a loader makes of ``source``: its object, or its problems as text."""
    result = load_or_input_error(loader, source)
    if isinstance(result, InputError):
        str(result).encode("utf-8")  # every message can be written
        return [str(problem) for problem in result.problems]
    return result


PARSE_ERRORS = ("is not valid JSON", "is not usable JSON")


@settings(
    max_examples=400 if os.environ.get("CI") else 120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)
@given(
    document=st.one_of(
        st.sampled_from(BASE_PLANS).flatmap(hostile_json).map(lambda t: (load_plan, t)),
        st.builds(lambda s: dump_symptoms([s]), symptoms())
        .flatmap(hostile_json)
        .map(lambda t: (load_symptoms, t)),
    )
)
def test_hostile_json_text_fails_closed_and_reads_the_same_with_every_reader(
    document: tuple[Any, tuple[str, frozenset[str]]],
) -> None:
    """Repeated keys, lone surrogates and huge integers, as text and bytes, every reader."""
    loader, (text, kinds) = document
    outcomes = []
    for name in READERS:
        with reader(name):
            outcomes += [outcome(loader, text), outcome(loader, text.encode())]
    first = outcomes[0]
    assert all(other == first for other in outcomes[1:]), outcomes
    if kinds & {"duplicate", "surrogate", "huge"}:
        assert isinstance(first, list), f"{sorted(kinds)} accepted: {text[:200]}"
    if "duplicate" in kinds and not any(kind in first[0] for kind in PARSE_ERRORS):
        assert any("(duplicate key)" in problem for problem in first), first


@FUZZ
@given(
    doc=st.builds(
        lambda p, s: (dump_profile(p), dump_symptoms([s])),
        profiles(metadata=True),
        symptoms(metadata=True),
    ).flatmap(lambda pair: st.tuples(mutated(pair[0]), mutated(pair[1])))
)
def test_mutated_profiles_and_symptoms(doc: Any) -> None:
    profile, symptom_list = doc
    assert isinstance(load_or_input_error(load_profile, profile), (Profile, InputError))
    load_or_input_error(load_symptoms, symptom_list)


@given(plan=plans(metadata=True))
def test_round_trip_plan(plan: Plan) -> None:
    assert load_plan(dump_plan(plan)) == plan
    assert load_plan(json.dumps(dump_plan(plan))) == plan


@given(profile=profiles(metadata=True), symptom_list=st.lists(symptoms(metadata=True), max_size=4))
def test_round_trip_profile_and_symptoms(profile: Profile, symptom_list: list[Any]) -> None:
    assert load_profile(dump_profile(profile)) == profile
    assert load_symptoms(dump_symptoms(symptom_list)) == tuple(symptom_list)


@settings(
    max_examples=500 if os.environ.get("CI") else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(doc=mutated_plans())
def test_fast_path_agrees_with_the_detailed_pass_and_the_constructor(doc: Any) -> None:
    """The generated fast path accepts exactly what the validators accept."""
    try:
        fast = structure(doc, Plan)
    except InputError:
        fast = None
    try:
        detailed = detailed_converter.structure(doc, Plan)
    except Exception:
        detailed = None
    assert (fast is None) == (detailed is None)
    if fast is not None:
        assert fast == detailed
        rebuilt = Plan(weeks=fast.weeks, name=fast.name, metadata=fast.metadata)
        assert rebuilt == fast
