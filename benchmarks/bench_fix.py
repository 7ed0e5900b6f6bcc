"""Fix benchmark: backsafe.fix on the 12-week benchmark plan, against check in the same run.

Times, interleaved round by round so that the ratios hold on a busy machine (CPU time,
``time.process_time``), the minimum and median of the rounds:
  the floor, a bare loop over the plan;
  a check of the plan;
  a fix of the plan (the benchmark plan has 4 glute sessions a week, two of them on
  consecutive days: fix merges the fourth session's glute work into the third, then
  checks the result, so a fix is a check, a plan, an apply and a second check);
  a fix of the same plan with no cues, warm-ups or cool-downs, for a profile with a
  herniated disc and only bands and dumbbells (many more edits: substitutions, cues,
  warm-ups, cool-downs and the schedule).

Target (issue 9): fix within 5x check on the benchmark plan.

Run: python benchmarks/bench_fix.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _plans import benchmark_plan_data, floor
from _timing import cpu

import backsafe


def bare(data: dict[str, Any]) -> dict[str, Any]:
    """The plan without cues, warm-ups or cool-downs, as many generators write them."""
    for week in data["weeks"]:
        for session in week["sessions"]:
            session["warm_up"] = []
            session["cool_down"] = []
            for block in session["blocks"]:
                block.pop("cues", None)
    return data


def main() -> None:
    quick = "--quick" in sys.argv
    rounds, number = (3, 3) if quick else (11, 20)
    plan = backsafe.load_plan(benchmark_plan_data())
    hard = backsafe.load_plan(bare(benchmark_plan_data()))
    profile = backsafe.Profile(conditions=["herniated-disc"], equipment=["bands", "dumbbell"])
    checker = backsafe.checker()
    result = backsafe.fix(plan, checker=checker)
    hard_result = backsafe.fix(hard, profile, checker=checker)
    cases: dict[str, Callable[[], object]] = {
        "floor": lambda: floor(plan),
        "check": lambda: checker.check(plan),
        "fix": lambda: backsafe.fix(plan, checker=checker),
        "check (bare, disc profile)": lambda: checker.check(hard, profile),
        "fix (bare, disc profile)": lambda: backsafe.fix(hard, profile, checker=checker),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, function in cases.items():
            times[name].append(cpu(function, number))
    best = {name: min(values) for name, values in times.items()}
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"CPU time, min / median of {rounds} rounds of {number} calls")
    for name in cases:
        print(f"  {name:<28} {best[name] * 1e3:8.2f} / {median[name] * 1e3:8.2f} ms")
    ratio = best["fix"] / best["check"], median["fix"] / median["check"]
    hard_ratio = (
        best["fix (bare, disc profile)"] / best["check (bare, disc profile)"],
        median["fix (bare, disc profile)"] / median["check (bare, disc profile)"],
    )
    print(
        f"fix / check, benchmark plan: {ratio[0]:.2f} / {ratio[1]:.2f}x (target <= 5x); "
        f"{len(result.edits)} edits, verdict {result.before.verdict.value} -> "
        f"{result.report.verdict.value}"
    )
    print(
        f"fix / check, bare plan with a disc profile: {hard_ratio[0]:.2f} / {hard_ratio[1]:.2f}x; "
        f"{len(hard_result.edits)} edits, verdict {hard_result.before.verdict.value} -> "
        f"{hard_result.report.verdict.value}"
    )


if __name__ == "__main__":
    main()
