"""Repairing plans: `fix`, its result, and the properties it keeps.

The public names are exported from `backsafe`: `backsafe.fix`, `backsafe.FixResult`,
`backsafe.Edit`, `backsafe.Unresolved`.
"""

from backsafe._fix._result import Edit, FixResult, Unresolved
from backsafe._fix._run import fix

__all__ = ["Edit", "FixResult", "Unresolved", "fix"]
