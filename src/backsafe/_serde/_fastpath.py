"""Structure functions specialised for the model classes: the loader's fast path.

Generators load millions of plans, so valid documents take a path with no per-field
function calls: for each model class this module generates one function that reads the
fields, applies the fields' own validators as inlined expressions (`Validator.test`), and
fills the frozen instance's slots. It holds no rule of its own: every check comes from the
attrs fields of ``backsafe.model``, and a test compares its answers with the constructor's
on generated documents.

Any failure raises; the loader then explains it with the detailed cattrs pass.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable
from typing import Any, get_args, get_origin

import attrs

from backsafe._validators import Items, Validator, default_factory, inline_source

__all__ = ["Invalid", "make_structure_fn", "structure_fn", "validators_of"]

_MISSING = object()


class Invalid(Exception):
    """The fast path met something it does not accept."""


def _raise_invalid() -> Any:
    raise Invalid


def _nested_class(t: Any) -> type | None:
    """Return ``C`` when ``t`` is ``tuple[C, ...]`` for an attrs class ``C``."""
    if get_origin(t) is tuple:
        args = get_args(t)
        if len(args) == 2 and args[1] is Ellipsis and attrs.has(args[0]):
            item: type = args[0]
            return item
    return None


def validators_of(attribute: attrs.Attribute[Any]) -> list[Any]:
    """The validators of a field (those of an ``attrs.validators.and_`` one by one)."""
    validator = attribute.validator
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)  # attrs.validators.and_
    return list(inner) if inner is not None else [validator]


def make_structure_fn(
    cls: type, nested: Callable[[type], Callable[..., Any]]
) -> Callable[..., Any]:
    """Generate the fast structure function of the attrs class ``cls``.

    ``nested(C)`` returns the fast structure function of another model class ``C``.
    """
    ns: dict[str, Any] = {
        "_MISSING": _MISSING,
        "_Invalid": Invalid,
        "_new": object.__new__,
        "_cls": cls,
    }

    def bind(obj: object) -> str:
        name = f"_b{len(ns)}"
        ns[name] = obj
        return name

    fields = attrs.fields(cls)
    lines = [
        "def structure(o, _=None):",
        "    if type(o) is not dict: raise _Invalid",
        "    n = 0",
        "    get = o.get",
    ]
    for a in fields:
        var = f"v_{a.name}"
        if a.default is attrs.NOTHING:
            # A missing key raises KeyError, which sends the document to the detailed pass.
            lines.append(f"    {var} = o[{a.name!r}]")
            lines.append("    if True:")
        else:
            lines.append(f"    {var} = get({a.name!r}, _MISSING)")
            lines.append(f"    if {var} is _MISSING:")
            factory = default_factory(a)
            if factory is not None:
                default = "{}" if factory is dict else f"{bind(factory)}()"
            else:
                default = bind(a.default)
            lines.append(f"        {var} = {default}")
            lines.append("    else:")
        lines.append("        n += 1")
        item_class = _nested_class(a.type)
        if item_class is not None:
            lines.append(f"        if type({var}) is not list and type({var}) is not tuple:")
            lines.append("            raise _Invalid")
            # Too long a list is refused before its items are structured.
            limit = max((x.max_items for x in validators_of(a) if isinstance(x, Items)), default=0)
            if limit:
                lines.append(f"        if len({var}) > {limit}: raise _Invalid")
            item_fn = bind(nested(item_class))
            lines.append(f"        {var} = tuple([{item_fn}(x) for x in {var}])")
        elif inline_source(a.converter) is not None:
            lines.append(f"        {inline_source(a.converter).source(var, ns)}")  # type: ignore[union-attr]
        elif a.converter is not None:
            lines.append(f"        {var} = {bind(a.converter)}({var})")
        for validator in validators_of(a):
            if isinstance(validator, Validator):
                statements = validator.statements(var, ns, "raise _Invalid")
                lines.extend(f"        {statement}" for statement in statements)
            else:
                call = f"{bind(validator)}(None, {bind(a)}, {var})"
                lines.append(f"        {call}")
    lines.append("    if len(o) != n: raise _Invalid")
    variables = {a.name: f"v_{a.name}" for a in fields}
    for invariant in getattr(cls, "__invariants__", ()):
        lines.append(f"    if not {invariant.test(variables, ns)}: raise _Invalid")
    lines.append("    self = _new(_cls)")
    for a in fields:
        setter = bind(cls.__dict__[a.name].__set__)
        lines.append(f"    {setter}(self, v_{a.name})")
    if hasattr(cls, "__attrs_post_init__") and not hasattr(cls, "__invariants__"):
        lines.append("    self.__attrs_post_init__()")
    lines.append("    return self")

    source = "\n".join(lines) + "\n"
    filename = f"<backsafe fast structure {cls.__qualname__}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)
    function: Callable[[Any, Any], Any] = ns["structure"]
    function.__qualname__ = function.__name__ = f"structure_{cls.__name__}"
    return function


_made: dict[Any, Callable[[Any], Any]] = {}


def structure_fn(t: Any) -> Callable[[Any], Any]:
    """The fast structure function of a model class, or of ``tuple[C, ...]`` of one.

    Generated once per process. A tuple is read from a list (or a tuple) only.
    """
    try:
        return _made[t]
    except KeyError:
        pass
    item = _nested_class(t)
    if item is not None:
        structure_item = structure_fn(item)

        def structure_items(value: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise Invalid
            return tuple([structure_item(x) for x in value])

        function: Callable[[Any], Any] = structure_items
    elif attrs.has(t):
        function = make_structure_fn(t, structure_fn)
    else:
        raise TypeError(f"no fast structure function for {t!r}")
    _made[t] = function
    return function
