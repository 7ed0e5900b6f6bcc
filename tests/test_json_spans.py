"""The JSON pointer scanner that places SARIF results on lines and columns."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backsafe.output._json_spans import Position, Spans, escape_token

keys = st.text(alphabet='ab/~"\\ é\u2028', max_size=4)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=12,
)


def pointers(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = [(prefix, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += pointers(item, f"{prefix}/{escape_token(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += pointers(item, f"{prefix}/{index}")
    return found


@given(
    document=values,
    indent=st.sampled_from([None, 0, 2, "\t", "\r\n  "]),
    ascii_only=st.booleans(),
)
@settings(max_examples=300)
def test_every_pointer_finds_its_value(document: Any, indent: Any, ascii_only: bool) -> None:
    if isinstance(indent, str) and indent.startswith("\r\n"):
        text = json.dumps(document, indent=2, ensure_ascii=ascii_only).replace("\n", "\r\n")
    else:
        text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    everything = pointers(document)
    spans = Spans(text, [pointer for pointer, _ in everything])
    for pointer, value in everything:
        span = spans.get(pointer)
        assert span is not None, pointer
        assert json.loads(text[span.start : span.end]) == value


@given(document=values, data=st.data())
@settings(max_examples=300)
def test_some_pointers_find_their_values_and_members_past_skipped_ones(
    document: Any, data: st.DataObject
) -> None:
    text = json.dumps(document, indent=1)
    everything = dict(pointers(document))
    wanted = data.draw(st.sets(st.sampled_from(sorted(everything))))
    spans = Spans(text, wanted)
    found = [pointer for pointer in everything if spans.get(pointer) is not None]
    members = {
        pointer
        for pointer in everything
        if pointer in wanted or (pointer and pointer.rsplit("/", 1)[0] in wanted)
    }
    assert set(found) == members
    for pointer in found:
        span = spans.get(pointer)
        assert span is not None
        assert json.loads(text[span.start : span.end]) == everything[pointer]


def test_members_of_wanted_values_are_found_too_and_nothing_else() -> None:
    text = '{"a": {"b": [1, {"c": 2}], "d": "x"}, "e": 3}'
    spans = Spans(text, ["/a"])
    assert spans.get("/a") is not None
    found_b, found_d = spans.get("/a/b"), spans.get("/a/d")
    assert found_b is not None
    assert found_d is not None
    assert text[found_b.start : found_b.end] == '[1, {"c": 2}]'
    assert text[found_d.start : found_d.end] == '"x"'
    assert spans.get("/a/b/1") is None
    assert spans.get("/e") is None
    assert spans.get("/nope") is None


def test_positions_are_lines_and_code_point_columns() -> None:
    text = '{\n  "é": [\r\n    1, "x"],\r  "z": 2}'
    spans = Spans(text, ["/\u00e9/1", "/z"])
    x, z = spans.get("/\u00e9/1"), spans.get("/z")
    assert x is not None
    assert z is not None
    assert spans.position(x.start) == Position(3, 8)
    assert spans.position(z.start) == Position(4, 8)
    assert spans.position(0) == Position(1, 1)


def test_text_that_is_not_the_loaded_document_gives_no_spans() -> None:
    for text in ('{"a": [1, 2}', '{"a": 1', "", "[[["):
        spans = Spans(text, ["", "/a", "/a/0"])
        assert [spans.get(p) for p in ("", "/a", "/a/0")] == [None, None, None]
