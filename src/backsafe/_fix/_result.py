"""What `backsafe.fix` returns: the repaired plan, the edits, what it could not resolve."""

from __future__ import annotations

import attrs

from backsafe.model import Plan
from backsafe.report import Action, Finding, Level, Location, Report, Safety

__all__ = ["Edit", "FixResult", "Unresolved"]


@attrs.frozen
class Edit:
    """One change `backsafe.fix` made to a plan, and why.

    ``code`` is the code of the finding that caused it; ``action`` and ``safety`` say what
    kind of change it is (ruff's fix safety: ``safe`` adds a cue, a warm-up or a
    cool-down; ``unsafe`` changes load, volume, exercise choice or schedule). ``target``
    is where it applied, in the plan as it stood when it was applied (fix works in
    rounds; a later round may have moved or merged sessions). ``description`` says what
    changed, in words.
    """

    code: str
    action: Action
    safety: Safety
    target: Location
    description: str


@attrs.frozen
class Unresolved:
    """A finding of the repaired plan above ``info``, and why `backsafe.fix` left it."""

    finding: Finding
    reason: str


@attrs.frozen
class FixResult:
    """The result of `backsafe.fix`.

    ``plan`` is the repaired plan (the plan as given when nothing could be improved);
    ``edits`` the changes made, in the order they were applied; ``unresolved`` the
    findings of the repaired plan above ``info``, each with the reason fix left it;
    ``report`` the check of the repaired plan, and ``before`` the check of the plan as
    given.
    """

    plan: Plan
    edits: tuple[Edit, ...]
    unresolved: tuple[Unresolved, ...]
    report: Report
    before: Report

    @property
    def changed(self) -> bool:
        """Whether fix changed the plan."""
        return bool(self.edits)

    @property
    def verdict(self) -> Level:
        """The verdict of the repaired plan."""
        return self.report.verdict
