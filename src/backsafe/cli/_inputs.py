"""Load the documents a command names, turning bad input into exit code 2."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

from backsafe._input_error import InputError
from backsafe._serde import load_plan, load_profile, load_symptoms
from backsafe._serde._sources import read_stdin
from backsafe.adapters.streprogen import load_streprogen
from backsafe.model import Plan, Profile, Symptom

__all__ = ["PLAN_FORMATS", "Inputs", "UnusableInput", "read_inputs"]

#: The formats a plan may come in: interchange format v1, or streprogen's output.
PLAN_FORMATS = ("backsafe", "streprogen")


class UnusableInput(Exception):
    """Input problems were reported on stderr; the command exits 2."""


@attrs.frozen
class Inputs:
    """The documents of one command."""

    plan: Plan
    profile: Profile | None
    symptoms: tuple[Symptom, ...]


def _source(path: str) -> Path | bytes:
    """The path named, or standard input's bytes (read within the size limit) for ``-``."""
    if path != "-":
        return Path(path)
    try:
        return read_stdin()
    except OSError as error:
        raise InputError.single((), f"cannot be read: {error.strerror or error}") from None


def read_inputs(
    plan: str, profile: str | None, symptoms: str | None, *, plan_format: str = "backsafe"
) -> Inputs:
    """Load all three documents, reporting the problems of every one before giving up."""
    errors: list[tuple[str, InputError]] = []
    loaded_plan = loaded_profile = None
    loaded_symptoms: tuple[Symptom, ...] = ()
    load = load_streprogen if plan_format == "streprogen" else load_plan
    try:
        loaded_plan = load(_source(plan))
    except InputError as error:
        errors.append(("plan", error))
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
    if errors or loaded_plan is None:
        for what, problem in errors:
            print(f"backsafe: {what}: {problem}", file=sys.stderr)
        raise UnusableInput
    return Inputs(loaded_plan, loaded_profile, loaded_symptoms)
