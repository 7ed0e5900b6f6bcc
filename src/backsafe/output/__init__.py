"""Reports rendered for people and programs: text, JSON, CDS Hooks and SARIF, one module each.

Every text that comes from a report is treated as data in each format: escaped for
Markdown in CDS Hooks cards, for SARIF's embedded links in SARIF messages, and with its
control characters shown as escapes in the text report.
"""

from backsafe.output._cds_hooks import ACTIONS, INDICATORS, SuggestionActions, report_to_cds_hooks
from backsafe.output._json import (
    FORMAT_VERSION,
    dumps,
    finding_to_dict,
    reference_to_dict,
    report_to_dict,
)
from backsafe.output._sarif import LEVELS as SARIF_LEVELS
from backsafe.output._sarif import (
    Artifact,
    Checked,
    artifact_uri,
    report_to_sarif,
    reports_to_sarif,
)
from backsafe.output._text import render_text, use_colour

__all__ = [
    "ACTIONS",
    "FORMAT_VERSION",
    "INDICATORS",
    "SARIF_LEVELS",
    "Artifact",
    "Checked",
    "SuggestionActions",
    "artifact_uri",
    "dumps",
    "finding_to_dict",
    "reference_to_dict",
    "render_text",
    "report_to_cds_hooks",
    "report_to_dict",
    "report_to_sarif",
    "reports_to_sarif",
    "use_colour",
]
