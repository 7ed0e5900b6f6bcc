"""JSON Schema (draft 2020-12) of interchange format v1, generated from the model.

Each field's schema comes from its validators' ``json_schema()``, each class's from its
fields and invariants, so the schema cannot drift from what the loader accepts. Two rules
are stricter in the loader than JSON Schema can say, and are noted with ``$comment``:
days unique within a week, and metadata nesting at most 32 deep.
"""

from __future__ import annotations

import inspect
from typing import Any, Literal

import attrs

from backsafe import _validators as v
from backsafe._serde import MAX_SYMPTOMS
from backsafe.model import Plan, Profile, Symptom

__all__ = ["DOCUMENTS", "json_schema"]

JSONSchema = dict[str, Any]
Document = Literal["plan", "profile", "symptoms"]

#: The document kinds that have a schema.
DOCUMENTS: tuple[Document, ...] = ("plan", "profile", "symptoms")

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


def json_schema(document: Document) -> JSONSchema:
    """Return the JSON Schema of a ``plan``, ``profile`` or ``symptoms`` document."""
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
