"""Names the catalog learnt from wger's exercise list, and names it must not mis-resolve."""

from __future__ import annotations

import pytest

from backsafe.catalog import Catalog, Loading, Pattern, Role, default_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # The examples.
        ("Dumbbell Hip Thrust", "hip-thrust"),
        ("Barbell Romanian Deadlift (RDL)", "romanian-deadlift"),
        ("Dumbbell Deadlift", "deadlift"),
        # A word said twice counts once.
        ("Romanian Deadlift (RDL)", "romanian-deadlift"),
        ("Single Leg Extension", "fedb-single-leg-leg-extension"),
        # Synonyms: SZ-bar, multi press, laying, sitting; the side of a set.
        ("Skullcrusher SZ-bar", "fedb-ez-bar-skullcrusher"),
        ("Squats on Multipress", "fedb-smith-machine-squat"),
        ("Leg Curls (laying)", "lying-leg-curl"),
        ("Leg Curls (sitting)", "seated-leg-curl"),
        ("Sitting Calf Raises", "seated-calf-raise"),
        ("Split squats left", "split-squat"),
        ("Bulgarian split squats right", "bulgarian-split-squat"),
        # Aliases.
        ("Kettlebell sumo deadlift", "sumo-deadlift"),
        ("Hindu Squats", "bodyweight-squat"),
        ("Speed Deadlift", "deadlift"),
        ("2 Handed Kettlebell Swing", "kettlebell-swing"),
        ("Kneeling kickbacks", "quadruped-hip-extension"),
        ("Pin Squat", "back-squat"),
        ("Weighted Step-ups", "step-up"),
        ("Wall-sit", "wall-sit"),
        ("Isometric squat", "wall-sit"),
        ("Glute Kickback (Machine)", "standing-glute-kickback"),
        ("Cable glute kickback", "standing-glute-kickback"),
        ("Reverse Nordic Curl", "reverse-nordic-curl"),
        ("Burpees", "burpee"),
        ("Squat thrust", "burpee"),
        ("L-sit", "l-sit"),
        ("Good morning", "good-morning"),
        ("Bodyweight good morning", "bodyweight-good-morning"),
        ("Squats (barbell back squat)", "back-squat"),
        # What resolved before still does.
        ("Glute Kickback", "quadruped-hip-extension"),
        ("Donkey kick", "quadruped-hip-extension"),
        ("One-Legged Cable Kickback", "standing-glute-kickback"),
        ("fedb-one-legged-cable-kickback", "standing-glute-kickback"),
    ],
)
def test_names_resolve(catalog: Catalog, name: str, expected: str) -> None:
    found = catalog.lookup(name)
    assert found is not None, name
    assert found.id == expected


@pytest.mark.parametrize(
    "name",
    [
        "Nautilus glute drive",  # examples/plans/risky-glute-builder.json: an unknown name
        "Dragon flag",  # tests/vignettes/unknown-exercises.toml
        "Leg Leg",
        "Left",
    ],
)
def test_names_that_stay_unknown(catalog: Catalog, name: str) -> None:
    assert catalog.lookup(name) is None


def test_a_hip_thrust_never_resolves_to_a_deadlift(catalog: Catalog) -> None:
    for name in ("Dumbbell Hip Thrust", "Hip thrust", "Barbell Hip Thrust", "Hip Thrust (RDL)"):
        found = catalog.lookup(name)
        assert found is None or found.group != "deadlifts", name


def test_the_new_curated_exercises_are_classified_as_reviewed(catalog: Catalog) -> None:
    wall = catalog.get("wall-sit")
    assert (wall.family, wall.group, wall.pattern, wall.loading) == (
        "squat",
        "squats",
        Pattern.SQUAT,
        Loading.LOW,
    )
    kickback = catalog.get("standing-glute-kickback")
    assert (kickback.family, kickback.group, kickback.back_friendly) == (
        "standing-glute-kickback",
        None,
        False,
    )
    assert catalog.get("bodyweight-good-morning").family == "good-morning"
    assert catalog.get("bodyweight-good-morning").loading is Loading.LOW
    assert catalog.get("reverse-nordic-curl").family == "leg-extension"
    burpee = catalog.get("burpee")
    assert (burpee.pattern, burpee.loading, burpee.role) == (
        Pattern.JUMP,
        Loading.HIGH,
        Role.CONDITIONING,
    )
    assert catalog.get("l-sit").role is Role.CORE
    # Dumbbell deadlifts are deadlifts: high, as the whole group is.
    assert catalog.lookup("Dumbbell Deadlift") is catalog.get("deadlift")
