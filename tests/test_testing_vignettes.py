"""The vignette format: plans from fragments and patches, expectations, clear format errors."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from backsafe import Level
from backsafe.testing._patch import PatchError, apply, format_path, parse_path
from backsafe.testing.vignettes import VignetteError, load_file, load_vignettes

SESSION = '{ day = 1, blocks = [{ exercise = "quadruped hip extension", sets = 3, reps = 12, cues = ["brace-core"] }] }'
BASE = f"[fragments.one]\nweeks = [{{ sessions = [{SESSION}] }}]\n"


def write(tmp_path: Path, text: str, name: str = "cases.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def one(tmp_path: Path, text: str) -> object:
    (vignette,) = load_file(write(tmp_path, text)).vignettes
    return vignette


# --- patches -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("weeks", ("weeks",)),
        ("weeks[0]", ("weeks", 0)),
        (
            "weeks[10].sessions[2].blocks[0].load_kg",
            ("weeks", 10, "sessions", 2, "blocks", 0, "load_kg"),
        ),
        ("weeks[0].sessions[0].warm_up", ("weeks", 0, "sessions", 0, "warm_up")),
    ],
)
def test_paths_read_as_input_errors_write_them(text: str, path: tuple[object, ...]) -> None:
    assert parse_path(text) == path
    assert format_path(path) == text


@pytest.mark.parametrize(
    "text", ["", ".weeks", "weeks[", "weeks[-1]", "weeks..x", "weeks[0]x", "[0]x y", 3]
)
def test_bad_paths_are_refused(text: object) -> None:
    with pytest.raises(PatchError):
        parse_path(text)  # type: ignore[arg-type]


def test_set_insert_and_remove() -> None:
    doc = {"weeks": [{"sessions": [{"day": 1}, {"day": 3}]}]}
    patched = apply(
        doc,
        [
            {"set": "weeks[0].sessions[0].day", "value": 2},
            {"set": "weeks[0].sessions[1].name", "value": "B"},
            {"insert": "weeks[0].sessions[2]", "use": "friday"},
            {"insert": "weeks[1]", "value": {"sessions": []}},
            {"remove": "weeks[0].sessions[0]"},
        ],
        {"friday": {"day": 5}},
    )
    assert patched == {
        "weeks": [{"sessions": [{"day": 3, "name": "B"}, {"day": 5}]}, {"sessions": []}]
    }
    assert doc == {"weeks": [{"sessions": [{"day": 1}, {"day": 3}]}]}, "the original is kept"


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ({"set": "weeks[3].day", "value": 1}, "patch[0]: weeks[3]: no such item (the list has 1)"),
        (
            {"set": "weeks[0].nope.day", "value": 1},
            "weeks[0].nope: no such field (fields: sessions)",
        ),
        ({"remove": "weeks[0].name"}, "no such field"),
        ({"insert": "weeks[2]", "value": {}}, "past the end of the list (it has 1)"),
        ({"insert": "weeks[0].sessions", "value": {}}, "the path must end with a list index"),
        ({"set": "weeks[0]"}, "give exactly one of value or use"),
        ({"set": "weeks[0]", "value": 1, "use": "x"}, "give exactly one of value or use"),
        ({"set": "weeks[0]", "use": "nope"}, "use = 'nope': no such fragment (fragments: none)"),
        (
            {"set": "weeks[0]", "insert": "weeks[0]", "value": 1},
            "exactly one of set, insert, remove",
        ),
        ({"remove": "weeks[0]", "value": 1}, "remove: unknown keys ['value']"),
        ("weeks[0]", "an operation is a table"),
    ],
)
def test_patches_that_do_not_fit_say_where(operation: object, message: str) -> None:
    with pytest.raises(PatchError, match=None) as caught:
        apply({"weeks": [{"sessions": []}]}, [operation])
    assert message in str(caught.value)


# --- files ---------------------------------------------------------------------------------


def test_a_base_is_repeated_and_patched(tmp_path: Path) -> None:
    vignette = one(
        tmp_path,
        BASE
        + """
        [[vignette]]
        name = "two-weeks"
        base = "one"
        repeat = 2
        patch = [{ set = "weeks[1].sessions[0].blocks[0].load_kg", value = 10 }]
        expect_verdict = "caution"
        """,
    )
    weeks = vignette.plan["weeks"]  # type: ignore[attr-defined]
    assert len(weeks) == 2
    assert "load_kg" not in weeks[0]["sessions"][0]["blocks"][0]
    assert weeks[1]["sessions"][0]["blocks"][0]["load_kg"] == 10


def test_the_files_plan_is_the_default_and_vignettes_may_patch_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        base = "one"
        patch = [{ set = "name", value = "the file's plan" }]
        """
        + BASE
        + """
        [[vignette]]
        name = "as-it-is"
        expect_verdict = "caution"

        [[vignette]]
        name = "patched"
        patch = [{ set = "weeks[0].sessions[0].day", value = 3 }]
        expect_verdict = "caution"

        [[vignette]]
        name = "own-plan"
        plan = { weeks = [{ sessions = [] }] }
        expect_verdict = "ok"
        """,
    )
    as_it_is, patched, own = load_file(path).vignettes
    assert as_it_is.plan["name"] == "the file's plan"
    assert as_it_is.plan["weeks"][0]["sessions"][0]["day"] == 1
    assert patched.plan["name"] == "the file's plan"
    assert patched.plan["weeks"][0]["sessions"][0]["day"] == 3
    assert own.plan == {"weeks": [{"sessions": []}]}


def test_fragments_come_from_included_files(tmp_path: Path) -> None:
    write(tmp_path, BASE, "common.toml")
    path = write(
        tmp_path,
        """
        include = ["common.toml"]

        [[vignette]]
        name = "x"
        base = "one"
        expect_verdict = "caution"
        """,
    )
    assert load_file(path).vignettes[0].plan["weeks"][0]["sessions"][0]["day"] == 1
    # A file of fragments only is a library: it has no vignettes, and that is fine.
    assert load_file(tmp_path / "common.toml").vignettes == ()
    assert [v.id for v in load_vignettes([tmp_path])] == ["cases/x"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[vignette]]\nname = 'x'\n", "vignette 'x': missing keys ['expect_verdict']"),
        ("[[vignette]]\nexpect_verdict = 'ok'\n", "vignette[0]: missing keys ['name']"),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'fine'\n",
            "vignette 'x'.expect_verdict: must be one of ok, info",
        ),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\nexpect = 1\n",
            "vignette 'x': unknown keys ['expect']",
        ),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\n",
            "vignette 'x': no plan (plan or base), and the file has none",
        ),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\nbase = 'two'\n",
            "vignette 'x'.base: no fragment named 'two' (fragments: none)",
        ),
        ("plans = 1\n", "unknown top-level keys ['plans']"),
        (
            "name = 'x'\n" * 0 + "packs = 'clinic'\n[[vignette]]\n",
            "packs: must be a list of strings",
        ),
        ("", "has no [[vignette]] and no [fragments]"),
        ("[[vignette]\n", "is not valid TOML"),
        ("include = ['cases.toml']\n", "include: 'cases.toml' includes this file again (a cycle)"),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\nplan = { weeks = [] }\nrepeat = 0\n",
            "vignette 'x'.repeat: must be a whole number 1-260, got 0",
        ),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\nplan = { weeks = [] }\npatch = [{ remove = 'weeks[0]' }]\n",
            "vignette 'x': patch[0]: weeks[0]: no such item (the list has 0)",
        ),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\nplan = { weeks = [] }\n"
            "expect_findings = [{ level = 'modify' }]\n",
            "vignette 'x'.expect_findings[0]: must be a table with a code",
        ),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\nplan = { weeks = [] }\n"
            "notes = [{ kind = 'k', level = 'ok', message = 'm' }]\n",
            "vignette 'x'.notes[0]: is not a valid note",
        ),
        (
            "[[vignette]]\nname = 'x'\nexpect_verdict = 'ok'\nplan = { weeks = [] }\n" * 2,
            "vignette names used twice: ['x']",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_the_place(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(VignetteError) as caught:
        load_file(write(tmp_path, text))
    assert str(caught.value).startswith(str(tmp_path / "cases.toml"))
    assert message in str(caught.value)


# --- expectations --------------------------------------------------------------------------


def test_what_a_vignette_checks(tmp_path: Path) -> None:
    vignette = one(
        tmp_path,
        BASE
        + """
        [[vignette]]
        name = "x"
        description = "One session of quadruped hip extensions."
        base = "one"
        expect_verdict = "modify"
        expect_codes = ["BS801", "BS999"]
        triggers = ["BS403"]
        near_miss_of = ["BS802"]
        expect_findings = [
          { code = "BS801", level = "caution", location = { week = 1, session = 1 } },
          { code = "BS801", level = "modify" },
          { code = "BS801", location = { week = 2 } },
        ]
        """,
    )
    report = vignette.run()  # type: ignore[attr-defined]
    assert report.verdict is Level.CAUTION
    assert vignette.mismatches(report) == [  # type: ignore[attr-defined]
        "verdict is caution, expected modify",
        "codes not expected: BS301, BS702, BS802, BS901",
        "codes expected but not found: BS999",
        "BS403 did not fire (a trigger)",
        "BS802 fired on its near miss",
        "no BS801 at level modify finding",
        "no BS801 at week 2 finding",
    ]
    text = vignette.explain(report)  # type: ignore[attr-defined]
    assert text.startswith("vignette cases/x (")
    assert "  One session of quadruped hip extensions.\n" in text
    assert "  week 1   <- BS301, BS702, BS901" in text
    assert "      blocks:    1. quadruped hip extension 3x12 [brace-core]" in text


def test_select_and_ignore_choose_rules(tmp_path: Path) -> None:
    vignette = one(
        tmp_path, BASE + "[[vignette]]\nname = 'x'\nbase = 'one'\nexpect_verdict = 'caution'\n"
    )
    assert set(vignette.run(select=["BS8"]).codes) == {"BS801", "BS802"}  # type: ignore[attr-defined]
    assert "BS801" not in vignette.run(ignore=["BS8"]).codes  # type: ignore[attr-defined]


# --- the migration tool (tools/shrink_vignettes.py) ------------------------------------------

OLD_STYLE = """# The clean week.

[[vignette]]
name = "clean-week"
description = "Nothing to find."
triggers = []
near_miss_of = []
expect_verdict = "ok"
expect_codes = []

[[vignette.plan.weeks]]
[[vignette.plan.weeks.sessions]]
day = 1
warm_up = [{ exercise = "light cardio", sets = 1, duration_s = 300 }]
blocks = [
  { exercise = "quadruped hip extension", sets = 3, reps = 12, cues = ["brace-core"] },
  { exercise = "bird dog", sets = 3, reps = 10 },
]
"""


def _tool() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "shrink_vignettes", Path(__file__).parent.parent / "tools" / "shrink_vignettes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_tool_shrinks_old_style_files_to_the_same_cases(tmp_path: Path) -> None:
    tool: Any = _tool()
    (tmp_path / "clean-plans.toml").write_text(OLD_STYLE)
    week = OLD_STYLE[OLD_STYLE.index("[[vignette.plan.weeks]]") :]
    cases = (
        "# Cases.\n\n# The file's plan.\n"
        + week.replace("vignette.plan", "plan")
        + "\n# A section.\n\n[[vignette]]\nname = 'symptoms-only'\ndescription = 'x'\n"
        + "expect_verdict = 'urgent'\nexpect_codes = ['BS001']\n"
        + "symptoms = [{ kind = 'bladder-dysfunction' }]\n\n"
        + "[[vignette]]\nname = 'hip-thrust'\ndescription = 'y'\nexpect_verdict = 'caution'\n"
        + "expect_codes = ['BS401']\n\n"
        + week.replace(
            "blocks = [\n", 'blocks = [\n  { exercise = "hip thrust", sets = 3, reps = 8 },\n'
        )
    )
    (tmp_path / "cases.toml").write_text(cases)
    before = {v.id: v for v in load_vignettes([tmp_path])}
    assert tool.main([str(tmp_path)]) == 0
    after = {v.id: v for v in load_vignettes([tmp_path])}
    assert before.keys() == after.keys()
    assert all(before[i].plan == after[i].plan for i in before)
    text = (tmp_path / "cases.toml").read_text()
    assert text.startswith(
        '# Cases.\n\ninclude = ["common.toml"]\n\n# The file\'s plan.\nbase = "clean-week"\n'
    )
    assert '# A section.\n\n[[vignette]]\nname = "symptoms-only"' in text
    assert (
        'patch = [{ insert = "weeks[0].sessions[0].blocks[0]", value = { exercise = "hip thrust"'
        in text
    )
    assert "[[vignette.plan.weeks]]" not in text
    assert tool.main([str(tmp_path), "--check"]) == 0, "a second run changes nothing"
