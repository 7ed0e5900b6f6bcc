"""Field validators for the model: each rule written once, used three ways.

A validator states its rule once, as a Python expression (`Validator.test`). From it:

* the validator is an attrs validator, so objects built in Python are checked;
* the loader's fast path inlines the expression into its generated structure functions
  (``backsafe._serde._fastpath``), and its detailed pass calls the validator to name the
  field of each problem;
* ``json_schema()`` describes the same rule for ``backsafe schema``.

`Validator.describe` only explains a value the test rejected; it decides nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from enum import Enum
from itertools import islice
from typing import Any, Generic, TypeVar, overload

import attrs

from backsafe._input_error import InputError, Problem

__all__ = [
    "INTEGRAL_SOURCE",
    "MAX_INTEGER_DIGITS",
    "MAX_METADATA_DEPTH",
    "MEMBERS_SOURCE",
    "MEMBER_SOURCE",
    "TUPLE_SOURCE",
    "Boolean",
    "EnumMember",
    "ExactlyOne",
    "Identifier",
    "Inline",
    "Integer",
    "Invariant",
    "Items",
    "Metadata",
    "NotBothTrue",
    "NotTrueWhen",
    "Number",
    "OnlyWhen",
    "Optional",
    "RequiredWhen",
    "Text",
    "UniqueField",
    "Validator",
    "as_identifiers",
    "as_int",
    "as_member",
    "as_members",
    "as_optional_int",
    "as_sorted_tuple",
    "as_tuple",
    "default_factory",
    "identifier_pattern",
    "inline",
    "inline_source",
    "text_pattern",
]

#: How deeply ``metadata`` may nest objects and lists.
MAX_METADATA_DEPTH = 32
_MAX_METADATA_NODES = 100_000

JSONSchema = dict[str, Any]
#: Control characters, and lone surrogates (``"\\ud800"`` in JSON), which are not
#: characters at all: no output format can write them (a regular expression's class).
_CONTROL_RANGES = "\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff"
#: JSON Schema patterns end with a look-ahead for the end of the text rather than "$": in
#: Python's regular expressions (which Python validators use) "$" also matches before a
#: final line break, so "squat\n" would pass a pattern that ECMA-262 refuses.
_END = "(?![\\s\\S])"
_CONTROL_FREE = f"^[^{_CONTROL_RANGES}]*{_END}"
_CONTROL_CHARACTER = re.compile(f"[{_CONTROL_RANGES}]").search
_SURROGATE = re.compile("[\ud800-\udfff]").search
#: Python converts integers to and from decimal text up to this many digits (by default;
#: ``sys.set_int_max_str_digits``); metadata holds no larger ones, so it can be written.
MAX_INTEGER_DIGITS = 4300
_INTEGER_BOUND = 10**MAX_INTEGER_DIGITS
Namespace = dict[str, Any]
E = TypeVar("E", bound=Enum)
T = TypeVar("T")


@attrs.frozen
class Validator:
    """Base of the validators: compiles `test` once and applies it in ``__call__``."""

    _check: Callable[[Any], bool] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        namespace: Namespace = {}
        source = f"lambda value: {self.test('value', namespace)}"
        object.__setattr__(self, "_check", eval(source, namespace))

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not self._check(value):
            raise InputError([self.problem((attribute.name,), value)])

    def problem(self, path: tuple[str | int, ...], value: Any) -> Problem:
        """Explain why ``value`` failed the test, located at ``path``."""
        return Problem(path, self.describe(value), value)

    def test(self, var: str, namespace: Namespace) -> str:
        """Return a Python expression, true when the variable ``var`` is valid.

        Names the expression needs are added to ``namespace`` under unique keys.
        """
        raise NotImplementedError

    def statements(self, var: str, namespace: Namespace, fail: str) -> list[str]:
        """Return Python statements that run ``fail`` when ``var`` is invalid.

        The same test as `test`, in a form that may be cheaper to run inline.
        """
        return [f"if not {self.test(var, namespace)}: {fail}"]

    def describe(self, value: Any) -> str:
        """Say what a rejected ``value`` should have been."""
        raise NotImplementedError

    def json_schema(self) -> JSONSchema:
        """Describe the rule as a JSON Schema fragment."""
        raise NotImplementedError

    @staticmethod
    def _bind(namespace: Namespace, obj: object) -> str:
        name = f"_v{len(namespace)}"
        namespace[name] = obj
        return name


def _is_number(value: object) -> bool:
    kind = type(value)
    return kind is float or kind is int


@attrs.frozen
class Integer(Validator):
    """A whole number (not a boolean) from ``minimum`` to ``maximum``."""

    minimum: int
    maximum: int

    def test(self, var: str, namespace: Namespace) -> str:
        return f"(type({var}) is int and {self.minimum} <= {var} <= {self.maximum})"

    def describe(self, value: Any) -> str:
        if type(value) is not int:
            return "must be a whole number"
        return (
            f"must be >= {self.minimum}" if value < self.minimum else f"must be <= {self.maximum}"
        )

    def json_schema(self) -> JSONSchema:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@attrs.frozen
class Number(Validator):
    """A finite number (int or float, not a boolean) in a range.

    ``exclusive_minimum`` makes the lower bound strict (``duration_s > 0``). The bounds
    are finite, so NaN and the infinities fail the range test.
    """

    minimum: float
    maximum: float
    exclusive_minimum: bool = False

    def test(self, var: str, namespace: Namespace) -> str:
        low = "<" if self.exclusive_minimum else "<="
        return (
            f"((type({var}) is float or type({var}) is int)"
            f" and {self.minimum!r} {low} {var} <= {self.maximum!r})"
        )

    def describe(self, value: Any) -> str:
        if not _is_number(value):
            return "must be a number"
        if type(value) is float and not math.isfinite(value):
            return "must be a finite number"
        if value > self.maximum:
            return f"must be <= {self.maximum:g}"
        return f"must be {'>' if self.exclusive_minimum else '>='} {self.minimum:g}"

    def json_schema(self) -> JSONSchema:
        bound = "exclusiveMinimum" if self.exclusive_minimum else "minimum"
        return {"type": "number", bound: self.minimum, "maximum": self.maximum}


@attrs.frozen
class Text(Validator):
    """A string of ``min_length`` to ``max_length`` characters, without control characters."""

    max_length: int
    min_length: int = 1

    def test(self, var: str, namespace: Namespace) -> str:
        # isprintable() is the fast common case; it also rejects harmless characters
        # such as no-break spaces, which the search for control characters then admits.
        control = self._bind(namespace, _CONTROL_CHARACTER)
        return (
            f"(type({var}) is str and {self.min_length} <= len({var}) <= {self.max_length}"
            f" and ({var}.isprintable() or {control}({var}) is None))"
        )

    def describe(self, value: Any) -> str:
        if type(value) is not str:
            return "must be a string"
        if len(value) < self.min_length:
            return "must not be empty" if self.min_length == 1 else "is too short"
        if len(value) > self.max_length:
            return f"must be at most {self.max_length} characters"
        return _unprintable(value)

    def json_schema(self) -> JSONSchema:
        return {
            "type": "string",
            "minLength": self.min_length,
            "maxLength": self.max_length,
            "pattern": _CONTROL_FREE,
        }


_IDENTIFIER = "[a-z][a-z0-9]*(?:-[a-z0-9]+)*"


@attrs.frozen
class Identifier(Validator):
    """An id such as ``herniated-disc``: lowercase letters and digits joined by hyphens."""

    max_length: int

    def test(self, var: str, namespace: Namespace) -> str:
        match = self._bind(namespace, re.compile(_IDENTIFIER).fullmatch)
        return (
            f"(type({var}) is str and len({var}) <= {self.max_length}"
            f" and {match}({var}) is not None)"
        )

    def describe(self, value: Any) -> str:
        if type(value) is not str:
            return "must be a string"
        if len(value) > self.max_length:
            return f"must be at most {self.max_length} characters"
        return "must be an id of lowercase letters and digits joined by hyphens (herniated-disc)"

    def json_schema(self) -> JSONSchema:
        return {"type": "string", "maxLength": self.max_length, "pattern": f"^{_IDENTIFIER}{_END}"}


def text_pattern() -> str:
    """`Text`'s rule on characters as a regular expression (for ``re.search``)."""
    return f"\\A[^{_CONTROL_RANGES}]*\\Z"


def identifier_pattern() -> str:
    """`Identifier`'s rule as a regular expression (for ``re.search``)."""
    return f"\\A(?:{_IDENTIFIER})\\Z"


@attrs.frozen
class Boolean(Validator):
    """``true`` or ``false``."""

    def test(self, var: str, namespace: Namespace) -> str:
        return f"({var} is True or {var} is False)"

    def describe(self, value: Any) -> str:
        return "must be true or false"

    def json_schema(self) -> JSONSchema:
        return {"type": "boolean"}


@attrs.frozen
class EnumMember(Validator, Generic[E]):
    """A member of ``enum`` (its string value in documents)."""

    enum: type[E]

    def test(self, var: str, namespace: Namespace) -> str:
        return f"(type({var}) is {self._bind(namespace, self.enum)})"

    def describe(self, value: Any) -> str:
        return f"must be one of {', '.join(repr(m.value) for m in self.enum)}"

    def json_schema(self) -> JSONSchema:
        return {"type": "string", "enum": [member.value for member in self.enum]}


@attrs.frozen
class Optional(Validator):
    """``null`` or whatever ``inner`` accepts."""

    inner: Validator

    def test(self, var: str, namespace: Namespace) -> str:
        return f"({var} is None or {self.inner.test(var, namespace)})"

    def problem(self, path: tuple[str | int, ...], value: Any) -> Problem:
        return self.inner.problem(path, value)

    def describe(self, value: Any) -> str:
        return self.inner.describe(value)

    def json_schema(self) -> JSONSchema:
        return self.inner.json_schema()


@attrs.frozen
class Items(Validator):
    """A list (held as a tuple) of ``min_items`` to ``max_items`` items.

    Items are instances of the attrs class ``item_class``, or values ``item`` accepts.
    """

    max_items: int
    item_class: type | None = None
    item: Validator | None = None
    min_items: int = 0

    def _shape(self, var: str) -> str:
        return f"(type({var}) is tuple and {self.min_items} <= len({var}) <= {self.max_items})"

    def _each(self, namespace: Namespace) -> str:
        if self.item_class is not None:
            return f"type(_x) is {self._bind(namespace, self.item_class)}"
        if self.item is not None:
            return self.item.test("_x", namespace)
        return "True"

    def test(self, var: str, namespace: Namespace) -> str:
        return f"({self._shape(var)} and all([{self._each(namespace)} for _x in {var}]))"

    def statements(self, var: str, namespace: Namespace, fail: str) -> list[str]:
        return [
            f"if not {self._shape(var)}: {fail}",
            f"for _x in {var}:",
            f"    if not ({self._each(namespace)}): {fail}",
        ]

    def problem(self, path: tuple[str | int, ...], value: Any) -> Problem:
        if type(value) is tuple and self.min_items <= len(value) <= self.max_items:
            for index, element in enumerate(value):
                if self.item_class is not None and type(element) is not self.item_class:
                    return Problem((*path, index), f"must be a {self.item_class.__name__}", element)
                if self.item is not None and not self.item._check(element):
                    return self.item.problem((*path, index), element)
        return super().problem(path, value)

    def describe(self, value: Any) -> str:
        if type(value) is not tuple:
            return "must be a list"
        if len(value) < self.min_items:
            return f"must have at least {self.min_items} item{'s' if self.min_items > 1 else ''}"
        return f"must have at most {self.max_items} items"

    def json_schema(self) -> JSONSchema:
        schema: JSONSchema = {"type": "array", "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.item is not None:
            schema["items"] = self.item.json_schema()
        return schema


@attrs.frozen
class UniqueField(Validator):
    """No two items of a list have the same ``field`` (JSON Schema cannot say this)."""

    field: str

    def test(self, var: str, namespace: Namespace) -> str:
        return f"(len({{_x.{self.field} for _x in {var}}}) == len({var}))"

    def problem(self, path: tuple[str | int, ...], value: Any) -> Problem:
        seen: dict[object, int] = {}
        for index, item in enumerate(value):
            key = getattr(item, self.field)
            first = seen.setdefault(key, index)
            if first != index:
                message = f"must be unique (item [{first}] has the same {self.field})"
                return Problem((*path, index, self.field), message, key)
        return super().problem(path, value)  # pragma: no cover - only called on failure

    def describe(self, value: Any) -> str:
        return f"must not repeat a {self.field}"

    def json_schema(self) -> JSONSchema:
        return {"$comment": f"no two items may have the same {self.field!r}"}


@attrs.frozen
class Metadata(Validator):
    """A JSON object of the caller's own, preserved as it is.

    It may hold only JSON values (string keys; strings, finite numbers, booleans, null,
    lists, objects), nested at most `MAX_METADATA_DEPTH` deep, with at most 100,000
    values in all. Its text must be valid Unicode (no lone surrogates) and its integers
    at most `MAX_INTEGER_DIGITS` digits long, so that every output format can write it.
    """

    def test(self, var: str, namespace: Namespace) -> str:
        find = self._bind(namespace, _json_problem)
        return f"(type({var}) is dict and (not {var} or {find}({var}) is None))"

    def problem(self, path: tuple[str | int, ...], value: Any) -> Problem:
        found = _json_problem(value) if type(value) is dict else None
        if found is None:
            return super().problem(path, value)
        where, message, bad = found
        return Problem((*path, *where), message, bad)

    def describe(self, value: Any) -> str:
        return "must be an object"

    def json_schema(self) -> JSONSchema:
        return {
            "type": "object",
            "$comment": (
                f"nested at most {MAX_METADATA_DEPTH} levels, at most {_MAX_METADATA_NODES}"
                " values in all, text without lone surrogates, integers of at most"
                f" {MAX_INTEGER_DIGITS} digits"
            ),
        }


class Invariant:
    """A rule across fields of one object, checked after its fields.

    Like a `Validator`, it states its test once as an expression (`test`), which the
    fast path inlines and `check` compiles; ``json_schema()`` states it for the schema.
    """

    fields: tuple[str, ...]

    def test(self, variables: Mapping[str, str], namespace: Namespace) -> str:
        """Return an expression over the fields' variables, true when the object is valid."""
        raise NotImplementedError

    def problem(self, instance: object) -> Problem:
        """Explain why ``instance`` breaks the rule."""
        raise NotImplementedError

    def json_schema(self) -> JSONSchema:
        """Describe the rule as a JSON Schema fragment for the object."""
        raise NotImplementedError

    def summary(self) -> str:
        """The rule in one sentence, for the format reference."""
        return (type(self).__doc__ or "").strip().splitlines()[0]

    def check(self, instance: object) -> None:
        """Raise `InputError` if ``instance`` breaks the rule."""
        check = self.__dict__.get("_compiled")
        if check is None:
            namespace: Namespace = {}
            variables = {name: f"_o.{name}" for name in self.fields}
            check = eval(f"lambda _o: {self.test(variables, namespace)}", namespace)
            object.__setattr__(self, "_compiled", check)
        if not check(instance):
            raise InputError([self.problem(instance)])


def _present(name: str) -> JSONSchema:
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


@attrs.frozen(slots=False)
class ExactlyOne(Invariant):
    """Exactly one of two fields is given (not ``None``)."""

    fields: tuple[str, ...]

    def test(self, variables: Mapping[str, str], namespace: Namespace) -> str:
        first, second = (variables[name] for name in self.fields)
        return f"(({first} is None) is not ({second} is None))"

    def problem(self, instance: object) -> Problem:
        first, second = self.fields
        which = "neither" if getattr(instance, first) is None else "both"
        return Problem((), f"must have exactly one of {first} or {second}, not {which}")

    def json_schema(self) -> JSONSchema:
        return {"oneOf": [_present(name) for name in self.fields]}


@attrs.frozen(slots=False)
class RequiredWhen(Invariant):
    """``field`` is given whenever ``when`` equals ``equals``."""

    field: str
    when: str
    equals: Enum

    @property
    def fields(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.field, self.when)

    def test(self, variables: Mapping[str, str], namespace: Namespace) -> str:
        value = Validator._bind(namespace, self.equals)
        return f"({variables[self.when]} is not {value} or {variables[self.field]} is not None)"

    def problem(self, instance: object) -> Problem:
        return Problem((self.field,), f"is required when {self.when} is {self.equals.value!r}")

    def json_schema(self) -> JSONSchema:
        return {
            "if": {
                "required": [self.when],
                "properties": {self.when: {"const": self.equals.value}},
            },
            "then": _present(self.field),
        }


def _surrogate_message(surrogate: str, what: str = "must be") -> str:
    return (
        f"{what} valid Unicode text (it has a lone surrogate, U+{ord(surrogate):04X},"
        " which is not a character)"
    )


def _unprintable(text: str) -> str:
    surrogate = _SURROGATE(text)
    if surrogate is not None:
        return _surrogate_message(surrogate[0])
    return "must not contain control characters"


@attrs.frozen(slots=False)
class OnlyWhen(Invariant):
    """``field`` is given (not ``None``) only when ``when`` is one of ``values``.

    ``reason`` completes the sentence "<field> ..." in the error, saying why.
    """

    field: str
    when: str
    values: tuple[Enum, ...]
    reason: str

    @property
    def fields(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.field, self.when)

    def test(self, variables: Mapping[str, str], namespace: Namespace) -> str:
        allowed = Validator._bind(namespace, frozenset(self.values))
        return f"({variables[self.field]} is None or {variables[self.when]} in {allowed})"

    def problem(self, instance: object) -> Problem:
        return Problem((self.field,), self.reason, getattr(instance, self.field))

    def json_schema(self) -> JSONSchema:
        allowed = {"required": [self.when], "properties": {self.when: {"enum": self._values()}}}
        return {"if": {"not": allowed}, "then": {"properties": {self.field: {"type": "null"}}}}

    def summary(self) -> str:
        values = ", ".join(f"`{value}`" for value in self._values())
        return f"`{self.field}` is given only when `{self.when}` is {values}"

    def _values(self) -> list[Any]:
        return [member.value for member in self.values]


@attrs.frozen(slots=False)
class NotTrueWhen(Invariant):
    """None of ``flags`` is ``true`` while ``when`` equals ``equals``.

    ``reason`` completes the sentence "<flag> ..." in the error.
    """

    flags: tuple[str, ...]
    when: str
    equals: int
    reason: str

    @property
    def fields(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*self.flags, self.when)

    def test(self, variables: Mapping[str, str], namespace: Namespace) -> str:
        flags = " or ".join(f"{variables[flag]} is True" for flag in self.flags)
        return f"({variables[self.when]} != {self.equals!r} or not ({flags}))"

    def problem(self, instance: object) -> Problem:
        flag = next(f for f in self.flags if getattr(instance, f) is True)
        return Problem((flag,), self.reason, True)

    def json_schema(self) -> JSONSchema:
        return {
            "if": {"required": [self.when], "properties": {self.when: {"const": self.equals}}},
            "then": {"properties": {flag: {"not": {"const": True}} for flag in self.flags}},
        }

    def summary(self) -> str:
        flags = ", ".join(f"`{flag}`" for flag in self.flags)
        return f"none of {flags} is `true` when `{self.when}` is {self.equals}"


@attrs.frozen(slots=False)
class NotBothTrue(Invariant):
    """``first`` and ``second`` are not both ``true``: the answers contradict each other.

    ``reason`` completes the sentence "<second> ..." in the error.
    """

    first: str
    second: str
    reason: str

    @property
    def fields(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.first, self.second)

    def test(self, variables: Mapping[str, str], namespace: Namespace) -> str:
        return f"not ({variables[self.first]} is True and {variables[self.second]} is True)"

    def problem(self, instance: object) -> Problem:
        return Problem((self.second,), self.reason, True)

    def json_schema(self) -> JSONSchema:
        both = {self.first: {"const": True}, self.second: {"const": True}}
        return {"not": {"required": [self.first, self.second], "properties": both}}

    def summary(self) -> str:
        return f"`{self.first}` and `{self.second}` are not both `true`"


def _json_problem(root: dict[Any, Any]) -> tuple[tuple[str | int, ...], str, object] | None:
    """Find the first non-JSON value below ``root``, without recursion (inputs may be deep)."""
    stack: list[tuple[tuple[str | int, ...], Any, int]] = [((), root, 0)]
    seen = 1
    while stack:
        path, node, depth = stack.pop()
        kind = type(node)
        if kind is dict or kind is list:
            if depth >= MAX_METADATA_DEPTH:
                return path, f"must not nest deeper than {MAX_METADATA_DEPTH} levels", node
            # Counted before they are looked at, so a huge list costs nothing to refuse.
            seen += len(node)
            if seen > _MAX_METADATA_NODES:
                return path, f"must hold at most {_MAX_METADATA_NODES} values in all", node
            if kind is dict:
                for key, child in node.items():
                    if type(key) is not str:
                        return path, "must have string keys", key
                    surrogate = None if key.isprintable() else _SURROGATE(key)
                    if surrogate is not None:
                        message = _surrogate_message(surrogate[0], "is a key that is not")
                        return (*path, key), message, key
                    stack.append(((*path, key), child, depth + 1))
            else:
                for index, child in enumerate(node):
                    stack.append(((*path, index), child, depth + 1))
        elif kind is str:
            if not node.isprintable() and _SURROGATE(node):
                return path, _unprintable(node), node
        elif kind is float:
            if not math.isfinite(node):
                return path, "must be a finite number", node
        elif kind is int:
            if not -_INTEGER_BOUND < node < _INTEGER_BOUND:
                return path, f"must have at most {MAX_INTEGER_DIGITS} digits", node
        elif not (node is None or kind is bool):
            return path, "must be a JSON value (string, number, boolean, null, list, object)", node
    return None


@attrs.frozen
class Inline:
    """The statement the loader's fast path inlines in place of a converter's call.

    ``template`` is a statement that converts the variable ``{var}`` in place; its other
    ``{names}`` are bound from ``namespace``, and ``{self}`` to the converter itself.
    """

    function: Callable[..., Any]
    template: str
    namespace: Namespace = attrs.field(factory=dict)

    def source(self, var: str, namespace: Namespace) -> str:
        """Return the statement that converts ``var`` in place."""
        names = {key: Validator._bind(namespace, obj) for key, obj in self.namespace.items()}
        return self.template.format(
            var=var, self=Validator._bind(namespace, self.function), **names
        )


_INLINE: dict[Callable[..., Any], Inline] = {}


def inline(function: Callable[..., Any], template: str, **names: object) -> None:
    """Register the converter ``function`` with the statement the fast path inlines for it.

    The model's converters are plain, annotated functions (not decorated: the mypy attrs
    plugin types a constructor parameter from its converter's first parameter only for
    a plain function), so they are registered with a call.
    """
    _INLINE[function] = Inline(function, template, dict(names))


def inline_source(converter: object) -> Inline | None:
    """The `Inline` statement registered for ``converter``, if any."""
    found: Inline | None = _INLINE.get(converter) if callable(converter) else None
    return found


def default_factory(attribute: attrs.Attribute[Any]) -> Callable[[], Any] | None:
    """The factory of a field whose default is an ``attrs.Factory``, else ``None``."""
    factory = getattr(attribute.default, "factory", None)
    return factory if callable(factory) else None


#: A list given where the model keeps a tuple (the only sequence a document can hold).
TUPLE_SOURCE = "if type({var}) is list: {var} = tuple({var})"
#: A whole-valued float (``3.0``) is the integer it equals, as JSON Schema has it.
INTEGRAL_SOURCE = "if type({var}) is float and {var}.is_integer(): {var} = int({var})"
#: An enumeration's string value is its member.
MEMBER_SOURCE = "if type({var}) is str: {var} = {members}.get({var}, {var})"
#: A list of an enumeration's values (the converter is called).
MEMBERS_SOURCE = "{var} = {self}({var})"

#: Iterables that are not lists of items (text, mappings) or that have no order (sets):
#: the converters leave them to the validator, which says what was expected.
_NOT_A_LIST = (str, bytes, bytearray, memoryview, Mapping, AbstractSet)
#: The most items a converter takes from an iterable; the fields' limits are far lower,
#: so an endless iterator is refused instead of hanging the constructor.
_MAX_ITERATED = 100_000


# The converters' annotations say what a caller should pass; their bodies take anything,
# because a converter never refuses: it leaves a wrong value to the field's validator.


def as_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """A list, tuple or other ordered iterable as a tuple; anything else as it is."""
    raw: Any = value
    kind = type(raw)
    if kind is tuple:
        return raw  # type: ignore[no-any-return]
    if kind is list:
        return tuple(raw)
    if isinstance(raw, _NOT_A_LIST) or not isinstance(raw, Iterable):
        return value  # type: ignore[return-value]
    return tuple(islice(raw, _MAX_ITERATED + 1))


def as_sorted_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Like `as_tuple`, and a set of strings (no order of its own) in sorted order."""
    raw: Any = value
    if isinstance(raw, AbstractSet) and all(type(item) is str for item in raw):
        return tuple(sorted(raw))
    return as_tuple(raw)


def as_int(value: int) -> int:
    """An integer; a whole-valued float (``3.0``) as the integer it equals."""
    raw: Any = value
    if type(raw) is float and raw.is_integer():
        return int(raw)
    return value


def as_optional_int(value: int | None) -> int | None:
    """Like `as_int`, for an optional field."""
    raw: Any = value
    if type(raw) is float and raw.is_integer():
        return int(raw)
    return value


inline(as_int, INTEGRAL_SOURCE)
inline(as_optional_int, INTEGRAL_SOURCE)


@overload
def as_member(enum: type[E], value: E | str) -> E: ...
@overload
def as_member(enum: type[E], value: E | str | None) -> E | None: ...
def as_member(enum: type[E], value: E | str | None) -> E | None:
    """The member of ``enum`` whose value is the string ``value``; anything else as it is."""
    raw: Any = value
    if type(raw) is str:
        members: Mapping[Any, Any] = enum._value2member_map_
        return members.get(raw, raw)  # type: ignore[no-any-return]
    return raw  # type: ignore[no-any-return]


@overload
def as_members(enum: type[E], value: Iterable[E | str]) -> tuple[E, ...]: ...
@overload
def as_members(enum: type[E], value: Iterable[E | str] | None) -> tuple[E, ...] | None: ...
def as_members(enum: type[E], value: Iterable[E | str] | None) -> tuple[E, ...] | None:
    """A list of members of ``enum`` or their values, as a tuple of members.

    A set is put in the enumeration's order. Anything that is not a list is left to
    the validator.
    """
    raw: Any = value
    if raw is None:
        return None
    members: Mapping[Any, Any] = enum._value2member_map_
    if isinstance(raw, AbstractSet):
        order = {member: index for index, member in enumerate(enum)}
        items = [members.get(v, v) if type(v) is str else v for v in raw]
        return tuple(sorted(items, key=lambda item: (order.get(item, len(order)), repr(item))))
    raw = as_tuple(raw)
    if type(raw) is not tuple:
        return raw  # type: ignore[no-any-return]
    return tuple([members.get(v, v) if type(v) is str else v for v in raw])


def as_identifiers(value: Iterable[str]) -> tuple[str, ...]:
    """A list of ids as a tuple, a set of them in sorted order.

    A string enumeration's member (``Condition.HERNIATED_DISC``) stands for its value.
    Anything that is not a list is left to the validator.
    """
    raw: Any = value
    if isinstance(raw, AbstractSet):
        ids = [str(v) if isinstance(v, Enum) else v for v in raw]
        return tuple(sorted(ids)) if all(type(v) is str for v in ids) else value  # type: ignore[return-value]
    raw = as_tuple(raw)
    if type(raw) is not tuple:
        return raw  # type: ignore[no-any-return]
    return tuple([str(v) if isinstance(v, Enum) else v for v in raw])


inline(as_identifiers, MEMBERS_SOURCE)
