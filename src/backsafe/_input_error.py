"""InputError and Problem: what bad input looks like to a caller."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "MAX_PROBLEMS",
    "MAX_SHOWN_PROBLEMS",
    "InputError",
    "Problem",
    "escaped",
    "format_path",
    "format_value",
    "printable",
]

#: How many problems the loaders collect: past this, they stop looking (the cost of
#: reading a document that is wrong everywhere stays that of a few problems).
MAX_PROBLEMS = 50
#: How many problems ``str(InputError)`` shows before summarising the rest.
MAX_SHOWN_PROBLEMS = 50
_MAX_VALUE_CHARS = 60
#: Integers of more bits than this are described by their size (``str()`` of such a
#: number is slow, and refused beyond ``sys.get_int_max_str_digits()`` digits).
_MAX_SHOWN_INT_BITS = 3000
_LOG10_2 = 0.30102999566398120

PathPart = str | int


class _Missing:
    """The value of a required field that is absent."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def escaped(text: str) -> str:
    """``text`` with control characters and lone surrogates as ``\\uXXXX`` escapes.

    Keys, values and file names come from the input: escaped, they cannot move a
    terminal's cursor, start a new line of the message, or fail to encode.
    """
    return text if text.isprintable() else _UNPRINTABLE.sub(_escape, text)


def printable(text: str) -> str:
    """``text`` with lone surrogates (which no encoder writes) as ``\\udXXX`` escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def format_path(path: Sequence[PathPart]) -> str:
    """Render a field path the way a user writes it: ``weeks[1].sessions[0].reps``.

    A key that is not a string (possible in a dict given to a loader) shows as its
    ``repr`` in brackets, so it cannot pass for a list index.
    """
    out: list[str] = []
    for part in path:
        if type(part) is int:
            out.append(f"[{part}]")
        elif not isinstance(part, str):
            out.append(f"[{format_value(part)}]")
        elif out:
            out.append(f".{escaped(part)}")
        else:
            out.append(escaped(part))
    return "".join(out) or "(document)"


def _digits(value: int) -> str:
    bits = abs(value).bit_length()
    if bits > _MAX_SHOWN_INT_BITS:
        return f"about {int(bits * _LOG10_2) + 1}"
    return str(len(str(abs(value))))


def format_value(value: object) -> str:
    """Render a bad value briefly, in JSON spelling where it has one."""
    if isinstance(value, float) and not math.isfinite(value):
        text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        text = f"{'-' if value < 0 else ''}a number with {_digits(value)} digits"
    elif value is None or isinstance(value, (bool, int, float, str)):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dict):
        text = "an object" if value else "{}"
    elif isinstance(value, (list, tuple)):
        text = f"a list of {len(value)}" if value else "[]"
    else:
        text = f"a {type(value).__name__}"
    if len(text) > _MAX_VALUE_CHARS:
        text = f"{text[: _MAX_VALUE_CHARS - 12]}... ({len(text)} chars)"
    return escaped(text)


@attrs.frozen
class Problem:
    """One thing wrong with an input document.

    ``path`` locates the offending field from the document's root, as a tuple of field
    names and list indices; ``message`` says what was expected; ``value`` is the bad value
    (or ``None`` when there is no single value to show, as for a missing field).
    """

    path: tuple[PathPart, ...]
    message: str
    value: object = attrs.field(default=MISSING, eq=False, repr=False)

    def prefixed(self, prefix: Sequence[PathPart]) -> Problem:
        """Return this problem located below ``prefix``."""
        return Problem((*prefix, *self.path), self.message, self.value)

    def __str__(self) -> str:
        where = format_path(self.path)
        if self.value is MISSING:
            return printable(f"{where}: {self.message}")
        return printable(f"{where}: {self.message}, got {format_value(self.value)}")


class InputError(ValueError):
    """Input that backsafe cannot use, with every problem found and its field path.

    ``problems`` lists them in document order; ``source`` names where the input came from
    (a file path, ``"<bytes>"``...), when known. ``str()`` gives one problem per line.
    ``truncated`` is true when the loader stopped looking after `MAX_PROBLEMS` problems:
    the document has more than ``problems`` lists.
    """

    problems: tuple[Problem, ...]
    source: str | None
    truncated: bool

    def __init__(
        self, problems: Iterable[Problem], source: str | None = None, *, truncated: bool = False
    ) -> None:
        self.problems = tuple(problems)
        self.source = source
        self.truncated = truncated
        super().__init__(self._render())

    @classmethod
    def single(cls, path: Sequence[PathPart], message: str, value: object = MISSING) -> InputError:
        """Build an error that has just one problem."""
        return cls([Problem(tuple(path), message, value)])

    def with_source(self, source: str) -> InputError:
        """Return the same problems, attributed to ``source``."""
        return InputError(self.problems, source, truncated=self.truncated)

    def _render(self) -> str:
        head = f"invalid input in {escaped(self.source)}" if self.source else "invalid input"
        count = len(self.problems)
        if self.truncated:
            lines = [f"{head}: more than {count} problems"]
        else:
            lines = [f"{head}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {problem}" for problem in self.problems[:MAX_SHOWN_PROBLEMS])
        if count > MAX_SHOWN_PROBLEMS:
            lines.append(f"  ... and {count - MAX_SHOWN_PROBLEMS} more")
        if self.truncated:
            lines.append(f"  ... and more: the loader stops looking after {count} problems")
        return printable("\n".join(lines))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.problems, self.source, self.truncated))


def _rebuild(problems: tuple[Problem, ...], source: str | None, truncated: bool) -> InputError:
    return InputError(problems, source, truncated=truncated)
