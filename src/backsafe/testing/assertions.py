"""Assertion helpers whose failures say what is wrong, not a repr.

``assert_safe`` checks a plan and fails when the verdict is above a bar, listing every
finding above it with its location, exercise, message and suggested fix, and showing the
offending weeks at a glance. ``assert_finding`` and ``assert_no_finding`` look for one
rule's findings in a report. They raise `BacksafeAssertionError` (an `AssertionError`)
with the whole explanation, so the text is the same under pytest, unittest or a script,
and pytest never truncates it. They work without pytest; with the pytest plugin on, the
default bar and packs are the run's (``--backsafe-fail-on``, ``--backsafe-pack``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from backsafe._serde import Source, load_plan, load_profile, load_symptoms
from backsafe.engine import Checker
from backsafe.model import Plan, Profile, Symptom
from backsafe.output._escape import printable
from backsafe.report import Finding, Level, Location, Report
from backsafe.testing import _render, _run

__all__ = ["BacksafeAssertionError", "assert_finding", "assert_no_finding", "assert_safe"]


class BacksafeAssertionError(AssertionError):
    """An assertion helper failed; ``report`` is the report it judged."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


def _profile(profile: Profile | Source | None) -> Profile | None:
    if profile is None or isinstance(profile, Profile):
        return profile
    return load_profile(profile)


def _symptoms(symptoms: Iterable[Symptom] | Source) -> tuple[Symptom, ...]:
    if isinstance(symptoms, (str, bytes, bytearray, memoryview, dict)) or hasattr(
        symptoms, "__fspath__"
    ):
        return load_symptoms(cast(Source, symptoms))
    listed = tuple(cast(Iterable[Any], symptoms))
    if all(isinstance(s, Symptom) for s in listed):
        return listed
    return load_symptoms(list(listed))


def _brief(obj: Profile | Symptom) -> str:
    """The fields of a model object that differ from their defaults: ``experience=novice``."""
    shown = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        default = field.default
        factory = getattr(default, "factory", None)
        default = factory() if callable(factory) else default
        if value != default:
            text = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
            shown.append(f"{field.name}={text}")
    return printable("; ".join(shown) or "(all fields unset)")


def assert_safe(
    plan: Plan | Source,
    profile: Profile | Source | None = None,
    symptoms: Iterable[Symptom] | Source = (),
    max_level: Level | str | None = None,
    *,
    checker: Checker | None = None,
) -> Report:
    """Check ``plan`` and fail unless its verdict is at most ``max_level``; return the report.

    ``max_level`` defaults to the run's bar (``--backsafe-fail-on LEVEL`` accepts
    verdicts below ``LEVEL``), else ``caution``. An incomplete check (a rule crashed, a
    pack failed to load) always fails. ``checker`` defaults to the run's packs. Inputs
    may be model objects or anything `backsafe.check` accepts; bad input raises
    `backsafe.InputError`.
    """
    __tracebackhide__ = True
    limit = _run.bar(max_level)
    subject = plan if isinstance(plan, Plan) else load_plan(plan)
    person = _profile(profile)
    reported = _symptoms(symptoms)
    report = _run.run_checker(checker).check(subject, person, reported)
    if report.verdict <= limit and not report.errors:
        return report
    above = [f for f in report.findings if f.level > limit]
    head = f"plan is not safe: verdict {report.verdict.value.upper()}, above {limit}"
    if report.verdict <= limit:
        head = f"plan check incomplete: verdict {report.verdict.value.upper()}"
    plural = "s" * (len(above) != 1)
    head += f" ({len(above)} finding{plural} above {limit}, {len(report.findings)} in all)"
    context = []
    if subject.name:
        weeks = len(subject.weeks)
        context.append(f"  plan: {printable(subject.name)!r}, {weeks} week{'s' * (weeks != 1)}")
    if person is not None:
        context.append(f"  profile: {_brief(person)}")
    for symptom in reported:
        context.append(f"  symptom: {_brief(symptom)}")
    lines = [head, *context, *_render.report_lines(report, subject, limit)]
    raise BacksafeAssertionError("\n".join(lines), report)


def _location_matches(location: Location | None, wanted: Location | Mapping[str, Any]) -> bool:
    fields = attrs.asdict(wanted, recurse=False) if isinstance(wanted, Location) else dict(wanted)
    unknown = set(fields) - set(attrs.fields_dict(Location))
    if unknown:
        raise TypeError(f"location: Location has no field {sorted(unknown)}")
    here = location or Location()
    return all(getattr(here, key) == value for key, value in fields.items() if value is not None)


def _wanted(code: str, level: Level | str | None, location: object) -> str:
    parts = [code, "finding"]
    if level is not None:
        parts.append(f"at level {level}")
    if location is not None:
        fields: Mapping[str, Any] = (
            attrs.asdict(location, recurse=False)
            if isinstance(location, Location)
            else cast(Mapping[str, Any], location)
        )
        parts.append("at " + ", ".join(f"{k} {v}" for k, v in fields.items() if v is not None))
    return " ".join(parts)


def _all_findings(report: Report) -> list[str]:
    if not report.findings:
        return ["  (the report has no findings)"]
    return [line for finding in report.findings for line in _render.finding_lines(finding)]


def assert_finding(
    report: Report,
    code: str,
    level: Level | str | None = None,
    location: Location | Mapping[str, Any] | None = None,
) -> Finding:
    """Fail unless ``report`` has a finding of rule ``code``; return the first that matches.

    ``level`` is the finding's level; ``location`` a `backsafe.Location`, or a mapping of
    its fields (``{"week": 2, "session": 1}``), of which only the given ones are compared.
    """
    __tracebackhide__ = True
    wanted_level = None if level is None else _run._level(level, "level")
    of_code = [f for f in report.findings if f.code == code]
    matches = [
        f
        for f in of_code
        if (wanted_level is None or f.level is wanted_level)
        and (location is None or _location_matches(f.location, location))
    ]
    if matches:
        return matches[0]
    head = f"no {_wanted(code, wanted_level, location)} (verdict {report.verdict})"
    if of_code:
        head += f"; {code} was found elsewhere or at another level:"
        lines = [line for f in of_code for line in _render.finding_lines(f)]
    else:
        head += "; the report has:"
        lines = _all_findings(report)
    raise BacksafeAssertionError("\n".join([head, *lines]), report)


def assert_no_finding(report: Report, code: str) -> None:
    """Fail if ``report`` has a finding of rule ``code``, showing each one."""
    __tracebackhide__ = True
    found = [f for f in report.findings if f.code == code]
    if found:
        head = f"{len(found)} {code} finding{'s' * (len(found) != 1)} (verdict {report.verdict}):"
        lines = [line for f in found for line in _render.finding_lines(f)]
        raise BacksafeAssertionError("\n".join([head, *lines]), report)
