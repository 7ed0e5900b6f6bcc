"""Checking rule kinds and rules as a pack registers them, before any check runs."""

from __future__ import annotations

import inspect
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from backsafe.engine import (
    BlockCheck,
    Check,
    PlanCheck,
    ProfileCheck,
    SessionCheck,
    SymptomsCheck,
    WeekCheck,
)
from backsafe.engine._options import REFERS_TO, Referent

__all__ = ["KIND_NAME", "kind_problems", "message_problems", "references_of"]

#: A rule kind's name: lowercase words joined by hyphens (``missing-cue``).
KIND_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

#: The methods each base asks a kind to implement, with the arguments after ``self``.
_METHODS: Mapping[type[Check], tuple[tuple[str, int], ...]] = {
    BlockCheck: (("applies_to", 1), ("check_block", 4)),
    SessionCheck: (("check_session", 3),),
    WeekCheck: (("check_week", 3),),
    PlanCheck: (("check_plan", 3),),
    ProfileCheck: (("check_profile", 3),),
    SymptomsCheck: (("check_symptoms", 3),),
}


def kind_problems(kind: object) -> Iterator[str]:
    """What is wrong with ``kind`` as a rule kind (nothing, for a sound one).

    A kind is an attrs class (its fields are the options) derived from one of the check
    bases of `backsafe.engine`, implementing that base's methods with their arguments,
    and stating ``message_fields`` as a frozenset of strings.
    """
    if not isinstance(kind, type) or not issubclass(kind, Check):
        yield f"must be a class derived from a check base of backsafe.engine, not {kind!r}"
        return
    bases = [base for base in _METHODS if issubclass(kind, base)]
    if len(bases) != 1:
        yield (
            "must derive from exactly one of BlockCheck, SessionCheck, WeekCheck, PlanCheck, "
            "ProfileCheck, SymptomsCheck"
        )
        return
    if not attrs.has(kind):
        yield "must be an attrs class (its fields are the rule's options)"
    fields = getattr(kind, "message_fields", None)
    if not isinstance(fields, frozenset) or not all(isinstance(f, str) for f in fields):
        yield "message_fields must be a frozenset of the message's field names"
    for method, arguments in _METHODS[bases[0]]:
        function = getattr(kind, method, None)
        if function is None or function is getattr(bases[0], method):
            yield f"must implement {method}()"
            continue
        try:
            inspect.signature(function).bind(None, *([None] * arguments))
        except TypeError:
            yield f"{method}() must take {arguments} argument(s) after self"
        except ValueError:  # no signature to inspect (a builtin): let it run
            pass


def message_problems(message: str, fields: frozenset[str]) -> Iterator[str]:
    """What is wrong with a message template whose kind fills in ``fields``."""
    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError as error:
        yield f"is not a valid message template ({error})"
        return
    known = ", ".join(sorted(fields)) or "none"
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        name = re.split(r"[.\[]", field, maxsplit=1)[0]
        problem = None
        if name == "" or name.isdigit():
            problem = f"names a positional field {{{field}}}; name a field (known: {known})"
        elif name not in fields:
            problem = f"names {{{field}}}, a field its rule kind does not fill in (known: {known})"
        elif name != field:
            problem = f"reads into the field {{{field}}}; use {{{name}}} itself"
        elif conversion not in (None, "s", "r", "a"):
            problem = f"has an unknown conversion !{conversion} in {{{field}}}"
        elif spec:
            # Kinds fill fields in as ready text or numbers; a format spec could fit one
            # value and fail on the next, so none is allowed.
            problem = f"has a format spec in {{{field}:{spec}}}; write {{{field}}}"
        if problem is not None:
            yield problem


def references_of(check: object) -> Iterator[tuple[str, Referent, str]]:
    """The names ``check``'s options give of things a pack must know.

    Yields (option, what it names, the name) for every option field marked with
    `backsafe.engine.refers_to`.
    """
    kind: Any = type(check)
    if not attrs.has(kind):
        return
    for field in attrs.fields(kind):
        what = field.metadata.get(REFERS_TO)
        if what is None:
            continue
        value: Any = getattr(check, field.name)
        if value is None:
            continue
        if isinstance(value, str):
            values: Any = (value,)
        elif isinstance(value, Mapping):
            values = value.values()
        else:
            values = value
        for item in values:
            yield field.alias, what, item
