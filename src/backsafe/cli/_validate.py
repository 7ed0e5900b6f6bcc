"""``backsafe validate``: load the input, resolve every exercise, run no rules."""

from __future__ import annotations

import argparse
from collections import Counter

from backsafe.catalog import Catalog, SuggestionBudget
from backsafe.cli._exit import ExitCode
from backsafe.cli._inputs import read_inputs
from backsafe.cli._packs import pack_set, warn_errors
from backsafe.model import Plan

__all__ = ["run_validate", "summarise"]


def summarise(plan: Plan, catalog: Catalog) -> list[str]:
    """Describe a valid plan in a few lines: its size and how its exercises resolve."""
    sessions = sum(len(week.sessions) for week in plan.weeks)
    names: Counter[str] = Counter(
        block.exercise
        for week in plan.weeks
        for session in week.sessions
        for part in (session.warm_up, session.blocks, session.cool_down)
        for block in part
    )
    items = sum(names.values())
    unknown = sorted(name for name in names if catalog.lookup(name) is None)
    resolved = len(names) - len(unknown)
    lines = [
        f"{plan.name or 'plan'}: {len(plan.weeks)} weeks, {sessions} sessions, {items} items",
        f"exercises: {resolved} of {len(names)} distinct names resolved",
    ]
    budget = SuggestionBudget()
    for name in unknown:
        if budget.allows(name):
            closest = ", ".join(catalog.resolve(name).suggestions) or "no close match"
        else:
            closest = f"not looked up (more than {budget.limit} unknown names)"
        lines.append(f"  unknown: {name!r} ({names[name]}x); closest: {closest}")
    return lines


def run_validate(args: argparse.Namespace) -> ExitCode:
    """Check that the documents load; print a summary of the plan and the adapter's notes."""
    packs = pack_set(args)
    warn_errors(packs)
    inputs = read_inputs(args.plan, args.profile, args.symptoms, plan_format=args.input_format)
    if inputs.plan is not None:
        for line in summarise(inputs.plan, packs.catalog):
            print(line)
    for note in inputs.notes:
        where = f" (at {note.source})" if note.source else ""
        print(f"note ({note.level.value}): {note.message}{where}")
    if inputs.profile is not None:
        print("profile: valid")
    if args.symptoms is not None:
        print(f"symptoms: {len(inputs.symptoms)} valid")
    return ExitCode.OK
