"""Mutations of valid documents, for the fuzz and schema-agreement tests."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from tests.strategies import finite_json_values, json_values

Path = tuple[Any, ...]


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


def deep(levels: int) -> Any:
    value: Any = 0
    for _ in range(levels):
        value = [value]
    return value


nasty_values = st.one_of(
    json_values,
    st.sampled_from(
        [
            float("nan"),
            float("inf"),
            -float("inf"),
            10**40,
            -(10**40),
            True,
            False,
            None,
            "",
            "x" * 100_000,
            "\x00\x01\x1b[31m\x7f",
            "three",
            -3,
            0,
            1.5,
            3.0,
            [],
            {},
            "full",
            "pain",
            "herniated-disc",
        ]
    ),
    st.text(st.characters(), max_size=50),
)
# Values at and beside the model's limits, so that mutations probe every boundary.
boundary_values = st.sampled_from(
    [
        -1,
        0,
        0.5,
        1,
        2,
        7,
        8,
        9,
        10,
        11,
        20,
        21,
        100,
        101,
        120,
        121,
        200,
        201,
        260,
        261,
        1000,
        1000.5,
        1001,
        14400,
        14401,
        36500,
        36501,
        "",
        "a" * 200,
        "a" * 201,
    ]
)
deep_values = st.integers(min_value=1, max_value=5000).map(deep)


def slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) pair in ``doc``: the places a value sits."""
    return [
        (node, key)
        for _, node in containers(doc)
        for key in (list(node) if isinstance(node, dict) else range(len(node)))
    ]


@st.composite
def mutated(draw: st.DrawFn, document: Any, *, finite: bool = False) -> Any:
    """Apply one to three mutations to a deep copy of ``document``.

    A mutation replaces the value in one place, deletes it, or adds a key or item next
    to it.
    """
    doc = copy.deepcopy(document)
    # Drawn values are copied: sampled_from hands out the same objects every time, and
    # later mutations must not change them.
    values = finite_json_values.map(copy.deepcopy) | boundary_values
    if not finite:
        values = values | nasty_values.map(copy.deepcopy) | deep_values
    for _ in range(draw(st.sampled_from([1, 1, 2, 3]))):
        places = slots(doc)
        if not places:
            return draw(values)
        parent, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[key] = draw(values)
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            new_key = draw(
                st.sampled_from(["extra", "metadata", "reps", "duration_s", "day"])
                | st.text(max_size=5)
            )
            parent[new_key] = draw(values)
        else:
            parent.append(draw(values))
    return doc
