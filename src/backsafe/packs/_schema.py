"""JSON Schema (draft 2020-12) of a pack's TOML files, generated from the loader's tables.

Each table's schema comes from the attrs class the loader structures it with, and each
rule's ``options`` from its rule kind's fields, so the schema cannot drift from what the
loader accepts. What JSON Schema cannot say (that names refer to known exercises, groups,
conditions and advice; that message fields are the kind's) the loader checks when the
pack loads.
"""

from __future__ import annotations

import enum
import inspect
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from backsafe.catalog import Loading, Muscle, Pattern, Role
from backsafe.engine import Check
from backsafe.engine._options import REFERS_TO
from backsafe.model import Equipment
from backsafe.packs._tables import (
    AdviceEntry,
    ConditionEntry,
    DoseEntry,
    GroupEntry,
    OverrideEntry,
    PackEntry,
    ReferenceEntry,
    RuleEntry,
)

__all__ = ["pack_schema", "type_schema"]

JSONSchema = dict[str, Any]
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = "^[a-z][a-z0-9]*(-[a-z0-9]+)*(?![\\s\\S])"  # not "$": see _validators._END


def _description(cls: type) -> str:
    return inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].replace("\n", " ")


def type_schema(t: Any, defs: dict[str, JSONSchema]) -> JSONSchema:
    """The schema of a value of type ``t`` as TOML writes it (``defs`` gets attrs classes)."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if t in simple:
        return {"type": simple[t]}
    if t is Any:
        return {}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"type": "string", "enum": [member.value for member in t]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [type_schema(arg, defs) for arg in args]}
    if origin is tuple:
        return {"type": "array", "items": type_schema(args[0], defs)}
    if origin in (dict, Mapping, typing.Mapping) or (
        isinstance(origin, type) and issubclass(origin, Mapping)
    ):
        return {"type": "object", "additionalProperties": type_schema(args[1], defs)}
    if t is type(None):
        return {"type": "null"}
    if attrs.has(t):
        return {"$ref": f"#/$defs/{_attrs_schema(t, defs)}"}
    raise TypeError(f"no JSON Schema for the type {t!r}")


def _attrs_schema(cls: Any, defs: dict[str, JSONSchema]) -> str:
    name: str = cls.__name__
    if name in defs:
        return name
    defs[name] = {}
    attrs.resolve_types(cls)
    properties: JSONSchema = {}
    required = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        schema = type_schema(field.type, defs)
        refers = field.metadata.get(REFERS_TO)
        if refers:
            schema["description"] = f"names a known {refers} id"
        if field.default is attrs.NOTHING:
            required.append(field.alias)
        properties[field.alias] = schema
    schema = {
        "type": "object",
        "description": _description(cls),
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    defs[name] = schema
    return name


def _table_of(cls: type, defs: dict[str, JSONSchema]) -> JSONSchema:
    return {
        "type": "object",
        "propertyNames": {"pattern": _ID},
        "additionalProperties": type_schema(cls, defs),
    }


def _names(enum_class: type[enum.Enum]) -> JSONSchema:
    return {"type": "array", "items": {"enum": [m.value for m in enum_class]}}


_EXERCISE: JSONSchema = {
    "type": "object",
    "description": "An exercise the pack adds to the catalog (the format of rules/exercises.toml).",
    "properties": {
        "id": {"type": "string", "pattern": _ID},
        "name": {"type": "string", "minLength": 1},
        "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "family": {"type": "string", "minLength": 1},
        "group": {"type": "string", "minLength": 1},
        "back_friendly": {"type": "boolean"},
        "pattern": {"enum": [p.value for p in Pattern]},
        "loading": {"enum": [level.value for level in Loading]},
        "role": {"enum": [r.value for r in Role]},
        "primary_muscles": _names(Muscle),
        "secondary_muscles": _names(Muscle),
        "equipment": _names(Equipment),
    },
    "required": [
        "id",
        "name",
        "aliases",
        "family",
        "group",
        "back_friendly",
        "pattern",
        "loading",
        "role",
        "primary_muscles",
        "secondary_muscles",
        "equipment",
    ],
    "additionalProperties": False,
}


def pack_schema(kinds: Mapping[str, type[Check]]) -> JSONSchema:
    """The JSON Schema of one TOML file of a pack, whose rules may use ``kinds``.

    A pack may spread its tables over several files; each file matches this schema.
    """
    defs: dict[str, JSONSchema] = {}
    by_kind = [
        {
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": {
                "properties": {
                    "options": type_schema(kind, defs),
                    "message": {
                        "type": "string",
                        "description": "Message fields this kind fills in: "
                        + (", ".join(f"{{{f}}}" for f in sorted(kind.message_fields)) or "none"),
                    },
                }
            },
        }
        for name, kind in sorted(kinds.items())
    ]
    rule = {
        "allOf": [
            type_schema(RuleEntry, defs),
            {"properties": {"kind": {"enum": sorted(kinds)}}},
            *by_kind,
        ]
    }
    return {
        "$schema": _DRAFT,
        "$id": "urn:backsafe:pack:v1",
        "title": "backsafe rule pack: one TOML file",
        "type": "object",
        "properties": {
            "pack": type_schema(PackEntry, defs),
            "rule": {"type": "array", "items": rule},
            "reference": _table_of(ReferenceEntry, defs),
            "advice": _table_of(AdviceEntry, defs),
            "substitutes": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
            "dose": {
                "type": "object",
                "propertyNames": {"anyOf": [{"pattern": _ID}, {"const": "*"}]},
                "additionalProperties": type_schema(DoseEntry, defs),
            },
            "condition": _table_of(ConditionEntry, defs),
            "group": _table_of(GroupEntry, defs),
            "exercise": {"type": "array", "items": _EXERCISE},
            "alias": {"type": "object", "additionalProperties": {"type": "string"}},
            "override": {"type": "array", "items": type_schema(OverrideEntry, defs)},
        },
        "additionalProperties": False,
        "$defs": defs,
    }
