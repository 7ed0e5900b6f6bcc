"""The catalog: exercises by id, and the resolution of any name to one of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from backsafe.catalog._exercise import Exercise, Loading, Pattern, Resolution
from backsafe.catalog._group import Group
from backsafe.catalog._index import HIGH, LOW, Entry, Index, make_entries
from backsafe.catalog._names import MAX_NAME_CHARS, NameRules
from backsafe.catalog._suggest import PRESUME_SCORE, Suggester
from backsafe.model import Equipment

__all__ = ["DATABASE_SOURCE", "Catalog"]

#: `Exercise.source` of the entries derived from the free-exercise-db.
DATABASE_SOURCE = "free-exercise-db"

#: Distinct names remembered beyond the catalog's own; the memo starts afresh past this.
_MEMO_LIMIT = 1 << 14
_SUGGESTION_MEMO_LIMIT = 1 << 10
_SUGGESTIONS = 5
#: Equipment with which an exercise may be done without an external load.
_UNLOADED = frozenset({Equipment.BODY_ONLY, Equipment.BANDS})
#: Patterns a stated load does not belong to: with one, the name is another exercise.
_UNLOADED_PATTERNS = frozenset(
    {Pattern.CARDIO, Pattern.STRETCH, Pattern.MOBILITY, Pattern.SOFT_TISSUE}
)


class Catalog:
    """Exercises by id, and the resolution of names, aliases and variants to them.

    `lookup` accepts an id, a name or an alias, in any case, with any punctuation, hyphens,
    plurals ("Clamshells", "calves"), abbreviations and synonyms ("RDL", "DB", "banded"),
    and in any word order that names one exercise only. `resolve` also suggests the closest
    exercises for a name it cannot resolve, and `presume` says which risky exercise such a
    name most likely is. A catalog's content never changes: `extended` returns a new one.
    ``groups`` are the exercise groups, by id.

    ``aliases`` maps further names (or ids) to exercise ids. ``names`` holds the synonyms,
    irregular plurals and filler words used to match names. Names in ``shadowed_names``
    are not indexed for the free-exercise-db entries that carry them, because a curated
    exercise of the same name takes them over.

    A catalog remembers, up to a bound, the answers it has given (a name seen before
    costs one dictionary hit); the memo changes no answer, is safe to share between
    threads, and is left out when a catalog is pickled.
    """

    __slots__ = (
        "_aliases",
        "_exercises",
        "_index",
        "_memo",
        "_rules",
        "_seed",
        "_shadowed",
        "_suggester",
        "_suggestions",
        "groups",
    )

    groups: Mapping[str, Group]
    _exercises: Mapping[str, Exercise]
    _aliases: Mapping[str, str]
    _rules: NameRules
    _shadowed: frozenset[str]
    _index: Index
    _seed: Mapping[str, Exercise]
    _memo: dict[str, Exercise | None]
    _suggestions: dict[str, tuple[tuple[str, float], ...]]
    _suggester: Suggester | None

    def __init__(
        self,
        exercises: Iterable[Exercise] = (),
        *,
        groups: Mapping[str, Group] | Iterable[Group] = (),
        aliases: Mapping[str, str] | None = None,
        names: NameRules | None = None,
        shadowed_names: Iterable[str] = (),
    ) -> None:
        if isinstance(groups, Mapping):
            groups = groups.values()
        self._set(
            _build(
                exercises=tuple(exercises),
                groups={group.id: group for group in groups},
                aliases=dict(aliases or {}),
                rules=names or NameRules(),
                shadowed=frozenset(shadowed_names),
                reused=(),
                reused_aliases={},
            )
        )

    def _set(self, built: Mapping[str, Any]) -> None:
        for name, value in built.items():
            if isinstance(value, dict):
                value = MappingProxyType(value)  # noqa: PLW2901
            object.__setattr__(self, name if name == "groups" else f"_{name}", value)
        self._memo = dict(self._seed)
        self._suggestions = {}
        self._suggester = None

    def __setattr__(self, name: str, value: object) -> None:
        if name in _CACHES:
            object.__setattr__(self, name, value)
            return
        raise AttributeError(f"a Catalog cannot be changed (tried to set {name!r})")

    def __getstate__(self) -> dict[str, Any]:
        state = {name: getattr(self, f"_{name}") for name in _CONTENT}
        state["groups"] = self.groups
        return {
            name: dict(value) if isinstance(value, MappingProxyType) else value
            for name, value in state.items()
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._set(state)

    def lookup(self, name: str) -> Exercise | None:
        """Return the exercise ``name`` names (an id, a name, an alias or a variant of one).

        ``None`` when the name cannot be resolved. A name seen before costs one dict hit.
        """
        try:
            return self._memo[name]
        except KeyError:
            return self._lookup_new(name)

    def resolve(self, name: str) -> Resolution:
        """Like `lookup`, and for an unknown name the ids of the closest exercises.

        Never raises for a string, whatever its length or content.
        """
        found = self.lookup(name)
        if found is not None:
            return Resolution(name, found)
        return Resolution(name, None, tuple(exercise_id for exercise_id, _ in self._suggest(name)))

    def presume(self, name: str) -> Exercise | None:
        """The risky exercise an unresolvable ``name`` most likely is, or ``None``.

        The closest exercise is presumed when its name matches closely (a score of at
        least `backsafe.catalog._suggest.PRESUME_SCORE`) and it is risky
        (`Exercise.risky`): "Romanian Deadlift w/ DBs" is judged as a Romanian deadlift.
        A close match to a harmless exercise presumes nothing, because an unknown name is
        never judged safe. ``None`` for a name the catalog resolves.
        """
        if self.lookup(name) is not None:
            return None
        closest = self._suggest(name)
        if not closest or closest[0][1] < PRESUME_SCORE:
            return None
        exercise = self._exercises[closest[0][0]]
        return exercise if exercise.risky else None

    def get(self, exercise_id: str) -> Exercise:
        """Return the exercise with id ``exercise_id``; `KeyError` if there is none."""
        try:
            return self._exercises[exercise_id]
        except KeyError:
            pass
        named = self.lookup(exercise_id) if isinstance(exercise_id, str) else None
        hint = (
            f"; it is a name of {named.id!r} (use lookup() to resolve names)"
            if named is not None
            else ""
        )
        raise KeyError(f"no exercise with id {exercise_id!r} in the catalog{hint}") from None

    def __contains__(self, exercise_id: object) -> bool:
        return isinstance(exercise_id, str) and exercise_id in self._exercises

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._exercises.values())

    def __len__(self) -> int:
        return len(self._exercises)

    def __repr__(self) -> str:
        return f"<Catalog of {len(self)} exercises, {len(self.groups)} groups>"

    def extended(
        self,
        exercises: Iterable[Exercise],
        aliases: Mapping[str, str] | None = None,
        *,
        groups: Iterable[Group] = (),
    ) -> Catalog:
        """Return a new catalog with more ``exercises``, ``aliases`` (alias -> id) and groups.

        A duplicate id or group, or a name or alias that already names a different
        exercise, raises `ValueError` naming both. This catalog is not changed.
        """
        added = {group.id: group for group in groups}
        for group_id in added:
            if group_id in self.groups:
                raise ValueError(f"exercise group {group_id!r} is already in the catalog")
        new = Catalog.__new__(Catalog)
        new._set(
            _build(
                exercises=(*self._exercises.values(), *exercises),
                groups={**self.groups, **added},
                aliases={**self._aliases, **_merge_aliases(self._aliases, aliases or {})},
                rules=self._rules,
                shadowed=self._shadowed,
                reused=self._index.entries,
                reused_aliases=self._aliases,
            )
        )
        return new

    def _lookup_new(self, name: str) -> Exercise | None:
        if len(name) > MAX_NAME_CHARS:
            return None  # never a name; not remembered, so huge strings cost no memory
        found = self._index.find(self._rules.keys(name))
        if found is None:
            found = self._annotated(name)
        memo = self._memo
        if len(memo) >= len(self._seed) + _MEMO_LIMIT:
            memo.clear()
            memo.update(self._seed)
        memo[name] = found
        return found

    def _annotated(self, name: str) -> Exercise | None:
        """The exercise ``name`` names once its program annotations are stripped.

        A name whose annotation states a load ("Glute bridge (heavy)", "Lunge 3RM", "Walk @
        40 kg") only resolves to an exercise that is never done with body weight or bands
        alone and is no cardio, stretch or mobility drill, or one already of the highest
        loading class: otherwise
        the load it states may make it a loaded variation the catalog judges more heavily (a
        barbell glute bridge, a barbell lunge), and the name stays unresolved rather than
        look safer than it is.
        """
        for annotated in self._rules.annotated(name):
            found = self._index.find(self._rules.keys(annotated.base))
            if found is None:
                continue
            if not annotated.loaded or found.loading is Loading.HIGH:
                return found
            if found.pattern in _UNLOADED_PATTERNS:
                return None  # a walk with 40 kg is a carry, not the treadmill walk
            if not found.equipment or _UNLOADED.intersection(found.equipment):
                return None
            return found
        return None

    def _suggest(self, name: str) -> tuple[tuple[str, float], ...]:
        name = name[:MAX_NAME_CHARS]
        # Suggest from the name without the annotations that state no load: a stated load
        # may make it a loaded variation, and a presumed exercise must not be the lighter one.
        for form in self._rules.annotated(name):
            if form.loaded:
                break
            name = form.base
        known = self._suggestions.get(name)
        if known is not None:
            return known
        suggester = self._suggester
        if suggester is None:
            suggester = self._suggester = Suggester.build(self._index.entries)
        found = suggester.scored(self._rules.keys(name).words, _SUGGESTIONS)
        if len(self._suggestions) >= _SUGGESTION_MEMO_LIMIT:
            self._suggestions.clear()
        self._suggestions[name] = found
        return found


def _merge_aliases(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, str]:
    for alias, target in new.items():
        if old.get(alias, target) != target:
            raise ValueError(
                f"alias {alias!r} of exercise {target!r} already names exercise {old[alias]!r}"
            )
    return dict(new)


def _build(
    *,
    exercises: tuple[Exercise, ...],
    groups: dict[str, Group],
    aliases: dict[str, str],
    rules: NameRules,
    shadowed: frozenset[str],
    reused: tuple[Entry, ...],
    reused_aliases: Mapping[str, str],
) -> dict[str, Any]:
    by_id: dict[str, Exercise] = {}
    for exercise in exercises:
        other = by_id.setdefault(exercise.id, exercise)
        if other is not exercise:
            raise ValueError(
                f"duplicate exercise id {exercise.id!r}: {other.name!r} is already in the"
                f" catalog, so {exercise.name!r} cannot be added"
            )
    for exercise in exercises:
        _check_references(exercise, by_id, groups)
    done = {entry.exercise.id for entry in reused}
    entries = list(reused)
    for exercise in exercises:
        if exercise.id in done:
            continue
        rank = LOW if exercise.source == DATABASE_SOURCE else HIGH
        names = [exercise.id, exercise.name, *exercise.aliases]
        entries += make_entries(rules, exercise, (n for n in names if n not in shadowed), rank)
    for alias, target in aliases.items():
        if target not in by_id:
            raise ValueError(f"alias {alias!r} names no exercise: there is no id {target!r}")
        if reused_aliases.get(alias) != target:
            entries += make_entries(rules, by_id[target], (alias,), HIGH)
    index = Index.build(entries)
    seed = {name: exercise for name, exercise, _, _ in index.rows}
    return {
        "groups": groups,
        "exercises": by_id,
        "aliases": aliases,
        "rules": rules,
        "shadowed": shadowed,
        "index": index,
        "seed": seed,
    }


#: What a catalog is made of (pickled), and what it only remembers (not pickled).
_CONTENT = ("exercises", "aliases", "rules", "shadowed", "index", "seed")
_CACHES = frozenset({"_memo", "_suggestions", "_suggester"})


def _check_references(
    exercise: Exercise, by_id: Mapping[str, Exercise], groups: Mapping[str, Group]
) -> None:
    if exercise.group is not None and exercise.group not in groups:
        known = ", ".join(groups) or "none"
        raise ValueError(
            f"exercise {exercise.id!r} is in group {exercise.group!r}, which is not one of"
            f" the catalog's groups ({known})"
        )
    if exercise.family is not None and exercise.family not in by_id:
        raise ValueError(
            f"exercise {exercise.id!r} has family {exercise.family!r}, which is not an"
            " exercise of the catalog"
        )
