"""``backsafe fix`` on the command line: output, stderr summary, diff, exit codes, writing."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import backsafe
from backsafe.adapters.streprogen import read_streprogen
from backsafe.cli import main
from backsafe.cli._fix import write_atomically
from backsafe.packs import PackSet
from tests.test_cli import FRIENDLY, PROFILE, RISKY, STREPROGEN, run

MILD = Path(__file__).parent.parent / "examples" / "symptoms" / "mild-pain.json"


def fix_cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["fix", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_fix_writes_the_repaired_plan_and_says_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fixed.json"
    code, stdout, stderr = fix_cli(capsys, RISKY, "--profile", PROFILE, "-o", out)
    # With a disc condition, the unknown "Nautilus glute drive" is BS905 (modify), which fix
    # never renames on a guess: the repaired plan stays at modify, so the exit code is 1.
    assert code == 1
    assert stdout == ""
    assert stderr.startswith("Risky glute builder: verdict MODIFY -> MODIFY (")
    assert "\nchanged\n  week 1\n    session 1 (day 1)\n" in stderr
    assert "BS201  unsafe  Replaced Deadlift with " in stderr
    assert "\nleft as it is\n" in stderr
    assert "why left: an exercise name the catalog cannot resolve" in stderr
    fixed = backsafe.load_plan(out)
    report = backsafe.check(fixed, backsafe.load_profile(PROFILE))
    assert {f.code for f in report.at_least(backsafe.Level.MODIFY)} == {"BS905"}
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_fix_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = fix_cli(capsys, RISKY, "-o", "-")
    assert code == 0
    assert backsafe.load_plan(stdout.encode()).name == "Risky glute builder"
    assert "verdict MODIFY -> CAUTION" in stderr


def test_the_exit_code_is_the_repaired_plans_against_fail_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert fix_cli(capsys, RISKY, "-o", "-", "--fail-on", "caution")[0] == 1
    code, _, stderr = fix_cli(capsys, RISKY, "--symptoms", MILD, "-o", "-")
    assert code == 1  # mild pain is modify, and fix does not edit a plan to answer it
    assert "BS101" in stderr


def test_diff_shows_the_changes_and_writes_nothing_without_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = fix_cli(capsys, RISKY, "--profile", PROFILE, "--diff")
    assert code == 1  # BS905 ("Nautilus glute drive" with a disc condition) stays: modify
    head = "--- Risky glute builder (as read)\n+++ Risky glute builder (repaired)\n"
    assert stdout.startswith(head)
    lines = stdout.splitlines()
    assert "-    block 1: barbell deadlift, 5 x 5 @ 100 kg" in lines
    assert "+    block 1: nordic-curl, 5 x 5" in lines
    assert "+    warm-up 1: light-cardio, 1 x 300 s" in lines
    assert "-  day 2: Glute pump" in lines
    assert list(tmp_path.iterdir()) == []
    code, stdout, stderr = fix_cli(capsys, RISKY, "--diff", "-o", "-")
    assert backsafe.load_plan(stdout.encode())
    assert "+++ Risky glute builder (repaired)" in stderr
    assert fix_cli(capsys, FRIENDLY, "--diff")[1] == "no change to the plan\n"


def test_safe_only_applies_no_unsafe_edit(capsys: pytest.CaptureFixture[str]) -> None:
    code, _stdout, stderr = fix_cli(capsys, RISKY, "--profile", PROFILE, "--safe-only", "-o", "-")
    assert code == 1
    assert " 0 unsafe;" in stderr.splitlines()[0]
    assert "only safe fixes were asked for" in stderr
    assert "  unsafe  " not in stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "give -o OUT"),
        (["-o", "fixed.toml"], "written as JSON"),
    ],
)
def test_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, stdout, stderr = fix_cli(capsys, RISKY, *args)
    assert code == 2
    assert stdout == ""
    assert expected in stderr


def test_bad_input_exits_2_naming_the_field_and_leaves_out_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"weeks": [{"sessions": [{"day": 8, "blocks": []}]}]}))
    out = tmp_path / "out.json"
    out.write_text("previous\n")
    code, stdout, stderr = fix_cli(capsys, bad, "-o", out)
    assert code == 2
    assert stdout == ""
    assert "weeks[0].sessions[0].day" in stderr
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "out.json"]


@pytest.fixture
def fresh_checkers() -> Iterator[None]:
    PackSet.clear_cache()
    yield
    PackSet.clear_cache()


@pytest.mark.usefixtures("fresh_checkers")
def test_an_incomplete_check_exits_3_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from backsafe.kinds._blocks import MissingCue

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(MissingCue, "check_block", crash)
    out = tmp_path / "out.json"
    code, stdout, stderr = fix_cli(capsys, RISKY, "-o", out)
    assert code == 3
    assert stdout == ""
    assert "INCOMPLETE CHECK" in stderr
    assert "nothing was written" in stderr
    assert not out.exists()


def test_write_atomically_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    out.write_text("old\n")
    out.chmod(0o640)
    write_atomically(out, "new\n")
    assert out.read_text() == "new\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert list(tmp_path.iterdir()) == [out]


def test_write_atomically_leaves_the_old_file_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.json"
    out.write_text("old\n")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(out, "new\n")
    assert out.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [out]


def test_an_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = fix_cli(capsys, RISKY, "-o", tmp_path / "missing" / "out.json")
    assert code == 2
    assert "cannot write" in stderr


@pytest.mark.slow
def test_fix_end_to_end_from_streprogen(tmp_path: Path) -> None:
    out = tmp_path / "fixed.json"
    result = run("fix", STREPROGEN[0], "--input-format", "streprogen", "-o", out)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "verdict " in result.stderr.splitlines()[0]
    fixed = backsafe.load_plan(out)
    again = run("fix", out, "-o", "-")
    assert backsafe.load_plan(again.stdout.encode()) == fixed  # idempotent through files


@pytest.mark.slow
def test_the_output_the_fixing_page_shows_is_what_backsafe_prints(tmp_path: Path) -> None:
    page = (Path(__file__).parent.parent / "docs" / "fixing.md").read_text()
    shown = [
        block
        for block in re.findall(r"```text\n(.*?)```", page, re.S)
        if block.startswith("$ backsafe fix ")
    ]
    assert len(shown) == 2
    for block in shown:
        first, _, output = block.partition("\n")
        arguments = first[len("$ backsafe ") :].replace("fixed.json", str(tmp_path / "f.json"))
        result = run(*arguments.split())
        printed = (result.stdout + result.stderr).splitlines()
        for line in output.splitlines():
            assert line in printed, f"the page shows {line!r}, backsafe does not print it"


def test_explain_says_whether_a_fix_is_available_and_how_safe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "BS401"]) == 0
    text = capsys.readouterr().out
    assert "\nFix is always available.\n" in text
    assert "## Fix safety\n- `add-cue`: adds the coaching cue" in text
    assert "This fix is safe" in text
    assert main(["explain", "BS201"]) == 0
    text = capsys.readouterr().out
    assert "\nFix is sometimes available.\n" in text
    assert "This fix is unsafe" in text
    assert main(["explain", "BS902"]) == 0
    text = capsys.readouterr().out
    assert "\nFix is not available.\n" in text
    assert "## Fix safety" not in text


def test_rules_json_lists_fix_actions_and_safety(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rules = {rule["code"]: rule for rule in json.loads(capsys.readouterr().out)}
    assert rules["BS401"]["fix_safety"] == ["safe"]
    assert rules["BS401"]["fix_actions"] == ["add-cue"]
    assert rules["BS603"]["fix_actions"] == ["replace-exercise", "remove-block"]
    assert rules["BS001"]["fixable"] is False
    assert rules["BS001"]["fix_safety"] == []


def test_an_adapters_notes_stay_in_the_repaired_plans_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The sessions of 'Day A' and 'Day B' are on assumed days: fixing cannot make that OK."""
    lbs = next(path for path in STREPROGEN if path.name == "upper-lower-lbs.json")
    code, _, stderr = fix_cli(capsys, lbs, "--input-format", "streprogen", "-o", "-")
    assert code == 0  # caution is below the default --fail-on
    assert stderr.startswith("Upper lower lbs: verdict CAUTION -> CAUTION (")
    left = stderr.partition("\nleft as it is\n")[2]
    assert left.startswith("  the whole plan\n    BS903  caution  The program's day names")
    assert "why left: an adapter's note on how it read the plan" in left
    # The plan written cannot carry the notes: fix says so.
    assert "cannot carry the 2 notes the adapter made" in stderr


def test_fix_takes_an_adapted_plan_and_keeps_its_notes() -> None:
    lbs = next(path for path in STREPROGEN if path.name == "upper-lower-lbs.json")
    adapted = read_streprogen(lbs)
    result = backsafe.fix(adapted)
    assert result == backsafe.fix(adapted.plan, notes=adapted.notes)
    codes = {finding.code for finding in result.report.findings}
    assert {"BS903", "BS904"} <= codes
    assert result.report.verdict >= backsafe.Level.CAUTION
    assert [item.finding.code for item in result.unresolved] == ["BS903"]
    assert {f.code for f in result.before.findings} >= {"BS903", "BS904"}
