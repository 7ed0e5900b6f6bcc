"""The pack set: the one place where packs are found, loaded, validated and combined.

The API (`backsafe.check`, `backsafe.checker`), the command line, the docs build and the
tests all get their packs, rules and checkers from a `PackSet`. Loading happens once per
process and set of options; checkers are cached per selection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import attrs

from backsafe._input_error import InputError
from backsafe.catalog import Catalog, default_catalog
from backsafe.engine import Check, Checker, ConditionInfo, Library, Registry, Rule
from backsafe.engine._registry import check_selection
from backsafe.kinds import KINDS
from backsafe.packs._cached import resolve_default
from backsafe.packs._default import DEFAULT_PACK, DEFAULT_TOPICS, default_pack
from backsafe.packs._discover import (
    OWN_DISTRIBUTION,
    Candidate,
    autoload_disabled,
    directory_candidate,
    entry_point_candidates,
)
from backsafe.packs._loaded import Loaded
from backsafe.packs._pack import LoadedPack
from backsafe.report import CheckError, Dose, PackInfo

__all__ = [
    "CheckerSpec",
    "MissingPackError",
    "PackLoadError",
    "PackOptions",
    "PackSet",
]


def _strings(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


@attrs.frozen
class PackOptions:
    """Which packs to load: ``--pack``, ``--no-pack``, ``--require-pack``, ``--strict-packs``.

    ``paths`` are directories of data-only packs to load after the installed ones.
    ``disabled`` names packs (by entry-point or pack name) not to load; ``required``
    packs that must load. ``strict`` turns a pack that fails to load into a
    `PackLoadError` instead of a report error. ``autoload`` loads the packs of other
    installed distributions; ``None`` (the default) means yes unless the environment
    variable ``BACKSAFE_DISABLE_PACK_AUTOLOAD`` is set. backsafe's own default pack always
    loads unless disabled.
    """

    paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    disabled: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    required: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    strict: bool = False
    autoload: bool | None = None

    def resolved(self) -> PackOptions:
        """These options with ``autoload`` decided (from the environment when ``None``)."""
        if self.autoload is not None:
            return self
        return attrs.evolve(self, autoload=not autoload_disabled())


class PackLoadError(Exception):
    """Strict mode: packs failed to load. ``errors`` says which and why."""

    def __init__(self, errors: Sequence[CheckError]) -> None:
        self.errors = tuple(errors)
        lines = "\n".join(f"  {error.message}" for error in self.errors)
        super().__init__(f"{len(self.errors)} pack(s) failed to load:\n{lines}")


class MissingPackError(Exception):
    """A required pack is not loaded. ``missing`` and ``installed`` name the packs."""

    def __init__(self, missing: Sequence[str], installed: Sequence[str]) -> None:
        self.missing = tuple(missing)
        self.installed = tuple(installed)
        super().__init__(
            f"required pack(s) not loaded: {', '.join(self.missing)} "
            f"(loaded: {', '.join(self.installed) or 'none'})"
        )


@attrs.frozen
class CheckerSpec:
    """A small, picklable recipe for a checker: the pack options and the selection.

    `build` returns the checker of the installed packs in the current process (the same
    packs, rules and options, when the environment is the same). Checkers a `PackSet`
    makes pickle as their spec, so a process pool sends a few bytes, not the rules.
    """

    packs: PackOptions = PackOptions()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None

    def build(self) -> Checker:
        """The checker this spec describes (loading the packs once per process)."""
        return PackSet.load(self.packs).checker(self.select, self.ignore)


def _pack_error(candidate: Candidate, error: BaseException) -> CheckError:
    if isinstance(error, InputError):
        cause = "\n".join(f"    {problem}" for problem in error.problems)
        cause = f"invalid pack data: {len(error.problems)} problem(s):\n{cause}"
    else:
        cause = f"{type(error).__name__}: {error}"
    return CheckError(
        "pack-failed",
        f"pack {candidate.name!r} ({candidate.origin.describe()}) failed to load: {cause}",
        pack=candidate.name,
    )


class PackSet:
    """Every loaded pack, their combined catalog, rules and library, and their checkers.

    Use `PackSet.load` (cached per process and options) rather than the constructor.
    ``packs`` are the packs that loaded, in load order (backsafe's own first, then
    installed packs by distribution and entry-point name, then ``paths``); ``errors``
    the packs that did not, as report errors: a checker of a pack set with errors never
    reports ``ok``. ``notes`` say what was asked for and had no effect.
    """

    def __init__(self, options: PackOptions = PackOptions()) -> None:
        options = options.resolved()
        self.options = options
        errors: list[CheckError] = []
        notes: list[str] = []
        try:
            catalog = default_catalog()
        except (InputError, OSError, ValueError) as error:
            errors.append(
                CheckError("catalog-failed", f"the exercise catalog failed to load: {error}")
            )
            catalog = Catalog()
        loaded = Loaded(catalog, kinds=dict(KINDS))
        rules: dict[str, Rule] = {}
        packs: list[LoadedPack] = []
        candidates = list(entry_point_candidates(autoload=bool(options.autoload)))
        candidates += [directory_candidate(path) for path in options.paths]
        disabled = set(options.disabled)
        seen_default = False
        for candidate in candidates:
            if candidate.name in disabled:
                disabled.discard(candidate.name)
                continue
            try:
                declared = candidate.load()
                if declared.name and declared.name in options.disabled:
                    disabled.discard(declared.name)
                    continue
                own = candidate.origin.distribution == OWN_DISTRIBUTION
                version = declared.version or candidate.origin.version or "unversioned"
                topics = DEFAULT_TOPICS if own and declared.name == DEFAULT_PACK else None
                if own and not loaded.packs and declared == default_pack():
                    resolved = resolve_default(declared, candidate.origin, version, loaded, topics)
                else:
                    from backsafe.packs._resolve import resolve  # noqa: PLC0415 - cattrs

                    resolved = resolve(declared, candidate.origin, version, loaded, topics=topics)
            except Exception as error:  # a pack's own code may raise anything
                errors.append(_pack_error(candidate, error))
                continue
            pack = resolved.pack
            seen_default = seen_default or pack.name == DEFAULT_PACK
            packs.append(pack)
            rules.update(resolved.overridden)
            rules.update((rule.code, rule) for rule in pack.rules)
            loaded = Loaded(
                resolved.catalog,
                kinds={**loaded.kinds, **pack.kinds},
                rules=dict(rules),
                conditions={**loaded.conditions, **pack.conditions},
                advice={**loaded.advice, **pack.advice},
                packs={**loaded.packs, pack.name: pack},
            )
        for name in sorted(disabled):
            notes.append(f"--no-pack {name}: no pack of that name is installed")
        if (
            not seen_default
            and DEFAULT_PACK not in options.disabled
            and not any(error.pack == DEFAULT_PACK for error in errors)
        ):
            errors.append(
                CheckError(
                    "pack-failed",
                    "the default pack 'backsafe' is not installed: the backsafe distribution "
                    "has no entry point 'backsafe' in the group 'backsafe.packs' "
                    "(reinstall backsafe)",
                    pack=DEFAULT_PACK,
                )
            )
        if not rules:
            errors.append(CheckError("no-rules", "no pack with rules loaded: nothing was checked"))
        self.packs = tuple(packs)
        self.errors = tuple(errors)
        self.notes = tuple(notes)
        self.catalog = loaded.catalog
        self.kinds: Mapping[str, type[Check]] = loaded.kinds
        self.conditions: Mapping[str, ConditionInfo] = loaded.conditions
        self.registry = Registry(rules[code] for code in sorted(rules))
        self.library = Library(
            loaded.catalog,
            _substitutes(packs),
            dict(loaded.advice),
            loaded.conditions,
            _doses(packs),
        )
        self._checkers: dict[tuple[Any, ...], Checker] = {}
        if options.strict and self.errors:
            raise PackLoadError(self.errors)
        names = {pack.name for pack in packs} | {
            c.name for c in candidates if c.origin.entry_point is not None
        }
        missing = [name for name in options.required if name not in names]
        if missing:
            raise MissingPackError(missing, [pack.name for pack in packs])

    @classmethod
    def load(cls, options: PackOptions | None = None, /, **kwargs: Any) -> PackSet:
        """The pack set of ``options`` (or of `PackOptions` made from ``kwargs``).

        Cached per process and options: packs are found and validated once. Raises
        `PackLoadError` in strict mode when a pack fails to load, and `MissingPackError`
        when a required pack is not loaded.
        """
        if options is None:
            options = PackOptions(**kwargs)
        elif kwargs:
            options = attrs.evolve(options, **kwargs)
        return _load(options.resolved())

    @staticmethod
    def clear_cache() -> None:
        """Forget the pack sets loaded so far (after installing a pack in this process)."""
        _load.cache_clear()

    @property
    def info(self) -> tuple[PackInfo, ...]:
        """The packs, as a report lists them."""
        return tuple(pack.info for pack in self.packs)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule of the loaded packs, overrides applied, in code order."""
        return self.registry.rules

    def pack(self, name: str) -> LoadedPack:
        """The loaded pack ``name``; `KeyError` when there is none."""
        for pack in self.packs:
            if pack.name == name:
                return pack
        raise KeyError(f"no pack named {name!r} is loaded")

    def checker(
        self, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
    ) -> Checker:
        """A checker of the rules chosen by ``select`` and ``ignore`` (cached).

        Codes and prefixes work as ruff's; red flags always run. Raises
        `backsafe.engine.SelectionError` for a code that names no rule, or for
        ignoring a red flag by its code; `TypeError` for a string instead of a list.
        """
        if select is not None and not isinstance(select, (str, bytes)):
            select = tuple(select)
        if ignore is not None and not isinstance(ignore, (str, bytes)):
            ignore = tuple(ignore)
        check_selection("select", select)
        check_selection("ignore", ignore)
        key = (
            None if select is None else tuple(select),
            None if ignore is None else tuple(ignore),
        )
        checker = self._checkers.get(key)
        if checker is None:
            selection = self.registry.select(key[0], key[1])
            checker = Checker(
                selection.rules,
                self.library,
                packs=self.info,
                errors=self.errors,
                notes=selection.notes,
                spec=CheckerSpec(self.options, key[0], key[1]),
            )
            self._checkers[key] = checker
        return checker


@cache
def _load(options: PackOptions) -> PackSet:
    return PackSet(options)


def _doses(packs: Iterable[LoadedPack]) -> dict[str, Dose]:
    """The doses of all packs: a later pack's replace an earlier one's for the same id."""
    merged: dict[str, Dose] = {}
    for pack in packs:
        merged.update(pack.doses)
    return merged


def _substitutes(packs: Iterable[LoadedPack]) -> dict[str, tuple[str, ...]]:
    """The substitutes of all packs: a later pack's come first for the same key."""
    merged: dict[str, tuple[str, ...]] = {}
    for pack in packs:
        for key, ids in pack.substitutes.items():
            merged[key] = tuple(dict.fromkeys((*ids, *merged.get(key, ()))))
    return merged
