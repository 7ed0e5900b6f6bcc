"""backsafe: check strength-training programs for lower-back safety."""

from typing import TYPE_CHECKING

from backsafe._api import check, checker
from backsafe._input_error import InputError, Problem
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
from backsafe.report import Dose, Finding, Level, Location, Reference, Report, Suggestion

if TYPE_CHECKING:
    from backsafe._fix import Edit, FixResult, Unresolved, fix
    from backsafe._many import Outcome, check_many

    __version__: str

__all__ = [
    "Block",
    "Condition",
    "Dose",
    "Edit",
    "Equipment",
    "Experience",
    "Finding",
    "FixResult",
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
    "Unresolved",
    "Week",
    "__version__",
    "check",
    "check_many",
    "checker",
    "dump_plan",
    "dump_profile",
    "dump_symptoms",
    "fix",
    "load_plan",
    "load_profile",
    "load_symptoms",
]


#: Names of the modules imported on first use (``backsafe check`` needs neither), and the
#: name each has there.
_LAZY = {
    "Edit": ("backsafe._fix", "Edit"),
    "FixResult": ("backsafe._fix", "FixResult"),
    "Unresolved": ("backsafe._fix", "Unresolved"),
    "fix": ("backsafe._fix", "fix"),
    "Outcome": ("backsafe._many", "Outcome"),
    "check_many": ("backsafe._many", "check_many"),
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib_metadata import version  # noqa: PLC0415 - only when asked, as pluggy does

        return version("backsafe")
    from backsafe._lazy import attribute  # noqa: PLC0415 - tiny, and only on first use

    return attribute(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
