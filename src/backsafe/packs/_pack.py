"""A rule pack: rules, and the data they consult, under one name and code prefix."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from backsafe.engine import Advice, Rule
from backsafe.report import PackInfo, Reference

__all__ = ["Pack"]


@attrs.frozen(eq=False)
class Pack:
    """A named, versioned set of rules whose codes all start with ``prefix``.

    ``references`` are the pack's sources by id; ``substitutes`` maps exercise family or
    group ids to the exercises to suggest instead; ``advice`` holds the advice texts its
    rules give.
    """

    name: str
    version: str
    prefix: str
    title: str = ""
    rules: tuple[Rule, ...] = ()
    references: Mapping[str, Reference] = attrs.field(factory=dict)
    substitutes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    advice: Mapping[str, Advice] = attrs.field(factory=dict)

    @property
    def info(self) -> PackInfo:
        """The pack as a report lists it."""
        return PackInfo(self.name, self.version, self.prefix)
