"""The state of one check: inputs, facts, findings so far, and where the walk is."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Hashable, Iterable, MutableMapping
from typing import TYPE_CHECKING, Any, TypeVar

from backsafe.engine._library import Library
from backsafe.engine._rule import Rule
from backsafe.facts import PlanFacts, ProfileFacts, Triage
from backsafe.model import Plan, Profile, Symptom
from backsafe.report import CheckError, Finding, Level, Location, Part, Suggestion

if TYPE_CHECKING:
    from backsafe.adapters import InputNote
    from backsafe.engine._address import Completer

__all__ = ["MAX_FINDINGS_PER_RULE", "Context", "StopCheck"]

#: The most findings one rule lists in a report; past this, one finding says how many more
#: there were, at the highest level among them. A plan that is wrong on every one of its
#: hundreds of thousands of blocks is then reported in seconds, and its verdict is the same.
MAX_FINDINGS_PER_RULE = 1000

T = TypeVar("T")


class StopCheck(BaseException):
    """A finding reached the level a check was asked to stop at (``stop_at``).

    A ``BaseException``, so that the engine's fail-closed handling of a rule that raises
    does not take it for a crash.
    """


#: Entries a checker's memo holds before it starts afresh.
MEMO_LIMIT = 1 << 13
#: Block locations a checker keeps (`Context.here`) before it starts afresh.
LOCATIONS_LIMIT = 1 << 14


class _Unlisted:
    """The findings of one rule past the ones a report lists."""

    __slots__ = ("count", "level", "location", "rule")

    def __init__(self, rule: Rule, count: int, level: Level, location: Location | None) -> None:
        self.rule = rule
        self.count = count
        self.level = level
        self.location = location


class Context:
    """Passed to every check: read the inputs and facts, `report` findings.

    ``profile_facts`` and ``triage`` are ready from the start; ``facts`` (the plan's
    `backsafe.facts.PlanFacts`) once the walk is done, so session, week and plan checks
    read them and block checks do not. ``notes`` are what an adapter assumed, converted or
    could not read while reading the plan (`backsafe.adapters.InputNote`); the
    ``input-notes`` rule kind reports them. While the engine walks the plan, ``week``,
    ``session``, ``day``, ``part``, ``block`` and ``exercise_id`` say where it is, and
    `here` turns that into a `Location`. ``screens`` are the active block rules that
    screen substitutes (`backsafe.engine.BlockCheck.screens_substitutes`): a rule never
    suggests a substitute one of them would report for this person.
    """

    __slots__ = (
        "_completing",
        "_crashed",
        "_listed",
        "_locations",
        "_memo",
        "_stop",
        "_unlisted",
        "block",
        "day",
        "errors",
        "exercise_id",
        "facts",
        "findings",
        "library",
        "notes",
        "part",
        "per_check",
        "plan",
        "profile",
        "profile_facts",
        "screens",
        "session",
        "symptoms",
        "triage",
        "week",
    )

    def __init__(
        self,
        plan: Plan,
        profile: Profile | None,
        symptoms: tuple[Symptom, ...],
        library: Library,
        *,
        memo: MutableMapping[Hashable, Any] | None = None,
        notes: tuple[InputNote, ...] = (),
        stop_at: Level | None = None,
        locations: MutableMapping[Hashable, Location] | None = None,
    ) -> None:
        self.plan = plan
        self.notes = notes
        self.profile = profile
        self.symptoms = symptoms
        self.library = library
        self.profile_facts = ProfileFacts.of(profile)
        self.triage = Triage(symptoms)
        self.facts = PlanFacts(plan)
        self.findings: list[Finding] = []
        self.errors: list[CheckError] = []
        self._crashed: set[str] = set()
        self._listed: dict[str, int] = {}
        self._unlisted: dict[str, _Unlisted] = {}
        #: State a check keeps for the length of one check (a budget, say), under a key
        #: of its choosing (its rule's code).
        self.per_check: dict[Hashable, Any] = {}
        self._memo: MutableMapping[Hashable, Any] = {} if memo is None else memo
        self._locations: MutableMapping[Hashable, Location] = {} if locations is None else locations
        self._stop = None if stop_at is None else stop_at.rank
        self.week = self.session = self.day = self.block = 0
        self.part = Part.BLOCKS
        self.exercise_id = ""
        self.screens: tuple[Rule, ...] = ()
        # Set by the checker once the walk is done: completes what rules leave out of
        # their suggestions (`backsafe.engine._address.Completer`).
        self._completing: Completer | None = None

    def here(self) -> Location:
        """The location of the block the walk is at."""
        # Locations are values: the checker keeps the ones it made, and a generator's plans
        # have their findings at the same places again and again.
        key = (self.week, self.session, self.day, id(self.part), self.block, self.exercise_id)
        locations = self._locations
        found = locations.get(key)
        if found is None:
            if len(locations) >= LOCATIONS_LIMIT:
                locations.clear()
            found = locations[key] = Location(
                self.week, self.session, self.day, self.part, self.block, self.exercise_id
            )
        return found

    def remember(self, key: Hashable, make: Callable[..., T], *args: Any) -> T:
        """The value for ``key``, made by ``make(*args)`` only the first time it is asked for.

        The memo belongs to the checker and so to its library: a generator checking many
        plans meets the same exercise in the same circumstances again and again, and a
        check keeps the cost of a finding to its location. ``key`` must hold everything
        the value depends on besides the checker's library (the rule's code, the
        exercise, the relevant profile facts). Passing ``make``'s arguments as ``args``,
        rather than a closure, costs nothing when the value is remembered.
        """
        memo = self._memo
        try:
            value: T = memo[key]
        except KeyError:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            value = memo[key] = make(*args)
        return value

    def report(
        self,
        rule: Rule,
        message: str,
        location: Location | None = None,
        suggestions: Iterable[Suggestion] = (),
        *,
        level: Level | None = None,
    ) -> None:
        """Record a finding of ``rule``, at the rule's level unless ``level`` is higher.

        Past `MAX_FINDINGS_PER_RULE` findings of the rule, the finding is only counted.
        """
        found = rule.level if level is None else max(rule.level, level)
        listed = self._listed.get(rule.code, 0)
        if listed >= MAX_FINDINGS_PER_RULE:
            unlisted = self._unlisted.get(rule.code)
            if unlisted is None:
                self._unlisted[rule.code] = _Unlisted(rule, 1, found, location)
            else:
                unlisted.count += 1
                unlisted.level = max(unlisted.level, found)
            if self._stop is not None and found.rank >= self._stop:
                raise StopCheck
            return
        self._listed[rule.code] = listed + 1
        suggestions = tuple(suggestions)
        if self._completing is not None and suggestions:
            suggestions = self._completing(self, rule.code, location, suggestions)
        self.findings.append(
            Finding(
                rule.code,
                rule.name,
                rule.pack,
                found,
                rule.topic,
                message,
                location,
                rule.references,
                suggestions,
            )
        )
        if self._stop is not None and found.rank >= self._stop:
            raise StopCheck

    def full(self, rule: Rule) -> bool:
        """Whether `report` now only counts the findings of ``rule``.

        True once the rule has listed all the findings it may, and the first one left
        out (whose location the summary gives) has been reported: a check may then skip
        building the message and location of a finding (its level still counts).
        """
        return rule.code in self._unlisted

    def unlisted(self) -> list[Finding]:
        """One finding per rule that found more than it may list, saying how many more.

        It has the highest level of the findings it stands for, and is located where the
        first of them would have been.
        """
        return [
            Finding(
                left.rule.code,
                left.rule.name,
                left.rule.pack,
                left.level,
                left.rule.topic,
                f"{left.rule.code} found this {left.count} more"
                f" time{'s' if left.count != 1 else ''} from here on, not listed: a report"
                f" lists at most {MAX_FINDINGS_PER_RULE} findings of one rule.",
                left.location,
                left.rule.references,
            )
            for left in self._unlisted.values()
        ]

    def crashed(self, rule: Rule, error: BaseException, location: Location | None) -> None:
        """Record that ``rule`` raised: an internal-error finding and a report error.

        The finding has the rule's own level (at least ``caution``): a check that could
        not run is taken to have found what it looks for. Only the first crash of a rule
        is recorded.
        """
        if rule.code in self._crashed:
            return
        self._crashed.add(rule.code)
        what = f"{type(error).__name__}: {error}"
        frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
        where = f" ({frame[0].filename}:{frame[0].lineno})" if frame else ""
        self.errors.append(
            CheckError("rule-crashed", f"{rule.code} raised {what}{where}", rule.pack, rule.code)
        )
        self.findings.append(
            Finding(
                rule.code,
                rule.name,
                rule.pack,
                max(rule.level, Level.CAUTION),
                "internal-error",
                f"Rule {rule.code} ({rule.name}) could not run ({what}), so this check is "
                f"incomplete; treat it as if the rule had found what it looks for: "
                f"{rule.summary}",
                location,
                rule.references,
            )
        )
        if self._stop is not None and max(rule.level, Level.CAUTION).rank >= self._stop:
            raise StopCheck
