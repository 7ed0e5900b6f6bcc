"""``backsafe fix``: repair a plan, write it, and say what changed and why."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from backsafe._fix import fix
from backsafe._fix._text import plan_diff, plan_text, render_fix
from backsafe.cli._check import exit_code
from backsafe.cli._exit import ExitCode
from backsafe.cli._inputs import read_inputs
from backsafe.cli._packs import pack_set, warn_errors
from backsafe.report import Level

__all__ = ["run_fix", "write_atomically"]


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A reader sees the old file or the new one, never half of one; an existing file keeps
    its permissions. On failure the temporary file is removed and ``path`` is untouched.
    """
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def run_fix(args: argparse.Namespace) -> ExitCode:
    """Repair the plan; write it to ``-o`` (``-`` for stdout) and report on stderr.

    Exit codes as ``check``'s, for the repaired plan: 0 below ``--fail-on``, 1 at or
    above it, 2 for unusable input or arguments (nothing is written), 3 when the check is
    incomplete (nothing is written: a repair the rules could not all judge is not given).
    """
    if args.output is None and not args.diff:
        print("backsafe: fix: give -o OUT (- for stdout), or --diff", file=sys.stderr)
        return ExitCode.USAGE
    if args.output not in (None, "-") and Path(args.output).suffix.lower() == ".toml":
        print(
            "backsafe: fix: -o: the repaired plan is written as JSON; name a .json file "
            f"or - for stdout, not {args.output!r}",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    if args.plan is None:
        print("backsafe: fix: give the PLAN to repair", file=sys.stderr)
        return ExitCode.USAGE
    packs = pack_set(args)
    warn_errors(packs)
    inputs = read_inputs(args.plan, args.profile, args.symptoms, plan_format=args.input_format)
    assert inputs.plan is not None  # a PLAN was given, and read
    checker = packs.checker()
    result = fix(
        inputs.plan,
        inputs.profile,
        inputs.symptoms,
        safe_only=args.safe_only,
        checker=checker,
        notes=inputs.notes,
    )
    title = inputs.plan.name or ("stdin" if args.plan == "-" else args.plan)
    sys.stderr.write(render_fix(result, title=title))
    if result.report.errors:
        for error in result.report.errors:
            print(f"backsafe: INCOMPLETE CHECK ({error.kind}): {error.message}", file=sys.stderr)
        print("backsafe: fix: the check is incomplete, so nothing was written", file=sys.stderr)
        return ExitCode.INCOMPLETE
    if args.diff:
        diff = plan_diff(inputs.plan, result.plan, name=title)
        stream = sys.stderr if args.output == "-" else sys.stdout
        stream.write(diff or "no change to the plan\n")
    if args.output == "-":
        sys.stdout.write(plan_text(result.plan))
    elif args.output is not None:
        try:
            write_atomically(Path(args.output), plan_text(result.plan))
        except OSError as error:
            print(f"backsafe: fix: cannot write {args.output}: {error}", file=sys.stderr)
            return ExitCode.USAGE
    if args.output is not None and inputs.notes:
        _warn_notes_not_written(len(inputs.notes))
    return exit_code(result.report, Level(args.fail_on))


def _warn_notes_not_written(count: int) -> None:
    """Say that the plan written cannot carry the adapter's notes (see docs/fixing.md)."""
    print(
        f"backsafe: fix: note: the plan written is in backsafe's format, which cannot carry"
        f" the {count} note{'s' if count != 1 else ''} the adapter"
        " made when it read the source (listed above): items it left out are not in the"
        " plan, and what it assumed is written as if given. Checking the written plan alone"
        " will not report them; keep this report with it, or correct the source.",
        file=sys.stderr,
    )
