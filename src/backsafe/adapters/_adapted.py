"""What an adapter returns: the plan it read, and notes on how it read it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from backsafe.model import Plan
from backsafe.report import Level, Location

__all__ = [
    "ASSUMED_DAYS",
    "ASSUMED_REPS",
    "CONVERTED_UNITS",
    "MAX_ITEM_NOTES",
    "UNJUDGED_IMPACT",
    "UNREADABLE_ITEM",
    "UNREADABLE_VALUE",
    "Adapted",
    "InputNote",
    "more_unreadable",
]

#: An item of the source (an exercise, a set) that could not be read and was left out.
UNREADABLE_ITEM = "unreadable-item"
#: A value of an item (a load in plates, a speed) that could not be read and was left out;
#: the item itself is in the plan without it.
UNREADABLE_VALUE = "unreadable-value"
#: The source does not say on which weekdays its sessions fall; the adapter chose them.
ASSUMED_DAYS = "assumed-days"
#: The source does not give a repetition count ("until failure"); the adapter chose one.
ASSUMED_REPS = "assumed-reps"
#: Values were converted to the interchange format's units (pounds to kilograms).
CONVERTED_UNITS = "converted-units"
#: The item is done with a jump the plan format cannot say (a wger "jump" set): its impact
#: is not judged, which matters for the people the impact rules protect.
UNJUDGED_IMPACT = "unjudged-impact"
#: The most notes of unreadable items an adapter makes; past these it counts them, and
#: one more note says how many (`more_unreadable`), so that a document of a million
#: unreadable items costs what a thousand do.
MAX_ITEM_NOTES = 1000


def _finding_level(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Level) or value is Level.OK:
        raise ValueError(
            f"{attribute.name} must be a finding level (info to urgent), not {value!r}"
        )


def _text(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be non-empty text, not {value!r}")


@attrs.frozen
class InputNote:
    """Something an adapter assumed, converted or could not read while reading a plan.

    The checker reports each note as a finding (`BS903` for ``caution`` and above, `BS904`
    for ``info``), so that a report never hides that part of the plan was judged on an
    assumption, or not judged at all.

    ``kind`` says what happened (`UNREADABLE_ITEM`, `UNREADABLE_VALUE`, `ASSUMED_DAYS`,
    `ASSUMED_REPS`, `CONVERTED_UNITS`, or an adapter's own kind); ``level`` how much it
    matters: ``caution`` (or higher) when it affects what the rules can judge, ``info``
    for a faithful conversion. ``message`` is a full sentence for a person.
    ``location`` is where in the converted plan it applies (``None``: the whole plan);
    ``source`` is the field path in the source document, such as
    ``rendered[0][1].exercises[2].sets_reps``, when there is one.
    """

    kind: str = attrs.field(validator=_text)
    level: Level = attrs.field(converter=Level, validator=_finding_level)
    message: str = attrs.field(validator=_text)
    location: Location | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Location))
    )
    source: str | None = attrs.field(default=None, validator=attrs.validators.optional(_text))


def _notes(notes: Iterable[InputNote]) -> tuple[InputNote, ...]:
    return tuple(notes)


@attrs.frozen
class Adapted:
    """A plan read from another program's format, with the notes made while reading it.

    Pass both to the checker: ``backsafe.check(adapted.plan, notes=adapted.notes)``, or
    simply ``backsafe.check(adapted)``.
    """

    plan: Plan = attrs.field(validator=attrs.validators.instance_of(Plan))
    notes: tuple[InputNote, ...] = attrs.field(
        default=(),
        converter=_notes,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(InputNote)),
    )


def more_unreadable(count: int) -> InputNote:
    """The note that ``count`` more unreadable items were left out, past `MAX_ITEM_NOTES`."""
    return InputNote(
        UNREADABLE_ITEM,
        Level.CAUTION,
        f"{count} more item{'s' if count != 1 else ''} that cannot be read"
        f" {'were' if count != 1 else 'was'} left out of the check (the notes list the first"
        f" {MAX_ITEM_NOTES}). Check the program by hand.",
    )
