"""A report as a CDS Hooks 2.0 response: one card per rule.

Each rule that found something gives one card, its locations listed in the detail. Cards
follow the specification's Card, Source, Suggestion, Action and Link tables:

- ``summary`` leads with what to do (the level's action: "Seek medical attention now"
  for ``urgent``) and fits 139 characters, shortened at a word boundary, never inside a
  word, and never losing the action;
- ``indicator``: ``info`` and ``caution`` are ``info``, ``modify`` and ``stop`` are
  ``warning``, ``refer`` and ``urgent`` are ``critical``;
- ``detail`` is GitHub Flavored Markdown in which every text that comes from the report
  (messages hold user text such as exercise and session names) is escaped;
- ``source`` is the rule pack (its own URL for the default pack), with the finding's
  topic as a coding; ``links`` point at the rule's documentation and at each reference
  that has a URL;
- optional fields with no value are left out: never ``null`` or ``[]``, as the
  specification requires;
- ``suggestions`` only carry a change the client can apply: a suggestion's actions are
  FHIR ``create``, ``update`` or ``delete`` operations, which only the caller can write
  (backsafe does not know where the plan lives in the client's FHIR server), so they come
  from the ``actions`` callback; without one, the fixes are listed in the detail instead;
- card and suggestion uuids are unique within the response, and derived from the report
  and ``instance`` (say, the request's ``hookInstance``), so one report gives one response.

An incomplete check adds a ``critical`` card first.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from backsafe.output._escape import markdown, one_line
from backsafe.output._where import describe
from backsafe.packs import DEFAULT_PACK
from backsafe.report import Finding, Level, Reference, Report, Safety, Suggestion

__all__ = [
    "ACTIONS",
    "DOCS",
    "INDICATORS",
    "RULE_DOCS",
    "SuggestionActions",
    "report_to_cds_hooks",
]

#: CDS Hooks card indicator for each finding level.
INDICATORS = {
    Level.INFO: "info",
    Level.CAUTION: "info",
    Level.MODIFY: "warning",
    Level.STOP: "warning",
    Level.REFER: "critical",
    Level.URGENT: "critical",
}
#: What each level asks for, as the levels are defined (docs: "Levels and the verdict").
ACTIONS = {
    Level.INFO: "Note",
    Level.CAUTION: "Consider changing the plan",
    Level.MODIFY: "Change the plan before using it",
    Level.STOP: "Stop the aggravating training for now",
    Level.REFER: "See a health professional within days",
    Level.URGENT: "Seek medical attention now",
}
#: The documentation of backsafe and of its default pack.
DOCS = "https://backsafe.readthedocs.io/en/latest/"
#: A rule of the default pack in the rule reference.
RULE_DOCS = DOCS + "reference/rules.html#{anchor}"
_FAIL_CLOSED = DOCS + "checking.html#fail-closed"

#: Makes the CDS Hooks actions (``{"type": "update", "description": ..., "resource": ...}``)
#: that apply ``suggestion`` of ``finding`` in the client's FHIR server; an empty sequence
#: when it cannot be applied there.
SuggestionActions = Callable[[Finding, Suggestion], Sequence[Mapping[str, Any]]]

_NAMESPACE = uuid.UUID("6f1c2f4e-4d3b-5a8e-9c41-0b5d8a1e7c22")
_TOPIC_SYSTEM = "urn:backsafe:topic"
_MAX_SUMMARY = 139  # "<140-character"
_MAX_PLACES = 25  # locations listed in one card's detail
_ACTION_TYPES = ("create", "update", "delete")
_ABSOLUTE = re.compile(r"https?://\S+$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _summary(action: str, code: str, count: int, message: str) -> str:
    """``"<action> (<code>): <message>"``, escaped, the message cut at a word if need be.

    The specification asks for one sentence: the message's first sentence is used (the
    detail has it all). Escapes never hold a space, so cutting at spaces never splits
    one; the action comes first and is never cut.
    """
    head = f"{action} ({markdown(code)}{f', {count} findings' if count > 1 else ''}):"
    words = markdown(_SENTENCE_END.split(message.strip(), maxsplit=1)[0]).split()
    text = " ".join([head, *words])
    if len(text) <= _MAX_SUMMARY:
        return text
    kept = head
    for word in words:
        if len(kept) + len(word) + 3 > _MAX_SUMMARY:  # " word" and then " …"
            break
        kept += " " + word
    return kept.rstrip(":;,") + " \u2026"


def _group(report: Report) -> list[list[Finding]]:
    """The findings by code, most severe rule first, then in report order."""
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding)
    groups = list(by_code.values())
    groups.sort(key=lambda group: -max(f.level.rank for f in group))
    return groups


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _where(finding: Finding) -> str:
    return markdown(describe(finding.location))


def _detail(group: list[Finding], lead: Finding, fixes_listed: bool) -> str:
    lines: list[str] = []
    if len(group) == 1:
        lines += [markdown(lead.message), ""]
        where = _where(lead)
        if where:
            lines += [f"**Where:** {where}", ""]
    else:
        lines += [f"**Found {len(group)} times:**", ""]
        for finding in group[:_MAX_PLACES]:
            where = _where(finding)
            lines.append(
                f"- {where}: {markdown(finding.message)}"
                if where
                else f"- {markdown(finding.message)}"
            )
        if len(group) > _MAX_PLACES:
            lines.append(f"- and {len(group) - _MAX_PLACES} more (see the full report)")
        lines.append("")
    suggestions = [s for f in group for s in f.suggestions]
    advice = _unique([s.description for s in suggestions if s.safety is Safety.DISPLAY_ONLY])
    if advice:
        lines += ["**Advice:**", "", *(f"- {markdown(text)}" for text in advice), ""]
    if fixes_listed:
        fixes = _unique(
            [
                f"{markdown(s.description)} ({s.safety.value} fix)"
                for s in suggestions
                if s.safety is not Safety.DISPLAY_ONLY
            ]
        )
        if fixes:
            lines += ["**Suggested changes:**", "", *(f"- {fix}" for fix in fixes), ""]
    lines.append(
        f"**Rule:** {markdown(lead.code)} {markdown(lead.rule)} ({markdown(lead.pack)} pack),"
        f" topic {markdown(lead.topic)}."
    )
    references = _unique_references(group)
    if references:
        lines += ["", "**Sources:**", ""]
        for reference in references:
            section = f", {markdown(reference.section)}" if reference.section else ""
            lines.append(f"- {markdown(reference.title)}{section}")
    return "\n".join(lines)


def _unique_references(group: list[Finding]) -> list[Reference]:
    seen: dict[tuple[str, str | None], Reference] = {}
    for finding in group:
        for reference in finding.references:
            seen.setdefault((reference.id, reference.section), reference)
    return list(seen.values())


def _links(group: list[Finding], lead: Finding) -> list[dict[str, str]]:
    links: dict[str, dict[str, str]] = {}
    if lead.pack == DEFAULT_PACK:
        url = RULE_DOCS.format(anchor=f"{lead.code.lower()}-{lead.rule}")
        label = f"{lead.code} {lead.rule}: rule documentation"
        links[url] = {"label": one_line(label), "url": url, "type": "absolute"}
    for reference in _unique_references(group):
        if reference.url and _ABSOLUTE.match(reference.url) and reference.url not in links:
            label = one_line(reference.title) or reference.url
            links[reference.url] = {"label": label, "url": reference.url, "type": "absolute"}
    return list(links.values())


def _source(report: Report, lead: Finding, topic: str) -> dict[str, Any]:
    version = next((p.version for p in report.packs if p.name == lead.pack), None)
    label = f"{lead.pack} rule pack" + (f" {version}" if version else "")
    source: dict[str, Any] = {"label": one_line(label)}
    if lead.pack == DEFAULT_PACK:
        source["url"] = DOCS
    if topic.strip():
        source["topic"] = {"system": _TOPIC_SYSTEM, "code": topic, "display": topic}
    return source


def _checked_actions(made: Sequence[Mapping[str, Any]], finding: Finding) -> list[dict[str, Any]]:
    """The callback's actions, held to the specification's Action table."""
    actions = []
    for n, action in enumerate(made):
        where = f"action {n} for a suggestion of {finding.code}"
        kind = action.get("type")
        if kind not in _ACTION_TYPES:
            raise ValueError(
                f"{where}: type must be one of {', '.join(_ACTION_TYPES)}, got {kind!r}"
            )
        if not isinstance(action.get("description"), str) or not action["description"]:
            raise ValueError(f"{where}: description must be a non-empty string")
        if kind in ("create", "update") and not isinstance(action.get("resource"), Mapping):
            raise ValueError(f"{where}: a {kind} action needs a FHIR resource (an object)")
        if kind == "delete" and not (
            isinstance(action.get("resourceId"), str) and action["resourceId"]
        ):
            raise ValueError(f"{where}: a delete action needs a resourceId")
        actions.append(dict(action))
    return actions


def _suggestions(
    group: list[Finding], actions: SuggestionActions, key: str
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    labels: set[str] = set()
    for finding in group:
        for suggestion in finding.suggestions:
            if suggestion.safety is Safety.DISPLAY_ONLY:
                continue
            made = _checked_actions(actions(finding, suggestion), finding)
            if not made:
                continue
            where = describe(suggestion.location or finding.location)
            label = one_line(suggestion.description + (f" ({where})" if where else ""))
            label = label or suggestion.action.value
            if label in labels:
                continue
            labels.add(label)
            out.append(
                {
                    "label": label,
                    "uuid": str(uuid.uuid5(_NAMESPACE, f"{key}|{len(out)}")),
                    "isRecommended": suggestion.safety is Safety.SAFE,
                    "actions": made,
                }
            )
    return out


def _card(
    report: Report, group: list[Finding], key: str, actions: SuggestionActions | None
) -> dict[str, Any]:
    level = max(finding.level for finding in group)
    lead = next(finding for finding in group if finding.level is level)
    suggestions = [] if actions is None else _suggestions(group, actions, key)
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid5(_NAMESPACE, key)),
        "summary": _summary(ACTIONS[level], lead.code, len(group), lead.message),
        "indicator": INDICATORS[level],
        "detail": _detail(group, lead, fixes_listed=not suggestions),
        "source": _source(report, lead, lead.topic),
    }
    if suggestions:
        card["suggestions"] = suggestions
        card["selectionBehavior"] = "any"
    links = _links(group, lead)
    if links:
        card["links"] = links
    return card


def _error_card(report: Report, key: str) -> dict[str, Any]:
    lines = ["The check is incomplete, so its verdict cannot be relied on:", ""]
    for error in report.errors:
        lines.append(f"- {markdown(error.kind)}: {markdown(error.message)}")
    return {
        "uuid": str(uuid.uuid5(_NAMESPACE, key)),
        "summary": "Do not rely on this check: backsafe could not complete it.",
        "indicator": "critical",
        "detail": "\n".join(lines),
        "source": {
            "label": "backsafe",
            "url": DOCS,
            "topic": {
                "system": _TOPIC_SYSTEM,
                "code": "internal-error",
                "display": "internal-error",
            },
        },
        "links": [{"label": "backsafe fails closed", "url": _FAIL_CLOSED, "type": "absolute"}],
    }


def report_to_cds_hooks(
    report: Report, *, actions: SuggestionActions | None = None, instance: str = ""
) -> dict[str, Any]:
    """The report as a CDS Hooks response: ``{"cards": [...]}``.

    One card per rule that found something, most severe first (then in report order); an
    incomplete check adds a critical card before them. ``actions`` makes the FHIR actions
    that apply a fix in the client (see `SuggestionActions`); fixes it gives actions for
    become the card's suggestions, the others are listed in the detail. ``instance``
    (say, the request's ``hookInstance``) goes into every uuid, so that responses to
    different requests do not share uuids. Raises `ValueError` for an action that breaks
    the specification's Action table.
    """
    cards = []
    if report.errors:
        cards.append(_error_card(report, f"{instance}|errors"))
    for index, group in enumerate(_group(report)):
        cards.append(_card(report, group, f"{instance}|card|{index}|{group[0].code}", actions))
    return {"cards": cards}
