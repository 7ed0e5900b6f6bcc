"""Comparing the reports of a plan before and after fix: what is new, what is worse."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from backsafe.report import Finding, Level, Report

__all__ = ["Signature", "new_findings", "signature", "worse"]


@attrs.frozen
class Signature:
    """What a finding is about, in terms that survive fix's edits.

    Its code, its week and its exercise (for a block finding). Fix moves blocks between
    the sessions of a week and sessions between days, and removes emptied sessions, so
    session and block numbers are not compared.
    """

    code: str
    week: int | None
    exercise: str | None


def signature(finding: Finding) -> Signature:
    """The `Signature` of ``finding``."""
    where = finding.location
    if where is None:
        return Signature(finding.code, None, None)
    exercise = where.exercise if where.block is not None else None
    return Signature(finding.code, where.week, exercise)


def new_findings(before: Report, after: Report, above: Level = Level.INFO) -> list[Finding]:
    """The findings of ``after`` above ``above`` whose signature ``before`` does not have."""
    known = {signature(f) for f in before.findings}
    return [f for f in after.findings if f.level > above and signature(f) not in known]


def worse(before: Report, after: Report) -> list[Finding]:
    """Why ``after`` is worse than ``before`` (empty: it is not).

    New findings above info; findings of a rule that crashed (a check that became
    incomplete); and, when the verdict is higher, the findings above the old verdict
    whose signature had a lower level before.
    """
    found = new_findings(before, after)
    if len(after.errors) > len(before.errors):
        found += [f for f in after.findings if f.topic == "internal-error" and f not in found]
    if after.verdict > before.verdict:
        levels = _highest(before.findings)
        found += [
            f
            for f in after.findings
            if f.level > before.verdict
            and f.level > levels.get(signature(f), Level.OK)
            and f not in found
        ]
    return found


def _highest(findings: Iterable[Finding]) -> dict[Signature, Level]:
    levels: dict[Signature, Level] = {}
    for finding in findings:
        key = signature(finding)
        levels[key] = max(levels.get(key, Level.OK), finding.level)
    return levels
