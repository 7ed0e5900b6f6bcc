"""The JSON report's format version and schema: every report validates.

Reports of the vignettes, of generated plans and of generated `Report` objects (every kind
of suggestion, location and error) are held to the exact schema of this version
(``closed=True``); the published schema is checked to be the open variant of it. One
property test also holds the CDS Hooks response and the SARIF log of generated plans to
their schemas (one test, so that each generated plan is checked once).
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backsafe import check, dump_plan
from backsafe._schema import json_schema, report_schema
from backsafe.model import Plan, Profile, RangeOfMotion, Symptom
from backsafe.output import (
    FORMAT_VERSION,
    Artifact,
    report_to_cds_hooks,
    report_to_dict,
    report_to_sarif,
)
from backsafe.output._json import COMPUTED, FIELDS, OMITTED_WHEN_EMPTY
from backsafe.report import (
    Action,
    CheckError,
    Dose,
    Finding,
    Level,
    Location,
    Override,
    PackInfo,
    Part,
    Reference,
    Report,
    Safety,
    Suggestion,
)
from backsafe.testing.strategies import plans, profiles, symptoms
from backsafe.testing.vignettes import Vignette
from tests.test_cds_hooks import assert_valid_response, fhir_update
from tests.test_sarif import RULES, assert_valid_sarif
from tests.test_vignettes import ALL as VIGNETTES

CLOSED = jsonschema.Draft202012Validator(report_schema(closed=True))
OPEN = jsonschema.Draft202012Validator(json_schema("report"))


def assert_valid(data: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in CLOSED.iter_errors(data)]
    assert not errors, errors[:5]
    assert not list(OPEN.iter_errors(data))


def test_the_schemas_are_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(report_schema(closed=True))
    jsonschema.Draft202012Validator.check_schema(json_schema("report"))


def test_the_report_carries_its_format_version() -> None:
    assert FORMAT_VERSION == "1.0"
    data = report_to_dict(Report())
    assert next(iter(data)) == "format_version"
    assert data == {
        "format_version": "1.0",
        "verdict": "ok",
        "findings": [],
        "errors": [],
        "packs": [],
    }
    assert_valid(data)


def test_the_published_schema_accepts_later_minor_versions_and_added_keys() -> None:
    data = report_to_dict(Report((Finding("BS1", "r", "p", Level.INFO, "t", "m"),)))
    later = {**data, "format_version": "1.7", "new_key": 1}
    later["findings"] = [{**data["findings"][0], "new_field": [1]}]
    assert not list(OPEN.iter_errors(later))
    assert list(CLOSED.iter_errors(later))
    for version in ("2.0", "1", "1.x", 1):
        assert list(OPEN.iter_errors({**data, "format_version": version}))


def test_the_schema_is_strict_where_the_contract_is() -> None:
    good = report_to_dict(Report((Finding("BS1", "r", "p", Level.INFO, "t", "m"),)))
    bad_level = {**good, "findings": [{**good["findings"][0], "level": "ok"}]}
    no_location = {**good, "findings": [{**good["findings"][0], "location": None}]}
    missing = {k: v for k, v in good.items() if k != "packs"}
    for data in (bad_level, no_location, missing, {**good, "verdict": "fine"}):
        assert list(OPEN.iter_errors(data)), data


def test_the_report_writes_every_field_of_its_classes_as_the_schema_lists_them() -> None:
    """A report with every field set: each object has a key per field of its class."""
    location = Location(1, 2, 3, Part.BLOCKS, 4, "deadlift")
    suggestion = Suggestion(
        Action.REPLACE_EXERCISE,
        Safety.UNSAFE,
        "Replace it.",
        exercise="glute-bridge",
        cue="brace-core",
        items=("light-cardio",),
        load_kg=50.0,
        range_of_motion=RangeOfMotion.FULL,
        day=3,
        location=location,
        up_to=Level.REFER,
        dose=(Dose("glute-bridge", 3, 12, None, 20.0),),
    )
    finding = Finding(
        "BS201", "rule", "backsafe", Level.MODIFY, "condition", "Message.", location,
        (Reference("guide", "The guide", "https://example.org", "Causes"),), (suggestion,),
    )  # fmt: skip
    override = Override("clinic", "BS601", "max_increase", 0.1, 0.05, "Protocol.")
    pack = PackInfo("clinic", "1.0", "CL", "clinic-dist", "clinic = c:pack", "/p", (override,))
    report = Report(
        (finding,),
        (CheckError("rule-crashed", "boom", "clinic", "CL001"),),
        (pack,),
        stopped_at=Level.MODIFY,
    )
    data = report_to_dict(report)
    schema = report_schema(closed=True)
    assert list(data) == list(schema["properties"]) == ["format_version", *FIELDS[Report]]
    written = data["findings"][0]
    for cls, obj in [
        (Finding, written),
        (Location, written["location"]),
        (Reference, written["references"][0]),
        (Suggestion, written["suggestions"][0]),
        (Dose, written["suggestions"][0]["dose"][0]),
        (CheckError, data["errors"][0]),
        (PackInfo, data["packs"][0]),
        (Override, data["packs"][0]["overrides"][0]),
    ]:
        fields = {field.name for field in attrs.fields(cls)} | set(COMPUTED.get(cls, ()))
        assert set(obj) == fields - _NOT_WRITTEN.get(cls, set()), cls
        definition = schema["$defs"][cls.__name__]
        assert list(obj) == list(definition["properties"]), cls
        assert set(definition["required"]) == set(obj) - OMITTED_WHEN_EMPTY.get(cls, set())
    assert_valid(data)


#: Fields of the report classes the JSON report does not write: a suggestion's ``up_to``
#: decides whether it is shown (one voice), and is not itself shown.
_NOT_WRITTEN: dict[type, set[str]] = {Suggestion: {"up_to"}}


# Every report validates -----------------------------------------------------------------


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_every_vignette_report_validates(vignette: Vignette) -> None:
    report = check(dict(vignette.plan), vignette.profile, list(vignette.symptoms))
    assert_valid(report_to_dict(report))


@given(plan=plans(), profile=st.none() | profiles(), reported=st.lists(symptoms(), max_size=3))
@settings(max_examples=25)
def test_every_output_of_generated_plans_validates(
    plan: Plan, profile: Profile | None, reported: list[Symptom]
) -> None:
    """The JSON report, the CDS Hooks response and the SARIF log of any plan validate."""
    report = check(plan, profile, reported)
    assert_valid(report_to_dict(report))
    assert_valid_response(report_to_cds_hooks(report))
    assert_valid_response(report_to_cds_hooks(report, actions=fhir_update, instance="x"))
    text = json.dumps(dump_plan(plan), indent=2, ensure_ascii=False)
    log = report_to_sarif(report, rules=RULES, plan=Artifact("p.json", text))
    assert_valid_sarif(log)
    located = [r for r in log["runs"][0]["results"] if "logicalLocations" in r["locations"][0]]
    for result in located:
        assert "region" in result["locations"][0]["physicalLocation"]


_text = st.text(max_size=12)
_maybe_int = st.none() | st.integers(1, 60)
locations = st.builds(
    Location,
    week=_maybe_int,
    session=_maybe_int,
    day=st.none() | st.integers(1, 7),
    part=st.none() | st.sampled_from(Part),
    block=_maybe_int,
    exercise=st.none() | _text,
)
suggestions = st.builds(
    Suggestion,
    action=st.sampled_from(Action),
    safety=st.sampled_from(Safety),
    description=_text,
    exercise=st.none() | _text,
    cue=st.none() | _text,
    items=st.lists(_text, max_size=3).map(tuple),
    load_kg=st.none() | st.floats(0, 500),
    range_of_motion=st.none() | st.sampled_from(RangeOfMotion),
    day=st.none() | st.integers(1, 7),
    location=st.none() | locations,
)
findings = st.builds(
    Finding,
    code=_text,
    rule=_text,
    pack=_text,
    level=st.sampled_from([level for level in Level if level is not Level.OK]),
    topic=_text,
    message=_text,
    location=st.none() | locations,
    references=st.lists(
        st.builds(
            Reference, id=_text, title=_text, url=st.none() | _text, section=st.none() | _text
        ),
        max_size=2,
    ).map(tuple),
    suggestions=st.lists(suggestions, max_size=3).map(tuple),
)
reports = st.builds(
    Report,
    findings=st.lists(findings, max_size=4).map(tuple),
    errors=st.lists(
        st.builds(
            CheckError, kind=_text, message=_text, pack=st.none() | _text, code=st.none() | _text
        ),
        max_size=2,
    ).map(tuple),
    packs=st.lists(st.builds(PackInfo, name=_text, version=_text, prefix=_text), max_size=2).map(
        tuple
    ),
)


@given(reports)
@settings(max_examples=100)
def test_every_report_object_validates(report: Report) -> None:
    """Any report, even with empty texts, gives a valid JSON report, response and log."""
    assert_valid(report_to_dict(report))
    assert_valid_response(report_to_cds_hooks(report, actions=fhir_update))
    assert_valid_sarif(report_to_sarif(report, rules=RULES, plan=Artifact("p.json")))
