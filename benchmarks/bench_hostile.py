"""Hostile-input benchmark: the worst documents within the size limit, through the CLI.

Each document is written to a temporary file and checked by ``backsafe check`` in a
fresh process, which reports its wall time and peak memory (maximum resident set size).
The target: every document is answered (a report, or exit 2 with its problems) within
10 s and 1 GB.

Run: python benchmarks/bench_hostile.py [NAME ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LIMIT = 16 * 1024 * 1024
WEEKS, SESSIONS, PARTS, ITEMS = 260, 7, ("warm_up", "blocks", "cool_down"), 100


def _compact(data: object) -> str:
    return json.dumps(data, separators=(",", ":"))


def _fill(block: Callable[[int], str]) -> str:
    """A plan of as many blocks as fit in the limit (at most the model's own limits)."""
    budget = LIMIT
    while True:
        text = _plan(block, budget)
        if len(text.encode()) <= LIMIT:
            return text
        budget -= len(text.encode()) - LIMIT + 1024


def _plan(block: Callable[[int], str], budget: int) -> str:
    head, tail = '{"weeks":[', "]}"
    out: list[str] = [head]
    size = len(head) + len(tail)
    number = 0
    weeks: list[str] = []
    for _ in range(WEEKS):
        sessions: list[str] = []
        for day in range(1, SESSIONS + 1):
            parts = []
            for part in PARTS:
                items = []
                for _ in range(ITEMS):
                    text = block(number)
                    if size + len(text) > budget:
                        break
                    items.append(text)
                    size += len(text) + 1
                    number += 1
                parts.append(f'"{part}":[{",".join(items)}]')
            sessions.append(f'{{"day":{day},{",".join(parts)}}}')
            size += 64
        weeks.append(f'{{"sessions":[{",".join(sessions)}]}}')
        size += 32
    out.append(",".join(weeks))
    out.append(tail)
    return "".join(out)


def invalid_everywhere() -> str:
    """Every block wrong twice: millions of problems in 16 MiB."""
    return _fill(lambda n: '{"exercise":1,"sets":"x"}')


def distinct_unknown_names() -> str:
    """Hundreds of thousands of blocks, most with a name of their own the catalog lacks."""
    return _fill(lambda n: f'{{"exercise":"zq{n % 70_000}x","sets":1,"reps":1}}')


def distinct_near_names() -> str:
    """Tens of thousands of distinct names close to risky exercises (each one searched)."""
    words = ["romanian", "deadlift", "barbell", "back", "squat", "good", "morning", "hip"]
    return _fill(
        lambda n: (
            f'{{"exercise":"{words[n % 8]} {words[(n // 8) % 8]} x{n % 70_000}","sets":1,"reps":1}}'
        )
    )


def cueless_known_names() -> str:
    """The largest valid plan: known exercises without cues, a finding on most blocks."""
    names = ["barbell back squat", "romanian deadlift", "hip thrust", "lunge"]
    return _fill(lambda n: f'{{"exercise":"{names[n % 4]}","sets":3,"reps":10}}')


def duplicate_keys() -> str:
    """A million repeated keys."""
    body = ",".join('"a":1' for _ in range((LIMIT - 64) // 6))
    return f'{{"weeks":[{{}}],"metadata":{{{body}}}}}'


def deep_nesting() -> str:
    return "[" * (LIMIT // 2 - 1) + "]" * (LIMIT // 2 - 1)


def many_empty_weeks() -> str:
    return '{"weeks":[' + ",".join(["{}"] * ((LIMIT - 16) // 3)) + "]}"


def long_name() -> str:
    return '{"name":"' + "x" * (LIMIT - 64) + '","weeks":[{}]}'


def long_numbers() -> str:
    """Numbers of 20 digits (beyond 64 bits) everywhere: the standard parser's path."""
    return '{"weeks":[' + ",".join(["12345678901234567890123"] * ((LIMIT - 16) // 24)) + "]}"


def huge_integers() -> str:
    """Integers of 4,300 digits, the most Python converts, filling the limit."""
    number = "9" * 4300
    return '{"weeks":[{}],"metadata":{"n":[' + ",".join([number] * (LIMIT // 4302 - 1)) + "]}}"


def unknown_keys() -> str:
    body = ",".join(f'"k{n}":0' for n in range(LIMIT // 13))
    return f'{{"weeks":[{{}}],{body}}}'


def metadata_nodes() -> str:
    return '{"weeks":[{}],"metadata":{"a":[' + ",".join(["0"] * (LIMIT // 2 - 64)) + "]}}"


def streprogen_unreadable() -> str:
    """streprogen output whose every item is unreadable: each becomes a note."""
    item = '{"name":"squat","sets_reps":"three sets"}'
    count = (LIMIT - 200) // (len(item) + 1)
    day = '{"name":"Monday","exercises":[' + ",".join([item] * count) + "]}"
    return '{"program":{"units":"kg"},"rendered":[[' + day + "]]}"


def wger_not_dates() -> str:
    """A wger response of millions of entries that are not dates."""
    return "[" + ",".join(["1"] * ((LIMIT - 2) // 2)) + "]"


def wger_one_day_of_sets() -> str:
    """A wger response of one date with as many sets as fit, none readable."""
    body = ",".join(['{"exercise":1}'] * ((LIMIT - 200) // 15))
    return '[{"date":"2024-01-01","slots":[{"sets":[' + body + "]}]}]"


TOML_LIMIT = 4 * 1024 * 1024


def toml_unknown_keys() -> str:
    """The largest TOML document, every line a key the format does not know."""
    lines = [f"k{n} = 0\n" for n in range(TOML_LIMIT // 12)]
    return "".join(lines)


def toml_plan() -> str:
    """The largest TOML plan: as many blocks as fit in the TOML limit."""
    block = '[[weeks.sessions.blocks]]\nexercise = "barbell back squat"\nsets = 3\nreps = 10\n'
    out: list[str] = []
    size = 0
    for _ in range(WEEKS):
        out.append("[[weeks]]\n")
        for day in range(1, SESSIONS + 1):
            out.append(f"[[weeks.sessions]]\nday = {day}\n")
            for _ in range(ITEMS):
                if size + len(block) + 64 > TOML_LIMIT:
                    return "".join(out)
                out.append(block)
                size += len(block)
            size += 32
    return "".join(out)


DOCUMENTS: dict[str, Callable[[], str]] = {
    "invalid-everywhere": invalid_everywhere,
    "distinct-unknown-names": distinct_unknown_names,
    "distinct-near-names": distinct_near_names,
    "cueless-known-names": cueless_known_names,
    "duplicate-keys": duplicate_keys,
    "deep-nesting": deep_nesting,
    "many-empty-weeks": many_empty_weeks,
    "long-name": long_name,
    "long-numbers": long_numbers,
    "huge-integers": huge_integers,
    "unknown-keys": unknown_keys,
    "metadata-nodes": metadata_nodes,
    "streprogen-unreadable": streprogen_unreadable,
    "wger-not-dates": wger_not_dates,
    "wger-one-day-of-sets": wger_one_day_of_sets,
    "toml-unknown-keys": toml_unknown_keys,
    "toml-plan": toml_plan,
}


#: Runs one ``backsafe check`` and prints its exit code and peak memory (KiB): the
#: children's maximum resident set size of a process with one child is that child's.
_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run([sys.executable, "-m", "backsafe", "check", *sys.argv[1:]],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(path: Path, *args: str) -> tuple[float, float, int]:
    """Run ``backsafe check PATH ARGS``; return seconds, peak MiB and the exit code."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(path), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    code, peak = result.stdout.split()
    return seconds, int(peak) / 1024, int(code)


def documents(names: list[str]) -> Iterator[tuple[str, str]]:
    for name in names or DOCUMENTS:
        yield name, DOCUMENTS[name]()


def main() -> None:
    print(f"{'document':<24} {'MiB':>6} {'format':<6} {'exit':>4} {'seconds':>8} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in documents(sys.argv[1:]):
            suffix = "toml" if name.startswith("toml") else "json"
            path = Path(folder) / f"{name}.{suffix}"
            path.write_text(text, encoding="utf-8")
            size = os.path.getsize(path) / 2**20
            adapter = name.split("-")[0]
            extra = ("--input-format", adapter) if adapter in ("streprogen", "wger") else ()
            for output in ("json", "text"):
                seconds, peak, code = measure(path, "--format", output, *extra)
                print(f"{name:<24} {size:6.1f} {output:<6} {code:>4} {seconds:8.2f} {peak:9.0f}")
            path.unlink()


if __name__ == "__main__":
    main()
