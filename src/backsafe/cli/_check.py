"""``backsafe check``: run the rules and report, with the contract's exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backsafe._input_error import escaped
from backsafe.cli._exit import ExitCode, ReaderGone
from backsafe.cli._inputs import read_inputs
from backsafe.cli._packs import pack_set
from backsafe.engine import Rule, SelectionError
from backsafe.output import dumps, render_text, report_to_dict, use_colour
from backsafe.report import Level, Report

if TYPE_CHECKING:
    from backsafe.output import Artifact

__all__ = [
    "FORMATS",
    "LEVELS",
    "artifact",
    "codes",
    "exit_code",
    "is_many",
    "jobs",
    "package_version",
    "run_check",
]

FORMATS = ("text", "json", "cds-hooks", "sarif")
#: The largest plan file whose JSON text is read again to give SARIF lines and columns.
_MAX_SARIF_TEXT = 16 * 1024 * 1024
LEVELS = tuple(level.value for level in Level if level is not Level.OK)


def codes(text: str) -> list[str]:
    """Parse ``--select``/``--ignore``: codes or prefixes separated by commas.

    An empty list is refused: ``--select ''`` would switch every rule but the red flags
    off, and ``--ignore ''`` is a mistake.
    """
    found = [code.strip().upper() for code in text.split(",") if code.strip()]
    if not found:
        raise argparse.ArgumentTypeError(
            f"expects codes or prefixes separated by commas (such as BS4,BS702), got {text!r}"
        )
    return found


def jobs(text: str) -> int:
    """Parse ``--jobs``: a number of processes, ``0`` or ``auto`` for one per core."""
    if text.strip().lower() == "auto":
        return 0
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(
            f"expects a number of processes, or 0 or auto for one per core, got {text!r}"
        )
    return count


def is_many(args: argparse.Namespace) -> bool:
    """Whether ``check``'s arguments ask for many-plan mode."""
    plans: list[str] = args.plan
    return (
        len(plans) > 1
        or args.summary_only
        or any(name != "-" and os.path.isdir(name) for name in plans)
    )


def exit_code(report: Report, fail_on: Level) -> ExitCode:
    """3 for an incomplete check, else 1 when the verdict reaches ``fail_on``, else 0."""
    if report.errors:
        return ExitCode.INCOMPLETE
    return ExitCode.FAILED if report.verdict >= fail_on else ExitCode.OK


def run_check(args: argparse.Namespace) -> ExitCode:
    """Check the plan and print the report in the chosen format.

    More than one PLAN, a directory or ``--summary-only`` is many-plan mode (see
    ``backsafe.cli._many``); one PLAN, or none with ``--symptoms``, is checked here.
    """
    if isinstance(args.plan, list):  # the PLANs of ``check``
        if is_many(args):
            from backsafe.cli._many import run_many  # noqa: PLC0415 - only when asked

            return run_many(args)
        if not args.plan and args.symptoms is None:
            args.parser.error("give a PLAN, or --symptoms FILE to triage symptoms without a plan")
        args.plan = args.plan[0] if args.plan else None
    packs = pack_set(args)
    try:
        rules = packs.checker(args.select, args.ignore)
    except SelectionError as error:
        print(f"backsafe: {error}", file=sys.stderr)
        return ExitCode.USAGE
    inputs = read_inputs(args.plan, args.profile, args.symptoms, plan_format=args.input_format)
    report = rules.check(inputs.plan, inputs.profile, inputs.symptoms, notes=inputs.notes)
    code = exit_code(report, Level(args.fail_on))
    for note in rules.notes:
        print(f"backsafe: note: {note}", file=sys.stderr)
    if args.format == "json":
        output = dumps(report_to_dict(report))
    elif args.format == "cds-hooks":
        from backsafe.output import report_to_cds_hooks  # noqa: PLC0415 - only when asked

        output = dumps(report_to_cds_hooks(report))
    elif args.format == "sarif":
        output = dumps(_sarif(report, rules.rules, args))
    else:
        if inputs.plan is None:
            title = "symptoms"
        else:
            title = inputs.plan.name or ("stdin" if args.plan == "-" else escaped(args.plan))
        output = render_text(report, title=title, colour=use_colour(sys.stdout))
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        raise ReaderGone(code) from None
    return code


def artifact(path: str | None, *, plan: bool = False, pointers: bool = True) -> Artifact | None:
    """The document at ``path`` for SARIF; a JSON plan file brings its text along."""
    from backsafe.output import Artifact, artifact_uri  # noqa: PLC0415 - SARIF only

    if path is None or path == "-":
        return None
    text = None
    file = Path(path)
    if plan and pointers and file.suffix.lower() == ".json":
        try:
            if file.is_file() and file.stat().st_size <= _MAX_SARIF_TEXT:
                text = file.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = None  # placed by pointer only
    return Artifact(artifact_uri(path), text, pointers)


def _sarif(report: Report, rules: tuple[Rule, ...], args: argparse.Namespace) -> object:
    from backsafe.cli._rules import explain  # noqa: PLC0415 - SARIF only
    from backsafe.output import report_to_sarif  # noqa: PLC0415 - SARIF only

    return report_to_sarif(
        report,
        rules=rules,
        plan=artifact(args.plan, plan=True, pointers=args.input_format == "backsafe"),
        profile=artifact(args.profile),
        symptoms=artifact(args.symptoms),
        explain=explain,
        version=package_version(),
    )


def package_version() -> str:
    """The version of backsafe, for SARIF logs (its metadata is read only when needed)."""
    from importlib_metadata import version  # noqa: PLC0415 - only for SARIF

    return version("backsafe")
