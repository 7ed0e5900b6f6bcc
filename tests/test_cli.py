"""The ``backsafe`` command line, end to end: exit codes, outputs and error messages.

Most tests run the real program in a subprocess (``python -m backsafe``); the few that
need to break something inside (a crashing rule) call ``backsafe.cli.main`` in-process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
FRIENDLY = EXAMPLES / "plans" / "glute-builder.json"
RISKY = EXAMPLES / "plans" / "risky-glute-builder.json"
DESIGN = EXAMPLES / "plans" / "design-example.json"
PROFILE = EXAMPLES / "profiles" / "herniated-disc.json"
RED_FLAGS = EXAMPLES / "symptoms" / "red-flag.json"
MILD_JSON = EXAMPLES / "symptoms" / "mild-pain.json"
MILD_TOML = EXAMPLES / "symptoms" / "mild-pain.toml"
STREPROGEN = sorted((EXAMPLES / "streprogen").glob("*.json"))

LEVELS = ["ok", "info", "caution", "modify", "stop", "refer", "urgent"]
RANK = {level: rank for rank, level in enumerate(LEVELS)}
INDICATORS = {
    "info": "info",
    "caution": "info",
    "modify": "warning",
    "stop": "warning",
    "refer": "critical",
    "urgent": "critical",
}
ANSI = "\x1b["


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONHASHSEED")}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run(
    *args: object, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m backsafe ARGS`` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "backsafe", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env or environment(),
        input=stdin,
        timeout=120,
        check=False,
    )


def run_json(*args: object) -> tuple[int, dict[str, Any], str]:
    """Run ``check --format json``; return the exit code, the report and stderr."""
    result = run("check", *args, "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


def assert_usage_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 2 with every ``expected`` text on stderr, no traceback and no report."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""
    for text in expected:
        assert text in result.stderr, result.stderr


@cache
def rules_json() -> tuple[dict[str, Any], ...]:
    result = run("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    return tuple(json.loads(result.stdout))


def always_on() -> set[str]:
    """The codes that --select/--ignore cannot switch off."""
    return {rule["code"] for rule in rules_json() if not rule["suppressible"]}


def codes(report: dict[str, Any]) -> set[str]:
    return {finding["code"] for finding in report["findings"]}


def expected_exit(verdict: str, fail_on: str = "modify") -> int:
    return 1 if RANK[verdict] >= RANK[fail_on] else 0


def assert_report_shape(report: dict[str, Any]) -> None:
    """The JSON report of the contract, which validates against its exact schema."""
    import jsonschema

    from backsafe._schema import report_schema

    assert report["format_version"] == "1.0"
    jsonschema.validate(report, report_schema(closed=True))
    assert set(report) >= {"verdict", "findings", "errors", "packs"}
    assert report["verdict"] in LEVELS
    assert isinstance(report["errors"], list)
    assert report["packs"]
    for pack in report["packs"]:
        assert {"name", "version", "prefix"} <= set(pack)
    assert any(pack["name"] == "backsafe" for pack in report["packs"])
    for finding in report["findings"]:
        assert {
            "code",
            "rule",
            "pack",
            "level",
            "topic",
            "message",
            "location",
            "references",
            "suggestions",
        } <= set(finding)
        assert finding["level"] in LEVELS[1:]
        assert finding["code"].startswith("BS")
        assert finding["message"]
        assert finding["topic"]
        assert {"week", "session", "block"} <= set(finding["location"])
        for reference in finding["references"]:
            assert {"id", "title", "url", "section"} <= set(reference)
        for suggestion in finding["suggestions"]:
            assert {"action", "safety", "description"} <= set(suggestion)
            assert suggestion["safety"] in ("safe", "unsafe", "display-only")
    highest = max((RANK[f["level"]] for f in report["findings"]), default=0)
    verdict = LEVELS[highest] if highest > RANK["info"] else "ok"
    if report["errors"] and RANK[verdict] < RANK["caution"]:
        verdict = "caution"
    assert report["verdict"] == verdict


# check: verdicts and exit codes -------------------------------------------------------


def test_the_friendly_plan_is_ok_and_exits_0() -> None:
    result = run("check", FRIENDLY)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    first = result.stdout.splitlines()[0]
    assert first.startswith("Lower-back-friendly glute builder: verdict: OK")


def test_the_risky_plan_needs_changes_and_exits_1() -> None:
    result = run("check", RISKY)
    assert result.returncode == 1, result.stderr
    assert "verdict: MODIFY" in result.stdout.splitlines()[0]
    assert "\nweek 1\n" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("plan", "fail_on", "verdict", "code"),
    [
        (RISKY, "info", "modify", 1),
        (RISKY, "modify", "modify", 1),
        (RISKY, "stop", "modify", 0),
        (RISKY, "urgent", "modify", 0),
        (DESIGN, "caution", "caution", 1),
        (DESIGN, "modify", "caution", 0),
        (FRIENDLY, "info", "ok", 0),
    ],
    ids=lambda value: value.stem if isinstance(value, Path) else str(value),
)
def test_fail_on_sets_the_level_that_exits_1(
    plan: Path, fail_on: str, verdict: str, code: int
) -> None:
    result = run("check", plan, "--format", "json", "--fail-on", fail_on)
    report = json.loads(result.stdout)
    assert report["verdict"] == verdict
    assert result.returncode == code == expected_exit(verdict, fail_on)
    if plan == FRIENDLY:
        # exit 0 at --fail-on info: nothing was found above info.
        assert report["findings"]
        assert {finding["level"] for finding in report["findings"]} == {"info"}


# check: the JSON report and CDS Hooks cards -------------------------------------------


def everything() -> tuple[object, ...]:
    return (RISKY, "--profile", PROFILE, "--symptoms", RED_FLAGS)


def test_the_json_report_has_the_contract_shape() -> None:
    code, report, _ = run_json(*everything())
    assert_report_shape(report)
    assert report["verdict"] == "urgent"
    assert code == 1
    assert report["errors"] == []
    found = codes(report)
    # The profile states a condition, so the unknown exercise is BS905 (modify), not BS902.
    assert {"BS001", "BS003", "BS201", "BS401", "BS905"} <= found
    assert "BS902" not in found
    # Symptom findings have no location and come first, then document order.
    findings = report["findings"]
    general = [f for f in findings if f["location"]["week"] is None]
    assert general
    assert findings[: len(general)] == general
    assert {f["topic"] for f in general} >= {"red-flag", "pain"}
    weeks = [f["location"]["week"] for f in findings[len(general) :]]
    assert weeks == sorted(weeks)
    plan = json.loads(RISKY.read_text(encoding="utf-8"))
    assert max(weeks) == len(plan["weeks"])


@pytest.mark.parametrize("output", ["json", "cds-hooks", "sarif"])
def test_output_is_byte_identical_whatever_the_hash_seed(output: str) -> None:
    outputs = {
        seed: subprocess.run(
            [
                sys.executable,
                "-m",
                "backsafe",
                "check",
                *map(str, everything()),
                "--format",
                output,
            ],
            capture_output=True,
            cwd=ROOT,
            env=environment(PYTHONHASHSEED=seed),
            timeout=120,
            check=False,
        )
        for seed in ("0", "1", "4242")
    }
    first = outputs["0"]
    assert first.returncode == 1, first.stderr
    assert len(first.stdout) > 1000
    for result in outputs.values():
        assert result.returncode == first.returncode
        assert result.stdout == first.stdout


def test_cds_hooks_cards() -> None:
    from tests.test_cds_hooks import assert_valid_response

    result = run("check", *everything(), "--format", "cds-hooks")
    assert result.returncode == 1, result.stderr
    response = json.loads(result.stdout)
    assert_valid_response(response)
    cards = response["cards"]
    _, report, _ = run_json(*everything())
    # One card per rule that found something.
    assert len(cards) == len(codes(report))
    ranks = {"info": 0, "warning": 1, "critical": 2}
    assert [ranks[c["indicator"]] for c in cards] == sorted(
        (ranks[c["indicator"]] for c in cards), reverse=True
    )
    highest: dict[str, str] = {}
    for f in report["findings"]:
        if RANK[f["level"]] > RANK.get(highest.get(f["code"], "ok"), 0):
            highest[f["code"]] = f["level"]
    for card in cards:
        code = card["summary"].split("(", 1)[1].split(")")[0].split(",")[0]
        assert card["indicator"] == INDICATORS[highest[code]]
        assert "**Rule:**" in card["detail"]
        assert "suggestions" not in card  # no FHIR actions from the command line
    assert cards[0]["indicator"] == "critical"
    assert cards[0]["summary"].startswith("Seek medical attention now")
    # Advice for a person is in the detail, not offered as a suggestion to apply.
    urgent = next(c for c in cards if "(BS001" in c["summary"])
    assert "**Advice:**" in urgent["detail"]
    # The report speaks with one voice: under an urgent verdict, the stop finding's advice
    # for milder pain (ice, "see someone if it lasts a week") is not shown.
    stop = next(c for c in cards if "(BS102" in c["summary"])
    assert "**Advice:**" not in stop["detail"]


HOSTILE_NAME = "hip thrust](https://evil.example) ![i](https://evil.example/x.png) `x\u202eevil"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\x1b]")


def test_user_text_is_data_in_every_format(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    plan = {
        "name": "Evil \u202eplan \u2066x",
        "weeks": [
            {
                "sessions": [
                    {
                        "day": 1,
                        "name": "[click](https://evil.example) <b>x</b>",
                        "blocks": [{"exercise": HOSTILE_NAME, "sets": 3, "reps": 10}],
                    }
                ]
            }
        ],
    }
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    text = run("check", path)
    assert text.returncode == 0, text.stderr
    assert not BIDI.search(text.stdout)
    assert "Evil \\u202eplan \\u2066x: verdict" in text.stdout
    cds = run("check", path, "--format", "cds-hooks")
    md = MarkdownIt("gfm-like")
    for card in json.loads(cds.stdout)["cards"]:
        for field in ("summary", "detail"):
            html = md.render(card[field])
            assert "<a " not in html
            assert "<img" not in html
            assert "<code>" not in html
            assert "<b>" not in html
            assert not BIDI.search(card[field])
    sarif = run("check", path, "--format", "sarif")
    (result,) = json.loads(sarif.stdout)["runs"][0]["results"]
    assert "\\](https" in result["message"]["text"]


# check: --select and --ignore ---------------------------------------------------------


def test_select_keeps_the_selected_prefix_and_the_always_on_rules() -> None:
    code, report, stderr = run_json(RISKY, "--symptoms", RED_FLAGS, "--select", "BS4")
    found = codes(report)
    assert {"BS401", "BS402", "BS403"} <= found
    assert {"BS001", "BS003"} <= found  # red flags run whatever is selected
    assert all(c.startswith("BS4") or c in always_on() for c in found), found
    assert not found & {"BS701", "BS801", "BS802", "BS601"}
    assert "note" in stderr
    assert code == expected_exit(report["verdict"])


def test_select_takes_several_codes_in_any_case() -> None:
    _, report, _ = run_json(RISKY, "--select", " bs801 ,BS7")
    found = codes(report) - always_on()
    assert found
    assert all(c == "BS801" or c.startswith("BS7") for c in found), found


def test_ignore_drops_a_code() -> None:
    _, report, _ = run_json(RISKY, "--ignore", "BS401,BS8")
    found = codes(report)
    assert "BS401" not in found
    assert not any(c.startswith("BS8") for c in found)
    assert "BS402" in found


def test_a_red_flag_cannot_be_ignored_by_its_code() -> None:
    result = run("check", RISKY, "--ignore", "BS001")
    assert_usage_error(result, "BS001", "cannot be ignored")


@pytest.mark.parametrize(
    ("option", "value"),
    [("--select", "NOPE"), ("--ignore", "BS999"), ("--select", "BS4,XY1")],
)
def test_an_unknown_code_exits_2(option: str, value: str) -> None:
    result = run("check", RISKY, option, value)
    assert_usage_error(result, value.rsplit(",", maxsplit=1)[-1])


def test_ignoring_a_prefix_with_red_flags_keeps_them_and_says_so() -> None:
    code, report, stderr = run_json(FRIENDLY, "--symptoms", RED_FLAGS, "--ignore", "BS0")
    assert {"BS001", "BS003"} <= codes(report)
    assert report["verdict"] == "urgent"
    assert code == 1
    note = [line for line in stderr.splitlines() if "note" in line]
    assert note, stderr
    assert "BS001" in note[0]


# check: profiles and symptoms ---------------------------------------------------------


def test_red_flag_symptoms_are_urgent_whatever_fail_on_says() -> None:
    result = run("check", FRIENDLY, "--symptoms", RED_FLAGS, "--fail-on", "urgent")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert "verdict: URGENT" in lines[0]
    # Symptom findings come first, before the plan's weeks.
    assert lines.index("symptoms and profile") < lines.index("week 1")
    section = lines[lines.index("symptoms and profile") : lines.index("week 1")]
    assert any(line.lstrip().startswith("BS001  urgent") for line in section)


def test_mild_pain_from_toml_and_json_give_the_same_report() -> None:
    code_json, from_json, _ = run_json(FRIENDLY, "--symptoms", MILD_JSON)
    code_toml, from_toml, _ = run_json(FRIENDLY, "--symptoms", MILD_TOML)
    assert from_json == from_toml
    assert from_json["verdict"] == "modify"
    assert "BS101" in codes(from_json)
    assert code_json == code_toml == 1


def test_a_profile_with_a_disc_condition_flags_heavy_spinal_loading() -> None:
    code, report, _ = run_json(RISKY, "--profile", PROFILE)
    assert "BS201" in codes(report)
    assert code == 1
    _, friendly, _ = run_json(FRIENDLY, "--profile", PROFILE)
    assert friendly["verdict"] == "ok"


def test_the_plan_can_come_from_stdin() -> None:
    result = run("check", "-", "--format", "json", stdin=FRIENDLY.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == run_json(FRIENDLY)[1]


# Bad input and bad arguments exit 2 ---------------------------------------------------


def write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def plan_with_sets(sets: Any) -> dict[str, Any]:
    plan = json.loads(DESIGN.read_text(encoding="utf-8"))
    plan["weeks"][0]["sessions"][0]["blocks"][0]["sets"] = sets
    return plan


BAD_INPUTS = {
    "malformed-json": (["plan"], '{"weeks": [', ["plan", "(document)", "not valid JSON"]),
    "sets-three": (["plan"], plan_with_sets("three"), ["weeks[0].sessions[0].blocks[0].sets"]),
    "bad-profile-enum": (["profile"], {"experience": "wizard"}, ["profile", "experience"]),
    "unknown-symptom-kind": (
        ["symptoms"],
        [{"kind": "itching", "region": "lower-back"}],
        ["symptoms", "[0].kind", "itching"],
    ),
    "symptoms-not-a-list": (["symptoms"], {"kind": "pain"}, ["symptoms", "must be a list"]),
    "plan-is-a-list": (["plan"], [1, 2], ["plan", "must be an object"]),
    "unknown-key": (["plan"], {"weeks": [], "wekes": []}, ["wekes"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_naming_the_field(tmp_path: Path, case: str) -> None:
    (which,), content, expected = BAD_INPUTS[case]
    bad = write(tmp_path, f"{which}.json", content)
    inputs = {"plan": DESIGN, "profile": PROFILE, "symptoms": MILD_JSON, which: bad}
    result = run(
        "check", inputs["plan"], "--profile", inputs["profile"], "--symptoms", inputs["symptoms"]
    )
    assert_usage_error(result, *expected)


def test_validate_reports_every_bad_document(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.json", plan_with_sets("three"))
    profile = write(tmp_path, "profile.json", {"experience": "wizard"})
    symptoms = write(tmp_path, "symptoms.json", [{"kind": "itching"}])
    result = run("validate", plan, "--profile", profile, "--symptoms", symptoms)
    assert_usage_error(
        result, "weeks[0].sessions[0].blocks[0].sets", "experience", "[0].kind", str(symptoms)
    )


@pytest.mark.parametrize(
    "path",
    # A directory is checked plan by plan (see test_cli_many.py): one without a single
    # *.json or *.toml file in it has nothing to check.
    ["does-not-exist.json", "<a directory without plans>", "examples/plans/plan.yaml"],
    ids=["missing", "directory", "suffix"],
)
def test_unreadable_files_exit_2(path: str, tmp_path: Path) -> None:
    if path == "<a directory without plans>":
        path = str(tmp_path)
    assert_usage_error(run("check", path), path)


def test_a_missing_profile_exits_2() -> None:
    assert_usage_error(run("check", FRIENDLY, "--profile", "nope.json"), "profile", "nope.json")


@pytest.mark.parametrize(
    "args",
    [
        ["check", RISKY, "--format", "xml"],
        ["check", RISKY, "--fail-on", "ok"],
        ["check", RISKY, "--fail-on", "severe"],
        ["check", RISKY, "--input-format", "csv"],
        ["check"],
        ["schema", "workout"],
        ["rules", "--format", "cds-hooks"],
        ["frobnicate"],
        [],
    ],
    ids=[
        "format-xml",
        "fail-on-ok",
        "fail-on-unknown",
        "input-format",
        "no-plan",
        "schema-unknown",
        "rules-format",
        "unknown-command",
        "no-command",
    ],
)
def test_bad_arguments_exit_2(args: list[object]) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "usage: backsafe" in result.stderr


# An incomplete check exits 3 (in-process) --------------------------------------------


@pytest.fixture
def fresh_checkers() -> Any:
    from backsafe.packs import PackSet

    PackSet.clear_cache()
    yield
    PackSet.clear_cache()


@pytest.mark.usefixtures("fresh_checkers")
def test_a_crashing_rule_exits_3_and_never_reports_ok(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from backsafe.cli import main
    from backsafe.kinds._blocks import MissingCue

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(MissingCue, "check_block", crash)
    assert main(["check", str(FRIENDLY), "--format", "json"]) == 3
    report = json.loads(capsys.readouterr().out)
    assert_report_shape(report)
    assert report["errors"]
    error = report["errors"][0]
    assert error["kind"] == "rule-crashed"
    assert "RuntimeError: boom" in error["message"]
    crashed = [f for f in report["findings"] if f["topic"] == "internal-error"]
    assert crashed
    assert {f["code"] for f in crashed} == {e["code"] for e in report["errors"]}
    assert report["verdict"] != "ok"
    # Whatever --fail-on says, and in every format.
    assert main(["check", str(FRIENDLY), "--fail-on", "urgent"]) == 3
    text = capsys.readouterr().out
    assert "INCOMPLETE CHECK" in text
    assert "verdict: OK" not in text
    assert main(["check", str(FRIENDLY), "--format", "cds-hooks"]) == 3
    cards = json.loads(capsys.readouterr().out)["cards"]
    assert cards[0]["indicator"] == "critical"
    assert cards[0]["source"]["topic"]["code"] == "internal-error"
    assert main(["check", str(FRIENDLY), "--format", "sarif"]) == 3
    (invocation,) = json.loads(capsys.readouterr().out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "RuntimeError: boom" in invocation["toolExecutionNotifications"][0]["message"]["text"]


@pytest.mark.usefixtures("fresh_checkers")
def test_the_checker_works_again_once_the_rule_is_restored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backsafe.cli import main

    assert main(["check", str(FRIENDLY), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["errors"] == []


# validate, schema, rules, explain, packs, --version ----------------------------------


def test_validate_summarises_valid_input() -> None:
    result = run("validate", FRIENDLY, "--profile", PROFILE, "--symptoms", MILD_TOML)
    assert result.returncode == 0, result.stderr
    plan = json.loads(FRIENDLY.read_text(encoding="utf-8"))
    weeks = len(plan["weeks"])
    sessions = sum(len(week["sessions"]) for week in plan["weeks"])
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{plan['name']}: {weeks} weeks, {sessions} sessions")
    assert "profile: valid" in lines
    assert "symptoms: 1 valid" in lines


def test_validate_lists_unknown_exercises_but_exits_0() -> None:
    result = run("validate", RISKY)
    assert result.returncode == 0, result.stderr
    assert "unknown: 'Nautilus glute drive'" in result.stdout


@pytest.mark.parametrize(
    ("document", "example"),
    [("plan", FRIENDLY), ("profile", PROFILE), ("symptoms", RED_FLAGS)],
)
def test_schema_prints_a_json_schema_the_examples_meet(document: str, example: Path) -> None:
    import jsonschema

    result = run("schema", document)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(example.read_text(encoding="utf-8")), schema)


def test_schema_report_validates_the_json_report() -> None:
    import jsonschema

    result = run("schema", "report")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    _, report, _ = run_json(*everything())
    jsonschema.validate(report, schema)
    assert schema["properties"]["format_version"]["pattern"] == "^1\\.[0-9]+(?![\\s\\S])"


# check --format sarif ------------------------------------------------------------------


def run_sarif(*args: object) -> tuple[int, dict[str, Any]]:
    from tests.test_sarif import assert_valid_sarif

    result = run("check", *args, "--format", "sarif")
    assert result.returncode in (0, 1), result.stderr
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    return result.returncode, log


def test_sarif_places_findings_on_the_files() -> None:
    relative = [a.relative_to(ROOT) if isinstance(a, Path) else a for a in everything()]
    code, log = run_sarif(*relative)
    assert code == 1
    (run_,) = log["runs"]
    _, report, _ = run_json(*everything())
    assert len(run_["results"]) == len(report["findings"])
    uris = [a["location"]["uri"] for a in run_["artifacts"]]
    assert uris == [
        "examples/plans/risky-glute-builder.json",
        "examples/profiles/herniated-disc.json",
        "examples/symptoms/red-flag.json",
    ]
    plan_text = RISKY.read_text(encoding="utf-8").splitlines()
    on_blocks = 0
    for result, finding in zip(run_["results"], report["findings"], strict=True):
        assert result["ruleId"] == finding["code"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        if finding["location"]["week"] is None:
            assert uri in uris[1:]
            assert "region" not in location["physicalLocation"]
            continue
        assert uri == uris[0]
        if finding["location"]["block"] is not None:
            on_blocks += 1
            region = location["physicalLocation"]["region"]
            assert plan_text[region["startLine"] - 1][region["startColumn"] - 1] == "{"
            (logical,) = location["logicalLocations"]
            assert logical["fullyQualifiedName"].startswith("/weeks/")
    assert on_blocks > 50
    rule = run_["tool"]["driver"]["rules"][0]
    assert rule["help"]["text"] == run("explain", rule["id"]).stdout


def test_sarif_from_toml_stdin_and_converted_plans(tmp_path: Path) -> None:
    toml = tmp_path / "plan.toml"
    toml.write_text(
        "[[weeks]]\n[[weeks.sessions]]\nday = 1\n"
        '[[weeks.sessions.blocks]]\nexercise = "deadlift"\nsets = 3\nreps = 5\n',
        encoding="utf-8",
    )
    _, log = run_sarif(toml)
    results = log["runs"][0]["results"]
    on_block = [r for r in results if r["locations"][0].get("logicalLocations")]
    assert on_block
    for result in on_block:
        assert "region" not in result["locations"][0]["physicalLocation"]
        assert "fixes" not in result
    result = run("check", "-", "--format", "sarif", stdin=RISKY.read_text(encoding="utf-8"))
    log = json.loads(result.stdout)
    assert "artifacts" not in log["runs"][0]
    assert all("locations" not in r for r in log["runs"][0]["results"])
    if STREPROGEN:
        _, log = run_sarif(STREPROGEN[0], "--input-format", "streprogen")
        for r in log["runs"][0]["results"]:
            assert "logicalLocations" not in r["locations"][0]
            assert "region" not in r["locations"][0]["physicalLocation"]


def test_rules_json_describes_every_rule() -> None:
    rules = rules_json()
    assert len(rules) > 20
    for rule in rules:
        assert {"code", "name", "topic", "level", "pack", "summary", "references"} <= set(rule)
        assert rule["level"] in LEVELS[1:]
        assert rule["summary"]
        assert rule["references"]
        for reference in rule["references"]:
            assert reference["title"]
    all_codes = [rule["code"] for rule in rules]
    assert len(set(all_codes)) == len(all_codes)
    assert all_codes == sorted(all_codes)
    assert {"BS001", "BS101", "BS902"} <= set(all_codes)
    red_flags = {rule["code"] for rule in rules if rule["topic"] == "red-flag"}
    assert red_flags
    assert red_flags <= always_on()


def test_rules_text_lists_every_rule() -> None:
    result = run("rules")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line[:1] not in " "}
    assert listed == {rule["code"] for rule in rules_json()}


def test_explain_prints_the_sections_of_a_rule() -> None:
    result = run("explain", "BS101")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# BS101 (mild-pain)")
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    for section in ("What it does", "Why it matters", "Example", "References"):
        assert f"## {section}" in sections
    assert sections.index("## What it does") < sections.index("## References")


def test_explain_an_unknown_code_exits_2() -> None:
    assert_usage_error(run("explain", "NOPE"), "NOPE")


def test_every_rule_can_be_explained(capsys: pytest.CaptureFixture[str]) -> None:
    from backsafe.cli import main

    for rule in rules_json():
        assert main(["explain", rule["code"].lower()]) == 0
        text = capsys.readouterr().out
        assert text.startswith(f"# {rule['code']} ")
        assert "## What it does" in text


def test_packs_lists_the_default_pack() -> None:
    result = run("packs")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("backsafe ")
    assert "prefix BS" in result.stdout
    assert f"{len(rules_json())} rules" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"backsafe {version('backsafe')}"


# --input-format streprogen ------------------------------------------------------------


@pytest.mark.parametrize("path", STREPROGEN, ids=lambda path: path.stem)
def test_streprogen_output_can_be_checked(path: Path) -> None:
    assert path.exists()
    code, report, stderr = run_json(path, "--input-format", "streprogen")
    assert stderr == ""
    assert_report_shape(report)
    assert code == expected_exit(report["verdict"])
    weeks = {f["location"]["week"] for f in report["findings"]} - {None}
    rendered = json.loads(path.read_text(encoding="utf-8"))["rendered"]
    assert weeks == set(range(1, len(rendered) + 1))


def test_there_are_streprogen_examples() -> None:
    assert len(STREPROGEN) == 5


def test_streprogen_output_can_be_validated() -> None:
    path = EXAMPLES / "streprogen" / "readme-8-week.json"
    result = run("validate", "--input-format", "streprogen", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("My first program!: 8 weeks, 16 sessions")


def test_formats_are_not_guessed() -> None:
    assert_usage_error(run("check", "--input-format", "streprogen", DESIGN), "rendered")
    assert_usage_error(run("check", STREPROGEN[0]), "rendered", "weeks")


def test_a_malformed_streprogen_document_exits_2_with_its_path(tmp_path: Path) -> None:
    doc = json.loads((EXAMPLES / "streprogen" / "readme-8-week.json").read_text(encoding="utf-8"))
    doc["rendered"][0][1] = "Day B"
    path = write(tmp_path, "program.json", doc)
    result = run("check", "--input-format", "streprogen", path)
    assert_usage_error(result, "rendered[0][1]")


def test_a_streprogen_weight_too_large_for_a_float_is_a_located_finding(tmp_path: Path) -> None:
    doc = json.loads((EXAMPLES / "streprogen" / "readme-8-week.json").read_text(encoding="utf-8"))
    doc["rendered"][0][0]["exercises"][0]["weights"][0] = "__WEIGHT__"
    path = write(tmp_path, "program.json", json.dumps(doc).replace('"__WEIGHT__"', "9" * 400))
    _, report, stderr = run_json(path, "--input-format", "streprogen")
    assert stderr == ""
    (left_out,) = [f for f in report["findings"] if f["message"].startswith("Cannot judge")]
    assert left_out["code"] == "BS903"
    assert left_out["location"]["week"] == 1
    assert left_out["message"].endswith("(at rendered[0][0].exercises[0].weights[0])")


# Colour --------------------------------------------------------------------------------


def test_text_through_a_pipe_is_never_coloured() -> None:
    for env in (environment(), environment(NO_COLOR="1"), environment(TERM="xterm-256color")):
        result = run("check", RISKY, "--symptoms", RED_FLAGS, env=env)
        assert result.returncode == 1
        assert ANSI not in result.stdout
        assert ANSI not in result.stderr


def run_on_a_terminal(*args: object, env: dict[str, str]) -> str:
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "backsafe", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    os.close(follower)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        process.wait(timeout=120)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_text_on_a_terminal_is_coloured_unless_no_color() -> None:
    coloured = run_on_a_terminal("check", DESIGN, env=environment())
    assert ANSI in coloured
    assert "verdict:" in coloured
    plain = run_on_a_terminal("check", DESIGN, env=environment(NO_COLOR="1"))
    assert "verdict: CAUTION" in plain
    assert ANSI not in plain


def test_use_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    from backsafe.output import use_colour

    class Terminal:
        def isatty(self) -> bool:
            return True

    class Pipe:
        def isatty(self) -> bool:
            return False

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Terminal()) is True  # type: ignore[arg-type]
    assert use_colour(Pipe()) is False  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(Terminal()) is False  # type: ignore[arg-type]


# --- ending the process ------------------------------------------------------------------


def _run_script(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=environment(),
        timeout=120,
        check=False,
    )


def test_run_flushes_everything_and_exits_with_the_verdicts_code() -> None:
    # Output to a pipe is block-buffered: skipping teardown must not lose any of it.
    result = _run_script(f"""
        import sys
        from backsafe.cli import run
        sys.stderr.write("unflushed on stderr\\n")
        sys.argv = ["backsafe", "check", "--format", "json", {str(RISKY)!r}]
        run()
    """)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["verdict"] == "modify"
    assert result.stderr.endswith("unflushed on stderr\n")


def test_run_leaves_exit_handlers_and_threads_their_teardown() -> None:
    result = _run_script(f"""
        import atexit, sys, threading, time
        from backsafe.cli import run
        atexit.register(print, "the exit handler ran")
        worker = threading.Thread(target=lambda: (time.sleep(0.2), print("the thread ended")))
        worker.start()
        sys.argv = ["backsafe", "check", {str(FRIENDLY)!r}]
        run()
    """)
    assert result.returncode == 0, result.stderr
    assert "the thread ended" in result.stdout
    assert result.stdout.rstrip().endswith("the exit handler ran")
