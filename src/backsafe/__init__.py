"""backsafe: check strength-training programs for lower-back safety."""

from backsafe._api import check, checker
from backsafe._input_error import InputError, Problem
from backsafe._many import Outcome, check_many
from backsafe._serde import (
    dump_plan,
    dump_profile,
    dump_symptoms,
    load_plan,
    load_profile,
    load_symptoms,
)
from backsafe.model import (
    Block,
    Condition,
    Equipment,
    Experience,
    History,
    Onset,
    Plan,
    Profile,
    RangeOfMotion,
    Region,
    Session,
    Side,
    Symptom,
    SymptomKind,
    Week,
)
from backsafe.packs import Pack, PackOptions, PackSet
from backsafe.report import Finding, Level, Location, Reference, Report, Suggestion

__all__ = [
    "Block",
    "Condition",
    "Equipment",
    "Experience",
    "Finding",
    "History",
    "InputError",
    "Level",
    "Location",
    "Onset",
    "Outcome",
    "Pack",
    "PackOptions",
    "PackSet",
    "Plan",
    "Problem",
    "Profile",
    "RangeOfMotion",
    "Reference",
    "Region",
    "Report",
    "Session",
    "Side",
    "Suggestion",
    "Symptom",
    "SymptomKind",
    "Week",
    "__version__",
    "check",
    "check_many",
    "checker",
    "dump_plan",
    "dump_profile",
    "dump_symptoms",
    "load_plan",
    "load_profile",
    "load_symptoms",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib_metadata import version  # noqa: PLC0415 - only when asked, as pluggy does

        return version("backsafe")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
