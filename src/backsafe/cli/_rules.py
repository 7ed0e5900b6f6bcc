"""``backsafe rules``, ``explain`` and ``packs``: what the installed packs can find."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

from backsafe._fix._explain import fix_availability, fix_safety_lines
from backsafe.cli._exit import ExitCode
from backsafe.cli._packs import pack_set, warn_errors
from backsafe.engine import Registry, Rule
from backsafe.output import dumps, reference_to_dict
from backsafe.report import PackInfo

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
        "fix_safety": [safety.value for safety in rule.fix_safety],
        "fix_actions": [action.value for action in rule.actions],
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


def explain(rule: Rule, packs: Sequence[PackInfo] = ()) -> str:
    """A rule's full documentation, in ruff's sections.

    ``packs`` are the packs loaded with it: the overrides of the rule they make are listed
    with its options, since the documentation above is the rule's own pack's.
    """

    def block(text: str) -> str:
        return textwrap.dedent(text).strip()

    facts = [
        f"Pack: {rule.pack}",
        f"topic: {rule.topic}",
        f"level: {rule.level.value}",
        f"scope: {rule.scope.value}",
        "can be ignored" if rule.suppressible else "always checked (cannot be ignored)",
    ]
    out = [
        f"# {rule.code} ({rule.name})",
        "",
        "; ".join(facts) + ".",
        "",
        fix_availability(rule),
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
    if rule.fixable:
        out += ["", "## Fix safety", *fix_safety_lines(rule)]
    if rule.options:
        out += ["", "## Options", json.dumps(rule.options, indent=2, sort_keys=True)]
    overrides = [
        (pack.name, override)
        for pack in packs
        for override in pack.overrides
        if override.rule == rule.code
    ]
    if overrides:
        out += ["", "## Overridden", "The text above is the rule's own; these packs change it:"]
        out += [
            f"- {name}: {o.option} {json.dumps(o.before, default=str)} -> "
            f"{json.dumps(o.after, default=str)}" + (f" ({o.reason})" if o.reason else "")
            for name, o in overrides
        ]
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
    packs = pack_set(args)
    warn_errors(packs)
    registry = packs.registry
    code = args.code.strip().upper()
    if code not in registry:
        print(
            f"backsafe: no rule has the code {args.code!r} (see `backsafe rules`)", file=sys.stderr
        )
        return ExitCode.USAGE
    sys.stdout.write(explain(registry.get(code), packs.info))
    return ExitCode.OK
