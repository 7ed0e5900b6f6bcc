"""Turn the exceptions of a failed structuring pass into a flat list of `Problem`."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from itertools import islice
from typing import Any

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from backsafe._input_error import MAX_PROBLEMS, InputError, PathPart, Problem
from backsafe._serde._converter import Exhausted, Mismatch, detailed_converter, problem_budget

__all__ = ["explain", "problems_from"]


def _note_of(error: BaseException) -> AttributeValidationNote | IterableValidationNote | None:
    for note in reversed(getattr(error, "__notes__", ())):
        if isinstance(note, (AttributeValidationNote, IterableValidationNote)):
            return note
    return None


def problems_from(error: BaseException, path: tuple[PathPart, ...] = ()) -> Iterator[Problem]:
    """Yield every problem ``error`` describes, located below ``path``.

    A validator's `InputError` already names its field relative to the object that ran
    it, so it is located at the object's path, not below the field's note.
    """
    if isinstance(error, (ClassValidationError, IterableValidationError)):
        for inner in error.exceptions:
            note = _note_of(inner)
            if isinstance(inner, InputError) or note is None:
                yield from problems_from(inner, path)
            elif isinstance(note, AttributeValidationNote):
                yield from problems_from(inner, (*path, note.name))
            else:
                yield from problems_from(inner, (*path, note.index))
    elif isinstance(error, InputError):
        for problem in error.problems:
            yield problem.prefixed(path)
    elif isinstance(error, ForbiddenExtraKeysError):
        allowed = ", ".join(a.alias for a in attrs.fields(error.cl) if a.init)
        for key in heapq.nsmallest(MAX_PROBLEMS + 1, error.extra_fields, key=str):
            yield Problem((*path, key), f"is not a known field (known: {allowed})")
    elif isinstance(error, Exhausted):  # the pass stopped looking here
        return
    elif isinstance(error, Mismatch):
        yield Problem(path, error.message, error.value)
    elif isinstance(error, KeyError):
        yield Problem(path, "is required")
    else:  # a hook's own error (pack options use plain cattrs hooks); never swallowed
        yield Problem(path, f"is not valid ({type(error).__name__}: {error})")


def explain(data: Any, cls: Any) -> tuple[list[Problem], bool]:
    """Structure ``data`` with the detailed converter: its problems, and whether there are more.

    At most `MAX_PROBLEMS` + 1 problems (the pass stops looking after that many).
    """
    with problem_budget() as budget:
        try:
            detailed_converter.structure(data, cls)
        except Exception as error:
            problems = list(islice(problems_from(error), MAX_PROBLEMS + 1))
        else:  # pragma: no cover - the two passes share validators, so they agree
            problems = []
    return problems, budget.exhausted or len(problems) > MAX_PROBLEMS
