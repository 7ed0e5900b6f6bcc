"""Mutations of valid documents, for the fuzz and schema-agreement tests.

A mutation replaces the value in one place of a document, deletes it, or adds a key or
item beside it. The places and values are chosen with a seeded `random.Random` drawn from
Hypothesis: drawing each choice from Hypothesis made generation, not loading, the cost of
a fuzz example. Hypothesis still supplies one arbitrary JSON value per example.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import strategies as st

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
#: Any JSON-like value, NaN and the infinities included (what a loader may be given).
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
#: JSON values that JSON can represent (for the schema-agreement tests).
finite_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)

Path = tuple[Any, ...]

#: Values beside the model's limits, so that mutations probe every boundary.
BOUNDARY_VALUES = [
    -1, 0, 0.5, 1, 2, 7, 8, 9, 10, 11, 20, 21, 100, 101, 120, 121, 200, 201, 260, 261,
    1000, 1000.5, 1001, 14400, 14401, 36500, 36501, "", "a" * 200, "a" * 201,
]  # fmt: skip
#: Values no field accepts, or that only some do: wrong types, non-finite numbers, huge
#: and control-character strings, values of the model's enums in the wrong place.
NASTY_VALUES = [
    float("nan"), float("inf"), -float("inf"), 10**40, -(10**40), True, False, None,
    "x" * 100_000, "\x00\x01\x1b[31m\x7f", "three", -3, 1.5, 3.0, [], {}, [[]], {"a": {}},
    "full", "pain", "herniated-disc", "lower-back", "novice", "bands",
]  # fmt: skip
NEW_KEYS = ["extra", "metadata", "reps", "duration_s", "day", "sets", "kind", "weeks", ""]


def containers(doc: Any, max_depth: int = 12) -> list[tuple[Path, Any]]:
    """Every dict and list in ``doc`` down to ``max_depth``, with its path."""
    found: list[tuple[Path, Any]] = []
    stack: list[tuple[Path, Any]] = [((), doc)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, (dict, list)) and len(path) <= max_depth:
            found.append((path, node))
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend(((*path, key), value) for key, value in items)
    found.reverse()
    return found


def slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) pair in ``doc``: the places a value sits."""
    return [
        (node, key)
        for _, node in containers(doc)
        for key in (list(node) if isinstance(node, dict) else range(len(node)))
    ]


def deep(levels: int) -> Any:
    value: Any = 0
    for _ in range(levels):
        value = [value]
    return value


def _random_text(rnd: random.Random) -> str:
    return "".join(
        chr(rnd.choice([rnd.randint(0, 0x7F), rnd.randint(0, 0x10FFFF)]))
        for _ in range(rnd.randint(0, 12))
    )


def _value(rnd: random.Random, arbitrary: Any, *, finite: bool) -> Any:
    kind = rnd.randrange(6 if finite else 9)
    if kind == 0:
        return copy.deepcopy(arbitrary)
    if kind in (1, 2):
        return rnd.choice(BOUNDARY_VALUES)
    if kind == 3:
        return rnd.randint(-(10**6), 10**6)
    if kind == 4:
        return rnd.uniform(-1e6, 1e6)
    if kind == 5:
        return _random_text(rnd)
    if kind in (6, 7):
        return copy.deepcopy(rnd.choice(NASTY_VALUES))
    return deep(rnd.choice([2, 40, 1000, 5000]))


@st.composite
def mutated(draw: st.DrawFn, document: Any, *, finite: bool = False) -> Any:
    """Apply one to three mutations to a deep copy of ``document``.

    ``finite`` keeps to JSON-representable values (for the schema-agreement test).
    """
    doc = copy.deepcopy(document)
    rnd = draw(st.randoms(use_true_random=False))
    arbitrary = draw(finite_json_values if finite else json_values)
    for _ in range(rnd.choice([1, 1, 2, 3])):
        places = slots(doc)
        if not places:
            return _value(rnd, arbitrary, finite=finite)
        parent, key = rnd.choice(places)
        action = rnd.choice(["replace", "replace", "delete", "add"])
        if action == "replace":
            parent[key] = _value(rnd, arbitrary, finite=finite)
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[rnd.choice([*NEW_KEYS, _random_text(rnd)])] = _value(
                rnd, arbitrary, finite=finite
            )
        else:
            parent.append(_value(rnd, arbitrary, finite=finite))
    return doc
