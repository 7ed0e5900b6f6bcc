"""``backsafe.check`` and ``backsafe.checker``: the installed packs, ready to run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from backsafe._input_error import InputError
from backsafe._serde import Source, load_plan, load_profile, load_symptoms
from backsafe.adapters import Adapted, InputNote
from backsafe.engine import Checker
from backsafe.model import Plan, Profile, Symptom
from backsafe.packs import PackOptions, PackSet
from backsafe.report import Report

__all__ = ["check", "checker"]


def checker(
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    *,
    packs: PackSet | PackOptions | None = None,
) -> Checker:
    """Return a `Checker` of the installed packs' rules, chosen by ``select`` and ``ignore``.

    Codes and prefixes work as ruff's: ``select=["BS4"]`` runs the form rules (and the
    red flags, which always run). ``packs`` chooses the packs (a `backsafe.packs.PackSet`,
    or `backsafe.packs.PackOptions`); by default every installed pack loads. Checkers are
    cached by their packs and selection, so calling this again is cheap; a generator can
    also keep the one it gets. Raises `backsafe.engine.SelectionError` (a `ValueError`)
    for a code that names no rule, for ignoring a red-flag rule by its code, and for an
    empty ``select`` or a blank entry (either would switch checking off); `TypeError` for
    a string instead of a list, or an entry that is not a string.
    """
    packset = packs if isinstance(packs, PackSet) else PackSet.load(packs)
    return packset.checker(select, ignore)  # which checks the selection


def check(
    plan: Plan | Adapted | Source | None,
    profile: Profile | Source | None = None,
    symptoms: Iterable[Symptom] | Source | None = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    packs: PackSet | PackOptions | None = None,
    notes: Iterable[InputNote] = (),
) -> Report:
    """Check ``plan`` for the person of ``profile`` reporting ``symptoms``.

    Each input may be a model object or anything the loaders accept (a dict, JSON text or
    bytes, a path); bad input raises `backsafe.InputError`. ``plan`` may be ``None`` to
    triage the symptoms (and the profile) alone, as may a plan with no weeks; ``None``
    with neither symptoms nor a profile raises `backsafe.InputError`, since there would
    be nothing to check. ``symptoms=None`` means no symptoms. ``select``, ``ignore`` and
    ``packs`` choose rules as `checker` describes. ``notes`` are an adapter's notes on how
    it read the plan (`backsafe.adapters.InputNote`), reported as findings; ``plan`` may
    also be an adapter's `backsafe.adapters.Adapted`, whose notes are then added. The
    report's verdict is ``ok`` only when nothing above ``info`` was found and every rule
    ran.
    """
    if isinstance(plan, Adapted):
        notes = (*plan.notes, *notes)
        plan = plan.plan
    if plan is not None and not isinstance(plan, Plan):
        plan = load_plan(plan)
    if profile is not None and not isinstance(profile, Profile):
        profile = load_profile(profile)
    if symptoms is None:
        symptoms = ()
    elif isinstance(symptoms, (str, bytes, bytearray, memoryview, dict)) or hasattr(
        symptoms, "__fspath__"
    ):
        symptoms = load_symptoms(symptoms)
    else:
        symptoms = tuple(symptoms)
        if not all(isinstance(s, Symptom) for s in symptoms):
            symptoms = load_symptoms(list(symptoms))
    if plan is None and not symptoms and profile is None:
        raise InputError.single(
            (), "nothing to check: give a plan, or symptoms (or a profile) to triage alone"
        )
    return checker(select, ignore, packs=packs).check(plan, profile, symptoms, notes=notes)
