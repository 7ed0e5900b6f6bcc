"""Packs: what an entry point declares, and what backsafe made of it once loaded."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from backsafe.catalog import Exercise, Group
from backsafe.engine import Advice, Check, ConditionInfo, Rule
from backsafe.report import Dose, Override, PackInfo, Reference

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python 3.10
        from importlib.abc import Traversable

__all__ = ["LoadedPack", "Pack", "PackOrigin"]


def _rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(rules)


@attrs.frozen
class Pack:
    """A rule pack, as an entry point of the group ``backsafe.packs`` declares it.

    ``name`` identifies the pack (lowercase words joined by hyphens); every rule code
    starts with ``prefix`` (2-4 capital letters) followed by digits. ``rules`` are Python
    rules (`backsafe.engine.Rule`), ``kinds`` Python rule kinds by name, which data-only
    rules (of this pack and of packs loaded after it) may instantiate. ``data`` is a
    directory of TOML files (every ``*.toml`` in it, or only ``files``) with the pack's
    data-only rules, references, advice, substitutes, doses, conditions, exercises, groups,
    aliases and overrides; a pack may give both Python rules and data. ``version``
    defaults to the version of the distribution that installs the pack.

    A pack with data gives its ``[pack]`` table there too; it must then agree with
    ``name`` and ``prefix``.
    """

    name: str
    prefix: str
    title: str = ""
    version: str | None = None
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)
    kinds: Mapping[str, type[Check]] = attrs.field(factory=dict)
    data: Path | Traversable | None = None
    files: tuple[str, ...] | None = None


@attrs.frozen
class PackOrigin:
    """Where a pack comes from: an entry point of an installed distribution, or a path."""

    distribution: str | None = None
    version: str | None = None
    entry_point: str | None = None
    path: str | None = None

    def describe(self) -> str:
        """The origin in words, for messages."""
        if self.entry_point is not None:
            dist = f"{self.distribution} {self.version}" if self.distribution else "unknown"
            return f"entry point {self.entry_point!r} of distribution {dist}"
        if self.path is not None:
            return f"directory {self.path}"
        return "the Python API"


@attrs.frozen(eq=False)
class LoadedPack:
    """A pack as backsafe loaded and validated it, ready to build checkers from.

    ``rules`` are its rules (data-only and Python), with the overrides of packs loaded
    later applied by the `PackSet`, not here; ``overrides`` are the changes this pack
    makes to rules of other packs. ``advice`` is keyed by qualified id (``pack/id``,
    or the plain id for the default pack's). ``doses`` are the default doses of
    exercises a fix adds, by catalog id (or ``"*"``), with their ``dose_references``.
    """

    name: str
    version: str
    prefix: str
    origin: PackOrigin
    title: str = ""
    rules: tuple[Rule, ...] = ()
    references: Mapping[str, Reference] = attrs.field(factory=dict)
    substitutes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    doses: Mapping[str, Dose] = attrs.field(factory=dict)
    dose_references: Mapping[str, tuple[Reference, ...]] = attrs.field(factory=dict)
    advice: Mapping[str, Advice] = attrs.field(factory=dict)
    conditions: Mapping[str, ConditionInfo] = attrs.field(factory=dict)
    exercises: tuple[Exercise, ...] = ()
    aliases: Mapping[str, str] = attrs.field(factory=dict)
    groups: tuple[Group, ...] = ()
    kinds: Mapping[str, type[Check]] = attrs.field(factory=dict)
    overrides: tuple[Override, ...] = ()

    def __repr__(self) -> str:
        return f"<LoadedPack {self.name} {self.version} ({self.prefix}, {len(self.rules)} rules)>"

    @property
    def info(self) -> PackInfo:
        """The pack as a report lists it."""
        return PackInfo(
            self.name,
            self.version,
            self.prefix,
            distribution=self.origin.distribution,
            entry_point=self.origin.entry_point,
            path=self.origin.path,
            overrides=self.overrides,
        )
