"""backsafe: check strength-training programs for lower-back safety.

The names below are imported on first use: ``import backsafe`` costs almost nothing, and
a command (``backsafe.cli.run``) imports what it needs with the cyclic garbage collector
paused. ``from backsafe import check`` and ``backsafe.check`` work as for any module.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backsafe._api import check, checker
    from backsafe._fix import Edit, FixResult, Unresolved, fix
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
    from backsafe.report import Dose, Finding, Level, Location, Reference, Report, Suggestion

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


#: Where each public name is defined (imported on first use), and the name it has there.
_LAZY = {
    "check": ("backsafe._api", "check"),
    "checker": ("backsafe._api", "checker"),
    "InputError": ("backsafe._input_error", "InputError"),
    "Problem": ("backsafe._input_error", "Problem"),
    "dump_plan": ("backsafe._serde", "dump_plan"),
    "dump_profile": ("backsafe._serde", "dump_profile"),
    "dump_symptoms": ("backsafe._serde", "dump_symptoms"),
    "load_plan": ("backsafe._serde", "load_plan"),
    "load_profile": ("backsafe._serde", "load_profile"),
    "load_symptoms": ("backsafe._serde", "load_symptoms"),
    "Block": ("backsafe.model", "Block"),
    "Condition": ("backsafe.model", "Condition"),
    "Equipment": ("backsafe.model", "Equipment"),
    "Experience": ("backsafe.model", "Experience"),
    "History": ("backsafe.model", "History"),
    "Onset": ("backsafe.model", "Onset"),
    "Plan": ("backsafe.model", "Plan"),
    "Profile": ("backsafe.model", "Profile"),
    "RangeOfMotion": ("backsafe.model", "RangeOfMotion"),
    "Region": ("backsafe.model", "Region"),
    "Session": ("backsafe.model", "Session"),
    "Side": ("backsafe.model", "Side"),
    "Symptom": ("backsafe.model", "Symptom"),
    "SymptomKind": ("backsafe.model", "SymptomKind"),
    "Week": ("backsafe.model", "Week"),
    "Pack": ("backsafe.packs", "Pack"),
    "PackOptions": ("backsafe.packs", "PackOptions"),
    "PackSet": ("backsafe.packs", "PackSet"),
    "Dose": ("backsafe.report", "Dose"),
    "Finding": ("backsafe.report", "Finding"),
    "Level": ("backsafe.report", "Level"),
    "Location": ("backsafe.report", "Location"),
    "Reference": ("backsafe.report", "Reference"),
    "Report": ("backsafe.report", "Report"),
    "Suggestion": ("backsafe.report", "Suggestion"),
    "Edit": ("backsafe._fix", "Edit"),
    "FixResult": ("backsafe._fix", "FixResult"),
    "Unresolved": ("backsafe._fix", "Unresolved"),
    "fix": ("backsafe._fix", "fix"),
    "Outcome": ("backsafe._many", "Outcome"),
    "check_many": ("backsafe._many", "check_many"),
}
#: The submodules ``import backsafe`` made attributes of the package when it imported
#: everything at once; they still are, imported on first use.
_SUBMODULES = frozenset(
    {
        "_api",
        "_cache",
        "_choice",
        "_data",
        "_fix",
        "_input_error",
        "_many",
        "_serde",
        "_validators",
        "adapters",
        "catalog",
        "engine",
        "facts",
        "kinds",
        "model",
        "packs",
        "report",
    }
)


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib_metadata import version  # noqa: PLC0415 - only when asked, as pluggy does

        return version("backsafe")
    from backsafe._lazy import attribute  # noqa: PLC0415 - tiny, and only on first use

    if name in _SUBMODULES:
        import importlib  # noqa: PLC0415 - only on first use

        return importlib.import_module(f"{__name__}.{name}")
    return attribute(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
