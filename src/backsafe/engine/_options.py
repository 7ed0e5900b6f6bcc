"""Marking a rule kind's options that name things a pack must know."""

from __future__ import annotations

from typing import Any, Literal

__all__ = ["REFERS_TO", "Referent", "refers_to"]

#: The field metadata key `refers_to` sets.
REFERS_TO = "backsafe.refers_to"

#: What an option may name: an exercise id, an exercise group id, a condition id, or the
#: id of an advice text.
Referent = Literal["exercise", "group", "condition", "advice"]


def refers_to(what: Referent, **metadata: Any) -> dict[str, Any]:
    """Field metadata for an option that names ``what``: the pack loader checks the names.

    Use it in a rule kind's attrs field, ``groups: tuple[str, ...] =
    attrs.field(metadata=refers_to("group"))``: a pack whose rule names a group no pack
    defines is refused when it loads, with the rule and option in the message. The
    option's value may be one name, a sequence of names or a mapping whose values are
    names.
    """
    return {REFERS_TO: what, **metadata}
