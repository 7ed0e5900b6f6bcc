"""What a check returns: levels, findings and their locations, suggestions, the report.

These classes are plain data; the engine makes them and the outputs render them.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from itertools import chain

import attrs

from backsafe._choice import Choice
from backsafe.model import Block, Plan, RangeOfMotion, Session, Week

__all__ = [
    "ACTION_SAFETY",
    "Action",
    "CheckError",
    "Dose",
    "Finding",
    "Level",
    "Location",
    "Override",
    "PackInfo",
    "Part",
    "Reference",
    "Report",
    "Safety",
    "Suggestion",
    "one_voice",
]


class Level(Choice):
    """The one ordered scale of findings and verdicts (a contract).

    ``info < caution < modify < stop < refer < urgent``. ``ok`` is below them all and is
    only ever a report's verdict: the verdict is ``ok`` when no finding is above ``info``,
    otherwise the highest level found.
    """

    OK = "ok"
    INFO = "info"
    CAUTION = "caution"
    MODIFY = "modify"
    STOP = "stop"
    REFER = "refer"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """Position on the scale: ``ok`` is 0, ``urgent`` is 6."""
        return _RANK[self]

    # Levels are strings too, so a comparison with a plain string must not fall back to
    # alphabetical order: the string is read as a level, or the comparison refused.
    def __lt__(self, other: object) -> bool:
        return _RANK[self] < _RANK[_level(other)]

    def __le__(self, other: object) -> bool:
        return _RANK[self] <= _RANK[_level(other)]

    def __gt__(self, other: object) -> bool:
        return _RANK[self] > _RANK[_level(other)]

    def __ge__(self, other: object) -> bool:
        return _RANK[self] >= _RANK[_level(other)]

    __hash__ = Choice.__hash__


_RANK = {level: rank for rank, level in enumerate(Level)}


def _level(other: object) -> Level:
    if isinstance(other, Level):
        return other
    if isinstance(other, str) and other in Level._value2member_map_:
        return Level(other)
    raise TypeError(f"cannot compare a Level with {other!r}; levels are {', '.join(Level)}")


class Part(Choice):
    """The part of a session a block is in."""

    WARM_UP = "warm_up"
    BLOCKS = "blocks"
    COOL_DOWN = "cool_down"


class Safety(Choice):
    """How safely a suggestion can be applied, as ruff's fixes are.

    ``safe`` adds something (a cue, a warm-up, a cool-down) without changing the training;
    ``unsafe`` changes load, volume, exercise choice or schedule. `backsafe.fix` applies
    both by default, because it exists to make plans safer, and only safe ones when asked
    (``safe_only=True``, ``backsafe fix --safe-only``). ``display-only`` is advice for a
    person (rest, ice, see a professional, "did you mean"), which ``fix`` never applies.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


class Action(Choice):
    """What a suggestion proposes.

    - ``replace-exercise``: use ``exercise`` instead of the block's exercise (keeping its
      sets and reps or duration). A finding's replacements are alternatives, best first.
    - ``add-cue``: add ``cue`` to the block.
    - ``set-range-of-motion``: use ``range_of_motion`` for the block.
    - ``add-warm-up``, ``add-cool-down``: add ``items`` to the session's warm-up or
      cool-down, each with its ``dose``.
    - ``add-exercise``: add ``exercise``, with its ``dose``, to the session at the
      suggestion's ``location``. A finding's additions address it together.
    - ``limit-load``: use at most ``load_kg`` for the exercise that week.
    - ``move-session``: move the session to ``day``.
    - ``remove-session``: take glute work out of sessions the week cannot hold (merging
      it into the others), or the session itself when nothing is left.
    - ``remove-block``: leave the block out (while the pain it aggravates lasts).
    - ``advice``: advice for a person, never applied to a plan.
    """

    REPLACE_EXERCISE = "replace-exercise"
    ADD_CUE = "add-cue"
    SET_RANGE_OF_MOTION = "set-range-of-motion"
    ADD_WARM_UP = "add-warm-up"
    ADD_COOL_DOWN = "add-cool-down"
    ADD_EXERCISE = "add-exercise"
    LIMIT_LOAD = "limit-load"
    MOVE_SESSION = "move-session"
    REMOVE_SESSION = "remove-session"
    REMOVE_BLOCK = "remove-block"
    ADVICE = "advice"


#: The safety of each action, as ruff classes its fixes: adding a cue, a warm-up or a
#: cool-down changes no training and is ``safe``; changing load, volume, exercise choice,
#: range of motion or schedule is ``unsafe``; advice is ``display-only``. A suggestion
#: has its action's safety, or is ``display-only`` (shown, never applied).
ACTION_SAFETY: Mapping[Action, Safety] = {
    Action.ADD_CUE: Safety.SAFE,
    Action.ADD_WARM_UP: Safety.SAFE,
    Action.ADD_COOL_DOWN: Safety.SAFE,
    Action.REPLACE_EXERCISE: Safety.UNSAFE,
    Action.SET_RANGE_OF_MOTION: Safety.UNSAFE,
    Action.ADD_EXERCISE: Safety.UNSAFE,
    Action.LIMIT_LOAD: Safety.UNSAFE,
    Action.MOVE_SESSION: Safety.UNSAFE,
    Action.REMOVE_SESSION: Safety.UNSAFE,
    Action.REMOVE_BLOCK: Safety.UNSAFE,
    Action.ADVICE: Safety.DISPLAY_ONLY,
}


@attrs.frozen
class Reference:
    """A source a rule relies on: the guide (with its section) or a clinical source."""

    id: str
    title: str
    url: str | None = None
    section: str | None = None

    def at(self, section: str | None) -> Reference:
        """The same source, pointing at ``section``."""
        return attrs.evolve(self, section=section)


@attrs.frozen
class Location:
    """Where in a plan a finding is: 1-based week, session and block numbers.

    ``session`` counts the week's sessions in order (its ``day`` is given too); ``block``
    counts within ``part``. A field is ``None`` when the finding concerns a larger unit
    (a whole week, say); a finding about the symptoms or profile has no location.
    """

    week: int | None = None
    session: int | None = None
    day: int | None = None
    part: Part | None = None
    block: int | None = None
    exercise: str | None = None

    def sort_key(self) -> tuple[int, int, int, int]:
        """Document order: week, session, part, block (a missing part sorts first)."""
        part = -1 if self.part is None else _PART_ORDER[self.part]
        return (self.week or 0, self.session or 0, part, self.block or 0)

    def find(self, plan: Plan) -> Week | Session | Block | None:
        """What this location points at in ``plan``: a block, a session or a week.

        The most precise unit the location names: the block when ``part`` and ``block``
        are given, else the session, else the week. ``None`` when the plan has no such
        unit (or the location names no week).
        """
        if self.week is None or not 1 <= self.week <= len(plan.weeks):
            return None
        week = plan.weeks[self.week - 1]
        if self.session is None:
            return week
        if not 1 <= self.session <= len(week.sessions):
            return None
        session = week.sessions[self.session - 1]
        if self.part is None or self.block is None:
            return session
        blocks: tuple[Block, ...] = getattr(session, self.part.value)
        return blocks[self.block - 1] if 1 <= self.block <= len(blocks) else None


_PART_ORDER = {Part.WARM_UP: 0, Part.BLOCKS: 1, Part.COOL_DOWN: 2}


@attrs.frozen
class Dose:
    """How much of an exercise: ``sets`` of ``reps`` or of ``duration_s``, at ``load_kg``.

    The dose of an exercise a suggestion adds; the packs' dose tables
    (``rules/doses.toml``) give each exercise's default. ``load_kg`` is ``None`` when no
    load is known (body weight, or a load to choose).
    """

    exercise: str
    sets: int
    reps: int | None = None
    duration_s: float | None = None
    load_kg: float | None = None

    def block(self) -> Block:
        """The block this dose describes."""
        return Block(
            exercise=self.exercise,
            sets=self.sets,
            reps=self.reps,
            duration_s=self.duration_s,
            load_kg=self.load_kg,
        )


@attrs.frozen
class Suggestion:
    """A machine-readable change that would address a finding.

    ``action`` says what to do (see `Action`); the fields it needs are set: ``exercise``
    (the catalog id of a replacement, or of an exercise to add), ``cue``, ``items``
    (catalog ids for a warm-up or cool-down), ``dose`` (the dose of each exercise to add,
    in the order of ``exercise`` or ``items``), ``load_kg`` (a load not to exceed),
    ``range_of_motion``, ``day`` (where to move a session). ``location`` is where to
    apply it; ``None`` means the finding's own location (see `Finding.target_of`). The
    engine fills in the target session of a week's additions, the day of a move, and the
    dose of an exercise to add, when the rule gives none. ``up_to`` is set on advice
    meant for milder levels: the highest verdict it is given under (a report whose
    verdict is higher leaves it out, see `one_voice`); ``None`` means any verdict.
    """

    action: Action
    safety: Safety
    description: str
    exercise: str | None = None
    cue: str | None = None
    items: tuple[str, ...] = ()
    load_kg: float | None = None
    range_of_motion: RangeOfMotion | None = None
    day: int | None = None
    location: Location | None = None
    up_to: Level | None = None
    dose: tuple[Dose, ...] = ()


@attrs.frozen
class Finding:
    """One thing a rule found: its code, level, topic, message, location and sources."""

    code: str
    rule: str
    pack: str
    level: Level
    topic: str
    message: str
    location: Location | None = None
    references: tuple[Reference, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def sort_key(self) -> tuple[tuple[int, int, int, int], int, str, str]:
        """Findings are ordered by location, then code (then message, for ties).

        Findings with no location (about the symptoms or the profile) come first, the
        most severe first: the top action leads the report.
        """
        if self.location is None:
            return (_NOWHERE, -self.level.rank, self.code, self.message)
        return (self.location.sort_key(), 0, self.code, self.message)

    def target_of(self, suggestion: Suggestion) -> Location | None:
        """Where ``suggestion`` applies: its own ``location``, else this finding's."""
        return suggestion.location if suggestion.location is not None else self.location


_NOWHERE = (0, 0, -2, 0)


@attrs.frozen
class CheckError:
    """Why a check is incomplete: a rule that crashed or a pack that failed to load."""

    kind: str
    message: str
    pack: str | None = None
    code: str | None = None


@attrs.frozen
class Override:
    """A change a pack makes to another pack's rule, recorded so that an auditor sees it.

    ``option`` is the rule option changed, or ``"level"``; ``before`` and ``after`` are
    its values as the packs' data give them. ``reason`` is the overriding pack's own.
    """

    pack: str
    rule: str
    option: str
    before: object
    after: object
    reason: str = ""


@attrs.frozen
class PackInfo:
    """A rule pack that took part in a check, where it came from, and what it overrides.

    ``distribution`` and ``entry_point`` name where an installed pack comes from;
    ``path`` the directory of a pack loaded from one (``--pack``).
    """

    name: str
    version: str
    prefix: str
    distribution: str | None = None
    entry_point: str | None = None
    path: str | None = None
    overrides: tuple[Override, ...] = ()


def _highest(findings: Sequence[Finding]) -> Level:
    # The levels found, by identity (an enum's hash and comparisons are Python code), so
    # that a report of hundreds of findings makes no Level comparison.
    found = set(map(id, map(_LEVEL_OF, findings)))
    if found <= _LEVEL_IDS:
        highest = _LEVEL_OF_RANK[max(map(_RANK_OF_ID.__getitem__, found), default=0)]
        return Level.OK if highest is Level.INFO else highest
    highest = Level.OK  # a level that is not a Level member (a finding made by hand)
    for finding in findings:
        highest = max(highest, finding.level)
    return Level.OK if highest is Level.INFO else highest


_LEVEL_OF = operator.attrgetter("level")
_RANK_OF_ID = {id(level): rank for level, rank in _RANK.items()}
_LEVEL_IDS = frozenset(_RANK_OF_ID)
_LEVEL_OF_RANK = tuple(Level)


def one_voice(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The findings, with the advice that contradicts their verdict left out.

    A report speaks with one voice: when a finding sends the person to a professional
    (``refer``) or to urgent care (``urgent``), advice meant for milder levels ("you may
    continue with modified exercises", "mild pain usually subsides within a week", ice,
    supplements) is not shown beside it. Each piece of advice says the highest verdict it
    is given under (`Suggestion.up_to`); advice above the verdict's level is removed, and
    advice already given by an earlier finding is not repeated, so that in the report's
    order (the most severe symptom finding first) the top action comes first. Other
    suggestions are kept. The engine applies this when it builds a report, so every
    output format shows the same advice.
    """
    # Only findings whose suggestions give advice can change. Findings share their
    # suggestions (a rule's memo): each distinct tuple is looked at once, by identity.
    offered = list(map(_SUGGESTIONS_OF, findings))
    if _ADVICE not in map(_ACTION_OF, chain.from_iterable(offered)):  # the common case
        return tuple(findings)
    distinct = dict(zip(map(id, offered), offered, strict=True))
    advising = {key for key, found in distinct.items() if _gives_advice(found)}
    verdict = _highest(findings)
    seen: set[str] = set()
    kept = list(findings)
    for index, key in enumerate(map(id, offered)):
        if key not in advising:
            continue
        finding = findings[index]
        suggestions = []
        for suggestion in finding.suggestions:
            if suggestion.action is _ADVICE:
                if suggestion.up_to is not None and verdict > suggestion.up_to:
                    continue
                if suggestion.description in seen:
                    continue
                seen.add(suggestion.description)
            suggestions.append(suggestion)
        if len(suggestions) != len(finding.suggestions):
            kept[index] = attrs.evolve(finding, suggestions=tuple(suggestions))
    return tuple(kept)


_ADVICE = Action.ADVICE
_SUGGESTIONS_OF = operator.attrgetter("suggestions")
_ACTION_OF = operator.attrgetter("action")


def _gives_advice(suggestions: tuple[Suggestion, ...]) -> bool:
    # May be true of an action that only equals "advice": one_voice then changes nothing.
    return _ADVICE in map(_ACTION_OF, suggestions)


def _verdict(findings: Sequence[Finding], errors: tuple[CheckError, ...]) -> Level:
    highest = _highest(findings)
    if errors and highest < Level.CAUTION:
        # Fail closed: an incomplete check is never "ok".
        highest = Level.CAUTION
    return highest


@attrs.frozen
class Report:
    """The result of a check.

    ``verdict`` is ``Level.OK`` when no finding is above ``info`` and the check is
    complete, otherwise the highest level found (at least ``caution`` when ``errors``
    says the check is incomplete). ``findings`` are in location order, then by code.

    ``stopped_at`` is set when the check was asked to stop at the first finding at or
    above a level (``Checker.check(..., stop_at=...)``) and did: the verdict is then at
    least that level, but findings (and a higher verdict) may be missing.
    """

    findings: tuple[Finding, ...] = ()
    errors: tuple[CheckError, ...] = ()
    packs: tuple[PackInfo, ...] = ()
    stopped_at: Level | None = None
    verdict: Level = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "verdict", _verdict(self.findings, self.errors))

    @property
    def ok(self) -> bool:
        """Whether the verdict is ``ok``."""
        return self.verdict is Level.OK

    @property
    def complete(self) -> bool:
        """Whether no rule crashed and every pack loaded (see also ``stopped_at``)."""
        return not self.errors

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes found, sorted, each once."""
        return tuple(sorted({finding.code for finding in self.findings}))

    def at_least(self, level: Level) -> tuple[Finding, ...]:
        """The findings at ``level`` or above."""
        return tuple(f for f in self.findings if f.level >= level)
