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

__all__ = ["Context", "StopCheck"]

T = TypeVar("T")


class StopCheck(BaseException):
    """A finding reached the level a check was asked to stop at (``stop_at``).

    A ``BaseException``, so that the engine's fail-closed handling of a rule that raises
    does not take it for a crash.
    """


#: Entries a checker's memo holds before it starts afresh.
MEMO_LIMIT = 1 << 13


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
        "_crashed",
        "_memo",
        "_stop",
        "block",
        "day",
        "errors",
        "exercise_id",
        "facts",
        "findings",
        "library",
        "notes",
        "part",
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
        self._memo: MutableMapping[Hashable, Any] = {} if memo is None else memo
        self._stop = None if stop_at is None else stop_at.rank
        self.week = self.session = self.day = self.block = 0
        self.part = Part.BLOCKS
        self.exercise_id = ""
        self.screens: tuple[Rule, ...] = ()

    def here(self) -> Location:
        """The location of the block the walk is at."""
        return Location(self.week, self.session, self.day, self.part, self.block, self.exercise_id)

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for ``key``, made by ``make`` only the first time it is asked for.

        The memo belongs to the checker and so to its library: a generator checking many
        plans meets the same exercise in the same circumstances again and again, and a
        check keeps the cost of a finding to its location. ``key`` must hold everything
        the value depends on besides the checker's library (the rule's code, the
        exercise, the relevant profile facts).
        """
        memo = self._memo
        try:
            value: T = memo[key]
        except KeyError:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            value = memo[key] = make()
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
        """Record a finding of ``rule``, at the rule's level unless ``level`` is higher."""
        found = rule.level if level is None else max(rule.level, level)
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
                tuple(suggestions),
            )
        )
        if self._stop is not None and found.rank >= self._stop:
            raise StopCheck

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
