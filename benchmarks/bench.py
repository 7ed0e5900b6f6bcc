"""The scale benchmark: every figure of the generator's path, measured in one run.

Each round times every subject once, in turn (interleaved), so that a busy machine slows
them all alike; the table gives the minimum and the median over the rounds, and each
subject's ratio to its baseline measured in the same rounds (CPU time, `process_time`):

  floor          a bare loop over the benchmark plan, summing weekly sets per exercise
  load           backsafe.load_plan of the 78 kB benchmark document, against json.loads
  check          the benchmark plan; the same without cues; with a disc condition and mild
                 pain; a generator-like plan (ratios to the floor; 52 weeks to 12 weeks)
  fix            backsafe.fix of the benchmark plan, against its check (when available)
  check_many     10,000 generated 12-week plans (400 with --quick), in this process
                 and on 2 worker processes (wall time: a pool's CPU time is elsewhere)
  CLI            `backsafe check` of one small plan: CPU time of the whole process

Run: python benchmarks/bench.py [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _plans import (
    benchmark_plan_data,
    floor,
    generated_documents,
    generated_plan_data,
    without_cues,
)
from _timing import cpu

import backsafe

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "examples" / "plans" / "glute-builder.json"

#: Targets of the scale issue: (subject, baseline, most the ratio may be).
TARGETS = {
    "check benchmark": 6.0,
    "check no cues": 10.0,
    "check disc + pain": 10.0,
    "check generated": 10.0,
    "load 78 kB": 1.2,
    "check 52 weeks": 4.5,
    "fix benchmark": 5.0,
}


def cli_seconds() -> float:
    """CPU time (user + system) of one `backsafe check` process on a small plan."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "backsafe", "check", str(SMALL)],
        capture_output=True,
        check=False,
        env={**os.environ, "BACKSAFE_DISABLE_PACK_AUTOLOAD": "1"},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def wall(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and plans (CI)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    rounds = 5 if args.quick else 11
    number = 20 if args.quick else 100
    many = 400 if args.quick else 10000

    document = json.dumps(benchmark_plan_data()).encode()
    plan = backsafe.load_plan(document)
    bare = backsafe.load_plan(without_cues(benchmark_plan_data()))
    year = backsafe.load_plan(
        {"weeks": benchmark_plan_data()["weeks"] * 5 + benchmark_plan_data()["weeks"][:4]}
    )
    generated = backsafe.load_plan(generated_plan_data(7))
    profile = backsafe.Profile(conditions=["herniated-disc"])
    pain = (backsafe.Symptom(kind="pain", intensity=2, worsens_with_activity=False),)
    checker = backsafe.checker()
    fix = getattr(backsafe, "fix", None)

    subjects: dict[str, Callable[[], object]] = {
        "floor": lambda: floor(plan),
        "json.loads 78 kB": lambda: json.loads(document),
        "load 78 kB": lambda: backsafe.load_plan(document),
        "check benchmark": lambda: checker.check(plan),
        "check no cues": lambda: checker.check(bare),
        "check disc + pain": lambda: checker.check(plan, profile, pain),
        "check generated": lambda: checker.check(generated),
        "check 52 weeks": lambda: checker.check(year),
    }
    if fix is not None:
        subjects["fix benchmark"] = lambda: fix(plan)
    baselines = {
        "load 78 kB": "json.loads 78 kB",
        "check benchmark": "floor",
        "check no cues": "floor",
        "check disc + pain": "floor",
        "check generated": "floor",
        "check 52 weeks": "check benchmark",
        "fix benchmark": "check benchmark",
    }
    for subject in subjects.values():
        subject()  # warm caches
    times: dict[str, list[float]] = {name: [] for name in subjects}
    for _ in range(rounds):
        for name, subject in subjects.items():
            times[name].append(cpu(subject, number))

    documents = generated_documents(many)
    pool: dict[str, list[float]] = {"check_many serial": [], "check_many 2 workers": []}
    for _ in range(2 if args.quick else 5):
        pool["check_many serial"].append(wall(lambda: list(backsafe.check_many(documents))))
        pool["check_many 2 workers"].append(
            wall(lambda: list(backsafe.check_many(documents, workers=2, chunksize=100)))
        )
    cli = [cli_seconds() for _ in range(rounds)]

    rows = []
    results: dict[str, Any] = {"rounds": rounds, "plans": many, "figures": {}}
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        base = baselines.get(name)
        ratio = (best / min(times[base]), median / statistics.median(times[base])) if base else None
        results["figures"][name] = {"min_s": best, "median_s": median, "ratio": ratio, "over": base}
        rows.append((name, best * 1e6, median * 1e6, ratio, base))
    serial, parallel = (min(pool[k]) for k in pool)
    results["figures"]["check_many"] = {
        "plans": many,
        "serial_s": serial,
        "two_workers_s": parallel,
        "speedup": serial / parallel,
        "plans_per_s_serial": many / serial,
    }
    results["figures"]["cli"] = {"min_s": min(cli), "median_s": statistics.median(cli)}

    print(f"CPU time per call, {rounds} interleaved rounds of {number} calls (min / median):")
    for name, best, median, ratio, base in rows:
        line = f"  {name:<22} {best:10.1f} / {median:10.1f} us"
        if ratio is not None:
            target = TARGETS.get(name)
            mark = (
                ""
                if target is None
                else ("  ok" if ratio[0] <= target else f"  > {target}x target")
            )
            line += f"   {ratio[0]:5.2f} / {ratio[1]:5.2f}x {base}{mark}"
        print(line)
    print(
        f"  check_many, {many} generated plans: serial {serial:.2f} s "
        f"({many / serial:.0f} plans/s), 2 workers {parallel:.2f} s: {serial / parallel:.2f}x "
        "(wall time)"
    )
    print(f"  CLI `backsafe check` small plan: {min(cli):.3f} / {statistics.median(cli):.3f} s CPU")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
