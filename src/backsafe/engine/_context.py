"""The state of one check: inputs, facts, findings so far, and where the walk is."""

from __future__ import annotations

import traceback
from collections.abc import Hashable, Iterable
from typing import Any

from backsafe._facts import PlanFacts, ProfileFacts, Triage
from backsafe.engine._library import Library
from backsafe.engine._rule import Rule
from backsafe.model import Plan, Profile, Symptom
from backsafe.report import CheckError, Finding, Level, Location, Part, Suggestion

__all__ = ["MAX_FINDINGS_PER_RULE", "Context"]

#: The most findings one rule lists in a report; past this, one finding of the rule's
#: level says how many more there were. A plan that is wrong on every one of its hundreds
#: of thousands of blocks is then reported in seconds, and its verdict is the same.
MAX_FINDINGS_PER_RULE = 1000


class Context:
    """Passed to every check: read the inputs and facts, `report` findings.

    While the engine walks the plan, ``week``, ``session``, ``day``, ``part``, ``block``
    and ``exercise_id`` say where it is, and `here` turns that into a `Location`.
    """

    __slots__ = (
        "_crashed",
        "_listed",
        "_unlisted",
        "block",
        "day",
        "errors",
        "exercise_id",
        "facts",
        "findings",
        "library",
        "part",
        "per_check",
        "plan",
        "profile",
        "profile_facts",
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
    ) -> None:
        self.plan = plan
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
        self._unlisted: dict[str, tuple[Rule, int, Location | None]] = {}
        #: State a check keeps for the length of one check (a budget, say), under a key
        #: of its choosing (its rule's code).
        self.per_check: dict[Hashable, Any] = {}
        self.week = self.session = self.day = self.block = 0
        self.part = Part.BLOCKS
        self.exercise_id = ""

    def here(self) -> Location:
        """The location of the block the walk is at."""
        return Location(self.week, self.session, self.day, self.part, self.block, self.exercise_id)

    def report(
        self,
        rule: Rule,
        message: str,
        location: Location | None = None,
        suggestions: Iterable[Suggestion] = (),
    ) -> None:
        """Record a finding of ``rule`` (see `MAX_FINDINGS_PER_RULE`)."""
        listed = self._listed.get(rule.code, 0)
        if listed >= MAX_FINDINGS_PER_RULE:
            unlisted = self._unlisted.get(rule.code)
            if unlisted is None:
                self._unlisted[rule.code] = (rule, 1, location)
            else:
                self._unlisted[rule.code] = (rule, unlisted[1] + 1, unlisted[2])
            return
        self._listed[rule.code] = listed + 1
        self.findings.append(
            Finding(
                rule.code,
                rule.name,
                rule.pack,
                rule.level,
                rule.topic,
                message,
                location,
                rule.references,
                tuple(suggestions),
            )
        )

    def full(self, rule: Rule) -> bool:
        """Whether `report` now only counts the findings of ``rule``.

        True once the rule has listed all the findings it may, and the first one left
        out (whose location the summary gives) has been reported: a check may then skip
        building the message and location of a finding.
        """
        return rule.code in self._unlisted

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

    def unlisted(self) -> list[Finding]:
        """One finding per rule that found more than it may list, saying how many more.

        It is located where the first finding left out would have been.
        """
        return [
            Finding(
                rule.code,
                rule.name,
                rule.pack,
                rule.level,
                rule.topic,
                f"{rule.code} found this {count} more time{'s' if count != 1 else ''} from"
                f" here on, not listed: a report lists at most {MAX_FINDINGS_PER_RULE}"
                " findings of one rule.",
                location,
                rule.references,
            )
            for rule, count, location in self._unlisted.values()
        ]
