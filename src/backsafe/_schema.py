"""JSON Schema (draft 2020-12) of interchange format v1 and of the JSON report.

Input schemas: each field's schema comes from its validators' ``json_schema()``, each
class's from its fields and invariants, so the schema cannot drift from what the loader
accepts. Two rules are stricter in the loader than JSON Schema can say, and are noted with
``$comment``: days unique within a week, and metadata nesting at most 32 deep.

The report schema comes from the report classes' field types and the JSON report's keys
(``backsafe.output._json.FIELDS``). As published it is open: objects may hold keys it does
not list and the vocabularies packs or later minor versions may extend (topics, error
kinds, suggestion actions) are plain strings, so a consumer that validates with it keeps
working when a later 1.x report adds something. ``closed=True`` gives the exact schema
of this version (no other keys, known values only), which the tests hold every report to.
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any, Literal

import attrs

from backsafe import _validators as v
from backsafe._choice import Choice
from backsafe._serde import MAX_SYMPTOMS
from backsafe.model import Plan, Profile, Symptom
from backsafe.output._json import COMPUTED, FIELDS, FORMAT_VERSION, OMITTED_WHEN_EMPTY
from backsafe.report import Action, Finding, Level, Report

__all__ = ["DOCUMENTS", "json_schema"]

JSONSchema = dict[str, Any]
Document = Literal["plan", "profile", "symptoms", "report"]

#: The document kinds that have a schema.
DOCUMENTS: tuple[Document, ...] = ("plan", "profile", "symptoms", "report")

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _validators_of(attribute: attrs.Attribute[Any]) -> list[v.Validator]:
    validator = attribute.validator
    inner = getattr(validator, "_validators", None)  # attrs.validators.and_
    found = list(inner) if inner is not None else [validator]
    return [item for item in found if isinstance(item, v.Validator)]


def _field_schema(attribute: attrs.Attribute[Any], defs: dict[str, JSONSchema]) -> JSONSchema:
    schema: JSONSchema = {}
    nullable = False
    for validator in _validators_of(attribute):
        if isinstance(validator, v.Optional):
            nullable = True
            validator = validator.inner  # noqa: PLW2901
        part = validator.json_schema()
        if isinstance(validator, v.Items) and validator.item_class is not None:
            part["items"] = {"$ref": f"#/$defs/{_class_schema(validator.item_class, defs)}"}
        schema.update(part)
    if nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    default = attribute.default
    factory = v.default_factory(attribute)
    if factory is not None:
        schema["default"] = factory()
    elif default is not attrs.NOTHING:
        schema["default"] = list(default) if isinstance(default, tuple) else default
    return schema


def _class_schema(cls: type, defs: dict[str, JSONSchema]) -> str:
    """Add the schema of ``cls`` (and of the classes it holds) to ``defs``; return its name."""
    name = cls.__name__
    if name in defs:
        return name
    defs[name] = {}  # reserve the name first: classes may refer to each other
    properties = {}
    required = []
    for attribute in attrs.fields(cls):
        properties[attribute.name] = _field_schema(attribute, defs)
        if attribute.default is attrs.NOTHING:
            required.append(attribute.name)
    schema: JSONSchema = {
        "type": "object",
        "description": inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].replace("\n", " "),
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    invariants = getattr(cls, "__invariants__", ())
    if invariants:
        schema["allOf"] = [invariant.json_schema() for invariant in invariants]
    defs[name] = schema
    return name


#: Vocabularies that later minor versions may extend: plain strings in the open schema.
_EXTENSIBLE = (Action,)


def _type_schema(hint: Any, closed: bool, defs: dict[str, JSONSchema]) -> JSONSchema:
    """The schema of a value of the report of type ``hint``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        (inner,) = options
        return {"anyOf": [_type_schema(inner, closed, defs), {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(hint)[0], closed, defs)}
    if isinstance(hint, type) and issubclass(hint, Choice):
        if not closed and issubclass(hint, _EXTENSIBLE):
            return {"type": "string", "examples": [member.value for member in hint]}
        return {"enum": [member.value for member in hint]}
    if isinstance(hint, type) and attrs.has(hint):
        return {"$ref": f"#/$defs/{_report_class(hint, closed, defs)}"}
    if hint is object:  # a value as pack data gives it (an override's before and after)
        return {}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    return {"type": simple[hint]}


def _not_null(schema: JSONSchema) -> JSONSchema:
    return (
        next(s for s in schema["anyOf"] if s != {"type": "null"}) if "anyOf" in schema else schema
    )


def _report_class(cls: type, closed: bool, defs: dict[str, JSONSchema]) -> str:
    """Add the schema of the JSON form of ``cls`` (and what it holds) to ``defs``."""
    name = cls.__name__
    if name in defs:
        return name
    defs[name] = {}
    hints = {**typing.get_type_hints(cls), **COMPUTED.get(cls, {})}
    omitted = OMITTED_WHEN_EMPTY.get(cls, frozenset())
    properties = {}
    for key in FIELDS[cls]:
        schema = _type_schema(hints[key], closed, defs)
        if key in omitted:
            schema = _not_null(schema)  # left out rather than null
            if schema.get("type") == "array":
                schema["minItems"] = 1
        elif cls is Finding and key == "location":
            schema = _not_null(schema)  # no location: every key of the location is null
        elif cls is Finding and key == "level":
            schema = {"enum": [level.value for level in Level if level is not Level.OK]}
        properties[key] = schema
    doc = inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].replace("\n", " ")
    defs[name] = {
        "type": "object",
        "description": doc,
        "properties": properties,
        "required": [key for key in FIELDS[cls] if key not in omitted],
        "additionalProperties": not closed,
    }
    return name


def report_schema(*, closed: bool = False) -> JSONSchema:
    """Return the JSON Schema of the JSON report (format version 1).

    The published schema (``closed=False``) lets objects hold keys it does not list and
    takes any string where later minor versions may add values; ``closed=True`` is the
    exact schema of this version.
    """
    defs: dict[str, JSONSchema] = {}
    root = _report_class(Report, closed, defs)
    body = defs.pop(root)
    major = FORMAT_VERSION.split(".", 1)[0]
    version: JSONSchema = (
        {"const": FORMAT_VERSION}
        if closed
        else {"type": "string", "pattern": f"^{major}\\.[0-9]+(?![\\s\\S])"}
    )
    body["properties"] = {"format_version": version, **body["properties"]}
    body["required"] = ["format_version", *body["required"]]
    return {
        "$schema": _DRAFT,
        "$id": f"urn:backsafe:report:v{major}",
        "title": f"backsafe JSON report, format version {major}.x",
        **body,
        "$defs": defs,
    }


def json_schema(document: Document) -> JSONSchema:
    """Return the JSON Schema of a ``plan``, ``profile``, ``symptoms`` or ``report`` document."""
    if document == "report":
        return report_schema()
    defs: dict[str, JSONSchema] = {}
    if document == "symptoms":
        listing = {
            "type": "array",
            "maxItems": MAX_SYMPTOMS,
            "items": {"$ref": f"#/$defs/{_class_schema(Symptom, defs)}"},
        }
        body: JSONSchema = {
            "anyOf": [
                listing,
                {
                    "type": "object",
                    "properties": {"symptoms": listing},
                    "required": ["symptoms"],
                    "additionalProperties": False,
                },
            ]
        }
    elif document in ("plan", "profile"):
        root = Plan if document == "plan" else Profile
        body = {"$ref": f"#/$defs/{_class_schema(root, defs)}"}
    else:
        raise ValueError(f"no schema for {document!r}; choose one of {', '.join(DOCUMENTS)}")
    return {
        "$schema": _DRAFT,
        "$id": f"urn:backsafe:interchange:v1:{document}",
        "title": f"backsafe interchange format v1: {document}",
        **body,
        "$defs": defs,
    }
