"""InputError and Problem: what bad input looks like to a caller."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

import attrs

__all__ = ["MAX_SHOWN_PROBLEMS", "InputError", "Problem", "format_path", "format_value"]

#: How many problems ``str(InputError)`` shows before summarising the rest.
MAX_SHOWN_PROBLEMS = 50
_MAX_VALUE_CHARS = 60

PathPart = str | int


class _Missing:
    """The value of a required field that is absent."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def format_path(path: Sequence[PathPart]) -> str:
    """Render a field path the way a user writes it: ``weeks[1].sessions[0].reps``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out) or "(document)"


def format_value(value: object) -> str:
    """Render a bad value briefly, in JSON spelling where it has one."""
    if isinstance(value, float) and not math.isfinite(value):
        text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        text = f"{'-' if value < 0 else ''}a number with {len(str(abs(value)))} digits"
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
    return text


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
            return f"{where}: {self.message}"
        return f"{where}: {self.message}, got {format_value(self.value)}"


class InputError(ValueError):
    """Input that backsafe cannot use, with every problem found and its field path.

    ``problems`` lists them in document order; ``source`` names where the input came from
    (a file path, ``"<bytes>"``...), when known. ``str()`` gives one problem per line.
    """

    problems: tuple[Problem, ...]
    source: str | None

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._render())

    @classmethod
    def single(cls, path: Sequence[PathPart], message: str, value: object = MISSING) -> InputError:
        """Build an error that has just one problem."""
        return cls([Problem(tuple(path), message, value)])

    def with_source(self, source: str) -> InputError:
        """Return the same problems, attributed to ``source``."""
        return InputError(self.problems, source)

    def _render(self) -> str:
        head = f"invalid input in {self.source}" if self.source else "invalid input"
        count = len(self.problems)
        lines = [f"{head}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {problem}" for problem in self.problems[:MAX_SHOWN_PROBLEMS])
        if count > MAX_SHOWN_PROBLEMS:
            lines.append(f"  ... and {count - MAX_SHOWN_PROBLEMS} more")
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[InputError], tuple[tuple[Problem, ...], str | None]]:
        return (InputError, (self.problems, self.source))
