"""Loading and dumping interchange format v1 documents."""

from __future__ import annotations

from typing import Any, TypeVar

from backsafe._input_error import MAX_PROBLEMS, InputError, Problem
from backsafe._serde._fastpath import structure_fn
from backsafe._serde._msgspec import decoder
from backsafe._serde._sources import MAX_DOCUMENT_BYTES, Source, read_document
from backsafe.model import Plan, Profile, Symptom

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_SYMPTOMS",
    "Source",
    "dump_plan",
    "dump_profile",
    "dump_symptoms",
    "load_plan",
    "load_profile",
    "load_symptoms",
    "structure",
]

#: The most symptoms one document may list.
MAX_SYMPTOMS = 100

T = TypeVar("T")
_Symptoms = tuple[Symptom, ...]


def structure(data: Any, cls: type[T], source: str | None = None) -> T:
    """Turn plain data into a model object of ``cls``, or raise `InputError`.

    Valid data takes the fast path only. Invalid data is structured a second time with the
    detailed converter (cattrs, imported then), which names every problem, up to
    `MAX_PROBLEMS` (then it stops looking, and the error says there are more); should
    that pass find nothing (a bug), the input is still refused, never accepted.
    """
    try:
        result: T = structure_fn(cls)(data)
    except Exception:
        pass
    else:
        return result
    from backsafe._serde._explain import explain  # noqa: PLC0415 - cattrs, for errors only

    problems, truncated = explain(data, cls)
    if not problems:  # pragma: no cover
        problems = [Problem((), "could not be read (internal error: no problem identified)")]
    raise InputError(problems[:MAX_PROBLEMS], source, truncated=truncated)


def _load(source: Source, cls: type[T]) -> T:
    data, name = read_document(source, decoder(cls))
    if type(data) is cls:  # msgspec read it (plain data is never a model object)
        return data
    return structure(data, cls, name)


def load_plan(source: Source) -> Plan:
    """Load a plan from a dict, JSON text or bytes, or a ``.json``/``.toml`` path.

    Raises `InputError` listing every problem, each with its field path.
    """
    return _load(source, Plan)


def load_profile(source: Source) -> Profile:
    """Load a profile; accepts what `load_plan` accepts."""
    return _load(source, Profile)


def load_symptoms(source: Source) -> tuple[Symptom, ...]:
    """Load symptoms: a list of symptom objects, or an object ``{"symptoms": [...]}``.

    The object form is what a TOML file gives (``[[symptoms]]`` tables). Accepts what
    `load_plan` accepts.
    """
    data, name = read_document(source)
    if type(data) is dict and set(data) == {"symptoms"}:
        data = data["symptoms"]
        prefix: tuple[str, ...] = ("symptoms",)
    else:
        prefix = ()
    if type(data) is list and len(data) > MAX_SYMPTOMS:
        raise InputError(
            [Problem(prefix, f"must list at most {MAX_SYMPTOMS} symptoms", data)], name
        )
    try:
        return structure(data, _Symptoms, name)
    except InputError as error:
        if not prefix:
            raise
        raise InputError(
            (p.prefixed(prefix) for p in error.problems), name, truncated=error.truncated
        ) from None


def dump_plan(plan: Plan) -> dict[str, Any]:
    """Return ``plan`` as plain interchange-format data (fields at their default omitted)."""
    from backsafe._serde._converter import unstructure  # noqa: PLC0415 - cattrs, when asked

    result: dict[str, Any] = unstructure(plan)
    return result


def dump_profile(profile: Profile) -> dict[str, Any]:
    """Return ``profile`` as plain interchange-format data."""
    from backsafe._serde._converter import unstructure  # noqa: PLC0415 - cattrs, when asked

    result: dict[str, Any] = unstructure(profile)
    return result


def dump_symptoms(symptoms: tuple[Symptom, ...] | list[Symptom]) -> list[dict[str, Any]]:
    """Return ``symptoms`` as a plain list of symptom objects."""
    from backsafe._serde._converter import unstructure  # noqa: PLC0415 - cattrs, when asked

    result: list[dict[str, Any]] = unstructure(tuple(symptoms))
    return result
