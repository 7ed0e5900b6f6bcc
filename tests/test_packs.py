"""Third-party packs: discovery through entry points, loading, failure, overrides, the CLI.

Throwaway distributions are written as ``*.dist-info`` folders with their modules in a
temporary folder put on ``sys.path`` (in-process) or ``PYTHONPATH`` (subprocess): the
same thing pip leaves in site-packages, which is what importlib-metadata reads.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from importlib_metadata import Distribution

import backsafe
from backsafe.engine import Checker, Library
from backsafe.packs import (
    CheckerSpec,
    MissingPackError,
    PackLoadError,
    PackOptions,
    PackSet,
)

ROOT = Path(__file__).parent.parent
RISKY = ROOT / "examples" / "plans" / "risky-glute-builder.json"
FRIENDLY = ROOT / "examples" / "plans" / "glute-builder.json"

#: A data-only pack: one rule of a built-in kind, its reference, an advice text.
DATA_PACK = """
[pack]
name = "{name}"
prefix = "{prefix}"
title = "A test pack"

[reference.protocol]
title = "A clinic protocol"

[advice.rest-more]
text = "Rest more."
references = [{{ ref = "protocol" }}]

[[rule]]
code = "{prefix}001"
name = "bridges-need-a-brace"
kind = "missing-cue"
topic = "form"
level = "modify"
summary = "Bridges without a brace cue."
message = "{{exercise}}: brace!"
references = [{{ ref = "protocol" }}]
options = {{ groups = ["bridges-and-hip-thrusts"], cues = ["brace-core"] }}
"""


def write_dist(
    site: Path,
    dist: str,
    entry_points: Mapping[str, str],
    files: Mapping[str, str],
    version: str = "1.0",
) -> None:
    """Write a distribution as pip would install it: its files and its dist-info."""
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    lines = ["[backsafe.packs]", *(f"{name} = {value}" for name, value in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    record = []
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        record.append(f"{relative},,")
    (info / "RECORD").write_text("\n".join(record) + "\n")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path for throwaway distributions (removed afterwards)."""
    folder = tmp_path / "site"
    folder.mkdir()
    sys.path.insert(0, str(folder))
    try:
        yield folder
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.startswith("tp_")]:
            del sys.modules[name]


def load(**options: Any) -> PackSet:
    """A fresh pack set (not the cached one), with autoload on unless said otherwise."""
    options.setdefault("autoload", True)
    return PackSet(PackOptions(**options))


def data_pack(
    site: Path, module: str, *, name: str = "tp", prefix: str = "TP", **extra: str
) -> None:
    files = {f"{module}/pack.toml": DATA_PACK.format(name=name, prefix=prefix)}
    files.update({f"{module}/{key}": value for key, value in extra.items()})
    write_dist(site, f"{module}-dist", {name: module}, files)


# --- discovery ---------------------------------------------------------------------------


def test_a_data_only_pack_loads_from_an_entry_point_naming_its_directory(site: Path) -> None:
    data_pack(site, "tp_data")
    packs = load()
    assert [p.name for p in packs.packs] == ["backsafe", "tp"]
    pack = packs.pack("tp")
    assert pack.origin.distribution == "tp_data-dist"
    assert pack.origin.version == "1.0"
    assert pack.origin.entry_point == "tp = tp_data"
    assert "TP001" in packs.registry
    assert "tp_data" not in sys.modules, "a data-only pack is read, never imported"
    report = packs.checker().check(backsafe.load_plan(RISKY))
    assert "TP001" in report.codes
    assert [p.name for p in report.packs] == ["backsafe", "tp"]


PYTHON_PACK = """
import attrs
from typing import ClassVar
from backsafe import Level, Reference
from backsafe.engine import PlanCheck, Rule
from backsafe.packs import Pack


@attrs.frozen
class TooManyWeeks(PlanCheck):
    message_fields: ClassVar[frozenset[str]] = frozenset({"weeks", "sessions"})
    most: int = 3

    def check_plan(self, ctx, rule, facts):
        # A third-party rule reads the same facts as the built-in ones.
        if len(facts.weeks) > self.most:
            sessions = len(facts.glute_sessions)
            ctx.report(rule, rule.format(weeks=len(facts.weeks), sessions=sessions))


RULE = Rule(
    code="PY001",
    name="long-plan",
    topic="volume",
    level=Level.CAUTION,
    check=TooManyWeeks(),
    message="{weeks} weeks with {sessions} glute sessions",
    summary="Plans longer than 3 weeks.",
    references=(Reference("mine", "My protocol"),),
)

pack = Pack(name="py", prefix="PY", rules=[RULE], kinds={"too-many-weeks": TooManyWeeks})


def make_pack():
    return pack
"""


def test_a_python_pack_object_or_factory_loads(site: Path) -> None:
    write_dist(site, "tp-python", {"py": "tp_python:pack"}, {"tp_python.py": PYTHON_PACK})
    packs = load()
    assert packs.pack("py").rules[0].pack == "py", "the loader fills in the owning pack"
    assert "too-many-weeks" in packs.kinds
    report = packs.checker().check(backsafe.load_plan(RISKY))
    finding = next(f for f in report.findings if f.code == "PY001")
    assert finding.message.startswith("4 weeks with ")
    PackSet.clear_cache()


def test_a_factory_is_called(site: Path) -> None:
    write_dist(site, "tp-factory", {"py": "tp_factory:make_pack"}, {"tp_factory.py": PYTHON_PACK})
    assert "PY001" in load().registry


def test_packs_load_in_a_stable_order(site: Path) -> None:
    data_pack(site, "tp_zeta", name="zeta", prefix="ZZ")
    data_pack(site, "tp_alpha", name="alpha", prefix="AA")
    assert [p.name for p in load().packs] == ["backsafe", "alpha", "zeta"]


def test_a_data_pack_can_use_a_kind_of_a_python_pack_loaded_before_it(site: Path) -> None:
    write_dist(site, "a-python", {"py": "tp_kinds:pack"}, {"tp_kinds.py": PYTHON_PACK})
    rule = DATA_PACK.format(name="tp", prefix="TP").replace(
        'kind = "missing-cue"', 'kind = "too-many-weeks"'
    )
    rule = rule.replace('message = "{exercise}: brace!"', 'message = "{weeks} is long"')
    rule = rule.replace(
        'options = { groups = ["bridges-and-hip-thrusts"], cues = ["brace-core"] }',
        "options = { most = 2 }",
    )
    write_dist(site, "b-data", {"tp": "tp_user"}, {"tp_user/pack.toml": rule})
    packs = load()
    assert not packs.errors, packs.errors
    report = packs.checker().check(backsafe.load_plan(RISKY))
    assert any(f.code == "TP001" and f.message == "4 is long" for f in report.findings)


# --- failure, as flake8 and pluggy have it ------------------------------------------------

FAILURES = {
    "import raises": (
        {"tp_boom.py": "raise RuntimeError('the clinic pack is broken')\npack = None\n"},
        "tp_boom:pack",
        "RuntimeError: the clinic pack is broken",
    ),
    "not a pack": (
        {"tp_notpack.py": "pack = 42\n"},
        "tp_notpack:pack",
        "is not a backsafe.Pack (nor a function returning one) but int",
    ),
    "no such object": (
        {"tp_noattr.py": "x = 1\n"},
        "tp_noattr:pack",
        "AttributeError",
    ),
    "malformed TOML": (
        {"tp_badtoml/pack.toml": "[pack\nname = 'x'\n"},
        "tp_badtoml",
        "pack.toml: is not valid TOML",
    ),
    "bad placeholder": (
        {
            "tp_placeholder/pack.toml": DATA_PACK.format(name="tp", prefix="TP").replace(
                "{exercise}: brace!", "{exercize}: brace!"
            )
        },
        "tp_placeholder",
        "names {exercize}, a field its rule kind does not fill in (known: exercise)",
    ),
    "duplicate code": (
        {
            "tp_dup/pack.toml": DATA_PACK.format(name="tp", prefix="TP")
            + DATA_PACK.format(name="tp", prefix="TP").split("[[rule]]")[1].join(["[[rule]]", ""])
        },
        "tp_dup",
        "rule.TP001: is claimed twice in the pack",
    ),
    "prefix taken": (
        {"tp_prefix/pack.toml": DATA_PACK.format(name="tp", prefix="BS").replace("BS001", "BS001")},
        "tp_prefix",
        "is already the prefix of pack 'backsafe'",
    ),
    "no directory": (
        {"tp_module.py": "x = 1\n"},
        "tp_module",
        "is neither module:object (a backsafe.Pack) nor a package directory of TOML files",
    ),
}


@pytest.mark.parametrize("case", FAILURES, ids=list(FAILURES))
def test_a_broken_pack_is_a_report_error_and_the_others_still_load(site: Path, case: str) -> None:
    files, value, cause = FAILURES[case]
    data_pack(site, "tp_good", name="good", prefix="GD")
    write_dist(site, "tp-broken", {"broken": value}, files, version="2.5")
    packs = load()
    assert [p.name for p in packs.packs] == ["backsafe", "good"]
    [error] = packs.errors
    assert error.kind == "pack-failed"
    assert "'broken'" in error.message
    assert "distribution tp-broken 2.5" in error.message
    assert f"broken = {value}" in error.message
    assert cause in error.message
    report = packs.checker().check(backsafe.load_plan(FRIENDLY))
    assert report.errors and report.verdict >= backsafe.Level.CAUTION
    assert not report.ok
    with pytest.raises(PackLoadError, match="broken"):
        load(strict=True)


def test_no_pack_skips_one_and_require_pack_names_what_is_missing(site: Path) -> None:
    data_pack(site, "tp_skip", name="skipme", prefix="SK")
    assert [p.name for p in load(disabled=["skipme"]).packs] == ["backsafe"]
    assert load(disabled=["nosuch"]).notes == (
        "--no-pack nosuch: no pack of that name is installed",
    )
    with pytest.raises(MissingPackError) as raised:
        load(required=["clinic"])
    assert raised.value.missing == ("clinic",)
    assert raised.value.installed == ("backsafe", "skipme")


def test_autoload_off_loads_backsafes_own_packs_only(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_pack(site, "tp_auto", name="auto", prefix="AU")
    monkeypatch.setenv("BACKSAFE_DISABLE_PACK_AUTOLOAD", "1")
    assert [p.name for p in PackSet(PackOptions()).packs] == ["backsafe"]
    monkeypatch.setenv("BACKSAFE_DISABLE_PACK_AUTOLOAD", "0")
    assert [p.name for p in PackSet(PackOptions()).packs] == ["backsafe", "auto"]


def test_a_pack_directory_loads_without_installing(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(DATA_PACK.format(name="local", prefix="LO"))
    packs = load(paths=[tmp_path], autoload=False)
    assert packs.pack("local").origin.path == str(tmp_path)
    assert "LO001" in packs.registry
    missing = load(paths=[tmp_path / "nowhere"], autoload=False)
    assert "is not a directory" in missing.errors[0].message


def test_without_the_default_pack_nothing_passes_silently() -> None:
    packs = load(disabled=["backsafe"], autoload=False)
    assert not packs.rules
    assert [e.kind for e in packs.errors] == ["no-rules"]
    assert packs.checker().check(backsafe.load_plan(FRIENDLY)).verdict is backsafe.Level.CAUTION


# --- overrides ---------------------------------------------------------------------------

OVERRIDE = """
[[override]]
pack = "backsafe"
rule = "BS601"
options = {{ max_increase = {value} }}
level = "{level}"
reason = "clinic protocol"
"""


def test_an_override_changes_the_rule_and_is_listed_for_auditors(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(
        DATA_PACK.format(name="strict", prefix="ST") + OVERRIDE.format(value=0.05, level="modify")
    )
    packs = load(paths=[tmp_path], autoload=False)
    assert not packs.errors, packs.errors
    rule = packs.registry.get("BS601")
    assert rule.check.max_increase == 0.05  # type: ignore[attr-defined]
    assert rule.level is backsafe.Level.MODIFY
    assert rule.pack == "backsafe", "the rule stays the default pack's"
    info = packs.pack("strict").info
    assert [(o.rule, o.option, o.before, o.after) for o in info.overrides] == [
        ("BS601", "max_increase", 0.1, 0.05),
        ("BS601", "level", "caution", "modify"),
    ]
    plan = {
        "weeks": [
            {
                "sessions": [
                    {
                        "day": 1,
                        "blocks": [{"exercise": "deadlift", "sets": 3, "reps": 5, "load_kg": 100}],
                    }
                ]
            },
            {
                "sessions": [
                    {
                        "day": 1,
                        "blocks": [{"exercise": "deadlift", "sets": 3, "reps": 5, "load_kg": 107}],
                    }
                ]
            },
        ]
    }
    report = packs.checker().check(backsafe.load_plan(plan))
    assert [f.level for f in report.findings if f.code == "BS601"] == [backsafe.Level.MODIFY]
    assert report.packs[1].overrides == info.overrides
    default = PackSet(PackOptions(autoload=False)).checker().check(backsafe.load_plan(plan))
    assert "BS601" not in default.codes, "7% is within the default pack's 10%"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            'pack = "nosuch"\nrule = "BS601"\nreason = "x"\nlevel = "modify"',
            "is not a pack loaded before this one",
        ),
        (
            'pack = "backsafe"\nrule = "BS999"\nreason = "x"\nlevel = "modify"',
            "is not a rule of pack 'backsafe'",
        ),
        ('pack = "backsafe"\nrule = "BS601"\nreason = "x"', "changes nothing"),
        (
            'pack = "backsafe"\nrule = "BS601"\nreason = "x"\noptions = { most = 1 }',
            "is not an option of BS601 (options: max_increase",
        ),
        (
            'pack = "backsafe"\nrule = "BS601"\nreason = "x"\noptions = { max_increase = "a lot" }',
            "must be a number",
        ),
        (
            'pack = "backsafe"\nrule = "BS601"\nreason = "x"\noptions = { max_increase = -1 }',
            "are not valid for BS601",
        ),
        (
            'pack = "backsafe"\nrule = "BS001"\nreason = "x"\nlevel = "info"',
            "cannot lower the level of BS001",
        ),
        ('pack = "backsafe"\nrule = "BS601"\nlevel = "modify"', "reason: is required"),
    ],
)
def test_a_bad_override_is_refused(tmp_path: Path, override: str, message: str) -> None:
    (tmp_path / "pack.toml").write_text(
        DATA_PACK.format(name="strict", prefix="ST") + "\n[[override]]\n" + override + "\n"
    )
    packs = load(paths=[tmp_path], autoload=False)
    [error] = packs.errors
    assert message in error.message
    assert packs.registry.get("BS601").check.max_increase == 0.1  # type: ignore[attr-defined]


# --- the loader: every problem, with its file and path ------------------------------------

RULE = DATA_PACK.format(name="tp", prefix="TP")
LOADER_CASES = [
    ("[colour]\nx = 1\n", "pack.toml.colour: is not a pack table"),
    (
        '[pack]\nname = "Bad Name"\nprefix = "TP"\n',
        "pack.toml.pack.name: must be lowercase words joined by hyphens",
    ),
    (
        '[pack]\nname = "tp"\nprefix = "tp1"\n',
        "pack.toml.pack.prefix: must be 2 to 4 capital letters",
    ),
    ('[pack]\nprefix = "TP"\n', "pack.toml.pack.name: is required"),
    ("", "pack: is required"),
    (
        RULE.replace('code = "TP001"', 'code = "XX001"'),
        "rule[0].code: must be the pack's prefix 'TP' and digits",
    ),
    (
        RULE.replace('code = "TP001"', 'code = "TP1a"'),
        "rule[0].code: must be the pack's prefix 'TP' and digits",
    ),
    (
        RULE.replace('kind = "missing-cue"', 'kind = "missing-cues"'),
        "rule[0].kind: must be a rule kind (known: ",
    ),
    (
        RULE.replace('level = "modify"', 'level = "severe"'),
        "rule[0].level: must be one of 'ok', 'info'",
    ),
    (RULE.replace('level = "modify"', "level = 3"), "rule[0].level: must be one of"),
    (
        RULE.replace('level = "modify"', 'level = "ok"'),
        "rule[0].level: must be a finding level, not 'ok'",
    ),
    (
        RULE.replace('topic = "form"', 'topic = "Form Stuff"'),
        "rule[0].topic: must be lowercase words",
    ),
    (
        RULE.replace('topic = "form"', 'topic = "red-flag"'),
        "rule[0].suppressible: must be false for a red-flag rule",
    ),
    (
        RULE.replace('{ ref = "protocol" }]\noptions', '{ ref = "nosuch" }]\noptions'),
        "rule[0].references[0].ref: is not a reference of the pack (known: protocol)",
    ),
    (
        RULE.replace('"bridges-and-hip-thrusts"', '"bridges"'),
        "rule[0].options.groups: is not an exercise group (known: ",
    ),
    (
        RULE.replace('cues = ["brace-core"]', 'cues = ["brace-core"], colour = "red"'),
        "rule[0].options.colour: is not a known field (known: groups, cues)",
    ),
    (RULE.replace('cues = ["brace-core"]', "cues = []"), "rule[0].options"),
    (RULE.replace('cues = ["brace-core"]', "cues = 3"), "rule[0].options.cues"),
    (
        RULE.replace("{exercise}: brace!", "{0}: brace!"),
        "rule[0].message: names a positional field {0}",
    ),
    (
        RULE.replace("{exercise}: brace!", "{exercise:>10}: brace!"),
        "rule[0].message: has a format spec in {exercise:>10}",
    ),
    (
        RULE.replace("{exercise}: brace!", "{exercise.name}: brace!"),
        "rule[0].message: reads into the field {exercise.name}",
    ),
    (
        RULE.replace("{exercise}: brace!", "{exercise: brace!"),
        "rule[0].message: is not a valid message template",
    ),
    (
        RULE.replace("{exercise}: brace!", "{exercise!x}: brace!"),
        "rule[0].message: has an unknown conversion !x",
    ),
    (
        RULE + '\n[substitutes]\nnosuch = ["bird-dog"]\n',
        "pack.toml.substitutes.nosuch: is not an exercise family or group",
    ),
    (
        RULE + '\n[substitutes]\ndeadlift = ["not-an-id"]\n',
        "pack.toml.substitutes.deadlift[0]: is not a catalog id",
    ),
    (
        RULE + '\n[condition.Bad_Id]\nname = "x"\n',
        "pack.toml.condition.Bad_Id: must be lowercase words",
    ),
    (
        RULE + '\n[condition.herniated-disc]\nname = "x"\n',
        "is already a condition of pack 'backsafe'",
    ),
    (
        RULE.replace('[advice.rest-more]\ntext = "Rest more."', "[advice.rest-more]\ntext = 5"),
        "pack.toml.advice.rest-more.text: must be a string",
    ),
    (
        RULE.replace('kind = "missing-cue"', 'kind = "condition-present"')
        .replace("{exercise}: brace!", "{condition}")
        .replace(
            'options = { groups = ["bridges-and-hip-thrusts"], cues = ["brace-core"] }',
            'options = { conditions = ["pregnant-ish"], advice = ["rest-more", "nosuch"] }',
        ),
        "rule[0].options.conditions: is not a condition a pack declares",
    ),
    (
        RULE.replace('kind = "missing-cue"', 'kind = "condition-present"')
        .replace("{exercise}: brace!", "{condition}")
        .replace(
            'options = { groups = ["bridges-and-hip-thrusts"], cues = ["brace-core"] }',
            'options = { conditions = ["herniated-disc"], advice = ["rest-more", "nosuch"] }',
        ),
        "rule[0].options.advice[1]: is not an advice id of a pack",
    ),
    (
        RULE.replace('kind = "missing-cue"', 'kind = "missing-part"')
        .replace("{exercise}: brace!", "{session}")
        .replace(
            'options = { groups = ["bridges-and-hip-thrusts"], cues = ["brace-core"] }',
            'options = { part = "warm_up", add = ["light cardio"] }',
        ),
        "rule[0].options.add: is not an exercise id of the catalog; it is a name of 'light-cardio'",
    ),
    (
        RULE.replace('kind = "missing-cue"', 'kind = "missing-part"')
        .replace("{exercise}: brace!", "{session}")
        .replace(
            'options = { groups = ["bridges-and-hip-thrusts"], cues = ["brace-core"] }',
            'options = { part = "warmup", add = ["light-cardio"] }',
        ),
        "rule[0].options.part: must be one of 'warm_up', 'cool_down'",
    ),
    (
        RULE + '\n[[exercise]]\nid = "my-bridge"\nname = "My bridge"\n',
        "pack.toml.exercise[0]: lacks aliases, family",
    ),
    (
        RULE
        + textwrap.dedent("""
            [[exercise]]
            id = "my-bridge"
            name = "My bridge"
            aliases = []
            family = "glute-bridge"
            group = "bridges-and-hip-thrusts"
            back_friendly = "yes"
            pattern = "bridging"
            loading = "low"
            role = "strength"
            primary_muscles = ["glutes"]
            secondary_muscles = []
            equipment = ["body-only"]
        """),
        "pack.toml.exercise[0].back_friendly: must be true or false",
    ),
    (RULE + '\n[alias]\n"Romanian deadlift" = "back-squat"\n', "already names exercise"),
]


@pytest.mark.parametrize(("text", "message"), LOADER_CASES)
def test_the_loader_refuses_bad_pack_data_naming_the_place(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "pack.toml").write_text(text)
    packs = load(paths=[tmp_path], autoload=False)
    assert len(packs.errors) == 1, packs.errors
    error = packs.errors[0].message
    assert message in error, error
    assert "_found" not in error and "Traceback" not in error


def test_the_loader_lists_every_problem_at_once(tmp_path: Path) -> None:
    text = (
        RULE.replace('level = "modify"', 'level = "severe"')
        .replace("{exercise}: brace!", "{nosuch}")
        .replace('"bridges-and-hip-thrusts"', '"bridges"')
        + '\n[substitutes]\nx = ["y"]\n'
    )
    (tmp_path / "pack.toml").write_text(text)
    [error] = load(paths=[tmp_path], autoload=False).errors
    # A rule whose level is wrong is not checked further (its message and options are
    # not reported): the problems of different tables are listed at once.
    assert "3 problem(s):" in error.message
    assert "rule[0].level: must be one of" in error.message
    assert "substitutes.x: is not an exercise family or group" in error.message
    assert 'substitutes.x[0]: is not a catalog id, got "y"' in error.message
    (tmp_path / "pack.toml").write_text(text.replace('level = "severe"', 'level = "modify"'))
    [error] = load(paths=[tmp_path], autoload=False).errors
    assert "4 problem(s):" in error.message
    assert "rule[0].message: names {nosuch}" in error.message
    assert "rule[0].options.groups: is not an exercise group" in error.message


def test_a_pack_adds_exercises_groups_aliases_conditions_and_substitutes(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(
        DATA_PACK.format(name="gym", prefix="GY")
        + textwrap.dedent("""
            [group.sled-work]
            name = "Sled work"
            reference = "The gym's own group"
            glute = true

            [[exercise]]
            id = "sled-hip-drive"
            name = "Sled hip drive"
            aliases = ["prowler hip drive"]
            family = "sled-hip-drive"
            group = "sled-work"
            back_friendly = false
            pattern = "carry"
            loading = "moderate"
            role = "strength"
            primary_muscles = ["quadriceps", "glutes"]
            secondary_muscles = []
            equipment = ["other"]

            [alias]
            "hip bridge" = "glute-bridge"

            [condition.osteopenia]
            name = "osteopenia"

            [substitutes]
            sled-work = ["glute-bridge-with-resistance-band"]
        """)
    )
    packs = load(paths=[tmp_path], autoload=False)
    assert not packs.errors, packs.errors
    assert packs.catalog.lookup("Prowler hip drive").id == "sled-hip-drive"  # type: ignore[union-attr]
    assert packs.catalog.lookup("hip bridge").id == "glute-bridge"  # type: ignore[union-attr]
    assert packs.catalog.groups["sled-work"].glute
    assert packs.conditions["osteopenia"].pack == "gym"
    plan = {
        "weeks": [
            {
                "sessions": [
                    {"day": 1, "blocks": [{"exercise": "prowler hip drive", "sets": 3, "reps": 8}]}
                ]
            }
        ]
    }
    checker = packs.checker()
    assert checker.exercise("prowler hip drive").glute, "the group counts as glute work"
    report = checker.check(backsafe.load_plan(plan), backsafe.Profile(conditions=["osteopenia"]))
    assert "BS203" not in report.codes, "the pack knows osteopenia"
    assert "BS902" not in report.codes


def test_an_unknown_condition_is_reported() -> None:
    report = backsafe.check(FRIENDLY, {"conditions": ["spondylo-something"]})
    [finding] = [f for f in report.findings if f.code == "BS203"]
    assert "the condition 'spondylo-something'" in finding.message


# --- data-only packs run no code ----------------------------------------------------------

HOSTILE = """
[pack]
name = "hostile"
prefix = "HO"

[reference.r]
title = "__import__('os').system('touch {marker}')"

[[rule]]
code = "HO001"
name = "x"
kind = "os.system"
topic = "form"
level = "info"
summary = "!!python/object/apply:os.system ['touch {marker}']"
message = "{{__class__.__mro__}}"
options = {{ groups = ["__import__('os')"], cues = ["{{0.__globals__}}"] }}
references = [{{ ref = "r" }}]

[[rule]]
code = "HO002"
name = "y"
kind = "missing-cue"
topic = "form"
level = "info"
summary = "s"
message = "{{exercise.__init__.__globals__}}"
options = {{ groups = ["squats"], cues = ["brace-core"] }}
"""


def test_loading_a_hostile_data_pack_runs_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "pack.toml").write_text(HOSTILE.format(marker=marker))
    script = textwrap.dedent(f"""
        import sys
        import backsafe
        from backsafe.packs import PackOptions, PackSet
        backsafe.check({{"weeks": [{{"sessions": [{{"day": 1, "blocks": []}}]}}]}})
        events = []
        def hook(event, args):
            # cattrs compiles structure functions for backsafe's own classes; not pack code.
            if event == "compile" and bytes(args[0] or b"").startswith(b"def structure_"):
                return
            if event == "exec" and "cattrs generated" in str(args[0]):
                return
            if event in ("exec", "compile", "os.system", "subprocess.Popen", "pickle.find_class",
                         "import", "marshal.loads", "ctypes.dlopen"):
                events.append((event, str(args)[:80]))
        sys.addaudithook(hook)
        packs = PackSet(PackOptions(paths=[{str(folder)!r}], autoload=False))
        sys.stdout.write(repr(events) + "\\n" + packs.errors[0].message)
    """)
    # Without the cache, the default pack is resolved before the hook, warming the
    # resolver's own imports and generated code: what is left is the hostile pack's doing.
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "BACKSAFE_NO_CACHE": "1"},
    )
    assert result.returncode == 0, result.stderr
    events, _, message = result.stdout.partition("\n")
    assert events == "[]", events
    assert not marker.exists()
    assert "rule[0].kind: must be a rule kind" in message
    assert "rule[1].message: reads into the field {exercise.__init__.__globals__}" in message


# --- sound internals ----------------------------------------------------------------------


def test_caches_belong_to_the_checker_and_its_library() -> None:
    packs = PackSet.load()
    plan = backsafe.load_plan(RISKY)
    profile = backsafe.Profile(conditions=["herniated-disc"])
    bare = Checker(packs.rules, Library(packs.catalog, {}, packs.library.advice, packs.conditions))
    without = bare.check(plan, profile)
    assert all(not f.suggestions for f in without.findings if f.code == "BS201")
    with_substitutes = packs.checker().check(plan, profile)
    assert all(f.suggestions for f in with_substitutes.findings if f.code == "BS201")


def test_the_catalog_pickles_without_its_memo() -> None:
    catalog = PackSet.load().catalog
    catalog.lookup("a name nobody writes")
    copy = pickle.loads(pickle.dumps(catalog))
    assert copy is not catalog
    assert copy.lookup("RDL") == catalog.lookup("RDL")
    assert "a name nobody writes" not in copy._memo
    with pytest.raises(AttributeError, match="cannot be changed"):
        catalog.groups = {}  # type: ignore[misc]


def test_a_checker_pickles_as_its_small_spec_and_rebuilds_elsewhere() -> None:
    checker = backsafe.checker(select=["BS4"])
    assert checker.spec == CheckerSpec(PackSet.load().options, ("BS4",), None)
    data = pickle.dumps(checker)
    assert len(data) < 1000
    assert pickle.loads(data) is checker, "in the same process, the cached checker"
    script = (
        "import pickle, sys, json, backsafe\n"
        "from backsafe.output import report_to_dict\n"
        "checker = pickle.loads(sys.stdin.buffer.read())\n"
        f"report = checker.check(backsafe.load_plan({str(RISKY)!r}))\n"
        "print(json.dumps(report_to_dict(report), sort_keys=True))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], input=data, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    from backsafe.output import report_to_dict

    here = report_to_dict(checker.check(backsafe.load_plan(RISKY)))
    assert json.loads(result.stdout) == json.loads(json.dumps(here, sort_keys=True))


def test_a_hand_made_checker_pickles_by_value() -> None:
    packs = PackSet.load()
    checker = Checker(packs.registry.select(["BS1"]).rules, packs.library)
    copy = pickle.loads(pickle.dumps(checker))
    plan = backsafe.load_plan(FRIENDLY)
    symptoms = [backsafe.Symptom(kind="pain", intensity=5)]
    assert copy.check(plan, None, symptoms) == checker.check(plan, None, symptoms)


def test_a_broken_default_pack_fails_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from backsafe._data import rules_dir
    from backsafe.cli import main

    rules = tmp_path / "rules"
    rules.mkdir()
    for item in rules_dir().iterdir():
        (rules / item.name).write_bytes(item.read_bytes())
    (rules / "rules.toml").write_text("[[rule]\ncode = ")
    monkeypatch.setattr("backsafe.packs._default.rules_dir", lambda: rules)
    PackSet.clear_cache()
    try:
        packs = PackSet.load()
        assert [(e.kind, e.pack) for e in packs.errors] == [
            ("pack-failed", "backsafe"),
            ("no-rules", None),
        ]
        assert "rules.toml: is not valid TOML" in packs.errors[0].message
        assert main(["check", str(FRIENDLY)]) == 3
        out = capsys.readouterr().out
        assert "INCOMPLETE CHECK" in out
        assert "verdict: OK" not in out
        assert main(["packs"]) == 3
    finally:
        PackSet.clear_cache()


def test_a_broken_catalog_fails_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backsafe._data import rules_dir
    from backsafe.catalog import _default, _load

    rules = tmp_path / "rules"
    rules.mkdir()
    for item in rules_dir().iterdir():
        (rules / item.name).write_bytes(item.read_bytes())
    text = (rules / "exercises.toml").read_text()
    (rules / "exercises.toml").write_text(
        text.replace('loading = "high"', 'loading = "heavy"', 1).replace(
            'role = "strength"', 'role = "lifting"', 1
        )
    )
    monkeypatch.setattr(_default, "rules_dir", lambda: rules)
    _load.default_catalog.cache_clear()
    try:
        packs = PackSet(PackOptions(autoload=False))
        kinds = [e.kind for e in packs.errors]
        assert kinds[0] == "catalog-failed"
        message = packs.errors[0].message
        assert "'heavy' is not one of" in message and "'lifting' is not one of" in message
        report = packs.checker().check(backsafe.load_plan(FRIENDLY))
        assert not report.ok and report.errors
    finally:
        _load.default_catalog.cache_clear()


# --- the command line ---------------------------------------------------------------------


def run(
    *args: object, pythonpath: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "BACKSAFE_DISABLE_PACK_AUTOLOAD"}
    if pythonpath is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(pythonpath), *filter(None, [environment.get("PYTHONPATH")])]
        )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "backsafe", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
        check=False,
    )


def test_cli_check_with_a_broken_pack_exits_3_naming_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_dist(
        site,
        "tp-cli-broken",
        {"broken": "tp_cli_broken:pack"},
        {"tp_cli_broken.py": "raise ImportError('no numpy')\n"},
    )
    data_pack(site, "tp_cli_good", name="good", prefix="GD")
    result = run("check", FRIENDLY, "--format", "json", pythonpath=site)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["verdict"] != "ok"
    assert "tp-cli-broken 1.0" in report["errors"][0]["message"]
    assert [p["name"] for p in report["packs"]] == ["backsafe", "good"]
    strict = run("check", FRIENDLY, "--strict-packs", pythonpath=site)
    assert strict.returncode == 3 and "failed to load" in strict.stderr and not strict.stdout
    skipped = run("check", FRIENDLY, "--no-pack", "broken", pythonpath=site)
    assert skipped.returncode == 0, skipped.stderr
    off = run("packs", pythonpath=site, BACKSAFE_DISABLE_PACK_AUTOLOAD="1")
    assert off.returncode == 0 and "good" not in off.stdout
    required = run("check", FRIENDLY, "--require-pack", "clinic", pythonpath=site)
    assert required.returncode == 2
    assert "required pack(s) not loaded: clinic (loaded: backsafe, good)" in required.stderr
    listing = run("packs", "--format", "json", pythonpath=site)
    assert listing.returncode == 3
    data = json.loads(listing.stdout)
    assert [p["name"] for p in data["packs"]] == ["backsafe", "good"]
    assert data["packs"][1]["distribution"] == "tp_cli_good-dist"
    assert data["errors"][0]["pack"] == "broken"


def test_cli_rules_explain_and_check_cover_a_pack_directory(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(DATA_PACK.format(name="local", prefix="LO"))
    rules = run("rules", "--pack", tmp_path)
    assert rules.returncode == 0 and "LO001" in rules.stdout and "[local]" in rules.stdout
    explain = run("explain", "LO001", "--pack", tmp_path)
    assert explain.returncode == 0 and "Pack: local" in explain.stdout
    check = run("check", RISKY, "--pack", tmp_path, "--select", "LO")
    assert check.returncode == 1 and "LO001" in check.stdout


# --- the schema of pack files -------------------------------------------------------------


def test_the_pack_schema_accepts_the_default_pack_and_refuses_bad_tables() -> None:
    import jsonschema

    from backsafe import _tomllib as tomllib
    from backsafe._data import rules_dir
    from backsafe.packs import PACK_FILES
    from backsafe.packs._schema import pack_schema

    schema = pack_schema(PackSet.load().kinds)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name in PACK_FILES:
        document = tomllib.loads((rules_dir() / name).read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(document)), name
    good = tomllib.loads(DATA_PACK.format(name="tp", prefix="TP"))
    assert validator.is_valid(good)
    for broken in (
        RULE.replace('level = "modify"', 'level = "severe"'),
        RULE.replace('cues = ["brace-core"]', 'cues = ["brace-core"], colour = "red"'),
        RULE.replace('kind = "missing-cue"', 'kind = "missing-cues"'),
        "[colour]\nx = 1\n",
        OVERRIDE.format(value=0.05, level="severe"),
    ):
        assert not validator.is_valid(tomllib.loads(broken)), broken


# --- reading a distribution's name and version ----------------------------------------------


class _FakeDistribution(Distribution):
    def __init__(self, files: Mapping[str, str]) -> None:
        self._files = dict(files)

    def read_text(self, filename: str) -> str | None:
        return self._files.get(filename)

    def locate_file(self, path: str | os.PathLike[str]) -> Path:
        return Path(path)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"METADATA": "Metadata-Version: 2.1\nName: Clinic-Pack\nVersion: 1.2\n\nName: x"},
            ("Clinic-Pack", "1.2"),
        ),
        (
            {"PKG-INFO": "Metadata-Version: 1.0\r\nname:  old-pack \r\nversion: 0.1\r\n"},
            ("old-pack", "0.1"),
        ),
        (
            {"METADATA": "Summary: a\n  Name: not-this\nName: real\nVersion: 3\nName: later\n"},
            ("real", "3"),
        ),
    ],
)
def test_a_distribution_name_and_version_are_read_from_its_metadata(
    files: Mapping[str, str], expected: tuple[str | None, str | None]
) -> None:
    from backsafe.packs._discover import _name_and_version

    assert _name_and_version(_FakeDistribution(files)) == expected
    assert _name_and_version(None) == (None, None)


@pytest.mark.parametrize(
    "files",
    [
        {"METADATA": "Metadata-Version: 2.1\nName: versionless\n"},
        {"METADATA": "Metadata-Version: 2.1\nName: =?utf-8?q?encoded?=\n"},
        {"METADATA": ""},
        {},
    ],
)
def test_unusual_metadata_is_read_by_importlib_metadata(files: Mapping[str, str]) -> None:
    from backsafe.packs._discover import _name_and_version

    dist = _FakeDistribution(files)
    try:
        expected: object = (dist.metadata["Name"], dist.version)
    except Exception as error:
        with pytest.raises(type(error)):
            _name_and_version(dist)
    else:
        assert _name_and_version(dist) == expected


def test_without_autoload_only_backsafes_own_entry_points_are_read() -> None:
    from backsafe.packs._discover import entry_point_candidates

    own = list(entry_point_candidates(autoload=False))
    every = list(entry_point_candidates(autoload=True))
    assert own == [c for c in every if c.origin.distribution == "backsafe"]
    assert [c.name for c in own] == ["backsafe"]
    assert own[0].origin.version == backsafe.__version__


# --- backsafe's own entry points without importlib-metadata --------------------------------


def _metadata_dir(
    root: Path,
    dirname: str = "backsafe-1.2.3.dist-info",
    *,
    metadata: str = "Metadata-Version: 2.1\nName: backsafe\nVersion: 1.2.3\n\nbody\n",
    entry_points: str | None = (
        "[console_scripts]\nbacksafe = backsafe.cli:run\n\n"
        "[backsafe.packs]\n# a comment\nzeta = backsafe.packs._default:default_pack\n"
        "backsafe =  backsafe.packs._default : default_pack \n"
    ),
) -> Path:
    directory = root / dirname
    directory.mkdir(parents=True)
    (directory / ("PKG-INFO" if dirname.endswith(".egg-info") else "METADATA")).write_text(metadata)
    if entry_points is not None:
        (directory / "entry_points.txt").write_text(entry_points)
    return directory


def _own(monkeypatch: pytest.MonkeyPatch, *path: Path | str) -> Any:
    from backsafe.packs._own import own_distribution

    monkeypatch.setattr(sys, "path", [str(entry) for entry in path])
    return own_distribution("backsafe.packs")


def _by_importlib_metadata(*path: Path) -> list[tuple[str, str, str, str]]:
    from importlib_metadata import Distribution

    for dist in Distribution.discover(name="backsafe", path=[str(entry) for entry in path]):
        return [
            (str(dist.metadata["Name"]), dist.version, point.name, point.value)
            for point in dist.entry_points.select(group="backsafe.packs")
        ]
    return []


@pytest.mark.parametrize(
    "dirname", ["backsafe-1.2.3.dist-info", "Backsafe-1.2.3.dist-info", "backsafe.egg-info"]
)
def test_own_entry_points_are_read_as_importlib_metadata_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dirname: str
) -> None:
    empty, site = tmp_path / "empty", tmp_path / "site"
    empty.mkdir()
    _metadata_dir(site, dirname)
    _metadata_dir(site, "other_dist-1.0.dist-info")
    own = _own(monkeypatch, tmp_path / "missing", tmp_path / "python311.zip", empty, site)
    assert own is not None
    found = [(own.name, own.version, p.name, p.value) for p in own.entry_points]
    assert found == _by_importlib_metadata(empty, site)
    assert [p.name for p in own.entry_points] == ["zeta", "backsafe"]
    assert own.entry_points[1].load() is backsafe.packs.default_pack


def test_the_first_directory_on_the_path_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _metadata_dir(tmp_path / "first", metadata="Name: backsafe\nVersion: 1\n", entry_points=None)
    _metadata_dir(tmp_path / "second")
    own = _own(monkeypatch, tmp_path / "first", tmp_path / "second")
    assert own is not None
    assert (own.version, own.entry_points) == ("1", ())
    assert _by_importlib_metadata(tmp_path / "first", tmp_path / "second") == []


@pytest.mark.parametrize(
    "change",
    [
        {"metadata": "Name: backsafe\n"},  # no version
        {"metadata": "Name: other\nVersion: 1\n"},
        {"entry_points": "[backsafe.packs]\ndata = clinic_pack.rules\n"},  # a directory pack
        {"entry_points": "[backsafe.packs]\nno equals sign\n"},
        {"entry_points": "[backsafe.packs]\nbad = not a value!\n"},
        {"entry_points": "[backsafe.packs]\nextras = backsafe.packs:default_pack [x]\n"},
        {"entry_points": "[backsafe.packs]\ndigit = 1backsafe:default_pack\n"},
    ],
    ids=["no-version", "other-name", "module-only", "no-equals", "bad-value", "extras", "digit"],
)
def test_unusual_metadata_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, str]
) -> None:
    _metadata_dir(tmp_path, **change)  # type: ignore[arg-type]
    assert _own(monkeypatch, tmp_path) is None


def test_ambiguous_or_legacy_layouts_are_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _metadata_dir(tmp_path / "two", "backsafe-1.dist-info")
    _metadata_dir(tmp_path / "two", "backsafe-2.dist-info")
    assert _own(monkeypatch, tmp_path / "two") is None
    egg = tmp_path / "backsafe-1.0-py3.11.egg"
    egg.mkdir()
    assert _own(monkeypatch, egg, tmp_path / "two") is None
    assert _own(monkeypatch, tmp_path / "nothing-here") is None


def test_a_short_run_finds_the_default_pack_without_importlib_metadata() -> None:
    script = (
        "import sys\n"
        "from backsafe.packs._discover import entry_point_candidates\n"
        "print([c.name for c in entry_point_candidates(autoload=False)])\n"
        "print('importlib_metadata' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.split() == ["['backsafe']", "False"], result.stderr


@pytest.mark.parametrize(
    "name", ["backsafe", "Back-Safe", "back__safe", "back.-_safe", "-backsafe", "x-", "a_-b", ""]
)
def test_distribution_names_are_normalised_as_importlib_metadata_does(name: str) -> None:
    from importlib_metadata import Prepared

    from backsafe.packs._own import _normalise

    assert _normalise(name) == Prepared.normalize(name)
