"""Testing a pack with plain pytest: a trigger and a near miss for each rule.

Run with the pack installed: ``pip install ./examples/clinic-pack && pytest examples/clinic-pack``.
"""

from __future__ import annotations

from typing import Any

import pytest

import backsafe
from backsafe.packs import PackOptions, PackSet


@pytest.fixture(scope="module")
def packs() -> PackSet:
    # Autoload explicitly on: the pack is found through its entry point, as users get it.
    return PackSet.load(PackOptions(autoload=True, required=["clinic"], strict=True))


def plan(*blocks: dict[str, Any], days: tuple[int, ...] = (1,)) -> backsafe.Plan:
    sessions = [{"day": day, "blocks": list(blocks)} for day in days]
    return backsafe.load_plan({"weeks": [{"sessions": sessions}]})


def codes(packs: PackSet, subject: backsafe.Plan, **profile: Any) -> tuple[str, ...]:
    return packs.checker().check(subject, backsafe.Profile(**profile)).codes


CRUNCH = {"exercise": "weighted crunches", "sets": 3, "reps": 12}
BIRD_DOG = {"exercise": "bird dog", "sets": 3, "reps": 10}
BRIDGE = {"exercise": "glute bridge", "sets": 3, "reps": 12}


def test_the_pack_loads_with_its_override(packs: PackSet) -> None:
    clinic = packs.pack("clinic")
    assert {rule.code for rule in clinic.rules} == {"CL001", "CL002", "CL003", "CL100"}
    assert "sacroiliac-joint-pain" in clinic.conditions
    assert [(o.rule, o.option, o.after) for o in clinic.overrides] == [
        ("BS601", "max_increase", 0.05)
    ]


def test_loaded_flexion_with_osteoporosis(packs: PackSet) -> None:
    assert "CL001" in codes(packs, plan(CRUNCH), conditions=["osteoporosis"])
    assert "CL001" not in codes(packs, plan(BIRD_DOG), conditions=["osteoporosis"])
    assert "CL001" not in codes(packs, plan(CRUNCH))


def test_the_exclusion_list(packs: PackSet) -> None:
    assert "CL002" in codes(packs, plan({"exercise": "good morning", "sets": 3, "reps": 8}))
    assert "CL002" not in codes(
        packs, plan({"exercise": "romanian deadlift", "sets": 3, "reps": 8})
    )


def test_single_leg_loading_with_sacroiliac_joint_pain(packs: PackSet) -> None:
    lunges = {"exercise": "dumbbell lunges", "sets": 3, "reps": 10, "load_kg": 10}
    assert "CL003" in codes(packs, plan(lunges), conditions=["sacroiliac-joint-pain"])
    assert "CL003" not in codes(packs, plan(BRIDGE), conditions=["sacroiliac-joint-pain"])
    assert "BS203" not in codes(packs, plan(BRIDGE), conditions=["sacroiliac-joint-pain"])


def test_post_partum_sessions(packs: PackSet) -> None:
    three = plan(BRIDGE, days=(1, 3, 5))
    assert "CL100" in codes(packs, three, conditions=["postpartum"])
    assert "CL100" not in codes(packs, plan(BRIDGE, days=(1, 4)), conditions=["postpartum"])
    assert "CL100" not in codes(packs, three)


def test_the_stricter_load_progression(packs: PackSet) -> None:
    weeks = [
        {"sessions": [{"day": 1, "blocks": [{**BRIDGE, "load_kg": load}]}]} for load in (60, 64)
    ]
    report = packs.checker().check(backsafe.load_plan({"weeks": weeks}))
    assert "BS601" in report.codes, "+6.7% is over the clinic's 5%"
