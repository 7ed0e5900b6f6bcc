"""``backsafe rules``, ``explain`` and ``packs``: what the installed packs can find."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from backsafe.cli._exit import ExitCode
from backsafe.cli._packs import pack_set, warn_errors
from backsafe.engine import Registry, Rule
from backsafe.output import dumps, reference_to_dict

__all__ = ["explain", "run_explain", "run_rules"]


def _registry(args: argparse.Namespace) -> Registry:
    packs = pack_set(args)
    warn_errors(packs)
    return packs.registry


def _rule_to_dict(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "pack": rule.pack,
        "topic": rule.topic,
        "level": rule.level.value,
        "scope": rule.scope.value,
        "fixable": rule.fixable,
        "suppressible": rule.suppressible,
        "summary": rule.summary,
        "references": [reference_to_dict(r) for r in rule.references],
    }


def run_rules(args: argparse.Namespace) -> ExitCode:
    """List every rule: code, name, topic, level, pack, summary (and references in JSON)."""
    rules = _registry(args).rules
    if args.format == "json":
        sys.stdout.write(dumps([_rule_to_dict(rule) for rule in rules]))
        return ExitCode.OK
    for rule in rules:
        print(f"{rule.code}  {rule.level.value:<7}  {rule.topic:<13}  {rule.name}  [{rule.pack}]")
        print(f"       {rule.summary}")
    return ExitCode.OK


def explain(rule: Rule) -> str:
    """A rule's full documentation, in ruff's sections."""

    def block(text: str) -> str:
        return textwrap.dedent(text).strip()

    facts = [
        f"Pack: {rule.pack}",
        f"topic: {rule.topic}",
        f"level: {rule.level.value}",
        f"scope: {rule.scope.value}",
        f"fix: {'available' if rule.fixable else 'none'}",
        "can be ignored" if rule.suppressible else "always checked (cannot be ignored)",
    ]
    out = [
        f"# {rule.code} ({rule.name})",
        "",
        "; ".join(facts) + ".",
        "",
        "## What it does",
        block(rule.summary),
    ]
    if rule.why:
        out += ["", "## Why it matters", block(rule.why)]
    if rule.example:
        out += ["", "## Example", block(rule.example)]
    if rule.fix:
        out += ["", "## What to do instead", block(rule.fix)]
    if rule.options:
        out += ["", "## Options", json.dumps(rule.options, indent=2, sort_keys=True)]
    if rule.references:
        out += ["", "## References"]
        for reference in rule.references:
            line = f"- {reference.title}"
            if reference.section:
                line += f", {reference.section}"
            if reference.url:
                line += f" <{reference.url}>"
            out.append(line)
    return "\n".join(out) + "\n"


def run_explain(args: argparse.Namespace) -> ExitCode:
    """Print one rule's documentation."""
    registry = _registry(args)
    code = args.code.strip().upper()
    if code not in registry:
        print(
            f"backsafe: no rule has the code {args.code!r} (see `backsafe rules`)", file=sys.stderr
        )
        return ExitCode.USAGE
    sys.stdout.write(explain(registry.get(code)))
    return ExitCode.OK
