"""Turn an exercise name into lookup keys.

A name is reduced step by step, and each step gives a key of its own (the catalog tries
them in this order, see `backsafe.catalog._index`):

``exact``
    Unicode-folded (NFKD, accents and format characters dropped), case-folded, apostrophes
    removed and every run of other non-alphanumeric characters turned into one space:
    ``"Farmer's Walk"`` -> ``"farmers walk"``.
``canonical``
    the exact words with plurals reduced (``squats`` -> ``squat``, ``calves`` -> ``calf``),
    abbreviations and synonyms replaced (``rdl`` -> ``romanian deadlift``, ``banded`` ->
    ``band``), filler words dropped (``with``, ``the``) and repeated words said once:
    ``"Glute bridges with resistance bands"`` -> ``"glute bridge band"``, ``"Barbell
    Romanian Deadlift (RDL)"`` -> ``"barbell romanian deadlift"``.
``unordered``
    the canonical words sorted, so that word order does not matter.
``joined``
    the canonical words without spaces, so that ``step-up``, ``step up`` and ``stepup``
    meet.

The abbreviations, synonyms, irregular plurals and filler words are data
(``[names]`` in ``rules/exercises.toml``), held by `NameRules`.

A name none of whose keys resolves may carry a program's annotation: a set, rep, RM or
percentage scheme, or a note such as "(heavy)" or "top set" (``"Back squat - 3RM"``,
``"Deadlift 2"``, ``"Squat 5x5 @ RPE 8"``, ``"T1: Squat"``). `NameRules.annotated` strips
such annotations, and only them: a trailing group in brackets, a trailing part after a
separator (`` - ``, ``:``, ``,``, ``;``, ``|``, ``@``), trailing bare tokens, a leading
label (``"A1."``, ``"T2:"``), a leading part before a colon (``"Week 1:"``) and leading bare
tokens that start with a number and carry an annotation word (``"5 min bike"``, ``"3 x 10
air squats"``, not ``"90/90"``), each only
when every one of its words is an annotation word (``[names] annotations`` and
``load_annotations``, plurals reduced) or a number with annotation words attached (``3rm``,
``5x5``, ``80kg``, ``rpe8``). The catalog then looks the rest up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

__all__ = ["MAX_NAME_CHARS", "Annotated", "Keys", "NameRules", "exact_words", "singular"]

#: Names longer than this are never resolved (the interchange format allows 200 characters);
#: it caps the work done for one name.
MAX_NAME_CHARS = 256
#: At most this many words of a name are looked at.
MAX_WORDS = 32

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# ' and its typographic look-alikes: right and left single quotes, grave and acute accents.
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4")
_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})

# A trailing group in brackets, with the text before it.
_TRAILING_GROUP = re.compile(r"^(?P<base>.*?)\s*[(\[{](?P<note>[^()\[\]{}]*)[)\]}]\s*$", re.DOTALL)
# The last separator of a name and what follows it: " - ", an en or em dash, ":", ",", ";",
# "|" or "@". A hyphen inside a word ("Step-up") is not a separator.
_TRAILING_PART = re.compile(
    r"^(?P<base>.*\S)\s*(?:\s[-\u2013\u2014]+\s*|[\u2013\u2014:,;|@])(?P<note>[^-\u2013\u2014:,;|@]*)$",
    re.DOTALL,
)
# A leading label: a superset or tier label ("A1", "b2", "T1") or a number, followed by ".",
# ")" or ":" ("1. Squat"); a letter-and-digit label may stand alone ("T1 Squat").
_LEADING_LABEL = re.compile(
    r"^\s*(?:(?:[a-hA-H]|[tT])\d{1,2}\s*[.):\-]?|\d{1,2}\s*[.):])\s+(?P<rest>\S.*)$", re.DOTALL
)
# A leading part before a colon ("Week 1: Run 60s", "Warm-up: brisk walk").
_LEADING_PART = re.compile(r"^(?P<note>[^:]*):\s*(?P<rest>\S.*)$", re.DOTALL)
# A number with letters attached ("3rm", "rpe8", "5x5", "2x8x3"): split into its parts.
_NUMBER_PARTS = re.compile(r"\d+|[a-z]+")
# Tier labels (GZCL's T1, T2, T3) are annotations wherever they stand at the end.
_TIER = re.compile(r"^t\d$")


def exact_words(name: str) -> list[str]:
    """Split ``name`` into case- and Unicode-folded words, apostrophes removed."""
    if name.isascii():
        return _ASCII_WORD.findall(name.lower().translate(_APOSTROPHES))[:MAX_WORDS]
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if unicodedata.category(c) not in _DROPPED_CATEGORIES)
    return _WORD.findall(folded.casefold().translate(_APOSTROPHES))[:MAX_WORDS]


def singular(word: str) -> str:
    """Reduce a regular English plural to its singular (``lunges`` -> ``lunge``).

    Only consistency matters: a name and its plural must meet, so an odd result for a word
    that was never plural (``atlas`` -> ``atla``) is harmless. Irregular plurals are data.
    """
    if len(word) <= 2 or word[-1] != "s" or not word[-2].isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


Phrase = tuple[str, ...]


@attrs.frozen
class Keys:
    """The keys of one name, from the strictest to the loosest (``None`` when empty)."""

    exact: str | None
    canonical: str | None
    unordered: str | None
    joined: str | None
    words: tuple[str, ...]

    def loose(self) -> tuple[str | None, str | None, str | None]:
        """Return the keys tried after ``exact``, in order."""
        return (self.canonical, self.unordered, self.joined)


@attrs.frozen
class Annotated:
    """A name with its program annotations stripped.

    ``base`` is the name without them; ``loaded`` says whether an annotation states a load
    (a weight, an RM, a percentage, an RPE, "heavy", "top set"), which the catalog takes as
    a sign that the exercise is done loaded.
    """

    base: str
    loaded: bool


@attrs.frozen
class NameRules:
    """The data that turns names into keys: synonyms, irregular plurals, filler words.

    ``synonyms`` maps a phrase to its replacement (``"rdl"`` -> ``"romanian deadlift"``);
    both sides are normalised with the same rules, so they may be written naturally
    (plural, any case, with hyphens). ``plurals`` maps irregular plurals to their singular
    (``"calves"`` -> ``"calf"``). ``stop_words`` are dropped from the canonical key.
    ``annotations`` are the phrases a program adds to a name without changing the exercise
    ("set", "amrap", "each side", "paused"); ``load_annotations`` those that state a load
    ("heavy", "top set", "rm", "kg"). Both are exact-word phrases (see `annotated`).
    """

    synonyms: Mapping[Phrase, Phrase] = attrs.field(factory=dict)
    plurals: Mapping[str, str] = attrs.field(factory=dict)
    stop_words: frozenset[str] = frozenset()
    annotations: frozenset[Phrase] = frozenset()
    load_annotations: frozenset[Phrase] = frozenset()
    _longest: int = attrs.field(init=False, eq=False, repr=False)
    _starts: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        longest = max((len(phrase) for phrase in self.synonyms), default=0)
        object.__setattr__(self, "_longest", longest)
        object.__setattr__(self, "_starts", frozenset(phrase[0] for phrase in self.synonyms))

    @classmethod
    def from_data(
        cls,
        synonyms: Mapping[str, str] | None = None,
        plurals: Mapping[str, str] | None = None,
        stop_words: Iterable[str] = (),
        annotations: Iterable[str] = (),
        load_annotations: Iterable[str] = (),
    ) -> NameRules:
        """Build the rules from their data form (plain strings), normalising every entry."""
        irregular = {_one_word(p): _one_word(s) for p, s in (plurals or {}).items()}
        bare = cls(plurals=irregular)
        table: dict[Phrase, Phrase] = {}
        for phrase, replacement in (synonyms or {}).items():
            key = tuple(bare.singular_words(exact_words(phrase)))
            value = tuple(bare.singular_words(exact_words(replacement)))
            if not key:
                raise ValueError(f"synonym {phrase!r} has no words")
            table[key] = value
        stops = frozenset(w for s in stop_words for w in exact_words(s))
        return cls(
            synonyms=table,
            plurals=irregular,
            stop_words=stops,
            annotations=_phrases(annotations, "annotation"),
            load_annotations=_phrases(load_annotations, "load annotation"),
        )

    def singular_words(self, words: Iterable[str]) -> list[str]:
        """Reduce each word to its singular."""
        plurals = self.plurals
        return [plurals.get(w) or singular(w) for w in words]

    def canonical_words(self, words: list[str]) -> tuple[str, ...]:
        """Apply plurals, synonyms and filler words to exact words."""
        words = self.singular_words(words)
        synonyms, starts = self.synonyms, self._starts
        out: list[str] = []
        i, count = 0, len(words)
        while i < count:
            if words[i] not in starts:
                out.append(words[i])
                i += 1
                continue
            for size in range(min(self._longest, count - i), 0, -1):
                replacement = synonyms.get(tuple(words[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        stops = self.stop_words
        # A word said twice adds nothing: "Barbell Romanian Deadlift (RDL)" spells the
        # exercise out and then abbreviates it, and the abbreviation's expansion repeats it.
        kept = tuple(dict.fromkeys(w for w in out if w not in stops))
        # A name made only of filler words ("The") keeps them rather than vanish.
        return kept or tuple(dict.fromkeys(out))

    def keys(self, name: str) -> Keys:
        """Return every key of ``name`` (all ``None`` for a name without words)."""
        words = exact_words(name[:MAX_NAME_CHARS])
        if not words:
            return Keys(None, None, None, None, ())
        canonical = self.canonical_words(words)
        return Keys(
            exact=" ".join(words),
            canonical=" ".join(canonical),
            unordered=" ".join(sorted(canonical)),
            joined="".join(canonical),
            words=canonical,
        )

    def annotated(self, name: str) -> tuple[Annotated, ...]:
        """The forms of ``name`` with one more program annotation stripped each; ``()`` if none.

        Only text made entirely of annotations is stripped (see the module doc), one part at
        a time, and a name is never stripped to nothing: ``"Squat 5x5 (heavy)"`` ->
        ``"Squat 5x5"``, ``"Squat"``. ``"Squat (jump)"`` and ``"Barbell Ab Rollout - On
        Knees"`` have none. The catalog takes the first form that resolves, so a name loses
        no more than it must ("Dynamic warm-up 2" is the dynamic warm-up, not "Dynamic").
        """
        if not (self.annotations or self.load_annotations):
            return ()
        text = name[:MAX_NAME_CHARS]
        loaded = False
        forms: list[Annotated] = []
        while len(forms) < MAX_WORDS:
            step = self._strip_once(text)
            if step is None:
                break
            text, load = step
            loaded = loaded or load
            forms.append(Annotated(text.strip(), loaded))
        return tuple(forms)

    def _strip_once(self, text: str) -> tuple[str, bool] | None:
        for pattern in (_TRAILING_GROUP, _TRAILING_PART):
            match = pattern.match(text)
            if match is not None and exact_words(match["base"]):
                note = match["note"]
                kind = self._set_apart(note)
                if kind is not None:
                    return match["base"], kind or "%" in note
        match = _LEADING_LABEL.match(text)
        if match is not None and exact_words(match["rest"]):
            return match["rest"], False
        match = _LEADING_PART.match(text)
        if match is not None and exact_words(match["rest"]):
            kind = self._annotation(match["note"])
            if kind is not None:
                return match["rest"], kind or "%" in match["note"]
        tokens = text.split()
        for count in range(len(tokens) - 1, 0, -1):
            tail = " ".join(tokens[count:])
            kind = self._annotation(tail)
            if kind is not None:
                return " ".join(tokens[:count]), kind or "%" in tail
        if tokens and any(c.isdigit() for c in tokens[0]):
            # Leading bare tokens that start with a number and say what it counts ("5 min
            # bike", "3 x 10 air squats"); numbers alone may name the exercise ("90/90 ...").
            for count in range(len(tokens) - 1, 0, -1):
                head = " ".join(tokens[:count])
                kind = self._annotation(head)
                if (
                    kind is not None
                    and any(c.isalpha() for c in head)
                    and exact_words(" ".join(tokens[count:]))
                ):
                    return " ".join(tokens[count:]), kind or "%" in head
        return None

    def _set_apart(self, note: str) -> bool | None:
        """`_annotation` for a note set apart by brackets or a separator (``@ - | :``).

        There a bare number (``"(100)"``, ``"| 60"``, ``"@ 60"``) may well be a load, and is
        read as one; a number that says what it counts (``3x10``, ``5 min``) states none.
        """
        found = self._annotation(note)
        if found is None or found:
            return found
        words = exact_words(note)
        return bool(words) and all(word.isdigit() for word in words)

    def _annotation(self, note: str) -> bool | None:
        """Whether ``note`` states a load, or ``None`` when it is not all annotation.

        An empty note (``"Squat ()"``) is an annotation that states nothing.
        """
        words = [singular(w) for w in exact_words(note)]
        loaded = False
        i = 0
        while i < len(words):
            word = words[i]
            if any(c.isdigit() for c in word):
                kind = self._number(word)
                if kind is None:
                    return None
                loaded = loaded or kind
                i += 1
                continue
            size = self._phrase_at(words, i)
            if size is None:
                return None
            loaded = loaded or tuple(words[i : i + size]) in self.load_annotations
            i += size
        return loaded

    def _number(self, word: str) -> bool | None:
        """Whether a word with digits states a load (``3rm``), or ``None`` if no annotation."""
        if _TIER.match(word):
            return False
        parts = _NUMBER_PARTS.findall(word)
        if "".join(parts) != word:
            return None
        loaded = False
        for part in map(singular, parts):
            if part.isdigit() or part == "x":
                continue
            if (part,) in self.load_annotations:
                loaded = True
            elif (part,) not in self.annotations:
                return None
        return loaded

    def _phrase_at(self, words: list[str], start: int) -> int | None:
        for size in range(min(4, len(words) - start), 0, -1):
            phrase = tuple(words[start : start + size])
            if phrase in self.annotations or phrase in self.load_annotations:
                return size
        return None


def _phrases(texts: Iterable[str], what: str) -> frozenset[Phrase]:
    phrases: set[Phrase] = set()
    for text in texts:
        words = tuple(singular(w) for w in exact_words(text))
        if not words:
            raise ValueError(f"{what} {text!r} has no words")
        phrases.add(words)
    return frozenset(phrases)


def _one_word(text: str) -> str:
    words = exact_words(text)
    if len(words) != 1:
        raise ValueError(f"an irregular plural must be one word, not {text!r}")
    return words[0]
