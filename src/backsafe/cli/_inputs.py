"""Load the documents a command names, turning bad input into exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import attrs

from backsafe._input_error import InputError
from backsafe._serde import load_plan, load_profile, load_symptoms
from backsafe._serde._sources import read_stdin
from backsafe.adapters import Adapted, InputNote
from backsafe.model import Plan, Profile, Symptom

__all__ = [
    "PLAN_FORMATS",
    "PLAN_READERS",
    "Inputs",
    "UnusableInput",
    "read_inputs",
    "read_person",
    "stdin_source",
]


def _read_backsafe(source: Path | bytes) -> Adapted:
    return Adapted(load_plan(source))


def _read_streprogen(source: Path | bytes) -> Adapted:
    from backsafe.adapters.streprogen import read_streprogen  # noqa: PLC0415 - when asked

    return read_streprogen(source)


def _read_wger(source: Path | bytes) -> Adapted:
    from backsafe.adapters.wger import read_wger  # noqa: PLC0415 - reads its mapping once asked

    return read_wger(source)


#: The formats a plan may come in (interchange format v1, streprogen's output, a wger
#: routine), each with its reader.
PLAN_READERS: dict[str, Callable[[Path | bytes], Adapted]] = {
    "backsafe": _read_backsafe,
    "streprogen": _read_streprogen,
    "wger": _read_wger,
}
PLAN_FORMATS = tuple(PLAN_READERS)


class UnusableInput(Exception):
    """Input problems were reported on stderr; the command exits 2."""


@attrs.frozen
class Inputs:
    """The documents of one command, and the notes of the adapter that read the plan.

    ``plan`` is ``None`` when the symptoms are triaged alone.
    """

    plan: Plan | None
    profile: Profile | None
    symptoms: tuple[Symptom, ...]
    notes: tuple[InputNote, ...] = ()


def _source(path: str) -> Path | bytes:
    """The path named, or standard input's bytes (read within the size limit) for ``-``."""
    if path != "-":
        return Path(path)
    return stdin_source()


def stdin_source() -> bytes:
    """Standard input's bytes, read within the size limit; `InputError` if it cannot be."""
    try:
        return read_stdin()
    except OSError as error:
        raise InputError.single((), f"cannot be read: {error.strerror or error}") from None


def read_inputs(
    plan: str | None, profile: str | None, symptoms: str | None, *, plan_format: str = "backsafe"
) -> Inputs:
    """Load all three documents, reporting the problems of every one before giving up.

    Without a plan there must be symptoms to triage; otherwise the command is unusable.
    """
    if plan is None and symptoms is None:
        print(
            "backsafe: give a PLAN, or --symptoms FILE to triage symptoms without a plan",
            file=sys.stderr,
        )
        raise UnusableInput
    errors: list[tuple[str, InputError]] = []
    loaded_plan: Adapted | None = None
    if plan is not None:
        try:
            loaded_plan = PLAN_READERS[plan_format](_source(plan))
        except InputError as error:
            errors.append(("plan", error))
    loaded_profile, loaded_symptoms = _load_person(profile, symptoms, errors)
    _give_up_on(errors)
    if loaded_plan is None:
        return Inputs(None, loaded_profile, loaded_symptoms)
    return Inputs(loaded_plan.plan, loaded_profile, loaded_symptoms, loaded_plan.notes)


def read_person(
    profile: str | None, symptoms: str | None
) -> tuple[Profile | None, tuple[Symptom, ...]]:
    """Load the profile and the symptoms (either may be left out) that every plan shares.

    Reports the problems of both on stderr before raising `UnusableInput`.
    """
    errors: list[tuple[str, InputError]] = []
    loaded = _load_person(profile, symptoms, errors)
    _give_up_on(errors)
    return loaded


def _load_person(
    profile: str | None, symptoms: str | None, errors: list[tuple[str, InputError]]
) -> tuple[Profile | None, tuple[Symptom, ...]]:
    """The profile and symptoms; the problems of each are added to ``errors``."""
    loaded_profile = None
    loaded_symptoms: tuple[Symptom, ...] = ()
    if profile is not None:
        try:
            loaded_profile = load_profile(_source(profile))
        except InputError as error:
            errors.append(("profile", error))
    if symptoms is not None:
        try:
            loaded_symptoms = load_symptoms(_source(symptoms))
        except InputError as error:
            errors.append(("symptoms", error))
    return loaded_profile, loaded_symptoms


def _give_up_on(errors: list[tuple[str, InputError]]) -> None:
    """Print every problem of every document, then raise `UnusableInput`, if there are any."""
    if errors:
        for what, problem in errors:
            print(f"backsafe: {what}: {problem}", file=sys.stderr)
        raise UnusableInput
