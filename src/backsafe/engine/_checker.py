"""The checker: runs a selection of rules over a plan in one pass.

Everything that does not depend on the plan is prepared once, when the checker is made:
the rules split by scope and, per exercise name, the facts of its exercise and the block
rules that concern it (so a block whose exercise no rule concerns costs a dictionary
hit). Per check, the engine walks the plan once, calling block rules as it goes and
deriving the facts (`backsafe.facts`); then the session, week, plan, profile and symptom
rules read those facts. A rule that raises becomes an internal-error finding and a report
error; the other rules still run.

Caches (exercise facts per name, dispatch tables, the rules' memo, block locations) belong
to the checker, and so to its library: two checkers never share them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from backsafe.catalog import Exercise, SuggestionBudget
from backsafe.engine._address import Completer, address, completed_by_engine
from backsafe.engine._check import (
    BlockCheck,
    PlanCheck,
    ProfileCheck,
    SessionCheck,
    SymptomsCheck,
    WeekCheck,
)
from backsafe.engine._context import Context, StopCheck
from backsafe.engine._library import Library
from backsafe.engine._rule import Rule
from backsafe.facts import (
    BlockRef,
    ExerciseFacts,
    GroupUse,
    LoadPoint,
    PlanFacts,
    SessionFacts,
    WeekFacts,
    exercise_facts,
)
from backsafe.model import Block, Plan, Profile, Symptom, Week
from backsafe.report import (
    _NOWHERE,
    _PART_ORDER,
    _RANK,
    CheckError,
    Finding,
    Level,
    Location,
    PackInfo,
    Part,
    Report,
    one_voice,
)

if TYPE_CHECKING:
    from backsafe.adapters import InputNote

__all__ = ["Checker", "CheckerSpec"]

_BlockCall = Callable[[Context, Rule, Block, "Exercise | None"], None]


class CheckerSpec(Protocol):
    """What a checker can be rebuilt from in another process (a pickled recipe)."""

    def build(self) -> Checker:
        """Build the checker."""


class _Dispatch(NamedTuple):
    """What the walk needs per exercise name, and the block rules that concern it.

    The name's facts are flattened here (one tuple unpacking is cheaper than several
    attribute reads, block after block), beside each concerned rule with its bound check.
    ``exercise`` is the exercise the name is judged as (`ExerciseFacts.judged_as`), the
    one block checks receive. ``work`` has the bits of what a block of it adds to its
    session (`_STRENGTH`, `_CORE`, `_GLUTE`, `_WARMS_UP`, `_COOLS_DOWN`), ``muscles`` the
    muscle bits of its strength work (0 for other work).
    The dispatch table holds them as exact tuples in this order, because only an exact
    tuple unpacks without the iterator protocol.
    """

    exercise: Exercise | None
    id: str
    family: str
    work: int
    muscles: int
    group: str | None
    calls: tuple[tuple[Rule, _BlockCall], ...]


# What a block adds to its session (`_Dispatch.work`): strength work, and with it core or
# glute work; else a warm-up or cool-down item. Each part keeps the bits that count there.
_STRENGTH = 1
_CORE = 2
_GLUTE = 4
_WARMS_UP = 8
_COOLS_DOWN = 16
#: The bits each part keeps (`_PARTS` order): glute work counts in the working sets only
#: (an activation drill in the warm-up does not make a glute session).
_KEPT = (_STRENGTH | _CORE | _WARMS_UP, _STRENGTH | _CORE | _GLUTE, _STRENGTH | _CORE | _COOLS_DOWN)


def _work(facts: ExerciseFacts) -> int:
    if facts.strength:
        return _STRENGTH | (_CORE if facts.core else 0) | (_GLUTE if facts.glute else 0)
    return (_WARMS_UP if facts.warms_up else 0) | (_COOLS_DOWN if facts.cools_down else 0)


#: Distinct exercise names remembered per rule set; the table starts afresh past this.
_TABLE_LIMIT = 1 << 15
_PARTS = (Part.WARM_UP, Part.BLOCKS, Part.COOL_DOWN)
# Named records made the cheapest way: tuple.__new__ skips the generated __new__.
_record = tuple.__new__


def _model_inputs(
    plan: object, profile: object, symptoms: Iterable[object] | None
) -> tuple[Symptom, ...]:
    """The symptoms as a tuple, once every input is known to be a model object."""
    if plan is not None and not isinstance(plan, Plan):
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


def _finding_order(finding: Finding) -> tuple[tuple[int, int, int, int], int, str, str]:
    """`Finding.sort_key`, inlined: a report sorts every finding by it."""
    where = finding.location
    if where is None:
        return (_NOWHERE, -_RANK[finding.level], finding.code, finding.message)
    part = where.part
    # The part's place by identity (an enum's hash is Python code); anything else as
    # Location.sort_key reads it.
    order = -1 if part is None else _PART_ORDER_OF_ID.get(id(part))
    return (
        (
            where.week or 0,
            where.session or 0,
            _PART_ORDER[part] if order is None else order,  # type: ignore[index]
            where.block or 0,
        ),
        0,
        finding.code,
        finding.message,
    )


_PART_ORDER_OF_ID = {id(part): order for part, order in _PART_ORDER.items()}


#: What a check without a plan checks: a plan of no weeks.
_NO_PLAN = Plan(weeks=())


class Checker:
    """Runs ``rules`` over plans. Make one and call `check` as often as you like.

    ``library`` gives the checks the catalog, substitutes, advice and conditions;
    ``packs`` and ``errors`` (packs that failed to load) are carried into every report; a
    checker with load errors never reports ``ok``. ``notes`` say how the rules were chosen
    (red flags kept on despite ``ignore``, for example).

    A checker is safe to share between threads. It pickles without its caches; one built
    by a `backsafe.packs.PackSet` pickles as its `CheckerSpec` and is rebuilt from the
    installed packs in the process that unpickles it.
    """

    def __init__(
        self,
        rules: Iterable[Rule],
        library: Library,
        *,
        packs: Sequence[PackInfo] = (),
        errors: Sequence[CheckError] = (),
        notes: Sequence[str] = (),
        spec: CheckerSpec | None = None,
    ) -> None:
        self.rules = tuple(sorted(rules, key=lambda rule: rule.code))
        self.library = library
        self.packs = tuple(packs)
        self.errors = tuple(errors)
        self.notes = tuple(notes)
        self.spec = spec
        self._glute_groups = frozenset(
            group.id for group in library.catalog.groups.values() if group.glute
        )
        self._block = [r for r in self.rules if isinstance(r.check, BlockCheck)]
        self._session = [r for r in self.rules if isinstance(r.check, SessionCheck)]
        self._week = [r for r in self.rules if isinstance(r.check, WeekCheck)]
        self._plan = [r for r in self.rules if isinstance(r.check, PlanCheck)]
        self._profile = [r for r in self.rules if isinstance(r.check, ProfileCheck)]
        self._symptoms = [r for r in self.rules if isinstance(r.check, SymptomsCheck)]
        # Rules whose suggestions the engine completes (doses, target sessions, days).
        self._addressed = frozenset(
            r.code
            for r in self.rules
            if not isinstance(r.check, BlockCheck) and completed_by_engine(r.check.fix_actions)
        )
        self._reset_caches()

    def _reset_caches(self) -> None:
        self._tables: dict[tuple[Rule, ...], dict[str, tuple[Any, ...]]] = {}
        self._exercises: dict[str, ExerciseFacts] = {}
        self._judged: dict[str, ExerciseFacts] = {}
        self._unresolved: dict[tuple[Rule, ...], dict[str, tuple[Any, ...]]] = {}
        self._unknown_calls: dict[tuple[Rule, ...], tuple[tuple[Rule, _BlockCall], ...]] = {}
        self._memo: dict[Hashable, Any] = {}
        self._locations: dict[Hashable, Location] = {}

    def __reduce__(self) -> str | tuple[Any, ...]:
        if self.spec is not None:
            return (_rebuild, (self.spec,))
        return object.__reduce__(self)

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if name not in _CACHES}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self._reset_caches()

    def __repr__(self) -> str:
        packs = ", ".join(f"{p.name} {p.version}" for p in self.packs) or "no packs"
        return f"<Checker of {len(self.rules)} rules ({packs})>"

    def exercise(self, name: str) -> ExerciseFacts:
        """The `backsafe.facts.ExerciseFacts` of an exercise name, worked out once.

        A name the catalog cannot resolve is judged as the risky exercise it most likely
        is (`backsafe.catalog.Catalog.presume`), if any: a search. A check makes that
        search for a bounded number of names (see `_unresolved_entry`).
        """
        facts = self._plain(name)
        if facts.exercise is not None:
            return facts
        judged = self._judged.get(name)
        if judged is None:
            presumed = self.library.catalog.presume(name)
            judged = exercise_facts(name, None, self._glute_groups, presumed)
            if len(self._judged) > _TABLE_LIMIT:
                self._judged.clear()
            self._judged[name] = judged
        return judged

    def _plain(self, name: str) -> ExerciseFacts:
        """Like `exercise`, without the search: an unresolved name is judged as nothing."""
        facts = self._exercises.get(name)
        if facts is None:
            facts = exercise_facts(name, self.library.catalog.lookup(name), self._glute_groups)
            if len(self._exercises) > _TABLE_LIMIT:
                self._exercises.clear()
            self._exercises[name] = facts
        return facts

    def check(
        self,
        plan: Plan | None,
        profile: Profile | None = None,
        symptoms: Iterable[Symptom] | None = (),
        *,
        notes: Iterable[InputNote] = (),
        stop_at: Level | str | None = None,
    ) -> Report:
        """Check ``plan`` for the person of ``profile`` reporting ``symptoms``.

        ``plan`` may be ``None`` (or have no weeks): the symptoms and the profile are then
        triaged alone. ``notes`` are an adapter's notes on how it read the plan
        (`backsafe.adapters.Adapted.notes`); rules of the ``input-notes`` kind report them.
        The report speaks with one voice (`backsafe.report.one_voice`).

        ``stop_at`` (a level) stops the check at the first finding at or above it, for a
        generator that keeps only plans below a bar: the verdict is then known to be at
        least ``stop_at``, but the findings are incomplete, and the report says so
        (``Report.stopped_at``). Symptoms and the profile are checked first, so a red
        flag comes before any finding about the plan.

        The inputs are model objects (``symptoms=None`` means none); anything else raises
        `TypeError`: load documents with `backsafe.load_plan` and its siblings first.
        """
        symptoms = _model_inputs(plan, profile, symptoms)
        if plan is None:
            plan = _NO_PLAN
        stop = None if stop_at is None else Level(stop_at)
        ctx = Context(
            plan,
            profile,
            symptoms,
            self.library,
            memo=self._memo,
            notes=tuple(notes),
            stop_at=stop,
            locations=self._locations,
        )
        if stop is not None and self.errors and stop <= Level.CAUTION:
            return Report(errors=self.errors, packs=self.packs, stopped_at=stop)
        walked: int | None = None  # the findings of the walk, once it is done
        try:
            if ctx.symptoms:
                self._run(ctx, self._symptoms, "check_symptoms", (ctx.triage,))
            if profile is not None:
                self._run(ctx, self._profile, "check_profile", (profile,))
            ctx.facts = self._walk(ctx)
            walked = len(ctx.findings)
            if stop is None and self._addressed:
                # Findings made complete as they are reported (what `address` does after).
                ctx._completing = Completer(self._addressed)
            self._run(ctx, self._session, "check_session", ctx.facts.sessions)
            self._run(ctx, self._week, "check_week", ctx.facts.weeks)
            self._run(ctx, self._plan, "check_plan", (ctx.facts,))
        except StopCheck:
            # A check stopped after the walk completes what its rules found, as a full one.
            if walked is not None and len(ctx.findings) > walked and self._addressed:
                address(ctx, walked, self._addressed)
            ctx.findings.extend(ctx.unlisted())
            ctx.findings.sort(key=_finding_order)
            errors = self.errors + tuple(ctx.errors)
            return Report(one_voice(ctx.findings), errors, self.packs, stopped_at=stop)
        if stop is not None and len(ctx.findings) > walked and self._addressed:
            address(ctx, walked, self._addressed)
        ctx.findings.extend(ctx.unlisted())
        ctx.findings.sort(key=_finding_order)
        return Report(one_voice(ctx.findings), self.errors + tuple(ctx.errors), self.packs)

    def check_block(
        self,
        block: Block,
        profile: Profile | None = None,
        symptoms: Iterable[Symptom] = (),
    ) -> tuple[Finding, ...]:
        """The findings the block rules make about ``block`` alone, wherever it stands.

        A look-ahead for `backsafe.fix`: what a replacement or an added block would be
        reported for, before it is put in a plan. The findings have no week or session.
        """
        ctx = Context(_BLOCK_PLAN, profile, tuple(symptoms), self.library, memo=self._memo)
        key, table = self._table(ctx)
        entry = table.get(block.exercise)
        if entry is None:
            entry = self._dispatch(table, block.exercise, key, ctx)
        exercise, calls = entry[0], entry[-1]
        ctx.part = Part.BLOCKS
        ctx.exercise_id = entry[1]
        for rule, check_block in calls:
            try:
                check_block(ctx, rule, block, exercise)
            except Exception as error:  # fail closed, as in a check
                ctx.crashed(rule, error, None)
        return tuple(ctx.findings)

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

    def _table(self, ctx: Context) -> tuple[tuple[Rule, ...], dict[str, tuple[Any, ...]]]:
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

    def _dispatch(
        self, table: dict[str, tuple[Any, ...]], name: str, key: tuple[Rule, ...], ctx: Context
    ) -> tuple[Any, ...]:
        """The entry of a name the table lacks, added to it if the catalog resolves it.

        A name the catalog cannot resolve is judged per check (`_unresolved_entry`); its
        entry is kept for the rest of the check.
        """
        entries: dict[str, tuple[Any, ...]] | None = ctx.per_check.get(_UNRESOLVED_ENTRIES)
        if entries is not None:
            entry = entries.get(name)
            if entry is not None:
                return entry
        if self.library.catalog.lookup(name) is not None:
            table[name] = entry = self._entry(self._plain(name), key)
            return entry
        if entries is None:
            entries = ctx.per_check[_UNRESOLVED_ENTRIES] = {}
        entries[name] = entry = self._unresolved_entry(name, key, ctx)
        return entry

    def _unresolved_entry(self, name: str, key: tuple[Rule, ...], ctx: Context) -> tuple[Any, ...]:
        """The entry of a name the catalog cannot resolve, judged within the check's budget.

        The first ``backsafe.catalog.MAX_SUGGESTED_NAMES`` distinct unresolved names of a
        plan are compared with the catalog (a search each) and judged as the risky exercise
        they most likely are; past those, a name is judged as unknown and the check is
        incomplete (a report error), never passed as safe. The choice depends on the plan
        alone, never on what earlier checks have searched, so a report is the same however
        it is made.
        """
        budget: SuggestionBudget | None = ctx.per_check.get(_UNRESOLVED)
        if budget is None:
            budget = ctx.per_check[_UNRESOLVED] = SuggestionBudget()
        judged = budget.allows(name)
        if not judged and _UNJUDGED not in ctx.per_check:
            ctx.per_check[_UNJUDGED] = True
            ctx.errors.append(
                CheckError(
                    "unjudged-names",
                    f"the plan names more than {budget.limit} distinct exercises the catalog"
                    f" cannot resolve; those past the first {budget.limit} were not compared"
                    " with the catalog (not judged as the risky exercise they may name), so"
                    " this check is incomplete",
                )
            )
        if not judged:  # the entry of any unknown name: only its name differs
            calls = self._unknown_calls.get(key)
            if calls is None:
                calls = self._unknown_calls[key] = self._entry(self._plain(name), key)[-1]
            return tuple(_Dispatch(None, name, name, 0, 0, None, calls))
        entries = self._unresolved.get(key)
        if entries is None or len(entries) > _TABLE_LIMIT:
            entries = self._unresolved[key] = {}
        entry = entries.get(name)
        if entry is None:
            entry = entries[name] = self._entry(self.exercise(name), key)
        return entry

    def _entry(self, facts: ExerciseFacts, key: tuple[Rule, ...]) -> tuple[Any, ...]:
        # A name judged as a presumed exercise goes to the rules of that exercise, and to
        # those of unresolved names (which say what it was judged as).
        presumed = facts.judged_as if facts.exercise is None else None
        calls = tuple(
            (rule, rule.check.check_block)  # type: ignore[attr-defined]
            for rule in key
            if rule.check.applies_to(facts.exercise)  # type: ignore[attr-defined]
            or (presumed is not None and rule.check.applies_to(presumed))  # type: ignore[attr-defined]
        )
        entry = _Dispatch(
            exercise=facts.judged_as,
            id=facts.id,
            family=facts.family,
            work=_work(facts),
            muscles=facts.muscles if facts.strength else 0,
            group=facts.group,
            calls=calls,
        )
        return tuple(entry)

    def _walk(self, ctx: Context) -> PlanFacts:
        """One pass over the plan: block rules, and the facts every other rule reads."""
        key, table = self._table(ctx)
        ctx.screens = tuple(
            rule
            for rule in key
            if rule.check.screens_substitutes  # type: ignore[attr-defined]
        )
        walk = _Walk(self, ctx, table, key)
        weeks = []
        for week_number, week in enumerate(ctx.plan.weeks, 1):
            ctx.week = week_number
            weeks.append(walk.week(week_number, week))
        return PlanFacts(
            ctx.plan,
            tuple(weeks),
            {exercise: tuple(series) for exercise, series in walk.loads.items()},
            {
                group: GroupUse(first, walk.group_blocks[group])
                for group, first in walk.group_first.items()
            },
            walk.body_weight,
        )


_CACHES = frozenset(
    {"_tables", "_exercises", "_judged", "_unresolved", "_unknown_calls", "_memo", "_locations"}
)
#: The plan a block judged alone stands in (`Checker.check_block`).
_BLOCK_PLAN = Plan(weeks=(Week(),))
#: Keys of a check's own state (`Context.per_check`): the unresolved names met so far,
#: whether some were left unjudged, and their dispatch entries.
_UNRESOLVED = "engine:unresolved-names"
_UNJUDGED = "engine:unjudged-names"
_UNRESOLVED_ENTRIES = "engine:unresolved-entries"


def _rebuild(spec: CheckerSpec) -> Checker:
    return spec.build()


class _Walk:
    """The state of one walk: the load series and group uses, as the blocks go by."""

    __slots__ = (
        "body_weight",
        "checker",
        "ctx",
        "group_blocks",
        "group_first",
        "key",
        "loaded_week",
        "loads",
        "table",
    )

    def __init__(
        self,
        checker: Checker,
        ctx: Context,
        table: dict[str, tuple[Any, ...]],
        key: tuple[Rule, ...],
    ) -> None:
        self.checker = checker
        self.ctx = ctx
        self.table = table
        self.key = key
        self.loads: dict[str, list[LoadPoint]] = {}
        # The last week each movement's series has a point for.
        self.loaded_week: dict[str, int] = {}
        self.body_weight: dict[str, int] = {}
        self.group_first: dict[str, BlockRef] = {}
        self.group_blocks: dict[str, int] = {}

    def week(self, week_number: int, week: Week) -> WeekFacts:
        """Walk one week's sessions, block by block: the week's facts."""
        ctx = self.ctx
        table = self.table
        loads = self.loads
        loaded_week = self.loaded_week
        body_weight = self.body_weight
        group_first = self.group_first
        group_blocks = self.group_blocks
        sessions = []
        glute_sessions = week_sets = week_reps = week_muscles = week_work = 0
        for session_number, session in enumerate(week.sessions, 1):
            work = glute_sets = glute_reps = muscles = 0
            day = session.day
            ctx.session = session_number
            ctx.day = day
            parts = (session.warm_up, session.blocks, session.cool_down)
            for part, blocks, kept in zip(_PARTS, parts, _KEPT, strict=True):
                if not blocks:
                    continue
                ctx.part = part
                found = 0
                glute_here = kept & _GLUTE
                for index, block in enumerate(blocks, 1):
                    name = block.exercise
                    entry = table.get(name)
                    if entry is None:
                        entry = self.checker._dispatch(table, name, self.key, ctx)
                    exercise, exercise_id, family, bits, worked, group, calls = entry
                    if calls:
                        ctx.block = index
                        ctx.exercise_id = exercise_id
                        for rule, check_block in calls:
                            try:
                                check_block(ctx, rule, block, exercise)
                            except Exception as error:  # fail closed: see Context.crashed
                                ctx.crashed(rule, error, ctx.here())
                    found |= bits
                    muscles |= worked
                    if bits & glute_here:
                        glute_sets += block.sets
                        if block.reps is not None:
                            glute_reps += block.sets * block.reps
                    load = block.load_kg
                    if load is None:
                        # Strength work at body weight: its first week per movement is kept, so
                        # that the first loaded week after it is judged.
                        if bits & _STRENGTH and family not in body_weight:
                            body_weight[family] = week_number
                        if group is None:
                            continue
                        ref = None
                    elif loaded_week.get(family) != week_number:
                        loaded_week[family] = week_number
                        ref = _record(
                            BlockRef,
                            (week_number, session_number, day, part, index, name, exercise_id),
                        )
                        series = loads.get(family)
                        point = _record(LoadPoint, (week_number, load, ref))
                        if series is None:
                            loads[family] = [point]
                        else:
                            series.append(point)
                    else:
                        ref = None
                        series = loads[family]
                        if load > series[-1][1]:  # the week's heaviest so far (LoadPoint.load_kg)
                            ref = _record(
                                BlockRef,
                                (week_number, session_number, day, part, index, name, exercise_id),
                            )
                            series[-1] = _record(LoadPoint, (week_number, load, ref))
                    if group is not None:
                        count = group_blocks.get(group)
                        if count is None:
                            group_first[group] = ref or _record(
                                BlockRef,
                                (week_number, session_number, day, part, index, name, exercise_id),
                            )
                            group_blocks[group] = 1
                        else:
                            group_blocks[group] = count + 1
                work |= found & kept
            glute = bool(work & _GLUTE)
            sessions.append(
                _record(
                    SessionFacts,
                    (
                        week_number,
                        session_number,
                        session,
                        glute,
                        bool(work & _STRENGTH),
                        bool(work & _WARMS_UP),
                        bool(work & _COOLS_DOWN),
                        glute_sets,
                    ),
                )
            )
            glute_sessions += glute
            week_sets += glute_sets
            week_reps += glute_reps
            week_muscles |= muscles
            week_work |= work
        return WeekFacts(
            week_number,
            week,
            tuple(sessions),
            glute_sessions,
            week_sets,
            week_reps,
            bool(week_work & _CORE),
            week_muscles,
            self.checker._plain,  # no presumption: weeks count resolved exercises only
        )
