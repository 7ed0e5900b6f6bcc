"""The vignette suite's own rules, beside the vignettes the plugin runs.

``tests/vignettes/*.toml`` are clinical cases in the vignette format of
`backsafe.testing.vignettes`; backsafe's pytest plugin collects each as a test (the
``backsafe_vignettes`` option in pyproject.toml), as users' projects collect theirs. Here:
each vignette states its exact codes and agrees with itself, every rule of the default pack
has a vignette that triggers it and a near miss, and red flags (the rules that cannot be
suppressed) still fire when a check selects or ignores other rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backsafe.packs import PackSet
from backsafe.report import Level
from backsafe.testing.vignettes import Vignette, load_vignettes

VIGNETTES = Path(__file__).parent / "vignettes"
ALL = load_vignettes([VIGNETTES])
#: The vignettes expected to pass; coverage counts only these.
PASSING = [v for v in ALL if v.xfail_reason is None]

RULES = {rule.code: rule for rule in PackSet.load().pack("backsafe").rules}
#: The rules no select/ignore configuration can switch off (the red flags, BS902, BS903,
#: BS905).
UNSUPPRESSIBLE = frozenset(code for code, rule in RULES.items() if not rule.suppressible)


def test_the_plugin_collects_every_vignette_file(pytestconfig: pytest.Config) -> None:
    patterns = pytestconfig.getini("backsafe_vignettes")
    files = sorted(VIGNETTES.glob("*.toml"))
    assert files
    for path in files:
        assert any(path.match(pattern) for pattern in patterns), path


def test_vignette_names_are_unique() -> None:
    ids = [v.id for v in ALL]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("vignette", ALL, ids=[v.id for v in ALL])
def test_vignette_is_consistent(vignette: Vignette) -> None:
    """Each vignette states its exact codes, agrees with itself, and names rules that exist."""
    name = vignette.id
    assert vignette.description.strip(), f"{name}: no description"
    assert vignette.expect_codes is not None, f"{name}: the project's vignettes state expect_codes"
    named = {*vignette.triggers, *vignette.near_miss_of, *vignette.expect_codes}
    assert not named - set(RULES), f"{name}: no rule has the codes {sorted(named - set(RULES))}"
    assert set(vignette.triggers) <= vignette.expect_codes, f"{name}: a trigger is not expected"
    assert not set(vignette.near_miss_of) & vignette.expect_codes, (
        f"{name}: a near miss is expected"
    )
    # The verdict is the highest level among the expected findings (ok when none is above
    # info), so a vignette cannot expect a verdict its codes do not explain. A finding a
    # rule raises above its own level (an adapter's note for someone at risk) says so in
    # expect_findings.
    stated = {f.code: f.level for f in vignette.expect_findings if f.level is not None}
    highest = max(
        (stated.get(code, RULES[code].level) for code in vignette.expect_codes), default=Level.OK
    )
    verdict = Level.OK if highest <= Level.INFO else highest
    assert vignette.expect_verdict is verdict, (
        f"{name}: expect_codes make the verdict {verdict}, not {vignette.expect_verdict}"
    )


def test_every_rule_has_a_trigger_and_a_near_miss() -> None:
    triggered = {code for v in PASSING for code in v.triggers}
    missed = {code for v in PASSING for code in v.near_miss_of}
    assert not set(RULES) - triggered, f"no vignette triggers {sorted(set(RULES) - triggered)}"
    assert not set(RULES) - missed, f"no near miss for {sorted(set(RULES) - missed)}"


def test_unsuppressible_rules_are_the_red_flags_and_what_cannot_be_judged() -> None:
    expected = {f"BS0{n:02}" for n in range(1, 16)} | {"BS902", "BS903", "BS905"}
    assert expected == UNSUPPRESSIBLE


RED_FLAG_VIGNETTES = [v for v in PASSING if UNSUPPRESSIBLE & set(v.triggers)]


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"select": ["BS4"]}, id="select-BS4"),
        pytest.param({"ignore": ["BS0", "BS9"]}, id="ignore-BS0-BS9"),
    ],
)
@pytest.mark.parametrize("vignette", RED_FLAG_VIGNETTES, ids=[v.id for v in RED_FLAG_VIGNETTES])
def test_red_flags_cannot_be_switched_off(
    vignette: Vignette, options: dict[str, list[str]]
) -> None:
    report = vignette.run(**options)
    codes = set(report.codes)
    expected = set(vignette.expect_codes or ())
    if "select" in options:
        kept = {code for code in expected if code.startswith(tuple(options["select"]))}
    else:
        kept = {code for code in expected if not code.startswith(tuple(options["ignore"]))}
    # The selection works on the other rules, and never on the unsuppressible ones.
    assert codes == kept | (expected & UNSUPPRESSIBLE), vignette.explain(report, [str(options)])
