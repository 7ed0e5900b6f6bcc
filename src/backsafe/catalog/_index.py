"""The name index: from a name's keys to the one exercise it names.

Every id, name and alias is indexed under each of its keys (`backsafe.catalog._names`).
A name is looked up key by key, strictest first; the first key that names exactly one
exercise wins.

Conflicts are decided once, when the index is built:

* ``exact`` and ``canonical`` keys must name one exercise. Two exercises sharing one is
  an error (a duplicate, or an alias that already names another exercise), except between
  two free-exercise-db entries, whose shared canonical key is merely ambiguous and left
  out (their exact names still resolve).
* ``unordered`` and ``joined`` keys are looser: a curated exercise takes precedence over a
  free-exercise-db entry, and a key shared by two exercises of the same rank is ambiguous
  and left out.

Entries of low rank (the free-exercise-db copy) may be *shadowed*: their names are not
indexed at all, because a curated exercise of the same name takes them over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from backsafe.catalog._exercise import Exercise
from backsafe.catalog._names import Keys, NameRules, Phrase

__all__ = ["HIGH", "LOW", "Entry", "Index", "NameConflictError", "Row", "make_entries"]

#: Rank of curated exercises and of packs' exercises.
HIGH = 0
#: Rank of the free-exercise-db entries that no curated exercise takes over.
LOW = 1


class NameConflictError(ValueError):
    """Two exercises claim the same name."""


@attrs.frozen
class Entry:
    """One indexed name of one exercise, with its keys."""

    name: str
    exercise: Exercise
    rank: int
    keys: Keys


#: An entry as the index keeps it: name, exercise, rank, and the fields of its `Keys`.
Row = tuple[str, Exercise, int, tuple[str | None, str | None, str | None, str | None, Phrase]]


def _row(entry: Entry) -> Row:
    keys = entry.keys
    return (
        entry.name,
        entry.exercise,
        entry.rank,
        (keys.exact, keys.canonical, keys.unordered, keys.joined, keys.words),
    )


@attrs.frozen(eq=False)
class Index:
    """Maps keys to exercises; built once from entries, never changed.

    The entries are kept as plain tuples (``rows``), made into `Entry` records only when
    asked for (to suggest names, or to extend the catalog): a catalog read back from the
    user cache then unpickles a few thousand objects fewer.
    """

    rows: tuple[Row, ...]
    exact: Mapping[str, Exercise]
    loose: tuple[Mapping[str, Exercise], ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The indexed entries, in the order they were given."""
        return tuple(
            Entry(name, exercise, rank, Keys(*keys)) for name, exercise, rank, keys in self.rows
        )

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Index:
        """Index ``entries``, raising `NameConflictError` on a conflict (see module doc)."""
        entries = tuple(entries)
        exact: dict[str, Entry] = {}
        canonical: dict[str, list[Entry]] = {}
        unordered: dict[str, list[Entry]] = {}
        joined: dict[str, list[Entry]] = {}
        for entry in entries:
            keys = entry.keys
            if keys.exact is None:
                continue
            other = exact.get(keys.exact)
            if other is not None and other.exercise.id != entry.exercise.id:
                raise _conflict(other, entry)
            exact.setdefault(keys.exact, entry)
            for table, key in ((canonical, keys.canonical), (unordered, keys.unordered)):
                if key is not None:
                    table.setdefault(key, []).append(entry)
            if keys.joined is not None:
                joined.setdefault(keys.joined, []).append(entry)
        for same in canonical.values():
            _check_canonical(same)
        return cls(
            rows=tuple(_row(entry) for entry in entries),
            exact={key: entry.exercise for key, entry in exact.items()},
            loose=tuple(_decide(table) for table in (canonical, unordered, joined)),
        )

    def find(self, keys: Keys) -> Exercise | None:
        """Return the exercise the first decisive key names, or ``None``."""
        if keys.exact is None:
            return None
        found = self.exact.get(keys.exact)
        if found is not None:
            return found
        for table, key in zip(self.loose, keys.loose(), strict=True):
            if key is not None:
                found = table.get(key)
                if found is not None:
                    return found
        return None


def make_entries(
    rules: NameRules, exercise: Exercise, names: Iterable[str], rank: int
) -> list[Entry]:
    """Return the index entries of ``names``, all naming ``exercise``."""
    return [Entry(name, exercise, rank, rules.keys(name)) for name in dict.fromkeys(names)]


def _conflict(first: Entry, second: Entry) -> NameConflictError:
    return NameConflictError(
        f"the name {second.name!r} of exercise {second.exercise.id!r} already names "
        f"exercise {first.exercise.id!r} (as {first.name!r})"
    )


def _check_canonical(same: list[Entry]) -> None:
    first = same[0]
    for entry in same[1:]:
        if entry.exercise.id == first.exercise.id:
            continue
        if entry.rank == LOW and first.rank == LOW:
            continue  # two database entries: ambiguous, left out by _decide
        raise _conflict(first, entry)


def _decide(table: Mapping[str, list[Entry]]) -> dict[str, Exercise]:
    decided: dict[str, Exercise] = {}
    for key, entries in table.items():
        if len(entries) == 1:
            decided[key] = entries[0].exercise
            continue
        best = min(entry.rank for entry in entries)
        winners = {e.exercise.id: e.exercise for e in entries if e.rank == best}
        if len(winners) == 1:
            decided[key] = next(iter(winners.values()))
    return decided
