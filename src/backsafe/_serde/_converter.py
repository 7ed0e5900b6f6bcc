"""The cattrs converters that turn plain data into model objects.

Both are built from the model's own attrs fields:

* the *fast* converter uses structure functions generated for the model classes
  (``_fastpath``), which inline the fields' validators; every valid document takes it;
* the *detailed* converter runs when the fast one fails. Its cattrs-generated class hooks
  apply each field's own attrs converter and validator as that field is structured, so
  cattrs attaches the field name to the error, and it collects every problem instead of
  stopping at the first.

Neither holds a rule of its own: the validators in ``backsafe.model`` are the only ones.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from backsafe._serde._fastpath import make_structure_fn
from backsafe.model import Plan, Profile, Symptom

__all__ = ["Mismatch", "detailed_converter", "fast_converter", "unstructure"]

#: Longest list the loader will look into, whatever the field (fields have their own,
#: smaller limits; this one bounds the work done before they are applied).
MAX_LIST_ITEMS = 100_000

StructureHook = Callable[[Any, Any], Any]


class Mismatch(Exception):
    """A value of the wrong JSON type where a list or an object belongs."""

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message)
        self.message = message
        self.value = value


def _passthrough(value: Any, _: Any) -> Any:
    return value


def _is_tuple_type(t: Any) -> bool:
    return get_origin(t) is tuple


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Enum)


def _is_json_object_type(t: Any) -> bool:
    return get_origin(t) is dict


def _base_converter(detailed: bool) -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    # Scalars, enums and metadata reach the constructor as they are: its converters and
    # validators decide (so ``true`` is never read as 1, nor 5 as "5").
    for scalar in (str, int, float, bool):
        converter.register_structure_hook(scalar, _passthrough)
    converter.register_structure_hook_func(_is_enum, _passthrough)
    converter.register_structure_hook_func(_is_json_object_type, _passthrough)
    converter.register_structure_hook_factory(_is_tuple_type, _tuple_hook_factory(detailed))
    return converter


def _tuple_hook_factory(detailed: bool) -> Callable[[Any, cattrs.Converter], StructureHook]:
    def factory(t: Any, converter: cattrs.Converter) -> StructureHook:
        (item_type, *_) = get_args(t)
        item_hook = converter.get_structure_hook(item_type)

        def structure_fast(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise Mismatch("must be a list", value)
            return tuple([item_hook(item, item_type) for item in value])

        def structure_detailed(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise Mismatch("must be a list", value)
            if len(value) > MAX_LIST_ITEMS:
                raise Mismatch(f"must have at most {MAX_LIST_ITEMS} items", value)
            items: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as error:
                    note = cattrs.IterableValidationNote(f"@ index {index}", index, item_type)
                    error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"While structuring {t!r}", errors, t)
            return tuple(items)

        return structure_detailed if detailed else structure_fast

    return factory


def _field_hook(attribute: attrs.Attribute[Any], inner: StructureHook | None) -> StructureHook:
    """Structure one field, then apply the field's own converter and validator."""
    convert = attribute.converter
    validate = attribute.validator

    def structure_field(value: Any, t: Any) -> Any:
        if inner is not None:
            value = inner(value, t)
        if convert is not None:
            value = convert(value)  # type: ignore[operator]
        if validate is not None:
            validate(None, attribute, value)
        return value

    return structure_field


def _detailed_class_hook(cl: Any, converter: cattrs.Converter) -> StructureHook:
    overrides = {}
    for attribute in attrs.fields(cl):
        t = attribute.type
        inner = None if t is None else converter.get_structure_hook(t)
        overrides[attribute.name] = override(struct_hook=_field_hook(attribute, inner))
    generated = make_dict_structure_fn(cl, converter, **overrides)  # type: ignore[arg-type]

    def structure(value: Any, t: Any) -> Any:
        if type(value) is not dict:
            raise Mismatch("must be an object", value)
        return generated(value, t)

    return structure


def _fast_class_hook_factory() -> Callable[[Any, cattrs.Converter], StructureHook]:
    made: dict[type, StructureHook] = {}

    def hook_for(cl: type) -> StructureHook:
        if cl not in made:
            made[cl] = make_structure_fn(cl, hook_for)
        return made[cl]

    def factory(cl: Any, converter: cattrs.Converter) -> StructureHook:
        return hook_for(cl)

    return factory


def _build(detailed: bool) -> cattrs.Converter:
    converter = _base_converter(detailed)
    class_hook = _detailed_class_hook if detailed else _fast_class_hook_factory()
    converter.register_structure_hook_factory(attrs.has, class_hook)
    return converter


fast_converter = _build(detailed=False)
detailed_converter = _build(detailed=True)

_dumper = cattrs.Converter()


def _unstructure_hook_factory(cl: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    # Fields left at their defaults are omitted, so a dump reads like a hand-written
    # document and a load of it gives back an equal object.
    defaults = {
        a.name: override(omit_if_default=True)
        for a in attrs.fields(cl)
        if a.default is not attrs.NOTHING
    }
    unstructure: Callable[[Any], Any] = make_dict_unstructure_fn(cl, converter, **defaults)  # type: ignore[arg-type]
    return unstructure


_dumper.register_unstructure_hook_factory(attrs.has, _unstructure_hook_factory)
_dumper.register_unstructure_hook_func(_is_enum, lambda member: member.value)


def unstructure(obj: Plan | Profile | Symptom | tuple[Symptom, ...]) -> Any:
    """Turn model objects into plain JSON-ready data."""
    if isinstance(obj, tuple):
        return [_dumper.unstructure(item) for item in obj]
    return _dumper.unstructure(obj)
