"""How a rule's fix is explained (``backsafe explain``, the rule reference), as ruff does.

A rule's fix is what its check declares (`backsafe.engine.Check.actions`): whether a fix
is available (always, or only sometimes: when a substitute fits the person's equipment,
say) and how safe it is.
"""

from __future__ import annotations

from backsafe.engine import Rule
from backsafe.report import ACTION_SAFETY, Action, Safety

__all__ = ["ACTION_TEXT", "fix_availability", "fix_safety_lines"]

#: What ``fix`` does for each action, and whether it always can.
ACTION_TEXT: dict[Action, tuple[bool, str]] = {
    Action.ADD_CUE: (True, "adds the coaching cue the rule asks for to the block"),
    Action.SET_RANGE_OF_MOTION: (True, "sets the block's range of motion to the one asked for"),
    Action.ADD_WARM_UP: (
        False,
        "adds the warm-up items the person's equipment allows, each with its dose from the "
        "packs' dose tables",
    ),
    Action.ADD_COOL_DOWN: (
        False,
        "adds the cool-down items the person's equipment allows, each with its dose from the "
        "packs' dose tables",
    ),
    Action.REPLACE_EXERCISE: (
        False,
        "replaces the exercise with the pack's substitute that fits the person's equipment, "
        "keeps the replaced exercise's muscles (hamstrings, quadriceps, calves) and is not "
        "reported itself; it keeps the block's sets and reps, and drops its load",
    ),
    Action.REMOVE_BLOCK: (
        False,
        "leaves the block out when no substitute fits (while the pain it aggravates lasts)",
    ),
    Action.ADD_EXERCISE: (
        False,
        "adds the suggested exercise (or a substitute the person's equipment allows), with its "
        "dose, to the week's first glute session",
    ),
    Action.LIMIT_LOAD: (
        True,
        "caps the exercise's load that week at the suggested limit, or else at the last "
        "earlier week's load",
    ),
    Action.MOVE_SESSION: (
        False,
        "reschedules the plan's glute sessions so that a rest day separates them, moving a "
        "session to a free day or merging its glute work into another session",
    ),
    Action.REMOVE_SESSION: (
        False,
        "keeps glute work in at most 3 sessions a week with rest days between them, merging "
        "the other sessions' glute work into them and removing a session left empty",
    ),
}

_SAFETY_TEXT = {
    Safety.SAFE: "safe: it adds something without changing load, volume, exercise choice or "
    "schedule; `backsafe fix --safe-only` applies it",
    Safety.UNSAFE: "unsafe: it changes load, volume, exercise choice, range of motion or "
    "schedule; `backsafe fix` applies it, `backsafe fix --safe-only` does not",
}


def fix_availability(rule: Rule) -> str:
    """ "Fix is always available.", "Fix is sometimes available." or "... not available."."""
    actions = rule.actions
    if not actions:
        return "Fix is not available."
    if all(ACTION_TEXT.get(action, (False, ""))[0] for action in actions):
        return "Fix is always available."
    return "Fix is sometimes available."


def fix_safety_lines(rule: Rule) -> list[str]:
    """The "Fix safety" section's lines: what each declared action does, and its safety."""
    lines = []
    for action in rule.actions:
        _, text = ACTION_TEXT.get(action, (False, f"applies the {action.value} suggestion"))
        safety = _SAFETY_TEXT[ACTION_SAFETY[action]]
        lines.append(f"- `{action.value}`: {text}. This fix is {safety}.")
    return lines
