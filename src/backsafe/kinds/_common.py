"""What several rule kinds share: suggestion builders and descriptions of symptoms."""

from __future__ import annotations

from collections.abc import Iterable

from backsafe.catalog import Exercise
from backsafe.engine._library import Library
from backsafe.engine._rule import Rule
from backsafe.facts import ProfileFacts
from backsafe.model import Symptom
from backsafe.report import Action, Safety, Suggestion

__all__ = ["advice", "describe_symptom", "replacements"]


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
    """The advice texts ``ids``, as display-only suggestions."""
    return tuple(
        Suggestion(Action.ADVICE, Safety.DISPLAY_ONLY, library.advice[advice_id].text)
        for advice_id in ids
    )


def describe_symptom(symptom: Symptom) -> str:
    """A short description: ``pain (intensity 5/10) in the lower-back for 3 days``."""
    text = str(symptom.kind)
    if symptom.intensity is not None:
        text += f" (intensity {symptom.intensity}/10)"
    if symptom.region is not None:
        text += f" in the {symptom.region}" if symptom.region.value != "legs" else " in both legs"
    if symptom.duration_days is not None:
        text += f" for {symptom.duration_days} day{'s' if symptom.duration_days != 1 else ''}"
    return text
