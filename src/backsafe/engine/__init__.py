"""The rule engine: rules and their checks, the registry, and the one-pass checker.

This is the API of Python rules: a rule kind is an attrs class derived from one of the
check bases (`BlockCheck`, `SessionCheck`, `WeekCheck`, `PlanCheck`, `ProfileCheck`,
`SymptomsCheck`) whose fields are its options; a `Rule` pairs a check with its code,
level, topic, message and documentation. Checks read the facts of a check
(`backsafe.facts`) and report findings through the `Context`.
"""

from backsafe.engine._check import (
    BlockCheck,
    Check,
    PlanCheck,
    ProfileCheck,
    SessionCheck,
    SymptomsCheck,
    WeekCheck,
)
from backsafe.engine._checker import Checker, CheckerSpec
from backsafe.engine._context import Context
from backsafe.engine._library import Advice, ConditionInfo, Library
from backsafe.engine._options import Referent, refers_to
from backsafe.engine._registry import DuplicateRuleError, Registry, Selection, SelectionError
from backsafe.engine._rule import Rule, Scope

__all__ = [
    "Advice",
    "BlockCheck",
    "Check",
    "Checker",
    "CheckerSpec",
    "ConditionInfo",
    "Context",
    "DuplicateRuleError",
    "Library",
    "PlanCheck",
    "ProfileCheck",
    "Referent",
    "Registry",
    "Rule",
    "Scope",
    "Selection",
    "SelectionError",
    "SessionCheck",
    "SymptomsCheck",
    "WeekCheck",
    "refers_to",
]
