"""The checks behind rules, one base class per scope.

A check is an attrs class whose fields are its options; a rule pairs it with metadata.
Built-in checks are the *rule kinds* that data-only packs instantiate from TOML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from backsafe.engine._rule import Rule, Scope

if TYPE_CHECKING:
    from backsafe.catalog import Exercise
    from backsafe.engine._context import Context
    from backsafe.facts import PlanFacts, SessionFacts, Triage, WeekFacts
    from backsafe.model import Block, Profile

__all__ = [
    "BlockCheck",
    "Check",
    "PlanCheck",
    "ProfileCheck",
    "SessionCheck",
    "SymptomsCheck",
    "WeekCheck",
]


class Check:
    """Base of all checks.

    ``message_fields`` are the fields the check fills into its rule's message template
    (``{exercise}``); a pack whose message names another field is refused when it loads.
    ``fixable``: its findings carry suggestions that ``fix`` can apply.
    """

    scope: ClassVar[Scope]
    message_fields: ClassVar[frozenset[str]] = frozenset()
    fixable: ClassVar[bool] = False

    def active(self, ctx: Context) -> bool:
        """Whether the check can find anything in this check at all.

        Asked once per check, before the walk; an inactive block check is never called.
        """
        return True


class BlockCheck(Check):
    """Looks at one block at a time, only blocks whose exercise it `applies_to`.

    A check whose ``screens_substitutes`` is true, when active, also screens the
    substitutes other rules suggest: an exercise it `applies_to` is not suggested (a
    rule about the person's condition, which a substitute must not break either).
    """

    scope = Scope.BLOCK
    screens_substitutes: ClassVar[bool] = False

    def applies_to(self, exercise: Exercise | None) -> bool:
        """Whether to call the check for blocks of ``exercise`` (``None``: unresolved)."""
        raise NotImplementedError

    def check_block(
        self, ctx: Context, rule: Rule, block: Block, exercise: Exercise | None
    ) -> None:
        """Report findings about ``block`` through ``ctx``.

        ``exercise`` is the exercise the block is judged as: its own, or for a name the
        catalog cannot resolve the risky exercise it most likely names (see
        `backsafe.catalog.Catalog.presume`), or ``None``.
        """
        raise NotImplementedError


class SessionCheck(Check):
    """Looks at one session at a time, after the walk."""

    scope = Scope.SESSION

    def check_session(self, ctx: Context, rule: Rule, session: SessionFacts) -> None:
        """Report findings about ``session`` through ``ctx``."""
        raise NotImplementedError


class WeekCheck(Check):
    """Looks at one week at a time, after the walk."""

    scope = Scope.WEEK

    def check_week(self, ctx: Context, rule: Rule, week: WeekFacts) -> None:
        """Report findings about ``week`` through ``ctx``."""
        raise NotImplementedError


class PlanCheck(Check):
    """Looks at the whole plan's facts, after the walk."""

    scope = Scope.PLAN

    def check_plan(self, ctx: Context, rule: Rule, facts: PlanFacts) -> None:
        """Report findings about the plan through ``ctx``."""
        raise NotImplementedError


class ProfileCheck(Check):
    """Looks at the profile; called only when a profile is given."""

    scope = Scope.PROFILE

    def check_profile(self, ctx: Context, rule: Rule, profile: Profile) -> None:
        """Report findings about ``profile`` through ``ctx``."""
        raise NotImplementedError


class SymptomsCheck(Check):
    """Looks at the symptoms; called only when symptoms are given."""

    scope = Scope.SYMPTOMS

    def check_symptoms(self, ctx: Context, rule: Rule, triage: Triage) -> None:
        """Report findings about the symptoms through ``ctx``."""
        raise NotImplementedError
