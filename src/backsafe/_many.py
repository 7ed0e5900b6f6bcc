"""``backsafe.check_many``: check many plans, in this process or on a pool of processes.

A pool never sends attrs objects between processes: plans go out as JSON bytes (or the
path to read them from), each worker rebuilds its checker once from the checker's small
picklable spec, and results come back as a few plain values unless full reports are
asked for. Where ``fork`` is available the pool forks after the parent has built its
checker, so workers start with the packs already loaded.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from backsafe._input_error import InputError
from backsafe._serde import Source, dump_plan, load_plan, load_profile, load_symptoms
from backsafe.engine import Checker
from backsafe.engine import CheckerSpec as Recipe
from backsafe.model import Plan, Profile, Symptom
from backsafe.packs import CheckerSpec
from backsafe.report import Level, Report

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Job", "Outcome", "check_many", "pooled"]

_LEVELS = tuple(Level)
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
S = TypeVar("S")


@attrs.frozen
class Outcome:
    """What `check_many` found for one item.

    ``index`` is the item's position in the input; ``source`` the path it was read from
    (``None`` for data). ``verdict`` is ``None`` when the item was unusable input, and
    ``error`` then says why (every problem with its field path). ``codes`` are the codes
    found, ``counts`` the number of findings at each level, ``complete`` whether every
    rule ran. ``report`` is the full report when ``reports=True`` was asked for.
    """

    index: int
    verdict: Level | None
    codes: tuple[str, ...] = ()
    counts: Mapping[Level, int] = attrs.field(factory=dict)
    complete: bool = True
    error: str | None = None
    source: str | None = None
    report: Report | None = None

    @property
    def ok(self) -> bool:
        """Whether the item was checked and its verdict is ``ok``."""
        return self.verdict is Level.OK


# A result as it travels back from a worker: plain values only.
_Compact = tuple[int, str | None, tuple[str, ...], tuple[int, ...], bool, str | None, Any]


def _compact(index: int, report: Report, with_report: bool) -> _Compact:
    counts = [0] * len(_LEVELS)
    for finding in report.findings:
        counts[_LEVELS.index(finding.level)] += 1
    return (
        index,
        report.verdict.value,
        report.codes,
        tuple(counts),
        report.complete,
        None,
        report if with_report else None,
    )


def _outcome(compact: _Compact, source: str | None) -> Outcome:
    index, verdict, codes, counts, complete, error, report = compact
    return Outcome(
        index=index,
        verdict=None if verdict is None else Level(verdict),
        codes=codes,
        counts={level: n for level, n in zip(_LEVELS, counts, strict=False) if n},
        complete=complete,
        error=error,
        source=source,
        report=report,
    )


@attrs.frozen
class _Job:
    """What every item of one `check_many` call shares, as a worker rebuilds it."""

    checker: Checker | Recipe
    profile: Profile | None
    symptoms: tuple[Symptom, ...]
    stop_at: Level | None
    reports: bool

    def check(self, checker: Checker, index: int, payload: Any) -> _Compact:
        try:
            plan = payload if isinstance(payload, Plan) else load_plan(payload)
        except InputError as error:
            return (index, None, (), (), True, str(error), None)
        report = checker.check(plan, self.profile, self.symptoms, stop_at=self.stop_at)
        return _compact(index, report, self.reports)


def _payload(item: Any) -> tuple[Any, str | None]:
    """What to send a worker for ``item`` (bytes or a path, never an attrs object)."""
    if isinstance(item, Plan):
        return json.dumps(dump_plan(item)).encode(), None
    if isinstance(item, (dict, list)):
        try:
            return json.dumps(item, allow_nan=False).encode(), None
        except (TypeError, ValueError):
            return item, None  # the worker's loader says what is wrong with it
    if isinstance(item, (bytes, bytearray, memoryview)):
        return bytes(item), None
    if isinstance(item, str) and item.lstrip()[:1] in ("{", "["):
        return item.encode("utf-8", "surrogatepass"), None
    if isinstance(item, (str, os.PathLike)):
        return os.fspath(item), os.fspath(item)
    return item, None


def _source(item: Any) -> str | None:
    if isinstance(item, os.PathLike):
        return str(os.fspath(item))
    if isinstance(item, str) and item.lstrip()[:1] not in ("{", "["):
        return item
    return None


# The job and checker of a worker process, set once by `_start_worker`.
_worker: tuple[Job[Any], Checker] | None = None


class Job(Protocol[R_co]):
    """What every item of one run on a pool shares, and what a worker does with each item.

    A job is pickled to the workers when they start (unless they fork): ``checker`` is
    the checker's spec (or the checker itself), which each worker builds once; `check`
    turns one payload (bytes, a path, plain data) into a result of plain values, which
    travels back to the parent.
    """

    @property
    def checker(self) -> Checker | Recipe:
        """The checker, or the spec a worker builds it from."""

    def check(self, checker: Checker, index: int, payload: Any) -> R_co:
        """Check the item numbered ``index``."""


def _start_worker(job: Job[Any]) -> None:
    global _worker  # noqa: PLW0603 - one job per worker process
    # Ctrl-C reaches the whole process group: the parent stops the pool, and a worker
    # stopped in the middle of a chunk would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    checker = job.checker if isinstance(job.checker, Checker) else job.checker.build()
    _worker = (job, checker)


def _check_chunk(chunk: Sequence[tuple[int, Any]]) -> list[Any]:
    assert _worker is not None, "the worker was not started"
    job, checker = _worker
    return [job.check(checker, index, payload) for index, payload in chunk]


def _context() -> Any:
    """Fork where it exists and is safe (no other threads); else the platform's default."""
    import multiprocessing  # noqa: PLC0415 - for pools only, not for one check

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn" if "spawn" in methods else None)


def pooled(
    job: Job[R], items: Iterable[tuple[Any, S]], workers: int, chunksize: int
) -> Iterator[tuple[R, S]]:
    """Run ``job`` over ``items`` on a pool of ``workers`` processes, in input order.

    ``items`` are pairs of what to send a worker (a payload of plain values, never an
    attrs object) and what to keep here for that item; each result comes back with what
    was kept. At most ``2 * workers`` chunks of ``chunksize`` items are read ahead. When
    the caller stops (an exception, Ctrl-C, or closing the iterator), the chunks not
    started are cancelled and the pool waits only for those running.
    """
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - as multiprocessing

    numbered = enumerate(items)
    pool = ProcessPoolExecutor(workers, _context(), _start_worker, (job,))
    try:
        pending: deque[tuple[Future[list[R]], list[S]]] = deque()
        while True:
            while len(pending) < 2 * workers:
                chunk = list(islice(numbered, chunksize))
                if not chunk:
                    break
                future = pool.submit(_check_chunk, [(i, payload) for i, (payload, _) in chunk])
                pending.append((future, [kept for _, (_, kept) in chunk]))
            if not pending:
                return
            future, kept = pending.popleft()
            yield from zip(future.result(), kept, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _workers(workers: int | None) -> int:
    if workers is None:
        return 1
    if workers == -1:
        return os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"workers must be a positive number, or -1 for one per core: {workers}")
    return workers


def check_many(
    items: Iterable[Plan | Source],
    *,
    profile: Profile | Source | None = None,
    symptoms: Iterable[Symptom] | Source = (),
    checker: Checker | CheckerSpec | None = None,
    workers: int | None = None,
    chunksize: int | None = None,
    stop_at: Level | str | None = None,
    reports: bool = False,
) -> Iterator[Outcome]:
    """Check every plan of ``items`` for one person; yield an `Outcome` each, in input order.

    ``items`` are plans or documents (dicts, JSON text or bytes, paths), and may be a
    stream: at most a few chunks are read ahead. An unusable item gives an outcome with
    its ``error``; it never stops the others. ``profile`` and ``symptoms`` apply to every
    plan. ``checker`` defaults to `backsafe.checker()`; give one (or its spec) to choose
    packs and rules.

    ``workers``: ``None`` or 1 checks in this process; ``n > 1`` on a pool of ``n``
    processes (``-1``: one per core), ``chunksize`` items at a time (default 64).
    ``stop_at`` stops each check as soon as its verdict is known to be at least that
    level (see `Checker.check`). Outcomes carry the verdict, codes and counts; the full
    `Report` too with ``reports=True`` (slower across processes).
    """
    from backsafe._api import checker as default_checker  # noqa: PLC0415 - no cycle at import

    if profile is not None and not isinstance(profile, Profile):
        profile = load_profile(profile)
    if isinstance(symptoms, (str, bytes, bytearray, memoryview, dict)) or hasattr(
        symptoms, "__fspath__"
    ):
        symptoms = load_symptoms(symptoms)
    symptoms = tuple(symptoms)
    if not all(isinstance(s, Symptom) for s in symptoms):
        symptoms = load_symptoms(list(symptoms))
    level = None if stop_at is None else Level(stop_at)
    if isinstance(checker, Checker):
        built = checker
    else:
        built = default_checker() if checker is None else checker.build()
    count = _workers(workers)
    if count == 1:
        job = _Job(built, profile, symptoms, level, reports)
        for index, item in enumerate(items):
            yield _outcome(job.check(built, index, item), _source(item))
        return
    shared = built.spec if built.spec is not None else built
    job = _Job(shared, profile, symptoms, level, reports)
    for compact, source in pooled(job, map(_payload, items), count, chunksize or 64):
        yield _outcome(compact, source)
