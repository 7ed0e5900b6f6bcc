"""A small glute-program generator that uses backsafe to keep its programs safe.

``generate(profile, weeks)`` builds a 4-12 week glute program for a person: 2 sessions a
week for novices (and when the experience is not known), 3 for intermediate and advanced
trainees, each with a warm-up, the main glute work, core work, quadriceps, hamstrings and
calves work, and a cool-down; loads rise 5% a week. Exercises are chosen from preference
lists by the equipment the person has (``equipment`` unknown: a gym).

Then it checks the program with backsafe for that person. While a finding above
``caution`` points at a block, the block's exercise is swapped for the next one on its
list (or the block dropped when the list runs out), and the program is checked again. A
program that still fails is an error, never returned: the generator does not hand out a
plan backsafe judges unsafe for the person.

``repair`` is where ``backsafe.fix`` goes once it is released (see its docstring).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import backsafe
from backsafe import Block, Experience, Level, Plan, Profile, Session, Week
from backsafe.catalog import default_catalog
from backsafe.engine import Checker
from backsafe.report import Part, Report

#: Glute sessions a week, by experience (the guide: 2-3, with a rest day between).
SCHEDULES: dict[Experience | None, tuple[int, ...]] = {
    None: (1, 4),
    Experience.NOVICE: (1, 4),
    Experience.INTERMEDIATE: (1, 3, 5),
    Experience.ADVANCED: (1, 3, 5),
}
MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Slot:
    """A place in a session, and the exercises that may fill it, best first."""

    name: str
    choices: tuple[str, ...]
    sets: int = 3
    reps: int | None = 12
    duration_s: int | None = None
    start_kg: float | None = None  # a first load for loaded exercises (by experience below)
    cues: tuple[str, ...] = ()
    optional: bool = True


BRACE = ("brace-core",)
WARM_UP = Slot("warm-up", ("light-cardio",), sets=1, reps=None, duration_s=300, optional=False)
MOBILITY = Slot("mobility", ("dynamic-stretches", "leg-swings"), sets=1, reps=10)
MAIN = Slot(
    "main", ("barbell-hip-thrust", "goblet-squat", "glute-bridge"), reps=10, start_kg=40, cues=BRACE
)
FRIENDLY = Slot(
    "glutes",
    (
        "glute-bridge-with-resistance-band",
        "quadruped-hip-extension",
        "clamshell-with-resistance-band",
    ),
    cues=BRACE,
    optional=False,
)
BAND_WALK = Slot("band walk", ("lateral-band-walk", "banded-monster-walk"), reps=15, cues=BRACE)
CORE = Slot("core", ("bird-dog", "dead-bug", "plank"), reps=10, cues=BRACE, optional=False)
QUADS = Slot("quads", ("leg-extension", "reverse-nordic-curl"), start_kg=20)
HAMSTRINGS = Slot("hamstrings", ("lying-leg-curl", "nordic-curl"), start_kg=15)
CALVES = Slot("calves", ("seated-calf-raise", "calf-raise"), reps=15, start_kg=20)
COOL_DOWN = Slot(
    "cool-down",
    ("static-stretches", "foam-rolling"),
    sets=1,
    reps=None,
    duration_s=300,
    optional=False,
)

#: The parts of a session, slot by slot. The main lift is for trained people only.
SESSION = {
    Part.WARM_UP: (WARM_UP, MOBILITY),
    Part.BLOCKS: (MAIN, FRIENDLY, BAND_WALK, CORE, QUADS, HAMSTRINGS, CALVES),
    Part.COOL_DOWN: (COOL_DOWN,),
}
SLOTS = {slot.name: slot for slots in SESSION.values() for slot in slots}
TRAINED = (Experience.INTERMEDIATE, Experience.ADVANCED)
#: Conditions for which the generator itself leaves out loaded glute lifts.
CAREFUL = frozenset({"herniated-disc", "degenerative-disc-disease", "previous-back-injury"})


class GenerationError(Exception):
    """No program this generator can make is safe enough for the person."""

    def __init__(self, profile: Profile, report: Report) -> None:
        codes = ", ".join(f.code for f in report.at_least(Level.MODIFY)) or "an incomplete check"
        super().__init__(f"no safe program for {profile}: {codes}")
        self.report = report


def _available(exercise_id: str, profile: Profile) -> bool:
    if profile.equipment is None:
        return True  # unknown: a gym
    needs = default_catalog().get(exercise_id).equipment
    return any(e.value == "body-only" or e in profile.equipment for e in needs)


def _choices(profile: Profile) -> dict[str, list[str]]:
    """Each slot's exercises this person can do, best first."""
    choices = {}
    for slots in SESSION.values():
        for slot in slots:
            usable = [e for e in slot.choices if _available(e, profile)]
            if slot is MAIN and (
                profile.experience not in TRAINED or CAREFUL & set(profile.conditions)
            ):
                usable = []
            choices[slot.name] = usable
    return choices


def _block(slot: Slot, exercise: str, week: int, profile: Profile) -> Block:
    equipment = {e.value for e in default_catalog().get(exercise).equipment}
    load = None
    if slot.start_kg is not None and not equipment & {"body-only", "bands"}:
        start = slot.start_kg * (1.5 if profile.experience is Experience.ADVANCED else 1)
        # +5% a week, rounded down to 0.5 kg: within the 10% a week of ACSM (2009).
        load = math.floor(start * 1.05**week * 2) / 2
    return Block(
        exercise=exercise,
        sets=slot.sets,
        reps=slot.reps,
        duration_s=slot.duration_s,
        load_kg=load,
        cues=slot.cues,
    )


def build(
    profile: Profile, weeks: int, choice: dict[str, int], days: Sequence[int]
) -> tuple[Plan, dict[tuple[int, Part, int], str]]:
    """The program with each slot's ``choice``-th exercise; and which slot each block is."""
    usable = _choices(profile)
    slot_at: dict[tuple[int, Part, int], str] = {}
    built = []
    for week in range(weeks):
        sessions = []
        for number, day in enumerate(days, 1):
            parts: dict[Part, list[Block]] = {}
            for part, slots in SESSION.items():
                parts[part] = []
                for slot in slots:
                    options = usable[slot.name]
                    if choice.get(slot.name, 0) < len(options):
                        parts[part].append(
                            _block(slot, options[choice.get(slot.name, 0)], week, profile)
                        )
                        slot_at[(number, part, len(parts[part]))] = slot.name
            sessions.append(
                Session(
                    day=day,
                    name=f"Glutes {'ABC'[number - 1]}",
                    warm_up=tuple(parts[Part.WARM_UP]),
                    blocks=tuple(parts[Part.BLOCKS]),
                    cool_down=tuple(parts[Part.COOL_DOWN]),
                )
            )
        built.append(Week(sessions=tuple(sessions)))
    return Plan(weeks=tuple(built), name=f"{weeks}-week glute program"), slot_at


def repair(plan: Plan, profile: Profile, checker: Checker | None = None) -> Plan | None:
    """The program as `backsafe.fix` repairs it, when that is at most ``caution``; else ``None``."""
    result = backsafe.fix(plan, profile, checker=checker)
    ok = result.report.complete and result.report.verdict <= Level.CAUTION
    return result.plan if ok else None


def _blamed(report: Report, slot_at: dict[tuple[int, Part, int], str]) -> set[str]:
    """The slots of the blocks that findings above ``caution`` point at."""
    blamed = set()
    for finding in report.at_least(Level.MODIFY):
        where = finding.location
        if where is None or where.session is None or where.part is None or where.block is None:
            continue  # about a week, a session or the person: not one exercise's choice
        blamed.add(slot_at[(where.session, where.part, where.block)])
    return blamed


def _next_choices(blamed: set[str], choice: dict[str, int], profile: Profile) -> bool:
    """Move each blamed slot to its next exercise; ``False`` if a needed slot runs out."""
    usable = _choices(profile)
    for name in blamed:
        choice[name] = choice.get(name, 0) + 1
        if not SLOTS[name].optional and choice[name] >= len(usable[name]):
            return False
    return True


def generate(profile: Profile, weeks: int = 8, *, checker: Checker | None = None) -> Plan:
    """A ``weeks``-week glute program (4-12) that backsafe accepts for ``profile``.

    Raises `GenerationError` when no program this generator can make is at most
    ``caution`` for the person.
    """
    if not 4 <= weeks <= 12:
        raise ValueError(f"weeks={weeks}: the generator makes 4-12 week programs")
    checker = checker or backsafe.checker()
    days = SCHEDULES[profile.experience]
    choice: dict[str, int] = {}
    for _ in range(MAX_ATTEMPTS):
        plan, slot_at = build(profile, weeks, choice, days)
        report = checker.check(plan, profile)
        if report.complete and report.verdict <= Level.CAUTION:
            return plan
        blamed = _blamed(report, slot_at)
        if not blamed or not _next_choices(blamed, choice, profile):
            break  # nothing the choice of exercises can change, or no choice left
    # The generator's own choices are spent: backsafe.fix may still repair the program
    # (a schedule, a cue); a program it cannot make safe is an error, never returned.
    repaired = repair(plan, profile, checker)
    if repaired is not None:
        return repaired
    raise GenerationError(profile, report)
