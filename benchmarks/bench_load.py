"""Loading benchmark: validated loading of a 12-week plan from JSON bytes.

Times, in one run, on the same 78 kB document:
  json.loads alone (the floor a user compares with),
  backsafe.load_plan (orjson parsing when installed, then the fast structure path),
  pydantic v2's model_validate_json on an equivalent strict model (the peer).

Run: pip install -e ".[benchmark]" && python benchmarks/bench_load.py
"""

from __future__ import annotations

import json
import sys
import timeit
from pathlib import Path
from typing import Any, Literal

sys.path.insert(0, str(Path(__file__).parent))

from _plans import benchmark_plan_data

import backsafe

try:
    import orjson
except ImportError:  # pragma: no cover
    orjson = None


def pydantic_plan_model() -> Any:
    """The interchange format's plan as a strict pydantic v2 model, limits included."""
    from pydantic import BaseModel, ConfigDict, Field

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    class Block(Strict):
        exercise: str = Field(min_length=1, max_length=200)
        sets: int = Field(ge=1, le=100)
        reps: int | None = Field(default=None, ge=1, le=1000)
        duration_s: float | None = Field(default=None, gt=0, le=14400, allow_inf_nan=False)
        load_kg: float | None = Field(default=None, ge=0, le=1000, allow_inf_nan=False)
        rpe: float | None = Field(default=None, ge=1, le=10, allow_inf_nan=False)
        cues: tuple[str, ...] = ()
        range_of_motion: Literal["partial", "full", "excessive"] | None = None
        metadata: dict[str, Any] = {}

    class Session(Strict):
        day: int = Field(ge=1, le=7)
        name: str | None = None
        warm_up: tuple[Block, ...] = ()
        blocks: tuple[Block, ...] = ()
        cool_down: tuple[Block, ...] = ()
        metadata: dict[str, Any] = {}

    class Week(Strict):
        sessions: tuple[Session, ...] = ()
        metadata: dict[str, Any] = {}

    class Plan(Strict):
        weeks: tuple[Week, ...]
        name: str | None = None
        metadata: dict[str, Any] = {}

    return Plan


def best(function: Any, number: int = 200, repeat: int = 7) -> float:
    """Best time per call, in seconds."""
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def main() -> None:
    document = json.dumps(benchmark_plan_data()).encode()
    results = {"json.loads": best(lambda: json.loads(document))}
    if orjson is not None:
        results["orjson.loads"] = best(lambda: orjson.loads(document))
    results["backsafe.load_plan"] = best(lambda: backsafe.load_plan(document))
    try:
        model = pydantic_plan_model()
    except ImportError:
        print("pydantic is not installed: pip install -e '.[benchmark]'")
    else:
        model.model_validate_json(document)
        results["pydantic model_validate_json"] = best(lambda: model.model_validate_json(document))
    floor = results["json.loads"]
    print(f"plan: {len(document) / 1000:.1f} kB of JSON, orjson {'on' if orjson else 'off'}")
    for name, seconds in results.items():
        print(f"  {name:<30} {seconds * 1e3:7.3f} ms   {seconds / floor:5.2f}x json.loads")


if __name__ == "__main__":
    main()
