"""Addressable suggestions: the engine completes what a rule leaves out of a suggestion.

After the session, week and plan rules have run, the engine fills in, for the findings
they reported:

- the dose of each exercise an ``add-exercise``, ``add-warm-up`` or ``add-cool-down``
  suggestion adds, from the packs' dose tables (`Library.dose_for`);
- the session a week's ``add-exercise`` goes to: the week's first glute session (else its
  first session with strength work, else its first session);
- the day a ``move-session`` suggestion moves its session to, from the schedule of the
  whole plan (`backsafe.engine._schedule`), so that every move of a report fits the
  others; when the week cannot hold the session's glute work, the suggestion says which
  session takes it instead.

Block findings are left as the rules make them: their suggestions apply at the finding's
own location (`Finding.target_of`). Only findings reported after the walk are visited, so
the cost is a few findings per check.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import attrs

from backsafe.engine._schedule import Slot, WeekSchedule, schedule_week
from backsafe.report import Action, Dose, Finding, Location, Part, Suggestion

if TYPE_CHECKING:
    from backsafe.engine._context import Context
    from backsafe.facts import WeekFacts

__all__ = ["Completer", "address", "completed_by_engine", "target_session"]

_ADDS = frozenset({Action.ADD_EXERCISE, Action.ADD_WARM_UP, Action.ADD_COOL_DOWN})
_COMPLETED = _ADDS | {Action.MOVE_SESSION}


def target_session(week: WeekFacts) -> Location:
    """Where a week's added exercise goes: its first glute session, else a strength one."""
    sessions = week.sessions
    chosen = (
        next((s for s in sessions if s.glute), None)
        or next((s for s in sessions if s.strength), None)
        or (sessions[0] if sessions else None)
    )
    if chosen is None:
        return week.location()
    return Location(week.number, chosen.number, chosen.day, Part.BLOCKS)


def _doses(ctx: Context, ids: tuple[str, ...]) -> tuple[Dose, ...]:
    def make() -> tuple[Dose, ...]:
        found = tuple(d for d in map(ctx.library.dose_for, ids) if d is not None)
        return found if len(found) == len(ids) else ()

    return ctx.remember(("dose", ids), make)


class _Weeks:
    """Each week's glute days, worked out once per check when a move asks for them."""

    __slots__ = ("_found", "weeks")

    def __init__(self, weeks: tuple[WeekFacts, ...]) -> None:
        self.weeks = weeks
        self._found: dict[int, tuple[tuple[tuple[int, bool], ...], int | None, int | None]] = {}

    def __call__(self, number: int) -> tuple[tuple[tuple[int, bool], ...], int | None, int | None]:
        """Week ``number``'s (day, glute) pairs, and its first and last glute days."""
        found = self._found.get(number)
        if found is None:
            days = tuple([(s.session.day, s.glute) for s in self.weeks[number - 1].sessions])
            glute = [day for day, is_glute in days if is_glute]
            found = self._found[number] = (
                days,
                min(glute) if glute else None,
                max(glute) if glute else None,
            )
        return found


def _move(
    ctx: Context, weeks: _Weeks, where: Location | None, suggestion: Suggestion
) -> Suggestion:
    """The move that schedules the week of a finding at ``where`` (a session after a glute day).

    The week is scheduled between its neighbours as they are: the previous week's last
    glute day and the next week's first. (`backsafe.fix` schedules the whole plan, week
    after week, so its moves may differ where one week's change reaches the next.)
    """
    if where is None or where.week is None or where.session is None:
        return suggestion
    number = where.week
    index = where.session - 1
    days = weeks(number)[0]
    last = weeks(number - 1)[2] if number > 1 else None
    next_first = weeks(number + 1)[1] if number < len(weeks.weeks) else None
    key = ("move", number, index, days, last, next_first, suggestion.description)
    return ctx.remember(key, _moved, key, suggestion)


def _moved(key: tuple[Any, ...], suggestion: Suggestion) -> Suggestion:
    """The move of a session, from the memo key of `_move` (which says all it depends on)."""
    _, number, index, days, last, next_first, _ = key
    slots = tuple(Slot(day, glute) for day, glute in days)
    earliest = 1 if last is None else max(1, last + 2 - 7)
    schedule = schedule_week(slots, earliest=earliest, next_first=next_first)
    return _describe(number, index, slots, schedule, suggestion)


def _describe(
    week: int, index: int, slots: tuple[Slot, ...], schedule: WeekSchedule, suggestion: Suggestion
) -> Suggestion:
    """The suggestion for session ``index``: its move or merge, or the other session's."""
    if index not in schedule.moves and index not in schedule.merges:
        # The schedule keeps this session and changes the glute session before it.
        earlier = [i for i, s in enumerate(slots) if s.glute and s.day == slots[index].day - 1]
        if not earlier:
            return suggestion
        index = earlier[0]
    here = Location(week, index + 1, slots[index].day)
    if index in schedule.moves:
        day = schedule.moves[index]
        return attrs.evolve(
            suggestion,
            description=f"Move session {index + 1} of week {week} from day {slots[index].day} "
            f"to day {day}, so that a rest day separates it from the other glute sessions.",
            day=day,
            location=here,
        )
    if index in schedule.merges:
        into = schedule.merges[index]
        return attrs.evolve(
            suggestion,
            description=f"The week cannot hold this glute session with a rest day around it: "
            f"move the glute work of session {index + 1} of week {week} (day "
            f"{slots[index].day}) into session {into + 1} (day {slots[into].day}).",
            location=here,
        )
    return suggestion


def _complete(
    ctx: Context, weeks: _Weeks, location: Location | None, suggestion: Suggestion
) -> Suggestion:
    """``suggestion`` of a finding at ``location``, completed (itself when complete)."""
    action = suggestion.action
    if action is Action.MOVE_SESSION:  # the common case first, by identity (no enum hash)
        return _move(ctx, weeks, location, suggestion) if suggestion.day is None else suggestion
    if action in _ADDS and not suggestion.dose:
        if action is not Action.ADD_EXERCISE:
            ids = suggestion.items
        else:
            ids = () if suggestion.exercise is None else (suggestion.exercise,)
        dose = _doses(ctx, ids) if ids else ()
        if dose:
            suggestion = attrs.evolve(suggestion, dose=dose)
    if action is Action.ADD_EXERCISE:
        where = suggestion.location if suggestion.location is not None else location
        if where is not None and where.week is not None and where.session is None:
            target = target_session(ctx.facts.weeks[where.week - 1])
            suggestion = attrs.evolve(suggestion, location=target)
    return suggestion


def completed_by_engine(actions: tuple[Action, ...]) -> bool:
    """Whether suggestions of ``actions`` may need completing (`address` visits them)."""
    return any(action in _COMPLETED for action in actions)


def address(ctx: Context, start: int, codes: frozenset[str]) -> None:
    """Complete the suggestions of the findings from ``ctx.findings[start]`` on.

    ``codes`` are the rules whose declared actions may need completing; the findings of
    other rules are passed over.
    """
    findings = ctx.findings
    weeks = _Weeks(ctx.facts.weeks)
    for index in range(start, len(findings)):
        finding = findings[index]
        if finding.code not in codes or not finding.suggestions:
            continue
        suggestions = finding.suggestions
        where = finding.location
        completed = tuple([_complete(ctx, weeks, where, s) for s in suggestions])
        # _complete returns a suggestion it leaves alone as it is.
        if any(map(operator.is_not, completed, suggestions)):
            findings[index] = Finding(
                finding.code,
                finding.rule,
                finding.pack,
                finding.level,
                finding.topic,
                finding.message,
                finding.location,
                finding.references,
                completed,
            )


class Completer:
    """Completes the suggestions of findings as the rules report them (`Context.report`).

    What `address` does after the rules have run, done as each finding is reported, so
    that a finding is made once, complete. A check that may stop early (``stop_at``)
    completes nothing, as `address` is then never reached when it stops.
    """

    __slots__ = ("_weeks", "codes")

    def __init__(self, codes: frozenset[str]) -> None:
        self.codes = codes
        self._weeks: _Weeks | None = None

    def __call__(
        self,
        ctx: Context,
        code: str,
        location: Location | None,
        suggestions: tuple[Suggestion, ...],
    ) -> tuple[Suggestion, ...]:
        """``suggestions`` of a finding of rule ``code`` at ``location``, completed."""
        if code not in self.codes:
            return suggestions
        weeks = self._weeks
        if weeks is None:
            weeks = self._weeks = _Weeks(ctx.facts.weeks)
        completed = tuple([_complete(ctx, weeks, location, s) for s in suggestions])
        # _complete returns a suggestion it leaves alone as it is.
        return completed if any(map(operator.is_not, completed, suggestions)) else suggestions
