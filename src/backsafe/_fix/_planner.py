"""One round of fix: turn a report's suggestions into edits of the plan.

A round reads the findings of the plan as it stands and edits a working copy
(`Editor`): first each block (cues, range of motion, loads, replacements, blocks left out),
then what sessions lack (warm-ups, cool-downs, core and balance work), then the schedule of
glute sessions, computed for the whole plan at once. Only actions a rule declares are
applied (`backsafe.engine.Check.actions`), never a display-only suggestion, and only safe
ones when asked. A replacement or an added block is checked by itself first (a
look-ahead): fix prefers what no rule would report, and gives it the cues the rules ask
for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import attrs

from backsafe._fix._editor import Draft, Editor
from backsafe._fix._result import Edit
from backsafe.catalog import Exercise, Muscle
from backsafe.engine import Checker, Rule
from backsafe.engine._schedule import (
    GUIDE_MOST_GLUTE_SESSIONS,
    Slot,
    WeekSchedule,
    schedule_plan,
)
from backsafe.facts import ProfileFacts
from backsafe.model import Block, Plan, Profile, Symptom, Week
from backsafe.report import (
    Action,
    Dose,
    Finding,
    Level,
    Location,
    Part,
    Report,
    Safety,
    Suggestion,
)

__all__ = ["Planner", "Round"]

_BLOCK_ACTIONS = (
    Action.ADD_CUE,
    Action.SET_RANGE_OF_MOTION,
    Action.LIMIT_LOAD,
    Action.REPLACE_EXERCISE,
    Action.REMOVE_BLOCK,
)
_SCHEDULE_ACTIONS = (Action.MOVE_SESSION, Action.REMOVE_SESSION)
_PARTS = {Action.ADD_WARM_UP: Part.WARM_UP, Action.ADD_COOL_DOWN: Part.COOL_DOWN}
_TIDY = (Action.ADD_CUE, Action.SET_RANGE_OF_MOTION)

EditKey = tuple[str, Action, Location, str]
#: A block's position: 0-based week and session, its part, 1-based block.
Position = tuple[int, int, Part, int]
_EMPTY = Plan(weeks=(Week(),))


def key_of(edit: Edit) -> EditKey:
    """What identifies an edit when fix bans it after a rollback."""
    return (edit.code, edit.action, edit.target, edit.description)


@attrs.frozen
class Round:
    """What one round did: the plan it made, its edits, and notes on findings it left."""

    plan: Plan
    edits: tuple[Edit, ...]
    scheduled: dict[int, int]


def _dose_text(block: Block) -> str:
    amount = f"{block.reps}" if block.reps is not None else f"{block.duration_s:g} s"
    return f"{block.sets} x {amount}"


class Planner:
    """Plans fix's rounds for one plan, person and selection of rules.

    ``banned`` are edits rolled back because they made the plan worse; ``notes`` say,
    per finding (code and location), why a round left it alone.
    """

    def __init__(
        self,
        checker: Checker,
        profile: Profile | None,
        symptoms: tuple[Symptom, ...],
        *,
        safe_only: bool,
        banned: set[EditKey],
    ) -> None:
        self.checker = checker
        self.profile = profile
        self.symptoms = symptoms
        self.facts = ProfileFacts.of(profile)
        self.safe_only = safe_only
        self.banned = banned
        self.rules: dict[str, Rule] = {rule.code: rule for rule in checker.rules}
        self.watched = frozenset(
            muscle for rule in checker.rules for muscle in getattr(rule.check, "muscles", ())
        )
        self.caps: dict[int, int] = {}
        self.notes: dict[tuple[str, Location | None], str] = {}
        # The state of the round being planned.
        self.editor = Editor(_EMPTY)
        self.edits: list[Edit] = []
        self.replaced: set[Position] = set()
        self.kept: dict[int, set[Muscle]] = {}
        self._ahead: dict[Block, tuple[Level, Block]] = {}

    # --- what may be applied -----------------------------------------------------------

    def applicable(self, finding: Finding) -> list[Suggestion]:
        """The suggestions of ``finding`` fix may apply: declared, not display-only."""
        rule = self.rules.get(finding.code)
        if rule is None or finding.topic == "internal-error":
            return []
        declared = rule.actions
        return [
            s
            for s in finding.suggestions
            if s.action in declared
            and s.safety is not Safety.DISPLAY_ONLY
            and not (self.safe_only and s.safety is not Safety.SAFE)
        ]

    def note(self, finding: Finding, reason: str) -> None:
        """Record why this round left ``finding`` alone."""
        self.notes[(finding.code, finding.location)] = reason

    def _record(self, edit: Edit) -> bool:
        """Keep ``edit`` unless it was banned; whether it is kept."""
        if key_of(edit) in self.banned:
            return False
        self.edits.append(edit)
        return True

    # --- names and look-ahead ------------------------------------------------------------

    def exercise(self, name: str) -> Exercise | None:
        """The catalog exercise of a name, as the checker resolves it."""
        return self.checker.exercise(name).exercise

    def name(self, name: str) -> str:
        """A readable name: the catalog's, else the name as written."""
        exercise = self.exercise(name)
        return exercise.name if exercise is not None else name

    def ahead(self, block: Block) -> tuple[Level, Block]:
        """How the block rules would report ``block``, once given the cues they ask for.

        Returns the highest level still reported (``ok`` when none) and the block with
        the cues and range of motion the rules' own safe-to-apply suggestions give.
        """
        found = self._ahead.get(block)
        if found is not None:
            return found
        findings = self.checker.check_block(block, self.profile, self.symptoms)
        tidy = block
        for finding in findings:
            for suggestion in self.applicable(finding):
                tidy = _tidy(tidy, suggestion)
        if tidy is not block:
            findings = self.checker.check_block(tidy, self.profile, self.symptoms)
        level = max((f.level for f in findings if f.level > Level.INFO), default=Level.OK)
        self._ahead[block] = (level, tidy)
        return level, tidy

    # --- a round -------------------------------------------------------------------------

    def round(self, plan: Plan, report: Report) -> Round:
        """Plan and apply one round of edits to ``plan``, whose check is ``report``."""
        self.notes = {}
        self.editor = Editor(plan)
        self.edits = []
        self.replaced = set()
        findings = [f for f in report.findings if f.level > Level.INFO]
        targets = self._replacement_targets(findings)
        self.kept = self._kept_muscles(plan, targets)
        for finding in findings:
            suggestions = self.applicable(finding)
            if suggestions and suggestions[0].action in _BLOCK_ACTIONS:
                self._block(finding, suggestions, targets)
        scheduled = self._schedule(findings)
        for finding in findings:
            suggestions = self.applicable(finding)
            if suggestions and suggestions[0].action in _PARTS:
                self._part(finding, suggestions[0])
            elif suggestions and suggestions[0].action is Action.ADD_EXERCISE:
                self._additions(finding, suggestions)
        return Round(self.editor.build(), tuple(self.edits), scheduled)

    # --- blocks --------------------------------------------------------------------------

    def _replacement_targets(self, findings: Iterable[Finding]) -> set[Position]:
        targets = set()
        for finding in findings:
            where = finding.location
            suggestions = self.applicable(finding)
            if (
                where is not None
                and suggestions
                and suggestions[0].action in (Action.REPLACE_EXERCISE, Action.REMOVE_BLOCK)
                and where.week is not None
                and where.session is not None
                and where.part is not None
                and where.block is not None
            ):
                targets.add((where.week - 1, where.session - 1, where.part, where.block))
        return targets

    def _kept_muscles(self, plan: Plan, targets: set[Position]) -> dict[int, set[Muscle]]:
        """Per week, the primary muscles of the strength work no replacement touches."""
        kept: dict[int, set[Muscle]] = {}
        weeks = {week for week, _, _, _ in targets}
        for week in weeks:
            muscles: set[Muscle] = set()
            for s, session in enumerate(plan.weeks[week].sessions):
                for part in Part:
                    for b, block in enumerate(getattr(session, part.value), 1):
                        facts = self.checker.exercise(block.exercise)
                        if (week, s, part, b) in targets or not facts.strength:
                            continue
                        if facts.exercise is not None:
                            muscles.update(facts.exercise.primary_muscles)
            kept[week] = muscles
        return kept

    def _block(
        self, finding: Finding, suggestions: list[Suggestion], targets: set[Position]
    ) -> None:
        where = finding.location
        if (
            where is None
            or where.week is None
            or where.session is None
            or where.part is None
            or where.block is None
        ):
            return
        position = (where.week - 1, where.session - 1, where.part, where.block)
        action = suggestions[0].action
        if position in self.replaced or (position in targets and action in _TIDY):
            return  # about an exercise replaced this round: judged again next round
        editor = self.editor
        block = editor.block(*position)
        if block is None:
            return
        label = self.name(block.exercise)
        if action in _TIDY:
            new = _tidy(block, suggestions[0])
            if new == block:
                return
            if action is Action.ADD_CUE:
                text = f"Added the cue {suggestions[0].cue!r} to {label}."
            else:
                text = f"Set the range of motion of {label} to {new.range_of_motion}."
            edit = Edit(finding.code, action, suggestions[0].safety, where, text)
            if self._record(edit):
                editor.change(*position, lambda _: new)
        elif action is Action.LIMIT_LOAD:
            self._limit(finding, suggestions[0], block)
        else:
            self._replace(finding, suggestions, position, block)
            self.replaced.add(position)

    def _limit(self, finding: Finding, suggestion: Suggestion, block: Block) -> None:
        """Cap the week's load of the exercise; else go back to the last safe week's."""
        where = finding.location
        assert where is not None
        assert where.week is not None
        editor = self.editor
        week = where.week - 1
        exercise_id = self.checker.exercise(block.exercise).id
        limit = suggestion.load_kg
        heaviest = self._heaviest(editor, week, exercise_id)
        if limit is None or heaviest is None:
            self.note(finding, "the suggestion gives no load to keep to")
            return
        if heaviest <= limit:
            # The suggested limit did not clear the finding (a rounding): use the load of
            # the last earlier week with the exercise.
            previous = next(
                (
                    load
                    for earlier in range(week - 1, -1, -1)
                    if (load := self._heaviest(editor, earlier, exercise_id)) is not None
                ),
                None,
            )
            if previous is None or previous >= heaviest:
                self.note(finding, "no earlier load of the exercise to go back to")
                return
            limit = previous
        text = (
            f"Capped the load of {self.name(block.exercise)} in week {where.week} at "
            f"{limit:g} kg (was {heaviest:g} kg)."
        )
        edit = Edit(finding.code, Action.LIMIT_LOAD, suggestion.safety, where, text)
        if not self._record(edit):
            return
        capped = limit
        for s, session in enumerate(editor.plan.weeks[week].sessions):
            for part in Part:
                for b in range(1, len(getattr(session, part.value)) + 1):
                    current = editor.block(week, s, part, b)
                    if (
                        current is not None
                        and current.load_kg is not None
                        and current.load_kg > capped
                        and self.checker.exercise(current.exercise).id == exercise_id
                    ):
                        editor.change(week, s, part, b, lambda c: attrs.evolve(c, load_kg=capped))

    def _heaviest(self, editor: Editor, week: int, exercise_id: str) -> float | None:
        loads = [
            block.load_kg
            for s, session in enumerate(editor.plan.weeks[week].sessions)
            for part in Part
            for b in range(1, len(getattr(session, part.value)) + 1)
            if (block := editor.block(week, s, part, b)) is not None
            and block.load_kg is not None
            and self.checker.exercise(block.exercise).id == exercise_id
        ]
        return max(loads, default=None)

    def _replace(
        self, finding: Finding, suggestions: list[Suggestion], position: Position, block: Block
    ) -> None:
        where = finding.location
        assert where is not None
        editor = self.editor
        original = self.exercise(block.exercise)
        week = position[0]
        muscles = self.kept.setdefault(week, set())
        present = {
            self.checker.exercise(b.exercise).id for _, b in _items(editor.current(*position[:2]))
        }
        candidates = []
        for index, suggestion in enumerate(suggestions):
            if suggestion.action is not Action.REPLACE_EXERCISE or suggestion.exercise is None:
                continue
            substitute = self.exercise(suggestion.exercise)
            if substitute is None or not self.facts.can_use(substitute.equipment):
                continue
            new = attrs.evolve(block, exercise=substitute.id, load_kg=None)
            level, new = self.ahead(new)
            if level >= finding.level:
                continue  # it would be reported as much as the exercise it replaces
            primary = set(substitute.primary_muscles)
            wanted = (set(original.primary_muscles) if original else set()) & self.watched
            lost = wanted - muscles
            score = (
                level < Level.MODIFY,
                len(primary & lost),
                len(primary & set(original.primary_muscles if original else ())),
                Muscle.GLUTES in primary,
                substitute.id not in present,
                -index,
            )
            candidates.append((score, substitute, new, suggestion))
        label = self.name(block.exercise)
        # Best first; a choice banned after it made the plan worse gives way to the next.
        for _, substitute, new, suggestion in sorted(candidates, key=lambda c: c[0], reverse=True):
            kept_for = sorted(str(m) for m in set(substitute.primary_muscles) & self.watched)
            why = f", keeping {' and '.join(kept_for)} work" if kept_for else ""
            added = [cue for cue in new.cues if cue not in block.cues]
            cues = f"; added the cue {', '.join(map(repr, added))}" if added else ""
            text = f"Replaced {label} with {substitute.name}{why}{cues}."
            edit = Edit(finding.code, suggestion.action, suggestion.safety, where, text)
            if self._record(edit):
                editor.change(*position, _replacing(new))
                muscles.update(substitute.primary_muscles)
                return
        if candidates:
            return  # every choice was banned: the finding's reason says why
        remove = next((s for s in suggestions if s.action is Action.REMOVE_BLOCK), None)
        if remove is not None:
            edit = Edit(
                finding.code,
                Action.REMOVE_BLOCK,
                remove.safety,
                where,
                f"Left {label} out: {remove.description}",
            )
            if self._record(edit):
                editor.remove(*position)
            return
        self.note(
            finding,
            "no substitute fits the profile's equipment without being reported itself"
            if any(s.action is Action.REPLACE_EXERCISE for s in suggestions)
            else "no substitute fits the profile's equipment",
        )

    # --- sessions ------------------------------------------------------------------------

    def _part(self, finding: Finding, suggestion: Suggestion) -> None:
        """Add the warm-up or cool-down items the person can do, with their doses."""
        editor = self.editor
        where = finding.location
        if where is None or where.week is None or where.session is None:
            return
        if editor.removed(where.week - 1, where.session - 1):
            return  # its glute work moved and the session went: nothing to warm up for
        part = _PARTS[suggestion.action]
        blocks = []
        for item in suggestion.items:
            exercise = self.exercise(item)
            if exercise is None or not self.facts.can_use(exercise.equipment):
                continue
            dose = _dose(suggestion, item) or self.checker.library.dose_for(exercise.id)
            if dose is not None:
                blocks.append(dose.block())
        if not blocks:
            self.note(finding, "no item it suggests fits the profile's equipment, or has a dose")
            return
        listed = ", ".join(f"{self.name(b.exercise)} {_dose_text(b)}" for b in blocks)
        what = "warm-up" if part is Part.WARM_UP else "cool-down"
        text = f"Added to the {what}: {listed}."
        target = Location(where.week, where.session, where.day, part)
        edit = Edit(finding.code, suggestion.action, suggestion.safety, target, text)
        if self._record(edit):
            editor.add(where.week - 1, where.session - 1, part, blocks)

    def _additions(self, finding: Finding, suggestions: list[Suggestion]) -> None:
        """Add each suggested exercise (or a substitute the person can do) to its session."""
        editor = self.editor
        for suggestion in suggestions:
            if suggestion.action is not Action.ADD_EXERCISE or suggestion.exercise is None:
                continue
            where = finding.target_of(suggestion)
            if where is None or where.week is None:
                continue
            session = where.session
            if session is None or editor.removed(where.week - 1, session - 1):
                session = self._first_glute_session(where.week - 1)
            if session is None:
                continue
            block = self._addition(suggestion)
            if block is None:
                self.note(
                    finding,
                    f"nothing in place of {self.name(suggestion.exercise)} fits the profile's "
                    "equipment without being reported itself",
                )
                continue
            day = editor.current(where.week - 1, session - 1)
            added = self.exercise(block.exercise)
            target = Location(
                where.week, session, day.day, Part.BLOCKS, None, added.id if added else None
            )
            text = (
                f"Added {self.name(block.exercise)}, {_dose_text(block)}, to session {session} "
                f"(day {day.day})."
            )
            edit = Edit(finding.code, suggestion.action, suggestion.safety, target, text)
            if self._record(edit):
                editor.add(where.week - 1, session - 1, Part.BLOCKS, [block])

    def _addition(self, suggestion: Suggestion) -> Block | None:
        assert suggestion.exercise is not None
        exercise = self.exercise(suggestion.exercise)
        if exercise is None:
            return None
        options = [exercise] if self.facts.can_use(exercise.equipment) else []
        options += self.checker.library.substitutes_for(exercise, self.facts)
        for option in options:
            dose = _dose(suggestion, option.id) or self.checker.library.dose_for(option.id)
            if dose is None:
                continue
            level, block = self.ahead(dose.block())
            if level < Level.CAUTION:
                return block
        return None

    def _first_glute_session(self, week: int) -> int | None:
        editor = self.editor
        sessions = editor.plan.weeks[week].sessions
        best = None
        for index in range(len(sessions)):
            current = editor.current(week, index)
            if editor.removed(week, index):
                continue
            facts = [self.checker.exercise(b.exercise) for _, b in _items(current)]
            if any(f.glute for f in facts):
                return index + 1
            if best is None and any(f.strength for f in facts):
                best = index + 1
        return best

    # --- the schedule --------------------------------------------------------------------

    def _schedule(self, findings: Sequence[Finding]) -> dict[int, int]:
        """Reschedule the plan's glute sessions when a finding asks for it."""
        editor = self.editor
        triggers: dict[int, Finding] = {}
        crowded: set[int] = set()
        for finding in findings:
            suggestions = self.applicable(finding)
            where = finding.location
            if not suggestions or suggestions[0].action not in _SCHEDULE_ACTIONS:
                continue
            if where is None or where.week is None:
                continue
            triggers.setdefault(where.week - 1, finding)
            if suggestions[0].action is Action.REMOVE_SESSION:
                crowded.add(where.week - 1)
        if not triggers:
            return {}
        weeks = editor.plan.weeks
        slots = []
        for w, week in enumerate(weeks):
            row = []
            for s in range(len(week.sessions)):
                current = editor.current(w, s)
                glute = any(self.checker.exercise(b.exercise).glute for _, b in _items(current))
                row.append(Slot(current.day, glute))
            slots.append(row)
        caps = []
        for w, row in enumerate(slots):
            count = sum(slot.glute for slot in row)
            if w in crowded:
                # Too many glute sessions: the guide's 2-3, and always fewer than now (a
                # pack may allow fewer than the guide).
                caps.append(max(1, min(self.caps.get(w, GUIDE_MOST_GLUTE_SESSIONS), count - 1)))
            else:
                caps.append(max(1, count))
        schedules = schedule_plan(slots, caps)
        cause: Finding | None = None
        for w, schedule in enumerate(schedules):
            cause = triggers.get(w, cause)
            if not schedule.changed or cause is None:
                continue
            self._reschedule(w, schedule, cause.code, slots[w])
        return {w: caps[w] for w in crowded}

    def _reschedule(self, week: int, schedule: WeekSchedule, code: str, slots: list[Slot]) -> None:
        editor = self.editor
        for index, day in sorted(schedule.moves.items()):
            where = Location(week + 1, index + 1, slots[index].day)
            text = (
                f"Moved session {index + 1} of week {week + 1} from day {slots[index].day} to "
                f"day {day}."
            )
            edit = Edit(code, Action.MOVE_SESSION, Safety.UNSAFE, where, text)
            if self._record(edit):
                editor.draft(week, index).day = day
        for index, into in sorted(schedule.merges.items()):
            source = editor.draft(week, index)
            target = editor.draft(week, into)
            moved = [
                (part, block)
                for part, blocks in source.parts.items()
                for block in blocks
                if block is not None and self.checker.exercise(block.exercise).glute
            ]
            names = ", ".join(self.name(block.exercise) for _, block in moved)
            where = Location(week + 1, index + 1, slots[index].day)
            text = (
                f"Moved the glute work of session {index + 1} of week {week + 1} (day "
                f"{slots[index].day}: {names}) into session {into + 1} (day {target.day}), "
                "which keeps a rest day around it."
            )
            edit = Edit(code, Action.REMOVE_SESSION, Safety.UNSAFE, where, text)
            if not self._record(edit):
                continue
            for part, blocks in source.parts.items():
                for position, block in enumerate(blocks):
                    if block is not None and self.checker.exercise(block.exercise).glute:
                        blocks[position] = None
                        target.parts[part].append(block)
            left = source.parts[Part.BLOCKS]
            if all(block is None for block in left):
                text = (
                    f"Removed session {index + 1} of week {week + 1} (day {slots[index].day}): "
                    "nothing was left in it once its glute work moved."
                )
                edit = Edit(code, Action.REMOVE_SESSION, Safety.UNSAFE, where, text)
                if self._record(edit):
                    source.removed = True


def _items(session: object) -> list[tuple[Part, Block]]:
    if isinstance(session, Draft):
        return session.items()
    return [(part, block) for part in Part for block in getattr(session, part.value)]


def _tidy(block: Block, suggestion: Suggestion) -> Block:
    """``block`` with a cue or range-of-motion suggestion applied."""
    if suggestion.action is Action.ADD_CUE and suggestion.cue is not None:
        if suggestion.cue in block.cues:
            return block
        return attrs.evolve(block, cues=(*block.cues, suggestion.cue))
    if suggestion.action is Action.SET_RANGE_OF_MOTION and suggestion.range_of_motion is not None:
        if block.range_of_motion is suggestion.range_of_motion:
            return block
        return attrs.evolve(block, range_of_motion=suggestion.range_of_motion)
    return block


def _dose(suggestion: Suggestion, exercise_id: str) -> Dose | None:
    return next((d for d in suggestion.dose if d.exercise == exercise_id), None)


def _replacing(block: Block) -> Callable[[Block], Block]:
    """An edit of a block that puts ``block`` in its place."""

    def replace(_: Block) -> Block:
        return block

    return replace
