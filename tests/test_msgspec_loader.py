"""The msgspec path of the loader: it accepts only what the usual path accepts, equal to a value.

msgspec decodes into types generated from the model's validators, and the loader takes
its answer only when it is sure to be the usual path's; anything else goes the usual
way. These tests compare the two on valid, mutated and hostile documents.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backsafe
from backsafe import InputError, Plan, Profile, dump_plan, dump_profile, load_plan, load_profile
from backsafe._serde import _msgspec
from backsafe.model import LIMITS
from backsafe.testing.strategies import plans, profiles
from tests.mutations import BOUNDARY_VALUES, NASTY_VALUES, mutated
from tests.readers import reader

pytestmark = pytest.mark.skipif(not _msgspec.installed(), reason="msgspec is not installed")

EXAMPLES = Path(__file__).parent.parent / "examples" / "plans"
BLOCK = {"exercise": "plank", "sets": 1, "duration_s": 30}
SETTINGS = settings(
    max_examples=400 if os.environ.get("CI") else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def plan_bytes(**block: Any) -> bytes:
    return json.dumps(
        {"weeks": [{"sessions": [{"day": 1, "blocks": [{**BLOCK, **block}]}]}]}
    ).encode()


def usual(loader: Any, raw: bytes) -> Any:
    """What the loader makes of ``raw`` without msgspec: an object, or ``None``."""
    with reader("orjson"):
        try:
            return loader(raw)
        except InputError:
            return None


def assert_same(decoded: Any, expected: Any) -> None:
    """Equal, and equal in every type (``300`` is not ``300.0``, a list is not a tuple)."""
    assert expected is not None, "msgspec accepted a document the usual path refuses"
    assert decoded == expected
    assert repr(decoded) == repr(expected)


def to_bytes(doc: Any, ascii_only: bool) -> bytes | None:
    try:
        return json.dumps(doc, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    except (ValueError, RecursionError):
        return None


@pytest.mark.parametrize("cls", [Plan, Profile])
def test_the_model_classes_have_a_msgspec_decoder(cls: type) -> None:
    assert _msgspec.make(cls) is not None


def test_the_loaders_take_the_msgspec_path_for_json_text_bytes_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[type] = []
    original = _msgspec.Decoder.__call__

    def spy(self: _msgspec.Decoder, raw: bytes) -> Any:
        result = original(self, raw)
        decoded.append(type(result))
        return result

    monkeypatch.setattr(_msgspec.Decoder, "__call__", spy)
    monkeypatch.setattr(_msgspec, "EAGER_BYTES", 0)
    raw = (EXAMPLES / "glute-builder.json").read_bytes()
    expected = usual(load_plan, raw)
    for source in (raw, raw.decode(), EXAMPLES / "glute-builder.json", b"\xef\xbb\xbf" + raw):
        assert_same(load_plan(source), expected)
    profile = load_profile('{"age": 34, "conditions": ["herniated-disc"], "equipment": ["bands"]}')
    assert profile.conditions == ("herniated-disc",)
    assert decoded == [Plan] * 4 + [Profile]
    load_plan(json.loads(raw))  # data is structured as always
    assert len(decoded) == 5


def test_a_first_small_document_takes_the_usual_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line loads one small plan: it need not import msgspec for it."""
    made: list[type] = []
    monkeypatch.setattr(_msgspec, "_decoders", {})
    monkeypatch.setattr(_msgspec, "_seen", set())
    monkeypatch.setattr(_msgspec, "make", made.append)
    small = (EXAMPLES / "glute-builder.json").read_bytes()
    assert len(small) < _msgspec.EAGER_BYTES
    load_plan(small)
    assert made == []
    load_plan(small)
    assert made == [Plan]
    load_profile(json.dumps({"age": 30, "metadata": {"pad": "x" * _msgspec.EAGER_BYTES}}))
    assert made == [Plan, Profile]


@pytest.mark.parametrize(
    "raw",
    [
        plan_bytes(sets=2).replace(b'"sets": 2', b'"sets": 1, "sets": 2'),
        plan_bytes(metadata={"a": 1}).replace(b'"a": 1', b'"a": 1, "a": 2'),
        b'{"weeks": [], "name": "p", "name": "a: b"}',
        b'{"weeks": [], "name": "p", "name": "a\\u003ab"}',
        plan_bytes(sets=1.0),
        plan_bytes(cues=["a\x7fb"]),
        json.dumps({"weeks": [], "name": "a\x85b"}, ensure_ascii=False).encode(),
        plan_bytes(cues=["a\x01b"]),
        plan_bytes(reps=3),
        plan_bytes(metadata={"deep": json.loads("[" * 40 + "]" * 40)}),
    ],
    ids=[
        "repeated-field",
        "repeated-metadata-key",
        "repeated-key-colon-in-text",
        "repeated-key-escaped-colon",
        "integral-float",
        "delete-character",
        "c1-control",
        "escaped-control",
        "reps-and-duration",
        "deep-metadata",
    ],
)
def test_what_msgspec_reads_otherwise_takes_the_usual_path(raw: bytes) -> None:
    decode = _msgspec.make(Plan)
    assert decode is not None
    assert decode(raw) is None
    expected = usual(load_plan, raw)
    try:
        found = load_plan(raw)
    except InputError:
        found = None
    assert repr(found) == repr(expected)


@pytest.mark.parametrize(
    "raw",
    [
        plan_bytes(reps=None, load_kg=None, cues=[], metadata={}, range_of_motion=None),
        plan_bytes(cues=['say "brace"', "a\u00a0b"]),
        json.dumps({"weeks": [], "name": "\u00e9 \u4e2d \U0001f600"}).encode(),
        b'{"weeks" : [ ] , "name" : "spaced : out"}',
        plan_bytes(load_kg=20, rpe=7.5, metadata={"n": 2**70, "f": 1e300, "s": "x: y"}),
    ],
    ids=["written-defaults", "escapes", "ascii-escapes", "white-space", "numbers"],
)
def test_msgspec_reads_what_the_usual_path_reads(raw: bytes) -> None:
    decode = _msgspec.make(Plan)
    assert decode is not None
    decoded = decode(raw)
    assert decoded is not None
    assert_same(decoded, usual(load_plan, raw))


_FIELDS = [
    ("sets", LIMITS.sets),
    ("reps", LIMITS.reps),
    ("duration_s", LIMITS.duration_s),
    ("load_kg", LIMITS.load_kg),
    ("rpe", 10),
    ("exercise", LIMITS.name_chars),
    ("range_of_motion", None),
]
_VALUES = [value for value in (*BOUNDARY_VALUES, *NASTY_VALUES) if to_bytes(value, True)]


@pytest.mark.parametrize(("field", "limit"), _FIELDS, ids=[name for name, _ in _FIELDS])
def test_the_generated_types_state_the_validators_at_their_boundaries(
    field: str, limit: object
) -> None:
    """Each value beside a limit is accepted by msgspec only if the constructor accepts it."""
    decode = _msgspec.make(Plan)
    assert decode is not None
    base = {**BLOCK, "duration_s": None, "reps": 5} if field != "reps" else dict(BLOCK)
    extra = [limit, limit + 1, limit + 0.5, -limit] if isinstance(limit, (int, float)) else []
    for value in [*_VALUES, *extra]:
        block = {**base, field: value}
        if field == "reps":
            block["duration_s"] = None
        raw = to_bytes({"weeks": [{"sessions": [{"day": 1, "blocks": [block]}]}]}, True)
        assert raw is not None
        decoded = decode(raw)
        try:
            constructed: Any = backsafe.Block(**block)
        except InputError:
            constructed = None
        if decoded is not None:
            assert constructed is not None, (field, value)
            assert repr(decoded.weeks[0].sessions[0].blocks[0]) == repr(constructed)


@SETTINGS
@given(plan=plans(metadata=True), ascii_only=st.booleans())
def test_valid_plans_take_the_msgspec_path(plan: Plan, ascii_only: bool) -> None:
    raw = to_bytes(dump_plan(plan), ascii_only)
    assert raw is not None
    decode = _msgspec.make(Plan)
    assert decode is not None
    decoded = decode(raw)
    assert decoded is not None
    assert_same(decoded, usual(load_plan, raw))
    assert_same(decoded, plan)


@SETTINGS
@given(profile=profiles(metadata=True), ascii_only=st.booleans())
def test_valid_profiles_take_the_msgspec_path(profile: Profile, ascii_only: bool) -> None:
    raw = to_bytes(dump_profile(profile), ascii_only)
    assert raw is not None
    decode = _msgspec.make(Profile)
    assert decode is not None
    decoded = decode(raw)
    assert decoded is not None
    assert_same(decoded, usual(load_profile, raw))


_BASES = [
    json.loads((EXAMPLES / "design-example.json").read_text()),
    {"weeks": json.loads((EXAMPLES / "glute-builder.json").read_text())["weeks"][:1]},
]


@SETTINGS
@given(
    doc=st.one_of(
        st.sampled_from(_BASES).flatmap(mutated).map(lambda d: (Plan, load_plan, d)),
        profiles(metadata=True)
        .map(dump_profile)
        .flatmap(mutated)
        .map(lambda d: (Profile, load_profile, d)),
    ),
    ascii_only=st.booleans(),
)
def test_msgspec_accepts_only_what_the_usual_path_accepts(
    doc: tuple[type, Any, Any], ascii_only: bool
) -> None:
    cls, loader, data = doc
    raw = to_bytes(data, ascii_only)
    if raw is None:
        return
    decode = _msgspec.make(cls)
    assert decode is not None
    decoded = decode(raw)
    if decoded is not None:
        assert_same(decoded, usual(loader, raw))
