"""The generated JSON Schema and the loader agree."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backsafe import (
    InputError,
    dump_plan,
    dump_profile,
    dump_symptoms,
    load_plan,
    load_profile,
    load_symptoms,
)
from backsafe import _validators as v
from backsafe._schema import DOCUMENTS, json_schema
from backsafe.model import Block, Plan, Profile, Session, Symptom, Week
from backsafe.testing.strategies import plans, profiles, symptoms
from tests.mutations import mutated
from tests.test_fuzz import BASE_PLANS

EXAMPLES = Path(__file__).parent.parent / "examples"
LOADERS = {"plan": load_plan, "profile": load_profile, "symptoms": load_symptoms}
VALIDATORS = {
    name: jsonschema.Draft202012Validator(json_schema(name), format_checker=None)
    for name in DOCUMENTS
}
# What the loader checks that JSON Schema cannot express (each noted in the schema).
STRICTER_IN_LOADER = (
    "must be unique",
    "must not nest deeper than",
    "must hold at most",
    "lone surrogate",
    "must have at most 4300 digits",
)


def agree(document: str, doc: Any) -> None:
    schema_errors = list(VALIDATORS[document].iter_errors(doc))
    try:
        LOADERS[document](doc)
    except InputError as error:
        if not schema_errors:
            assert all(any(s in p.message for s in STRICTER_IN_LOADER) for p in error.problems), (
                error
            )
    else:
        assert not schema_errors, [e.message for e in schema_errors]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_schemas_are_valid_draft_2020_12(document: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema(document))


def test_examples_agree() -> None:
    for path in sorted(EXAMPLES.glob("**/*.json")):
        kind = path.parent.name.rstrip("s") if path.parent.name != "symptoms" else "symptoms"
        if kind in LOADERS:
            doc = json.loads(path.read_text())
            assert not list(VALIDATORS[kind].iter_errors(doc)), path
            LOADERS[kind](doc)


def test_schema_states_the_limits() -> None:
    block = json_schema("plan")["$defs"]["Block"]
    assert block["properties"]["sets"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert block["additionalProperties"] is False
    assert block["required"] == ["exercise", "sets"]


MINIMAL = {
    "Plan": {"weeks": [{}]},
    "Week": {"weeks": [{}]},
    "Session": {"weeks": [{"sessions": [{"day": 1}]}]},
    "Block": {
        "weeks": [
            {"sessions": [{"day": 1, "blocks": [{"exercise": "squat", "sets": 1, "reps": 1}]}]}
        ]
    },
    "Profile": {},
    "Symptom": [{"kind": "numbness"}],
}
WHERE = {
    "Plan": (),
    "Week": ("weeks", 0),
    "Session": ("weeks", 0, "sessions", 0),
    "Block": ("weeks", 0, "sessions", 0, "blocks", 0),
    "Profile": (),
    "Symptom": (0,),
}
DOCUMENT_OF = {
    "Plan": "plan",
    "Week": "plan",
    "Session": "plan",
    "Block": "plan",
    "Profile": "profile",
    "Symptom": "symptoms",
}


def boundary_candidates(validator: Any) -> list[Any]:
    if isinstance(validator, v.Optional):
        return [None, *boundary_candidates(validator.inner)]
    if isinstance(validator, (v.Integer, v.Number)):
        low, high = validator.minimum, validator.maximum
        return [
            low - 1,
            low - 0.5,
            low,
            low + 0.5,
            high - 0.5,
            high,
            high + 0.5,
            high + 1,
            True,
            "1",
            2.0,
        ]
    if isinstance(validator, v.Text):
        return [
            "",
            "a",
            "a" * validator.max_length,
            "a" * (validator.max_length + 1),
            "a\u00a0b",
            "a\x1fb",
            1,
        ]
    if isinstance(validator, v.Items):
        return [[], "x", [None], ["brace-core"] * (validator.max_items + 1)]
    if isinstance(validator, v.EnumMember):
        return [*(m.value for m in validator.enum), "other", 1]
    return [None, 1, "x", {}]


def boundary_cases() -> list[tuple[str, str, Any]]:
    cases = []
    for cls in (Plan, Week, Session, Block, Profile, Symptom):
        for attribute in attrs.fields(cls):
            validators = getattr(attribute.validator, "_validators", [attribute.validator])
            for validator in validators:
                for value in boundary_candidates(validator):
                    cases.append((cls.__name__, attribute.name, value))
    return cases


@pytest.mark.parametrize(("cls", "field", "value"), boundary_cases())
def test_every_field_boundary_agrees(cls: str, field: str, value: Any) -> None:
    doc = copy.deepcopy(MINIMAL[cls])
    target = doc
    for key in WHERE[cls]:
        target = target[key]
    target[field] = value
    agree(DOCUMENT_OF[cls], doc)


AGREEMENT = settings(
    max_examples=600 if os.environ.get("CI") else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@AGREEMENT
@given(data=st.data())
def test_generated_plans_agree(data: st.DataObject) -> None:
    if data.draw(st.integers(0, 3)) == 0:
        doc = dump_plan(data.draw(plans(metadata=True)))
        agree("plan", doc)
    else:
        doc = data.draw(st.sampled_from(BASE_PLANS))
    agree("plan", data.draw(mutated(doc, finite=True)))


@AGREEMENT
@given(data=st.data())
def test_generated_profiles_and_symptoms_agree(data: st.DataObject) -> None:
    profile = dump_profile(data.draw(profiles(metadata=True)))
    agree("profile", data.draw(mutated(profile, finite=True)))
    listing = dump_symptoms(data.draw(st.lists(symptoms(metadata=True), max_size=3)))
    agree("symptoms", listing)
    agree("symptoms", data.draw(mutated(listing, finite=True)))
