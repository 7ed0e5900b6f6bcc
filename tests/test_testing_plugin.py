"""backsafe's pytest plugin, run inside pytest (pytester): output, options, vignettes, opt-out."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import backsafe

ROOT = Path(__file__).parent.parent
RISKY = ROOT / "examples" / "plans" / "risky-glute-builder.json"
FRIENDLY = ROOT / "examples" / "plans" / "glute-builder.json"

#: A plan whose only findings are cautions (no warm-up): safe at the default bar only.
CAUTION_PLAN = {
    "weeks": [
        {
            "sessions": [
                {
                    "day": 1,
                    "blocks": [
                        {
                            "exercise": "quadruped hip extension",
                            "sets": 3,
                            "reps": 12,
                            "cues": ["brace-core"],
                        },
                        {"exercise": "bird dog", "sets": 3, "reps": 10},
                        {"exercise": "leg extension", "sets": 3, "reps": 12},
                        {"exercise": "lying leg curl", "sets": 3, "reps": 12},
                        {"exercise": "seated calf raise", "sets": 3, "reps": 15},
                    ],
                    "cool_down": [{"exercise": "foam rolling", "sets": 1, "duration_s": 300}],
                }
            ]
        }
    ]
}

TESTS = f"""
import json
import backsafe
from backsafe.testing import assert_finding, assert_no_finding, assert_safe

RISKY = {str(RISKY)!r}
FRIENDLY = {str(FRIENDLY)!r}
CAUTION_PLAN = json.loads({json.dumps(json.dumps(CAUTION_PLAN))})


def test_friendly_is_safe():
    assert_safe(FRIENDLY)


def test_caution_plan_is_safe():
    assert_safe(CAUTION_PLAN)


def test_risky_is_safe():
    assert_safe(RISKY, {{"conditions": ["herniated-disc"]}})
"""


def shows(result: pytest.RunResult, *expected: str) -> None:
    """Each expected text is in the output, on lines in this order."""
    lines = result.stdout.lines
    position = 0
    for text in expected:
        found = next((i for i in range(position, len(lines)) if text in lines[i]), None)
        assert found is not None, (
            f"{text!r} not found after line {position}:\n{result.stdout.str()}"
        )
        position = found + 1


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_plans=TESTS)
    return pytester


def test_failures_list_the_findings_and_show_the_week(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    report = backsafe.check(RISKY, {"conditions": ["herniated-disc"]})
    above, every = len(report.at_least("modify")), len(report.findings)
    shows(
        result,
        f"plan is not safe: verdict MODIFY, above caution ({above} findings above caution, {every} in all)",
        "  profile: conditions=herniated-disc",
        "  BS201 modify at week 1, session 1 (day 1), block 1 (deadlift): Deadlift loads the spine heavily",
        "      fix (unsafe): Replace Deadlift with Glute bridge with resistance band.",
        "  week 1   <- BS701",
        "    session 1, day 1 'Heavy lower'",
        "      blocks:    1. barbell deadlift 5x5 @ 100 kg   <- BS201",
        "    session 2, day 2 'Glute pump'   <- BS703",
        "  (findings in weeks 3, 4 too)",
    )
    assert "Report(findings=" not in result.stdout.str()
    assert "...Full output truncated" not in result.stdout.str()


def test_the_fail_on_option_moves_the_bar(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "--backsafe-fail-on", "caution")
    result.assert_outcomes(passed=1, failed=2)
    shows(
        result,
        "plan is not safe: verdict CAUTION, above info",
        "BS801 caution at week 1, session 1 (day 1): ",
    )
    result = project.runpytest("-p", "no:cacheprovider", "--backsafe-fail-on", "refer")
    result.assert_outcomes(passed=3)


def test_the_fail_on_ini_option_and_a_bad_level(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nbacksafe_fail_on = caution\n")
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1, failed=2)
    project.makeini("[pytest]\nbacksafe_fail_on = severe\n")
    result = project.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*backsafe_fail_on = 'severe': choose one of info, caution*"])
    result = project.runpytest("-p", "no:cacheprovider", "--backsafe-fail-on", "severe")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_the_header_says_what_the_run_asks(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "--co")
    shows(
        result,
        "backsafe: fail on modify; packs: the installed packs",
    )


def test_assert_finding_and_assert_no_finding(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import backsafe
        from backsafe.testing import assert_finding, assert_no_finding

        REPORT = backsafe.check({str(RISKY)!r})

        def test_found():
            finding = assert_finding(REPORT, "BS703", "modify", {{"week": 2, "session": 2}})
            assert finding.location.day == 2

        def test_not_found():
            assert_finding(REPORT, "BS703", location={{"week": 9}})

        def test_other_level():
            assert_finding(REPORT, "BS703", "urgent")

        def test_none():
            assert_no_finding(REPORT, "BS999")

        def test_some():
            assert_no_finding(REPORT, "BS403")
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=3)
    shows(
        result,
        "no BS703 finding at week 9 (verdict modify); BS703 was found elsewhere or at another level:",
        "  BS703 modify at week 1, session 2 (day 2): Glute work the day after",
        "no BS703 finding at level urgent (verdict modify)",
        "4 BS403 findings (verdict modify):",
        "  BS403 modify at week 1, session 2 (day 2), block 3 (glute-bridge): ",
    )


def test_plans_and_reports_compare_by_what_differs(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import attrs
        import backsafe

        PLAN = backsafe.load_plan({str(FRIENDLY)!r})

        def test_plans():
            week = PLAN.weeks[1]
            block = attrs.evolve(week.sessions[0].blocks[0], load_kg=99.5)
            session = attrs.evolve(week.sessions[0], blocks=(block, *week.sessions[0].blocks[1:]))
            other = attrs.evolve(PLAN, weeks=(PLAN.weeks[0], attrs.evolve(week, sessions=(session, *week.sessions[1:])), *PLAN.weeks[2:]))
            assert PLAN == other

        def test_reports():
            assert backsafe.check(PLAN) == backsafe.check({str(RISKY)!r})
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    shows(
        result,
        "assert Plans differ:",
        "  plan.weeks[1].sessions[0].blocks[0].load_kg: None != 99.5",
        "assert reports differ: verdict ok != modify",
        "only in the right report:",
        "    BS301 caution at week 1: This week has glute work but no core",
    )


def test_the_fixtures_and_the_pack_option(pytester: pytest.Pytester) -> None:
    pack = pytester.mkdir("clinic")
    (pack / "pack.toml").write_text(
        textwrap.dedent(
            """
            [pack]
            name = "tp"
            prefix = "TP"
            title = "A test pack"

            [reference.protocol]
            title = "A clinic protocol"

            [[rule]]
            code = "TP001"
            name = "bridges-need-a-brace"
            kind = "missing-cue"
            topic = "form"
            level = "modify"
            summary = "Bridges without a brace cue."
            message = "{exercise}: brace!"
            references = [{ ref = "protocol" }]
            options = { groups = ["bridges-and-hip-thrusts"], cues = ["brace-core"] }
            """
        )
    )
    pytester.makepyfile(
        f"""
        def test_fixtures(backsafe_packs, backsafe_checker):
            assert [p.name for p in backsafe_packs.packs] == ["backsafe", "tp"]
            report = backsafe_checker.check(__import__("backsafe").load_plan({str(RISKY)!r}))
            assert "TP001" in report.codes
        """
    )
    pytester.runpytest("-p", "no:cacheprovider", "--backsafe-pack", str(pack)).assert_outcomes(
        passed=1
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "--backsafe-pack", "nosuch")
    result.assert_outcomes(errors=1)
    shows(
        result,
        "MissingPackError: required pack(s) not loaded: nosuch",
    )


def test_the_plugin_can_be_switched_off(project: pytest.Pytester) -> None:
    project.makepyfile(test_fixture="def test_it(backsafe_checker):\n    pass\n")
    result = project.runpytest("-p", "no:cacheprovider", "-p", "no:backsafe")
    result.assert_outcomes(passed=2, failed=1, errors=1)
    shows(
        result,
        "fixture 'backsafe_checker' not found",
    )
    assert "backsafe: fail on" not in result.stdout.str()
    result = project.runpytest(
        "-p", "no:cacheprovider", "-p", "no:backsafe", "--backsafe-fail-on", "info"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR


# --- vignettes ---------------------------------------------------------------------------

VIGNETTES = """
[fragments.one-session]
weeks = [{ sessions = [{ day = 1, blocks = [{ exercise = "quadruped hip extension", sets = 3, reps = 12, cues = ["brace-core"] }] }] }]

[[vignette]]
name = "passes"
description = "One session of quadruped hip extensions: no warm-up (BS801) and so on."
base = "one-session"
expect_verdict = "caution"
triggers = ["BS801"]
near_miss_of = ["BS703"]

[[vignette]]
name = "fails"
description = "Glute sessions on days 1 and 2."
base = "one-session"
patch = [{ insert = "weeks[0].sessions[1]", value = { day = 2, blocks = [{ exercise = "glute bridge", sets = 3, reps = 12 }] } }]
expect_verdict = "caution"
near_miss_of = ["BS703"]

[[vignette]]
name = "known-gap"
description = "Expected to fail until the engine catches up."
base = "one-session"
expect_verdict = "urgent"
xfail_reason = "not implemented yet"
"""


def test_vignettes_are_collected_and_fail_readably(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nbacksafe_vignettes = vignettes/*.toml\n")
    pytester.mkdir("vignettes")
    (pytester.path / "vignettes" / "cases.toml").write_text(VIGNETTES)
    (pytester.path / "other.toml").write_text("not = 'a vignette'\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-rxX")
    result.assert_outcomes(passed=1, failed=1, xfailed=1)
    shows(
        result,
        "_ vignette cases/fails _",
        "vignette cases/fails (",
        "  Glute sessions on days 1 and 2.",
        "mismatches:",
        "  - verdict is modify, expected caution",
        "  - BS703 fired on its near miss",
        "report: verdict modify (",
        "  BS703 modify at week 1, session 2 (day 2): ",
        "  week 1",
        "    session 2, day 2   <- BS703",
        "XFAIL vignettes/cases.toml::known-gap - not implemented yet",
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-m", "not backsafe_vignette")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_a_vignette_with_a_bad_plan_fails_naming_the_field(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nbacksafe_vignettes = *.toml\n")
    (pytester.path / "cases.toml").write_text(
        VIGNETTES.replace("sets = 3, reps = 12, cues", "sets = 0, reps = 12, cues", 1)
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "passes")
    result.assert_outcomes(failed=1)
    shows(
        result,
        "vignette cases/passes: invalid input",
        "weeks[0].sessions[0].blocks[0].sets: must be >= 1, got 0",
    )


def test_a_vignette_that_passes_its_xfail_is_an_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nbacksafe_vignettes = *.toml\n")
    (pytester.path / "cases.toml").write_text(
        VIGNETTES.replace('expect_verdict = "urgent"', 'expect_verdict = "caution"')
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "known")
    result.assert_outcomes(failed=1)
    shows(
        result,
        "XPASS(strict)",
    )


def test_a_broken_vignette_file_is_a_collection_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nbacksafe_vignettes = *.toml\n")
    (pytester.path / "broken.toml").write_text('[[vignette]]\nname = "x"\nbase = "nope"\n')
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    shows(
        result,
        "broken.toml: vignette 'x': missing keys ['expect_verdict']",
    )


def test_vignettes_are_not_collected_unless_asked_for(pytester: pytest.Pytester) -> None:
    pytester.mkdir("vignettes")
    (pytester.path / "vignettes" / "cases.toml").write_text(VIGNETTES)
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


# --- lazy loading ------------------------------------------------------------------------


def _imported(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


@pytest.mark.slow
def test_loading_the_plugin_imports_nothing_of_backsafe() -> None:
    modules = _imported("import _backsafe_pytestplugin")
    assert not [m for m in modules if m == "backsafe" or m.startswith("backsafe.")]


@pytest.mark.slow
def test_importing_backsafe_imports_neither_hypothesis_nor_pytest() -> None:
    modules = _imported("import backsafe, backsafe.testing, backsafe.testing.assertions")
    assert not [m for m in modules if m.split(".")[0] in ("hypothesis", "pytest", "_pytest")]


def test_the_plugin_knows_every_level() -> None:
    import _backsafe_pytestplugin as plugin
    from backsafe import Level

    assert tuple(level.value for level in Level if level is not Level.OK) == plugin.LEVELS
