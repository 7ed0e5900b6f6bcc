"""The reviewed wger-id -> catalog mapping (rules/wger.toml) against wger's 872 exercises."""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from backsafe._data import rules_dir
from backsafe.adapters._wger_mapping import WgerDataError, parse_mapping
from backsafe.adapters.wger import mapping
from backsafe.catalog import Catalog, Role, default_catalog

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

WGER = json.loads((Path(__file__).parent / "data" / "wger" / "exercises.json").read_text("utf-8"))
EXERCISES: dict[int, dict[str, Any]] = {e["id"]: e for e in WGER["exercises"]}
LEGS = {"Glutes", "Quads", "Hamstrings", "Calves", "Soleus"}
#: Names that say an exercise trains the legs or the lower back.
KEYWORDS = re.compile(
    r"squat|lunge|dead ?lift|\brdl\b|hip thrust|glute|bridge|calf|calves|leg press|leg curl|"
    r"leg extension|step-?up|good ?morning|hyperextension|back extension|kickback|nordic|"
    r"pistol|swing|pull ?through|abduction|clamshell|superman|hip hinge",
    re.IGNORECASE,
)
#: Exercises wger files under the legs, or tags with leg muscles, whose right catalog
#: exercise has no family: the catalog classifies them (pattern, loading) without one.
NO_FAMILY = {
    12: "hip adduction trains the adductors (wger's glutes tag is wrong)",
    1724: "cable hip adduction trains the adductors",
    51: "a wrist curl (wger's hamstrings tag is wrong)",
    423: "a muscle-up (wger's hamstrings tag is wrong)",
    1912: "a trunk rotation (wger's quadriceps tag is wrong)",
    376: "wger files it under legs: the abdominal leg raise (spinal flexion)",
    1116: "a farmer's carry: classified as a carry (high)",
    1196: "a sprint drill: classified as a jump (high)",
    1325: "a lateral push-off: classified as a lateral bound (jump, high)",
    1438: "the power clean: classified as an Olympic lift (high)",
    1447: "the snatch: classified as an Olympic lift (high)",
    1446: "the clean and jerk: classified as an Olympic lift (high)",
    1360: "a kettlebell clean and press: classified as an Olympic lift (high)",
    1440: "a push press: classified as an Olympic lift (high)",
    1809: "the reverse hyperextension: classified as a hip extension of its own (moderate)",
    57: "a bear walk: classified as conditioning (moderate)",
    1687: "a bear-crawl pull-through: classified as conditioning (moderate)",
    675: "the Turkish get-up: classified as a loaded push (moderate)",
    1194: "the Pallof press: anti-rotation core work",
    1433: "a wood chop: rotation of the trunk",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


def document() -> dict[str, Any]:
    with (rules_dir() / "wger.toml").open("rb") as file:
        data: dict[str, Any] = tomllib.load(file)
    return data


def test_every_wger_exercise_is_listed_once_by_its_wger_name() -> None:
    listed = mapping()
    assert len(EXERCISES) == 872
    assert set(listed.names) == set(EXERCISES)
    for wger_id, name in listed.names.items():
        assert name == EXERCISES[wger_id]["name"], wger_id
    assert set(listed.exercises) | set(listed.unmapped) == set(EXERCISES)
    assert not set(listed.exercises) & set(listed.unmapped)


def test_at_least_95_percent_of_wger_exercises_are_mapped() -> None:
    listed = mapping()
    share = len(listed.exercises) / len(EXERCISES)
    assert share >= 0.95, f"{len(listed.exercises)} of {len(EXERCISES)} mapped ({share:.1%})"
    for wger_id, reason in listed.unmapped.items():
        assert len(reason) > 20, f"wger exercise {wger_id} needs a reason, not {reason!r}"


def in_scope(exercise: dict[str, Any]) -> bool:
    """Whether wger says, or the name says, that the exercise trains legs or lower back."""
    if exercise["category"] == "Cardio":
        return False
    return (
        exercise["category"] in ("Legs", "Calves")
        or bool(LEGS & set(exercise["muscles"]))
        # "Tricep Dumbbell Kickback" is not a glute kickback.
        or (exercise["category"] != "Arms" and bool(KEYWORDS.search(exercise["name"])))
    )


def test_leg_and_lower_back_exercises_are_mapped_to_a_family(catalog: Catalog) -> None:
    listed = mapping()
    missing = []
    for wger_id, exercise in EXERCISES.items():
        if not in_scope(exercise) or wger_id in listed.unmapped or wger_id in NO_FAMILY:
            continue
        target = catalog.get(listed.exercises[wger_id])
        if target.family is None:
            missing.append(f"{wger_id} {exercise['name']} -> {target.id}")
    assert not missing, "\n".join(missing)


def test_the_exceptions_are_in_scope_and_classified_without_a_family(catalog: Catalog) -> None:
    listed = mapping()
    for wger_id in NO_FAMILY:
        assert in_scope(EXERCISES[wger_id]), wger_id
        assert catalog.get(listed.exercises[wger_id]).family is None, wger_id


def family_of(wger_id: int, catalog: Catalog) -> str | None:
    return catalog.get(mapping().exercises[wger_id]).family


@pytest.mark.parametrize(
    ("pattern", "families"),
    [
        (r"hip thrust|glute drive", {"hip-thrust"}),
        (r"glute bridge|hip bridge|^hip raise", {"glute-bridge"}),
        (r"romanian|\brdl\b|one legged deadlift|single-leg deadlift", {"romanian-deadlift"}),
        (r"stiff", {"stiff-leg-deadlift"}),
        (
            r"sumo deadlift|^deadlift|dumbbell deadlift|kettlebell deadlifts|deficit dead|rack",
            {"deadlift"},
        ),
        (r"good ?morning(s)?$", {"good-morning"}),
        (r"lunges?\b(?!.*(stretch|warm ?up))", {"lunge"}),
        (r"split squat", {"lunge"}),
        (r"calf rais|calf press", {"calf-raise"}),
        (r"leg curl", {"leg-curl"}),
        (r"^(?!calf).*leg press(es)?(?! toe)(?!.*hackenschmidt)", {"leg-press"}),
        # The kneeling superman (opposite arm and leg on all fours) is the bird dog.
        (r"hyperextensions$|back extens|superman", {"back-extension", "bird-dog"}),
        (r"foam roll", {"foam-rolling"}),
        (
            r"kickback|glute extension|extensión de glute",
            {"standing-glute-kickback", "quadruped-hip-extension"},
        ),
    ],
)
def test_names_go_to_the_right_family(catalog: Catalog, pattern: str, families: set[str]) -> None:
    """A hip thrust never lands among the deadlifts, a lunge never among the squats, ..."""
    matched = [
        wger_id
        for wger_id, exercise in EXERCISES.items()
        if re.search(pattern, exercise["name"], re.IGNORECASE)
        and wger_id in mapping().exercises
        and exercise["category"] != "Arms"
    ]
    assert matched, pattern
    wrong = {
        EXERCISES[w]["name"]: family_of(w, catalog)
        for w in matched
        if family_of(w, catalog) not in families
    }
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("wger_id", "expected"),
    [
        (1614, "hip-thrust"),  # Dumbbell Hip Thrust
        (1642, "hip-thrust"),  # Dumbbell Hip Thrust
        (1700, "romanian-deadlift"),  # Barbell Romanian Deadlift (RDL)
        (1370, "deadlift"),  # Dumbbell Deadlift
        (615, "back-squat"),  # Squats (the samples' barbell back squat)
        (901, "barbell-hip-thrust"),
        (265, "glute-bridge"),
        (203, "goblet-squat"),
        (1366, "fedb-split-squat-with-dumbbells"),
        (622, "standing-calf-raise"),
        (458, "plank"),
        (320, "jumping-jack"),  # a jump (impact), no longer light cardio
        (1862, "hip-circles"),
        (184, "deadlift"),
        (73, "bench-press"),
        (268, "good-morning"),
    ],
)
def test_the_samples_and_the_issues_examples_map_as_reviewed(wger_id: int, expected: str) -> None:
    assert mapping().exercises[wger_id] == expected


def test_stretches_foam_rolling_and_mobility_keep_their_role(catalog: Catalog) -> None:
    for wger_id, exercise in EXERCISES.items():
        name = exercise["name"].lower()
        target = mapping().exercises.get(wger_id)
        if target is None:
            continue
        if "foam roll" in name:
            assert catalog.get(target).role is Role.COOL_DOWN, exercise["name"]
        if re.search(r"\bstretch\b", name) and "lunge with twist" not in name:
            assert catalog.get(target).role in (Role.COOL_DOWN, Role.WARM_UP), exercise["name"]


def test_name_resolution_agrees_with_the_mapping(catalog: Catalog) -> None:
    """Where the catalog resolves a wger name by itself, it finds what the review chose."""
    resolved = disagree = 0
    for wger_id, exercise in EXERCISES.items():
        found = catalog.lookup(exercise["name"])
        if found is None:
            continue
        resolved += 1
        target = mapping().exercises.get(wger_id)
        assert target is not None, f"{exercise['name']} resolves but is not mapped"
        chosen = catalog.get(target)
        same = (found.family, found.group) == (chosen.family, chosen.group) or (
            found.pattern,
            found.loading,
            found.role,
        ) == (chosen.pattern, chosen.loading, chosen.role)
        disagree += not same
        assert same, f"{exercise['name']}: by name {found.id}, reviewed {chosen.id}"
    assert resolved >= 195  # up from 168 before the catalog learnt wger's names


# The file is checked when it is read -----------------------------------------------------------


def broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(document())
    first = data["family"][0]["exercises"][0]
    if change == "wrong family":
        first["exercise"] = "romanian-deadlift"
    elif change == "not a catalog id":
        first["exercise"] = "moon-squat"
    elif change == "listed twice":
        data["family"][1]["exercises"].append(dict(first))
    elif change == "bad id":
        first["wger"] = "43"
    elif change == "classified with a family":
        data["classified"][0]["exercises"][0]["exercise"] = "deadlift"
    elif change == "wrong pattern":
        data["classified"][0]["pattern"] = "flying"
    elif change == "unknown key":
        first["colour"] = "red"
    elif change == "no reason":
        data["unmapped"][0]["reason"] = ""
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("wrong family", "wger.toml, family[0].exercises[0]: 'romanian-deadlift' has the family"),
        ("not a catalog id", "wger.toml, family[0].exercises[0]: 'moon-squat' is not a catalog id"),
        ("listed twice", "is listed twice"),
        ("bad id", "family[0].exercises[0].wger: must be a wger exercise id, not '43'"),
        ("classified with a family", "'deadlift' has the family 'deadlift'"),
        ("wrong pattern", "classified[0].pattern: 'flying' is not a pattern"),
        ("unknown key", "family[0].exercises[0]: has unknown key(s) colour"),
        ("no reason", "unmapped[0].reason: must be non-empty text"),
    ],
)
def test_wrong_data_is_refused_with_its_place(change: str, message: str) -> None:
    with pytest.raises(WgerDataError, match=re.escape(message)):
        parse_mapping(broken(change), default_catalog())


def test_the_document_gives_the_default_mapping() -> None:
    assert parse_mapping(document(), default_catalog()) == mapping()
