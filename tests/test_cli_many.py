"""``backsafe check`` over many plans: directories, ``--jobs``, the JSON stream, SARIF, the
summary, exit codes, the progress bar, Ctrl-C and closed pipes.

What needs a real process (a pool, signals, pipes, a terminal) runs ``python -m backsafe``
in a subprocess; the variants call ``backsafe.cli.main`` in this process.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from backsafe import Level, check, load_plan
from backsafe.cli import main
from backsafe.cli._exit import ExitCode
from backsafe.cli._many import plan_files
from backsafe.cli._progress import Progress
from backsafe.cli._summary import Tally, worst
from backsafe.output import Artifact, Checked, render_text, reports_to_sarif
from backsafe.packs import PackSet
from tests.test_cli import (
    DESIGN,
    EXAMPLES,
    FRIENDLY,
    MILD_JSON,
    PROFILE,
    RED_FLAGS,
    RISKY,
    ROOT,
    STREPROGEN,
    assert_report_shape,
    environment,
    run,
)
from tests.test_sarif import assert_valid_sarif

UNIX = sys.platform != "win32"
NEEDS_A_FIX = EXAMPLES / "plans" / "needs-a-fix.json"
BAD = '{"weeks": [{"sessions": [{"day": 9, "blocks": []}]}]}'


def here(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run ``backsafe ARGS`` in this process: the exit code, stdout and stderr."""
    try:
        code = main([str(arg) for arg in args])
    except SystemExit as exit:  # argparse's own errors
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A directory of plans: nested, hidden, not plans, and one unusable in the middle."""
    root = tmp_path / "plans"
    (root / "b-nested" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    shutil.copy(RISKY, root / "a-risky.json")
    (root / "b-nested" / "c-bad.json").write_text(BAD, encoding="utf-8")
    shutil.copy(FRIENDLY, root / "b-nested" / "deeper" / "d-friendly.json")
    (root / "e-design.toml").write_text(
        "[[weeks]]\n[[weeks.sessions]]\nday = 1\n"
        '[[weeks.sessions.blocks]]\nexercise = "deadlift"\nsets = 3\nreps = 5\n',
        encoding="utf-8",
    )
    shutil.copy(FRIENDLY, root / ".hidden" / "skipped.json")
    shutil.copy(FRIENDLY, root / ".skipped.json")
    (root / "notes.txt").write_text("not a plan", encoding="utf-8")
    return root


def names(root: Path) -> list[str]:
    return [
        str(root / "a-risky.json"),
        str(root / "b-nested" / "c-bad.json"),
        str(root / "b-nested" / "deeper" / "d-friendly.json"),
        str(root / "e-design.toml"),
    ]


def lines(stdout: str) -> list[dict[str, Any]]:
    assert stdout.endswith("\n")
    return [json.loads(line) for line in stdout.splitlines()]


# Which files ------------------------------------------------------------------------


def test_a_directory_stands_for_its_plan_files_sorted_and_each_once(plans: Path) -> None:
    assert plan_files([str(plans)]) == names(plans)
    again = [str(plans / "e-design.toml"), str(plans), "-", f"{plans}/../plans/a-risky.json"]
    assert plan_files(again) == [names(plans)[3], *names(plans)[:3], "-"]


@pytest.mark.skipif(not UNIX, reason="needs FIFOs and symbolic links")
def test_a_directory_skips_fifos_but_not_broken_links(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "waits-forever.json")
    os.symlink(tmp_path / "nowhere.json", tmp_path / "broken.json")
    shutil.copy(FRIENDLY, tmp_path / "plan.json")
    assert plan_files([str(tmp_path)]) == [
        str(tmp_path / "broken.json"),
        str(tmp_path / "plan.json"),
    ]


def test_a_directory_without_plans_exits_2_before_checking_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = here(capsys, "check", FRIENDLY, tmp_path / "empty")
    assert (code, out) == (2, "")
    assert f"{tmp_path / 'empty'}: no plan files (*.json, *.toml) here" in err


# Text: a report per plan, then the summary ------------------------------------------


@pytest.mark.slow
def test_a_directory_gives_a_report_per_file_then_the_summary(plans: Path) -> None:
    result = run("check", plans)
    assert result.returncode == 2, result.stderr  # c-bad.json is unusable
    assert result.stderr == ""  # text mode says everything on stdout
    out = result.stdout
    headers = [line for line in out.splitlines() if line.startswith(str(plans))]
    files = names(plans)
    assert headers == [
        header(files[0]),
        f"{files[1]}: invalid input: 1 problem",
        header(files[2]),
        header(files[3]),
    ]
    assert header(files[0]).endswith("verdict: MODIFY (12 modify, 96 caution, 4 info)")
    assert "  weeks[0].sessions[0].day: must be <= 7, got 9\n" in out
    # Each plan's report is the one it gets alone.
    alone = render_text(check(RISKY), title="risky")
    assert alone.split("\n", 1)[1] in out
    summary = out.split("\n\n4 plans:", 1)[1]
    assert summary.startswith(" 1 modify, 1 caution, 1 ok, 1 unusable input\n")
    assert "\nmodify                1\n" in summary
    assert "\nunusable input        1\n" in summary
    assert "\nBS503  bridges-and-hip-thrusts-need-core" in summary


def header(path: str) -> str:
    """The first line of the text report of the plan at ``path``, titled with its path."""
    return render_text(check(Path(path)), title=path).splitlines()[0]


def test_summary_only_prints_the_table(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = here(capsys, "check", plans, "--summary-only", "--fail-on", "urgent")
    # The table on stdout; why a plan could not be used on stderr.
    assert (code, err) == (2, f"backsafe: {load_error(plans / 'b-nested' / 'c-bad.json')}\n")
    assert out.startswith("4 plans: 1 modify, 1 caution, 1 ok, 1 unusable input\n\nverdict")
    assert "verdict:" not in out
    # One file with --summary-only is many-plan mode too.
    code, out, _ = here(capsys, "check", FRIENDLY, "--summary-only")
    assert code == 0
    assert out.startswith("1 plan: 1 ok\n")


def test_the_summary_counts_plans_and_findings_per_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = here(capsys, "check", RISKY, NEEDS_A_FIX, FRIENDLY, "--summary-only")
    assert code == 1
    findings: Counter[str] = Counter()
    plans: Counter[str] = Counter()
    for path in (RISKY, NEEDS_A_FIX, FRIENDLY):
        found = Counter(f.code for f in check(path).findings)
        findings.update(found)
        plans.update(found.keys())
    table = out.split("\ncode ", 1)[1].splitlines()[1:]
    shown = [line.split() for line in table if line.startswith("BS")]
    assert len(shown) == 10
    assert [(row[0], int(row[2]), int(row[3])) for row in shown] == [
        (code, plans[code], findings[code])
        for code in sorted(plans, key=lambda c: (-plans[c], -findings[c], c))[:10]
    ]
    assert table[-1] == f"(the 10 most frequent of {len(plans)} codes)"


# JSON Lines, --jobs --------------------------------------------------------------------


@pytest.mark.slow
def test_json_lines_one_per_plan_the_same_with_two_jobs(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [*names(plans)[:2], DESIGN, *names(plans)[2:]]
    args = ["check", *files, "--format", "json", "--symptoms", MILD_JSON]
    one, two = run(*args, "--jobs", "1"), run(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert "Traceback" not in one.stderr
    stream = lines(one.stdout)
    assert [line["path"] for line in stream] == [str(f) for f in files]
    assert [set(line) for line in stream] == [{"path", "report"}] + [{"path", "error"}] + [
        {"path", "report"}
    ] * 3
    for line, path in zip(stream, files, strict=True):
        if "report" in line:
            assert_report_shape(line["report"])
            _, alone, _ = here(capsys, "check", path, "--format", "json", "--symptoms", MILD_JSON)
            assert line["report"] == json.loads(alone)
    error = stream[1]["error"]
    assert error["problems"] == [
        {"field": "weeks[0].sessions[0].day", "message": "must be <= 7, got 9"}
    ]
    assert error["truncated"] is False
    assert error["message"].startswith(f"invalid input in {files[1]}: 1 problem")
    # Unusable input and the summary are on stderr, for people.
    assert one.stderr.startswith(f"backsafe: invalid input in {files[1]}: 1 problem\n")
    verdicts = Counter(line["report"]["verdict"] for line in stream if "report" in line)
    tally = ", ".join(
        f"{verdicts[v]} {v}"
        for v in ("urgent", "refer", "stop", "modify", "caution", "info", "ok")
        if verdicts[v]
    )
    assert f"\n5 plans: {tally}, 1 unusable input\n" in one.stderr


def test_quiet_leaves_stderr_to_errors(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = here(capsys, "check", plans, "--format", "json", "--quiet")
    assert code == 2
    assert len(lines(out)) == 4
    assert err == f"backsafe: {load_error(plans / 'b-nested' / 'c-bad.json')}\n"


def load_error(path: Path) -> str:
    try:
        load_plan(path)
    except ValueError as error:
        return str(error)
    raise AssertionError("the plan loads")


def test_profile_symptoms_and_input_format_apply_to_every_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = here(
        capsys, "check", RISKY, FRIENDLY, "--format", "json", "--symptoms", RED_FLAGS,
        "--profile", PROFILE, "--select", "BS0,BS2",
    )  # fmt: skip
    assert code == 1
    reports = [line["report"] for line in lines(out)]
    assert [r["verdict"] for r in reports] == ["urgent", "urgent"]
    for report, path in zip(reports, (RISKY, FRIENDLY), strict=True):
        _, alone, _ = here(
            capsys, "check", path, "--format", "json", "--symptoms", RED_FLAGS,
            "--profile", PROFILE, "--select", "BS0,BS2",
        )  # fmt: skip
        assert report == json.loads(alone)
    if len(STREPROGEN) >= 2:
        code, out, _ = here(capsys, "check", *STREPROGEN[:2], "--input-format", "streprogen",
                            "--format", "json")  # fmt: skip
        for line, path in zip(lines(out), STREPROGEN, strict=False):
            _, alone, _ = here(capsys, "check", path, "--input-format", "streprogen",
                               "--format", "json")  # fmt: skip
            assert line["report"] == json.loads(alone)


def test_standard_input_may_be_one_of_the_plans(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(BAD.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = here(capsys, "check", FRIENDLY, "-", "--format", "json", "-q")
    assert code == 2
    stream = lines(out)
    assert stream[1]["path"] == "-"
    assert stream[1]["error"]["message"].startswith("invalid input in -: 1 problem")


# Exit codes -------------------------------------------------------------------------


def test_the_exit_code_of_many_plans_is_the_worst(capsys: pytest.CaptureFixture[str]) -> None:
    assert here(capsys, "check", FRIENDLY, DESIGN)[0] == 0
    assert here(capsys, "check", FRIENDLY, DESIGN, "--fail-on", "caution")[0] == 1
    assert here(capsys, "check", FRIENDLY, RISKY)[0] == 1
    assert here(capsys, "check", FRIENDLY, "missing.json", RISKY)[0] == 2


def test_exit_code_precedence() -> None:
    assert worst(Counter()) is ExitCode.OK
    assert worst(Counter([ExitCode.OK, ExitCode.FAILED])) is ExitCode.FAILED
    assert worst(Counter([ExitCode.FAILED, ExitCode.INCOMPLETE])) is ExitCode.INCOMPLETE
    assert worst(Counter([ExitCode.INCOMPLETE, ExitCode.USAGE, ExitCode.OK])) is ExitCode.USAGE
    tally = Tally(Level.MODIFY)
    assert tally.add(Level.CAUTION, complete=True, codes={}) is ExitCode.OK
    assert tally.add(Level.CAUTION, complete=False, codes={}) is ExitCode.INCOMPLETE
    assert tally.add(None, complete=True, codes={}) is ExitCode.USAGE
    assert tally.exit_code is ExitCode.USAGE
    assert tally.headline() == "3 plans: 2 caution, 1 unusable input (1 check incomplete)"


@pytest.fixture
def crashing_rule(monkeypatch: pytest.MonkeyPatch) -> Any:
    from backsafe.kinds._blocks import MissingCue

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    PackSet.clear_cache()
    monkeypatch.setattr(MissingCue, "check_block", crash)
    yield
    PackSet.clear_cache()


@pytest.mark.usefixtures("crashing_rule")
def test_an_incomplete_check_exits_3_unless_a_plan_is_unusable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = here(capsys, "check", FRIENDLY, RISKY, "--fail-on", "urgent")
    assert code == 3
    reports = out.split("\n2 plans: ")[0].split(f"\n\n{RISKY}: ")
    assert len(reports) == 2
    assert all("INCOMPLETE CHECK (rule-crashed)" in report for report in reports)
    assert "(2 checks incomplete)" in out
    assert here(capsys, "check", FRIENDLY, "missing.json")[0] == 2
    code, out, _ = here(capsys, "check", FRIENDLY, RISKY, "--format", "sarif")
    assert code == 3
    (invocation,) = json.loads(out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    assert all("RuntimeError: boom" in n["message"]["text"] for n in notifications)
    # A rule that crashed on every plan is said once, on none; one that crashed on the
    # risky plan only is placed on that plan.
    assert any("locations" not in n for n in notifications)
    for notification in notifications:
        for location in notification.get("locations", ()):
            assert location["physicalLocation"]["artifactLocation"]["index"] == 1


# Arguments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "cds-hooks"), "--format cds-hooks answers for one patient's plan"),
        (("--format", "json", "--summary-only"), "--summary-only goes with --format text"),
        (("--jobs", "-1"), "expects a number of processes, or 0 or auto for one per core"),
        (("--jobs", "many"), "got 'many'"),
        (("-", "--profile", "-"), "standard input (-) can stand for one document only"),
        (("--summary-only", "--symptoms", RED_FLAGS), "--summary-only needs the PLANs"),
    ],
    ids=["cds-hooks", "summary-json", "jobs-negative", "jobs-word", "stdin-twice", "no-plan"],
)
def test_what_many_plans_cannot_do_exits_2(
    args: tuple[object, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = () if "--summary-only" in args and RED_FLAGS in args else (FRIENDLY, RISKY)
    code, out, err = here(capsys, "check", *plans, *args)
    assert (code, out) == (2, "")
    assert "usage: backsafe check" in err
    assert message in err


def test_jobs_auto_and_0_mean_one_per_core(capsys: pytest.CaptureFixture[str]) -> None:
    from backsafe.cli._check import jobs

    assert jobs("auto") == jobs("0") == jobs(" AUTO ") == 0
    assert jobs("3") == 3
    # More processes than plans, or one per core on one plan, run in this process.
    assert here(capsys, "check", FRIENDLY, "--summary-only", "--jobs", "auto")[0] == 0


# SARIF ------------------------------------------------------------------------------


@pytest.mark.slow
def test_sarif_holds_every_plan_as_an_artifact(plans: Path) -> None:
    files = [
        *[Path(name).relative_to(ROOT) if ROOT in Path(name).parents else name
          for name in names(plans)],
        RISKY.relative_to(ROOT),
    ]  # fmt: skip
    symptoms = MILD_JSON.relative_to(ROOT)
    result = run("check", *files, "--format", "sarif", "--symptoms", symptoms, "-j", "2")
    assert result.returncode == 2
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    (run_,) = log["runs"]
    uris = [a["location"]["uri"] for a in run_["artifacts"]]
    assert len(uris) == 6
    assert uris[-1] == symptoms.as_posix()
    symptoms_ = load_symptoms(MILD_JSON)
    verdicts = [
        None if i == 1 else check(Path(ROOT, f), symptoms=symptoms_).verdict.value
        for i, f in enumerate(files)
    ]
    assert [a.get("properties") for a in run_["artifacts"]] == [
        {"verdict": verdicts[0]},
        {"unusable": True},
        {"verdict": verdicts[2]},
        {"verdict": verdicts[3]},
        {"verdict": verdicts[4]},
        None,
    ]
    assert run_["properties"]["verdict"] == "modify"
    assert (run_["properties"]["plans"], run_["properties"]["unusable"]) == (5, 1)
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 1
    text = notification["message"]["text"]
    assert text.startswith(f"unusable-input: invalid input in {files[1]}: 1 problem; weeks")
    assert text.endswith("day: must be <= 7, got 9")
    on: Counter[int] = Counter()
    for result_ in run_["results"]:
        on[result_["locations"][0]["physicalLocation"]["artifactLocation"]["index"]] += 1
        for fix in result_.get("fixes", ()):
            (change,) = fix["artifactChanges"]
            index = result_["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
            assert change["artifactLocation"]["index"] == index
    risky = len(check(RISKY, symptoms=load_symptoms(MILD_JSON)).findings)
    # The risky plan twice (a copy in the directory), the symptom finding once.
    symptom_results = on[5]
    assert symptom_results >= 1
    assert on[0] == on[4] == risky - symptom_results
    assert 1 not in on
    assert on[2] >= 1 and on[3] >= 1


def load_symptoms(path: Path) -> Any:
    from backsafe import load_symptoms as load

    return load(path)


def test_reports_to_sarif_needs_a_report_or_an_error() -> None:
    with pytest.raises(ValueError, match="either a report or an error"):
        Checked(Artifact("a.json"))
    with pytest.raises(ValueError, match="either a report or an error"):
        Checked(Artifact("a.json"), report=check(FRIENDLY), error="bad")
    log = reports_to_sarif([Checked(None, error="invalid input: 1 problem\n  weeks: bad")])
    assert_valid_sarif(log)
    (run_,) = log["runs"]
    assert "artifacts" not in run_ and "verdict" not in run_["properties"]
    (notification,) = run_["invocations"][0]["toolExecutionNotifications"]
    assert "locations" not in notification


def test_a_file_name_that_is_not_utf8_is_a_sarif_uri_of_its_bytes() -> None:
    from backsafe.output import artifact_uri

    assert artifact_uri("plans/plan-\udcff é.json") == "plans/plan-%FF%20%C3%A9.json"
    assert artifact_uri("/p/\ud800.json") == "file:///p/%ED%A0%80.json"


# The progress bar -------------------------------------------------------------------


class Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_the_progress_bar_waits_then_draws_and_erases_itself() -> None:
    now = [0.0]
    stream = Terminal(tty=True)
    progress = Progress(200, stream, enabled=True, clock=lambda: now[0])
    progress.advance()
    assert stream.getvalue() == ""  # not before DELAY
    now[0] = 2.0
    progress.advance(99)
    drawn = stream.getvalue()
    assert drawn.startswith("\r\x1b[Kchecking 100/200 plans [")
    assert "50%" in drawn and "50 plans/s" in drawn and "0:02 left" in drawn
    now[0] = 2.01
    progress.advance()
    assert stream.getvalue() == drawn  # not again so soon
    progress.clear()
    progress.advance()  # drawn again after output cleared it
    assert stream.getvalue().count("checking") == 2
    progress.close()
    assert stream.getvalue().endswith("\r\x1b[K")
    progress.advance()
    assert stream.getvalue().count("checking") == 2


def test_the_progress_bar_is_drawn_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import backsafe.cli._progress as progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    for tty, quiet, drawn in ((True, (), True), (True, ("--quiet",), False), (False, (), False)):
        stderr = Terminal(tty)
        monkeypatch.setattr(sys, "stderr", stderr)
        code, out, _ = here(capsys, "check", FRIENDLY, DESIGN, RISKY, "--format", "json", *quiet)
        assert code == 1
        assert ("checking 3/3 plans" in stderr.getvalue()) is drawn
        assert "checking" not in out
        if drawn:
            assert stderr.getvalue().split("\r\x1b[K")[-2].startswith("checking 3/3 plans [")
            assert "3 plans: 1 modify" in stderr.getvalue()


@pytest.mark.slow
@pytest.mark.skipif(not UNIX, reason="needs a pseudo-terminal")
def test_a_real_terminal_gets_the_bar_and_a_pipe_does_not(tmp_path: Path) -> None:
    import pty

    script = (
        "import sys, backsafe.cli._progress as p; p.DELAY = 0.0; from backsafe.cli import main;"
        f" sys.exit(main(['check', {str(FRIENDLY)!r}, {str(DESIGN)!r}, '--format', 'json']))"
    )
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=terminal,
            cwd=ROOT,
            env=environment(),
            timeout=120,
            check=False,
        )
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal is closed
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
    assert result.returncode == 0
    assert re.search(rb"\r\x1b\[Kchecking [12]/2 plans \[#*\.*\] ", seen), seen
    assert b"checking" not in result.stdout
    piped = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, cwd=ROOT, env=environment(),
        timeout=120, check=False,
    )  # fmt: skip
    assert piped.returncode == 0
    assert b"checking" not in piped.stderr and b"\r" not in piped.stderr


# Ctrl-C and closed pipes on long runs -----------------------------------------------


def many_plans(directory: Path, count: int, plan: Path = FRIENDLY) -> Path:
    directory.mkdir()
    text = plan.read_bytes()
    for index in range(count):
        (directory / f"plan-{index:04d}.json").write_bytes(text)
    return directory


@pytest.mark.slow
@pytest.mark.skipif(not UNIX, reason="needs process groups and SIGINT")
def test_ctrl_c_stops_the_pool_cleanly(tmp_path: Path) -> None:
    directory = many_plans(tmp_path / "plans", 3000)
    process = subprocess.Popen(
        [sys.executable, "-m", "backsafe", "check", directory, "--format", "json", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment(),
        start_new_session=True,  # a process group, as a terminal's Ctrl-C reaches it
        # Python turns SIGINT into KeyboardInterrupt unless it starts with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b'{"path":')  # the pool is running
    # The output is not read: the parent waits on the pipe and the workers, read ahead,
    # wait for more work (a worker stopped in a chunk gives no traceback anyway).
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    start = time.monotonic()
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert time.monotonic() - start < 10
    assert stderr.decode() == "backsafe: interrupted\n"
    assert stdout.count(b"\n") < 2999
    with pytest.raises(ProcessLookupError):  # no worker is left behind
        os.killpg(process.pid, 0)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("first", "code"), [(RISKY, 1), (FRIENDLY, 3)], ids=["failed-first", "all-ok-so-far"]
)
def test_a_reader_that_leaves_early_never_gets_a_0(tmp_path: Path, first: Path, code: int) -> None:
    """``backsafe check plans/ --format json | head -1``: the plans not checked are not safe."""
    directory = many_plans(tmp_path / "plans", 300)
    shutil.copy(first, directory / "plan-0000.json")
    with subprocess.Popen(
        [sys.executable, "-m", "backsafe", "check", directory, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment(),
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b'{"path":')
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == code
    assert "Traceback" not in stderr, stderr
