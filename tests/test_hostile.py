"""Hostile input through the Python API: never a traceback, never fail open, bounded cost.

One section per class of input (duplicate keys, lone surrogates, huge integers, byte-order
marks, inputs a caller can plausibly pass, unbounded sources, documents wrong everywhere,
plans that trip a rule everywhere). The command line's side is in ``test_cli_hostile.py``.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import backsafe
from backsafe import (
    Block,
    Condition,
    Equipment,
    InputError,
    Level,
    Plan,
    Profile,
    Session,
    Week,
    check,
    checker,
    load_plan,
    load_profile,
    load_symptoms,
)
from backsafe._input_error import MAX_PROBLEMS
from backsafe._serde import _sources
from backsafe.adapters.streprogen import plan_from_streprogen
from backsafe.catalog import _suggest
from backsafe.engine import Registry, SelectionError
from backsafe.engine._context import MAX_FINDINGS_PER_RULE
from backsafe.packs import PackSet, default_pack
from tests.readers import READERS, installed, reader

BLOCK = {"exercise": "plank", "sets": 1, "duration_s": 30}
PLAN = {"weeks": [{"sessions": [{"day": 1, "blocks": [BLOCK]}]}]}
BLADDER = '{"kind": "bladder-dysfunction", "kind": "pain", "intensity": 2}'


@pytest.fixture(params=READERS)
def parser(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test with msgspec, with orjson and with the standard library alone."""
    name = str(request.param)
    if not installed(name):  # pragma: no cover - msgspec and orjson are in the test extra
        pytest.skip(f"{name} is not installed")
    with reader(name):
        yield name


def as_text(text: str) -> str:
    return text


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def as_file(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "document.json"
        path.write_bytes(as_bytes(text))
        return path

    return write


def forms(tmp_path: Path) -> list[Callable[[str], Any]]:
    """Every way a caller hands over JSON: text, bytes, a path."""
    return [as_text, as_bytes, as_file(tmp_path)]


def problems_of(error: InputError) -> list[tuple[str, str]]:
    return [(backsafe._input_error.format_path(p.path), p.message) for p in error.problems]


def assert_safe_to_print(error: InputError) -> None:
    """The message encodes as UTF-8 and has no control characters but line breaks."""
    text = str(error)
    text.encode("utf-8")
    assert all(c == "\n" or c.isprintable() for c in text), repr(text)


# Duplicate keys ---------------------------------------------------------------------------

DUPLICATES = [
    # A red flag hidden by a second "kind": last-wins would read mild pain.
    (load_symptoms, f"[{BLADDER}]", "[0].kind"),
    (load_symptoms, f'{{"symptoms": [], "symptoms": [{BLADDER}]}}', "symptoms"),
    (load_plan, json.dumps(PLAN)[:-1] + ', "weeks": []}', "weeks"),
    (load_plan, '{"weeks": [{}], "metadata": {"a": 1, "b": {"c": 1, "c": 2}}}', "metadata.b.c"),
    (load_profile, '{"conditions": ["herniated-disc"], "conditions": []}', "conditions"),
    # A colon written as an escape must not balance the count of a repeated key.
    (load_symptoms, f'[{BLADDER[:-1]}, "metadata": {{"note": "\\u003a"}}}}]', "[0].kind"),
    # Nested deeper than orjson writes (it reads deeper than it writes).
    (load_plan, '{"weeks": [{}], "name": "a", "name": "b", "x": ' + "[" * 300 + "]" * 300 + "}", "name"),
]  # fmt: skip


@pytest.mark.parametrize(("loader", "text", "where"), DUPLICATES)
def test_a_duplicate_key_is_an_input_error_with_its_path(
    parser: str, tmp_path: Path, loader: Any, text: str, where: str
) -> None:
    for form in forms(tmp_path):
        with pytest.raises(InputError) as caught:
            loader(form(text))
        assert (where, "appears more than once in its object (duplicate key)") in problems_of(
            caught.value
        ), caught.value


def test_colons_inside_strings_are_not_duplicate_keys(parser: str, tmp_path: Path) -> None:
    document = {**PLAN, "name": "Plan: A", "metadata": {"at": "10:30", "url": "https://x/y:z"}}
    for form in forms(tmp_path):
        for text in (json.dumps(document), json.dumps(document, indent=1)):
            assert load_plan(form(text)).metadata == document["metadata"]
    escaped = json.dumps(document, ensure_ascii=False).replace(":", "\\u003a", 1)
    with pytest.raises(InputError):  # the escape is in a key position: invalid JSON
        load_plan(escaped)


def test_a_million_duplicate_keys_report_the_first_ones_quickly(parser: str) -> None:
    text = '{"weeks": [{}], "metadata": {' + ",".join(['"a": 1'] * 200_000) + "}}"
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        load_plan(text)
    assert time.perf_counter() - start < 10
    assert caught.value.truncated
    assert len(caught.value.problems) == MAX_PROBLEMS
    assert "the loader stops looking after 50 problems" in str(caught.value)


# Lone surrogates --------------------------------------------------------------------------

SURROGATE_PLACES = [
    ({**PLAN, "name": "A\\ud800"}, "name"),
    ({"weeks": [{"sessions": [{"day": 1, "blocks": [{**BLOCK, "exercise": "\\udfffplank"}]}]}]},
     "weeks[0].sessions[0].blocks[0].exercise"),
    ({"weeks": [{"sessions": [{"day": 1, "blocks": [{**BLOCK, "cues": ["brace\\udc80"]}]}]}]},
     "weeks[0].sessions[0].blocks[0].cues[0]"),
    ({**PLAN, "metadata": {"note": ["x", "\\ud800"]}}, "metadata.note[1]"),
    ({**PLAN, "metadata": {"\\ud83d": 1}}, "metadata.\\ud83d"),
]  # fmt: skip


@pytest.mark.parametrize(("document", "where"), SURROGATE_PLACES)
def test_a_lone_surrogate_is_refused_where_it_is(
    parser: str, tmp_path: Path, document: dict[str, Any], where: str
) -> None:
    # json.dumps escapes the backslash: put the escape back as JSON text has it.
    text = json.dumps(document).replace("\\\\u", "\\u")
    sources: list[Any] = [form(text) for form in forms(tmp_path)]
    sources.append(json.loads(text))  # a dict whose strings hold the surrogate itself
    for source in sources:
        with pytest.raises(InputError) as caught:
            load_plan(source)
        (path, message), *_ = problems_of(caught.value)
        assert path == where
        assert "lone surrogate" in message
        assert_safe_to_print(caught.value)


def test_a_surrogate_in_an_unknown_key_prints_escaped() -> None:
    with pytest.raises(InputError) as caught:
        load_plan({**PLAN, "\ud800\x1b[31m": 1})
    assert "\\ud800\\u001b[31m: is not a known field" in str(caught.value)
    assert_safe_to_print(caught.value)


# Huge integers ----------------------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize(
    "text",
    [
        '{"weeks": [{}], "metadata": {"n": ' + HUGE + "}}",
        '{"weeks": [{"sessions": [{"day": ' + HUGE + "}]}]}",
        "[-" + HUGE + "]",
    ],
    ids=["metadata", "field", "list"],
)
def test_an_integer_beyond_4300_digits_in_json_is_an_input_error(
    parser: str, tmp_path: Path, text: str
) -> None:
    for form in forms(tmp_path):
        with pytest.raises(InputError) as caught:
            load_plan(form(text))
        message = str(caught.value)
        assert "a number has more than 4300 digits at line 1" in message
        assert "set_int_max_str_digits" not in message


@pytest.mark.parametrize(
    ("toml", "where", "message"),
    [
        (f"[[weeks]]\n[metadata]\nn = {HUGE}\n", "(document)", "more than 4300 digits at line 3"),
        ("[[weeks]]\n[metadata]\nn = 0x" + "f" * 5000 + "\n", "metadata.n", "at most 4300 digits"),
        ("[[weeks]]\n[[weeks.sessions]]\nday = 0x" + "f" * 5000 + "\n",
         "weeks[0].sessions[0].day", "must be <= 7"),
    ],
    ids=["decimal", "hex-in-metadata", "hex-in-a-field"],
)  # fmt: skip
def test_huge_toml_integers_are_input_errors(
    tmp_path: Path, toml: str, where: str, message: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert any(p == where and message in m for p, m in problems_of(caught.value)), caught.value
    assert "set_int_max_str_digits" not in str(caught.value)


def test_huge_integers_given_as_objects_are_input_errors() -> None:
    with pytest.raises(InputError, match="sets: must be <= 100, got a number with about 5001"):
        Block(exercise="plank", sets=10**5000, reps=1)
    with pytest.raises(InputError, match="rpe: must be <= 10, got a number with 401 digits"):
        Block(exercise="plank", sets=1, reps=1, rpe=10**400)
    with pytest.raises(InputError, match="metadata.n: must have at most 4300 digits"):
        load_plan({**PLAN, "metadata": {"n": -(10**4300)}})
    assert load_plan({**PLAN, "metadata": {"n": 10**4300 - 1}}).metadata["n"] == 10**4300 - 1


@pytest.mark.parametrize("number", [2**64, 2**70, -(2**63) - 1, 10**30, 123456789012345678901])
def test_integers_beyond_64_bits_read_the_same_with_or_without_orjson(
    parser: str, number: int
) -> None:
    text = json.dumps({**PLAN, "metadata": {"id": number, "list": [number, 1.5]}})
    metadata = load_plan(text).metadata
    assert metadata == {"id": number, "list": [number, 1.5]}
    assert type(metadata["id"]) is int


def test_a_document_reads_the_same_with_or_without_msgspec_and_orjson() -> None:
    texts = [
        json.dumps({**PLAN, "metadata": {"f": 0.1234567890123456789012, "e": 1e300}}),
        '{"weeks": [{}], "metadata": {"big": 1e400}}',
        json.dumps({**PLAN, "name": "\u00e9\u4e2d\U0001f600"}, ensure_ascii=False),
        json.dumps({**PLAN, "name": "\u00e9\u4e2d\U0001f600"}),
        json.dumps({**PLAN, "name": "tab\there"}),
        json.dumps({**PLAN, "name": "C1 \x85 and DEL \x7f"}, ensure_ascii=False),
        json.dumps({**PLAN, "metadata": {"n": 10**4299, "m": -(10**4299)}}),
        '{"weeks": [{}], "name": "a", "metadata": {"t": "\\u003a", "n": null}}',
    ]

    def outcome(text: str) -> Any:
        try:
            return load_plan(text)
        except InputError as error:
            return problems_of(error)

    outcomes = {}
    for name in READERS:
        if installed(name):
            with reader(name):
                outcomes[name] = [outcome(text) for text in texts]
    first = next(iter(outcomes.values()))
    assert all(found == first for found in outcomes.values()), outcomes


# Byte-order marks -------------------------------------------------------------------------


def test_a_byte_order_mark_is_ignored_in_json_text_bytes_and_files_and_in_toml(
    parser: str, tmp_path: Path
) -> None:
    text = "\ufeff" + json.dumps(PLAN)
    expected = load_plan(PLAN)
    assert load_plan(text) == expected
    assert load_plan(text.encode()) == expected
    (tmp_path / "plan.json").write_text(text, encoding="utf-8")
    assert load_plan(tmp_path / "plan.json") == expected
    toml = "\ufeff[[weeks]]\n[[weeks.sessions]]\nday = 1\n[[weeks.sessions.blocks]]\n"
    toml += 'exercise = "plank"\nsets = 1\nduration_s = 30\n'
    (tmp_path / "plan.toml").write_text(toml, encoding="utf-8")
    assert load_plan(tmp_path / "plan.toml") == expected


# What a caller can plausibly pass ---------------------------------------------------------


def test_a_non_string_key_is_an_input_error_that_does_not_look_like_an_index() -> None:
    with pytest.raises(InputError, match=r"\(document\): must have string keys, got 1"):
        load_plan({**PLAN, 1: "x"})
    with pytest.raises(InputError, match=r"weeks\[0\]: must have string keys, got 1"):
        load_plan({"weeks": [{1: 2}]})


def test_a_path_with_a_nul_character_is_an_input_error() -> None:
    with pytest.raises(InputError, match="the path contains a NUL character") as caught:
        load_plan("plan\x00.json")
    assert "plan\\u0000.json" in str(caught.value)
    with pytest.raises(InputError, match="NUL"):
        load_plan(Path("plan\x00.json"))


def test_symptoms_none_means_no_symptoms() -> None:
    assert check(PLAN, symptoms=None) == check(PLAN)
    assert checker().check(load_plan(PLAN), None, None) == check(PLAN)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((PLAN,), "plan must be a backsafe.Plan, not dict: load documents with backsafe.load_plan"),
        ((json.dumps(PLAN),), "plan must be a backsafe.Plan, not str"),
        ((load_plan(PLAN), {"age": 30}), "profile must be a backsafe.Profile, not dict"),
        ((load_plan(PLAN), None, [{"kind": "pain"}]), "each of symptoms must be a backsafe.Symptom"),
    ],
)  # fmt: skip
def test_a_checker_is_given_model_objects_or_a_type_error_says_how(
    args: tuple[Any, ...], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        checker().check(*args)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"select": []}, SelectionError, "select is empty"),
        ({"select": [" "]}, SelectionError, "blank entry"),
        ({"ignore": [""]}, SelectionError, "ignore has a blank entry"),
        ({"select": [1]}, TypeError, r"select entries must be rule codes .* got 1 \(int\)"),
        ({"ignore": [None]}, TypeError, "ignore entries must be rule codes"),
        ({"select": "BS4"}, TypeError, r"not a string: write select=\['BS4'\]"),
        ({"select": [["BS4"]]}, TypeError, "select entries must be rule codes"),
    ],
)
def test_a_selection_that_would_switch_checking_off_is_refused(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        check(PLAN, **options)
    with pytest.raises(error, match=message):
        Registry(default_pack().rules).select(**options)
    with pytest.raises(error, match=message):
        PackSet.load().checker(**options)


def test_a_selection_may_be_any_iterable_of_codes() -> None:
    assert check(PLAN, select=(code for code in ["BS4"])) == check(PLAN, select=["BS4"])
    assert check(PLAN, ignore=[]) == check(PLAN)


def test_pickled_input_errors_keep_everything() -> None:
    error = InputError([backsafe.Problem(("a",), "b", 1)], "x.json", truncated=True)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problems, copy.source, copy.truncated, str(copy)) == (
        error.problems,
        error.source,
        True,
        str(error),
    )


# Constructors take what the loader takes (and only that) -----------------------------------


def test_constructors_take_any_ordered_iterable_and_enum_values() -> None:
    def blocks() -> Iterator[Block]:
        yield Block(exercise="plank", sets=1, duration_s=30, cues=["brace-core"])

    session = Session(day=1, blocks=blocks(), cool_down=(b for b in blocks()))
    assert type(session.blocks) is tuple and type(session.cool_down) is tuple
    assert Week(sessions=iter([session])).sessions == (session,)
    profile = Profile(
        conditions={"previous-back-injury", Condition.HERNIATED_DISC}, equipment={"bands"}
    )
    assert profile.conditions == (Condition.HERNIATED_DISC, Condition.PREVIOUS_BACK_INJURY)
    assert profile.equipment == (Equipment.BANDS,)
    assert Block(exercise="x", sets=1, reps=1, cues={"b", "a"}).cues == ("a", "b")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Block(exercise="x", sets=1, reps=1, cues="brace-core"), "cues: must be a list"),
        (lambda: Session(day=1, blocks={Block(exercise="x", sets=1, reps=1)}), "blocks: must be a list"),
        (lambda: Plan(weeks={"a": Week()}), "weeks: must be a list"),
        (lambda: Week(sessions=itertools.repeat(Session(day=1))), "at most 7 items"),
        (lambda: Profile(conditions=["herniated-disc", 3]), "conditions[1]: must be a string"),
    ],
)  # fmt: skip
def test_constructors_refuse_what_is_not_a_list(make: Callable[[], Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        make()
    assert message in str(caught.value)


# Unbounded sources ------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_behind_a_json_name_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    start = time.perf_counter()
    with pytest.raises(InputError, match="is larger than the limit of 16 MiB"):
        load_plan(link)
    assert time.perf_counter() - start < 5


def test_a_toml_document_is_at_most_4_mib(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("# a comment\n" * (_sources.MAX_TOML_BYTES // 12 + 1))
    with pytest.raises(InputError, match="is too large for TOML"):
        load_plan(path)


def test_read_limited_reads_at_most_one_byte_past_the_limit() -> None:
    asked: list[int] = []

    class Endless:
        def read(self, size: int = -1) -> bytes:
            asked.append(size)
            return b" " * size

    with pytest.raises(InputError, match="larger than the limit"):
        _sources.read_limited(Endless())  # type: ignore[arg-type]
    assert asked == [_sources.MAX_DOCUMENT_BYTES + 1]


# Cost within the limit --------------------------------------------------------------------


def test_a_document_wrong_everywhere_reports_the_first_problems_quickly() -> None:
    bad = {"exercise": 1, "sets": "x"}
    sessions = [{"day": day, "blocks": [bad] * 100, "warm_up": [bad] * 100} for day in range(1, 8)]
    document = {"weeks": [{"sessions": sessions}] * 40}
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        load_plan(document)
    assert time.perf_counter() - start < 5
    error = caught.value
    assert error.truncated and len(error.problems) == MAX_PROBLEMS
    assert problems_of(error)[:2] == [
        ("weeks[0].sessions[0].warm_up[0].exercise", "must be a string"),
        ("weeks[0].sessions[0].warm_up[0].sets", "must be a whole number"),
    ]
    assert str(error).startswith("invalid input: more than 50 problems\n")


def test_a_list_longer_than_its_field_allows_is_refused_without_reading_its_items() -> None:
    document = {"weeks": [{"sessions": [{"day": 1, "blocks": [{"bad": 1}] * 50_000}]}]}
    with pytest.raises(InputError) as caught:
        load_plan(document)
    assert problems_of(caught.value) == [
        ("weeks[0].sessions[0].blocks", "must have at most 100 items")
    ]
    assert not caught.value.truncated


def test_huge_metadata_is_refused_before_it_is_walked() -> None:
    start = time.perf_counter()
    with pytest.raises(InputError, match="metadata.a: must hold at most 100000 values in all"):
        load_plan({**PLAN, "metadata": {"a": [0] * 2_000_000}})
    assert time.perf_counter() - start < 2


def _every_block(name: str, count: int) -> dict[str, Any]:
    block = {"exercise": name, "sets": 3, "reps": 10}
    days = [{"day": day, "blocks": [block] * 100} for day in range(1, 8)]
    return {"weeks": [{"sessions": days}] * (count // 700)}


def test_a_rule_lists_at_most_its_share_of_findings_and_counts_the_rest() -> None:
    plan = load_plan(_every_block("barbell back squat", 2100))
    report = check(plan, select=["BS401"])
    found = [f for f in report.findings if f.code == "BS401"]
    summary = [f for f in found if "more times from here on" in f.message]
    assert len(found) == MAX_FINDINGS_PER_RULE + 1
    assert [f.message for f in summary] == [
        "BS401 found this 1100 more times from here on, not listed: a report lists at most"
        " 1000 findings of one rule."
    ]
    # Where the first finding left out would have been: 700 blocks a week, so week 2,
    # day 4, block 1.
    assert summary[0].location is not None
    where = summary[0].location
    assert (where.week, where.day, where.block) == (2, 4, 1)
    assert found[-1] is summary[0]  # in document order, after the last one listed
    assert summary[0].level == found[0].level
    assert report.verdict == found[0].level


def test_unknown_names_are_compared_with_the_catalog_for_the_first_ones_of_a_plan_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the budget a name is unknown without suggestions, and the check is incomplete."""
    monkeypatch.setattr(_suggest, "MAX_SUGGESTED_NAMES", 20)
    names = [f"zz unknown exercise {n:03d}" for n in range(25)]
    # The 21st name would be presumed a Romanian deadlift if it were compared.
    names[20] = "romanain deadlfit"
    blocks = [{"exercise": name, "sets": 1, "reps": 1} for name in names]
    document = {"weeks": [{"sessions": [{"day": 1, "blocks": blocks}]}]}
    first = check(document)
    found = [f for f in first.findings if f.code == "BS902"]
    assert len(found) == len(names)
    assert all("not looked up" not in f.message for f in found[:20])
    assert all("more than 20 unknown names" in f.message for f in found[20:])
    assert "judged as" not in found[20].message
    assert [error.kind for error in first.errors] == ["unjudged-names"]
    assert "more than 20 distinct exercises the catalog cannot resolve" in first.errors[0].message
    assert first.verdict >= Level.CAUTION and not first.complete
    # The same plan gets the same report whatever was compared before, and the name is
    # judged when it comes within the budget.
    alone = check({"weeks": [{"sessions": [{"day": 1, "blocks": blocks[20:21]}]}]})
    assert (
        "judged as Romanian deadlift"
        in next(f for f in alone.findings if f.code == "BS902").message
    )
    assert check(document) == first


# streprogen's numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (1e308, "it has weights[0] that is beyond 10000 (kg or lbs)"),
        (10**5000, "it has weights[0] that is beyond 10000 (kg or lbs)"),
        (float("nan"), "it has weights[0] that is not a finite number"),
        ("60", "it has weights[0] that is not a number"),
    ],
    ids=["1e308", "10**5000", "nan", "text"],
)
def test_streprogen_weights_say_what_is_wrong(weight: Any, message: str) -> None:
    day = {"name": "Monday", "exercises": [{"name": "squat", "reps": [5], "weights": [weight]}]}
    with pytest.raises(InputError) as caught:
        plan_from_streprogen({"rendered": [[day]]})
    assert str(caught.value.problems[0]) == (
        f"rendered[0][0].exercises[0].weights[0]: cannot be read: {message}"
    )


def test_adapters_note_the_first_unreadable_items_and_count_the_rest() -> None:
    from backsafe.adapters import MAX_ITEM_NOTES
    from backsafe.adapters.streprogen import adapt_streprogen
    from backsafe.adapters.wger import adapt_wger

    count = MAX_ITEM_NOTES + 7
    bad = {"name": "squat", "sets_reps": "three sets"}
    days = [{"name": "Monday", "exercises": [bad] * count}]
    notes = adapt_streprogen({"rendered": [days]}).notes
    wger = adapt_wger([{"date": "2024-01-01", "slots": [{"sets": [{"exercise": 1}] * count}]}])
    for found in (notes, wger.notes):
        unreadable = [note for note in found if note.kind == "unreadable-item"]
        assert len(unreadable) == MAX_ITEM_NOTES + 1
        assert unreadable[-1].message.startswith("7 more items that cannot be read were left out")
        assert unreadable[-1].level >= Level.CAUTION
    with pytest.raises(InputError) as caught:
        plan_from_streprogen({"rendered": [days]})
    assert caught.value.truncated and len(caught.value.problems) == MAX_PROBLEMS
