"""Failure text for people: findings with their place and fix, a week at a glance, diffs.

User text (exercise and session names, messages) is shown through the text report's
escaping, so a name cannot break or colour the lines of a test failure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from backsafe.model import Block, Plan, Session, Week
from backsafe.output._escape import printable
from backsafe.output._where import describe
from backsafe.report import Finding, Level, Part, Report, Safety

__all__ = [
    "MAX_WEEKS_SHOWN",
    "finding_lines",
    "plan_diff",
    "report_diff",
    "report_lines",
    "week_lines",
]

#: Offending weeks shown in full; the others are named.
MAX_WEEKS_SHOWN = 2
_MAX_DIFFS = 20
_PARTS = ((Part.WARM_UP, "warm-up"), (Part.BLOCKS, "blocks"), (Part.COOL_DOWN, "cool-down"))


def _number(value: float) -> str:
    return f"{value:g}"


def block_text(block: Block) -> str:
    """``barbell hip thrust 3x10 @ 60 kg, rpe 7 [brace-core] (range excessive)``."""
    amount = f"{block.reps}" if block.reps is not None else f"{_number(block.duration_s or 0)}s"
    text = f"{printable(block.exercise)} {block.sets}x{amount}"
    if block.load_kg is not None:
        text += f" @ {_number(block.load_kg)} kg"
    if block.rpe is not None:
        text += f", rpe {_number(block.rpe)}"
    if block.cues:
        text += f" [{', '.join(printable(cue) for cue in block.cues)}]"
    if block.range_of_motion is not None:
        text += f" (range {block.range_of_motion})"
    return text


def finding_lines(finding: Finding, indent: str = "  ") -> Iterator[str]:
    """A finding: code, level, place, message; then each suggested fix or advice."""
    where = describe(finding.location)
    place = f" at {printable(where)}" if where else ""
    yield f"{indent}{finding.code} {finding.level}{place}: {printable(finding.message)}"
    for suggestion in finding.suggestions:
        kind = (
            "advice" if suggestion.safety is Safety.DISPLAY_ONLY else f"fix ({suggestion.safety})"
        )
        yield f"{indent}    {kind}: {printable(suggestion.description)}"


def week_lines(
    week: Week, number: int, findings: Sequence[Finding], indent: str = "  "
) -> Iterator[str]:
    """Week ``number`` at a glance: each session's parts, items numbered as locations are.

    Sessions and items that ``findings`` point at are marked with their codes.
    """
    marks: dict[tuple[int | None, Part | None, int | None], list[str]] = {}
    for finding in findings:
        where = finding.location
        if where is not None and where.week == number:
            key = (where.session, where.part if where.block else None, where.block)
            marks.setdefault(key, []).append(finding.code)
    whole = marks.get((None, None, None), [])
    yield f"{indent}week {number}" + (f"   <- {', '.join(whole)}" if whole else "")
    if not week.sessions:
        yield f"{indent}  (no sessions)"
    for s, session in enumerate(week.sessions, 1):
        yield from _session_lines(session, s, marks, indent + "  ")


def _session_lines(
    session: Session,
    number: int,
    marks: dict[tuple[int | None, Part | None, int | None], list[str]],
    indent: str,
) -> Iterator[str]:
    name = f" {printable(session.name)!r}" if session.name else ""
    codes = marks.get((number, None, None), [])
    yield f"{indent}session {number}, day {session.day}{name}" + (
        f"   <- {', '.join(codes)}" if codes else ""
    )
    for part, label in _PARTS:
        items: tuple[Block, ...] = getattr(session, part.value)
        if not items:
            yield f"{indent}  {label}: (none)"
            continue
        for index, block in enumerate(items, 1):
            lead = f"{label}:" if index == 1 else ""
            codes = marks.get((number, part, index), [])
            mark = f"   <- {', '.join(codes)}" if codes else ""
            yield f"{indent}  {lead:<10} {index}. {block_text(block)}{mark}"


def report_lines(
    report: Report, plan: Plan | None, above: Level, *, limit_weeks: int = MAX_WEEKS_SHOWN
) -> list[str]:
    """Why a report fails a bar: the findings above ``above``, errors, the weeks they are in."""
    shown = [f for f in report.findings if f.level > above]
    lines = []
    for error in report.errors:
        lines.append(f"  incomplete check ({error.kind}): {printable(error.message)}")
    lines += [line for finding in shown for line in finding_lines(finding)]
    weeks = sorted({f.location.week for f in shown if f.location and f.location.week})
    if plan is not None and weeks:
        lines.append("")
        for number in weeks[:limit_weeks]:
            if 1 <= number <= len(plan.weeks):
                lines += week_lines(plan.weeks[number - 1], number, shown)
        if len(weeks) > limit_weeks:
            rest = ", ".join(str(n) for n in weeks[limit_weeks:])
            lines.append(f"  (findings in weeks {rest} too)")
    return lines


# --- comparisons (pytest_assertrepr_compare) ---------------------------------------------


def _differences(left: Any, right: Any, path: str) -> Iterator[str]:
    if attrs.has(type(left)) and type(left) is type(right):
        for field in attrs.fields(type(left)):
            yield from _differences(
                getattr(left, field.name), getattr(right, field.name), f"{path}.{field.name}"
            )
    elif isinstance(left, tuple) and isinstance(right, tuple):
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            yield from _differences(a, b, f"{path}[{index}]")
        if len(left) != len(right):
            yield f"{path}: {len(left)} items != {len(right)} items"
    elif left != right:
        yield f"{path}: {_short(left)} != {_short(right)}"


def _short(value: Any) -> str:
    if isinstance(value, Block):
        return block_text(value)
    text = printable(repr(value))
    return text if len(text) <= 80 else f"{text[:77]}..."


def plan_diff(left: Any, right: Any) -> list[str]:
    """Where two model objects (plans, weeks, sessions, blocks...) differ, by field path."""
    found = list(_differences(left, right, type(left).__name__.lower()))
    shown = found[:_MAX_DIFFS]
    if len(found) > _MAX_DIFFS:
        shown.append(f"... and {len(found) - _MAX_DIFFS} more differences")
    return [f"{type(left).__name__}s differ:", *(f"  {line}" for line in shown)]


def _keyed(findings: Iterable[Finding]) -> dict[tuple[str, str, str], Finding]:
    return {(f.code, describe(f.location), f.message): f for f in findings}


def report_diff(left: Report, right: Report) -> list[str]:
    """Two reports: their verdicts, and the findings and errors only one of them has."""
    lines = [f"reports differ: verdict {left.verdict} != {right.verdict}"]
    a, b = _keyed(left.findings), _keyed(right.findings)
    for label, only in (
        ("left", [a[k] for k in a if k not in b]),
        ("right", [b[k] for k in b if k not in a]),
    ):
        if only:
            lines.append(f"only in the {label} report:")
            lines += [line for finding in only for line in finding_lines(finding, "    ")]
    if left.errors != right.errors:
        lines.append(
            f"errors: {[e.message for e in left.errors]} != {[e.message for e in right.errors]}"
        )
    if len(lines) == 1 and left != right:
        lines.append("(the same findings; they differ in references, suggestions or packs)")
    return lines
