"""Testing a pack with backsafe's pytest plugin.

Each rule's trigger and near miss are vignettes (``tests/vignettes/clinic.toml``), which
the plugin collects as tests; here, what vignettes do not say. ``pyproject.toml`` names the
pack the tests need (``backsafe_packs = ["clinic"]``): it must load, or every test fails.

Run with the pack installed: ``pip install ./examples/clinic-pack && pytest examples/clinic-pack``.
"""

from __future__ import annotations

from backsafe import Profile, load_plan
from backsafe.engine import Checker
from backsafe.packs import PackSet
from backsafe.testing import assert_finding, assert_no_finding, assert_safe


def test_the_pack_loads_with_its_rules_and_override(backsafe_packs: PackSet) -> None:
    clinic = backsafe_packs.pack("clinic")
    assert {rule.code for rule in clinic.rules} == {"CL001", "CL002", "CL003", "CL100"}
    assert "sacroiliac-joint-pain" in clinic.conditions
    assert [(o.rule, o.option, o.after) for o in clinic.overrides] == [
        ("BS601", "max_increase", 0.05)
    ]
    assert backsafe_packs.registry.get("BS601").check.max_increase == 0.05


def test_the_exclusion_list_names_every_variation(backsafe_checker: Checker) -> None:
    for name in ("good mornings", "barbell good morning", "jump squats"):
        block = {"exercise": name, "sets": 3, "reps": 8}
        plan = load_plan({"weeks": [{"sessions": [{"day": 1, "blocks": [block]}]}]})
        assert_finding(backsafe_checker.check(plan), "CL002", "modify", {"block": 1})


def test_a_safe_plan_for_an_osteoporosis_client() -> None:
    plan = {
        "weeks": [
            {
                "sessions": [
                    {
                        "day": day,
                        "warm_up": [{"exercise": "light cardio", "sets": 1, "duration_s": 300}],
                        "blocks": [
                            {
                                "exercise": "glute bridge with resistance band",
                                "sets": 3,
                                "reps": 12,
                                "cues": ["brace-core"],
                            },
                            {"exercise": "bird dog", "sets": 3, "reps": 10},
                            {"exercise": "leg extension", "sets": 3, "reps": 12},
                            {"exercise": "lying leg curl", "sets": 3, "reps": 12},
                            {"exercise": "seated calf raise", "sets": 3, "reps": 15},
                        ],
                        "cool_down": [
                            {"exercise": "static stretches", "sets": 1, "duration_s": 300}
                        ],
                    }
                    for day in (1, 4)
                ]
            }
        ]
    }
    report = assert_safe(plan, Profile(conditions=["osteoporosis"]))
    assert_no_finding(report, "CL001")
