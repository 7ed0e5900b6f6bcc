"""``backsafe check``: run the rules and report, with the contract's exit codes."""

from __future__ import annotations

import argparse
import sys

from backsafe._api import checker
from backsafe._input_error import escaped
from backsafe.cli._exit import ExitCode, ReaderGone
from backsafe.cli._inputs import read_inputs
from backsafe.engine import SelectionError
from backsafe.output import dumps, render_text, report_to_cds_hooks, report_to_dict, use_colour
from backsafe.report import Level, Report

__all__ = ["FORMATS", "LEVELS", "exit_code", "run_check"]

FORMATS = ("text", "json", "cds-hooks")
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


def exit_code(report: Report, fail_on: Level) -> ExitCode:
    """3 for an incomplete check, else 1 when the verdict reaches ``fail_on``, else 0."""
    if report.errors:
        return ExitCode.INCOMPLETE
    return ExitCode.FAILED if report.verdict >= fail_on else ExitCode.OK


def run_check(args: argparse.Namespace) -> ExitCode:
    """Check the plan and print the report in the chosen format."""
    try:
        rules = checker(args.select, args.ignore)
    except SelectionError as error:
        print(f"backsafe: {error}", file=sys.stderr)
        return ExitCode.USAGE
    inputs = read_inputs(args.plan, args.profile, args.symptoms, plan_format=args.input_format)
    report = rules.check(inputs.plan, inputs.profile, inputs.symptoms)
    code = exit_code(report, Level(args.fail_on))
    for note in rules.notes:
        print(f"backsafe: note: {note}", file=sys.stderr)
    if args.format == "json":
        output = dumps(report_to_dict(report))
    elif args.format == "cds-hooks":
        output = dumps(report_to_cds_hooks(report))
    else:
        title = inputs.plan.name or ("stdin" if args.plan == "-" else escaped(args.plan))
        output = render_text(report, title=title, colour=use_colour(sys.stdout))
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        raise ReaderGone(code) from None
    return code
