"""The checker: runs a selection of rules over a plan in one pass.

Everything that does not depend on the plan is prepared once, when the checker is made:
the rules split by scope and, per exercise name, the facts of its exercise and the block
rules that concern it (so a block whose exercise no rule concerns costs a dictionary
hit). Per check, the engine walks the plan once, calling block rules as it goes and
filling the facts; then the session, week, plan, profile and symptom rules read those
facts. A rule that raises becomes an internal-error finding and a report error; the
other rules still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from backsafe._facts import ExerciseFacts, SessionFacts, WeekFacts, exercise_facts
from backsafe.catalog import Exercise, Role
from backsafe.engine._check import (
    BlockCheck,
    PlanCheck,
    ProfileCheck,
    SessionCheck,
    SymptomsCheck,
    WeekCheck,
)
from backsafe.engine._context import Context
from backsafe.engine._library import Library
from backsafe.engine._rule import Rule
from backsafe.model import Block, Plan, Profile, Session, Symptom
from backsafe.report import CheckError, Finding, PackInfo, Part, Report

__all__ = ["Checker"]

_BlockCall = Callable[[Context, Rule, Block, "Exercise | None"], None]
#: What the walk needs per exercise name, flattened from `ExerciseFacts` plus the block
#: rules that concern it, each with its bound check: (exercise, id, strength, glute, core,
#: muscles, group, role, calls). One tuple unpacking is cheaper than six attribute
#: reads, block after block.
_Dispatch = tuple[
    Exercise | None,
    str,
    bool,
    bool,
    bool,
    int,
    str | None,
    Role | None,
    tuple[tuple[Rule, _BlockCall], ...],
]
#: Distinct exercise names remembered per rule set; the table starts afresh past this.
_TABLE_LIMIT = 1 << 15
_PARTS = (Part.WARM_UP, Part.BLOCKS, Part.COOL_DOWN)
_WARMING = (Role.WARM_UP, Role.CONDITIONING)


def _model_inputs(
    plan: object, profile: object, symptoms: Iterable[object] | None
) -> tuple[Symptom, ...]:
    """The symptoms as a tuple, once every input is known to be a model object."""
    if not isinstance(plan, Plan):
        raise _not_a_model("plan", "Plan", "load_plan", plan)
    if profile is not None and not isinstance(profile, Profile):
        raise _not_a_model("profile", "Profile", "load_profile", profile)
    found = () if symptoms is None else tuple(symptoms)
    for symptom in found:
        if not isinstance(symptom, Symptom):
            raise _not_a_model("symptoms", "Symptom", "load_symptoms", symptom, each=True)
    return found  # type: ignore[return-value]


def _not_a_model(
    name: str, cls: str, loader: str, value: object, *, each: bool = False
) -> TypeError:
    what = f"each of {name} must be" if each else f"{name} must be"
    return TypeError(
        f"{what} a backsafe.{cls}, not {type(value).__name__}: load documents with"
        f" backsafe.{loader}() first (backsafe.check() loads them itself)"
    )


def _finding_order(finding: Finding) -> tuple[tuple[int, int, int, int], str, str]:
    return finding.sort_key()


class Checker:
    """Runs ``rules`` over plans. Make one and call `check` as often as you like.

    ``library`` gives the checks the catalog, substitutes and advice; ``packs`` and
    ``errors`` (packs that failed to load) are carried into every report; a checker with
    load errors never reports ``ok``. ``glute_groups`` are the exercise groups whose
    members count as glute work whatever their muscles. ``notes`` say how the rules were
    chosen (red flags kept on despite ``ignore``, for example).
    """

    def __init__(
        self,
        rules: Iterable[Rule],
        library: Library,
        *,
        packs: Sequence[PackInfo] = (),
        errors: Sequence[CheckError] = (),
        glute_groups: Iterable[str] = (),
        notes: Sequence[str] = (),
    ) -> None:
        self.rules = tuple(sorted(rules, key=lambda rule: rule.code))
        self.library = library
        self.packs = tuple(packs)
        self.errors = tuple(errors)
        self.notes = tuple(notes)
        self._glute_groups = frozenset(glute_groups)
        self._block = [r for r in self.rules if isinstance(r.check, BlockCheck)]
        self._session = [r for r in self.rules if isinstance(r.check, SessionCheck)]
        self._week = [r for r in self.rules if isinstance(r.check, WeekCheck)]
        self._plan = [r for r in self.rules if isinstance(r.check, PlanCheck)]
        self._profile = [r for r in self.rules if isinstance(r.check, ProfileCheck)]
        self._symptoms = [r for r in self.rules if isinstance(r.check, SymptomsCheck)]
        self._tables: dict[tuple[Rule, ...], dict[str, _Dispatch]] = {}
        self._exercises: dict[str, ExerciseFacts] = {}

    def check(
        self,
        plan: Plan,
        profile: Profile | None = None,
        symptoms: Iterable[Symptom] | None = (),
    ) -> Report:
        """Check ``plan`` for the person of ``profile`` reporting ``symptoms``.

        The inputs are model objects (``symptoms=None`` means none); anything else raises
        `TypeError`: load documents with `backsafe.load_plan` and its siblings first.
        """
        symptoms = _model_inputs(plan, profile, symptoms)
        ctx = Context(plan, profile, symptoms, self.library)
        if ctx.symptoms:
            self._run(ctx, self._symptoms, "check_symptoms", (ctx.triage,))
        if profile is not None:
            self._run(ctx, self._profile, "check_profile", (profile,))
        self._walk(ctx)
        self._run(ctx, self._session, "check_session", ctx.facts.sessions)
        self._run(ctx, self._week, "check_week", ctx.facts.weeks)
        self._run(ctx, self._plan, "check_plan", (ctx.facts,))
        ctx.findings.extend(ctx.unlisted())
        ctx.findings.sort(key=_finding_order)
        return Report(tuple(ctx.findings), self.errors + tuple(ctx.errors), self.packs)

    @staticmethod
    def _run(ctx: Context, rules: Iterable[Rule], method: str, subjects: Sequence[object]) -> None:
        """Run each active rule of ``rules`` on every subject, catching what a rule raises."""
        for rule in rules:
            subject: object = None
            try:
                if not rule.check.active(ctx):
                    continue
                run = getattr(rule.check, method)
                for subject in subjects:
                    run(ctx, rule, subject)
            except Exception as error:
                location = getattr(subject, "location", None)
                ctx.crashed(rule, error, location() if callable(location) else None)

    def _table(self, ctx: Context) -> tuple[tuple[Rule, ...], dict[str, _Dispatch]]:
        """The block rules active in this check, and their dispatch table."""
        active = []
        for rule in self._block:
            try:
                if rule.check.active(ctx):
                    active.append(rule)
            except Exception as error:
                ctx.crashed(rule, error, None)
        key = tuple(active)
        table = self._tables.get(key)
        if table is None or len(table) > _TABLE_LIMIT:
            table = self._tables[key] = {}
        return key, table

    def _dispatch(self, table: dict[str, _Dispatch], name: str, key: tuple[Rule, ...]) -> _Dispatch:
        facts = self._exercises.get(name)
        if facts is None:
            exercise = self.library.catalog.lookup(name)
            facts = exercise_facts(name, exercise, self._glute_groups)
            if len(self._exercises) > _TABLE_LIMIT:
                self._exercises.clear()
            self._exercises[name] = facts
        calls = tuple(
            (rule, rule.check.check_block)  # type: ignore[attr-defined]
            for rule in key
            if rule.check.applies_to(facts.exercise)  # type: ignore[attr-defined]
        )
        table[name] = entry = (
            facts.exercise,
            facts.id,
            facts.strength,
            facts.glute,
            facts.core,
            facts.muscles,
            facts.group,
            facts.role,
            calls,
        )
        return entry

    def _walk(self, ctx: Context) -> None:
        """One pass over the plan: block rules, and every fact the other rules read."""
        key, table = self._table(ctx)
        catalog = self.library.catalog
        for week_number, week in enumerate(ctx.plan.weeks, 1):
            week_facts = WeekFacts(week_number, week, catalog=catalog)
            ctx.week = week_number
            for session_number, session in enumerate(week.sessions, 1):
                facts = self._walk_session(
                    ctx, table, key, week_facts, number=session_number, session=session
                )
                week_facts.sessions.append(facts)
                week_facts.glute_sessions += facts.glute
            ctx.facts.weeks.append(week_facts)

    def _walk_session(
        self,
        ctx: Context,
        table: dict[str, _Dispatch],
        key: tuple[Rule, ...],
        week_facts: WeekFacts,
        *,
        number: int,
        session: Session,
    ) -> SessionFacts:
        """Walk one session's blocks; add what they do to ``week_facts``."""
        week_number = week_facts.number
        session_number = number
        day = session.day
        sets_by_exercise = week_facts.sets_by_exercise
        loads = ctx.facts.loads
        group_first = ctx.facts.group_first
        group_blocks = ctx.facts.group_blocks
        glute = strength = core_work = False
        glute_sets = glute_reps = muscles = 0
        ctx.session = session_number
        ctx.day = day
        parts = (session.warm_up, session.blocks, session.cool_down)
        for part, blocks in zip(_PARTS, parts, strict=True):
            ctx.part = part
            for index, block in enumerate(blocks, 1):
                name = block.exercise
                entry = table.get(name)
                if entry is None:
                    entry = self._dispatch(table, name, key)
                exercise, exercise_id, is_strength, is_glute, is_core, worked, group, _, calls = (
                    entry
                )
                if calls:
                    ctx.block = index
                    ctx.exercise_id = exercise_id
                    for rule, check_block in calls:
                        try:
                            check_block(ctx, rule, block, exercise)
                        except Exception as error:  # fail closed: see Context.crashed
                            ctx.crashed(rule, error, ctx.here())
                sets_by_exercise[exercise_id] = sets_by_exercise.get(exercise_id, 0) + block.sets
                if is_strength:
                    strength = True
                    muscles |= worked
                    if is_core:
                        core_work = True
                    if is_glute:
                        glute = True
                        glute_sets += block.sets
                        if block.reps is not None:
                            glute_reps += block.sets * block.reps
                load = block.load_kg
                if load is None and group is None:
                    continue
                where = (week_number, session_number, day, part, index, name, exercise_id)
                if load is not None:
                    series = loads.get(exercise_id)
                    if series is None:
                        loads[exercise_id] = [(week_number, load, where)]
                    elif series[-1][0] != week_number:
                        series.append((week_number, load, where))
                    elif load > series[-1][1]:
                        series[-1] = (week_number, load, where)
                if group is not None:
                    count = group_blocks.get(group)
                    if count is None:
                        group_first[group] = where
                        group_blocks[group] = 1
                    else:
                        group_blocks[group] = count + 1
        week_facts.glute_sets += glute_sets
        week_facts.glute_reps += glute_reps
        week_facts.muscles |= muscles
        week_facts.core_work = week_facts.core_work or core_work
        # The walk has just seen these items, so their entries are in the table.
        warm_up = cool_down = False
        for item in session.warm_up:
            if table[item.exercise][7] in _WARMING:
                warm_up = True
                break
        for item in session.cool_down:
            if table[item.exercise][7] is Role.COOL_DOWN:
                cool_down = True
                break
        return SessionFacts(
            week_number, session_number, session, glute, strength, warm_up, cool_down
        )
