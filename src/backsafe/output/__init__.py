"""Reports rendered for people and programs: text, JSON and CDS Hooks, one module each."""

from backsafe.output._cds_hooks import INDICATORS, report_to_cds_hooks
from backsafe.output._json import dumps, finding_to_dict, reference_to_dict, report_to_dict
from backsafe.output._text import render_text, use_colour

__all__ = [
    "INDICATORS",
    "dumps",
    "finding_to_dict",
    "reference_to_dict",
    "render_text",
    "report_to_cds_hooks",
    "report_to_dict",
    "use_colour",
]
