"""What several rule kinds share: suggestion builders and descriptions of symptoms."""

from __future__ import annotations

from collections.abc import Iterable

from backsafe.catalog import Exercise
from backsafe.engine._library import Library
from backsafe.engine._rule import Rule
from backsafe.facts import ProfileFacts
from backsafe.model import History, Onset, Region, Side, Symptom, SymptomKind
from backsafe.report import Action, Safety, Suggestion

__all__ = ["advice", "describe_history", "describe_symptom", "replacements"]


def replacements(
    library: Library,
    exercise: Exercise,
    profile: ProfileFacts,
    screens: Iterable[Rule] = (),
) -> tuple[Suggestion, ...]:
    """Suggest the pack's substitutes for ``exercise`` that the person can do.

    A substitute that one of the ``screens`` rules applies to (a supine bridge, for a
    pregnancy past its first trimester) is left out.
    """
    screening = tuple(screens)
    return tuple(
        Suggestion(
            Action.REPLACE_EXERCISE,
            Safety.UNSAFE,
            f"Replace {exercise.name} with {substitute.name}.",
            exercise=substitute.id,
        )
        for substitute in library.substitutes_for(exercise, profile)
        if not any(rule.check.applies_to(substitute) for rule in screening)  # type: ignore[attr-defined]
    )


def advice(library: Library, ids: Iterable[str]) -> tuple[Suggestion, ...]:
    """The advice texts ``ids``, as display-only suggestions.

    Each keeps its advice's ``up_to`` level, so that a report whose verdict is higher
    leaves it out (see `backsafe.report.one_voice`).
    """
    return tuple(
        Suggestion(
            Action.ADVICE,
            Safety.DISPLAY_ONLY,
            library.advice[advice_id].text,
            up_to=library.advice[advice_id].up_to,
        )
        for advice_id in ids
    )


_KIND_WORDS = {
    SymptomKind.FEELING_UNWELL: "feeling unwell",
    SymptomKind.UNEXPLAINED_WEIGHT_LOSS: "unexplained weight loss",
    SymptomKind.BOWEL_DYSFUNCTION: "bowel dysfunction",
    SymptomKind.BLADDER_DYSFUNCTION: "bladder dysfunction",
    SymptomKind.SADDLE_ANAESTHESIA: "saddle anaesthesia",
}
# How a region reads after "the", and the plural after "both" (of its whole, for a part).
_REGION_WORDS = {
    Region.LOWER_BACK: ("lower back", "sides of the lower back"),
    Region.BUTTOCK: ("buttock", "buttocks"),
    Region.HIP: ("hip", "hips"),
    Region.GROIN: ("groin", "sides of the groin"),
    Region.LEG: ("leg", "legs"),
    Region.THIGH: ("thigh", "thighs"),
    Region.THIGH_FRONT: ("front of the thigh", "thighs"),
    Region.THIGH_BACK: ("back of the thigh", "thighs"),
    Region.LOWER_LEG: ("lower leg", "lower legs"),
    Region.SADDLE_AREA: ("saddle area", "saddle area"),
}
_LEGACY_WORDS = {Region.LEFT_LEG: "the left leg", Region.RIGHT_LEG: "the right leg"}


def _where(region: Region, side: Side | None) -> str:
    if region in _LEGACY_WORDS:
        return _LEGACY_WORDS[region]
    if region is Region.LEGS:
        return "both legs"
    one, both = _REGION_WORDS[region]
    part, _, whole = one.rpartition(" of the ")
    if side is None:
        return f"the {one}"
    if side is Side.BOTH:
        return f"the {part} of both {both}" if part else f"both {both}"
    return f"the {part} of the {side.value} {whole}" if part else f"the {side.value} {one}"


def describe_symptom(symptom: Symptom) -> str:
    """A short description: ``pain (intensity 5/10; radiating) in the left leg for 3 days``.

    It says what the rules read: the intensity, whether pain radiates, is constant or
    worse at night, how the symptom began, where and on which side, and for how long.
    """
    text = _KIND_WORDS.get(symptom.kind, str(symptom.kind))
    details = []
    if symptom.intensity is not None:
        details.append(f"intensity {symptom.intensity}/10")
    if symptom.radiating is not None:
        details.append("radiating" if symptom.radiating else "local, not radiating")
    if symptom.constant:
        details.append("constant")
    if symptom.worse_at_night:
        details.append("worse at night")
    if symptom.onset is not None:
        details.append(_ONSET_WORDS[symptom.onset])
    if details:
        text += f" ({'; '.join(details)})"
    if symptom.region is not None:
        text += f" in {_where(symptom.region, symptom.side)}"
    if symptom.duration_days is not None:
        text += f" for {symptom.duration_days} day{'s' if symptom.duration_days != 1 else ''}"
    return text


_ONSET_WORDS = {
    Onset.GRADUAL: "came on gradually",
    Onset.SUDDEN: "came on suddenly",
    Onset.AFTER_LIFTING: "began with training or lifting",
    Onset.AFTER_MINOR_TRAUMA: "began after a minor injury",
    Onset.AFTER_SIGNIFICANT_TRAUMA: "began after a significant injury",
}

_HISTORY_WORDS = {
    History.CANCER: "a history of cancer",
    History.OSTEOPOROSIS: "osteoporosis",
    History.LONG_TERM_CORTICOSTEROIDS: "long-term corticosteroid use",
    History.IMMUNOSUPPRESSION: "immunosuppression",
    History.IV_DRUG_USE: "intravenous drug use",
    History.RECENT_SPINAL_SURGERY: "recent spinal surgery",
    History.RECENT_INFECTION: "a recent infection",
}


def describe_history(items: Iterable[History]) -> str:
    """History items in words: ``osteoporosis and long-term corticosteroid use``."""
    words = [_HISTORY_WORDS[item] for item in items]
    if not words:
        return "no history given"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
