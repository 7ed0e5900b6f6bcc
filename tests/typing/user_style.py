"""A generator's code written as the docs write it: it must pass ``mypy --strict``.

Constructors take what the loader takes (a list where a tuple is stored, an enum's string
value), while the attributes keep their stored types. ``tests/test_typing.py`` type-checks
this module and runs it.
"""

from __future__ import annotations

from collections.abc import Iterator

import backsafe
from backsafe import (
    Block,
    Condition,
    Equipment,
    Experience,
    History,
    Plan,
    Profile,
    RangeOfMotion,
    Region,
    Report,
    Session,
    Symptom,
    SymptomKind,
    Week,
)


def main_blocks(load_kg: float) -> Iterator[Block]:
    yield Block(
        exercise="barbell hip thrust",
        sets=3,
        reps=10,
        load_kg=load_kg,
        rpe=7,
        cues=["brace-core"],
        range_of_motion="full",
    )
    yield Block(exercise="bird dog", sets=2, duration_s=30, cues=("brace-core", "neutral-spine"))


def build_plan(weeks: int) -> Plan:
    return Plan(
        name="Glute builder",
        weeks=[
            Week(
                sessions=[
                    Session(
                        day=day,
                        name="Lower A",
                        warm_up=[Block(exercise="light cardio", sets=1, duration_s=300)],
                        blocks=main_blocks(40 + 2.5 * week),  # any iterable
                        cool_down=[Block(exercise="foam rolling", sets=1, duration_s=300)],
                    )
                    for day in (1, 4)
                ],
                metadata={"week": week},
            )
            for week in range(weeks)
        ],
    )


def build_profile() -> Profile:
    return Profile(
        age=34,
        experience="novice",
        conditions=["herniated-disc"],
        equipment=["bands", Equipment.DUMBBELL],
        history=["osteoporosis"],
    )


def build_symptoms() -> list[Symptom]:
    return [
        Symptom(kind="pain", region="lower-back", intensity=3, duration_days=2, side="left"),
        Symptom(kind=SymptomKind.NUMBNESS, region=Region.LEFT_LEG, onset="gradual"),
    ]


def run() -> Report:
    plan = build_plan(4)
    profile = build_profile()
    # The attributes keep their stored types: tuples and enum members.
    weeks: tuple[Week, ...] = plan.weeks
    block: Block = weeks[0].sessions[0].blocks[0]
    cues: tuple[str, ...] = block.cues
    motion: RangeOfMotion | None = block.range_of_motion
    conditions: tuple[str, ...] = profile.conditions
    history: tuple[History, ...] = profile.history
    experience: Experience | None = profile.experience
    assert cues == ("brace-core",)
    assert motion is RangeOfMotion.FULL
    assert conditions == (Condition.HERNIATED_DISC,)
    assert history == (History.OSTEOPOROSIS,)
    assert experience is Experience.NOVICE
    return backsafe.check(plan, profile, build_symptoms())


if __name__ == "__main__":
    print(run().verdict)
