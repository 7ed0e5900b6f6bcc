"""The properties `backsafe.fix` keeps, as reusable checks for property-based tests.

Each function takes a plan, a profile and symptoms (and optionally the checker and the
`FixResult` already computed), checks one property, and raises `AssertionError` with a
readable account of what broke; it returns the fix result so checks can be chained.
They are plain functions: call them from a Hypothesis test (backsafe's own suite does,
with at least 1,000 examples each in CI), or from any test of a generator.

- `assert_never_worse`: the repaired plan's verdict is no higher, and no finding above
  ``info`` is new (compared by code, week and exercise: see `Signature`).
- `assert_idempotent`: fixing the repaired plan changes nothing.
- `assert_stable`: the plan's name, metadata and number of weeks are kept, and every
  block no edit touched is kept exactly (in its week).
- `assert_closed`: a plan whose findings all come from the plan itself (each has a
  location) is repaired to ``caution`` or better.
- `assert_deterministic`: the same input gives the same repaired plan and edits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from backsafe._api import checker as default_checker
from backsafe._fix._compare import worse
from backsafe._fix._result import FixResult
from backsafe._fix._run import fix
from backsafe.engine import Checker
from backsafe.model import Block, Plan, Profile, Symptom
from backsafe.report import Action, Finding, Level, Location, Part

__all__ = [
    "assert_closed",
    "assert_deterministic",
    "assert_fix_properties",
    "assert_idempotent",
    "assert_never_worse",
    "assert_stable",
]

_SESSION_EDITS = (Action.MOVE_SESSION, Action.REMOVE_SESSION)


def _where(location: Location | None) -> str:
    if location is None or location.week is None:
        return "symptoms/profile"
    text = f"week {location.week}"
    if location.session is not None:
        text += f", session {location.session} (day {location.day})"
    if location.block is not None:
        part = location.part.value if location.part is not None else "blocks"
        text += f", {part} {location.block} ({location.exercise})"
    return text


def _findings(findings: Iterable[Finding]) -> str:
    return "\n".join(
        f"  {f.code} {f.level.value} at {_where(f.location)}: {f.message}" for f in findings
    )


def _edits(result: FixResult) -> str:
    return (
        "\n".join(
            f"  {e.code} {e.safety.value} at {_where(e.target)}: {e.description}"
            for e in result.edits
        )
        or "  (none)"
    )


def _run(
    plan: Plan,
    profile: Profile | None,
    symptoms: Iterable[Symptom],
    checker: Checker | None,
    result: FixResult | None,
    *,
    safe_only: bool,
) -> tuple[Checker, FixResult]:
    rules = checker if checker is not None else default_checker()
    if result is None:
        result = fix(plan, profile, tuple(symptoms), safe_only=safe_only, checker=rules)
    return rules, result


def assert_never_worse(
    plan: Plan,
    profile: Profile | None = None,
    symptoms: Iterable[Symptom] = (),
    *,
    checker: Checker | None = None,
    result: FixResult | None = None,
    safe_only: bool = False,
) -> FixResult:
    """The repaired plan's verdict is no higher, and no finding above ``info`` is new."""
    rules, result = _run(plan, profile, symptoms, checker, result, safe_only=safe_only)
    before = rules.check(plan, profile, tuple(symptoms))
    after = rules.check(result.plan, profile, tuple(symptoms))
    problems = worse(before, after)
    if after.verdict > before.verdict or problems:
        raise AssertionError(
            f"fix made the plan worse: verdict {before.verdict.value} -> "
            f"{after.verdict.value}; new or higher findings:\n{_findings(problems)}\n"
            f"edits:\n{_edits(result)}"
        )
    return result


def assert_idempotent(
    plan: Plan,
    profile: Profile | None = None,
    symptoms: Iterable[Symptom] = (),
    *,
    checker: Checker | None = None,
    result: FixResult | None = None,
    safe_only: bool = False,
) -> FixResult:
    """Fixing the repaired plan again changes nothing."""
    rules, result = _run(plan, profile, symptoms, checker, result, safe_only=safe_only)
    again = fix(result.plan, profile, tuple(symptoms), safe_only=safe_only, checker=rules)
    if again.plan != result.plan:
        raise AssertionError(
            "fix is not idempotent: fixing the repaired plan changed it again:\n"
            f"{_edits(again)}\nfirst fix's edits:\n{_edits(result)}"
        )
    return result


def _blocks(plan: Plan, week: int) -> Counter[tuple[int, Part, Block]]:
    return Counter(
        (session.day, part, block)
        for session in plan.weeks[week].sessions
        for part in Part
        for block in getattr(session, part.value)
    )


def assert_stable(
    plan: Plan,
    profile: Profile | None = None,
    symptoms: Iterable[Symptom] = (),
    *,
    checker: Checker | None = None,
    result: FixResult | None = None,
    safe_only: bool = False,
) -> FixResult:
    """Name, metadata and the number of weeks are kept, and every block no edit touched.

    A block counts as touched when an edit of its week targets its exercise, or moves,
    merges or removes its session; an untouched block stays in its session, on its day
    (blocks of touched sessions may move into it).
    """
    rules, result = _run(plan, profile, symptoms, checker, result, safe_only=safe_only)
    fixed = result.plan
    problems = []
    if fixed.name != plan.name:
        problems.append(f"the plan's name changed: {plan.name!r} -> {fixed.name!r}")
    if fixed.metadata != plan.metadata:
        problems.append("the plan's metadata changed")
    if len(fixed.weeks) != len(plan.weeks):
        problems.append(f"the number of weeks changed: {len(plan.weeks)} -> {len(fixed.weeks)}")
    for index in range(min(len(plan.weeks), len(fixed.weeks))):
        if fixed.weeks[index].metadata != plan.weeks[index].metadata:
            problems.append(f"week {index + 1}'s metadata changed")
        left = _blocks(fixed, index)
        edits = [e for e in result.edits if e.target.week == index + 1]
        targeted = {e.target.exercise for e in edits if e.target.block is not None}
        days = {
            e.target.day for e in edits if e.action in _SESSION_EDITS and e.target.block is None
        }
        # A session no edit moved, merged or removed stays on its day, and so does every
        # block of it whose exercise no edit targeted (blocks may move in, not out).
        untouched = [
            (session.day, part, block)
            for session in plan.weeks[index].sessions
            for part in Part
            for block in getattr(session, part.value)
            if session.day not in days and rules.exercise(block.exercise).id not in targeted
        ]
        for day, part, block in untouched:
            if left[(day, part, block)] > 0:
                left[(day, part, block)] -= 1
            else:
                problems.append(
                    f"week {index + 1}, day {day}: the {part.value} block "
                    f"{block.exercise!r} changed although no edit touched it"
                )
    if problems:
        raise AssertionError(
            "fix is not stable:\n"
            + "\n".join(f"  {p}" for p in problems)
            + f"\nedits:\n{_edits(result)}"
        )
    return result


#: The default pack's rules for which "closed" cannot hold, and why: their findings are
#: about the plan, but above ``caution`` only because of the profile or the symptoms, and
#: fix leaves them by design.
NOT_CLOSED: Mapping[str, str] = {
    "BS905": "an exercise name the catalog cannot resolve, for someone with a condition or "
    "pain: it stays at modify until it is named, and fix never renames one on a guess",
}


#: The words of the reason fix gives for a finding it left because resolving it made the
#: plan worse (`never worse` comes before `closed`).
ROLLED_BACK = "made the plan worse"


def assert_closed(
    plan: Plan,
    profile: Profile | None = None,
    symptoms: Iterable[Symptom] = (),
    *,
    checker: Checker | None = None,
    result: FixResult | None = None,
    safe_only: bool = False,
) -> FixResult:
    """A plan whose findings all come from the plan is repaired to ``caution`` or better.

    Holds when every finding of the plan as given has a location in the plan (none is
    about the symptoms or the profile alone), none is of a rule of `NOT_CLOSED`, the check
    is complete and unsafe fixes are allowed; otherwise there is nothing to assert.
    """
    _, result = _run(plan, profile, symptoms, checker, result, safe_only=safe_only)
    before = result.before
    if (
        safe_only
        or before.errors
        or any(f.location is None or f.code in NOT_CLOSED for f in before.findings)
    ):
        return result
    if result.report.verdict > Level.CAUTION:
        left = [u for u in result.unresolved if u.finding.level > Level.CAUTION]
        if all(ROLLED_BACK in u.reason for u in left):
            # Every way fix found to resolve them made the plan worse elsewhere (a
            # replacement that lowers a week's glute volume makes the next week's a
            # spike, say): never worse comes first, and the finding says so.
            return result
        reasons = "\n".join(
            f"  {u.finding.code} at {_where(u.finding.location)}: {u.reason}" for u in left
        )
        raise AssertionError(
            f"fix left a plan-only problem above caution: verdict "
            f"{result.report.verdict.value}\n{_findings(u.finding for u in left)}\n"
            f"reasons:\n{reasons}\nedits:\n{_edits(result)}"
        )
    return result


def assert_deterministic(
    plan: Plan,
    profile: Profile | None = None,
    symptoms: Iterable[Symptom] = (),
    *,
    checker: Checker | None = None,
    result: FixResult | None = None,
    safe_only: bool = False,
) -> FixResult:
    """Fixing the same input again gives the same plan, edits and unresolved findings."""
    rules, result = _run(plan, profile, symptoms, checker, result, safe_only=safe_only)
    again = fix(plan, profile, tuple(symptoms), safe_only=safe_only, checker=rules)
    if (again.plan, again.edits, again.unresolved) != (
        result.plan,
        result.edits,
        result.unresolved,
    ):
        raise AssertionError(
            f"fix is not deterministic: first edits:\n{_edits(result)}\n"
            f"second edits:\n{_edits(again)}"
        )
    return result


def assert_fix_properties(
    plan: Plan,
    profile: Profile | None = None,
    symptoms: Iterable[Symptom] = (),
    *,
    checker: Checker | None = None,
    safe_only: bool = False,
) -> FixResult:
    """Every property above, on one fix of the input."""
    symptoms = tuple(symptoms)
    rules, result = _run(plan, profile, symptoms, checker, None, safe_only=safe_only)
    for check in (
        assert_never_worse,
        assert_idempotent,
        assert_stable,
        assert_closed,
        assert_deterministic,
    ):
        check(plan, profile, symptoms, checker=rules, result=result, safe_only=safe_only)
    return result
