"""Rules: a check (what to look for) with the metadata that explains and sources it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from backsafe._choice import Choice
from backsafe.report import Level, Reference

if TYPE_CHECKING:
    from backsafe.engine._check import Check

__all__ = ["Rule", "Scope"]


class Scope(Choice):
    """What a rule looks at: one block, session or week, the plan, the profile or symptoms."""

    BLOCK = "block"
    SESSION = "session"
    WEEK = "week"
    PLAN = "plan"
    PROFILE = "profile"
    SYMPTOMS = "symptoms"


@attrs.frozen(eq=False, kw_only=True)
class Rule:
    """A rule: its check and the documentation of what it finds, as ruff documents rules.

    ``code`` is unique across packs and starts with the owning pack's prefix; ``pack``
    is the owning pack's name (the pack loader fills it in). ``message``
    is the finding's text, a `str.format` template whose fields the check fills in.
    ``summary`` says what the rule does in one line; ``why`` why it matters; ``example``
    shows input that triggers it; ``fix`` what to do instead. ``references`` are the
    sources of its clinical statements. A rule that is not ``suppressible`` (every
    red flag) runs whatever ``select`` and ``ignore`` say.
    """

    code: str
    name: str
    topic: str
    level: Level
    check: Check
    message: str
    summary: str
    pack: str = ""
    why: str = ""
    example: str = ""
    fix: str = ""
    references: tuple[Reference, ...] = ()
    suppressible: bool = True
    options: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def scope(self) -> Scope:
        """What the rule looks at."""
        return self.check.scope

    @property
    def fixable(self) -> bool:
        """Whether its findings carry suggestions that ``fix`` can apply."""
        return self.check.fixable

    def format(self, **values: Any) -> str:
        """Fill in the rule's message template."""
        return self.message.format(**values)

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"
