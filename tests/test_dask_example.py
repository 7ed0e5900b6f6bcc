"""examples/dask: checking a stream of generated plans on a local Dask cluster."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import backsafe

pytest.importorskip("distributed")

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "dask" / "check_with_dask.py"


@pytest.mark.slow
def test_the_dask_example_checks_on_a_local_cluster_of_two_workers() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--plans", "120", "--partitions", "4"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
        env={**os.environ, "DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "error"},
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip().splitlines()[-1]
    counts = Counter(ast.literal_eval(printed.removeprefix("Counter(").removesuffix(")")))
    sys.path.insert(0, str(EXAMPLE.parent))
    try:
        from check_with_dask import generated_plan
    finally:
        sys.path.remove(str(EXAMPLE.parent))
    expected = Counter(
        outcome.verdict.value if outcome.verdict else "invalid"
        for outcome in backsafe.check_many(generated_plan(seed) for seed in range(120))
    )
    assert counts == expected
    assert sum(counts.values()) == 120
