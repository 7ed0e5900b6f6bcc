"""Reports rendered for people and programs: text, JSON, CDS Hooks and SARIF, one module each.

Every text that comes from a report is treated as data in each format: escaped for
Markdown in CDS Hooks cards, for SARIF's embedded links in SARIF messages, and with its
control characters shown as escapes in the text report.
"""

from typing import TYPE_CHECKING

from backsafe.output._json import (
    FORMAT_VERSION,
    dumps,
    finding_to_dict,
    reference_to_dict,
    report_to_dict,
)
from backsafe.output._text import render_text, use_colour

if TYPE_CHECKING:
    from backsafe.output._cds_hooks import (
        ACTIONS,
        INDICATORS,
        SuggestionActions,
        report_to_cds_hooks,
    )
    from backsafe.output._sarif import LEVELS as SARIF_LEVELS
    from backsafe.output._sarif import (
        Artifact,
        Checked,
        artifact_uri,
        report_to_sarif,
        reports_to_sarif,
    )

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

#: Names of the modules imported on first use (a short command writes neither format),
#: and the name each has there.
_LAZY = {
    "ACTIONS": ("backsafe.output._cds_hooks", "ACTIONS"),
    "INDICATORS": ("backsafe.output._cds_hooks", "INDICATORS"),
    "SuggestionActions": ("backsafe.output._cds_hooks", "SuggestionActions"),
    "report_to_cds_hooks": ("backsafe.output._cds_hooks", "report_to_cds_hooks"),
    "SARIF_LEVELS": ("backsafe.output._sarif", "LEVELS"),
    "Artifact": ("backsafe.output._sarif", "Artifact"),
    "Checked": ("backsafe.output._sarif", "Checked"),
    "artifact_uri": ("backsafe.output._sarif", "artifact_uri"),
    "report_to_sarif": ("backsafe.output._sarif", "report_to_sarif"),
    "reports_to_sarif": ("backsafe.output._sarif", "reports_to_sarif"),
}


def __getattr__(name: str) -> object:
    from backsafe._lazy import attribute  # noqa: PLC0415 - tiny, and only on first use

    return attribute(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
