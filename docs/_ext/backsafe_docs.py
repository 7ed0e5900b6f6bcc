"""Pages generated from backsafe itself at build time, so the docs cannot drift.

Written on every build: the interchange format's field tables in
``reference/_generated/`` (from the model's validators), and the pages
``reference/rules.md`` (from the registry) and ``reference/coverage.md`` (from
``rules/coverage.toml``).
"""

from __future__ import annotations

import enum
import inspect
import json
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

import attrs
from sphinx.application import Sphinx

from backsafe import _tomllib as tomllib
from backsafe import _validators as v
from backsafe._data import rules_dir
from backsafe._fix._explain import fix_availability, fix_safety_lines
from backsafe._schema import json_schema
from backsafe.engine._options import REFERS_TO
from backsafe.model import Block, Plan, Profile, Session, Symptom, Week
from backsafe.packs import PackSet


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
        elif schema.get("type") == "string" and "minLength" not in schema:
            parts.append(
                f"an id: lowercase letters and digits joined by hyphens, at most {schema['maxLength']} characters"
            )
        elif schema.get("type") == "string":
            parts.append(
                f"text, {schema['minLength']} to {schema['maxLength']} characters, no control characters"
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
        text = invariant.summary().rstrip(".")
        if type(invariant).summary is v.Invariant.summary:  # a generic sentence: name the fields
            text += f" (`{'`, `'.join(invariant.fields)}`)"
        lines += ["", f"Also: {text}."]
    return "\n".join(lines)


_RULES_INTRO = """# Rule reference

Every rule of the default pack, generated from the registry when these docs are built:
what it finds, why it matters (with the guide's words and the cited guidelines), an
example that triggers it, what to do instead, the message a finding carries, its options
and its references. `backsafe explain CODE` prints the same text, and `backsafe rules`
lists the rules.

Levels: `info < caution < modify < stop < refer < urgent`. The red flags (`BS0..`) and
`BS902` are always checked, whatever `--select` and `--ignore` say.

"""

_COVERAGE_INTRO = """# Guide coverage

The default pack encodes the guide "Lower back pain after glute exercises: Causes and
Solutions". This table, generated from `rules/coverage.toml`, maps each of the guide's
numbered items and FAQ answers to the rules and data that implement it, and notes what
cannot be checked from a plan. A test fails if an item is unmapped or names a rule or
entry that does not exist.

"""


def _rule_section(rule: Any) -> str:
    facts = [
        ("level", f"`{rule.level.value}`"),
        ("topic", f"`{rule.topic}`"),
        ("scope", f"`{rule.scope.value}`"),
        ("pack", f"`{rule.pack}`"),
        ("fix", fix_availability(rule).removeprefix("Fix is ").rstrip(".")),
        ("can be ignored", "yes" if rule.suppressible else "no: always checked"),
    ]
    lines = [f"## {rule.code} {rule.name}", "", " · ".join(f"**{k}:** {v}" for k, v in facts), ""]
    lines += ["### What it does", "", textwrap.dedent(rule.summary).strip(), ""]
    lines += ["### Why it matters", "", textwrap.dedent(rule.why).strip(), ""]
    if rule.example:
        lines += ["### Example", "", "```text", textwrap.dedent(rule.example).strip(), "```", ""]
    if rule.fix:
        lines += ["### What to do instead", "", textwrap.dedent(rule.fix).strip(), ""]
    if rule.fixable:
        lines += ["### Fix safety", "", *fix_safety_lines(rule), ""]
    lines += ["### Message", "", f"`{rule.message}`", ""]
    if rule.options:
        lines += [
            "### Options",
            "",
            "```json",
            json.dumps(rule.options, indent=2, sort_keys=True),
            "```",
            "",
        ]
    lines += ["### References", ""]
    for reference in rule.references:
        title = f"[{reference.title}]({reference.url})" if reference.url else reference.title
        lines.append(f"- {title}" + (f", {reference.section}" if reference.section else ""))
    return "\n".join(lines) + "\n"


def _rules_page() -> str:
    packs = PackSet.load()
    rules = packs.rules
    lines = [
        "| code | name | pack | level | topic | summary |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        anchor = f"{rule.code.lower()}-{rule.name}"
        lines.append(
            f"| [{rule.code}](#{anchor}) | `{rule.name}` | {rule.pack} | {rule.level.value} | {rule.topic} | {rule.summary} |"
        )
    installed = ", ".join(f"`{p.name}` {p.version} ({p.prefix})" for p in packs.packs)
    head = f"Packs installed when these docs were built: {installed}.\n\n"
    return head + "\n".join(lines) + "\n\n" + "\n".join(_rule_section(rule) for rule in rules)


def _coverage_page() -> str:
    items = tomllib.loads((rules_dir() / "coverage.toml").read_text())["item"]
    lines = ["| guide section | item | rules | data | note |", "| --- | --- | --- | --- | --- |"]
    for item in items:
        rules = ", ".join(
            f"[{code}](rules.md#{code.lower()}-{_name(code)})" for code in item.get("rules", [])
        )
        data = ", ".join(f"`{entry}`" for entry in item.get("data", []))
        lines.append(
            f"| {item['section']} | {item['text']} | {rules} | {data} | {item.get('note', '')} |"
        )
    return "\n".join(lines) + "\n"


def _type_text(t: Any) -> str:
    """A rule option's type, as a pack author writes the value in TOML."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if t is str:
        return "string"
    if t is bool:
        return "true or false"
    if t is int:
        return "whole number"
    if t is float:
        return "number"
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in t)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        parts = [_type_text(a) for a in args if a is not type(None)]
        return " or ".join(parts)
    if origin is tuple:
        return f"list of ({_type_text(args[0])})"
    if origin is not None and args and len(args) == 2:
        return f"table of {_type_text(args[0])} to ({_type_text(args[1])})"
    if attrs.has(t):
        fields = ", ".join(f"`{f.alias}`" for f in attrs.fields(t) if f.init)
        return f"table ({t.__name__}: {fields})"
    return f"`{t}`"


def _kinds_page() -> str:
    lines = [_KINDS_INTRO]
    for name, kind in sorted(PackSet.load().kinds.items()):
        attrs.resolve_types(kind)
        doc = inspect.cleandoc(kind.__doc__ or "")
        lines += [
            f"## `{name}`",
            "",
            f"Scope: `{kind.scope.value}`.",
            "",
            doc,
            "",
            "Message fields: "
            + (", ".join(f"`{{{f}}}`" for f in sorted(kind.message_fields)) or "none")
            + ".",
            "",
            "| option | type | default |",
            "| --- | --- | --- |",
        ]
        for field in attrs.fields(kind):
            if not field.init:
                continue
            factory = v.default_factory(field)
            if field.default is attrs.NOTHING:
                default = "required"
            elif factory is not None:
                default = f"`{json.dumps(factory())}`"
            else:
                value = field.default
                default = f"`{json.dumps(getattr(value, 'value', value))}`"
            kind_of = _type_text(field.type)
            refers = field.metadata.get(REFERS_TO)
            if refers:
                kind_of += f" (each a known {refers} id)"
            lines.append(f"| `{field.alias}` | {kind_of} | {default} |")
        lines.append("")
    return "\n".join(lines)


_KINDS_INTRO = """# Rule kinds

A rule of a pack written as data names one of these built-in kinds and gives its
options; the default pack's `rules/rules.toml` and `rules/red_flags.toml` are written
this way, and a clinic's data-only pack can be too. Options are checked when the pack
loads, and every problem is reported with its file and field path.

```toml
[[rule]]
code = "BS402"
name = "spine-not-neutral"
kind = "missing-cue"
topic = "form"
level = "caution"
summary = "Deadlift variations without a neutral-spine cue."
message = "{exercise} without a neutral-spine cue: ..."
references = [{ ref = "guide", section = "Exercises That Can Cause Lower Back Pain, item 2" }]
options = { groups = ["deadlifts"], cues = ["neutral-spine"] }
```
"""


def _substitutes_page() -> str:
    packs = PackSet.load()
    catalog = packs.catalog
    lines = [
        "| replaced exercise (family, group or role) | substitutes, best first | primary muscles"
        " | equipment |",
        "| --- | --- | --- | --- |",
    ]
    for key, ids in sorted(packs.library.substitutes.items()):
        if key == "*":
            what = "any other exercise (`*`)"
        elif key.startswith("role:"):
            what = f"any other {key.removeprefix('role:')} exercise (`{key}`)"
        elif key in catalog.groups:
            what = f"{catalog.groups[key].name} (group `{key}`)"
        else:
            what = f"{catalog.get(key).name} (family `{key}`)"
        names = "<br>".join(catalog.get(i).name for i in ids)
        muscles = "<br>".join(
            ", ".join(str(m) for m in catalog.get(i).primary_muscles) for i in ids
        )
        equipment = "<br>".join(", ".join(str(e) for e in catalog.get(i).equipment) for i in ids)
        lines.append(f"| {what} | {names} | {muscles} | {equipment} |")
    return "\n".join(lines) + "\n"


def _doses_page() -> str:
    pack = PackSet.load().pack("backsafe")
    catalog = PackSet.load().catalog
    lines = ["| exercise | dose | sources |", "| --- | --- | --- |"]
    for key, dose in sorted(pack.doses.items()):
        what = "any other exercise (`*`)" if key == "*" else catalog.get(key).name
        amount = f"{dose.reps} reps" if dose.reps is not None else f"{dose.duration_s:g} s"
        sources = "; ".join(
            f"`{r.id}`" + (f" ({r.section})" if r.section else "")
            for r in pack.dose_references.get(key, ())
        )
        lines.append(f"| {what} | {dose.sets} x {amount} | {sources} |")
    return "\n".join(lines) + "\n"


def _fixes_page() -> str:
    lines = [
        "| rule | level | fix | what fix does | safety |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in PackSet.load().rules:
        available = fix_availability(rule).removeprefix("Fix is ").rstrip(".")
        actions = ", ".join(f"`{a.value}`" for a in rule.actions) or "none"
        safety = ", ".join(s.value for s in rule.fix_safety) or "-"
        link = f"{rule.code} `{rule.name}`"
        lines.append(f"| {link} | {rule.level.value} | {available} | {actions} | {safety} |")
    return "\n".join(lines) + "\n"


def _name(code: str) -> str:
    return PackSet.load().registry.get(code).name


def _write(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def generate(app: Sphinx) -> None:
    out = Path(app.srcdir) / "reference" / "_generated"
    out.mkdir(parents=True, exist_ok=True)
    for cls in (Plan, Week, Session, Block, Profile, Symptom):
        _write(out / f"fields-{cls.__name__.lower()}.md", _fields_table(cls) + "\n")
    for document in ("plan", "profile", "symptoms"):
        _write(out / f"schema-{document}.json", json.dumps(json_schema(document), indent=2) + "\n")
    reference = Path(app.srcdir) / "reference"
    _write(reference / "rules.md", _RULES_INTRO + _rules_page())
    _write(reference / "coverage.md", _COVERAGE_INTRO + _coverage_page())
    _write(reference / "kinds.md", _kinds_page())
    _write(out / "substitutes.md", _substitutes_page())
    _write(out / "doses.md", _doses_page())
    _write(out / "fixes.md", _fixes_page())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
