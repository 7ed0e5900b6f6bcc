"""Check a large stream of generated plans on a Dask cluster with backsafe.

Each Dask task gets a partition of plans as JSON bytes and the checker's small
picklable spec (``checker.spec``); a worker process rebuilds the checker once from the
installed packs and checks its partitions with `backsafe.check_many`, returning compact
outcomes. Nothing but bytes, the spec and small tuples crosses the network.

Run it on a local cluster (two worker processes)::

    python examples/dask/check_with_dask.py --plans 2000

or point it at a real scheduler (every worker needs backsafe and the same packs)::

    python examples/dask/check_with_dask.py --scheduler tcp://scheduler:8786 --plans 1000000
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import dask.bag as db
from dask.distributed import Client, LocalCluster

import backsafe
from backsafe.packs import CheckerSpec


def generated_plan(seed: int) -> bytes:
    """A plausible 12-week plan, as a generator would emit one (JSON bytes)."""
    rng = random.Random(seed)
    pool = [
        ("barbell hip thrust", 60.0),
        ("romanian deadlift", 50.0),
        ("goblet squat", 16.0),
        ("back squat", 70.0),
        ("glute bridge with resistance band", None),
        ("quadruped hip extension", None),
        ("lying leg curl", 25.0),
        ("leg extension", 30.0),
        ("standing calf raise", 40.0),
        ("bird dog", None),
    ]
    days = rng.choice([(1, 3, 5), (1, 4), (2, 4, 6), (1, 2, 4)])
    template = rng.sample(pool, 6)
    weeks = []
    for week in range(12):
        sessions = []
        for day in days:
            blocks = []
            for name, load in template:
                block: dict[str, Any] = {"exercise": name, "sets": 3, "reps": 10}
                if load is not None:
                    block["load_kg"] = round(load * (1 + rng.choice((0.02, 0.05)) * week), 1)
                blocks.append(block)
            sessions.append({"day": day, "blocks": blocks})
        weeks.append({"sessions": sessions})
    return json.dumps({"name": f"plan {seed}", "weeks": weeks}).encode()


def check_partition(
    documents: Iterable[bytes], spec: CheckerSpec
) -> list[tuple[str, tuple[str, ...]]]:
    """Check one partition: (verdict, codes) per plan ("invalid" for unusable input)."""
    outcomes = backsafe.check_many(documents, checker=spec.build())
    return [
        (outcome.verdict.value if outcome.verdict else "invalid", outcome.codes)
        for outcome in outcomes
    ]


def check_on_dask(client: Client, seeds: Iterable[int], partitions: int) -> Counter[str]:
    """Check the generated plans of ``seeds`` on ``client``'s cluster; count the verdicts."""
    spec = backsafe.checker().spec
    assert spec is not None, "the default checker comes with its spec"
    plans = db.from_sequence(list(seeds), npartitions=partitions).map(generated_plan)
    results = plans.map_partitions(check_partition, spec=spec)
    verdicts: Counter[str] = Counter()
    for verdict, _ in client.compute(results).result():
        verdicts[verdict] += 1
    return verdicts


def _seeds(count: int) -> Iterator[int]:
    return iter(range(count))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument(
        "--scheduler", help="address of a running scheduler (default: a local cluster)"
    )
    args = parser.parse_args(argv)
    if args.scheduler:
        with Client(args.scheduler) as client:
            print(check_on_dask(client, _seeds(args.plans), args.partitions))
        return
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        Client(cluster) as client,
    ):
        print(check_on_dask(client, _seeds(args.plans), args.partitions))


if __name__ == "__main__":
    main()
