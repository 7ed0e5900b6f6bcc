"""Suggestions for a name the catalog cannot resolve: the closest known exercises.

Names are compared word by word on their canonical words (`backsafe.catalog._names`).
A query word matches a known word exactly or, for typos, by the Dice coefficient of their
letter pairs (``deadlfit`` ~ ``deadlift``). A known name scores the idf-weighted Dice
coefficient of the matched words, so that rare words (``romanian``) count more than
common ones (``barbell``). Each exercise scores its best name; curated exercises come
before database entries that score about the same.

A name whose best match scores at least `PRESUME_SCORE` is a close match: the catalog
takes it to mean that exercise when the exercise is risky (`Catalog.presume`), so that a
misspelt deadlift is judged as a deadlift rather than passed as unknown.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

import attrs

from backsafe.catalog._exercise import Exercise
from backsafe.catalog._index import HIGH, Entry

__all__ = ["MAX_SUGGESTED_NAMES", "PRESUME_SCORE", "Suggester", "SuggestionBudget"]

#: How many distinct unknown names of one plan are compared with the catalog: given
#: suggestions, and judged as the risky exercise they most likely name. A comparison is a
#: search of up to a millisecond; a plan of tens of thousands of made-up names would
#: otherwise take minutes. Names past this are still reported as unknown, without
#: suggestions, and a check that meets them says it is incomplete.
MAX_SUGGESTED_NAMES = 1000

#: Known words a query word may stand for (typos), best first.
_WORD_CANDIDATES = 3
_MIN_WORD_SIMILARITY = 0.5
_MIN_SCORE = 0.3
#: Curated exercises come first among names that match about as well.
_CURATED_BONUS = 0.05
_MAX_WORD_CHARS = 40
#: The score from which a name is a close match to an exercise ("romanain deadlfit" scores
#: 0.65 against "Romanian deadlift", "Romanian Deadlift w/ DBs" 0.78; "frog pump" only
#: 0.58 against "Frog Hops", a different exercise). An engineering threshold on name
#: similarity, not a clinical one; `Catalog.presume` uses it only to judge a name as the
#: riskier reading.
PRESUME_SCORE = 0.6


def _pairs(word: str) -> frozenset[str]:
    padded = f" {word[:_MAX_WORD_CHARS]} "
    return frozenset(padded[i : i + 2] for i in range(len(padded) - 1))


@attrs.frozen(eq=False)
class Suggester:
    """A word index over every indexed name, built once when first needed."""

    exercises: tuple[Exercise, ...]
    bonus: tuple[float, ...]
    name_owner: tuple[int, ...]
    name_weight: tuple[float, ...]
    postings: dict[str, list[int]]
    idf: dict[str, float]
    pair_index: dict[str, list[str]]
    word_pairs: dict[str, frozenset[str]]

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Suggester:
        """Index the canonical words of ``entries``."""
        position: dict[str, int] = {}
        exercises: list[Exercise] = []
        ranks: list[int] = []
        names: list[tuple[int, frozenset[str]]] = []
        seen: set[tuple[int, frozenset[str]]] = set()
        for entry in entries:
            words = frozenset(entry.keys.words)
            if not words:
                continue
            owner = position.get(entry.exercise.id)
            if owner is None:
                owner = position[entry.exercise.id] = len(exercises)
                exercises.append(entry.exercise)
                ranks.append(entry.rank)
            if (owner, words) not in seen:
                seen.add((owner, words))
                names.append((owner, words))
        frequency: dict[str, set[int]] = {}
        for owner, words in names:
            for word in words:
                frequency.setdefault(word, set()).add(owner)
        total = len(exercises) or 1
        idf = {word: math.log(1 + total / len(owners)) for word, owners in frequency.items()}
        postings: dict[str, list[int]] = {}
        for number, (_, words) in enumerate(names):
            for word in words:
                postings.setdefault(word, []).append(number)
        word_pairs = {word: _pairs(word) for word in idf}
        pair_index: dict[str, list[str]] = {}
        for word, pairs in word_pairs.items():
            for pair in pairs:
                pair_index.setdefault(pair, []).append(word)
        return cls(
            exercises=tuple(exercises),
            bonus=tuple(_CURATED_BONUS if rank == HIGH else 0.0 for rank in ranks),
            name_owner=tuple(owner for owner, _ in names),
            name_weight=tuple(sum(idf[w] for w in words) for _, words in names),
            postings=postings,
            idf=idf,
            pair_index=pair_index,
            word_pairs=word_pairs,
        )

    def similar_words(self, word: str) -> list[tuple[str, float]]:
        """Known words like ``word``, with their similarity (1.0 for the word itself)."""
        if word in self.idf:
            return [(word, 1.0)]
        pairs = _pairs(word)
        shared: dict[str, int] = {}
        for pair in pairs:
            for known in self.pair_index.get(pair, ()):
                shared[known] = shared.get(known, 0) + 1
        scored = []
        for known, count in shared.items():
            similarity = 2 * count / (len(pairs) + len(self.word_pairs[known]))
            if similarity >= _MIN_WORD_SIMILARITY:
                scored.append((known, similarity))
        return heapq.nlargest(_WORD_CANDIDATES, scored, key=lambda item: (item[1], item[0]))

    def suggest(self, words: Iterable[str], limit: int = 5) -> tuple[str, ...]:
        """Return the ids of up to ``limit`` exercises closest to the query ``words``."""
        return tuple(exercise_id for exercise_id, _ in self.scored(words, limit))

    def scored(self, words: Iterable[str], limit: int = 5) -> tuple[tuple[str, float], ...]:
        """Like `suggest`, with each exercise's score (0-1, 1 for an exact name)."""
        query = list(dict.fromkeys(words))
        if not query:
            return ()
        largest = max(self.idf.values(), default=1.0)
        query_weight = 0.0
        overlap: dict[int, float] = {}
        for word in query:
            similar = self.similar_words(word)
            query_weight += self.idf[similar[0][0]] if similar else largest
            # One query word counts once per name, for the best of its known words there.
            gains: dict[int, float] = {}
            for known, similarity in similar:
                gain = self.idf[known] * similarity
                for number in self.postings[known]:
                    if gain > gains.get(number, 0.0):
                        gains[number] = gain
            for number, gain in gains.items():
                overlap[number] = overlap.get(number, 0.0) + gain
        if not overlap:
            return ()
        best: dict[int, float] = {}
        for number, gain in overlap.items():
            score = 2 * gain / (self.name_weight[number] + query_weight)
            owner = self.name_owner[number]
            if score >= _MIN_SCORE and score > best.get(owner, 0.0):
                best[owner] = score
        bonus = self.bonus
        ranking = sorted(best, key=lambda owner: (-best[owner] - bonus[owner], owner))
        return tuple((self.exercises[owner].id, best[owner]) for owner in ranking[:limit])


class SuggestionBudget:
    """Which unknown names of one check get suggestions: the first `limit` distinct ones.

    ``limit`` is `MAX_SUGGESTED_NAMES` unless given.

    The choice depends only on the plan (the order its names are met in), never on what
    earlier checks have looked up, so a report is the same however it is made.
    """

    __slots__ = ("_names", "limit")

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_SUGGESTED_NAMES if limit is None else limit
        self._names: set[str] = set()

    def allows(self, name: str) -> bool:
        """Whether ``name`` gets suggestions (counting it, if it is new)."""
        if name in self._names:
            return True
        if len(self._names) >= self.limit:
            return False
        self._names.add(name)
        return True
