"""The default pack: the guide "Lower back pain after glute exercises", as data in rules/.

It is loaded like any other pack, through the entry point ``backsafe`` of the group
``backsafe.packs`` that backsafe's own distribution declares.
"""

from __future__ import annotations

from backsafe._data import rules_dir
from backsafe.packs._pack import Pack

__all__ = ["DEFAULT_PACK", "DEFAULT_TOPICS", "PACK_FILES", "default_pack"]

#: The default pack's name.
DEFAULT_PACK = "backsafe"

#: The files of rules/ that make up the default pack (the catalog reads exercises.toml
#: and free_exercise_db.toml; coverage.toml maps the guide to the rules).
PACK_FILES = (
    "rules.toml",
    "red_flags.toml",
    "conditions.toml",
    "references.toml",
    "substitutions.toml",
    "advice.toml",
)

#: The topics of the default pack (a contract); other packs may add their own.
DEFAULT_TOPICS = (
    "red-flag",
    "pain",
    "condition",
    "imbalance",
    "form",
    "exercise-risk",
    "volume",
    "progression",
    "frequency",
    "rest",
    "warm-up",
    "cool-down",
    "balance",
    "catalog",
    "internal-error",
)


def default_pack() -> Pack:
    """The default pack's declaration (what its entry point names)."""
    return Pack(name=DEFAULT_PACK, prefix="BS", data=rules_dir(), files=PACK_FILES)
