"""`backsafe.fix`: check, edit, check again, until nothing more can be improved.

Fix works in rounds. Each round reads the report of the plan as it stands, applies the
edits its findings suggest (`Planner`), and checks the result. A round whose result is
worse (a higher verdict) is undone and its culprits banned; the rounds stop when a round
changes nothing (a fixed point) or after `MAX_ROUNDS`. The result is then compared with
the plan as given: if any finding above ``info`` is new, the first edit that plausibly
caused it is banned and fix starts again from the plan as given (taking its next choice
there); after `MAX_ATTEMPTS` it returns the plan unchanged. So fix never returns a plan
worse than it was given, and the same input always gives the same output.
"""

from __future__ import annotations

from collections.abc import Iterable

from backsafe._api import checker as default_checker
from backsafe._fix._compare import worse
from backsafe._fix._planner import EditKey, Planner, key_of
from backsafe._fix._result import Edit, FixResult, Unresolved
from backsafe._serde import Source, load_plan, load_profile, load_symptoms
from backsafe.adapters import Adapted, InputNote
from backsafe.engine import Checker
from backsafe.kinds._notes import InputNotes
from backsafe.model import Plan, Profile, Symptom
from backsafe.report import Action, Finding, Level, Location, Report, Safety

__all__ = ["MAX_ATTEMPTS", "MAX_PASSES", "MAX_ROUNDS", "fix"]

#: The most rounds of one attempt (each round is one check of the edited plan).
MAX_ROUNDS = 8
#: The most attempts, each banning the edits that made the previous one worse.
MAX_ATTEMPTS = 6
#: The most passes of fix over its own result (`fix` stops at the first that changes nothing).
MAX_PASSES = 4


def _symptoms(symptoms: Iterable[Symptom] | Source | None) -> tuple[Symptom, ...]:
    if symptoms is None:
        return ()
    if isinstance(symptoms, (str, bytes, bytearray, memoryview, dict)) or hasattr(
        symptoms, "__fspath__"
    ):
        return load_symptoms(symptoms)
    found = tuple(symptoms)
    if not all(isinstance(s, Symptom) for s in found):
        return load_symptoms(list(found))
    return found


def fix(
    plan: Plan | Adapted | Source,
    profile: Profile | Source | None = None,
    symptoms: Iterable[Symptom] | Source | None = (),
    *,
    safe_only: bool = False,
    checker: Checker | None = None,
    notes: Iterable[InputNote] = (),
) -> FixResult:
    """Repair ``plan``: the nearest plan the rules find safer, and what changed and why.

    Applies the fixes of the findings of ``check(plan, profile, symptoms)``: safe ones
    (adding a cue, a warm-up, a cool-down) and, unless ``safe_only``, unsafe ones
    (replacing an exercise, capping a load, adding core or balance work, rescheduling
    glute sessions). It never edits the plan to answer a red flag or a pain finding
    itself (the report still carries them), and never renames an exercise it cannot
    resolve. Each input may be a model object or anything the loaders accept; bad input
    raises `backsafe.InputError`; ``symptoms=None`` means none, as for `backsafe.check`.
    ``checker`` chooses the rules (default: every
    installed pack's). ``notes`` are an adapter's notes on how it read the plan (and
    ``plan`` may be an adapter's `backsafe.adapters.Adapted`, whose notes are added), as
    `backsafe.check` takes them: every check of the plan reports them, fix cannot
    resolve them, so they stay in the result's report. The result is never worse than
    the plan as given: no higher verdict, and no new finding above ``info``.
    """
    if isinstance(plan, Adapted):
        notes = (*plan.notes, *notes)
        plan = plan.plan
    notes = tuple(notes)
    if not isinstance(plan, Plan):
        plan = load_plan(plan)
    if profile is not None and not isinstance(profile, Profile):
        profile = load_profile(profile)
    reported = _symptoms(symptoms)
    rules = checker if checker is not None else default_checker()
    before = rules.check(plan, profile, reported, notes=notes)
    result = _fix_once(rules, plan, profile, reported, before, notes=notes, safe_only=safe_only)
    # Fix the repaired plan again until a pass changes nothing: a choice one pass had to
    # give up (its bans) may fit the plan the pass made, and so fix(fix(p)) == fix(p).
    # Never worse composes: no pass makes a finding its own input did not have.
    edits = list(result.edits)
    for _ in range(MAX_PASSES):
        if not result.edits:
            break
        again = _fix_once(
            rules, result.plan, profile, reported, result.report, notes=notes, safe_only=safe_only
        )
        if not again.edits:
            break
        edits += again.edits
        result = again
    return FixResult(result.plan, tuple(edits), result.unresolved, result.report, before)


def _fix_once(
    rules: Checker,
    plan: Plan,
    profile: Profile | None,
    reported: tuple[Symptom, ...],
    before: Report,
    *,
    notes: tuple[InputNote, ...],
    safe_only: bool,
) -> FixResult:
    """One pass of fix: attempts from ``plan`` (checked as ``before``) until none regresses."""
    banned: set[EditKey] = set()
    for _ in range(MAX_ATTEMPTS):
        planner = Planner(rules, profile, reported, safe_only=safe_only, banned=banned)
        fixed, report, edits = _attempt(planner, plan, notes, before)
        regressions = worse(before, report)
        if not regressions:
            return _result(planner, fixed, edits, report, before)
        # Ban the first edit that plausibly caused a regression, and try again: the
        # planner then takes its next choice there (another substitute), which the
        # others' may not have needed to give up.
        suspects = [key for key in _blame(regressions, edits) if key not in banned]
        if not suspects:
            suspects = [key_of(edit) for edit in edits if key_of(edit) not in banned]
        if not suspects:
            break
        banned.add(suspects[0])
    planner = Planner(rules, profile, reported, safe_only=safe_only, banned=banned)
    return _result(planner, plan, (), before, before, rolled_back=True)


def _attempt(
    planner: Planner, plan: Plan, notes: tuple[InputNote, ...], before: Report
) -> tuple[Plan, Report, list[Edit]]:
    """Rounds until a fixed point: the plan, its report, and the edits kept."""
    state, report = plan, before
    edits: list[Edit] = []
    checker = planner.checker
    for _ in range(MAX_ROUNDS):
        done = planner.round(state, report)
        if done.plan is state or not done.edits:
            break
        candidate = checker.check(done.plan, planner.profile, planner.symptoms, notes=notes)
        if candidate.verdict > report.verdict or len(candidate.errors) > len(report.errors):
            culprits = _blame(worse(report, candidate), list(done.edits))
            planner.banned |= set(culprits) or {key_of(edit) for edit in done.edits}
            continue
        for week, cap in done.scheduled.items():
            # Should the week still be crowded (a pack allows fewer sessions than the
            # guide), it keeps at most one session fewer next round.
            planner.caps[week] = max(1, cap - 1)
        state, report = done.plan, candidate
        edits += done.edits
    else:
        planner.round(state, report)  # the notes of the plan as it ends
    return state, report, edits


def _blame(regressions: list[Finding], edits: list[Edit]) -> list[EditKey]:
    """The unsafe edits that plausibly caused ``regressions``, in the order they were made.

    For a finding about the plan as a whole (or none), every unsafe edit; about a week,
    the unsafe edits of that week and the weeks before it (a volume spike compares a
    week with the ones before); about a session, those of the week that change its
    schedule or touch that session. For a finding about a block, the unsafe edits of
    its position, and those of its exercise in any week: load series and first loads
    span weeks, so an exercise added in week 1 makes week 2's load of it a progression.
    """
    found: dict[EditKey, None] = {}
    for edit in edits:
        if edit.safety is Safety.SAFE:
            continue
        if any(_explains(edit.target, finding.location) for finding in regressions):
            found[key_of(edit)] = None
    return list(found)


def _explains(target: Location, where: Location | None) -> bool:
    """Whether an edit at ``target`` may have caused a finding at ``where``."""
    if where is None or where.week is None:
        return True
    if where.block is not None:
        if where.exercise is not None and target.exercise == where.exercise:
            return True
        same = (target.week, target.session, target.part, target.block)
        return same == (where.week, where.session, where.part, where.block)
    if where.session is None:
        return target.week is not None and target.week <= where.week
    if target.week != where.week:
        return False
    return target.exercise is None or target.session == where.session


def _result(
    planner: Planner,
    plan: Plan,
    edits: Iterable[Edit],
    report: Report,
    before: Report,
    *,
    rolled_back: bool = False,
) -> FixResult:
    unresolved = tuple(
        Unresolved(finding, _reason(planner, finding, rolled_back))
        for finding in report.findings
        if finding.level > Level.INFO
    )
    return FixResult(plan, tuple(edits), unresolved, report, before)


def _reason(planner: Planner, finding: Finding, rolled_back: bool) -> str:
    """Why fix left ``finding`` (a finding of the plan it returns)."""
    rule = planner.rules.get(finding.code)
    if finding.topic == "internal-error":
        return "a rule could not run, so the check is incomplete; fix does not guess"
    if rule is not None and isinstance(rule.check, InputNotes):
        return (
            "an adapter's note on how it read the plan from another program's format: fix "
            "cannot know what the source meant; check the assumption, or fix the source"
        )
    if finding.topic == "red-flag":
        return (
            "a red flag: it calls for a health professional, and no edit of the plan changes that"
        )
    if finding.location is None:
        return (
            "about the symptoms or the profile, not the plan: fix regresses the training "
            "they concern but never edits a plan to answer them; follow the finding's advice"
        )
    if rule is None or not rule.actions:
        if finding.topic == "catalog":
            return "an exercise name the catalog cannot resolve: fix never renames one on a guess"
        return f"the rule has no automatic fix (see `backsafe explain {finding.code}`)"
    declared = [s for s in finding.suggestions if s.action in rule.actions]
    if planner.safe_only and declared and all(s.safety is Safety.UNSAFE for s in declared):
        return (
            "its fix is unsafe (it changes load, volume, exercise choice or schedule), and "
            "only safe fixes were asked for"
        )
    if rolled_back:
        return "fix's edits made the plan worse and were rolled back"
    note = planner.notes.get((finding.code, finding.location))
    if note is not None:
        return note
    if not declared:
        if rule.actions == (Action.REPLACE_EXERCISE,):
            return (
                "no substitute in the packs' tables fits the profile's equipment without "
                "being reported itself"
            )
        return "its rule suggested no change that can be applied"
    banned = {key[:2] for key in planner.banned}
    if (finding.code, declared[0].action) in banned:
        return "its fix made the plan worse and was rolled back"
    return f"still reported after {MAX_ROUNDS} rounds of fixes"
