"""The pages' examples work as written: the pack format's example loads and its rule fires."""

from __future__ import annotations

import re
from pathlib import Path

import backsafe
from backsafe.cli._rules import explain
from backsafe.packs import PackOptions, PackSet

DOCS = Path(__file__).parent.parent / "docs"


def _example_pack(directory: Path) -> PackSet:
    page = (DOCS / "packs.md").read_text(encoding="utf-8")
    found = re.search(r"## The TOML format.*?```toml\n(.*?)```", page, re.S)
    assert found is not None
    (directory / "pack.toml").write_text(found.group(1), encoding="utf-8")
    return PackSet.load(PackOptions(paths=[str(directory)], autoload=False))


def test_the_pack_format_example_loads_and_its_rule_fires(tmp_path: Path) -> None:
    packs = _example_pack(tmp_path)
    assert not packs.errors, packs.errors
    plan = {
        "weeks": [
            {
                "sessions": [
                    {"day": 1, "blocks": [{"exercise": "jefferson curl", "sets": 3, "reps": 8}]}
                ]
            }
        ]
    }
    report = packs.checker().check(
        backsafe.load_plan(plan), backsafe.load_profile({"conditions": ["sacroiliac-joint-pain"]})
    )
    assert "CL002" in {finding.code for finding in report.findings}
    assert report.complete


def test_an_override_shows_in_the_message_and_in_explain(tmp_path: Path) -> None:
    packs = _example_pack(tmp_path)  # BS601's max_increase 0.10 -> 0.05
    weeks = [
        {
            "sessions": [
                {
                    "day": 1,
                    "blocks": [{"exercise": "hip thrust", "sets": 3, "reps": 8, "load_kg": load}],
                }
            ]
        }
        for load in (100, 107.5)
    ]
    report = packs.checker().check(backsafe.load_plan({"weeks": weeks}))
    (jump,) = [f for f in report.findings if f.code == "BS601"]
    assert "raise the load by at most 5% at a time" in jump.message
    text = explain(packs.registry.get("BS601"), packs.info)
    assert "## Overridden" in text
    assert "- clinic: max_increase 0.1 -> 0.05 (Clinic protocol:" in text
