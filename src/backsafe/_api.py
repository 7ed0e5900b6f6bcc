"""``backsafe.check`` and ``backsafe.checker``: the default pack, ready to run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from backsafe._serde import Source, load_plan, load_profile, load_symptoms
from backsafe.catalog import default_catalog
from backsafe.engine import Checker, Library, Registry
from backsafe.engine._registry import check_selection
from backsafe.model import Plan, Profile, Symptom
from backsafe.packs import default_pack
from backsafe.report import Report

__all__ = ["check", "checker"]


def checker(select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> Checker:
    """Return a `Checker` of the default pack's rules, chosen by ``select`` and ``ignore``.

    Codes and prefixes work as ruff's: ``select=["BS4"]`` runs the form rules (and the
    red flags, which always run). Checkers are cached by their selection, so calling
    this again is cheap; a generator can also keep the one it gets.
    Raises `backsafe.engine.SelectionError` (a `ValueError`) for a code that names no
    rule, for ignoring a red-flag rule by its code, and for an empty ``select`` or a blank
    entry (either would switch checking off); `TypeError` for a string instead of a list,
    or an entry that is not a string.
    """
    if select is not None and not isinstance(select, (str, bytes)):
        select = tuple(select)
    if ignore is not None and not isinstance(ignore, (str, bytes)):
        ignore = tuple(ignore)
    check_selection("select", select)
    check_selection("ignore", ignore)
    return _checker(select, ignore or None)


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
    plan: Plan | Source,
    profile: Profile | Source | None = None,
    symptoms: Iterable[Symptom] | Source | None = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> Report:
    """Check ``plan`` for the person of ``profile`` reporting ``symptoms``.

    Each input may be a model object or anything the loaders accept (a dict, JSON text or
    bytes, a path); bad input raises `backsafe.InputError`. ``symptoms=None`` means no
    symptoms. ``select`` and ``ignore`` choose rules by code or prefix, as `checker`
    describes. The report's verdict is ``ok`` only when nothing above ``info`` was found
    and every rule ran.
    """
    if not isinstance(plan, Plan):
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
    return checker(select, ignore).check(plan, profile, symptoms)
