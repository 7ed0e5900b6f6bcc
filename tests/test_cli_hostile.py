"""Hostile input and broken I/O through the ``backsafe`` command.

Whatever happens, the process ends with a documented exit code and a short message on
stderr, never a traceback, and never with exit 0 for a verdict at or above ``--fail-on``.
Pipes, devices, signals, standard input and the arguments' encoding are the process's, so
those tests run ``python -m backsafe`` in a subprocess; the others call
``backsafe.cli.main`` in this process, which is faster and tests the same code.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backsafe.cli import main
from tests.test_cli import (
    FRIENDLY,
    PROFILE,
    RED_FLAGS,
    RISKY,
    ROOT,
    assert_usage_error,
    environment,
    run,
)

pytestmark = pytest.mark.slow

UNIX = sys.platform != "win32"


def backsafe(*args: object) -> list[str]:
    return [sys.executable, "-m", "backsafe", *map(str, args)]


def here(capsys: pytest.CaptureFixture[str], *args: object) -> subprocess.CompletedProcess[str]:
    """Run ``backsafe ARGS`` in this process; return what a subprocess run would."""
    try:
        code = main([str(arg) for arg in args])
    except SystemExit as exit:  # argparse's own errors
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out, err)


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr


# A closed output pipe, a full disk, Ctrl-C --------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((RISKY, "--symptoms", RED_FLAGS, "--format", "text"), 1),  # urgent
        ((RISKY, "--symptoms", RED_FLAGS, "--format", "json"), 1),
        ((RISKY, "--format", "cds-hooks"), 1),  # modify, the default --fail-on
        ((FRIENDLY,), 0),
    ],
    ids=["urgent-text", "urgent-json", "modify-cds-hooks", "ok"],
)
def test_a_closed_output_pipe_keeps_the_verdicts_exit_code(
    args: tuple[object, ...], code: int
) -> None:
    """``backsafe check ... | true``: the reader is gone before the report is written."""
    with subprocess.Popen(
        backsafe("check", *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment(),
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == code
    assert_no_traceback(stderr)


def test_a_report_read_in_part_keeps_the_verdicts_exit_code() -> None:
    """``backsafe check ... | head -c 10``: the reader leaves after a few bytes."""
    with subprocess.Popen(
        backsafe("check", RISKY, "--symptoms", RED_FLAGS, "--format", "json"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment(),
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(3) == b"{\n "
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 1
    assert_no_traceback(stderr)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [("check", RISKY, "--format", "json"), ("rules",)],
    ids=["check", "rules"],
)
def test_an_output_that_cannot_be_written_exits_4_with_one_line(args: tuple[object, ...]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            backsafe(*args),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=environment(),
            timeout=120,
            check=False,
        )
    assert result.returncode == 4
    assert result.stderr == "backsafe: cannot write the output: No space left on device\n"


def _started_without(
    descriptors: tuple[int, ...], *args: object
) -> subprocess.CompletedProcess[str]:
    """Run ``backsafe ARGS`` as ``>&-`` or ``2>&-`` would: without those descriptors.

    What it says on the descriptors left open comes back as ``stdout``.
    """
    closing = " ".join(f"{fd}>&-" for fd in descriptors)
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {closing}', "sh", *backsafe(*args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env=environment(),
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not UNIX, reason="needs POSIX descriptors")
@pytest.mark.parametrize(
    ("descriptors", "args", "code", "said"),
    [
        (
            (1,),
            ("check", FRIENDLY),
            4,
            "backsafe: cannot write the output: standard output is closed\n",
        ),
        ((1, 2), ("check", FRIENDLY), 4, ""),
        ((2,), ("check", "no-such-plan.json"), 2, None),
        ((2,), ("check", RISKY, "--symptoms", RED_FLAGS), 1, None),
    ],
    ids=["stdout-check", "both-check", "stderr-bad-input", "stderr-urgent"],
)
def test_a_closed_standard_stream_is_an_exit_code_not_a_traceback(
    descriptors: tuple[int, ...], args: tuple[object, ...], code: int, said: str | None
) -> None:
    result = _started_without(descriptors, *args)
    assert result.returncode == code, result.stdout
    assert_no_traceback(result.stdout)
    if said is not None:
        assert result.stdout == said


@pytest.mark.skipif(not UNIX, reason="needs POSIX descriptors")
def test_fix_to_a_file_needs_no_standard_output(tmp_path: Path) -> None:
    fixed = tmp_path / "fixed.json"
    result = _started_without((1, 2), "fix", ROOT / "examples/plans/needs-a-fix.json", "-o", fixed)
    assert result.returncode == 0
    assert json.loads(fixed.read_text(encoding="utf-8"))["weeks"]


@pytest.mark.skipif(not UNIX, reason="needs FIFOs and SIGINT")
def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        backsafe("check", fifo),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=environment(),
        # Python turns SIGINT into KeyboardInterrupt unless it starts with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    # Opening the FIFO for writing succeeds once the process has it open for reading: it
    # is then waiting for the document.
    deadline = time.monotonic() + 60
    while True:
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as error:
            assert error.errno == errno.ENXIO
            assert time.monotonic() < deadline, "backsafe never opened the plan"
            time.sleep(0.05)
    try:
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        os.close(writer)
    assert process.returncode == 130
    assert (stdout, stderr) == ("", "backsafe: interrupted\n")


# An empty selection -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["--select", " , "], ["--ignore", ""]],
    ids=["select-blank", "ignore-empty"],
)
def test_an_empty_selection_exits_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    result = here(capsys, "check", RISKY, *args)
    assert_usage_error(result, f"argument {args[0]}: expects codes or prefixes")


# Unbounded sources --------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_standard_input_is_read_only_up_to_the_limit() -> None:
    with open("/dev/zero", "rb") as zero:
        start = time.perf_counter()
        result = subprocess.run(
            backsafe("check", "-"),
            stdin=zero,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=environment(),
            timeout=120,
            check=False,
        )
    assert time.perf_counter() - start < 30
    assert_usage_error(result, "plan: invalid input", "is larger than the limit of 16 MiB")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_behind_a_json_name_is_read_only_up_to_the_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("plan.json", "profile.json", "symptoms.json"):
        (tmp_path / name).symlink_to("/dev/zero")
    result = here(
        capsys,
        "check",
        tmp_path / "plan.json",
        "--profile",
        tmp_path / "profile.json",
        "--symptoms",
        tmp_path / "symptoms.json",
    )
    assert_usage_error(
        result,
        *(
            f"{what}: invalid input in {tmp_path / what}.json"
            for what in ("plan", "profile", "symptoms")
        ),
    )
    assert result.stderr.count("is larger than the limit of 16 MiB") == 3


# Hostile documents through every input ------------------------------------------------

PLAN = {"weeks": [{"sessions": [{"day": 1, "blocks": [{"exercise": "plank", "sets": 1,
                                                         "duration_s": 30}]}]}]}  # fmt: skip


def test_duplicate_keys_from_stdin_exit_2_naming_the_key() -> None:
    symptoms = '[{"kind": "bladder-dysfunction", "kind": "pain", "intensity": 2}]'
    result = run("check", FRIENDLY, "--symptoms", "-", stdin=symptoms)
    assert_usage_error(result, "symptoms: invalid input: 1 problem", "[0].kind: appears more")
    result = run("validate", "-", stdin=json.dumps(PLAN)[:-1] + ', "weeks": []}')
    assert_usage_error(result, "weeks: appears more than once in its object (duplicate key)")


def test_duplicate_symptom_keys_in_a_file_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "symptoms.json"
    path.write_text('[{"kind": "bladder-dysfunction", "kind": "pain", "intensity": 2}]')
    result = here(capsys, "check", FRIENDLY, "--symptoms", path)
    assert_usage_error(result, "symptoms: invalid input in", "[0].kind: appears more than once")


@pytest.mark.parametrize("command", ["check", "validate"])
def test_a_lone_surrogate_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(PLAN).replace('"plank"', '"plank \\ud800"'), encoding="utf-8")
    result = here(capsys, command, path)
    assert_usage_error(
        result, "weeks[0].sessions[0].blocks[0].exercise: must be valid Unicode text"
    )


def test_an_integer_beyond_4300_digits_exits_2_in_every_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = "9" * 5000
    documents = {
        "plan": '{"weeks": [{}], "metadata": {"n": ' + huge + "}}",
        "profile": '{"age": ' + huge + "}",
        "symptoms": '[{"kind": "pain", "intensity": ' + huge + "}]",
        "streprogen": '{"rendered": [[{"name": "Monday", "exercises": [{"name": "squat",'
        ' "reps": [5], "weights": [' + huge + "]}]}]]}",
    }
    for name, text in documents.items():
        (tmp_path / f"{name}.json").write_text(text)
    result = here(
        capsys,
        "check",
        tmp_path / "plan.json",
        "--profile",
        tmp_path / "profile.json",
        "--symptoms",
        tmp_path / "symptoms.json",
    )
    assert_usage_error(result, "plan: invalid input", "profile: invalid input", "symptoms: invalid")
    assert result.stderr.count("a number has more than 4300 digits at line 1") == 3
    result = here(capsys, "check", tmp_path / "streprogen.json", "--input-format", "streprogen")
    assert_usage_error(result, "a number has more than 4300 digits at line 1")
    assert "set_int_max_str_digits" not in result.stderr


def test_a_toml_hex_literal_beyond_4300_digits_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "profile.toml"
    path.write_text("age = 0x" + "f" * 5000 + "\n")
    result = here(capsys, "check", FRIENDLY, "--profile", path)
    assert_usage_error(result, "age: must be <= 120, got a number with about 6021 digits")


def test_a_toml_file_with_a_byte_order_mark_reads_like_a_json_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    toml = tmp_path / "profile.toml"
    toml.write_text('\ufeffage = 40\nconditions = ["herniated-disc"]\n', encoding="utf-8")
    via_toml = here(capsys, "check", RISKY, "--profile", toml, "--format", "json")
    via_json = here(capsys, "check", RISKY, "--profile", PROFILE, "--format", "json")
    assert via_toml.returncode == via_json.returncode == 1, via_toml.stderr
    assert json.loads(via_toml.stdout)["verdict"] == json.loads(via_json.stdout)["verdict"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path: Path) -> None:
    path = os.fsencode(tmp_path) + b"/plan-\xff.json"
    with open(path, "wb") as stream:
        stream.write(json.dumps(PLAN).encode())
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"backsafe", b"check", path],
        capture_output=True,
        cwd=ROOT,
        env=environment(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    result.stdout.decode("utf-8")  # valid UTF-8
    assert b"plan-\\udcff.json: verdict" in result.stdout
    assert_no_traceback(result.stderr.decode())
