"""The guide-coverage map names real rules and data for every item of the guide."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from backsafe import _tomllib as tomllib
from backsafe._data import rules_dir
from backsafe.catalog import default_catalog
from backsafe.packs import PackSet

ITEMS: list[dict[str, Any]] = tomllib.loads((rules_dir() / "coverage.toml").read_text())["item"]


def test_every_numbered_item_and_faq_of_the_guide_is_listed() -> None:
    sections = Counter(item["section"] for item in ITEMS)
    assert sections == {
        "Causes of Lower Back Pain After Glute Exercises": 5,
        "Exercises That Can Cause Lower Back Pain": 5,
        "Preventing Lower Back Pain After Glute Exercises": 5,
        "Treating Lower Back Pain After Glute Exercises": 5,
        "Glute Exercises That Are Lower Back Friendly": 5,
        "Incorporating Glute Exercises Into Your Routine": 3,
        "FAQs": 5,
    }
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=[item["id"] for item in ITEMS])
def test_item_is_mapped_to_existing_rules_or_data(item: dict[str, Any]) -> None:
    assert item.get("rules") or item.get("data"), f"{item['id']} is not mapped"
    pack = PackSet.load().pack("backsafe")
    codes = {rule.code for rule in pack.rules}
    for code in item.get("rules", []):
        assert code in codes, f"{item['id']} names {code}, which is not a rule"
    catalog = default_catalog()
    known = {
        "advice": {key.removeprefix("backsafe/") for key in pack.advice},
        "substitutes": set(pack.substitutes),
        "exercise": {exercise.id for exercise in catalog},
        "group": set(catalog.groups),
    }
    for entry in item.get("data", []):
        table, _, key = entry.partition(".")
        assert key in known.get(table, set()), f"{item['id']} names {entry}, which does not exist"


def test_every_rule_is_in_the_map() -> None:
    mapped = {code for item in ITEMS for code in item.get("rules", [])}
    rules = PackSet.load().pack("backsafe").rules
    # The catalog rules say what could not be judged; they implement no item of the guide.
    catalog = {rule.code for rule in rules if rule.topic == "catalog"}
    assert catalog == {"BS902", "BS903", "BS904", "BS905"}
    unmapped = {rule.code for rule in rules} - mapped - catalog
    assert not unmapped, f"rules that implement no guide item: {sorted(unmapped)}"
