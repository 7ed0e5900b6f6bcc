r"""A report as text for people: grouped by week and session, coloured on a terminal.

Names and messages are user text: control characters in them (escape sequences, the
bidirectional controls that reorder a line, line breaks) are shown as escapes such as
``\u202e`` instead of acting on the terminal (see ``_escape.printable``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

from backsafe.output._escape import printable
from backsafe.output._where import PART_NAMES
from backsafe.report import Finding, Level, Report, Safety

__all__ = ["render_text", "use_colour"]

_COLOURS = {
    Level.OK: "32",
    Level.INFO: "2",
    Level.CAUTION: "33",
    Level.MODIFY: "33;1",
    Level.STOP: "31",
    Level.REFER: "31;1",
    Level.URGENT: "41;97;1",
}
_WIDTH = max(len(level.value) for level in Level)


def use_colour(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


#: Topics of findings about the person rather than the plan; the other findings without a
#: week (an adapter's notes on how it read the plan, say) are about the whole plan.
PERSON_TOPICS = frozenset({"red-flag", "pain", "condition"})


def _paint(text: str, level: Level, colour: bool) -> str:
    return f"\x1b[{_COLOURS[level]}m{text}\x1b[0m" if colour else text


def _finding_lines(finding: Finding, indent: str, colour: bool) -> Iterator[str]:
    level = _paint(finding.level.value.ljust(_WIDTH), finding.level, colour)
    yield f"{indent}{printable(finding.code)}  {level}  {printable(finding.message)}"
    for suggestion in finding.suggestions:
        if suggestion.safety is Safety.DISPLAY_ONLY:
            yield f"{indent}    advice: {printable(suggestion.description)}"
        else:
            safety = suggestion.safety.value
            yield f"{indent}    fix ({safety}): {printable(suggestion.description)}"


def _counts(report: Report) -> str:
    counts: dict[Level, int] = {}
    for finding in report.findings:
        counts[finding.level] = counts.get(finding.level, 0) + 1
    parts = [f"{counts[level]} {level.value}" for level in sorted(counts, reverse=True)]
    return ", ".join(parts) or "no findings"


def render_text(report: Report, *, title: str | None = None, colour: bool = False) -> str:
    """Render ``report`` for a person: verdict first, then findings by week and session."""
    verdict = _paint(report.verdict.value.upper(), report.verdict, colour)
    lines = [f"{printable(title)}: " if title else "", f"verdict: {verdict} ({_counts(report)})"]
    lines = ["".join(lines)]
    for error in report.errors:
        # A message of several lines (a pack's problems, one per line) reads on one line,
        # its lines joined by "; ": a line break in user text must not start a line that
        # looks like the report's own.
        first, *rest = (part.strip() for part in error.message.split("\n"))
        said = " ".join([first, "; ".join(part for part in rest if part)]).strip()
        lines.append(f"  INCOMPLETE CHECK ({printable(error.kind)}): {printable(said)}")
    week = session = block = None
    general = [f for f in report.findings if f.location is None or f.location.week is None]
    for heading, about_the_person in (("symptoms and profile", True), ("the whole plan", False)):
        section = [f for f in general if (f.topic in PERSON_TOPICS) is about_the_person]
        if section:
            lines += ["", heading]
            for finding in section:
                lines.extend(_finding_lines(finding, "  ", colour))
    for finding in report.findings:
        location = finding.location
        if location is None or location.week is None:
            continue
        if location.week != week:
            week, session, block = location.week, None, None
            lines += ["", f"week {week}"]
        if location.session is not None and location.session != session:
            session, block = location.session, None
            lines.append(f"  session {session} (day {location.day})")
        here = None if location.block is None else (location.part, location.block)
        if here is not None and here != block:
            block = here
            part = "block" if location.part is None else PART_NAMES[location.part]
            lines.append(f"    {part} {location.block}: {printable(location.exercise or '')}")
        indent = "  " * (1 + (location.session is not None) + (location.block is not None))
        lines.extend(_finding_lines(finding, indent, colour))
    return "\n".join(lines) + "\n"
