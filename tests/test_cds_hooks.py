"""CDS Hooks 2.0 responses: every output validates against a schema written from the spec.

``tests/schemas/cds-hooks-2.0-response.json`` states the specification's Card, Source,
Suggestion, Action, Link and Coding tables and its rule that optional attributes with no
value are omitted (no ``null``, ``""``, ``[]`` or ``{}``); `assert_valid_response` adds
what JSON Schema cannot say (unique uuids, a summary that is one line). Markdown is
checked by rendering it with markdown-it-py's GFM-like preset (links, tables,
strikethrough and linkify on).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from backsafe import check
from backsafe.output import ACTIONS, INDICATORS, report_to_cds_hooks
from backsafe.output._escape import markdown, one_line
from backsafe.report import (
    Action,
    CheckError,
    Finding,
    Level,
    Location,
    PackInfo,
    Part,
    Reference,
    Report,
    Safety,
    Suggestion,
)
from backsafe.testing.vignettes import Vignette
from tests.test_vignettes import ALL as VIGNETTES

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "cds-hooks-2.0-response.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MD = MarkdownIt("gfm-like")

GUIDE = Reference("guide", "The guide", None, "Exercises That Can Cause Lower Back Pain")
NICE = Reference("nice-cks", "NICE CKS: sciatica", "https://cks.nice.org.uk/", None)
PACK = PackInfo("backsafe", "1.2.3", "BS")
LEVELS = [Level.INFO, Level.CAUTION, Level.MODIFY, Level.STOP, Level.REFER, Level.URGENT]
ADD_CUE = Suggestion(Action.ADD_CUE, Safety.SAFE, "Add the cue 'brace-core'.", cue="brace-core")
SWAP = Suggestion(
    Action.REPLACE_EXERCISE, Safety.UNSAFE, "Replace with Glute bridge.", exercise="glute-bridge"
)
REST = Suggestion(Action.ADVICE, Safety.DISPLAY_ONLY, "Rest: take a break from glute work.")


def assert_valid_response(response: dict[str, Any]) -> None:
    """The response meets the schema and the rules JSON Schema cannot state."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(response)]
    assert not errors, errors
    ids = [card["uuid"] for card in response["cards"]]
    ids += [s["uuid"] for card in response["cards"] for s in card.get("suggestions", [])]
    assert len(ids) == len(set(ids)), "uuids repeat within the response"
    for value in ids:
        uuid.UUID(value)
    for card in response["cards"]:
        assert "\n" not in card["summary"]
        assert len(card["summary"]) < 140
        assert card["summary"] == card["summary"].strip()


def finding(
    code: str = "BS401",
    level: Level = Level.CAUTION,
    message: str = "Back squat without a core-bracing cue.",
    location: Location | None = None,
    *,
    topic: str = "form",
    references: tuple[Reference, ...] = (GUIDE,),
    suggestions: tuple[Suggestion, ...] = (),
    pack: str = "backsafe",
) -> Finding:
    return Finding(
        code, f"rule-{code.lower()}", pack, level, topic, message, location, references, suggestions
    )


def block_at(
    week: int, session: int, block: int, exercise: str, part: Part = Part.BLOCKS
) -> Location:
    return Location(week, session, session * 2 - 1, part, block, exercise)


def cards(report: Report, **options: Any) -> list[dict[str, Any]]:
    response = report_to_cds_hooks(report, **options)
    assert_valid_response(response)
    return response["cards"]  # type: ignore[no-any-return]


# Indicators and summaries ---------------------------------------------------------------


def test_indicators_cover_every_finding_level() -> None:
    assert set(INDICATORS) == set(LEVELS) == set(ACTIONS)
    assert set(INDICATORS.values()) == {"info", "warning", "critical"}


@pytest.mark.parametrize(
    ("level", "indicator"),
    [
        (Level.INFO, "info"),
        (Level.CAUTION, "info"),
        (Level.MODIFY, "warning"),
        (Level.STOP, "warning"),
        (Level.REFER, "critical"),
        (Level.URGENT, "critical"),
    ],
)
def test_card_indicator_follows_the_level(level: Level, indicator: str) -> None:
    (card,) = cards(Report((finding(level=level),)))
    assert card["indicator"] == indicator
    assert card["summary"] == f"{ACTIONS[level]} (BS401): Back squat without a core-bracing cue."


def test_the_summary_leads_with_the_action() -> None:
    assert ACTIONS[Level.URGENT] == "Seek medical attention now"
    assert ACTIONS[Level.REFER].startswith("See a health professional")
    (card,) = cards(Report((finding("BS001", Level.URGENT, "Reported bladder dysfunction."),)))
    assert card["summary"].startswith("Seek medical attention now (BS001): ")


URGENT = (
    "Reported bladder-dysfunction: difficulty with bladder or bowel control with back pain can "
    "be a sign of cauda equina syndrome. Seek medical attention now."
)


def test_a_long_urgent_summary_keeps_its_action_and_whole_words() -> None:
    (card,) = cards(Report((finding("BS001", Level.URGENT, URGENT, topic="red-flag"),)))
    summary = card["summary"]
    assert len(summary) <= 139
    assert summary.startswith("Seek medical attention now (BS001): Reported bladder-dysfunction")
    assert summary.endswith(" \u2026")
    kept = summary.removesuffix(" \u2026").split(": ", 1)[1]
    assert URGENT.startswith(kept)
    assert URGENT[len(kept)] == " ", "cut inside a word"
    assert URGENT in card["detail"]


@given(
    message=st.lists(
        st.text(alphabet="abcdefghij[]`*_<>", min_size=1, max_size=30), min_size=1, max_size=20
    ).map(" ".join),
    level=st.sampled_from(LEVELS),
    count=st.integers(1, 3),
)
@settings(max_examples=200)
def test_summaries_never_cut_a_word_or_an_escape(message: str, level: Level, count: int) -> None:
    report = Report(tuple(finding(level=level, message=message) for _ in range(count)))
    (card,) = cards(report)
    summary = card["summary"]
    assert summary.startswith(ACTIONS[level])
    body = summary.split(": ", 1)[1] if ": " in summary else ""
    escaped = markdown(message)
    if summary.endswith(" \u2026"):
        body = body.removesuffix(" \u2026")
        assert escaped.startswith(body)
        assert body == "" or escaped[len(body)] == " "
    else:
        assert body == escaped


def test_the_summary_is_one_sentence_and_the_detail_has_them_all() -> None:
    message = "Deadlift goes from 100 kg to 115 kg (+15%). Increase load by 2.5 kg at a time."
    (card,) = cards(Report((finding(message=message),)))
    assert (
        card["summary"]
        == f"{ACTIONS[Level.CAUTION]} (BS401): Deadlift goes from 100 kg to 115 kg (+15%)."
    )
    assert message in card["detail"]


def test_a_word_longer_than_the_summary_is_left_out_whole() -> None:
    (card,) = cards(Report((finding(message="x" * 300),)))
    assert card["summary"] == f"{ACTIONS[Level.CAUTION]} (BS401) \u2026"


# One card per rule -----------------------------------------------------------------------


def test_one_card_per_rule_with_its_locations_in_the_detail() -> None:
    report = Report(
        (
            finding("BS401", message="Squat without a cue.", location=block_at(1, 1, 2, "squat")),
            finding("BS402", message="Deadlift without a cue.", location=block_at(1, 1, 1, "dl")),
            finding("BS401", message="Lunge without a cue.", location=block_at(2, 1, 3, "lunge")),
            finding(
                "BS401",
                message="Leg swing without a cue.",
                location=block_at(1, 1, 1, "leg-swing", Part.WARM_UP),
            ),
        ),
        packs=(PACK,),
    )
    first, second = cards(report)
    assert first["summary"].startswith(f"{ACTIONS[Level.CAUTION]} (BS401, 3 findings): ")
    detail = first["detail"]
    assert "**Found 3 times:**" in detail
    assert "- week 1, session 1 (day 1), block 2 (squat): Squat without a cue." in detail
    assert "- week 2, session 1 (day 1), block 3 (lunge): Lunge without a cue." in detail
    assert "warm-up item 1 (leg-swing)" in detail
    assert "blocks block" not in detail
    assert second["summary"].startswith(f"{ACTIONS[Level.CAUTION]} (BS402): ")
    assert "**Where:** week 1, session 1 (day 1), block 1 (dl)" in second["detail"]


def test_a_card_lists_at_most_25_places() -> None:
    many = tuple(
        finding(message=f"Squat {n}.", location=block_at(n, 1, 1, "squat")) for n in range(1, 31)
    )
    (card,) = cards(Report(many))
    assert card["detail"].count("\n- week ") == 25
    assert "- and 5 more (see the full report)" in card["detail"]


def test_cards_are_most_severe_first_then_in_report_order() -> None:
    report = Report(
        (
            finding("BS501", Level.INFO),
            finding("BS401", Level.CAUTION, "first caution"),
            finding("BS001", Level.URGENT),
            finding("BS402", Level.CAUTION, "second caution"),
            finding("BS703", Level.MODIFY),
        )
    )
    codes = [re.search(r"\((BS\d+)", card["summary"]).group(1) for card in cards(report)]  # type: ignore[union-attr]
    assert codes == ["BS001", "BS703", "BS401", "BS402", "BS501"]


def test_the_rule_detail_names_the_rule_and_its_sources() -> None:
    report = Report((finding("BS402", references=(GUIDE, NICE)),), packs=(PACK,))
    (card,) = cards(report)
    detail = card["detail"]
    assert "**Rule:** BS402 rule-bs402 (backsafe pack), topic form." in detail
    assert f"- {GUIDE.title}, {GUIDE.section}" in detail
    assert f"- {markdown(NICE.title)}" in detail


# Source and links --------------------------------------------------------------------------


def test_source_is_the_pack_and_links_are_the_rule_docs_and_the_sources() -> None:
    report = Report((finding("BS402", references=(GUIDE, NICE)),), packs=(PACK,))
    (card,) = cards(report)
    assert card["source"] == {
        "label": "backsafe rule pack 1.2.3",
        "url": "https://backsafe.readthedocs.io/en/latest/",
        "topic": {"system": "urn:backsafe:topic", "code": "form", "display": "form"},
    }
    assert card["links"] == [
        {
            "label": "BS402 rule-bs402: rule documentation",
            "url": "https://backsafe.readthedocs.io/en/latest/reference/rules.html#bs402-rule-bs402",
            "type": "absolute",
        },
        {"label": NICE.title, "url": NICE.url, "type": "absolute"},
    ]


def test_a_third_party_rule_has_no_url_it_does_not_own() -> None:
    report = Report((finding("CL101", pack="clinic", references=(GUIDE,)),))
    (card,) = cards(report)
    assert card["source"] == {
        "label": "clinic rule pack",
        "topic": {"system": "urn:backsafe:topic", "code": "form", "display": "form"},
    }
    assert "links" not in card


def test_rule_doc_links_point_at_real_anchors() -> None:
    from backsafe.packs import PackSet

    rules = {rule.code: rule for rule in PackSet.load().rules}
    report = check(
        "examples/plans/risky-glute-builder.json",
        "examples/profiles/herniated-disc.json",
        "examples/symptoms/red-flag.json",
    )
    for card in cards(report):
        docs = [link["url"] for link in card["links"] if "reference/rules.html" in link["url"]]
        (url,) = docs
        code = url.rsplit("#", 1)[1].split("-", 1)[0].upper()
        assert url.endswith(f"#{code.lower()}-{rules[code].name}")


# Suggestions: only with real actions ----------------------------------------------------


def test_without_actions_fixes_are_listed_in_the_detail_not_offered_as_suggestions() -> None:
    report = Report((finding(suggestions=(REST, ADD_CUE, SWAP)),))
    (card,) = cards(report)
    assert "suggestions" not in card
    assert "selectionBehavior" not in card
    detail = card["detail"]
    assert f"**Advice:**\n\n- {markdown(REST.description)}" in detail
    assert "**Suggested changes:**" in detail
    assert f"- {markdown(ADD_CUE.description)} (safe fix)" in detail
    assert f"- {markdown(SWAP.description)} (unsafe fix)" in detail


def fhir_update(finding: Finding, suggestion: Suggestion) -> list[dict[str, Any]]:
    """What an EHR integration would write: the plan, stored as a FHIR resource, updated."""
    if suggestion.action is not Action.ADD_CUE:
        return []
    return [
        {
            "type": "update",
            "description": suggestion.description or "Add a cue.",
            "resource": {"resourceType": "CarePlan", "id": "plan-1", "note": [{"text": "x"}]},
        }
    ]


def test_suggestions_carry_the_actions_the_caller_makes() -> None:
    report = Report(
        (
            finding(location=block_at(1, 1, 1, "squat"), suggestions=(ADD_CUE, SWAP, REST)),
            finding(location=block_at(1, 1, 2, "squat"), suggestions=(ADD_CUE,)),
        )
    )
    (card,) = cards(report, actions=fhir_update)
    assert card["selectionBehavior"] == "any"
    labels = [s["label"] for s in card["suggestions"]]
    assert labels == [
        "Add the cue 'brace-core'. (week 1, session 1 (day 1), block 1 (squat))",
        "Add the cue 'brace-core'. (week 1, session 1 (day 1), block 2 (squat))",
    ]
    for suggestion in card["suggestions"]:
        assert suggestion["isRecommended"] is True
        assert suggestion["actions"][0]["type"] == "update"
    # The fix without actions is still listed for the reader.
    assert f"- {markdown(SWAP.description)} (unsafe fix)" not in card["detail"]
    assert "**Suggested changes:**" not in card["detail"]


@pytest.mark.parametrize(
    ("action", "problem"),
    [
        ({"type": "patch", "description": "x"}, "type must be one of"),
        ({"type": "update", "description": ""}, "description"),
        ({"type": "create", "description": "x"}, "needs a FHIR resource"),
        ({"type": "delete", "description": "x"}, "needs a resourceId"),
    ],
)
def test_an_action_that_breaks_the_spec_is_refused(action: dict[str, Any], problem: str) -> None:
    report = Report((finding(suggestions=(ADD_CUE,)),))
    with pytest.raises(ValueError, match=problem):
        report_to_cds_hooks(report, actions=lambda f, s: [action])


def test_uuids_are_deterministic_unique_and_vary_with_the_instance() -> None:
    same = finding("BS401", location=block_at(1, 1, 1, "back-squat"), suggestions=(ADD_CUE,))
    report = Report((same, same, finding("BS402", suggestions=(ADD_CUE,)), finding("BS403")))
    first = report_to_cds_hooks(report, actions=fhir_update)
    assert_valid_response(first)
    assert report_to_cds_hooks(report, actions=fhir_update) == first
    other = report_to_cds_hooks(report, actions=fhir_update, instance="d1577c69")
    assert_valid_response(other)
    ids = {card["uuid"] for card in first["cards"]}
    assert not ids & {card["uuid"] for card in other["cards"]}


# Incomplete checks ----------------------------------------------------------------------


def test_an_incomplete_report_gets_one_critical_card_first() -> None:
    errors = (
        CheckError("rule-crashed", "BS401 raised RuntimeError: boom", "backsafe", "BS401"),
        CheckError("pack-failed", "clinic-pack: ImportError [see](http://x)"),
    )
    report = Report((finding("BS001", Level.URGENT), finding("BS501", Level.INFO)), errors)
    first, *rest = cards(report)
    assert len(rest) == 2
    assert first["indicator"] == "critical"
    assert first["summary"].startswith("Do not rely on this check")
    assert markdown(errors[0].message) in first["detail"]
    assert "[see]" not in first["detail"]
    assert first["source"]["topic"]["code"] == "internal-error"
    assert rest[0]["summary"].startswith(ACTIONS[Level.URGENT])


def test_an_empty_report_has_no_cards() -> None:
    assert report_to_cds_hooks(Report()) == {"cards": []}


# Markdown: user text is data ------------------------------------------------------------

HOSTILE = [
    "Hip thrust](https://evil.example/phish)",
    "[Click here](https://evil.example/phish)",
    "![x](https://evil.example/pixel.png)",
    "`` ` ``closed the code span `<img src=x onerror=alert(1)>`",
    "<script>alert(1)</script>",
    "**urgent** _now_ ~~never~~",
    "# Heading",
    "1. ordered",
    "- listed",
    "> quoted",
    "| a | b |",
    "see www.evil.example or https://evil.example or evil@evil.example",
    "&lt;entity&gt; &#x202e;",
    "line one\n\n# heading two\n    code",
    "bidi \u202eevil\u202c text",
    "back\\slash\\",
]


def render(text: str) -> str:
    return MD.render(text)


def literal(text: str) -> str:
    """How ``text`` renders when it is shown as it is."""
    line = one_line(text)
    return f"<p>{escapeHtml(line)}</p>\n" if line else ""


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_renders_the_text_itself(text: str) -> None:
    assert render(markdown(text)) == literal(text)


MARKUP = st.sampled_from([*"[]()!`*_<>&~|#>-+=.:/@w1 \\\n", "www.", "http://"])


@given(st.text() | st.lists(MARKUP).map("".join))
@settings(max_examples=300)
def test_markdown_escaping_renders_any_text_as_itself(text: str) -> None:
    assert render(markdown(text)) == literal(text)


@pytest.mark.parametrize("name", HOSTILE)
def test_user_text_in_cards_is_escaped(name: str) -> None:
    from backsafe.report import Report as R

    location = block_at(1, 1, 1, name)
    fix = Suggestion(Action.REPLACE_EXERCISE, Safety.UNSAFE, f"Replace {name}.", exercise="x")
    advice = Suggestion(Action.ADVICE, Safety.DISPLAY_ONLY, f"Rest from {name}.")
    report = R(
        (
            finding(
                "BS902",
                message=f"Unknown exercise '{name}'.",
                location=location,
                suggestions=(fix, advice),
            ),
            finding("BS401", message=f"{name} without a cue.", location=location),
            finding("BS401", message=f"{name} again.", location=block_at(1, 1, 2, name)),
        )
    )
    for card in cards(report):
        html = render(card["detail"]) + render(card["summary"])
        assert "<a " not in html
        assert "<img" not in html
        assert "<script" not in html
        assert "<code>" not in html
        assert "<h1>" not in html
        assert "<blockquote>" not in html
        assert "<table>" not in html
        assert "<strong>" not in html.replace("<strong>Where:</strong>", "").replace(
            "<strong>Found 2 times:</strong>", ""
        ).replace("<strong>Rule:</strong>", "").replace("<strong>Sources:</strong>", "").replace(
            "<strong>Advice:</strong>", ""
        ).replace("<strong>Suggested changes:</strong>", "")
        assert "\u202e" not in card["detail"] + card["summary"]


# Every output validates -----------------------------------------------------------------


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_every_vignette_response_validates(vignette: Vignette) -> None:
    report = check(dict(vignette.plan), vignette.profile, list(vignette.symptoms))
    response = report_to_cds_hooks(report, actions=fhir_update)
    assert_valid_response(response)
    assert len(response["cards"]) == len(report.codes) + bool(report.errors)
