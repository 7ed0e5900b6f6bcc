"""Symptoms that say what a clinician would ask, serious-pathology red flags, and a report
that speaks with one voice (issue 8, the person side).

The vignettes (tests/vignettes/serious-pathology.toml, symptom-regions.toml, red-flags.toml,
pain.toml) check the verdicts and codes; these tests check what they cannot: input errors,
what the facts read, the advice a report shows, symptoms-only checks, and that history and
age act only through findings that cite their sources.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backsafe
from backsafe import (
    History,
    InputError,
    Level,
    Plan,
    Profile,
    Region,
    Side,
    Symptom,
    SymptomKind,
    load_symptoms,
)
from backsafe._schema import json_schema
from backsafe.facts import area_of, on_both_sides, side_of
from backsafe.kinds._common import describe_symptom
from backsafe.kinds._symptoms import SymptomPattern
from backsafe.output import render_text, report_to_cds_hooks, report_to_dict
from backsafe.packs import PackSet
from backsafe.report import Action, Finding, Safety, Suggestion, one_voice
from backsafe.testing.strategies import symptoms as any_symptoms

ROOT = Path(__file__).parent.parent
SYMPTOMS_SCHEMA = jsonschema.Draft202012Validator(json_schema("symptoms"))
MILD = {
    "kind": "pain",
    "region": "lower-back",
    "intensity": 3,
    "duration_days": 2,
    "worsens_with_activity": False,
    "improves_with_rest": True,
    "interferes_with_daily_activities": False,
}


def problems(document: Any) -> list[str]:
    """The loader's problems with ``document``; the JSON Schema must refuse it too."""
    with pytest.raises(InputError) as caught:
        load_symptoms(document)
    assert list(SYMPTOMS_SCHEMA.iter_errors(document)), "the schema accepts what the loader refuses"
    return [str(problem) for problem in caught.value.problems]


# --- contradictory or meaningless input is an InputError ---------------------------------


@pytest.mark.parametrize(
    ("symptom", "expected"),
    [
        pytest.param(
            {"kind": "pain", "intensity": 0, "worsens_with_activity": True},
            "[0].worsens_with_activity: cannot be true of pain rated 0 (no pain)",
            id="pain-0-worsens",
        ),
        pytest.param(
            {"kind": "pain", "intensity": 0, "radiating": True},
            "[0].radiating: cannot be true of pain rated 0",
            id="pain-0-radiating",
        ),
        pytest.param(
            {"kind": "numbness", "intensity": 4},
            "[0].intensity: is the 0-10 pain rating; give it only when kind is 'pain', got 4",
            id="intensity-on-numbness",
        ),
        pytest.param(
            {"kind": "bladder-dysfunction", "intensity": 2},
            "[0].intensity: is the 0-10 pain rating",
            id="intensity-on-bladder",
        ),
        pytest.param(
            {"kind": "numbness", "radiating": True},
            "[0].radiating: describes pain; give it only when kind is 'pain'",
            id="radiating-on-numbness",
        ),
        pytest.param(
            {"kind": "fever", "worse_at_night": True},
            "[0].worse_at_night: describes pain",
            id="night-on-fever",
        ),
        pytest.param(
            {"kind": "numbness", "side": "left"},
            "[0].side: needs a region that has sides",
            id="side-without-region",
        ),
        pytest.param(
            {"kind": "numbness", "region": "legs", "side": "left"},
            "[0].side: needs a region that has sides",
            id="side-on-legs",
        ),
        pytest.param(
            {"kind": "numbness", "region": "saddle-area", "side": "both"},
            "the saddle area has none",
            id="side-on-saddle-area",
        ),
        pytest.param(
            {"kind": "pain", "intensity": 4, "constant": True, "improves_with_rest": True},
            "[0].constant: contradicts improves_with_rest",
            id="constant-but-eased-by-rest",
        ),
        pytest.param(
            {"kind": "pain", "intensity": 4, "side": "sideways", "region": "hip"},
            "[0].side: must be one of 'left', 'right', 'both'",
            id="unknown-side",
        ),
        pytest.param(
            {"kind": "pain", "intensity": 4, "onset": "yesterday"},
            "[0].onset: must be one of 'gradual'",
            id="unknown-onset",
        ),
    ],
)
def test_contradictory_or_meaningless_symptoms_are_refused(
    symptom: dict[str, Any], expected: str
) -> None:
    found = problems([symptom])
    assert any(expected in problem for problem in found), found


def test_every_contradiction_of_a_symptom_is_reported_at_once() -> None:
    found = problems([{"kind": "numbness", "intensity": 3, "radiating": True, "side": "left"}])
    assert [p.split(":")[0] for p in found] == ["[0].intensity", "[0].side", "[0].radiating"]


def test_the_constructor_refuses_what_the_loader_refuses() -> None:
    with pytest.raises(InputError, match="intensity: is the 0-10 pain rating"):
        Symptom(kind="weakness", intensity=5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="worsens_with_activity: cannot be true"):
        Symptom(kind="pain", intensity=0, worsens_with_activity=True)  # type: ignore[arg-type]


def test_answers_that_only_raise_the_tier_are_judged_not_refused() -> None:
    """Unusual but possible answers are findings, not input errors."""
    report = backsafe.check(
        None,
        symptoms=[{**MILD, "interferes_with_daily_activities": True, "improves_with_rest": False}],
    )
    assert "BS104" in report.codes
    # Pain rated 0 with only "no" answers is no pain: accepted, nothing to report.
    assert backsafe.check(None, symptoms=[{"kind": "pain", "intensity": 0, "radiating": False}]).ok


def test_version_1_documents_stay_readable() -> None:
    old = [
        {"kind": "numbness", "region": "left-leg"},
        {"kind": "tingling", "region": "right-leg"},
        {"kind": "weakness", "region": "legs", "progressive": False},
        {**MILD, "region": "buttock"},
        {"kind": "saddle-anaesthesia"},
    ]
    assert not list(SYMPTOMS_SCHEMA.iter_errors(old))
    loaded = load_symptoms(old)
    assert [s.region for s in loaded][:3] == [Region.LEFT_LEG, Region.RIGHT_LEG, Region.LEGS]
    assert backsafe.dump_symptoms(loaded) == old


def test_the_schema_documents_the_new_fields() -> None:
    symptom = json_schema("symptoms")["$defs"]["Symptom"]["properties"]
    for field in ("side", "radiating", "constant", "worse_at_night", "new_onset", "onset"):
        assert field in symptom
    assert "saddle-area" in symptom["region"]["anyOf"][0]["enum"]
    assert "fever" in symptom["kind"]["enum"]
    profile = json_schema("profile")["$defs"]["Profile"]["properties"]
    assert profile["history"]["items"]["enum"] == [item.value for item in History]


def test_a_new_document_round_trips() -> None:
    document = [
        {
            "kind": "pain",
            "region": "thigh-front",
            "side": "both",
            "intensity": 3,
            "radiating": False,
            "onset": "after-lifting",
            "new_onset": True,
        },
        {"kind": "fever"},
        {"kind": "unexplained-weight-loss"},
    ]
    assert not list(SYMPTOMS_SCHEMA.iter_errors(document))
    assert backsafe.dump_symptoms(load_symptoms(document)) == document


# --- where a symptom is, as the rules read it ---------------------------------------------


def test_legacy_leg_regions_read_as_a_leg_with_a_side() -> None:
    left = Symptom(kind="numbness", region="left-leg")  # type: ignore[arg-type]
    both = Symptom(kind="numbness", region="legs")  # type: ignore[arg-type]
    thigh = Symptom(kind="numbness", region="thigh", side="right")  # type: ignore[arg-type]
    assert (area_of(left), side_of(left)) == (Region.LEG, Side.LEFT)
    assert (area_of(both), side_of(both)) == (Region.LEG, Side.BOTH)
    assert (area_of(thigh), side_of(thigh)) == (Region.THIGH, Side.RIGHT)
    assert on_both_sides([left, thigh])
    assert on_both_sides([both])
    assert not on_both_sides([left, left])


def test_a_region_without_a_side_is_one_side_not_both() -> None:
    buttock = Symptom(kind="numbness", region="buttock")  # type: ignore[arg-type]
    assert side_of(buttock) is None
    assert not on_both_sides([buttock, buttock])


def test_a_pattern_region_covers_its_parts_and_a_leg_region_its_side() -> None:
    calf = Symptom(kind="numbness", region="lower-leg", side="left")  # type: ignore[arg-type]
    front = Symptom(kind="numbness", region="thigh-front", side="both")  # type: ignore[arg-type]
    kinds = (SymptomKind.NUMBNESS,)
    assert SymptomPattern(kinds, regions=(Region.LEG,)).matches(calf)
    assert SymptomPattern(kinds, regions=(Region.THIGH,)).matches(front)
    assert not SymptomPattern(kinds, regions=(Region.THIGH,)).matches(calf)
    assert SymptomPattern(kinds, regions=(Region.LEFT_LEG,)).matches(calf)
    assert SymptomPattern(kinds, regions=(Region.LEFT_LEG,)).matches(front)  # both sides
    assert not SymptomPattern(kinds, regions=(Region.RIGHT_LEG,)).matches(calf)
    assert not SymptomPattern(kinds, regions=(Region.LEGS,)).matches(calf)
    assert SymptomPattern(kinds, sides=("unknown",)).matches(
        Symptom(kind="numbness", region="hip")  # type: ignore[arg-type]
    )


def test_descriptions_say_what_the_rules_read() -> None:
    symptom = Symptom(
        kind="pain",  # type: ignore[arg-type]
        region="thigh-front",  # type: ignore[arg-type]
        side="both",  # type: ignore[arg-type]
        intensity=3,
        radiating=False,
        onset="after-lifting",  # type: ignore[arg-type]
        duration_days=1,
    )
    assert describe_symptom(symptom) == (
        "pain (intensity 3/10; local, not radiating; began with training or lifting) "
        "in the front of both thighs for 1 day"
    )
    assert describe_symptom(Symptom(kind="numbness", region="buttock", side="left")) == (  # type: ignore[arg-type]
        "numbness in the left buttock"
    )
    assert describe_symptom(Symptom(kind="unexplained-weight-loss")) == "unexplained weight loss"  # type: ignore[arg-type]


# --- the person: history and age --------------------------------------------------------


def test_a_condition_with_a_history_id_counts_as_that_history() -> None:
    pain = {**MILD, "onset": "after-lifting"}
    by_history = backsafe.check(None, {"history": ["osteoporosis"]}, [pain])
    by_condition = backsafe.check(None, {"conditions": ["osteoporosis"]}, [pain])
    assert "BS015" in by_history.codes
    assert "BS015" in by_condition.codes


def test_no_risk_factor_is_assumed() -> None:
    """Without a profile, or without an age, the history and age flags stay silent."""
    for profile in (None, {}, {"experience": "novice"}):
        report = backsafe.check(None, profile, [MILD, {"kind": "fever"}])
        assert not {"BS007", "BS010", "BS013", "BS014", "BS015"} & set(report.codes)


HISTORY_AND_AGE_RULES = frozenset({"BS007", "BS010", "BS013", "BS014", "BS015"})


@settings(max_examples=60, deadline=None)
@given(
    reported=st.lists(any_symptoms(), min_size=1, max_size=3),
    history=st.lists(st.sampled_from(list(History)), unique=True, max_size=3),
    age=st.none() | st.integers(0, 120),
)
def test_history_and_age_act_only_through_findings_with_sources(
    reported: list[Symptom], history: list[History], age: int | None
) -> None:
    """Age and history modify nothing silently: every effect is a sourced finding."""
    without = backsafe.check(None, Profile(), reported)
    with_them = backsafe.check(None, Profile(age=age, history=history), reported)
    added = {f.code for f in with_them.findings} - {f.code for f in without.findings}
    assert added <= HISTORY_AND_AGE_RULES
    assert {f.code for f in without.findings} <= {f.code for f in with_them.findings}
    for finding in with_them.findings:
        if finding.code in added:
            assert finding.references, finding.code
            assert finding.level >= Level.REFER


# --- symptoms alone ---------------------------------------------------------------------


def test_symptoms_are_triaged_without_a_plan() -> None:
    report = backsafe.check(None, symptoms=[{"kind": "numbness", "region": "saddle-area"}])
    assert report.verdict is Level.URGENT
    assert report.complete
    same = backsafe.check(Plan(weeks=[]), symptoms=[{"kind": "numbness", "region": "saddle-area"}])
    assert report_to_dict(same) == report_to_dict(report)
    assert backsafe.check({"weeks": []}, symptoms=[MILD]).verdict is Level.MODIFY


def test_a_check_of_nothing_is_an_input_error() -> None:
    with pytest.raises(InputError, match="nothing to check"):
        backsafe.check(None)
    # A profile alone is something to check (its conditions).
    assert backsafe.check(None, {"conditions": ["herniated-disc"]}).complete


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backsafe", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.slow
def test_the_command_line_triages_symptoms_without_a_plan(tmp_path: Path) -> None:
    symptoms = tmp_path / "symptoms.json"
    symptoms.write_text(json.dumps([{"kind": "numbness", "region": "buttock", "side": "both"}]))
    urgent = cli("check", "--symptoms", symptoms, "--format", "json")
    assert urgent.returncode == 1, urgent.stderr
    assert json.loads(urgent.stdout)["verdict"] == "urgent"
    mild = tmp_path / "mild.json"
    mild.write_text(json.dumps([MILD]))
    ok = cli("check", "--symptoms", mild, "--fail-on", "stop")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("symptoms: verdict: MODIFY")
    nothing = cli("check")
    assert nothing.returncode == 2
    assert "--symptoms" in nothing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"kind": "pain", "intensity": 0, "worsens_with_activity": True}]))
    refused = cli("check", "--symptoms", bad)
    assert refused.returncode == 2
    assert "[0].worsens_with_activity: cannot be true of pain rated 0" in refused.stderr


# --- one voice --------------------------------------------------------------------------

REASSURANCE = (
    "you may continue",
    "usually subsides",
    "supplements",
    "Ice is an option",
    "if the pain lasts more than a week",
)


def advice_of(report: backsafe.Report) -> list[str]:
    return [
        s.description for f in report.findings for s in f.suggestions if s.action is Action.ADVICE
    ]


def every_output(report: backsafe.Report) -> str:
    return "\n".join(
        [
            render_text(report),
            json.dumps(report_to_dict(report)),
            json.dumps(report_to_cds_hooks(report)),
        ]
    )


@pytest.mark.parametrize(
    ("profile", "symptoms", "verdict"),
    [
        pytest.param(None, [{**MILD, "duration_days": 10}], Level.REFER, id="mild-pain-10-days"),
        pytest.param(
            None, [MILD, {"kind": "numbness", "region": "legs"}], Level.URGENT, id="cauda-equina"
        ),
        pytest.param({"age": 61}, [MILD], Level.REFER, id="new-pain-at-61"),
        pytest.param(None, [MILD, {"kind": "fever"}], Level.REFER, id="fever"),
    ],
)
def test_a_referred_person_is_not_reassured(
    profile: dict[str, Any] | None, symptoms: list[dict[str, Any]], verdict: Level
) -> None:
    report = backsafe.check(None, profile, symptoms)
    assert report.verdict is verdict
    assert "BS101" in report.codes  # the mild-pain finding is still there...
    shown = every_output(report)
    for text in REASSURANCE:  # ...but not its reassurance, in any output
        assert text not in shown, text
    # The top action comes first: the most severe finding, with its advice.
    first = report.findings[0]
    assert first.level is report.verdict
    assert advice_of(report)[0] in {s.description for s in first.suggestions}


def test_mild_pain_alone_keeps_its_advice_ranked_under_the_verdict() -> None:
    report = backsafe.check(None, symptoms=[MILD])
    advice = advice_of(report)
    assert report.verdict is Level.MODIFY
    assert advice[0].startswith(
        "With mild pain that does not worsen with activity you may continue"
    )
    assert any("usually subsides" in text for text in advice)


def test_a_stop_verdict_drops_you_may_continue_but_keeps_the_treatments() -> None:
    report = backsafe.check(None, symptoms=[MILD, {**MILD, "region": "buttock", "intensity": 5}])
    advice = " ".join(advice_of(report))
    assert report.verdict is Level.STOP
    assert "you may continue" not in advice
    assert "Ice is an option" in advice and "Heat can ease the pain" in advice


def test_advice_is_given_once() -> None:
    report = backsafe.check(
        None, symptoms=[{"kind": "numbness", "region": "hip"}, {"kind": "unexplained-weight-loss"}]
    )
    advice = advice_of(report)
    assert len(advice) == len(set(advice)) == 1


def test_one_voice_keeps_fixes_and_unlimited_advice() -> None:
    fix = Suggestion(Action.ADD_CUE, Safety.SAFE, "Add the cue 'brace-core'.", cue="brace-core")
    mild = Suggestion(Action.ADVICE, Safety.DISPLAY_ONLY, "ice", up_to=Level.STOP)
    always = Suggestion(Action.ADVICE, Safety.DISPLAY_ONLY, "urgent care")
    findings = [
        Finding("BS001", "a", "p", Level.URGENT, "red-flag", "m", suggestions=(always,)),
        Finding("BS102", "b", "p", Level.STOP, "pain", "m", suggestions=(mild, always, fix)),
    ]
    kept = one_voice(findings)
    assert kept[0] is findings[0]
    assert kept[1].suggestions == (fix,)
    assert one_voice(findings[1:])[0].suggestions == (mild, always, fix)


# --- advice worded as the evidence allows ------------------------------------------------


def test_advice_texts_name_what_the_evidence_requires() -> None:
    advice = {
        key.removeprefix("backsafe/"): a
        for key, a in PackSet.load().pack("backsafe").advice.items()
    }
    nsaids = advice["nsaids"].text
    for caution in ("pregnant", "over 65", "kidney", "stomach", "heart"):
        assert caution in nsaids
    assert "option the guide gives" in advice["ice"].text
    assert "no recommendation" in advice["ice"].text
    assert "recommended" in advice["heat"].text
    assert "normal daily activities" in advice["rest"].text
    assert "last few days" in advice["recovery-time"].text
    # Advice for milder levels says how far it goes; the urgent advice goes everywhere.
    assert advice["modified-training"].up_to is Level.MODIFY
    for mild in ("ice", "recovery-time", "supplements", "professional-if-persistent"):
        assert advice[mild].up_to is Level.STOP
    assert advice["urgent-care"].up_to is None and advice["same-day-care"].up_to is None
    for item in advice.values():
        assert item.references, item.id


def test_red_flags_cite_their_sources_and_cannot_be_switched_off() -> None:
    rules = {r.code: r for r in PackSet.load().pack("backsafe").rules}
    for code in [f"BS0{n:02}" for n in range(7, 16)]:
        rule = rules[code]
        assert rule.topic == "red-flag" and not rule.suppressible
        assert {r.id for r in rule.references} & {
            "chou-2011",
            "nice-cks-low-back-pain",
            "finucane-2020",
        }
        assert rule.level in (Level.URGENT, Level.REFER)
    assert rules["BS007"].level is rules["BS008"].level is Level.URGENT
    with pytest.raises(backsafe.engine.SelectionError):
        backsafe.checker(ignore=["BS013"])
