"""Check benchmark: the default pack over a 12-week, 4-session, 13-item plan.

Times, in one run:
  the floor, a bare loop that touches every block once and sums weekly sets per exercise;
  backsafe's check of the plan as written (coaching cues present);
  a check of the same plan without cues, as many generators write them (every squat,
  deadlift, bridge and lunge block then has a finding).

Run: python benchmarks/bench_check.py
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _plans import benchmark_plan_data, floor, without_cues

import backsafe


def best(function: Any, number: int = 300, repeat: int = 7) -> float:
    """Best time per call, in seconds."""
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def main() -> None:
    plan = backsafe.load_plan(benchmark_plan_data())
    bare = backsafe.load_plan(without_cues(benchmark_plan_data()))
    checker = backsafe.checker()
    blocks = sum(
        len(part)
        for week in plan.weeks
        for session in week.sessions
        for part in (session.warm_up, session.blocks, session.cool_down)
    )
    base = best(lambda: floor(plan))
    print(f"plan: {len(plan.weeks)} weeks, {blocks} blocks; {len(checker.rules)} rules")
    print(f"  floor (one loop, weekly sets)     {base * 1e6:8.1f} us")
    for name, subject in (("check (cues given)", plan), ("check (no cues)", bare)):
        report = checker.check(subject)
        seconds = best(lambda subject=subject: checker.check(subject))
        print(
            f"  {name:<32}  {seconds * 1e6:8.1f} us  {seconds / base:5.1f}x floor"
            f"  ({len(report.findings)} findings, verdict {report.verdict.value})"
        )


if __name__ == "__main__":
    main()
