"""A report as a CDS Hooks response: one card per finding.

Levels map to card indicators as the issue sets: info and caution to ``info``, modify and
stop to ``warning``, refer and urgent to ``critical``. Card and suggestion uuids are
derived from the finding, so the same report gives the same response.
"""

from __future__ import annotations

import uuid
from typing import Any

from backsafe.report import Finding, Level, Report, Safety

__all__ = ["INDICATORS", "RULE_DOCS", "report_to_cds_hooks"]

#: CDS Hooks card indicator for each finding level.
INDICATORS = {
    Level.INFO: "info",
    Level.CAUTION: "info",
    Level.MODIFY: "warning",
    Level.STOP: "warning",
    Level.REFER: "critical",
    Level.URGENT: "critical",
}
_NAMESPACE = uuid.UUID("6f1c2f4e-4d3b-5a8e-9c41-0b5d8a1e7c22")
_TOPIC_SYSTEM = "urn:backsafe:topic"
_MAX_SUMMARY = 139
#: Where a rule without a source URL points: its entry in the rule reference.
RULE_DOCS = "https://backsafe.readthedocs.io/en/latest/reference/rules.html#{anchor}"


def _summary(finding: Finding) -> str:
    text = f"{finding.code} ({finding.level.value}): {finding.message}"
    if len(text) <= _MAX_SUMMARY:
        return text
    return text[: _MAX_SUMMARY - 1].rstrip() + "\u2026"


def _where(finding: Finding) -> str:
    location = finding.location
    if location is None or location.week is None:
        return ""
    parts = [f"week {location.week}"]
    if location.session is not None:
        parts.append(f"session {location.session} (day {location.day})")
    if location.block is not None and location.part is not None:
        parts.append(f"{location.part.value} block {location.block}")
    if location.exercise:
        parts.append(f"`{location.exercise}`")
    return ", ".join(parts)


def _detail(finding: Finding) -> str:
    lines = [finding.message, ""]
    where = _where(finding)
    if where:
        lines += [f"**Where:** {where}", ""]
    advice = [s.description for s in finding.suggestions if s.safety is Safety.DISPLAY_ONLY]
    if advice:
        lines += ["**Advice:**", *(f"- {text}" for text in advice), ""]
    lines.append(
        f"**Rule:** {finding.code} `{finding.rule}` ({finding.pack} pack), topic *{finding.topic}*."
    )
    if finding.references:
        lines += ["", "**Sources:**"]
        for reference in finding.references:
            title = f"[{reference.title}]({reference.url})" if reference.url else reference.title
            lines.append(f"- {title}" + (f", {reference.section}" if reference.section else ""))
    return "\n".join(lines)


def _card(finding: Finding, index: int) -> dict[str, Any]:
    key = f"{index}|{finding.code}|{finding.message}|{finding.location!r}"
    url = next((r.url for r in finding.references if r.url), None)
    source: dict[str, Any] = {
        "label": f"{finding.pack} {finding.code} ({finding.rule})",
        "url": url or RULE_DOCS.format(anchor=f"{finding.code.lower()}-{finding.rule}"),
        "topic": {"system": _TOPIC_SYSTEM, "code": finding.topic, "display": finding.topic},
    }
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid5(_NAMESPACE, key)),
        "summary": _summary(finding),
        "indicator": INDICATORS[finding.level],
        "detail": _detail(finding),
        "source": source,
    }
    fixes = [s for s in finding.suggestions if s.safety is not Safety.DISPLAY_ONLY]
    card["suggestions"] = [
        {
            "label": suggestion.description,
            "uuid": str(uuid.uuid5(_NAMESPACE, f"{key}|{n}")),
            "isRecommended": suggestion.safety is Safety.SAFE,
        }
        for n, suggestion in enumerate(fixes)
    ]
    if fixes:
        card["selectionBehavior"] = "any"
    return card


def report_to_cds_hooks(report: Report) -> dict[str, Any]:
    """The report as a CDS Hooks response: ``{"cards": [...]}``.

    Every finding becomes a card, most severe first (then in report order). An
    incomplete check adds a critical card that says so.
    """
    order = sorted(range(len(report.findings)), key=lambda i: -report.findings[i].level.rank)
    cards = [_card(report.findings[i], i) for i in order]
    for error in report.errors:
        cards.insert(
            0,
            {
                "uuid": str(uuid.uuid5(_NAMESPACE, f"error|{error.message}")),
                "summary": "backsafe could not complete the check; do not rely on it."[
                    :_MAX_SUMMARY
                ],
                "indicator": "critical",
                "detail": f"{error.kind}: {error.message}",
                "source": {
                    "label": "backsafe",
                    "url": RULE_DOCS.format(anchor="internal-errors"),
                    "topic": {
                        "system": _TOPIC_SYSTEM,
                        "code": "internal-error",
                        "display": "internal-error",
                    },
                },
                "suggestions": [],
            },
        )
    return {"cards": cards}
