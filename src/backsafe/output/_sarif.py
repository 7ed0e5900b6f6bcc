"""A report as SARIF 2.1.0, the format code scanning reads (GitHub, editors, CI).

One run: the tool is backsafe, with the rules that ran (``backsafe explain`` text as each
rule's help), and one result per finding:

- ``level``: ``info`` is ``note``; ``caution`` is ``warning``; ``modify``, ``stop``,
  ``refer`` and ``urgent`` are ``error``, the levels at which ``backsafe check`` fails by
  default (``--fail-on modify``). The backsafe level is kept in the result's
  ``properties``.
- location: the plan file, the JSON pointer of the block, session or week as a logical
  location (``/weeks/0/sessions/1/blocks/2``), and, when the plan's JSON text is given,
  the region of that value (line and column, counted in Unicode code points). A finding
  about the symptoms or the profile is placed on that file as a whole (or on the plan
  when there is none); a finding about the whole plan on the plan file.
- fixes: a safe suggestion that fully determines an edit of the plan's JSON text (adding
  a cue) is given as a SARIF fix; other suggestions stay in the message's report.
- a check that did not complete says so: ``executionSuccessful`` is false and each error
  is a tool execution notification.

`reports_to_sarif` puts many plans checked for one person in one run: each plan file is
an artifact (with its verdict), the results of every plan are placed on their own file,
a result on the shared profile or symptoms file is given once, and a plan file that could
not be used is a tool execution notification located on that file.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

import attrs

from backsafe.engine import Rule, Scope
from backsafe.output._cds_hooks import DOCS, RULE_DOCS
from backsafe.output._escape import one_line, sarif
from backsafe.output._json_spans import Spans
from backsafe.output._where import describe, pointer
from backsafe.packs import DEFAULT_PACK
from backsafe.report import Action, Finding, Level, Report, Safety, Suggestion

__all__ = [
    "LEVELS",
    "SARIF_SCHEMA",
    "Artifact",
    "Checked",
    "artifact_uri",
    "report_to_sarif",
    "reports_to_sarif",
]

#: The SARIF result level of each finding level.
LEVELS = {
    Level.INFO: "note",
    Level.CAUTION: "warning",
    Level.MODIFY: "error",
    Level.STOP: "error",
    Level.REFER: "error",
    Level.URGENT: "error",
}
#: The SARIF 2.1.0 schema (OASIS, with errata 01), named in every log's ``$schema``.
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def artifact_uri(path: str) -> str:
    """A file path as a SARIF artifact URI: relative paths stay relative (percent-encoded).

    A name's undecodable bytes (``surrogateescape``) are encoded as the bytes they were.
    """
    pure = PurePath(path)
    try:
        encoded = pure.as_posix().encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        encoded = pure.as_posix().encode("utf-8", "surrogatepass")
    if pure.is_absolute():
        return "file://" + quote(encoded)
    return quote(encoded)


@attrs.frozen
class Artifact:
    """A document the check read, as the SARIF log names it.

    ``uri`` is its URI reference (see `artifact_uri`). ``text`` is the plan's JSON text,
    when it was JSON, to place findings on lines and columns. ``pointers`` says whether
    the report's locations are JSON pointers into the document: not for a plan converted
    from another format (``--input-format streprogen``).
    """

    uri: str
    text: str | None = None
    pointers: bool = True


@attrs.frozen
class Checked:
    """One plan of a log of many (`reports_to_sarif`): its file and its report.

    ``plan`` is ``None`` for a plan that has no file (standard input): its results have
    no location. ``error`` says why the plan could not be used (every problem with its
    field path), when there is no ``report``; exactly one of the two is given.
    """

    plan: Artifact | None
    report: Report | None = None
    error: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.report is None) == (self.error is None):
            raise ValueError("a checked plan has either a report or an error, not both")


def _help(rule: Rule) -> str:
    parts = [rule.summary, rule.why, rule.fix]
    return "\n\n".join(textwrap.dedent(part).strip() for part in parts if part.strip())


def _rule(rule: Rule, explain: Callable[[Rule], str]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": sarif(rule.summary)},
    }
    if rule.why.strip():
        descriptor["fullDescription"] = {"text": sarif(rule.why)}
    descriptor["help"] = {"text": explain(rule)}
    if rule.pack == DEFAULT_PACK:
        descriptor["helpUri"] = RULE_DOCS.format(anchor=f"{rule.code.lower()}-{rule.name}")
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.level]}
    descriptor["properties"] = {
        "level": rule.level.value,
        "topic": rule.topic,
        "pack": rule.pack,
        "scope": rule.scope.value,
        "tags": [rule.topic, rule.pack],
    }
    return descriptor


def _bare_rule(finding: Finding) -> dict[str, Any]:
    """A descriptor for a finding whose rule was not given: what the finding says."""
    return {
        "id": finding.code,
        "name": finding.rule,
        "shortDescription": {"text": sarif(f"{finding.code} {finding.rule}")},
        "properties": {"topic": finding.topic, "pack": finding.pack},
    }


class _Places:
    """Where results go: artifacts, regions from the plan's JSON text, fixes."""

    def __init__(
        self,
        report: Report,
        plan: Artifact | None,
        profile: Artifact | None,
        symptoms: Artifact | None,
        index: Callable[[Artifact], int],
    ) -> None:
        self.plan, self.profile, self.symptoms = plan, profile, symptoms
        self._index = index
        self.spans: Spans | None = None
        if plan is not None and plan.text is not None and plan.pointers:
            wanted = {pointer(f.location) for f in report.findings}
            self.spans = Spans(plan.text, wanted)

    def _region(self, start: int, end: int) -> dict[str, int]:
        assert self.spans is not None
        first, last = self.spans.position(start), self.spans.position(end)
        return {
            "startLine": first.line,
            "startColumn": first.column,
            "endLine": last.line,
            "endColumn": last.column,
        }

    def location(self, finding: Finding, scope: Scope | None) -> dict[str, Any] | None:
        on_plan = finding.location is not None and finding.location.week is not None
        artifact = self.plan
        if not on_plan and scope is Scope.SYMPTOMS and self.symptoms is not None:
            artifact = self.symptoms
        elif not on_plan and scope is Scope.PROFILE and self.profile is not None:
            artifact = self.profile
        if artifact is None:
            return None
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": artifact.uri, "index": self._index(artifact)}
        }
        location: dict[str, Any] = {"physicalLocation": physical}
        if artifact is self.plan and on_plan and artifact.pointers:
            where = pointer(finding.location)
            span = self.spans.get(where) if self.spans is not None else None
            if span is not None:
                physical["region"] = self._region(span.start, span.end)
            location["logicalLocations"] = [
                {"name": where.rsplit("/", 1)[-1], "fullyQualifiedName": where, "kind": "object"}
            ]
        said = describe(finding.location)
        if said:
            location["message"] = {"text": sarif(said)}
        return location

    def fix(self, finding: Finding, suggestion: Suggestion) -> dict[str, Any] | None:
        """A SARIF fix for a safe suggestion that fully determines an edit of the text."""
        if (
            suggestion.safety is not Safety.SAFE
            or suggestion.action is not Action.ADD_CUE
            or suggestion.cue is None
            or suggestion.location is not None
            or self.spans is None
            or self.plan is None
        ):
            return None
        location = finding.location
        if location is None or location.block is None:
            return None
        where = pointer(location)
        block, cues = self.spans.get(where), self.spans.get(f"{where}/cues")
        text = self.spans.text
        cue = json.dumps(suggestion.cue, ensure_ascii=False)
        if cues is not None and text[cues.start] == "[":
            inside = text[cues.start + 1 : cues.end - 1]
            at, insert = (
                (cues.start + 1, cue)
                if not inside.strip()
                else (cues.start + 1 + len(inside.rstrip()), f", {cue}")
            )
        elif cues is None and block is not None and text[block.start] == "{":
            inside = text[block.start + 1 : block.end - 1]
            at, insert = block.start + 1 + len(inside.rstrip()), f', "cues": [{cue}]'
        else:
            return None
        return {
            "description": {"text": sarif(suggestion.description)},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": self.plan.uri, "index": self._index(self.plan)},
                    "replacements": [
                        {"deletedRegion": self._region(at, at), "insertedContent": {"text": insert}}
                    ],
                }
            ],
        }


def _fingerprint(finding: Finding) -> str:
    key = "\x1f".join((finding.code, pointer(finding.location), finding.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _result(finding: Finding, index: int, rule: Rule | None, places: _Places) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.level],
        "message": {"text": sarif(finding.message)},
    }
    location = places.location(finding, None if rule is None else rule.scope)
    if location is not None:
        result["locations"] = [location]
    result["partialFingerprints"] = {"backsafeFinding/v1": _fingerprint(finding)}
    fixes = [fix for s in finding.suggestions if (fix := places.fix(finding, s)) is not None]
    if fixes:
        result["fixes"] = fixes
    result["properties"] = {"level": finding.level.value, "topic": finding.topic}
    return result


class _Log:
    """One run being written: the rules, the artifacts and the results so far."""

    def __init__(self, rules: Sequence[Rule], explain: Callable[[Rule], str] | None) -> None:
        self.by_code: dict[str, Rule] = {rule.code: rule for rule in rules}
        self.descriptors = [
            _rule(rule, explain or _help) for rule in sorted(self.by_code.values(), key=_code)
        ]
        self.indices = {descriptor["id"]: i for i, descriptor in enumerate(self.descriptors)}
        self.artifacts: list[Artifact] = []
        self._indices: dict[int, int] = {}  # by identity: two files may look the same
        self.results: list[dict[str, Any]] = []

    def add_artifact(self, artifact: Artifact | None) -> None:
        if artifact is not None:
            self._indices[id(artifact)] = len(self.artifacts)
            self.artifacts.append(artifact)

    def index(self, artifact: Artifact) -> int:
        return self._indices[id(artifact)]

    def places(
        self,
        report: Report,
        plan: Artifact | None,
        profile: Artifact | None,
        symptoms: Artifact | None,
    ) -> _Places:
        for finding in report.findings:
            if finding.code not in self.indices:
                self.indices[finding.code] = len(self.descriptors)
                self.descriptors.append(_bare_rule(finding))
        return _Places(report, plan, profile, symptoms, self.index)

    def result(self, finding: Finding, places: _Places) -> dict[str, Any]:
        rule = self.by_code.get(finding.code)
        return _result(finding, self.indices[finding.code], rule, places)

    def run(self, version: str | None) -> dict[str, Any]:
        driver: dict[str, Any] = {"name": "backsafe", "informationUri": DOCS}
        if version:
            driver["version"] = version
        driver["rules"] = self.descriptors
        return {"tool": {"driver": driver}}


def report_to_sarif(
    report: Report,
    *,
    rules: Sequence[Rule] = (),
    plan: Artifact | None = None,
    profile: Artifact | None = None,
    symptoms: Artifact | None = None,
    explain: Callable[[Rule], str] | None = None,
    version: str | None = None,
) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log with one run.

    ``rules`` are the rules that ran (they describe the results; a finding of a rule not
    given gets a descriptor from the finding itself). ``plan``, ``profile`` and
    ``symptoms`` are the documents, to place the results on. ``explain`` gives a rule's
    help text (``backsafe explain`` by default on the command line; the rule's summary,
    why and fix otherwise); ``version`` is backsafe's version, for the tool.
    """
    log = _Log(rules, explain)
    for artifact in (plan, profile, symptoms):
        log.add_artifact(artifact)
    places = log.places(report, plan, profile, symptoms)
    log.results = [log.result(finding, places) for finding in report.findings]
    run = log.run(version)
    run["invocations"] = [_invocation(report)]
    if log.artifacts:
        run["artifacts"] = [
            {"location": {"uri": artifact.uri}, "roles": ["analysisTarget"]}
            for artifact in log.artifacts
        ]
    run["results"] = log.results
    run["columnKind"] = "unicodeCodePoints"
    run["properties"] = {
        "verdict": report.verdict.value,
        "packs": _packs(report),
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def reports_to_sarif(
    checked: Iterable[Checked],
    *,
    rules: Sequence[Rule] = (),
    profile: Artifact | None = None,
    symptoms: Artifact | None = None,
    explain: Callable[[Rule], str] | None = None,
    version: str | None = None,
) -> dict[str, Any]:
    """Many plans checked for one person as a SARIF 2.1.0 log with one run.

    Each plan file is an artifact, in the order given, with its verdict in its
    ``properties`` (``unusable: true`` for a plan that could not be used); the profile
    and symptoms files follow. Each plan's results are placed on its own file; a result
    on the profile or symptoms file that several plans share is given once. A plan that
    could not be used is a tool execution notification on its file, and so is each
    error of an incomplete check (once, on the plans it happened to, or on none when it
    happened to every plan); either makes ``executionSuccessful`` false. The run's
    ``properties`` give the worst verdict of the plans checked (left out when none
    was), how many plans there were and how many could not be used. Other arguments
    are `report_to_sarif`'s.
    """
    log = _Log(rules, explain)
    plans = list(checked)
    for item in plans:
        log.add_artifact(item.plan)
    shared = [a for a in (profile, symptoms) if a is not None]
    for artifact in shared:
        log.add_artifact(artifact)
    seen: set[tuple[int, str]] = set()
    troubles: dict[tuple[str, str, str | None], list[int | None]] = {}
    verdicts: list[Level] = []
    packs: list[dict[str, Any]] | None = None
    for item in plans:
        where = None if item.plan is None else log.index(item.plan)
        if item.report is None:
            said = "; ".join(line.strip() for line in (item.error or "").splitlines())
            troubles.setdefault(("unusable-input", said, None), []).append(where)
            continue
        report = item.report
        verdicts.append(report.verdict)
        if packs is None:
            packs = _packs(report)
        for error in report.errors:
            troubles.setdefault((error.kind, error.message, error.code), []).append(where)
        places = log.places(report, item.plan, profile, symptoms)
        for finding in report.findings:
            result = log.result(finding, places)
            key = _shared_key(result, shared, log)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            log.results.append(result)
    run = log.run(version)
    invocation: dict[str, Any] = {"executionSuccessful": not troubles}
    if troubles:
        every = len(verdicts)
        invocation["toolExecutionNotifications"] = [
            _notification(
                kind,
                message,
                code,
                ()
                if kind != "unusable-input" and len(on) == every
                else [log.artifacts[i] for i in on if i is not None],
                log,
            )
            for (kind, message, code), on in troubles.items()
        ]
    run["invocations"] = [invocation]
    if log.artifacts:
        run["artifacts"] = [
            {"location": {"uri": a.uri}, "roles": ["analysisTarget"]} for a in log.artifacts
        ]
        for item in plans:
            if item.plan is not None:
                run["artifacts"][log.index(item.plan)]["properties"] = (
                    {"unusable": True}
                    if item.report is None
                    else {"verdict": item.report.verdict.value}
                )
    run["results"] = log.results
    run["columnKind"] = "unicodeCodePoints"
    properties: dict[str, Any] = {}
    if verdicts:
        properties["verdict"] = max(verdicts).value
    properties["plans"] = len(plans)
    properties["unusable"] = len(plans) - len(verdicts)
    properties["packs"] = packs or []
    run["properties"] = properties
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _shared_key(
    result: dict[str, Any], shared: Sequence[Artifact], log: _Log
) -> tuple[int, str] | None:
    """The key of a result placed on the profile or symptoms file, which plans share."""
    locations = result.get("locations")
    if not locations or not shared:
        return None
    index = locations[0]["physicalLocation"]["artifactLocation"]["index"]
    if not any(log.index(artifact) == index for artifact in shared):
        return None
    return index, result["partialFingerprints"]["backsafeFinding/v1"]


def _packs(report: Report) -> list[dict[str, Any]]:
    return [{"name": p.name, "version": p.version, "prefix": p.prefix} for p in report.packs]


def _code(rule: Rule) -> str:
    return rule.code


def _invocation(report: Report) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            _notification(error.kind, error.message, error.code) for error in report.errors
        ]
    return invocation


def _notification(
    kind: str,
    message: str,
    code: str | None,
    on: Sequence[Artifact] = (),
    log: _Log | None = None,
) -> Mapping[str, Any]:
    notification: dict[str, Any] = {}
    if on and log is not None:
        notification["locations"] = [
            {"physicalLocation": {"artifactLocation": {"uri": a.uri, "index": log.index(a)}}}
            for a in on
        ]
    notification["level"] = "error"
    notification["message"] = {"text": sarif(f"{one_line(kind)}: {message}")}
    if code is not None:
        notification["associatedRule"] = {"id": code}
    return notification
