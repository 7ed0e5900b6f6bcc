"""Vignettes: clinical cases in TOML, each with the verdict and findings it must get.

A vignette file holds ``[[vignette]]`` tables. Each states a plan (interchange format
v1), optionally a ``profile``, ``symptoms`` and an adapter's ``notes``, and what the check
must find. The pytest plugin collects vignette files as test items (see the
``backsafe_vignettes`` ini option); `load_file` and `Vignette.run` run them anywhere.

A vignette's keys:

``name`` (required)
    Unique within the file; the test id is ``file-stem/name``.
``description``
    The case in words, shown when the vignette fails.
``expect_verdict`` (required)
    The report's verdict: ``ok``, ``info`` ... ``urgent``.
``expect_codes``
    The exact set of codes the report must have (info findings included).
``triggers``, ``near_miss_of``
    Codes that must fire, and codes that must not (a near miss: a minimal change that
    keeps the rule silent).
``expect_findings``
    Findings that must be there: ``{ code = "BS601", level = "caution", location = {
    week = 2, session = 1 } }`` (``level`` and ``location`` optional; only the location
    fields given are compared).
``plan``, or ``base`` with ``repeat`` and ``patch``
    The plan: a whole document, or a named fragment (``base = "clean-week"``) whose weeks
    are repeated ``repeat`` times and then patched (see below). Without either, the
    file's plan.
``profile``, ``symptoms``, ``notes``
    As the interchange format has them; ``notes`` are `backsafe.adapters.InputNote`
    fields (``kind``, ``level``, ``message``, optionally ``location`` and ``source``).
``xfail_reason``
    The vignette states what the rule's documentation says but the engine does not do
    yet: a strict xfail (once it passes, the mark must go).

At the top of a file: ``plan`` (or ``base``, ``repeat`` and ``patch``), the plan of every
vignette that gives none; ``[fragments.NAME]``, named values (a plan, a session, a
block...) that ``base`` and ``use`` name; ``include``, files (relative to this one) whose
fragments this file may use; ``packs``, packs the vignettes need besides the run's
(installed pack names, or directories relative to the file). A file with fragments and
no vignettes is a fragment library.

A patch is a list of operations on the plan document, applied in order, each naming a
field path as `backsafe.InputError` writes them (0-based):

.. code-block:: toml

    patch = [
      { set = "weeks[0].sessions[0].blocks[0].load_kg", value = 55.5 },
      { insert = "weeks[0].sessions[1].blocks[0]", use = "hip-thrust" },
      { remove = "weeks[0].sessions[1]" },
      { insert = "weeks[1]", use = "deload-week" },
    ]
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from backsafe import _tomllib as tomllib
from backsafe._serde import load_plan, load_profile, load_symptoms
from backsafe.adapters import InputNote
from backsafe.engine import Checker
from backsafe.output._escape import printable
from backsafe.report import Level, Location, Part, Report
from backsafe.testing import _render, _run
from backsafe.testing._patch import PatchError, apply

__all__ = [
    "ExpectedFinding",
    "Vignette",
    "VignetteError",
    "VignetteFile",
    "load_file",
    "load_vignettes",
]

_FILE_KEYS = frozenset(
    {"vignette", "plan", "base", "repeat", "patch", "fragments", "include", "packs"}
)
_REQUIRED = ("name", "expect_verdict")
_KEYS = frozenset(
    {
        *_REQUIRED,
        "description",
        "expect_codes",
        "triggers",
        "near_miss_of",
        "expect_findings",
        "plan",
        "base",
        "repeat",
        "patch",
        "profile",
        "symptoms",
        "notes",
        "xfail_reason",
    }
)
_LOCATION_KEYS = frozenset(attrs.fields_dict(Location))
_NOTE_KEYS = frozenset({"kind", "level", "message", "location", "source"})
_MAX_REPEAT = 260


class VignetteError(ValueError):
    """A vignette file that cannot be read: the message names the file, vignette and key."""


@attrs.frozen
class ExpectedFinding:
    """A finding a vignette must get: ``code``, and optionally its level and place."""

    code: str
    level: Level | None = None
    location: Mapping[str, Any] | None = None

    def matches(self, report: Report) -> bool:
        """Whether ``report`` has such a finding."""
        for finding in report.findings:
            if finding.code != self.code or (self.level and finding.level is not self.level):
                continue
            here = finding.location or Location()
            if all(getattr(here, k) == v for k, v in (self.location or {}).items()):
                return True
        return False

    def __str__(self) -> str:
        text = self.code + (f" at level {self.level}" if self.level else "")
        if self.location:
            text += " at " + ", ".join(f"{k} {v}" for k, v in self.location.items())
        return text


@attrs.frozen
class Vignette:
    """One clinical case and what its check must find (see the module for the format).

    ``plan`` is the plan document after ``base``, ``repeat`` and ``patch`` are applied;
    ``profile`` and ``symptoms`` are documents too, loaded when the vignette runs.
    ``expect_codes`` is ``None`` when the vignette does not state the exact codes.
    """

    name: str
    path: Path
    expect_verdict: Level
    plan: Mapping[str, Any]
    description: str = ""
    profile: Mapping[str, Any] | None = None
    symptoms: tuple[Any, ...] = ()
    notes: tuple[InputNote, ...] = ()
    expect_codes: frozenset[str] | None = None
    triggers: tuple[str, ...] = ()
    near_miss_of: tuple[str, ...] = ()
    expect_findings: tuple[ExpectedFinding, ...] = ()
    xfail_reason: str | None = None
    packs: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """``file-stem/name``."""
        return f"{self.path.stem}/{self.name}"

    def run(
        self,
        checker: Checker | None = None,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> Report:
        """Check the vignette's plan, profile, symptoms and notes.

        ``checker`` defaults to the run's packs with the file's ``packs``; ``select``
        and ``ignore`` choose rules of those packs instead. Bad input in the vignette
        raises `backsafe.InputError`.
        """
        if checker is None or select is not None or ignore is not None:
            checker = _run.packset(self.packs).checker(select, ignore)
        plan = load_plan(dict(self.plan))
        profile = None if self.profile is None else load_profile(dict(self.profile))
        symptoms = load_symptoms(list(self.symptoms))
        return checker.check(plan, profile, symptoms, notes=self.notes)

    def mismatches(self, report: Report) -> list[str]:
        """What ``report`` does not do that the vignette expects; empty when it passes."""
        found = set(report.codes)
        problems = [f"the check is incomplete: {printable(e.message)}" for e in report.errors]
        if report.verdict is not self.expect_verdict:
            problems.append(f"verdict is {report.verdict}, expected {self.expect_verdict}")
        if self.expect_codes is not None and found != self.expect_codes:
            extra = ", ".join(sorted(found - self.expect_codes))
            missing = ", ".join(sorted(self.expect_codes - found))
            if extra:
                problems.append(f"codes not expected: {extra}")
            if missing:
                problems.append(f"codes expected but not found: {missing}")
        problems += [
            f"{code} did not fire (a trigger)" for code in self.triggers if code not in found
        ]
        problems += [
            f"{code} fired on its near miss" for code in self.near_miss_of if code in found
        ]
        problems += [f"no {e} finding" for e in self.expect_findings if not e.matches(report)]
        return problems

    def explain(self, report: Report, mismatches: Sequence[str] | None = None) -> str:
        """A failure message: the case, what went wrong, the findings and the weeks."""
        problems = self.mismatches(report) if mismatches is None else mismatches
        lines = [f"vignette {self.id} ({self.path})"]
        if self.description.strip():
            lines += [f"  {line}" for line in self.description.strip().splitlines()]
        lines += ["", "mismatches:", *(f"  - {p}" for p in problems), ""]
        lines.append(f"report: verdict {report.verdict} ({len(report.findings)} findings)")
        lines += [line for f in report.findings for line in _render.finding_lines(f)]
        plan = load_plan(dict(self.plan))
        shown = [f for f in report.findings if f.level > Level.INFO]
        weeks = sorted({f.location.week for f in shown if f.location and f.location.week})
        for number in weeks[: _render.MAX_WEEKS_SHOWN]:
            if number <= len(plan.weeks):
                lines.append("")
                lines += _render.week_lines(plan.weeks[number - 1], number, report.findings)
        return "\n".join(lines)


@attrs.frozen
class VignetteFile:
    """A vignette file: its vignettes and the fragments it defines or includes."""

    path: Path
    vignettes: tuple[Vignette, ...]
    fragments: Mapping[str, Any]


class _Reader:
    """Reads one file's raw TOML into vignettes, naming the place of every problem."""

    def __init__(self, path: Path, stack: tuple[Path, ...]) -> None:
        self.path = path
        self.stack = stack

    def fail(self, where: str, message: str) -> VignetteError:
        place = f"{self.path}: {where}: " if where else f"{self.path}: "
        return VignetteError(place + message)

    def strings(self, value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, f"must be a list of strings, got {value!r}")
        return tuple(value)

    def table(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be a table, got {value!r}")
        return value

    def level(self, value: object, where: str) -> Level:
        try:
            return Level(value)
        except ValueError:
            raise self.fail(where, f"must be one of {', '.join(Level)}, got {value!r}") from None

    def read(self) -> VignetteFile:
        try:
            with self.path.open("rb") as file:
                document = tomllib.load(file)
        except OSError as error:
            raise self.fail("", f"cannot be read: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise self.fail("", f"is not valid TOML: {error}") from None
        unknown = sorted(set(document) - _FILE_KEYS)
        if unknown:
            raise self.fail(
                "", f"unknown top-level keys {unknown} (known: {', '.join(sorted(_FILE_KEYS))})"
            )
        fragments = self.fragments(document)
        packs = tuple(
            str((self.path.parent / p).resolve()) if (self.path.parent / p).is_dir() else p
            for p in self.strings(document.get("packs", []), "packs")
        )
        raw = document.get("vignette", [])
        if not isinstance(raw, list):
            raise self.fail("vignette", "must be an array of tables ([[vignette]])")
        if not raw and not fragments:
            raise self.fail("", "has no [[vignette]] and no [fragments]")
        has_plan = any(key in document for key in ("plan", "base"))
        default = self.plan(document, fragments, None, "the file's plan") if has_plan else None
        vignettes = [self.vignette(v, i, fragments, default, packs) for i, v in enumerate(raw)]
        names = [v.name for v in vignettes]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise self.fail("", f"vignette names used twice: {repeated}")
        return VignetteFile(self.path, tuple(vignettes), fragments)

    def fragments(self, document: Mapping[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for name in self.strings(document.get("include", []), "include"):
            target = (self.path.parent / name).resolve()
            if target in self.stack:
                raise self.fail("include", f"{name!r} includes this file again (a cycle)")
            included = _Reader(target, (*self.stack, target)).read()
            merged.update(included.fragments)
        own = self.table(document.get("fragments", {}), "fragments")
        return {**merged, **own}

    def plan(
        self,
        spec: Mapping[str, Any],
        fragments: Mapping[str, Any],
        default: dict[str, Any] | None,
        where: str,
    ) -> dict[str, Any]:
        if "plan" in spec and "base" in spec:
            raise self.fail(where, "give plan or base, not both")
        if "plan" in spec:
            plan = copy.deepcopy(self.table(spec["plan"], f"{where}.plan"))
        elif "base" in spec:
            name = spec["base"]
            if name not in fragments:
                known = ", ".join(sorted(fragments)) or "none"
                raise self.fail(f"{where}.base", f"no fragment named {name!r} (fragments: {known})")
            plan = copy.deepcopy(self.table(fragments[name], f"fragments.{name}"))
        elif default is not None:
            plan = copy.deepcopy(default)
        else:
            raise self.fail(where, "no plan (plan or base), and the file has none")
        repeat = spec.get("repeat", 1)
        if (
            isinstance(repeat, bool)
            or not isinstance(repeat, int)
            or not 1 <= repeat <= _MAX_REPEAT
        ):
            raise self.fail(
                f"{where}.repeat", f"must be a whole number 1-{_MAX_REPEAT}, got {repeat!r}"
            )
        if repeat > 1:
            weeks = plan.get("weeks")
            if not isinstance(weeks, list):
                raise self.fail(f"{where}.repeat", "the plan has no list of weeks to repeat")
            plan["weeks"] = [copy.deepcopy(week) for _ in range(repeat) for week in weeks]
        operations = spec.get("patch", [])
        if not isinstance(operations, list):
            raise self.fail(f"{where}.patch", "must be a list of operations")
        try:
            patched: dict[str, Any] = apply(plan, operations, fragments)
        except PatchError as error:
            raise self.fail(where, str(error)) from None
        return patched

    def vignette(
        self,
        raw: object,
        index: int,
        fragments: Mapping[str, Any],
        default: dict[str, Any] | None,
        packs: tuple[str, ...],
    ) -> Vignette:
        data = self.table(raw, f"vignette[{index}]")
        name = data.get("name")
        where = f"vignette {name!r}" if isinstance(name, str) and name else f"vignette[{index}]"
        missing = [key for key in _REQUIRED if key not in data]
        if missing:
            raise self.fail(where, f"missing keys {missing}")
        if not isinstance(name, str) or not name.strip():
            raise self.fail(where, "name must be a non-empty string")
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise self.fail(where, f"unknown keys {unknown} (known: {', '.join(sorted(_KEYS))})")
        description = data.get("description", "")
        if not isinstance(description, str):
            raise self.fail(f"{where}.description", "must be a string")
        verdict = self.level(data["expect_verdict"], f"{where}.expect_verdict")
        has_own = any(key in data for key in ("plan", "base"))
        plan = self.plan(data, fragments, None if has_own else default, where)
        profile = data.get("profile")
        if profile is not None:
            profile = self.table(profile, f"{where}.profile")
        symptoms = data.get("symptoms", [])
        if not isinstance(symptoms, list):
            raise self.fail(f"{where}.symptoms", "must be a list of symptoms")
        codes = data.get("expect_codes")
        xfail = data.get("xfail_reason")
        if xfail is not None and (not isinstance(xfail, str) or not xfail.strip()):
            raise self.fail(f"{where}.xfail_reason", "must be a non-empty string")
        expected = tuple(
            self.expected(item, f"{where}.expect_findings[{i}]")
            for i, item in enumerate(data.get("expect_findings", []))
        )
        return Vignette(
            name=name,
            path=self.path,
            expect_verdict=verdict,
            plan=plan,
            description=description,
            profile=profile,
            symptoms=tuple(symptoms),
            notes=tuple(
                self.note(n, f"{where}.notes[{i}]") for i, n in enumerate(data.get("notes", []))
            ),
            expect_codes=None
            if codes is None
            else frozenset(self.strings(codes, f"{where}.expect_codes")),
            triggers=self.strings(data.get("triggers", []), f"{where}.triggers"),
            near_miss_of=self.strings(data.get("near_miss_of", []), f"{where}.near_miss_of"),
            expect_findings=expected,
            xfail_reason=xfail,
            packs=packs,
        )

    def location(self, value: object, where: str) -> dict[str, Any]:
        fields = self.table(value, where)
        unknown = sorted(set(fields) - _LOCATION_KEYS)
        if unknown:
            raise self.fail(
                where, f"unknown keys {unknown} (known: {', '.join(sorted(_LOCATION_KEYS))})"
            )
        if "part" in fields:
            try:
                fields = {**fields, "part": Part(fields["part"])}
            except ValueError:
                raise self.fail(f"{where}.part", f"must be one of {', '.join(Part)}") from None
        return fields

    def expected(self, value: object, where: str) -> ExpectedFinding:
        data = self.table(value, where)
        unknown = sorted(set(data) - {"code", "level", "location"})
        if unknown or not isinstance(data.get("code"), str):
            raise self.fail(where, "must be a table with a code, and optionally level and location")
        level = None if "level" not in data else self.level(data["level"], f"{where}.level")
        location = (
            None if "location" not in data else self.location(data["location"], f"{where}.location")
        )
        return ExpectedFinding(data["code"], level, location)

    def note(self, value: object, where: str) -> InputNote:
        data = self.table(value, where)
        unknown = sorted(set(data) - _NOTE_KEYS)
        if unknown:
            raise self.fail(
                where, f"unknown keys {unknown} (known: {', '.join(sorted(_NOTE_KEYS))})"
            )
        location = None
        if "location" in data:
            location = Location(**self.location(data["location"], f"{where}.location"))
        try:
            return InputNote(
                data["kind"], data["level"], data["message"], location, data.get("source")
            )
        except (KeyError, TypeError, ValueError) as error:
            raise self.fail(where, f"is not a valid note: {error}") from None


def load_file(path: str | Path) -> VignetteFile:
    """Read a vignette file; `VignetteError` names the file, vignette and key of a problem."""
    target = Path(path)
    return _Reader(target, (target.resolve(),)).read()


def load_vignettes(paths: Iterable[str | Path]) -> list[Vignette]:
    """The vignettes of files, and of the ``*.toml`` files of directories, in path order."""
    files: list[Path] = []
    for path in map(Path, paths):
        files += sorted(path.glob("*.toml")) if path.is_dir() else [path]
    return [vignette for file in files for vignette in load_file(file).vignettes]
