"""Reports and their renderings: the verdict, the JSON report and the text report.

CDS Hooks and SARIF have their own test modules.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest

from backsafe.model import RangeOfMotion
from backsafe.output import (
    dumps,
    finding_to_dict,
    render_text,
    report_to_dict,
    use_colour,
)
from backsafe.report import (
    Action,
    CheckError,
    Dose,
    Finding,
    Level,
    Location,
    PackInfo,
    Part,
    Reference,
    Report,
    Safety,
    Suggestion,
)

GUIDE = Reference("guide", "The guide", None, "Exercises That Can Cause Lower Back Pain")
NICE = Reference("nice-cks", "NICE CKS: sciatica", "https://cks.nice.org.uk/", None)
PACK = PackInfo("backsafe", "1.2.3", "BS")
LEVELS = [Level.INFO, Level.CAUTION, Level.MODIFY, Level.STOP, Level.REFER, Level.URGENT]
ANSI = "\x1b["


def finding(
    code: str = "BS401",
    level: Level = Level.CAUTION,
    message: str = "Back squat without a core-bracing cue.",
    location: Location | None = None,
    *,
    topic: str = "form",
    references: tuple[Reference, ...] = (GUIDE,),
    suggestions: tuple[Suggestion, ...] = (),
) -> Finding:
    return Finding(
        code,
        f"rule-{code.lower()}",
        "backsafe",
        level,
        topic,
        message,
        location,
        references,
        suggestions,
    )


def block_at(week: int, session: int, block: int, exercise: str, **extra: Any) -> Location:
    return Location(week, session, session * 2 - 1, extra.pop("part", Part.BLOCKS), block, exercise)


ADD_CUE = Suggestion(Action.ADD_CUE, Safety.SAFE, "Add the cue 'brace-core'.", cue="brace-core")
SWAP = Suggestion(
    Action.REPLACE_EXERCISE, Safety.UNSAFE, "Replace with Glute bridge.", exercise="glute-bridge"
)
REST = Suggestion(Action.ADVICE, Safety.DISPLAY_ONLY, "Rest: take a break from glute work.")
SEE_SOMEONE = Suggestion(Action.ADVICE, Safety.DISPLAY_ONLY, "See a health professional.")


# Level and verdict (a contract) ---------------------------------------------------------


def test_the_level_scale_is_ordered() -> None:
    assert list(Level) == [Level.OK, *LEVELS]
    assert [level.value for level in Level] == [
        "ok",
        "info",
        "caution",
        "modify",
        "stop",
        "refer",
        "urgent",
    ]
    assert [level.rank for level in Level] == list(range(7))
    for lower, higher in zip(list(Level), list(Level)[1:], strict=False):
        assert lower < higher
        assert lower <= higher
        assert higher > lower
        assert higher >= lower
        assert not higher < lower
        assert lower != higher
    shuffled = [Level.URGENT, Level.OK, Level.MODIFY, Level.INFO, Level.REFER, Level.CAUTION]
    assert sorted([*shuffled, Level.STOP]) == list(Level)
    assert max(LEVELS) is Level.URGENT
    assert min(Level) is Level.OK


def test_levels_are_their_string_values() -> None:
    assert Level("modify") is Level.MODIFY
    assert str(Level.REFER) == "refer"
    with pytest.raises(ValueError, match="nope"):
        Level("nope")


def test_a_level_does_not_order_against_a_number() -> None:
    with pytest.raises(TypeError):
        assert Level.INFO < 3  # type: ignore[operator]


def test_a_level_compared_with_a_string_reads_it_as_a_level() -> None:
    # Alphabetically "caution" < "info" and "modify" > "info"; as levels, the opposite.
    assert Level.CAUTION > "info"  # type: ignore[operator]
    assert not Level.MODIFY <= "info"  # type: ignore[operator]
    assert Level.CAUTION > "info"  # type: ignore[operator]
    with pytest.raises(TypeError, match="cannot compare a Level with 'severe'; levels are ok"):
        assert Level.CAUTION < "severe"  # type: ignore[operator]


def test_an_empty_report_is_ok() -> None:
    report = Report()
    assert report.verdict is Level.OK
    assert report.ok
    assert report.complete
    assert report.codes == ()


def test_only_info_findings_are_ok() -> None:
    report = Report((finding("BS501", Level.INFO), finding("BS502", Level.INFO)))
    assert report.verdict is Level.OK
    assert report.ok


@pytest.mark.parametrize("highest", LEVELS[1:])
def test_the_verdict_is_the_highest_level(highest: Level) -> None:
    levels = [level for level in LEVELS if level <= highest]
    report = Report(tuple(finding(f"BS{n}01", level) for n, level in enumerate(reversed(levels))))
    assert report.verdict is highest
    assert not report.ok


@pytest.mark.parametrize(
    ("levels", "verdict"),
    [
        ((), Level.CAUTION),
        ((Level.INFO,), Level.CAUTION),
        ((Level.CAUTION,), Level.CAUTION),
        ((Level.INFO, Level.MODIFY), Level.MODIFY),
        ((Level.URGENT,), Level.URGENT),
    ],
)
def test_an_incomplete_check_is_at_least_caution(levels: tuple[Level, ...], verdict: Level) -> None:
    error = CheckError("rule-crashed", "BS401 raised RuntimeError: boom", "backsafe", "BS401")
    report = Report(tuple(finding(level=level) for level in levels), (error,))
    assert report.verdict is verdict
    assert not report.ok
    assert not report.complete


def test_the_verdict_cannot_be_set() -> None:
    with pytest.raises(TypeError):
        Report(verdict=Level.OK)  # type: ignore[call-arg]


def test_report_helpers() -> None:
    report = Report(
        (
            finding("BS801", Level.CAUTION),
            finding("BS001", Level.URGENT),
            finding("BS801", Level.CAUTION, "again"),
            finding("BS503", Level.INFO),
        )
    )
    assert report.codes == ("BS001", "BS503", "BS801")
    assert [f.code for f in report.at_least(Level.CAUTION)] == ["BS801", "BS001", "BS801"]
    assert [f.code for f in report.at_least(Level.REFER)] == ["BS001"]


def test_findings_sort_by_location_then_code() -> None:
    general = finding("BS102", Level.STOP)
    week = finding("BS701", location=Location(1))
    session = finding("BS801", location=Location(1, 1, 1))
    warm_up = finding("BS401", location=block_at(1, 1, 1, "leg-swing", part=Part.WARM_UP))
    first = finding("BS402", location=block_at(1, 1, 1, "deadlift"))
    second = finding("BS401", location=block_at(1, 1, 2, "back-squat"))
    cool_down = finding("BS401", location=block_at(1, 1, 1, "foam-rolling", part=Part.COOL_DOWN))
    later = finding("BS401", location=block_at(2, 1, 1, "deadlift"))
    ordered = [general, week, session, warm_up, first, second, cool_down, later]
    shuffled = [later, cool_down, first, general, second, session, warm_up, week]
    assert sorted(shuffled, key=Finding.sort_key) == ordered


# JSON -----------------------------------------------------------------------------------


def test_report_to_dict_has_the_contract_shape() -> None:
    location = block_at(2, 1, 3, "back-squat")
    report = Report(
        (finding("BS401", Level.CAUTION, location=location, suggestions=(ADD_CUE,)),),
        packs=(PACK,),
    )
    assert report_to_dict(report) == {
        "format_version": "1.0",
        "verdict": "caution",
        "findings": [
            {
                "code": "BS401",
                "rule": "rule-bs401",
                "pack": "backsafe",
                "level": "caution",
                "topic": "form",
                "message": "Back squat without a core-bracing cue.",
                "location": {
                    "week": 2,
                    "session": 1,
                    "block": 3,
                    "day": 1,
                    "part": "blocks",
                    "exercise": "back-squat",
                },
                "references": [
                    {
                        "id": "guide",
                        "title": "The guide",
                        "url": None,
                        "section": "Exercises That Can Cause Lower Back Pain",
                    }
                ],
                "suggestions": [
                    {
                        "action": "add-cue",
                        "safety": "safe",
                        "description": "Add the cue 'brace-core'.",
                        "cue": "brace-core",
                        # Where it applies: the finding's own location (added for fix).
                        "target": {
                            "week": 2,
                            "session": 1,
                            "block": 3,
                            "day": 1,
                            "part": "blocks",
                            "exercise": "back-squat",
                        },
                    }
                ],
            }
        ],
        "errors": [],
        "packs": [
            {
                "name": "backsafe",
                "version": "1.2.3",
                "prefix": "BS",
                "distribution": None,
                "entry_point": None,
                "path": None,
                "overrides": [],
            }
        ],
    }


def test_a_finding_without_a_location_has_an_empty_location() -> None:
    data = finding_to_dict(finding("BS001", Level.URGENT, topic="red-flag"))
    assert data["location"] == {
        "week": None,
        "session": None,
        "block": None,
        "day": None,
        "part": None,
        "exercise": None,
    }


def test_a_week_location_leaves_the_rest_empty() -> None:
    data = finding_to_dict(finding("BS701", location=Location(3)))
    assert data["location"] == {
        "week": 3,
        "session": None,
        "block": None,
        "day": None,
        "part": None,
        "exercise": None,
    }


def test_suggestions_carry_only_the_fields_they_set() -> None:
    everything = Suggestion(
        Action.MOVE_SESSION,
        Safety.UNSAFE,
        "Move it.",
        exercise="glute-bridge",
        cue="neutral-spine",
        items=("light-cardio", "leg-swing"),
        load_kg=42.5,
        range_of_motion=RangeOfMotion.FULL,
        day=3,
        location=Location(1, 2, 3),
        dose=(Dose("light-cardio", 1, duration_s=300), Dose("leg-swing", 2, reps=10)),
    )
    data = finding_to_dict(finding(suggestions=(everything, REST)))
    where = {"week": 1, "session": 2, "block": None, "day": 3, "part": None, "exercise": None}
    assert data["suggestions"] == [
        {
            "action": "move-session",
            "safety": "unsafe",
            "description": "Move it.",
            "exercise": "glute-bridge",
            "cue": "neutral-spine",
            "items": ["light-cardio", "leg-swing"],
            "load_kg": 42.5,
            "range_of_motion": "full",
            "day": 3,
            "location": {
                "week": 1,
                "session": 2,
                "block": None,
                "day": 3,
                "part": None,
                "exercise": None,
            },
            "dose": [
                {
                    "exercise": "light-cardio",
                    "sets": 1,
                    "reps": None,
                    "duration_s": 300,
                    "load_kg": None,
                },
                {
                    "exercise": "leg-swing",
                    "sets": 2,
                    "reps": 10,
                    "duration_s": None,
                    "load_kg": None,
                },
            ],
            "target": where,
        },
        # Advice has no target: it is for a person, not a plan.
        {"action": "advice", "safety": "display-only", "description": REST.description},
    ]


def test_errors_and_the_verdict_of_an_incomplete_report() -> None:
    error = CheckError("rule-crashed", "BS401 raised RuntimeError: boom", "backsafe", "BS401")
    load_error = CheckError("pack-failed", "clinic-pack: ImportError")
    data = report_to_dict(Report((), (error, load_error), (PACK,)))
    assert data["verdict"] == "caution"
    assert data["errors"] == [
        {
            "kind": "rule-crashed",
            "message": "BS401 raised RuntimeError: boom",
            "pack": "backsafe",
            "code": "BS401",
        },
        {"kind": "pack-failed", "message": "clinic-pack: ImportError", "pack": None, "code": None},
    ]


def test_dumps_is_json_with_a_final_newline_and_unescaped_text() -> None:
    report = Report((finding(message="4 \u00d7 12 \u2014 caf\u00e9", location=Location(1)),))
    text = dumps(report_to_dict(report))
    assert text.endswith("}\n")
    assert "4 \u00d7 12 \u2014 caf\u00e9" in text
    assert json.loads(text) == report_to_dict(report)
    assert dumps(report_to_dict(report)) == text


def test_dumps_refuses_what_json_cannot_say() -> None:
    with pytest.raises(ValueError, match="JSON"):
        dumps({"load_kg": float("nan")})


# Text -----------------------------------------------------------------------------------


def text_report() -> Report:
    """Findings as the engine orders them, except that a symptom finding comes last."""
    return Report(
        (
            finding("BS701", Level.MODIFY, "4 glute sessions this week.", Location(1)),
            finding(
                "BS801", Level.CAUTION, "No warm-up.", Location(1, 1, 1), suggestions=(ADD_CUE,)
            ),
            finding(
                "BS401",
                Level.CAUTION,
                "Leg swings without a cue.",
                block_at(1, 1, 1, "leg-swing", part=Part.WARM_UP),
            ),
            finding(
                "BS402", Level.CAUTION, "Deadlift without a cue.", block_at(1, 1, 1, "deadlift")
            ),
            finding("BS502", Level.INFO, "Keep the back neutral.", block_at(1, 1, 1, "deadlift")),
            finding(
                "BS401", Level.CAUTION, "Squat without a cue.", block_at(1, 1, 2, "back-squat")
            ),
            finding(
                "BS403",
                Level.MODIFY,
                "Bridge with an excessive range.",
                block_at(1, 2, 1, "glute-bridge"),
                suggestions=(SWAP,),
            ),
            finding("BS601", Level.CAUTION, "Load jumps.", block_at(2, 1, 1, "deadlift")),
            finding(
                "BS102",
                Level.STOP,
                "Significant pain: stop.",
                None,
                topic="pain",
                suggestions=(REST, SEE_SOMEONE),
            ),
            finding("BS201", Level.MODIFY, "Heavy loading with a disc condition.", Location()),
        )
    )


def test_text_starts_with_the_verdict_and_counts() -> None:
    text = render_text(text_report(), title="My plan")
    assert text.splitlines()[0] == ("My plan: verdict: STOP (1 stop, 3 modify, 5 caution, 1 info)")
    assert render_text(Report()).splitlines() == ["verdict: OK (no findings)"]


def test_text_groups_symptom_findings_first_then_by_week_session_and_block() -> None:
    lines = render_text(text_report(), title="My plan").splitlines()
    assert lines == [
        "My plan: verdict: STOP (1 stop, 3 modify, 5 caution, 1 info)",
        "",
        "symptoms and profile",
        "  BS102  stop     Significant pain: stop.",
        f"      advice: {REST.description}",
        f"      advice: {SEE_SOMEONE.description}",
        "",
        "the whole plan",
        "  BS201  modify   Heavy loading with a disc condition.",
        "",
        "week 1",
        "  BS701  modify   4 glute sessions this week.",
        "  session 1 (day 1)",
        "    BS801  caution  No warm-up.",
        f"        fix (safe): {ADD_CUE.description}",
        "    warm-up item 1: leg-swing",
        "      BS401  caution  Leg swings without a cue.",
        "    block 1: deadlift",
        "      BS402  caution  Deadlift without a cue.",
        "      BS502  info     Keep the back neutral.",
        "    block 2: back-squat",
        "      BS401  caution  Squat without a cue.",
        "  session 2 (day 3)",
        "    block 1: glute-bridge",
        "      BS403  modify   Bridge with an excessive range.",
        f"          fix (unsafe): {SWAP.description}",
        "",
        "week 2",
        "  session 1 (day 1)",
        "    block 1: deadlift",
        "      BS601  caution  Load jumps.",
    ]


def test_text_says_when_a_check_is_incomplete() -> None:
    error = CheckError("rule-crashed", "BS401 raised RuntimeError: boom", "backsafe", "BS401")
    lines = render_text(Report((), (error,))).splitlines()
    assert lines[0] == "verdict: CAUTION (no findings)"
    assert lines[1] == "  INCOMPLETE CHECK (rule-crashed): BS401 raised RuntimeError: boom"
    # A message of several lines (a pack's problems) reads on one line, escaped.
    failed = CheckError(
        "pack-failed", "clinic: 2 problems:\n  a.toml.x: bad\n  b\x1b[31m", "clinic"
    )
    assert render_text(Report((), (failed,))).splitlines()[1:] == [
        "  INCOMPLETE CHECK (pack-failed): clinic: 2 problems: a.toml.x: bad; b\\x1b[31m"
    ]


def test_text_is_coloured_only_when_asked() -> None:
    report = text_report()
    plain = render_text(report, colour=False)
    coloured = render_text(report, colour=True)
    assert ANSI not in plain
    assert ANSI in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


class FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(FakeStream(tty=True)) is True
    assert use_colour(FakeStream(tty=False)) is False
    assert use_colour(object()) is False  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(FakeStream(tty=True)) is False
    # no-color.org: an empty NO_COLOR does not switch colour off.
    monkeypatch.setenv("NO_COLOR", "")
    assert use_colour(FakeStream(tty=True)) is True


# Text: user text cannot act on the terminal --------------------------------------------

HOSTILE_NAMES = {
    "right-to-left override": "curl\u202edaeh",
    "left-to-right isolate": "squat\u2066x\u2069",
    "escape sequence": "squat\x1b[2J\x1b[31mred",
    "line break": "squat\nweek 9\n  BS001  urgent  fake",
    "carriage return": "squat\rOK",
    "C1 control": "squat\x9b31m",
    "line separator": "squat\u2028x",
    "byte order mark": "\ufeffsquat",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_text_shows_control_characters_in_user_text_as_escapes(name: str) -> None:
    location = block_at(1, 1, 1, name)
    fix = Suggestion(Action.REPLACE_EXERCISE, Safety.UNSAFE, f"Replace {name}.", exercise="x")
    report = Report(
        (finding(message=f"{name} without a cue.", location=location, suggestions=(fix,)),),
        (CheckError("rule-crashed", f"boom {name}"),),
    )
    for colour in (False, True):
        text = render_text(report, title=f"plan {name}", colour=colour)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text) if colour else text
        # Only the report's own colour codes and line breaks remain.
        assert not re.search(
            r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]", plain
        )
        assert "\\" in plain
    lines = render_text(report).splitlines()
    assert len(lines) == len(render_text(harmless_copy(report)).splitlines())


def harmless_copy(report: Report) -> Report:
    """The same report with harmless names: the text report has as many lines."""
    clean = [
        Finding(
            f.code,
            f.rule,
            f.pack,
            f.level,
            f.topic,
            "message",
            block_at(1, 1, 1, "squat"),
            f.references,
            tuple(Suggestion(s.action, s.safety, "fix", exercise="x") for s in f.suggestions),
        )
        for f in report.findings
    ]
    return Report(tuple(clean), tuple(CheckError(e.kind, "boom") for e in report.errors))


def test_text_escapes_name_the_character() -> None:
    location = block_at(1, 1, 1, "curl\u202edaeh")
    text = render_text(Report((finding(message="a\x1bb\nc", location=location),)))
    assert "block 1: curl\\u202edaeh" in text
    assert "a\\x1bb\\nc" in text


def test_text_puts_notes_on_reading_the_plan_under_the_whole_plan_not_the_person() -> None:
    report = Report(
        findings=(
            finding("BS203", Level.CAUTION, "An unknown condition.", topic="condition"),
            finding("BS903", Level.CAUTION, "Days were assumed.", topic="catalog"),
        )
    )
    assert render_text(report).splitlines()[1:] == [
        "",
        "symptoms and profile",
        "  BS203  caution  An unknown condition.",
        "",
        "the whole plan",
        "  BS903  caution  Days were assumed.",
    ]
