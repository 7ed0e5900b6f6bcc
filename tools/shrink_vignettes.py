"""Shrink vignette files: write each plan as a shared base plan and a patch.

The project's vignettes repeat one clean week in almost every case. This rewrites every
``*.toml`` file of a folder (``tests/vignettes`` by default) in the vignette format's
``base``/``repeat``/``patch`` form wherever that is shorter, with the base plans in
``common.toml`` (created from the vignette ``clean-plans.toml::clean-week`` when it does
not exist). It is mechanical and idempotent: run it again after adding vignettes in any
form. Each file is checked before it is replaced: its vignettes must load to the same
cases (plans, profiles, symptoms, notes and expectations) as before.

The file's leading comments and the comments just before each ``[[vignette]]`` are kept;
comments inside a plan (week markers) go with the plan they described.

Usage: python tools/shrink_vignettes.py [FOLDER] [--check]
(``--check`` changes nothing and exits 1 when a file would change.)
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import math
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from backsafe.testing._patch import apply, format_path  # noqa: E402
from backsafe.testing.vignettes import VignetteError, load_file  # noqa: E402

COMMON = "common.toml"
DEFAULT_BASE = ("clean-plans.toml", "clean-week")
#: The order of a vignette's keys in the files written.
KEY_ORDER = (
    "name",
    "description",
    "triggers",
    "near_miss_of",
    "expect_verdict",
    "expect_codes",
    "expect_findings",
    "xfail_reason",
    "profile",
    "symptoms",
    "notes",
    "base",
    "repeat",
    "patch",
    "plan",
)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

Path_ = tuple[str | int, ...]


# --- TOML writing --------------------------------------------------------------------------


def key(name: str) -> str:
    """A TOML key, quoted when it is not bare."""
    return name if _BARE_KEY.match(name) else json.dumps(name)


def value(obj: Any) -> str:
    """A TOML value on one line (inline tables and arrays)."""
    if isinstance(obj, bool):
        return "true" if obj else "false"
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        if math.isnan(obj):
            return "nan"
        if math.isinf(obj):
            return "inf" if obj > 0 else "-inf"
        text = repr(obj)
        return text if any(c in text for c in ".en") else f"{text}.0"
    if isinstance(obj, str):
        return json.dumps(obj, ensure_ascii=False)
    if isinstance(obj, list):
        return "[" + ", ".join(value(item) for item in obj) + "]"
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {value(v)}" for k, v in obj.items()) + " }"
    raise TypeError(f"cannot write {obj!r} as TOML")


def text(obj: str) -> str:
    """A string; a multi-line one as a literal block, as the vignettes write descriptions."""
    if "\n" in obj and "'''" not in obj and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", obj):
        return f"'''\n{obj}'''"
    return value(obj)


def array(items: Sequence[Any], indent: str = "") -> str:
    """An array, one item a line when it has more than one."""
    if len(items) <= 1:
        return value(list(items))
    return "[\n" + "".join(f"{indent}  {value(item)},\n" for item in items) + f"{indent}]"


def plan_tables(plan: Mapping[str, Any], prefix: str) -> list[str]:
    """A plan as the vignettes write one: a table per week and per session."""
    head = [f"{key(k)} = {value(v)}" for k, v in plan.items() if k != "weeks"]
    lines: list[str] = []
    if head:
        lines += [f"[{prefix}]", *head, ""]
    for week in plan.get("weeks", []):
        lines.append(f"[[{prefix}.weeks]]")
        lines += [f"{key(k)} = {value(v)}" for k, v in week.items() if k != "sessions"]
        for session in week.get("sessions", []):
            lines.append(f"[[{prefix}.weeks.sessions]]")
            for name, item in session.items():
                if name in ("blocks",) and isinstance(item, list):
                    lines.append(f"{key(name)} = {array(item)}")
                else:
                    lines.append(f"{key(name)} = {value(item)}")
            lines.append("")
        if not week.get("sessions"):
            lines.append("")
    return lines


# --- patches -------------------------------------------------------------------------------


def _fingerprint(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True)


def diff(old: Any, new: Any, path: Path_ = ()) -> list[dict[str, Any]]:
    """Operations that turn ``old`` into ``new``, the fewest characters it finds."""
    if isinstance(old, dict) and isinstance(new, dict):
        ops: list[dict[str, Any]] = []
        for name in old:
            if name not in new:
                ops.append({"remove": format_path((*path, name))})
        for name, item in new.items():
            if name not in old:
                ops.append({"set": format_path((*path, name)), "value": item})
            elif old[name] != item:
                ops += diff(old[name], item, (*path, name))
        return _cheaper(ops, path, new)
    if isinstance(old, list) and isinstance(new, list):
        ops = _aligned(old, new, path)
        if len(old) == len(new):
            # Item by item, when that is shorter (a change in every week, say).
            positional = [op for i in range(len(old)) for op in diff(old[i], new[i], (*path, i))]
            ops = min(ops, positional, key=_size)
        return _cheaper(ops, path, new) if path else ops
    if old == new:
        return []
    return [{"set": format_path(path), "value": new}]


def _aligned(old: list[Any], new: list[Any], path: Path_) -> list[dict[str, Any]]:
    """Operations for two lists, aligning equal items (inserts and removals)."""
    ops: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(
        a=[_fingerprint(x) for x in old], b=[_fingerprint(x) for x in new], autojunk=False
    )
    offset = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                ops += diff(old[i1 + k], new[j1 + k], (*path, i1 + k + offset))
            continue
        if tag in ("replace", "delete"):
            for _ in range(i2 - i1):
                ops.append({"remove": format_path((*path, i1 + offset))})
            offset -= i2 - i1
        if tag in ("replace", "insert"):
            for k in range(j2 - j1):
                ops.append({"insert": format_path((*path, i2 + offset + k)), "value": new[j1 + k]})
            offset += j2 - j1
    return ops


def _cheaper(ops: list[dict[str, Any]], path: Path_, new: Any) -> list[dict[str, Any]]:
    if not path:
        return ops
    whole = [{"set": format_path(path), "value": new}]
    return whole if _size(whole) < _size(ops) else ops


def _size(ops: Sequence[Mapping[str, Any]]) -> int:
    return sum(len(value(dict(op))) + 4 for op in ops)


def as_patch(plan: Mapping[str, Any], bases: Mapping[str, Any]) -> dict[str, Any] | None:
    """The shortest ``base``/``repeat``/``patch`` form of ``plan``, or ``None`` if longer."""
    best: tuple[int, dict[str, Any]] | None = None
    for name, base in bases.items():
        weeks = len(base.get("weeks", [])) or 1
        repeat = max(1, round(len(plan.get("weeks", [])) / weeks))
        ops = diff(base_with(base, repeat), dict(plan))
        assert apply(base_with(base, repeat), ops) == plan, name
        form: dict[str, Any] = {"base": name}
        if repeat > 1:
            form["repeat"] = repeat
        if ops:
            form["patch"] = ops
        size = _size(ops) + len(name) + 20
        if best is None or size < best[0]:
            best = (size, form)
    if best is None or best[0] >= len("\n".join(plan_tables(plan, "vignette.plan"))):
        return None
    return best[1]


def base_with(base: Mapping[str, Any], repeat: int) -> dict[str, Any]:
    """``base`` with its weeks repeated, as the vignette format repeats them (copies)."""
    weeks = [copy.deepcopy(w) for _ in range(repeat) for w in base.get("weeks", [])]
    return dict(base, weeks=weeks)


# --- files ---------------------------------------------------------------------------------


_FILE_PLAN = ("[[plan.", "[plan]", "[plan.", "plan =", "base =", "repeat =", "patch =")


def comments(source: str) -> tuple[list[str], list[list[str]], list[str]]:
    """The file's leading comments, those before each ``[[vignette]]``, before its plan."""
    lines = source.splitlines()
    first = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")),
        len(lines),
    )
    header = _trimmed(lines[:first])
    plan: list[str] = []
    if first < len(lines) and lines[first].startswith(_FILE_PLAN) and "" in header:
        # The header's last paragraph introduces the file's plan.
        cut = len(header) - header[::-1].index("")
        header, plan = _trimmed(header[:cut]), header[cut:]
    before: list[list[str]] = []
    for index, line in enumerate(lines):
        if index < first:
            continue
        is_vignette = line.strip() == "[[vignette]]"
        is_plan = not before and line.startswith(_FILE_PLAN)
        if not (is_vignette or is_plan):
            continue
        start = index
        while start > first and (not lines[start - 1].strip() or lines[start - 1].startswith("#")):
            start -= 1
        block = _trimmed(lines[start:index])
        if is_vignette:
            before.append(block)
        elif not plan:
            plan = block
    return header, before, plan


def _trimmed(lines: list[str]) -> list[str]:
    lines = list(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


_WIDTH = 100
_TABLES = ("symptoms", "notes", "expect_findings")


def vignette_lines(data: Mapping[str, Any], shrunk: Mapping[str, Any] | None) -> list[str]:
    """A vignette: its keys in order, then (long) profile and symptoms, then its plan."""
    fields = dict(data)
    if shrunk is not None:
        fields.pop("plan", None)
        fields.update(shrunk)
    lines = ["[[vignette]]"]
    tables: list[str] = []
    unknown = [k for k in fields if k not in KEY_ORDER]
    for name in [*KEY_ORDER, *unknown]:
        if name not in fields or name == "plan":
            continue
        item = fields[name]
        line = f"{key(name)} = {value(item)}"
        if name == "description" and isinstance(item, str):
            lines.append(f"description = {text(item)}")
        elif name == "profile" and isinstance(item, dict) and len(line) > _WIDTH:
            tables += [
                "",
                "[vignette.profile]",
                *(f"{key(k)} = {value(v)}" for k, v in item.items()),
            ]
        elif name in _TABLES and isinstance(item, list) and len(line) > _WIDTH:
            for entry in item:
                tables += ["", f"[[vignette.{name}]]"]
                tables += [f"{key(k)} = {value(v)}" for k, v in entry.items()]
        elif name == "patch" and isinstance(item, list):
            lines.append(f"patch = {array(item)}")
        else:
            lines.append(line)
    lines += tables
    if "plan" in fields:
        lines += ["", *plan_tables(fields["plan"], "vignette.plan")]
    return lines


def rewrite(path: Path, bases: Mapping[str, Any]) -> str:
    """The text of the vignette file ``path`` with its plans shrunk."""
    source = path.read_text()
    document = tomllib.loads(source)
    header, before, plan_comment = comments(source)
    out = [*header, ""] if header else []
    top = {k: v for k, v in document.items() if k not in ("vignette", "plan", "fragments")}
    includes = list(dict.fromkeys([*top.pop("include", []), COMMON]))
    out.append(f"include = {value(includes)}")
    out += [
        f"{key(k)} = {value(v)}" for k, v in top.items() if k not in ("base", "repeat", "patch")
    ]
    spec: dict[str, Any] = {k: top[k] for k in ("base", "repeat", "patch") if k in top}
    if "plan" in document:
        shrunk = as_patch(document["plan"], bases)
        spec = {} if shrunk is None else shrunk
    if spec or "plan" in document:
        out.append("")
        out += plan_comment
        if spec:
            out += [
                f"{name} = {array(item) if name == 'patch' else value(item)}"
                for name, item in spec.items()
            ]
        else:
            out += plan_tables(document["plan"], "plan")
    for name, fragment in document.get("fragments", {}).items():
        out.append("")
        if isinstance(fragment, dict) and "weeks" in fragment:
            out += plan_tables(fragment, f"fragments.{key(name)}")
        elif isinstance(fragment, dict):
            out += [
                f"[fragments.{key(name)}]",
                *(f"{key(k)} = {value(v)}" for k, v in fragment.items()),
            ]
        else:
            out.append(f"fragments.{key(name)} = {value(fragment)}")
    for index, data in enumerate(document.get("vignette", [])):
        out.append("")
        remarks = before[index] if index < len(before) else []
        if remarks:
            out += [*remarks, ""]
        shrunk = as_patch(data["plan"], bases) if "plan" in data else None
        out += vignette_lines(data, shrunk)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def same_cases(old: Path, new_text: str) -> None:
    """The new text loads to the same vignettes as the old file; ``ValueError`` if not."""
    with tempfile.NamedTemporaryFile("w", suffix=".toml", dir=old.parent, delete=False) as file:
        file.write(new_text)
    try:
        before = load_file(old).vignettes
        after = load_file(Path(file.name)).vignettes
    finally:
        Path(file.name).unlink()
    fields = (
        "name", "description", "expect_verdict", "expect_codes", "triggers", "near_miss_of",
        "expect_findings", "profile", "symptoms", "notes", "xfail_reason", "plan",
    )  # fmt: skip
    if len(before) != len(after):
        raise ValueError(f"{old}: {len(before)} vignettes became {len(after)}")
    for a, b in zip(before, after, strict=True):
        for name in fields:
            if getattr(a, name) != getattr(b, name):
                raise ValueError(f"{old}::{a.name}: {name} changed")


def common(folder: Path) -> dict[str, Any]:
    """The base plans of ``common.toml``, written first from the clean week if needed."""
    target = folder / COMMON
    if not target.exists():
        file, name = DEFAULT_BASE
        data = tomllib.loads((folder / file).read_text())
        (plan,) = [v["plan"] for v in data["vignette"] if v["name"] == name]
        lines = [
            '# Plans and parts that the vignettes of this folder build on (base = "...").',
            f"# The clean week: as {file}::{name} describes it, nothing to find.",
            "",
            *plan_tables(plan, "fragments.clean-week"),
        ]
        while lines and not lines[-1].strip():
            lines.pop()
        target.write_text("\n".join(lines) + "\n")
    fragments = tomllib.loads(target.read_text()).get("fragments", {})
    return {n: f for n, f in fragments.items() if isinstance(f, dict) and "weeks" in f}


def files(folder: Path) -> Iterator[Path]:
    """The vignette files of ``folder``, the common fragments aside."""
    for path in sorted(folder.glob("*.toml")):
        if path.name != COMMON:
            yield path


def main(argv: Sequence[str] | None = None) -> int:
    """Shrink the files of the folder given (or check that they are shrunk)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "tests" / "vignettes"))
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file would change"
    )
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if args.check and not (folder / COMMON).exists():
        print(f"{folder / COMMON} does not exist yet")
        return 1
    bases = common(folder)
    changed = 0
    for path in files(folder):
        new = rewrite(path, bases)
        if new == path.read_text():
            continue
        try:
            same_cases(path, new)
        except VignetteError as error:
            # A form the rewrite does not handle (a vignette with no plan: symptoms alone):
            # the file is left as it is, never rewritten into something else.
            print(f"{path}: left as it is ({error})")
            continue
        changed += 1
        before, after = len(path.read_text().splitlines()), len(new.splitlines())
        print(f"{path}: {before} -> {after} lines")
        if not args.check:
            path.write_text(new)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
