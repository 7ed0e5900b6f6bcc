"""The detailed cattrs converter, which names every problem of a document, and the dumper.

The loader's fast path (``_fastpath``, and ``_msgspec`` when msgspec is installed) takes
every valid document without cattrs, which is imported only when a document is invalid
or a model object is dumped. The detailed converter's cattrs-generated class hooks apply
each field's own attrs converter and validator as that field is structured, so cattrs
attaches the field name to the error, and it collects every problem instead of stopping
at the first.

It holds no rule of its own: the validators in ``backsafe.model`` are the only ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from backsafe._input_error import MAX_PROBLEMS, InputError
from backsafe._validators import Items
from backsafe.model import Plan, Profile, Symptom

__all__ = [
    "Budget",
    "Exhausted",
    "Mismatch",
    "detailed_converter",
    "problem_budget",
    "unstructure",
]

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


class Exhausted(Exception):
    """The detailed pass has found as many problems as it reports, and stopped looking."""


class Budget:
    """How many more problems the detailed pass may find before it stops looking.

    A document that is wrong everywhere would otherwise cost a problem object (and an
    exception) per mistake: millions for a large one.
    """

    __slots__ = ("left",)

    def __init__(self, problems: int) -> None:
        self.left = problems

    @property
    def exhausted(self) -> bool:
        """Whether the pass has stopped looking."""
        return self.left <= 0

    def spend(self, problems: int = 1) -> None:
        """Count ``problems`` found."""
        self.left -= problems

    def check(self) -> None:
        """Raise `Exhausted` once the pass should stop looking."""
        if self.left <= 0:
            raise Exhausted


class _Unlimited(Budget):
    """The budget outside `problem_budget`: the pass never stops looking."""

    __slots__ = ()

    def spend(self, problems: int = 1) -> None:
        pass


_UNLIMITED = _Unlimited(1)
_budget: ContextVar[Budget | None] = ContextVar("backsafe_problem_budget", default=None)


@contextmanager
def problem_budget(problems: int = MAX_PROBLEMS) -> Iterator[Budget]:
    """Run the detailed pass within a budget of ``problems`` (one more, to know of more)."""
    budget = Budget(problems + 1)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


def _passthrough(value: Any, _: Any) -> Any:
    return value


def _is_tuple_type(t: Any) -> bool:
    return get_origin(t) is tuple


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Enum)


def _is_json_object_type(t: Any) -> bool:
    return get_origin(t) is dict


def _base_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Scalars, enums and metadata reach the constructor as they are: its converters and
    # validators decide (so ``true`` is never read as 1, nor 5 as "5").
    for scalar in (str, int, float, bool):
        converter.register_structure_hook(scalar, _passthrough)
    converter.register_structure_hook_func(_is_enum, _passthrough)
    converter.register_structure_hook_func(_is_json_object_type, _passthrough)
    converter.register_structure_hook_factory(_is_tuple_type, _tuple_hook_factory)
    return converter


def _tuple_hook_factory(t: Any, converter: cattrs.Converter) -> StructureHook:
    (item_type, *_) = get_args(t)
    item_hook = converter.get_structure_hook(item_type)

    def structure_detailed(value: Any, _: Any) -> tuple[Any, ...]:
        budget = _budget.get() or _UNLIMITED
        budget.check()
        if type(value) is not list and type(value) is not tuple:
            budget.spend()
            raise Mismatch("must be a list", value)
        if len(value) > MAX_LIST_ITEMS:
            budget.spend()
            raise Mismatch(f"must have at most {MAX_LIST_ITEMS} items", value)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            if budget.exhausted:
                errors.append(Exhausted())
                break
            try:
                items.append(item_hook(item, item_type))
            except Exception as error:
                note = cattrs.IterableValidationNote(f"@ index {index}", index, item_type)
                error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return tuple(items)

    return structure_detailed


def _items_validator(attribute: attrs.Attribute[Any]) -> Items | None:
    validator = attribute.validator
    for candidate in getattr(validator, "_validators", None) or (validator,):
        inner = getattr(candidate, "inner", candidate)  # Optional(Items(...))
        if isinstance(inner, Items):
            return inner
    return None


def _field_hook(attribute: attrs.Attribute[Any], inner: StructureHook | None) -> StructureHook:
    """Structure one field, then apply the field's own converter and validator.

    A list longer than the field allows is refused before its items are looked at: its
    length is the problem, whatever the items hold.
    """
    convert = attribute.converter
    validate = attribute.validator
    items = _items_validator(attribute)

    def structure_field(value: Any, t: Any) -> Any:
        budget = _budget.get() or _UNLIMITED
        budget.check()
        if (
            items is not None
            and (type(value) is list or type(value) is tuple)
            and len(value) > items.max_items
        ):
            budget.spend()
            raise InputError([items.problem((attribute.name,), tuple(value))])
        if inner is not None:
            value = inner(value, t)
        if convert is not None:
            value = convert(value)  # type: ignore[operator]
        if validate is not None:
            try:
                validate(None, attribute, value)
            except InputError:
                budget.spend()
                raise
        return value

    return structure_field


def _found_by_cattrs(error: ClassValidationError) -> int:
    """The problems found in one object outside its fields' hooks.

    Missing and unknown keys (found by cattrs), and an invariant of the object (raised by
    its constructor, without a field's note).
    """
    found = 0
    for inner in error.exceptions:
        if isinstance(inner, ForbiddenExtraKeysError):
            found += len(inner.extra_fields)
        elif isinstance(inner, KeyError) or (
            isinstance(inner, InputError) and not getattr(inner, "__notes__", None)
        ):
            found += 1
    return found


def _detailed_class_hook(cl: Any, converter: cattrs.Converter) -> StructureHook:
    overrides = {}
    for attribute in attrs.fields(cl):
        t = attribute.type
        inner = None if t is None else converter.get_structure_hook(t)
        overrides[attribute.name] = override(struct_hook=_field_hook(attribute, inner))
    generated = make_dict_structure_fn(cl, converter, **overrides)  # type: ignore[arg-type]

    def structure(value: Any, t: Any) -> Any:
        budget = _budget.get() or _UNLIMITED
        budget.check()
        if type(value) is not dict:
            budget.spend()
            raise Mismatch("must be an object", value)
        for key in value:
            if type(key) is not str:
                budget.spend()
                raise Mismatch("must have string keys", key)
        try:
            return generated(value, t)
        except ClassValidationError as error:
            budget.spend(_found_by_cattrs(error))
            raise

    return structure


def _build() -> cattrs.Converter:
    converter = _base_converter()
    converter.register_structure_hook_factory(attrs.has, _detailed_class_hook)
    return converter


detailed_converter = _build()

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
