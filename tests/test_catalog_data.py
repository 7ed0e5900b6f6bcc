"""The default catalog's content: the guide's exercises and the free-exercise-db classification."""

from __future__ import annotations

import copy
import json
import re
import sys
from importlib import resources
from typing import Any

import pytest

from backsafe._data import rules_dir
from backsafe.catalog import Catalog, Exercise, Loading, Pattern, Role, default_catalog
from backsafe.catalog._load import CatalogDataError, build_catalog, database_id, load_database

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SQUATS = "squats"
DEADLIFTS = "deadlifts"
BRIDGES = "bridges-and-hip-thrusts"
LUNGES = "lunges-and-step-ups"
CLAMSHELLS = "clamshells-and-side-lying-leg-raises"
FRIENDLY = {
    "glute-bridge-with-resistance-band",
    "quadruped-hip-extension",
    "clamshell-with-resistance-band",
    "lateral-band-walk",
    "banded-monster-walk",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


def _database_names() -> list[str]:
    text = resources.files("backsafe.catalog").joinpath("free_exercise_db.json").read_bytes()
    return [row["name"] for row in json.loads(text)["exercises"]]


# --- The guide's exercises ------------------------------------------------------------------

# Every exercise the guide names, as it names it, with the curated exercise it must resolve to.
GUIDE_NAMES = [
    # "Exercises That Can Cause Lower Back Pain"
    ("Squats", "squat"),
    ("sumo squats", "sumo-squat"),
    ("jump squats", "jump-squat"),
    ("Deadlifts", "deadlift"),
    ("Romanian deadlifts", "romanian-deadlift"),
    ("stiff-leg deadlifts", "stiff-leg-deadlift"),
    ("Glute bridges", "glute-bridge"),
    ("hip thrusts", "hip-thrust"),
    ("Lunges", "lunge"),
    ("step-ups", "step-up"),
    ("Clamshells", "clamshell"),
    ("side-lying leg raises", "side-lying-leg-raise"),
    # "Glute Exercises That Are Lower Back Friendly"
    ("Glute bridges with resistance bands", "glute-bridge-with-resistance-band"),
    ("Quadruped hip extensions", "quadruped-hip-extension"),
    ("Clamshells with resistance bands", "clamshell-with-resistance-band"),
    ("Lateral band walks", "lateral-band-walk"),
    ("Banded monster walks", "banded-monster-walk"),
    # "Warm up and cool down properly"
    ("dynamic stretches", "dynamic-stretches"),
    ("light cardio", "light-cardio"),
    ("static stretches", "static-stretches"),
    ("foam rolling", "foam-rolling"),
    ("leg swings", "leg-swings"),
    ("hip circles", "hip-circles"),
    # "Incorporate core and lower back strengthening exercises"
    ("bird dog", "bird-dog"),
    ("plank", "plank"),
    ("side plank", "side-plank"),
    ("dead bug", "dead-bug"),
    ("back extension", "back-extension"),
]


@pytest.mark.parametrize(("name", "expected"), GUIDE_NAMES)
def test_every_exercise_the_guide_names_resolves(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name)
    assert found is not None, name
    assert found.id == expected


GUIDE_GROUPS = {
    SQUATS: ["squat", "sumo-squat", "jump-squat"],
    DEADLIFTS: ["deadlift", "romanian-deadlift", "stiff-leg-deadlift"],
    BRIDGES: ["glute-bridge", "hip-thrust"],
    LUNGES: ["lunge", "step-up"],
    CLAMSHELLS: ["clamshell", "side-lying-leg-raise"],
}


@pytest.mark.parametrize(("group", "members"), GUIDE_GROUPS.items())
def test_the_guide_groups_hold_the_exercises_it_names(
    catalog: Catalog, group: str, members: list[str]
) -> None:
    assert group in catalog.groups
    assert catalog.groups[group].id == group
    assert "Exercises That Can Cause Lower Back Pain" in catalog.groups[group].reference
    for member in members:
        exercise = catalog.get(member)
        assert (exercise.group, exercise.family) == (group, member)


def test_there_are_exactly_the_guides_five_groups(catalog: Catalog) -> None:
    assert set(catalog.groups) == set(GUIDE_GROUPS)


def test_the_five_substitutes_are_the_curated_back_friendly_exercises(catalog: Catalog) -> None:
    curated = {e.id for e in catalog if e.back_friendly and e.source == "backsafe"}
    assert curated == FRIENDLY


@pytest.mark.parametrize(
    ("exercise_id", "role"),
    [
        ("light-cardio", Role.WARM_UP),
        ("dynamic-stretches", Role.WARM_UP),
        ("leg-swings", Role.WARM_UP),
        ("hip-circles", Role.WARM_UP),
        ("static-stretches", Role.COOL_DOWN),
        ("foam-rolling", Role.COOL_DOWN),
        ("bird-dog", Role.CORE),
        ("plank", Role.CORE),
        ("side-plank", Role.CORE),
        ("dead-bug", Role.CORE),
        ("back-extension", Role.CORE),
        ("barbell-hip-thrust", Role.STRENGTH),
    ],
)
def test_warm_up_cool_down_and_core_roles(catalog: Catalog, exercise_id: str, role: Role) -> None:
    assert catalog.get(exercise_id).role is role


def test_heavy_spinal_loading_is_high(catalog: Catalog) -> None:
    for exercise in catalog:
        if exercise.group == DEADLIFTS or exercise.family == "jump-squat":
            assert exercise.loading is Loading.HIGH, exercise
    for exercise_id in ("squat", "back-squat", "front-squat", "good-morning"):
        assert catalog.get(exercise_id).loading is Loading.HIGH


def test_leg_balance_work_is_covered(catalog: Catalog) -> None:
    # "Ensure that you are also incorporating exercises for the quadriceps, hamstrings, and calves"
    for name, pattern in [
        ("leg extension", Pattern.KNEE_EXTENSION),
        ("leg press", Pattern.SQUAT),
        ("lying leg curl", Pattern.KNEE_FLEXION),
        ("seated leg curl", Pattern.KNEE_FLEXION),
        ("Nordic curl", Pattern.KNEE_FLEXION),
        ("standing calf raise", Pattern.CALF_RAISE),
        ("seated calf raise", Pattern.CALF_RAISE),
    ]:
        found = catalog.lookup(name)
        assert found is not None, name
        assert found.pattern is pattern


# --- The free-exercise-db ---------------------------------------------------------------------

# name in the database, expected family, group, pattern and loading class.
Row = tuple[str, str | None, str | None, Pattern, Loading]
DATABASE_TABLE: list[Row] = [
    ("Barbell Deadlift", "deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Deficit Deadlift", "deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Sumo Deadlift", "deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Sumo Deadlift with Bands", "deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Trap Bar Deadlift", "deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Rack Pulls", "deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Romanian Deadlift", "romanian-deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Romanian Deadlift from Deficit", "romanian-deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Kettlebell One-Legged Deadlift", "romanian-deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Stiff-Legged Barbell Deadlift", "stiff-leg-deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    (
        "Stiff-Legged Dumbbell Deadlift",
        "stiff-leg-deadlift",
        DEADLIFTS,
        Pattern.HINGE,
        Loading.HIGH,
    ),
    ("Wide Stance Stiff Legs", "stiff-leg-deadlift", DEADLIFTS, Pattern.HINGE, Loading.HIGH),
    ("Good Morning", "good-morning", None, Pattern.HINGE, Loading.HIGH),
    ("Barbell Squat", "squat", SQUATS, Pattern.SQUAT, Loading.HIGH),
    ("Barbell Full Squat", "squat", SQUATS, Pattern.SQUAT, Loading.HIGH),
    ("Front Barbell Squat", "squat", SQUATS, Pattern.SQUAT, Loading.HIGH),
    ("Zercher Squats", "squat", SQUATS, Pattern.SQUAT, Loading.HIGH),
    ("Goblet Squat", "squat", SQUATS, Pattern.SQUAT, Loading.MODERATE),
    ("Hack Squat", "squat", SQUATS, Pattern.SQUAT, Loading.MODERATE),
    ("Bodyweight Squat", "squat", SQUATS, Pattern.SQUAT, Loading.LOW),
    ("Kettlebell Thruster", "squat", SQUATS, Pattern.SQUAT, Loading.MODERATE),
    ("Plie Dumbbell Squat", "sumo-squat", SQUATS, Pattern.SQUAT, Loading.MODERATE),
    ("Freehand Jump Squat", "jump-squat", SQUATS, Pattern.JUMP, Loading.HIGH),
    ("Weighted Jump Squat", "jump-squat", SQUATS, Pattern.JUMP, Loading.HIGH),
    ("Barbell Hip Thrust", "hip-thrust", BRIDGES, Pattern.BRIDGE, Loading.MODERATE),
    ("Physioball Hip Bridge", "hip-thrust", BRIDGES, Pattern.BRIDGE, Loading.LOW),
    ("Barbell Glute Bridge", "glute-bridge", BRIDGES, Pattern.BRIDGE, Loading.MODERATE),
    ("Butt Lift (Bridge)", "glute-bridge", BRIDGES, Pattern.BRIDGE, Loading.LOW),
    ("Single Leg Glute Bridge", "glute-bridge", BRIDGES, Pattern.BRIDGE, Loading.LOW),
    ("Hip Lift with Band", "glute-bridge", BRIDGES, Pattern.BRIDGE, Loading.LOW),
    ("Dumbbell Lunges", "lunge", LUNGES, Pattern.LUNGE, Loading.MODERATE),
    ("Barbell Lunge", "lunge", LUNGES, Pattern.LUNGE, Loading.HIGH),
    ("Bodyweight Walking Lunge", "lunge", LUNGES, Pattern.LUNGE, Loading.LOW),
    ("Split Squat with Dumbbells", "lunge", LUNGES, Pattern.LUNGE, Loading.MODERATE),
    ("Split Jump", "lunge", LUNGES, Pattern.JUMP, Loading.HIGH),
    ("Barbell Step Ups", "step-up", LUNGES, Pattern.LUNGE, Loading.HIGH),
    ("Dumbbell Step Ups", "step-up", LUNGES, Pattern.LUNGE, Loading.MODERATE),
    ("Monster Walk", "banded-monster-walk", None, Pattern.HIP_ABDUCTION, Loading.LOW),
    ("Glute Kickback", "quadruped-hip-extension", None, Pattern.HIP_EXTENSION, Loading.LOW),
    ("Thigh Abductor", "hip-abduction", None, Pattern.HIP_ABDUCTION, Loading.NONE),
    (
        "Hyperextensions (Back Extensions)",
        "back-extension",
        None,
        Pattern.SPINAL_EXTENSION,
        Loading.MODERATE,
    ),
    ("Superman", "back-extension", None, Pattern.SPINAL_EXTENSION, Loading.LOW),
    ("Plank", "plank", None, Pattern.CORE_STABILITY, Loading.LOW),
    ("Side Bridge", "side-plank", None, Pattern.CORE_STABILITY, Loading.LOW),
    ("Dead Bug", "dead-bug", None, Pattern.CORE_STABILITY, Loading.LOW),
    ("Leg Extensions", "leg-extension", None, Pattern.KNEE_EXTENSION, Loading.NONE),
    ("Lying Leg Curls", "leg-curl", None, Pattern.KNEE_FLEXION, Loading.NONE),
    ("Leg Press", "leg-press", None, Pattern.SQUAT, Loading.MODERATE),
    ("Standing Calf Raises", "calf-raise", None, Pattern.CALF_RAISE, Loading.MODERATE),
    ("Seated Calf Raise", "calf-raise", None, Pattern.CALF_RAISE, Loading.NONE),
    ("Quadriceps-SMR", "foam-rolling", None, Pattern.SOFT_TISSUE, Loading.NONE),
    ("Standing Hip Circles", "hip-circles", None, Pattern.MOBILITY, Loading.NONE),
    ("Front Leg Raises", "leg-swings", None, Pattern.MOBILITY, Loading.NONE),
    # Names that merely contain a family's word are not in that family.
    ("Heavy Bag Thrust", None, None, Pattern.PUSH, Loading.LOW),
    ("Smith Machine Hip Raise", None, None, Pattern.SPINAL_FLEXION, Loading.LOW),
    ("Calf-Machine Shoulder Shrug", None, None, Pattern.PULL, Loading.LOW),
    ("Side Leg Raises", "leg-swings", None, Pattern.MOBILITY, Loading.NONE),
    ("Kettlebell Sumo High Pull", None, None, Pattern.OLYMPIC_LIFT, Loading.MODERATE),
    ("Kettlebell Turkish Get-Up (Squat style)", None, None, Pattern.PUSH, Loading.MODERATE),
    ("Clean Pull", None, None, Pattern.OLYMPIC_LIFT, Loading.HIGH),
    # Generic rules from the database's own fields.
    ("Hamstring Stretch", None, None, Pattern.STRETCH, Loading.NONE),
    ("Arm Circles", None, None, Pattern.MOBILITY, Loading.NONE),
    ("Running, Treadmill", None, None, Pattern.CARDIO, Loading.LOW),
    ("Box Jump (Multiple Response)", None, None, Pattern.JUMP, Loading.HIGH),
    ("Crunches", None, None, Pattern.SPINAL_FLEXION, Loading.LOW),
    ("Atlas Stones", None, None, Pattern.OTHER, Loading.HIGH),
    ("Triceps Pushdown", None, None, Pattern.PUSH, Loading.LOW),
]


@pytest.mark.parametrize("row", DATABASE_TABLE, ids=[row[0] for row in DATABASE_TABLE])
def test_database_entries_are_classified(catalog: Catalog, row: Row) -> None:
    name, family, group, pattern, loading = row
    found = catalog.lookup(name)
    assert found is not None, name
    assert (found.family, found.group, found.pattern, found.loading) == (
        family,
        group,
        pattern,
        loading,
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Barbell Hip Thrust", "barbell-hip-thrust"),
        ("Barbell Squat", "back-squat"),
        ("Monster Walk", "banded-monster-walk"),
        ("Stiff-Legged Barbell Deadlift", "stiff-leg-deadlift"),
        ("Kettlebell One-Legged Deadlift", "single-leg-romanian-deadlift"),
        ("fedb-barbell-hip-thrust", "barbell-hip-thrust"),
        ("fedb-plank", "plank"),
        ("Dumbbell Lunges", "fedb-dumbbell-lunges"),
        ("Heavy Bag Thrust", "fedb-heavy-bag-thrust"),
        ("3/4 Sit-Up", "fedb-3-4-sit-up"),
        ("fedb-3-4-sit-up", "fedb-3-4-sit-up"),
    ],
)
def test_database_entries_that_are_curated_exercises_resolve_to_them(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name)
    assert found is not None
    assert found.id == expected


def test_uncurated_database_entries_carry_their_source_and_fields(catalog: Catalog) -> None:
    entry = catalog.get("fedb-heavy-bag-thrust")
    assert entry.source == "free-exercise-db"
    assert entry.name == "Heavy Bag Thrust"
    assert [m.value for m in entry.primary_muscles] == ["chest"]
    assert [m.value for m in entry.secondary_muscles] == ["abdominals", "shoulders", "triceps"]
    assert [e.value for e in entry.equipment] == ["other"]
    assert (entry.family, entry.group, entry.back_friendly) == (None, None, False)
    assert catalog.get("fedb-barbell-walking-lunge").secondary_muscles  # "lower back" mapped


def test_every_database_name_resolves(catalog: Catalog) -> None:
    names = _database_names()
    assert len(names) == 873
    unresolved = [name for name in names if catalog.lookup(name) is None]
    rate = 1 - len(unresolved) / len(names)
    assert rate >= 0.99
    assert unresolved == []


def test_database_names_resolve_to_their_own_entry_or_to_the_curated_one(
    catalog: Catalog,
) -> None:
    curated_names = {
        name: exercise
        for exercise in catalog
        if exercise.source == "backsafe"
        for name in exercise.aliases
    }
    for row in load_database():
        found = catalog.lookup(row["name"])
        assert found is not None
        if found.source == "free-exercise-db":
            assert found.name == row["name"]
        elif row["name"] == "Split Squats":  # shadowed: the database entry is a jump drill
            assert found.id == "split-squat"
            assert catalog.get("fedb-split-squats").pattern is Pattern.JUMP
        else:
            assert curated_names[row["name"]] is found


def test_each_database_entry_is_an_exercise_or_part_of_a_curated_one(catalog: Catalog) -> None:
    entries = sum(1 for exercise in catalog if exercise.source == "free-exercise-db")
    merged = [row["id"] for row in load_database() if database_id(row["id"]) not in catalog]
    assert entries + len(merged) == 873
    assert 30 <= len(merged) <= 60


def test_database_ids_derive_from_the_database_ids() -> None:
    assert database_id("3_4_Sit-Up") == "fedb-3-4-sit-up"
    assert database_id("Barbell_Hip_Thrust") == "fedb-barbell-hip-thrust"


def test_database_ids_are_kebab_case_and_distinct_from_curated_ids(catalog: Catalog) -> None:
    for exercise in catalog:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", exercise.id), exercise.id
        assert exercise.id.startswith("fedb-") == (exercise.source == "free-exercise-db")


def test_families_are_base_exercises(catalog: Catalog) -> None:
    for exercise in catalog:
        if exercise.family is not None:
            base = catalog.get(exercise.family)
            assert base.family == base.id
            assert exercise.group == base.group, exercise.id
        if exercise.source == "backsafe":
            assert exercise.family is not None


def test_the_compact_copy_keeps_only_the_needed_fields() -> None:
    package = resources.files("backsafe.catalog")
    document = json.loads(package.joinpath("free_exercise_db.json").read_bytes())
    fields = {
        "id",
        "name",
        "category",
        "equipment",
        "mechanic",
        "force",
        "primaryMuscles",
        "secondaryMuscles",
    }
    assert all(set(row) == fields for row in document["exercises"])
    assert "public domain" in package.joinpath("FREE_EXERCISE_DB_LICENSE.md").read_text()


# --- The data is checked when loaded ----------------------------------------------------------


def _documents() -> tuple[dict[str, Any], dict[str, Any]]:
    folder = rules_dir()
    with (folder / "exercises.toml").open("rb") as curated:
        first = tomllib.load(curated)
    with (folder / "free_exercise_db.toml").open("rb") as classification:
        second = tomllib.load(classification)
    return first, second


def test_the_documents_build_the_default_catalog() -> None:
    curated, classification = _documents()
    built = build_catalog(curated, classification, load_database())
    assert [e.id for e in built] == [e.id for e in default_catalog()]


def _broken(change: str) -> tuple[dict[str, Any], dict[str, Any]]:
    curated, classification = copy.deepcopy(_documents())
    first = curated["exercise"][0]
    if change == "unknown key":
        first["colour"] = "red"
    elif change == "bad loading":
        first["loading"] = "heavy"
    elif change == "unknown group":
        first["group"] = "presses"
    elif change == "family not base":
        first["family"] = "back-squat"
    elif change == "unknown database name":
        classification["variation"][0]["names"].append("Barbell Moon Squat")
    elif change == "listed twice":
        classification["variation"][0]["names"].append("Barbell Hip Thrust")
    elif change == "generic typo":
        classification["generic"][0]["category"] = ["stretchng"]
    elif change == "alias clash":
        first["aliases"].append("Romanian deadlift")
    elif change == "database alias to no entry":
        classification["aliases"]["moon jump"] = "Moon Jump"
    elif change == "database alias to a curated entry":
        classification["aliases"]["bb squat"] = "Barbell Squat"
    elif change == "database alias not text":
        classification["aliases"]["box jump"] = 3
    elif change == "bad annotation":
        curated["names"]["annotations"].append("--")
    return curated, classification


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown key", "exercise[0]: has unknown key(s) colour"),
        ("bad loading", "'heavy' is not one of none, low, moderate, high"),
        ("unknown group", "'presses' is not a group"),
        ("family not base", "family 'back-squat' must be the id of an exercise whose family"),
        ("unknown database name", 'is not a free-exercise-db name, got "Barbell Moon Squat"'),
        ("listed twice", "'Barbell Hip Thrust' is already classified"),
        ("generic typo", "generic[0].category: no database entry has stretchng"),
        ("alias clash", "exercise 'squat'"),
        ("database alias to no entry", "aliases.moon jump: is not a free-exercise-db name"),
        ("database alias to a curated entry", "'Barbell Squat' is curated exercise 'back-squat'"),
        ("database alias not text", "aliases.box jump"),
        ("bad annotation", "annotation '--' has no words"),
    ],
)
def test_wrong_data_is_refused_with_its_place(change: str, message: str) -> None:
    curated, classification = _broken(change)
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        build_catalog(curated, classification, load_database())
    if change == "alias clash":  # both exercises are named
        assert "exercise 'romanian-deadlift'" in str(raised.value)
    else:
        assert isinstance(raised.value, CatalogDataError)


def test_exercise_fields_have_the_right_types(catalog: Catalog) -> None:
    for exercise in catalog:
        assert isinstance(exercise, Exercise)
        assert exercise.primary_muscles or exercise.id.startswith("fedb-")
        assert not set(exercise.primary_muscles) & set(exercise.secondary_muscles), exercise.id
