"""Adapters from other programs' plan formats to backsafe plans, one module each.

`backsafe.adapters.streprogen` reads the output of the streprogen generator and
`backsafe.adapters.wger` a routine of the wger workout manager. Their ``read_*`` functions
return an `Adapted`: the `backsafe.Plan` and the `InputNote` records of what was assumed,
converted or could not be read, which the checker reports as findings: one per item up
to `MAX_ITEM_NOTES` items, then one that counts the rest.
"""

from backsafe.adapters._adapted import (
    ASSUMED_DAYS,
    ASSUMED_REPS,
    CONVERTED_UNITS,
    MAX_ITEM_NOTES,
    UNJUDGED_IMPACT,
    UNREADABLE_ITEM,
    UNREADABLE_VALUE,
    Adapted,
    InputNote,
)

__all__ = [
    "ASSUMED_DAYS",
    "ASSUMED_REPS",
    "CONVERTED_UNITS",
    "MAX_ITEM_NOTES",
    "UNJUDGED_IMPACT",
    "UNREADABLE_ITEM",
    "UNREADABLE_VALUE",
    "Adapted",
    "InputNote",
]
