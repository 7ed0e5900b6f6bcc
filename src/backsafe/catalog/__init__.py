"""The exercise catalog: what backsafe knows about exercises, and name resolution.

`default_catalog` returns the default pack's catalog: the curated exercises of
``rules/exercises.toml`` (the guide's exercises, their variations, warm-up, cool-down, core
and leg work) and the 873 entries of the public-domain free-exercise-db, classified by
``rules/free_exercise_db.toml``. `Catalog.lookup` resolves any id, name, alias or variant
("RDL", "Stiff-legged deadlifts", "banded glute bridges") to an `Exercise`;
`Catalog.resolve` also suggests the closest exercises for a name it cannot resolve.
"""

from backsafe.catalog._catalog import Catalog
from backsafe.catalog._default import default_catalog
from backsafe.catalog._exercise import (
    Exercise,
    Loading,
    Muscle,
    Pattern,
    Resolution,
    Risk,
    Role,
)
from backsafe.catalog._group import Group
from backsafe.catalog._suggest import MAX_SUGGESTED_NAMES, SuggestionBudget

__all__ = [
    "MAX_SUGGESTED_NAMES",
    "Catalog",
    "Exercise",
    "Group",
    "Loading",
    "Muscle",
    "Pattern",
    "Resolution",
    "Risk",
    "Role",
    "SuggestionBudget",
    "default_catalog",
]
