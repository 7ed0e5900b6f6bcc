"""Adapter notes: InputNote and Adapted, and how the checker reports them (BS903, BS904)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import backsafe
from backsafe import Level, Location
from backsafe.adapters import Adapted, InputNote
from backsafe.engine import SelectionError
from backsafe.report import Part

PLAN = backsafe.load_plan(
    Path(__file__).parent.parent / "examples" / "plans" / "glute-builder.json"
)


def note(level: Level | str = Level.CAUTION, **fields: object) -> InputNote:
    values: dict[str, object] = {"kind": "assumed-days", "message": "Days were assumed."}
    values.update(fields)
    return InputNote(level=level, **values)  # type: ignore[arg-type]


def adapter_findings(report: backsafe.Report) -> list[backsafe.Finding]:
    return [f for f in report.findings if f.code in ("BS903", "BS904")]


def test_the_glute_builder_alone_has_no_adapter_finding() -> None:
    assert not adapter_findings(backsafe.check(PLAN))


@pytest.mark.parametrize(
    ("level", "code"),
    [
        (Level.INFO, "BS904"),
        (Level.CAUTION, "BS903"),
        (Level.MODIFY, "BS903"),
        (Level.URGENT, "BS903"),
    ],
)
def test_each_note_is_one_finding_of_the_rule_for_its_level(level: Level, code: str) -> None:
    where = Location(2, 1, 1, Part.BLOCKS, 3, "barbell-hip-thrust")
    report = backsafe.check(PLAN, notes=[note(level, location=where, source="[3].slots[0]")])
    (finding,) = adapter_findings(report)
    assert (finding.code, finding.level, finding.topic) == (code, level, "catalog")
    assert finding.location == where
    assert finding.message == "Days were assumed. (at [3].slots[0])"
    assert finding.references


def test_a_note_never_lowers_the_verdict() -> None:
    report = backsafe.check(PLAN, notes=[note(Level.MODIFY)])
    assert report.verdict is Level.MODIFY


def test_an_info_note_leaves_an_ok_plan_ok() -> None:
    report = backsafe.check(PLAN, notes=[note(Level.INFO, kind="converted-units")])
    assert report.ok
    assert [f.code for f in adapter_findings(report)] == ["BS904"]


def test_notes_keep_their_order_among_findings_of_the_same_place() -> None:
    notes = [note(message="First."), note(message="Second.")]
    messages = [f.message for f in adapter_findings(backsafe.check(PLAN, notes=notes))]
    assert messages == ["First.", "Second."]


def test_check_takes_an_adapted_plan_and_adds_its_notes() -> None:
    adapted = Adapted(PLAN, [note()])
    assert isinstance(adapted.notes, tuple)
    assert backsafe.check(adapted) == backsafe.check(PLAN, notes=adapted.notes)
    both = backsafe.check(adapted, notes=[note(Level.INFO, message="More.")])
    assert [f.code for f in adapter_findings(both)] == ["BS903", "BS904"]


def test_a_checker_takes_notes_too() -> None:
    checker = backsafe.checker()
    assert checker.check(PLAN, notes=[note()]).verdict is Level.CAUTION
    assert checker.check(PLAN).ok  # a checker keeps no notes between checks


def test_bs903_cannot_be_ignored_but_bs904_can() -> None:
    with pytest.raises(SelectionError, match="BS903"):
        backsafe.check(PLAN, ignore=["BS903"])
    report = backsafe.check(PLAN, ignore=["BS9"], notes=[note(), note(Level.INFO)])
    assert [f.code for f in adapter_findings(report)] == ["BS903"]
    report = backsafe.check(PLAN, ignore=["BS904"], notes=[note(Level.INFO)])
    assert not adapter_findings(report)


def test_input_notes_are_validated() -> None:
    assert note("caution").level is Level.CAUTION
    with pytest.raises(ValueError, match="finding level"):
        note(Level.OK)
    with pytest.raises(ValueError, match="'loud'"):
        note("loud")
    with pytest.raises(ValueError, match="kind must be non-empty text"):
        note(kind=" ")
    with pytest.raises(ValueError, match="message must be non-empty text"):
        note(message="")
    with pytest.raises(TypeError, match="location"):
        note(location=(1, 2))
    with pytest.raises(ValueError, match="source must be non-empty text"):
        note(source="")
    with pytest.raises(TypeError, match="plan"):
        Adapted({"weeks": []}, ())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="notes"):
        Adapted(PLAN, [{"kind": "assumed-days"}])  # type: ignore[list-item]


def test_notes_are_frozen_values() -> None:
    first = note()
    assert first == note()
    assert hash(first) == hash(note())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.message = "changed"  # type: ignore[misc]
