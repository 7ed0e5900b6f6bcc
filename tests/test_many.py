"""``backsafe.check_many``, the pool, and ``stop_at``."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backsafe
from backsafe import Level
from backsafe.testing.strategies import plans

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from _plans import generated_documents  # noqa: E402

RISKY = ROOT / "examples" / "plans" / "risky-glute-builder.json"
FRIENDLY = ROOT / "examples" / "plans" / "glute-builder.json"


def summary(outcome: backsafe.Outcome) -> tuple[object, ...]:
    return (outcome.index, outcome.verdict, outcome.codes, dict(outcome.counts), outcome.error)


def test_outcomes_come_in_input_order_with_errors_in_place() -> None:
    plan = backsafe.load_plan(RISKY)
    items = [str(RISKY), b'{"weeks": 3}', plan, FRIENDLY, json.loads(RISKY.read_text()), "{"]
    outcomes = list(backsafe.check_many(items))
    assert [o.index for o in outcomes] == list(range(len(items)))
    report = backsafe.check(plan)
    assert outcomes[0].verdict is report.verdict and outcomes[0].codes == report.codes
    assert outcomes[0].source == str(RISKY) and outcomes[3].source == str(FRIENDLY)
    assert outcomes[1].verdict is None and "weeks" in (outcomes[1].error or "")
    assert outcomes[5].verdict is None and "not valid JSON" in (outcomes[5].error or "")
    assert summary(outcomes[2])[1:] == summary(outcomes[0])[1:] == summary(outcomes[4])[1:]
    assert outcomes[3].ok
    assert sum(outcomes[0].counts.values()) == len(report.findings)


def test_a_pool_gives_the_same_outcomes_as_one_process() -> None:
    documents = [*generated_documents(24, weeks=4), b"[1]", str(FRIENDLY)]
    serial = [summary(o) for o in backsafe.check_many(documents)]
    pooled = [summary(o) for o in backsafe.check_many(documents, workers=2, chunksize=5)]
    assert pooled == serial
    assert {o[1] for o in serial} >= {Level.CAUTION, Level.MODIFY}


def test_full_reports_when_asked_for() -> None:
    symptoms = [{"kind": "pain", "intensity": 2, "worsens_with_activity": False}]
    profile = {"conditions": ["herniated-disc"]}
    [outcome] = backsafe.check_many(
        [RISKY], profile=profile, symptoms=symptoms, workers=2, reports=True
    )
    assert outcome.report == backsafe.check(RISKY, profile, symptoms)
    assert "BS201" in outcome.codes and "BS101" in outcome.codes


def test_a_stream_is_read_only_a_few_chunks_ahead() -> None:
    taken = 0

    def stream() -> Iterator[bytes]:
        nonlocal taken
        for document in itertools.cycle(generated_documents(3, weeks=2)):
            taken += 1
            yield document

    outcomes = backsafe.check_many(stream(), workers=2, chunksize=4)
    first = list(itertools.islice(outcomes, 5))
    assert [o.index for o in first] == [0, 1, 2, 3, 4]
    assert taken <= 4 * 2 * 2 + 4
    outcomes.close()  # type: ignore[attr-defined]


def test_workers_must_make_sense() -> None:
    with pytest.raises(ValueError, match="workers must be a positive number"):
        list(backsafe.check_many([RISKY], workers=0))


def test_a_spawned_pool_rebuilds_the_checker_from_its_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    import backsafe._many as many

    monkeypatch.setattr(many.threading, "active_count", lambda: 2)  # no fork: spawn
    checker = backsafe.checker(select=["BS4"])
    outcomes = list(backsafe.check_many([RISKY, FRIENDLY], checker=checker, workers=2))
    assert [o.codes for o in outcomes] == [
        checker.check(backsafe.load_plan(RISKY)).codes,
        checker.check(backsafe.load_plan(FRIENDLY)).codes,
    ]


@settings(max_examples=25)
@given(plan=plans(), bar=st.sampled_from([level for level in Level if level is not Level.OK]))
def test_stop_at_decides_the_same_as_a_full_check(plan: backsafe.Plan, bar: Level) -> None:
    checker = backsafe.checker()
    full = checker.check(plan)
    stopped = checker.check(plan, stop_at=bar)
    assert (stopped.verdict >= bar) == (full.verdict >= bar)
    if stopped.stopped_at is None:
        assert stopped == full, "a check that did not stop is the full check"
    else:
        assert stopped.stopped_at is bar
        assert set(stopped.findings) <= set(full.findings)


def test_stop_at_puts_red_flags_first() -> None:
    report = backsafe.checker().check(
        backsafe.load_plan(RISKY),
        symptoms=[backsafe.Symptom(kind="bladder-dysfunction")],
        stop_at="modify",
    )
    assert report.stopped_at is Level.MODIFY
    assert [f.code for f in report.findings] == ["BS001"]
    assert report.verdict is Level.URGENT
