"""The rule engine: rules and their checks, the registry, and the one-pass checker."""

from backsafe.engine._check import (
    BlockCheck,
    Check,
    PlanCheck,
    ProfileCheck,
    SessionCheck,
    SymptomsCheck,
    WeekCheck,
)
from backsafe.engine._checker import Checker
from backsafe.engine._context import Context
from backsafe.engine._library import Advice, Library
from backsafe.engine._registry import DuplicateRuleError, Registry, Selection, SelectionError
from backsafe.engine._rule import Rule, Scope

__all__ = [
    "Advice",
    "BlockCheck",
    "Check",
    "Checker",
    "Context",
    "DuplicateRuleError",
    "Library",
    "PlanCheck",
    "ProfileCheck",
    "Registry",
    "Rule",
    "Scope",
    "Selection",
    "SelectionError",
    "SessionCheck",
    "SymptomsCheck",
    "WeekCheck",
]
