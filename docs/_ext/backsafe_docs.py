"""Pages generated from backsafe itself at build time, so the docs cannot drift.

``reference/_generated/`` is written on every build: the interchange format's field
tables (from the model's validators) and, once the engine lands, the rule reference.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
from sphinx.application import Sphinx

from backsafe import _validators as v
from backsafe._schema import json_schema
from backsafe.model import Block, Plan, Profile, Session, Symptom, Week


def _rule_of(validator: Any) -> str:
    parts = []
    for item in getattr(validator, "_validators", [validator]):
        if isinstance(item, v.Optional):
            item = item.inner  # noqa: PLW2901
        schema = item.json_schema()
        if "enum" in schema:
            parts.append("one of " + ", ".join(f"`{value}`" for value in schema["enum"]))
        elif schema.get("type") in ("integer", "number"):
            low = schema.get("minimum", schema.get("exclusiveMinimum"))
            op = ">" if "exclusiveMinimum" in schema else "≥"
            kind = "whole number" if schema["type"] == "integer" else "finite number"
            parts.append(f"{kind} {op} {low:g}, ≤ {schema['maximum']:g}")
        elif schema.get("type") == "string":
            parts.append(
                f"text, {schema['minLength']}–{schema['maxLength']} characters, no control characters"
            )
        elif schema.get("type") == "array":
            what = (
                f"list of `{item.item_class.__name__}`"
                if getattr(item, "item_class", None)
                else "list"
            )
            if item.item is not None:
                what = "list of " + _rule_of(item.item)
            limits = f"at most {schema['maxItems']}"
            if schema.get("minItems"):
                limits = f"{schema['minItems']} to {schema['maxItems']}"
            parts.append(f"{what}, {limits} items")
        elif schema.get("type") == "boolean":
            parts.append("`true` or `false`")
        elif schema.get("type") == "object":
            parts.append("any JSON object, kept as it is (nesting ≤ 32 levels)")
        elif "$comment" in schema:
            parts.append(schema["$comment"])
    return "; ".join(parts)


def _fields_table(cls: type) -> str:
    lines = ["| field | required | default | value |", "| --- | --- | --- | --- |"]
    for attribute in attrs.fields(cls):
        required = attribute.default is attrs.NOTHING
        default = ""
        if not required:
            value = attribute.default
            if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
                value = value.factory()
            default = f"`{json.dumps(list(value) if isinstance(value, tuple) else value)}`"
        lines.append(
            f"| `{attribute.name}` | {'yes' if required else 'no'} | {default} | {_rule_of(attribute.validator)} |"
        )
    for invariant in getattr(cls, "__invariants__", ()):
        lines.append("")
        lines.append(
            f"Also: {type(invariant).__doc__.strip().splitlines()[0]} (`{'`, `'.join(invariant.fields)}`)."
        )
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def generate(app: Sphinx) -> None:
    out = Path(app.srcdir) / "reference" / "_generated"
    out.mkdir(exist_ok=True)
    for cls in (Plan, Week, Session, Block, Profile, Symptom):
        _write(out / f"fields-{cls.__name__.lower()}.md", _fields_table(cls) + "\n")
    for document in ("plan", "profile", "symptoms"):
        _write(out / f"schema-{document}.json", json.dumps(json_schema(document), indent=2) + "\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
