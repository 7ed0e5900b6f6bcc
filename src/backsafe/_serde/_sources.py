"""Read a document from whatever a caller hands over: data, JSON text or bytes, or a path.

Every source is read within the size limit (a device or a pipe that never ends is cut
off at the limit, not read to the end), and a document reads the same with or without
orjson: duplicate keys are refused in both, and documents orjson would read differently
(integers beyond 64 bits, lone surrogates) go to the standard library's parser.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from backsafe._input_error import MAX_PROBLEMS, InputError, Problem

__all__ = [
    "EAGER_BYTES",
    "MAX_DOCUMENT_BYTES",
    "MAX_TOML_BYTES",
    "Decode",
    "Source",
    "load_orjson",
    "parse_document",
    "parse_json",
    "parse_toml",
    "read_document",
    "read_limited",
    "read_stdin",
]

#: The largest document backsafe reads (a year-long plan is well under 1 MiB).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
#: The largest TOML document: TOML is written by hand, and read by a pure-Python parser
#: about a hundred times slower than orjson, so a quarter of the limit keeps its cost
#: within that of the largest JSON document.
MAX_TOML_BYTES = 4 * 1024 * 1024

Source = Any
"""What the loaders accept: a dict or list, JSON text or bytes, or a path."""
Decode = Callable[[bytes], Any]
"""A faster reader of JSON bytes: what they describe, or ``None`` (`parse_json`)."""

_BOM = "\ufeff"
_UTF8_BOM = b"\xef\xbb\xbf"
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
#: Python's limit on the digits of an integer read from text (``sys.int_info``).
_MAX_DIGITS: int = getattr(sys, "get_int_max_str_digits", lambda: 4300)()


#: A first document smaller than this is parsed by the standard library, and orjson is
#: imported for the next (or a first one this large): importing it costs more than it
#: saves on one small document, as a short command reads.
EAGER_BYTES = 64 * 1024
#: The orjson module, once `load_orjson` has imported it; ``None`` before, and when it
#: is not installed (tests set it to ``None`` to parse with the standard library).
orjson: Any = None
_orjson_tried = False
_small_first = False


def load_orjson() -> Any:
    """Import orjson (the optional ``backsafe[fast]`` extra) now; ``None`` if not installed."""
    global orjson, _orjson_tried  # noqa: PLW0603 - imported once, on first need
    if not _orjson_tried:
        _orjson_tried = True
        module: Any
        try:
            import orjson as module  # noqa: PLC0415 - see EAGER_BYTES
        except ImportError:  # pragma: no cover - orjson is the optional backsafe[fast] extra
            module = None
        orjson = module
    return orjson


def _orjson_for(size: int) -> Any:
    """orjson to parse a document of ``size`` bytes with, or ``None`` for the standard one."""
    global _small_first  # noqa: PLW0603 - remembers that the first document was seen
    if not _orjson_tried and not _small_first and size < EAGER_BYTES:
        _small_first = True
        return None
    return load_orjson()


class _NonFiniteNumber(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonFiniteNumber(name)


def _too_big(size: int | None = None) -> InputError:
    if size is None:
        return InputError.single(
            (), f"is larger than the limit of 16 MiB ({MAX_DOCUMENT_BYTES} bytes)"
        )
    return InputError.single((), f"is too large ({size} bytes; the limit is {MAX_DOCUMENT_BYTES})")


def read_limited(stream: IO[bytes]) -> bytes:
    """Read ``stream`` to its end, but never more than the size limit (plus one byte)."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_big()
    return data


class _DuplicateFinder:
    """An ``object_pairs_hook`` that builds objects and remembers repeated keys."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found: dict[int, list[str]] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeated = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            self.found[id(obj)] = repeated
        return obj


def _located(data: Any, found: dict[int, list[str]]) -> Iterator[Problem]:
    """The repeated keys of the objects in ``found``, located in ``data``, in order."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if type(node) is dict:
            for key in found.get(id(node), ()):
                yield Problem((*path, key), "appears more than once in its object (duplicate key)")
            stack.extend(((*path, k), v) for k, v in reversed(node.items()))
        elif type(node) is list:
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))


def _where(text: str | bytes, index: int) -> str:
    if isinstance(text, bytes):
        text = text[:index].decode("utf-8", "replace")
        index = len(text)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _std_loads(text: str | bytes, **hooks: Any) -> Any:
    """``json.loads`` with backsafe's errors: strict numbers, line and column."""
    try:
        return json.loads(text, parse_constant=_reject_constant, **hooks)
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
    except ValueError:  # int(): more digits than Python converts (sys.int_info)
        raise _too_many_digits(text) from None


def _too_many_digits(text: str | bytes, kind: str = "JSON") -> InputError:
    """The error for a number too long to read, located in ``text``."""
    decoded = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    limit = getattr(sys, "get_int_max_str_digits", lambda: _MAX_DIGITS)() or _MAX_DIGITS
    match = re.search(rf"\d{{{limit + 1},}}", decoded)
    where = f" at {_where(decoded, match.start())}" if match else ""
    return InputError.single(
        (), f"is not usable {kind}: a number has more than {limit} digits{where}"
    )


def _parse_std(text: str | bytes) -> Any:
    """Parse with the standard library, refusing duplicate keys.

    Counting keys costs little; only a document whose count of colons differs (a colon
    inside a string, or a repeated key) is parsed a second time to find repeated keys.
    """
    keys = 0

    def count(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal keys
        keys += len(obj)
        return obj

    data = _std_loads(text, object_hook=count)
    colons = text.count(b":") if isinstance(text, bytes) else text.count(":")
    if colons != keys:
        finder = _DuplicateFinder()
        data = _std_loads(text, object_pairs_hook=finder)
        if finder.found:
            _raise_duplicates(data, finder.found)
    return data


def _raise_duplicates(data: Any, found: dict[int, list[str]]) -> None:
    problems: list[Problem] = []
    for problem in _located(data, found):
        if len(problems) == MAX_PROBLEMS:
            raise InputError(problems, truncated=True)
        problems.append(problem)
    raise InputError(problems)


def _parse_orjson(raw: bytes, orjson: Any) -> Any:
    """Parse with orjson when it reads the document as the standard library does.

    orjson reads an integer beyond 64 bits as a float, drops a repeated key silently, and
    refuses some documents the standard library reads (lone surrogates) or explains
    better. Its compact rendering of what it read shows the first two cheaply:

    * a float of 1e16 or more renders with an exponent (``1.2e+29``): a document whose
      rendering has a ``+`` (rare in strings, and found fast) goes to the standard parser,
      which keeps integers exact;
    * every colon outside a string separates a key from its value, so the document has as
      many colons as the rendering unless a key was repeated (or a colon was written as an
      escape, which also takes the standard parser, which names repeated keys).
    """
    try:
        data = orjson.loads(raw)
        rendered = orjson.dumps(data)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):  # refused; or nested too deep
        return _parse_std(raw)
    if (
        b"+" in rendered
        or raw.count(b":") != rendered.count(b":")
        or (b"\\" in raw and _ESCAPED_COLON.search(raw))
    ):
        return _parse_std(raw)
    return data


def parse_json(text: str | bytes, decode: Decode | None = None) -> Any:
    """Parse JSON strictly: no NaN or Infinity, no repeated keys, errors with line and column.

    A leading byte-order mark is ignored. ``decode``, given the document's UTF-8 bytes,
    may return what they describe (a model object, from msgspec), or ``None`` to have
    them parsed as usual.
    """
    if len(text) > MAX_DOCUMENT_BYTES:
        raise _too_big(len(text))
    fast = _orjson_for(len(text))
    if isinstance(text, str):
        if text.startswith(_BOM):
            text = text[1:]
        if fast is None and decode is None:
            return _parse_std(text)
        try:
            raw = text.encode()
        except UnicodeEncodeError:  # lone surrogates: the model's validators locate them
            return _parse_std(text)
    else:
        raw = text[3:] if text.startswith(_UTF8_BOM) else text
    if decode is not None:
        decoded = decode(raw)
        if decoded is not None:
            return decoded
    if fast is None:
        return _parse_std(raw)
    return _parse_orjson(raw, fast)


def parse_toml(text: str) -> Any:
    """Parse TOML, with errors that give line and column. A byte-order mark is ignored."""
    from backsafe import _tomllib as tomllib  # noqa: PLC0415 - only for TOML documents

    if text.startswith(_BOM):
        text = text[1:]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError.single((), f"is not valid TOML: {error}") from None
    except RecursionError:
        raise InputError.single((), "is not usable TOML: it nests too deeply") from None
    except ValueError:  # int(): more digits than Python converts (sys.int_info)
        raise _too_many_digits(text, "TOML") from None


def _read_path(path: Path, decode: Decode | None) -> Any:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InputError.single(
            (), f"has an unsupported file type {suffix or '(none)'!r}; use .json or .toml"
        )
    try:
        stream = path.open("rb")
    except OSError as error:
        raise _unreadable(error) from None
    except UnicodeEncodeError:
        raise InputError.single((), "cannot be read: the path is not valid text") from None
    except ValueError:  # a NUL character in the path
        raise InputError.single((), "cannot be read: the path contains a NUL character") from None
    with stream:
        try:
            raw = read_limited(stream)
        except OSError as error:
            raise _unreadable(error) from None
    return parse_document(raw, suffix, decode)


def _unreadable(error: OSError) -> InputError:
    return InputError.single((), f"cannot be read: {error.strerror or error}")


def parse_document(raw: bytes, suffix: str = ".json", decode: Decode | None = None) -> Any:
    """Parse the bytes of a ``.json`` or ``.toml`` document (``decode``: see `parse_json`)."""
    if suffix == ".json":
        return parse_json(raw, decode)
    if len(raw) > MAX_TOML_BYTES:
        raise InputError.single(
            (),
            f"is too large for TOML ({len(raw)} bytes; the limit is {MAX_TOML_BYTES},"
            " 4 MiB; JSON documents may be 16 MiB)",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError.single((), f"is not valid UTF-8 text: {error.reason}") from None
    return parse_toml(text)


def read_stdin() -> bytes:
    """Standard input's bytes, within the size limit."""
    return read_limited(sys.stdin.buffer)


def read_document(source: Source, decode: Decode | None = None) -> tuple[Any, str | None]:
    """Return the plain data in ``source`` and a name for it (a path, or ``None``).

    A ``str`` is JSON text when it starts with ``{`` or ``[`` (after white space, and
    a byte-order mark) and a path otherwise. JSON is first offered to ``decode`` (see
    `parse_json`), whose answer, when it has one, is returned instead of the data.
    """
    if isinstance(source, (dict, list)):
        return source, None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return parse_json(bytes(source), decode), None
    if isinstance(source, str):
        if source.lstrip(f"{_BOM} \t\r\n")[:1] in ("{", "["):
            return parse_json(source, decode), None
        source = Path(source)
    if isinstance(source, os.PathLike):
        path = Path(source)
        try:
            return _read_path(path, decode), str(path)
        except InputError as error:
            raise error.with_source(str(path)) from None
    raise InputError.single(
        (),
        "must be a dict or list, JSON text or bytes, or a path to a .json or .toml file",
        source,
    )
