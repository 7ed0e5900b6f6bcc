"""The loader's fastest path, when msgspec is installed (the ``backsafe[fast]`` extra).

msgspec parses JSON bytes straight into `msgspec.Struct` types that this module generates
from the model's attrs fields: each field's validator becomes a msgspec type with its
constraints (`Integer` is ``Annotated[int, Meta(ge=..., le=...)]``, `Items` a tuple with a
``max_length``, `EnumMember` the enumeration...), so the checks run in msgspec's C code.
A validator msgspec cannot state (`UniqueField`, `Metadata`, a validator it does not know)
and the invariants across fields are inlined, from their own `Validator.test`, into a
builder generated per class, which then makes the same frozen attrs objects the other
paths make. No rule is written here a second time: the types come from the validators,
and a property test checks that this path accepts only what the other paths accept, with
equal objects.

What msgspec reads differently from the standard library is settled before its result is
used; any doubt, and any refusal, returns ``None``, and the caller takes the usual path
(which reads the document as always and names its problems):

* repeated keys (msgspec keeps the last value silently): every colon outside a string
  separates a key from its value, and msgspec's rendering of what it read (present fields
  only) has as many colons as the document unless a key was repeated or a field was
  written with its default value; when the counts differ, the document is read again
  without types, which keeps every key given once, to tell the two apart. A colon written
  as an escape (``\\u003a``) would upset the count: such documents take the usual path;
* text with control characters or lone surrogates (the `Text` rule): msgspec refuses raw
  control characters and invalid UTF-8, so a document without a backslash, a DEL or a
  C1 control character holds none; other documents are decoded with the rule as a
  pattern;
* integers: msgspec refuses whole-valued floats for integer fields (``3.0``, which the
  format reads as 3) and integers it cannot hold; both take the usual path.
"""

from __future__ import annotations

import contextlib
import importlib
import linecache
import math
import re
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Union

import attrs

from backsafe._serde._fastpath import Invalid, validators_of
from backsafe._validators import (
    Boolean,
    EnumMember,
    Identifier,
    Integer,
    Items,
    Number,
    Optional,
    Text,
    Validator,
    default_factory,
    identifier_pattern,
    inline_source,
    text_pattern,
)

__all__ = ["EAGER_BYTES", "Decoder", "decoder", "installed", "make"]

#: The msgspec module once imported (on first use), ``None`` when it is not installed.
msgspec: Any = ...

_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
#: C1 control characters (U+0080 to U+009F) in UTF-8.
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")


def _plain_text(raw: bytes) -> bool:
    """Whether no string of the document ``raw`` can hold a character `Text` refuses.

    msgspec refuses raw control characters (U+0000 to U+001F) in strings and invalid
    UTF-8 (so lone surrogates), which leaves DEL, the C1 controls, and escapes.
    """
    return (
        b"\\" not in raw
        and b"\x7f" not in raw
        and (b"\xc2" not in raw or _C1_CONTROL.search(raw) is None)
    )


class _Unsupported(Exception):
    """A field msgspec cannot decode as the model reads it: the class is left to the usual path."""


class _Generator:
    """Generates the msgspec types and builders of the model classes, one family at a time.

    With ``patterns``, `Text` fields carry the rule as a pattern (documents with escapes);
    without, the document was found free of what `Text` refuses before it is decoded.
    """

    def __init__(self, patterns: bool) -> None:
        self.patterns = patterns
        self.structs: dict[type, Any] = {}
        self.builders: dict[type, Callable[[Any], Any]] = {}

    def struct(self, cls: type) -> Any:
        if cls not in self.structs:
            self._generate(cls)
        return self.structs[cls]

    def builder(self, cls: type) -> Callable[[Any], Any]:
        if cls not in self.builders:
            self._generate(cls)
        return self.builders[cls]

    # Types: a validator's rule as a msgspec type, or None when msgspec cannot state it.

    def _type(self, validator: Validator) -> Any:
        if isinstance(validator, Optional):
            inner = self._type(validator.inner)
            return None if inner is None else Union[inner, None]  # noqa: UP007
        if isinstance(validator, Integer):
            return Annotated[int, msgspec.Meta(ge=validator.minimum, le=validator.maximum)]
        if isinstance(validator, Number):
            return Union[  # noqa: UP007 - a runtime type, built from parts
                Annotated[int, _number_meta(validator, integer=True)],
                Annotated[float, _number_meta(validator, integer=False)],
            ]
        if isinstance(validator, Text):
            return Annotated[
                str,
                msgspec.Meta(
                    min_length=validator.min_length,
                    max_length=validator.max_length,
                    pattern=text_pattern() if self.patterns else None,
                ),
            ]
        if isinstance(validator, Identifier):
            return Annotated[
                str, msgspec.Meta(max_length=validator.max_length, pattern=identifier_pattern())
            ]
        if isinstance(validator, Boolean):
            return bool
        if isinstance(validator, EnumMember):
            return validator.enum
        if isinstance(validator, Items):
            if validator.item_class is not None:
                item: Any = self.struct(validator.item_class)
            elif validator.item is not None:
                item = self._type(validator.item)
                if item is None:
                    return None
            else:
                item = Any
            bounds = msgspec.Meta(
                min_length=validator.min_items or None, max_length=validator.max_items
            )
            return Annotated[tuple[item, ...], bounds]
        return None

    def _convert(self, validator: Validator, var: str, ns: dict[str, Any]) -> str | None:
        """An expression turning the decoded ``var`` into the model's value (None: as it is)."""
        if isinstance(validator, Optional):
            inner = self._convert(validator.inner, var, ns)
            return None if inner is None else f"(None if {var} is None else {inner})"
        if isinstance(validator, Items) and validator.item_class is not None:
            build = Validator._bind(ns, self.builder(validator.item_class))
            return f"tuple([{build}(_y) for _y in {var}])"
        return None

    def _generate(self, cls: type) -> None:
        if cls in self.structs:
            return
        self.structs[cls] = None  # a model class never contains itself
        fields: list[tuple[str, Any, Any]] = []
        ns: dict[str, Any] = {
            "_Invalid": Invalid,
            "_new": object.__new__,
            "_cls": cls,
        }
        lines = ["def build(s):"]
        for a in attrs.fields(cls):
            var = f"v_{a.name}"
            validators = validators_of(a)
            typed = [(v, self._type(v)) for v in validators]
            stated = [t for _, t in typed if t is not None]
            lines.append(f"    {var} = s.{a.name}")
            if len(stated) == 1:
                field_type = stated[0]
                convert = next(self._convert(v, var, ns) for v, t in typed if t is not None)
                if convert is not None:
                    lines.append(f"    {var} = {convert}")
                residual = [v for v, t in typed if t is None]
            elif not stated and not any(
                isinstance(v, Items) and v.item_class is not None for v in validators
            ):
                # msgspec reads any JSON value; the field's converter and validators run
                # inline, as on the usual fast path.
                field_type = Any
                inline = inline_source(a.converter)
                if inline is not None:
                    lines.append(f"    {inline.source(var, ns)}")
                elif a.converter is not None:
                    lines.append(f"    {var} = {Validator._bind(ns, a.converter)}({var})")
                residual = validators
            else:
                raise _Unsupported(f"{cls.__name__}.{a.name}")
            for validator in residual:
                if not isinstance(validator, Validator):  # a plain attrs validator: call it
                    check, field = Validator._bind(ns, validator), Validator._bind(ns, a)
                    lines.append(f"    {check}(None, {field}, {var})")
                    continue
                for statement in validator.statements(var, ns, "raise _Invalid"):
                    lines.append(f"    {statement}")
            fields.append(_struct_field(a, field_type))
        variables = {a.name: f"v_{a.name}" for a in attrs.fields(cls)}
        for invariant in getattr(cls, "__invariants__", ()):
            lines.append(f"    if not {invariant.test(variables, ns)}: raise _Invalid")
        lines.append("    self = _new(_cls)")
        for a in attrs.fields(cls):
            setter = Validator._bind(ns, cls.__dict__[a.name].__set__)
            lines.append(f"    {setter}(self, v_{a.name})")
        if hasattr(cls, "__attrs_post_init__") and not hasattr(cls, "__invariants__"):
            lines.append("    self.__attrs_post_init__()")
        lines.append("    return self")
        self.structs[cls] = msgspec.defstruct(
            f"{cls.__name__}Document",
            fields,
            module=__name__,
            kw_only=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            # Decoded JSON holds no reference cycles: the collector need not track them.
            gc=False,
        )
        self.builders[cls] = _compile(cls, lines, ns, "patterns" if self.patterns else "plain")


def _struct_field(attribute: attrs.Attribute[Any], field_type: Any) -> tuple[str, Any, Any]:
    if attribute.default is attrs.NOTHING:
        return (attribute.name, field_type, msgspec.NODEFAULT)
    factory = default_factory(attribute)
    if factory is not None:
        return (attribute.name, field_type, msgspec.field(default_factory=factory))
    return (attribute.name, field_type, attribute.default)


def _number_meta(number: Number, *, integer: bool) -> Any:
    """`Number`'s range as msgspec constraints for an integer or for a float.

    An integer's bounds are whole numbers: above 0.5 is above 0, at most 9.5 is at most 9.
    """
    low, high = number.minimum, number.maximum
    if integer:
        high = math.floor(high)
        low = math.floor(low) if number.exclusive_minimum else math.ceil(low)
    if number.exclusive_minimum:
        return msgspec.Meta(gt=low, le=high)
    return msgspec.Meta(ge=low, le=high)


def _compile(cls: type, lines: list[str], ns: dict[str, Any], family: str) -> Callable[[Any], Any]:
    source = "\n".join(lines) + "\n"
    filename = f"<backsafe msgspec build {cls.__qualname__} ({family})>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)
    function: Callable[[Any], Any] = ns["build"]
    function.__qualname__ = function.__name__ = f"build_{cls.__name__}"
    return function


class Decoder:
    """Decodes JSON bytes into one model class, or says it cannot (returns ``None``)."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self._plain = self._family(_Generator(patterns=False), cls)
        self._patterns = self._family(_Generator(patterns=True), cls)
        self._untyped = msgspec.json.Decoder()
        self._encode = msgspec.json.Encoder().encode

    @staticmethod
    def _family(generator: _Generator, cls: type) -> tuple[Any, Callable[[Any], Any]]:
        return msgspec.json.Decoder(generator.struct(cls)).decode, generator.builder(cls)

    def __call__(self, raw: bytes) -> Any:
        """The model object ``raw`` describes, or ``None`` to take the usual path."""
        if _plain_text(raw):
            decode, build = self._plain
        elif _ESCAPED_COLON.search(raw) is not None:
            return None
        else:
            decode, build = self._patterns
        try:
            document = decode(raw)
            colons = raw.count(b":")
            if self._encode(document).count(b":") != colons and (
                self._encode(self._untyped.decode(raw)).count(b":") != colons
            ):
                return None  # a repeated key (or a value msgspec reads otherwise)
            return build(document)
        except Exception:  # refused, or in doubt: the usual path reads it and says why
            return None


#: A document this large is decoded with msgspec the first time (smaller ones from the
#: second document of a class on): importing msgspec and generating the types costs
#: about as much as loading a 30 kB plan the usual way, which a single small document
#: (the command line's) need not pay.
EAGER_BYTES = 64 * 1024

_decoders: dict[type, Decoder | None] = {}
_seen: set[type] = set()


def installed() -> bool:
    """Whether msgspec is installed (imported on first use)."""
    global msgspec  # noqa: PLW0603 - the module, imported once asked for
    if msgspec is ...:
        try:
            msgspec = importlib.import_module("msgspec")
        except ImportError:  # pragma: no cover - msgspec is the optional backsafe[fast] extra
            msgspec = None
    return msgspec is not None


def make(cls: type) -> Decoder | None:
    """The decoder of ``cls``, made now if need be.

    ``None`` without msgspec, or for a class msgspec cannot decode as the model reads it.
    """
    try:
        return _decoders[cls]
    except KeyError:
        pass
    made: Decoder | None = None
    if installed():
        with contextlib.suppress(_Unsupported):
            made = Decoder(cls)
    _decoders[cls] = made
    return made


def _first_use(cls: type, raw: bytes) -> Any:
    if len(raw) < EAGER_BYTES and cls not in _seen:
        _seen.add(cls)
        return None  # the first small document: the usual path is cheaper
    made = make(cls)
    return None if made is None else made(raw)


def decoder(cls: type) -> Callable[[bytes], Any] | None:
    """The msgspec decoder of the model class ``cls``; ``None`` without msgspec.

    ``None`` too for a class msgspec cannot decode as the model reads it (the usual path
    then reads it). Until the decoder is made (for the second document of the class, or
    a first one of `EAGER_BYTES` or more), the function returned leaves a first small
    document to the usual path.
    """
    if msgspec is None:  # known not to be installed (``...``: not looked for yet)
        return None
    made = _decoders.get(cls, ...)
    if made is not ...:
        return made
    return partial(_first_use, cls)
