"""Read a document from whatever a caller hands over: data, JSON text or bytes, or a path."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from backsafe import _tomllib as tomllib
from backsafe._input_error import InputError

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is the optional backsafe[fast] extra
    orjson = None  # type: ignore[assignment]

__all__ = ["MAX_DOCUMENT_BYTES", "Source", "read_document"]

#: The largest document backsafe reads (a year-long plan is well under 1 MiB).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

Source = Any
"""What the loaders accept: a dict or list, JSON text or bytes, or a path."""


class _NonFiniteNumber(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonFiniteNumber(name)


def _too_big(size: int) -> InputError:
    return InputError.single((), f"is too large ({size} bytes; the limit is {MAX_DOCUMENT_BYTES})")


def parse_json(text: str | bytes) -> Any:
    """Parse JSON strictly: no NaN or Infinity, and errors with line and column."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise _too_big(len(text))
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # the standard library below says what is wrong, in its own words
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputError.single((), f"is not valid JSON: {error.msg} at {where}") from None
    except _NonFiniteNumber as error:
        raise InputError.single(
            (), f"is not valid JSON: {error} is not a number JSON allows (use a finite number)"
        ) from None
    except RecursionError:
        raise InputError.single((), "is not usable JSON: it nests too deeply") from None
    except UnicodeDecodeError as error:
        raise InputError.single((), f"is not valid UTF-8 text: {error.reason}") from None


def parse_toml(text: str) -> Any:
    """Parse TOML, with errors that give line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError.single((), f"is not valid TOML: {error}") from None
    except RecursionError:
        raise InputError.single((), "is not usable TOML: it nests too deeply") from None


def _read_path(path: Path) -> Any:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InputError.single(
            (), f"has an unsupported file type {suffix or '(none)'!r}; use .json or .toml"
        )
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise _too_big(size)
        raw = path.read_bytes()
    except OSError as error:
        raise InputError.single((), f"cannot be read: {error.strerror or error}") from None
    if suffix == ".json":
        return parse_json(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError.single((), f"is not valid UTF-8 text: {error.reason}") from None
    return parse_toml(text)


def read_document(source: Source) -> tuple[Any, str | None]:
    """Return the plain data in ``source`` and a name for it (a path, or ``None``).

    A ``str`` is JSON text when it starts with ``{`` or ``[`` (after white space) and a
    path otherwise.
    """
    if isinstance(source, (dict, list)):
        return source, None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return parse_json(bytes(source)), None
    if isinstance(source, str):
        if source.lstrip()[:1] in ("{", "["):
            return parse_json(source), None
        source = Path(source)
    if isinstance(source, os.PathLike):
        path = Path(source)
        try:
            return _read_path(path), str(path)
        except InputError as error:
            raise error.with_source(str(path)) from None
    raise InputError.single(
        (),
        "must be a dict or list, JSON text or bytes, or a path to a .json or .toml file",
        source,
    )
