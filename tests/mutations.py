"""Mutations of valid documents, for the fuzz and schema-agreement tests.

A mutation replaces the value in one place of a document, deletes it, or adds a key or
item beside it. The places and values are chosen with a seeded `random.Random` drawn from
Hypothesis: drawing each choice from Hypothesis made generation, not loading, the cost of
a fuzz example. Hypothesis still supplies one arbitrary JSON value per example.

`hostile_json` renders a document as JSON text with what a dict cannot hold: repeated
keys, lone surrogate escapes, integers of more digits than Python converts, a byte-order
mark.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from hypothesis import strategies as st

#: Text that may hold lone surrogates (``"\\ud800"`` in JSON), which are not characters.
hostile_text = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=8)
#: Integers beyond 64 bits (orjson reads those as floats), of either sign.
huge_integers = st.integers(2**63, 2**2000) | st.integers(-(2**2000), -(2**63) - 1)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | huge_integers
    | st.floats()
    | st.text(max_size=20)
    | hostile_text
)
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
    "\ud800", "brace-core\udfff", 2**64, -(2**63) - 1, 10**4000,
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


#: Raw JSON literals a hostile document may hold where a value belongs.
HOSTILE_LITERALS = {
    "surrogate": ['"\\ud800"', '"brace-core\\udfff"', '"\\udc80x\\ud83d"'],
    "huge": ["9" * 4301, "-" + "1" * 5000, "1" + "0" * 4400],
    "long": ["12345678901234567890", "-9223372036854775809", "18446744073709551616",
             "0.12345678901234567890123", "1" * 60],
}  # fmt: skip


def _marker(markers: dict[str, tuple[str, str]], kind: str, raw: str) -> str:
    marker = f"\x00{len(markers)}\x00"
    markers[json.dumps(marker)] = (kind, raw)
    return marker


@st.composite
def hostile_json(draw: st.DrawFn, document: Any) -> tuple[str, frozenset[str]]:
    """``document`` as JSON text with one to three hostile features, and their kinds.

    Kinds: ``duplicate`` (a key repeated in its object, with another value),
    ``surrogate`` (a lone surrogate escape), ``huge`` (an integer beyond 4300 digits),
    ``long`` (a number of 20 digits or more within that), ``bom`` (a leading byte-order
    mark). A feature overwritten by a later one is not counted; a document too deep to
    render gets none.
    """
    doc = copy.deepcopy(document)
    rnd = draw(st.randoms(use_true_random=False))
    markers: dict[str, tuple[str, str]] = {}
    bom = False
    for _ in range(rnd.choice([1, 1, 2, 3])):
        kind = rnd.choice(["duplicate", "duplicate", "surrogate", "huge", "long", "bom"])
        objects = [node for _, node in containers(doc) if isinstance(node, dict) and node]
        places = slots(doc)
        if kind == "duplicate" and objects:
            node = rnd.choice(objects)
            keys = [key for key in node if isinstance(key, str)]
            if keys:
                raw = json.dumps(rnd.choice(keys))
                node[_marker(markers, kind, raw)] = _value(rnd, None, finite=True)
        elif kind in HOSTILE_LITERALS and places:
            parent, key = rnd.choice(places)
            parent[key] = _marker(markers, kind, rnd.choice(HOSTILE_LITERALS[kind]))
        elif kind == "bom":
            bom = True
    try:
        text = json.dumps(doc)
    except (RecursionError, ValueError):
        return json.dumps([]), frozenset()
    kinds = {"bom"} if bom else set()
    for marker, (kind, raw) in markers.items():
        if marker in text:
            text = text.replace(marker, raw)
            kinds.add(kind)
    return ("\ufeff" if bom else "") + text, frozenset(kinds)
