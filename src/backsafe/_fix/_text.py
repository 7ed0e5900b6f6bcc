"""A fix result as text for people, and the repaired plan as a readable diff."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator

from backsafe._fix._result import Edit, FixResult, Unresolved
from backsafe._serde import dump_plan
from backsafe.model import Block, Plan
from backsafe.output._text import PERSON_TOPICS
from backsafe.report import Location, Part, Safety

__all__ = ["plan_diff", "render_fix"]

_PART_NAMES = {Part.WARM_UP: "warm-up", Part.BLOCKS: "block", Part.COOL_DOWN: "cool-down"}


def _grouped(
    entries: list[tuple[Location | None, list[str]]], person: frozenset[int] = frozenset()
) -> Iterator[str]:
    """Entries (a location and its lines) grouped by week, session and block, as check does.

    ``person`` holds the indexes of the entries about the person (symptoms and profile);
    the other entries without a week are about the whole plan.
    """
    general = [
        (index in person, lines)
        for index, (where, lines) in enumerate(entries)
        if where is None or where.week is None
    ]
    for heading, about_the_person in (("symptoms and profile", True), ("the whole plan", False)):
        section = [lines for about, lines in general if about is about_the_person]
        if section:
            yield f"  {heading}"
            for lines in section:
                yield from (f"    {line}" for line in lines)
    week = session = block = None
    for where, lines in entries:
        if where is None or where.week is None:
            continue
        if where.week != week:
            week, session, block = where.week, None, None
            yield f"  week {week}"
        if where.session is not None and where.session != session:
            session, block = where.session, None
            yield f"    session {session} (day {where.day})"
        here = None if where.block is None else (where.part, where.block)
        if here is not None and here != block:
            block = here
            part = (
                "block" if where.part in (None, Part.BLOCKS) else f"{_PART_NAMES[where.part]} item"
            )
            yield f"      {part} {where.block}: {where.exercise}"
        depth = 2 + (where.session is not None) + (where.block is not None)
        yield from (f"{'  ' * depth}{line}" for line in lines)


def _edit_lines(edit: Edit) -> list[str]:
    return [f"{edit.code}  {edit.safety.value:<6}  {edit.description}"]


def _unresolved_lines(item: Unresolved) -> list[str]:
    finding = item.finding
    return [
        f"{finding.code}  {finding.level.value:<7}  {finding.message}",
        f"    why left: {item.reason}",
    ]


def render_fix(result: FixResult, *, title: str | None = None) -> str:
    """What fix changed and why, and what it left, grouped by week and session."""
    safe = sum(edit.safety is Safety.SAFE for edit in result.edits)
    unsafe = len(result.edits) - safe
    head = f"{title}: " if title else ""
    lines = [
        f"{head}verdict {result.before.verdict.value.upper()} -> "
        f"{result.report.verdict.value.upper()} ({_count(len(result.edits), 'edit')}: "
        f"{safe} safe, {unsafe} unsafe; {_count(len(result.unresolved), 'finding')} left)"
    ]
    if result.edits:
        lines += ["", "changed"]
        ordered = sorted(result.edits, key=lambda e: _order(e.target))
        lines += _grouped([(edit.target, _edit_lines(edit)) for edit in ordered])
    if result.unresolved:
        lines += ["", "left as it is"]
        lines += _grouped(
            [(item.finding.location, _unresolved_lines(item)) for item in result.unresolved],
            frozenset(
                index
                for index, item in enumerate(result.unresolved)
                if item.finding.topic in PERSON_TOPICS
            ),
        )
    if not result.edits and not result.unresolved:
        lines += ["", "nothing to fix"]
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _order(location: Location) -> tuple[int, int, int, int]:
    return location.sort_key()


def plan_text(plan: Plan) -> str:
    """A plan as interchange format v1 JSON, as `backsafe fix` writes it."""
    return json.dumps(dump_plan(plan), indent=2, ensure_ascii=False) + "\n"


def _amount(block: Block) -> str:
    amount = f"{block.reps}" if block.reps is not None else f"{block.duration_s:g} s"
    text = f"{block.sets} x {amount}"
    if block.load_kg is not None:
        text += f" @ {block.load_kg:g} kg"
    if block.rpe is not None:
        text += f", RPE {block.rpe:g}"
    if block.range_of_motion is not None:
        text += f", {block.range_of_motion} range"
    if block.cues:
        text += f", cues: {', '.join(block.cues)}"
    return text


def plan_outline(plan: Plan) -> list[str]:
    """A plan one line per block, for reading and diffing: sessions named by their day."""
    lines = [f"plan: {plan.name or '(unnamed)'}"]
    for number, week in enumerate(plan.weeks, 1):
        lines.append(f"week {number}")
        for session in sorted(week.sessions, key=lambda s: s.day):
            name = f" {session.name}" if session.name else ""
            lines.append(f"  day {session.day}:{name}")
            for part in Part:
                for index, block in enumerate(getattr(session, part.value), 1):
                    label = _PART_NAMES[part]
                    lines.append(f"    {label} {index}: {block.exercise}, {_amount(block)}")
    return lines


def plan_diff(before: Plan, after: Plan, *, name: str = "plan") -> str:
    """A unified diff of the plan's outline before and after (empty when unchanged).

    One line per block (exercise, sets x reps or duration, load, RPE, range of motion,
    cues), sessions named by their day, so that each change reads as a line.
    """
    return "".join(
        f"{line}\n"
        for line in difflib.unified_diff(
            plan_outline(before),
            plan_outline(after),
            fromfile=f"{name} (as read)",
            tofile=f"{name} (repaired)",
            lineterm="",
        )
    )
