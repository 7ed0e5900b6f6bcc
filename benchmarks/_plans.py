"""The benchmark plan: 12 weeks, 4 sessions a week, 13 items a session (about 78 kB).

Also the floor the benchmarks compare a check with, and the plan variants they time.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import backsafe

_WARM_UP = [
    {"exercise": "light cardio", "sets": 1, "duration_s": 300},
    {"exercise": "leg swings", "sets": 1, "reps": 10},
]
_COOL_DOWN = [
    {"exercise": "static stretches", "sets": 1, "duration_s": 300},
    {"exercise": "foam rolling", "sets": 1, "duration_s": 300},
]
_LOWER = [
    ("barbell hip thrust", 60.0),
    ("romanian deadlift", 50.0),
    ("goblet squat", 16.0),
    ("dumbbell lunges", 10.0),
    ("glute bridge with resistance band", None),
    ("quadruped hip extension", None),
    ("leg extension", 30.0),
    ("lying leg curl", 25.0),
    ("standing calf raise", 40.0),
]
_UPPER = [
    ("bird dog", None),
    ("plank", None),
    ("dead bug", None),
    ("clamshell with resistance band", None),
    ("lateral band walk", None),
    ("banded monster walk", None),
    ("step-up", 8.0),
    ("leg press", 80.0),
    ("seated calf raise", 20.0),
]


def _block(name: str, load: float | None, week: int) -> dict[str, Any]:
    block: dict[str, Any] = {"exercise": name, "sets": 3}
    if name in ("plank",):
        block["duration_s"] = 30 + 5 * week
    else:
        block["reps"] = 10
    if load is not None:
        block["load_kg"] = round(load * (1 + 0.02 * week), 1)
        block["rpe"] = 7
    block["cues"] = ["brace-core", "neutral-spine"]
    block["range_of_motion"] = "full"
    return block


def benchmark_plan_data() -> dict[str, Any]:
    """Return the plan as plain data."""
    weeks = []
    for week in range(12):
        sessions = []
        for index, day in enumerate((1, 3, 5, 6)):
            main = _LOWER if index % 2 == 0 else _UPPER
            sessions.append(
                {
                    "day": day,
                    "name": f"Session {index + 1}",
                    "warm_up": _WARM_UP,
                    "blocks": [_block(name, load, week) for name, load in main],
                    "cool_down": _COOL_DOWN,
                }
            )
        weeks.append({"sessions": sessions})
    return {"name": "Benchmark plan", "weeks": weeks, "metadata": {"generator": "benchmarks"}}


def benchmark_plan_bytes() -> bytes:
    """Return the plan as JSON bytes."""
    return json.dumps(benchmark_plan_data(), indent=1).encode()


_POOL = [
    ("barbell hip thrust", 60.0),
    ("romanian deadlift", 50.0),
    ("goblet squat", 16.0),
    ("back squat", 70.0),
    ("deadlift", 90.0),
    ("dumbbell lunges", 10.0),
    ("step-up", 8.0),
    ("glute bridge with resistance band", None),
    ("quadruped hip extension", None),
    ("clamshell with resistance band", None),
    ("lateral band walk", None),
    ("leg extension", 30.0),
    ("lying leg curl", 25.0),
    ("standing calf raise", 40.0),
    ("bird dog", None),
    ("plank", None),
    ("dead bug", None),
    ("leg press", 80.0),
]


def generated_plan_data(seed: int, weeks: int = 12) -> dict[str, Any]:
    """A plan as a simple generator would make one: random but plausible, seeded."""
    import random

    rng = random.Random(seed)
    days = rng.choice([(1, 3, 5), (1, 2, 4, 6), (2, 4, 6), (1, 4), (1, 3, 5, 7)])
    templates = [rng.sample(_POOL, 7) for _ in days]
    plan_weeks = []
    for week in range(weeks):
        sessions = []
        for day, template in zip(days, templates, strict=True):
            blocks = []
            for name, load in template:
                block: dict[str, Any] = {"exercise": name, "sets": rng.choice((2, 3, 4))}
                if name == "plank":
                    block["duration_s"] = 30 + 5 * week
                else:
                    block["reps"] = rng.choice((8, 10, 12))
                if load is not None:
                    block["load_kg"] = round(load * (1 + rng.choice((0.02, 0.05, 0.12)) * week), 1)
                if rng.random() < 0.5:
                    block["cues"] = ["brace-core", "neutral-spine"]
                blocks.append(block)
            session: dict[str, Any] = {"day": day, "blocks": blocks}
            if rng.random() < 0.7:
                session["warm_up"] = _WARM_UP
            if rng.random() < 0.7:
                session["cool_down"] = _COOL_DOWN
            sessions.append(session)
        plan_weeks.append({"sessions": sessions})
    return {"name": f"generated {seed}", "weeks": plan_weeks}


def generated_documents(count: int, weeks: int = 12) -> list[bytes]:
    """``count`` generated plans as JSON bytes, as a generator would hand them over."""
    return [json.dumps(generated_plan_data(seed, weeks)).encode() for seed in range(count)]


def floor(plan: backsafe.Plan) -> list[dict[str, int]]:
    """Touch every block once and sum the weekly sets per exercise."""
    weeks = []
    for week in plan.weeks:
        sets: dict[str, int] = {}
        for session in week.sessions:
            for part in (session.warm_up, session.blocks, session.cool_down):
                for block in part:
                    sets[block.exercise] = sets.get(block.exercise, 0) + block.sets
        weeks.append(sets)
    return weeks


def without_cues(data: dict[str, Any]) -> dict[str, Any]:
    """The plan document without cues (most of the form findings appear)."""
    for week in data["weeks"]:
        for session in week["sessions"]:
            for block in session["blocks"]:
                block.pop("cues", None)
    return data
