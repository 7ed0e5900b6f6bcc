"""Strategies derived from the model's own validators.

Each field of a model class gets a strategy read from its attrs validator, so a field added
to the model is drawn without any change here; the cross-field invariants a class declares
(``__invariants__``) are then repaired, not filtered, so that drawing stays cheap. Only an
invariant of a kind this module does not know falls back to rejecting the draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from backsafe import _validators as v
from backsafe._input_error import InputError
from backsafe.model import Condition

__all__ = ["Strategy", "field_strategies", "instances", "json_values", "text_of", "value_of"]

Strategy = st.SearchStrategy[Any]

#: Text without control characters (what `backsafe._validators.Text` accepts).
_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs"))
_ID_START = "abcdefghijklmnopqrstuvwxyz"
_ID_REST = _ID_START + "0123456789"
#: Drawn text is kept short: long strings cost draws and read badly when a test fails.
_MAX_TEXT = 16
_MAX_ITEMS = 3

json_values: Strategy = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def text_of(validator: v.Text) -> st.SearchStrategy[str]:
    """Short text that ``validator`` accepts."""
    return st.text(
        _CHARACTERS,
        min_size=validator.min_length,
        max_size=max(validator.min_length, min(validator.max_length, _MAX_TEXT)),
    )


def _identifiers(validator: v.Identifier) -> st.SearchStrategy[str]:
    # Mostly the default pack's conditions; now and then an id no pack knows.
    def join(first: str, rest: str, parts: list[str]) -> str:
        return "-".join([first + rest, *parts])[: validator.max_length]

    unknown = st.builds(
        join,
        st.sampled_from(_ID_START),
        st.text(st.sampled_from(_ID_REST), max_size=6),
        st.lists(st.text(st.sampled_from(_ID_REST), min_size=1, max_size=4), max_size=2),
    )
    return st.sampled_from([c.value for c in Condition]) | unknown


def value_of(validator: Any, *, metadata: bool = False) -> Strategy:
    """A strategy for the values ``validator`` accepts.

    ``validator`` is one of `backsafe._validators` (or an attrs ``and_`` of them, as a
    field's list of validators becomes). `TypeError` for a validator it cannot read: a new
    kind of validator needs a strategy here.
    """
    parts = getattr(validator, "_validators", None)
    if parts is not None:
        return _combined(tuple(parts), metadata=metadata)
    if isinstance(validator, v.Optional):
        return st.none() | value_of(validator.inner, metadata=metadata)
    if isinstance(validator, v.Integer):
        return st.integers(validator.minimum, validator.maximum)
    if isinstance(validator, v.Number):
        low = (
            math.nextafter(validator.minimum, math.inf)
            if validator.exclusive_minimum
            else validator.minimum
        )
        return st.integers(math.ceil(low), math.floor(validator.maximum)) | st.floats(
            low, validator.maximum
        )
    if isinstance(validator, v.Text):
        return text_of(validator)
    if isinstance(validator, v.Boolean):
        return st.booleans()
    if isinstance(validator, v.EnumMember):
        members: list[Any] = [*validator.enum.__members__.values()]
        return st.sampled_from(members)
    if isinstance(validator, v.Identifier):
        return _identifiers(validator)
    if isinstance(validator, v.Metadata):
        return st.dictionaries(st.text(max_size=8), json_values, max_size=3)
    if isinstance(validator, v.Items):
        return _combined((validator,), metadata=metadata)
    raise TypeError(f"backsafe.testing cannot draw values for the validator {validator!r}")


def _combined(validators: tuple[Any, ...], *, metadata: bool) -> Strategy:
    """A list field: its `Items` validator, with `UniqueField` validators beside it."""
    items = next((x for x in validators if isinstance(x, v.Items)), None)
    if items is None:
        raise TypeError(f"backsafe.testing cannot draw values for the validators {validators!r}")
    unique = [x.field for x in validators if isinstance(x, v.UniqueField)]
    low = items.min_items
    high = min(max(low, _MAX_ITEMS), items.max_items)
    if items.item_class is not None:
        element = instances(items.item_class, metadata=metadata)
    elif items.item is not None:
        element = value_of(items.item, metadata=metadata)
    else:
        element = st.none()
    if unique:

        def key(item: Any) -> tuple[Any, ...]:
            return tuple(getattr(item, name) for name in unique)

        return st.lists(element, unique_by=key, min_size=low, max_size=high).map(tuple)
    if items.item is not None and isinstance(items.item, (v.EnumMember, v.Identifier)):
        return st.lists(element, unique=True, min_size=low, max_size=high).map(tuple)
    return st.lists(element, min_size=low, max_size=high).map(tuple)


def _is_metadata(attribute: attrs.Attribute[Any]) -> bool:
    return isinstance(attribute.validator, v.Metadata)


def field_strategies(
    cls: type, *, metadata: bool = False, given: Mapping[str, Strategy] | None = None
) -> dict[str, Strategy]:
    """A strategy per field of the attrs class ``cls``: ``given`` ones, else derived.

    ``metadata`` fields are left out (so they keep their empty default) unless asked for.
    """
    given = dict(given or {})
    out: dict[str, Strategy] = {}
    for attribute in attrs.fields(cls):
        if attribute.name in given:
            out[attribute.name] = given.pop(attribute.name)
        elif _is_metadata(attribute) and not metadata:
            continue
        else:
            out[attribute.name] = value_of(attribute.validator, metadata=metadata)
    if given:
        known = ", ".join(a.name for a in attrs.fields(cls))
        raise TypeError(f"{cls.__name__} has no field {sorted(given)} (fields: {known})")
    return out


def _present(cls: type, name: str) -> Strategy:
    """Values of field ``name`` other than ``None`` (an invariant requires one)."""
    validator = attrs.fields_dict(cls)[name].validator
    if isinstance(validator, v.Optional):
        validator = validator.inner
    return value_of(validator)


Repair = Callable[[Any, dict[str, Any], st.DrawFn, type], bool]


def _exactly_one(invariant: Any, values: dict[str, Any], draw: st.DrawFn, cls: type) -> bool:
    names = tuple(invariant.fields)
    if sum(values.get(name) is not None for name in names) == 1:
        return False
    keep = draw(st.sampled_from(names))
    for name in names:
        if name != keep:
            values[name] = None
    if values.get(keep) is None:
        values[keep] = draw(_present(cls, keep))
    return True


def _required_when(invariant: Any, values: dict[str, Any], draw: st.DrawFn, cls: type) -> bool:
    if values.get(invariant.when) == invariant.equals and values.get(invariant.field) is None:
        values[invariant.field] = draw(_present(cls, invariant.field))
        return True
    return False


def _only_when(invariant: Any, values: dict[str, Any], draw: st.DrawFn, cls: type) -> bool:
    if values.get(invariant.field) is not None and values.get(invariant.when) not in tuple(
        invariant.values
    ):
        values[invariant.field] = None
        return True
    return False


def _not_true_when(invariant: Any, values: dict[str, Any], draw: st.DrawFn, cls: type) -> bool:
    if values.get(invariant.when) != invariant.equals:
        return False
    changed = False
    for flag in invariant.flags:
        if values.get(flag) is True:
            values[flag] = False
            changed = True
    return changed


def _not_both_true(invariant: Any, values: dict[str, Any], draw: st.DrawFn, cls: type) -> bool:
    if values.get(invariant.first) is True and values.get(invariant.second) is True:
        values[invariant.second] = False
        return True
    return False


#: How to make drawn values meet each kind of invariant, by the invariant class's name (so
#: that kinds added to the model later need only an entry here).
_REPAIRS: dict[str, Repair] = {
    "ExactlyOne": _exactly_one,
    "RequiredWhen": _required_when,
    "OnlyWhen": _only_when,
    "NotTrueWhen": _not_true_when,
    "NotBothTrue": _not_both_true,
}


def instances(
    cls: type, *, metadata: bool = False, given: Mapping[str, Strategy] | None = None
) -> Strategy:
    """Valid instances of the model class ``cls``, drawn field by field.

    Half the time (and when shrinking) only the required fields and those in ``given``
    are drawn, the others keeping their defaults: plain objects are common in real
    documents, shrink well, and cost a fraction of the draws. The class's invariants are
    then repaired in the drawn values (a few passes, since one repair may draw a value
    that another invariant concerns). An invariant of an unknown kind is met by
    rejecting the draw, which Hypothesis tolerates when it is rare.
    """
    strategies = field_strategies(cls, metadata=metadata, given=given)
    essential = {
        name
        for name, attribute in attrs.fields_dict(cls).items()
        if attribute.default is attrs.NOTHING or name in (given or {})
    }
    plain = st.fixed_dictionaries({k: s for k, s in strategies.items() if k in essential})
    detailed = st.fixed_dictionaries(strategies)
    invariants = tuple(getattr(cls, "__invariants__", ()))

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        values = draw(detailed if draw(st.booleans()) else plain)
        for _ in range(3):
            changed = False
            for invariant in invariants:
                repair = _REPAIRS.get(type(invariant).__name__)
                if repair is not None:
                    changed = repair(invariant, values, draw, cls) or changed
            if not changed:
                break
        try:
            return cls(**values)
        except InputError:
            reject()

    return build()
