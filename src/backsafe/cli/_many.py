"""``backsafe check`` over many plans: files and directories, on one core or many.

Many-plan mode is when more than one PLAN, a directory or ``--summary-only`` is given.
Every plan is checked for the same profile and symptoms, with the same rules; each gets
its report (text with a header, a JSON line, or its results in one SARIF log), in the
order of the files; a summary table ends the run. A plan file that cannot be used is
reported in its place and makes the exit code 2 at the end; it never stops the others.

The pool is `backsafe._many.pooled`, as `backsafe.check_many` uses it: workers get each
plan's path (or standard input's bytes) and the checker's spec, and send back the report
already rendered in the chosen format, a few plain values and, for SARIF only, the
report itself (the parent places SARIF results on the files' text).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from backsafe._input_error import MISSING, InputError, Problem, escaped, format_path, format_value
from backsafe.cli._check import artifact, package_version
from backsafe.cli._exit import ExitCode, ReaderGone
from backsafe.cli._inputs import PLAN_READERS, UnusableInput, read_person, stdin_source
from backsafe.cli._packs import pack_set
from backsafe.cli._progress import Progress, on_terminal
from backsafe.cli._rules import explain
from backsafe.cli._summary import Tally, worst
from backsafe.engine import Checker, SelectionError
from backsafe.engine import CheckerSpec as Recipe
from backsafe.model import Profile, Symptom
from backsafe.output import (
    Checked,
    render_text,
    report_to_dict,
    reports_to_sarif,
    use_colour,
)
from backsafe.report import Level, Report

__all__ = [
    "MANY_FORMATS",
    "PLAN_SUFFIXES",
    "PlanJob",
    "PlanResult",
    "available_cores",
    "plan_files",
    "run_many",
]

#: The formats that hold many plans (CDS Hooks answers for one patient's plan).
MANY_FORMATS = ("text", "json", "sarif")
#: The files a directory is searched for (recursively; hidden entries are skipped).
PLAN_SUFFIXES = (".json", ".toml")
#: The most plans a worker is sent at a time.
_MAX_CHUNK = 64


def available_cores() -> int:
    """The cores this process may run on (its affinity where the system says)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:
            pass
    return os.cpu_count() or 1


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _special(path: str) -> bool:
    """Whether ``path`` is a FIFO, a device or a socket (reading one may never end)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # a broken link: reported as unreadable, never skipped
        return False


def _walk(directory: str) -> list[str]:
    """The plan files under ``directory``, in a sorted order every platform shares."""
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not _hidden(d)]  # .git, .venv and the like
        parts = Path(root).relative_to(directory).parts
        for file in files:
            path = os.path.join(root, file)
            if not _hidden(file) and file.lower().endswith(PLAN_SUFFIXES) and not _special(path):
                found.append(((*parts, file), path))
    return [path for _, path in sorted(found)]


def plan_files(names: Sequence[str]) -> list[str]:
    """The plan files ``names`` stand for, in order, each once.

    Each file is taken as given, each directory stands for its plan files (``*.json``
    and ``*.toml``, recursively, in sorted order). A directory without plan files is
    unusable input: it is reported on stderr and `UnusableInput` is raised (exit 2).
    """
    files: list[str] = []
    seen: set[str] = set()
    empty: list[str] = []
    for name in names:
        found = _walk(name) if name != "-" and os.path.isdir(name) else [name]
        if not found:
            empty.append(name)
        for file in found:
            key = file if file == "-" else os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                files.append(file)
    if empty:
        for name in empty:
            suffixes = ", ".join(f"*{suffix}" for suffix in PLAN_SUFFIXES)
            print(f"backsafe: {escaped(name)}: no plan files ({suffixes}) here", file=sys.stderr)
        raise UnusableInput
    return files


@attrs.frozen
class PlanResult:
    """What a worker found for one plan, in plain values (the report only for SARIF).

    ``verdict`` is ``None`` for a plan that could not be used, and ``error`` says why;
    ``codes`` counts the findings of each code; ``output`` is the plan's part of the
    output, already rendered.
    """

    verdict: Level | None
    complete: bool = True
    codes: Mapping[str, int] = attrs.field(factory=dict)
    output: str = ""
    error: str | None = None
    report: Report | None = None


def _problem(problem: Problem) -> dict[str, str]:
    message = problem.message
    if problem.value is not MISSING:
        message = f"{message}, got {format_value(problem.value)}"
    return {"field": format_path(problem.path), "message": message}


def _error_to_dict(error: InputError) -> dict[str, Any]:
    return {
        "message": str(error),
        "problems": [_problem(problem) for problem in error.problems],
        "truncated": error.truncated,
    }


def _line(data: Mapping[str, Any]) -> str:
    """One line of the JSON Lines stream: compact, key order kept, no NaN."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


@attrs.frozen
class PlanJob:
    """What every plan of a run shares; `check` runs in a worker (or in this process).

    ``output`` is the format rendered by the worker: ``text``, ``json``, ``sarif``
    (the report travels back) or ``summary`` (nothing but the counts).
    """

    checker: Checker | Recipe
    profile: Profile | None
    symptoms: tuple[Symptom, ...]
    input_format: str
    output: str
    colour: bool = False

    def check(self, checker: Checker, index: int, payload: tuple[str, Any]) -> PlanResult:
        """Read, check and render the plan ``payload`` names: ``(name, path or bytes)``."""
        name, source = payload
        try:
            if isinstance(source, InputError):
                raise source
            adapted = PLAN_READERS[self.input_format](
                Path(source) if isinstance(source, str) else source
            )
        except InputError as error:
            if error.source is None:
                error = error.with_source(name)
            return self._unusable(name, error)
        report = checker.check(adapted.plan, self.profile, self.symptoms, notes=adapted.notes)
        codes = Counter(finding.code for finding in report.findings)
        output = ""
        if self.output == "text":
            output = render_text(report, title=escaped(name), colour=self.colour)
        elif self.output == "json":
            output = _line({"path": escaped(name), "report": report_to_dict(report)})
        return PlanResult(
            report.verdict,
            report.complete,
            dict(codes),
            output,
            report=report if self.output == "sarif" else None,
        )

    def _unusable(self, name: str, error: InputError) -> PlanResult:
        output = ""
        if self.output == "text":
            detail = str(InputError(error.problems, truncated=error.truncated))
            output = f"{escaped(name)}: {detail}\n"
        elif self.output == "json":
            output = _line({"path": escaped(name), "error": _error_to_dict(error)})
        return PlanResult(None, output=output, error=str(error))


def _say(message: str) -> None:
    print(f"backsafe: {message}", file=sys.stderr, flush=True)


def _payloads(files: Sequence[str]) -> Iterator[tuple[tuple[str, Any], str]]:
    """What each plan's worker is sent (the path, or standard input's bytes), and its name."""
    for name in files:
        if name != "-":
            yield (name, name), name
            continue
        try:
            yield (name, stdin_source()), name
        except InputError as error:
            yield (name, error), name


def _results(
    job: PlanJob, checker: Checker, files: Sequence[str], workers: int
) -> Iterator[tuple[PlanResult, str]]:
    if workers <= 1:
        for index, (payload, name) in enumerate(_payloads(files)):
            yield job.check(checker, index, payload), name
        return
    from backsafe._many import pooled  # noqa: PLC0415 - the pool only when it is asked for

    shared = job if checker.spec is None else attrs.evolve(job, checker=checker.spec)
    size = max(1, min(_MAX_CHUNK, math.ceil(len(files) / (4 * workers))))
    yield from pooled(shared, _payloads(files), workers, size)


class _Writer:
    """Standard output, the progress bar's terminal permitting."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.shared = on_terminal(sys.stdout)  # the bar and the output on one terminal

    def write(self, text: str) -> None:
        if self.shared:
            self.progress.clear()
        sys.stdout.write(text)
        if self.shared:
            sys.stdout.flush()

    def say(self, message: str) -> None:
        self.progress.clear()
        _say(message)


def _check_arguments(args: argparse.Namespace) -> None:
    """Refuse what many plans cannot do (exit 2 with the command's usage)."""
    parser: argparse.ArgumentParser = args.parser
    if not args.plan:
        parser.error("--summary-only needs the PLANs to summarise")
    if args.format not in MANY_FORMATS:
        parser.error(
            f"--format {args.format} answers for one patient's plan: check one PLAN at a time"
            f" (many-plan mode takes --format {', '.join(MANY_FORMATS)})"
        )
    if args.summary_only and args.format != "text":
        parser.error(
            "--summary-only goes with --format text (the JSON and SARIF outputs are per plan)"
        )
    stdin = [*args.plan, args.profile, args.symptoms].count("-")
    if stdin > 1:
        parser.error("standard input (-) can stand for one document only")


def run_many(args: argparse.Namespace) -> ExitCode:
    """Check every plan the arguments name and report each, then the summary."""
    _check_arguments(args)
    packs = pack_set(args)
    try:
        rules = packs.checker(args.select, args.ignore)
    except SelectionError as error:
        _say(str(error))
        return ExitCode.USAGE
    files = plan_files(args.plan)
    profile, symptoms = read_person(args.profile, args.symptoms)
    for note in rules.notes:
        _say(f"note: {note}")
    text = args.format == "text"
    output = ("summary" if args.summary_only else "text") if text else args.format
    job = PlanJob(
        rules, profile, symptoms, args.input_format, output, colour=use_colour(sys.stdout)
    )
    wanted = available_cores() if args.jobs == 0 else args.jobs
    workers = min(wanted, len(files))
    tally = Tally(Level(args.fail_on))
    quiet = args.quiet
    progress = Progress(len(files), sys.stderr, enabled=not quiet and on_terminal(sys.stderr))
    out = _Writer(progress)
    checked: list[Checked] = []
    results = _results(job, rules, files, workers)
    try:
        try:
            for result, name in results:
                tally.add(result.verdict, complete=result.complete, codes=result.codes)
                if result.error is not None and output != "text":
                    out.say(result.error)  # the summary and other formats keep stdout
                if output == "sarif":
                    checked.append(_checked(result, name, args.input_format))
                elif result.output:
                    out.write(("\n" if text and tally.plans > 1 else "") + result.output)
                progress.advance()
        except BrokenProcessPool as error:
            out.say(f"incomplete check: a worker process stopped before the run ended: {error}")
            return worst(Counter((tally.exit_code, ExitCode.INCOMPLETE)))
        finally:
            results.close()  # type: ignore[attr-defined]
            progress.close()
        _finish(args, rules, tally, checked)
    except BrokenPipeError:
        # The reader went away (``| head``): the plans not checked cannot count as safe.
        code = tally.exit_code
        left = tally.plans < len(files)
        raise ReaderGone(ExitCode.INCOMPLETE if left and code is ExitCode.OK else code) from None
    return tally.exit_code


def _checked(result: PlanResult, name: str, input_format: str) -> Checked:
    plan = artifact(name, plan=True, pointers=input_format == "backsafe")
    if result.report is not None:
        return Checked(plan, report=result.report)
    return Checked(plan, error=result.error or "unusable input")


def _finish(
    args: argparse.Namespace, rules: Checker, tally: Tally, checked: Iterable[Checked]
) -> None:
    """Write the SARIF log, and the summary: on stdout for text, else on stderr."""
    names = {rule.code: rule.name for rule in rules.rules}
    if args.format == "sarif":
        log = reports_to_sarif(
            checked,
            rules=rules.rules,
            profile=artifact(args.profile),
            symptoms=artifact(args.symptoms),
            explain=explain,
            version=package_version(),
        )
        # On one line: the log of many plans is large, and the indenting encoder is
        # pure Python (about 6x slower than the compact one).
        sys.stdout.write(_line(log))
    if args.format == "text":
        sys.stdout.write(("\n" if not args.summary_only else "") + tally.render(names))
    elif not args.quiet:
        sys.stderr.write("\n" + tally.render(names))
    sys.stdout.flush()
