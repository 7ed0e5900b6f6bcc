"""The vignette suite: clinical cases, each checked against the default pack.

Every ``tests/vignettes/*.toml`` file holds ``[[vignette]]`` tables. A vignette states a
``plan`` (interchange format v1), an optional ``profile`` and ``symptoms``, the verdict
and the exact set of finding codes the report must have (``expect_verdict``,
``expect_codes``; info findings included), which codes it is meant to trigger
(``triggers``) and which it is a near miss for (``near_miss_of``: a minimal change that
keeps the rule silent). ``notes`` lists an adapter's notes on how it read the plan
(`backsafe.adapters.InputNote` fields: ``kind``, ``level``, ``message``, and optionally
``location`` as a table and ``source``). A file may give a top-level ``plan`` that its vignettes use unless
they give their own. ``xfail_reason`` marks a vignette whose expectation follows the
rule's documentation but which the engine does not meet yet (a strict xfail: once the
engine is fixed, the vignette reports XPASS and the mark must go). Test ids are
``file/vignette-name``.

Besides the vignettes themselves, the tests check that every rule of the default pack has
at least one vignette that triggers it and one near miss, and that red flags (the rules
that cannot be suppressed) still fire when a check selects other rules only.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from backsafe.adapters import InputNote
from backsafe.packs import PackSet
from backsafe.report import Level, Location, Part

try:
    from backsafe import check
except ImportError:  # the public name is not exported yet
    from backsafe._api import check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

VIGNETTES = Path(__file__).parent / "vignettes"

_FILE_KEYS = frozenset({"plan", "vignette"})
_REQUIRED = ("name", "description", "triggers", "near_miss_of", "expect_verdict", "expect_codes")
_OPTIONAL = ("plan", "profile", "symptoms", "notes", "xfail_reason")
_VERDICTS = frozenset(level.value for level in Level)

RULES = {rule.code: rule for rule in PackSet.load().pack("backsafe").rules}
#: The rules no select/ignore configuration can switch off (the red flags, BS902, BS903,
#: BS905).
UNSUPPRESSIBLE = frozenset(code for code, rule in RULES.items() if not rule.suppressible)


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as file:
        document = tomllib.load(file)
    unknown = set(document) - _FILE_KEYS
    assert not unknown, f"{path.name}: unknown top-level keys {sorted(unknown)}"
    vignettes = document.get("vignette", [])
    assert vignettes, f"{path.name} has no [[vignette]]"
    loaded = []
    for vignette in vignettes:
        name = vignette.get("name", "?")
        unknown = set(vignette) - set(_REQUIRED) - set(_OPTIONAL)
        assert not unknown, f"{path.name}::{name}: unknown keys {sorted(unknown)}"
        missing = [key for key in _REQUIRED if key not in vignette]
        assert not missing, f"{path.name}::{name}: missing keys {missing}"
        merged = {"plan": document["plan"]} if "plan" in document else {}
        merged.update(vignette)
        assert "plan" in merged, f"{path.name}::{name}: no plan, and the file has none"
        merged["id"] = f"{path.stem}/{name}"
        loaded.append(merged)
    return loaded


def _all_vignettes() -> list[dict[str, Any]]:
    vignettes = [v for path in sorted(VIGNETTES.glob("*.toml")) for v in _load(path)]
    ids = [v["id"] for v in vignettes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"vignette names used twice in a file: {duplicates}"
    return vignettes


ALL = _all_vignettes()
#: The vignettes expected to pass; coverage counts only these.
PASSING = [v for v in ALL if "xfail_reason" not in v]


def _params(vignettes: list[dict[str, Any]]) -> list[Any]:
    return [
        pytest.param(
            v,
            id=v["id"],
            marks=[pytest.mark.xfail(reason=v["xfail_reason"], strict=True)]
            if "xfail_reason" in v
            else [],
        )
        for v in vignettes
    ]


def _note(data: Mapping[str, Any]) -> InputNote:
    where = dict(data.get("location") or {})
    if "part" in where:
        where["part"] = Part(where["part"])
    return InputNote(
        data["kind"],
        Level(data["level"]),
        data["message"],
        Location(**where) if "location" in data else None,
        data.get("source"),
    )


def _run(vignette: Mapping[str, Any], **options: Any) -> Any:
    notes = [_note(note) for note in vignette.get("notes", ())]
    return check(
        vignette["plan"],
        vignette.get("profile"),
        vignette.get("symptoms", ()),
        notes=notes,
        **options,
    )


def _describe(report: Any) -> str:
    lines = [f"verdict {report.verdict}"]
    lines += [f"  {f.code} {f.level} {f.location}: {f.message}" for f in report.findings]
    lines += [f"  error: {e}" for e in report.errors]
    return "\n".join(lines)


@pytest.mark.parametrize("vignette", _params(ALL))
def test_vignette(vignette: dict[str, Any]) -> None:
    report = _run(vignette)
    codes = {finding.code for finding in report.findings}
    shown = f"{vignette['id']}: {' '.join(vignette['description'].split())}\n{_describe(report)}"
    assert not report.errors, shown
    assert codes == set(vignette["expect_codes"]), shown
    assert str(report.verdict) == vignette["expect_verdict"], shown
    for code in vignette["triggers"]:
        assert code in codes, f"{code} did not fire\n{shown}"
    for code in vignette["near_miss_of"]:
        assert code not in codes, f"{code} fired on its near miss\n{shown}"


@pytest.mark.parametrize("vignette", ALL, ids=[v["id"] for v in ALL])
def test_vignette_is_consistent(vignette: dict[str, Any]) -> None:
    """Each vignette's own statements agree, and name rules that exist."""
    name = vignette["id"]
    named = [*vignette["triggers"], *vignette["near_miss_of"], *vignette["expect_codes"]]
    unknown = sorted(set(named) - set(RULES))
    assert not unknown, f"{name}: no rule has the codes {unknown}"
    expected = set(vignette["expect_codes"])
    assert len(expected) == len(vignette["expect_codes"]), f"{name}: expect_codes repeats"
    assert set(vignette["triggers"]) <= expected, f"{name}: a trigger is not expected"
    assert not set(vignette["near_miss_of"]) & expected, f"{name}: a near miss is expected"
    assert vignette["expect_verdict"] in _VERDICTS, f"{name}: unknown verdict"
    assert vignette["description"].strip(), f"{name}: empty description"
    # The verdict is the highest level among the expected findings (ok when none is above
    # info), so a vignette cannot expect a verdict its codes do not explain.
    highest = max((RULES[code].level for code in expected), default=Level.OK)
    verdict = Level.OK if highest <= Level.INFO else highest
    assert vignette["expect_verdict"] == verdict.value, (
        f"{name}: expect_codes make the verdict {verdict}, not {vignette['expect_verdict']}"
    )


def test_every_rule_has_a_trigger_and_a_near_miss() -> None:
    triggered = {code for v in PASSING for code in v["triggers"]}
    missed = {code for v in PASSING for code in v["near_miss_of"]}
    assert not set(RULES) - triggered, f"no vignette triggers {sorted(set(RULES) - triggered)}"
    assert not set(RULES) - missed, f"no near miss for {sorted(set(RULES) - missed)}"


def test_unsuppressible_rules_are_the_red_flags_and_what_cannot_be_judged() -> None:
    expected = {f"BS0{n:02}" for n in range(1, 16)} | {"BS902", "BS903", "BS905"}
    assert expected == UNSUPPRESSIBLE


RED_FLAG_VIGNETTES = [v for v in PASSING if UNSUPPRESSIBLE & set(v["triggers"])]


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"select": ["BS4"]}, id="select-BS4"),
        pytest.param({"ignore": ["BS0", "BS9"]}, id="ignore-BS0-BS9"),
    ],
)
@pytest.mark.parametrize("vignette", RED_FLAG_VIGNETTES, ids=[v["id"] for v in RED_FLAG_VIGNETTES])
def test_red_flags_cannot_be_switched_off(
    vignette: dict[str, Any], options: dict[str, list[str]]
) -> None:
    report = _run(vignette, **options)
    codes = {finding.code for finding in report.findings}
    expected = set(vignette["expect_codes"])
    if "select" in options:
        kept = {code for code in expected if code.startswith(tuple(options["select"]))}
    else:
        kept = {code for code in expected if not code.startswith(tuple(options["ignore"]))}
    # The selection works on the other rules, and never on the unsuppressible ones.
    assert codes == kept | (expected & UNSUPPRESSIBLE), (
        f"{vignette['id']} with {options}\n{_describe(report)}"
    )
