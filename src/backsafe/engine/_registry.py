"""The registry: every rule by code, and the selection of rules a check runs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import attrs

from backsafe.engine._rule import Rule

__all__ = ["DuplicateRuleError", "Registry", "Selection", "SelectionError", "check_selection"]


class DuplicateRuleError(ValueError):
    """Two rules claim the same code."""


class SelectionError(ValueError):
    """``select`` or ``ignore`` names no rule, or tries to switch off a red flag."""


@attrs.frozen
class Selection:
    """The rules a check runs, and notes about rules that stay on whatever was asked."""

    rules: tuple[Rule, ...]
    notes: tuple[str, ...] = ()


class Registry:
    """All known rules, by code. Codes are unique: a second rule with a code is refused."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.register(rule)

    def register(self, rule: Rule) -> None:
        """Add ``rule``; raise `DuplicateRuleError` naming both owners if its code is taken."""
        existing = self._rules.get(rule.code)
        if existing is not None:
            raise DuplicateRuleError(
                f"rule code {rule.code} is claimed twice: by {existing.name!r} of pack "
                f"{existing.pack!r} and by {rule.name!r} of pack {rule.pack!r}"
            )
        self._rules[rule.code] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, in code order."""
        return tuple(self._rules[code] for code in sorted(self._rules))

    def get(self, code: str) -> Rule:
        """The rule with ``code``; `KeyError` naming the code if there is none."""
        try:
            return self._rules[code]
        except KeyError:
            raise KeyError(f"no rule has the code {code!r}") from None

    def matching(self, code_or_prefix: str) -> tuple[Rule, ...]:
        """The rules whose code is ``code_or_prefix`` or starts with it."""
        return tuple(rule for rule in self.rules if rule.code.startswith(code_or_prefix))

    def select(
        self, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
    ) -> Selection:
        """Choose the rules to run, as ruff's ``--select`` and ``--ignore`` do.

        Each entry is a code or a code prefix (``BS4`` is every ``BS4..`` rule) and must
        name at least one rule. Rules that may not be suppressed (the red flags) always
        run: ignoring one by its exact code raises `SelectionError`; a prefix or a
        ``select`` that leaves one out does not switch it off, and a note says so.
        An empty ``select``, or a blank entry, raises `SelectionError` (it would leave
        only the red flags running); an entry that is not a string raises `TypeError`.
        """
        check_selection("select", select)
        check_selection("ignore", ignore)
        for entry in (*(select or ()), *(ignore or ())):
            if not self.matching(entry):
                raise SelectionError(f"{entry!r} is not the code or code prefix of any rule")
        for entry in ignore or ():
            if entry in self._rules and not self._rules[entry].suppressible:
                rule = self._rules[entry]
                raise SelectionError(
                    f"{entry} ({rule.name}) is a {rule.topic} rule and cannot be ignored"
                )
        chosen = (
            self.rules
            if select is None
            else tuple(rule for rule in self.rules if any(rule.code.startswith(s) for s in select))
        )
        ignored = {rule.code for entry in ignore or () for rule in self.matching(entry)}
        always = [rule for rule in self.rules if not rule.suppressible]
        kept_on = [rule.code for rule in always if rule.code in ignored or rule not in chosen]
        chosen = tuple(
            rule
            for rule in self.rules
            if (rule in chosen and rule.code not in ignored) or not rule.suppressible
        )
        notes: tuple[str, ...] = ()
        if kept_on and (select is not None or ignore):
            notes = (f"always checked, whatever --select/--ignore say: {', '.join(kept_on)}",)
        return Selection(chosen, notes)


def check_selection(name: str, entries: Sequence[str] | None) -> None:
    """Refuse a ``select`` or ``ignore`` that would switch checking off, or is no list."""
    if entries is None:
        return
    if isinstance(entries, (str, bytes)):
        raise TypeError(f"{name} must be a list of codes, not a string: write {name}=[{entries!r}]")
    for entry in entries:
        if not isinstance(entry, str):
            raise TypeError(
                f"{name} entries must be rule codes or prefixes (strings), got {entry!r}"
                f" ({type(entry).__name__})"
            )
        if not entry.strip():
            raise SelectionError(f"{name} has a blank entry {entry!r}: give a code or prefix")
    if name == "select" and not entries:
        raise SelectionError(
            "select is empty: it would run only the red flags; give at least one code or"
            " prefix (or None for every rule)"
        )
