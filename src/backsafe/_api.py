"""``backsafe.check`` and ``backsafe.checker``: the default pack, ready to run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from backsafe._serde import Source, load_plan, load_profile, load_symptoms
from backsafe.adapters import Adapted, InputNote
from backsafe.catalog import default_catalog
from backsafe.engine import Checker, Library, Registry
from backsafe.model import Plan, Profile, Symptom
from backsafe.packs import default_pack
from backsafe.report import Report

__all__ = ["check", "checker"]


def checker(select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> Checker:
    """Return a `Checker` of the default pack's rules, chosen by ``select`` and ``ignore``.

    Codes and prefixes work as ruff's: ``select=["BS4"]`` runs the form rules (and the
    red flags, which always run). Checkers are cached by their selection, so calling
    this again is cheap; a generator can also keep the one it gets.
    Raises `backsafe.engine.SelectionError` for a code that names no rule, or for
    ignoring a red-flag rule by its code.
    """
    return _checker(None if select is None else tuple(select), tuple(ignore) if ignore else None)


@lru_cache(maxsize=64)
def _checker(select: tuple[str, ...] | None, ignore: tuple[str, ...] | None) -> Checker:
    pack = default_pack()
    catalog = default_catalog()
    selection = Registry(pack.rules).select(select, ignore)
    library = Library(catalog, pack.substitutes, pack.advice)
    return Checker(
        selection.rules,
        library,
        packs=(pack.info,),
        glute_groups=catalog.groups,
        notes=selection.notes,
    )


def check(
    plan: Plan | Adapted | Source,
    profile: Profile | Source | None = None,
    symptoms: Iterable[Symptom] | Source = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    notes: Iterable[InputNote] = (),
) -> Report:
    """Check ``plan`` for the person of ``profile`` reporting ``symptoms``.

    Each input may be a model object or anything the loaders accept (a dict, JSON text or
    bytes, a path); bad input raises `backsafe.InputError`. ``select`` and ``ignore`` choose
    rules by code or prefix, as `checker` describes. ``notes`` are an adapter's notes on
    how it read the plan (`backsafe.adapters.InputNote`), reported as findings; ``plan``
    may also be an adapter's `backsafe.adapters.Adapted`, whose notes are then added. The
    report's verdict is ``ok`` only when nothing above ``info`` was found and every rule
    ran.
    """
    if isinstance(plan, Adapted):
        notes = (*plan.notes, *notes)
        plan = plan.plan
    if not isinstance(plan, Plan):
        plan = load_plan(plan)
    if profile is not None and not isinstance(profile, Profile):
        profile = load_profile(profile)
    if isinstance(symptoms, (str, bytes, bytearray, memoryview, dict)) or hasattr(
        symptoms, "__fspath__"
    ):
        symptoms = load_symptoms(symptoms)
    else:
        symptoms = tuple(symptoms)
        if not all(isinstance(s, Symptom) for s in symptoms):
            symptoms = load_symptoms(list(symptoms))
    return checker(select, ignore).check(plan, profile, symptoms, notes=notes)
