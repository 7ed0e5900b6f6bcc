"""Where values are in a JSON text: JSON pointers to line and column.

SARIF places a finding on the text of the plan file; the check knows only the pointer of
the block (``/weeks/0/sessions/1/blocks/2``). One pass of a tokenizer over the text finds
the span of each wanted value and of its direct members, without building the document.
The text is one the loader accepted; anything unexpected (a file changed since) gives no
spans rather than wrong ones.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable

import attrs

__all__ = ["Position", "Span", "Spans", "escape_token"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SKIP = json.JSONDecoder().raw_decode


def escape_token(key: str) -> str:
    """A key as a JSON pointer reference token (RFC 6901: ``~`` is ``~0``, ``/`` is ``~1``)."""
    return key.replace("~", "~0").replace("/", "~1")


@attrs.frozen
class Position:
    """A place in a text: 1-based line and column (columns count Unicode code points)."""

    line: int
    column: int


@attrs.frozen
class Span:
    """A value's text: ``text[start:end]``."""

    start: int
    end: int


@attrs.define
class _Frame:
    """An object or array the scan is inside."""

    path: str | None  # None when nothing under it is wanted
    is_object: bool
    start: int
    keep: bool  # whether its own span is wanted
    key: str | None = None  # the current member's key, escaped (objects)
    index: int = 0  # the current item's index (arrays)


class Spans:
    """The spans of the values at some JSON pointers of a JSON text, and of their members.

    ``Spans(text, pointers)`` scans ``text`` once. `get` gives the span of a wanted
    pointer or of a direct member of one (``None`` when the text has no such value);
    `position` turns an offset into a line and column.
    """

    def __init__(self, text: str, pointers: Iterable[str]) -> None:
        self.text = text
        self._wanted = set(pointers)
        self._prefixes = {""}
        for pointer in self._wanted:
            parts = pointer.split("/")
            self._prefixes.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
        self._spans: dict[str, Span] = {}
        self._lines = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        try:
            self._scan()
        except (ValueError, IndexError):
            self._spans = {}  # not the text the loader read: no places rather than wrong ones

    def _next(self, stack: list[_Frame]) -> tuple[str | None, bool]:
        """The path of the value that starts now (if it may matter) and whether it is wanted."""
        if not stack:
            return "", "" in self._wanted
        parent = stack[-1]
        if parent.path is None:
            return None, False
        if parent.is_object and parent.key is None:
            raise ValueError("a value where a key should be")
        token = parent.key if parent.is_object else str(parent.index)
        path = f"{parent.path}/{token}"
        keep = path in self._wanted or parent.path in self._wanted
        return (path if keep or path in self._prefixes else None), keep

    def _scan(self) -> None:
        text = self.text
        stack: list[_Frame] = []
        at = 0
        while (match := _TOKEN.search(text, at)) is not None:
            token, at = match.group(), match.end()
            head = token[0]
            if head in "{[":
                path, keep = self._next(stack)
                if path is None or (path not in self._prefixes and path not in self._wanted):
                    # Nothing under it is wanted: the C decoder finds its end.
                    _, at = _SKIP(text, match.start())
                    if keep and path is not None:
                        self._spans[path] = Span(match.start(), at)
                    continue
                stack.append(_Frame(path, head == "{", match.start(), keep))
            elif head in "}]":
                frame = stack.pop()
                if frame.is_object != (head == "}"):
                    raise ValueError("mismatched brackets")
                if frame.keep and frame.path is not None:
                    self._spans[frame.path] = Span(frame.start, at)
            elif head == ",":
                if stack[-1].is_object:
                    stack[-1].key = None
                else:
                    stack[-1].index += 1
            elif head == ":":
                continue
            elif stack and stack[-1].is_object and stack[-1].key is None:
                plain = head == '"' and "\\" not in token
                key = token[1:-1] if plain else json.loads(token)
                stack[-1].key = escape_token(key)
            else:
                path, keep = self._next(stack)
                if keep and path is not None:
                    self._spans[path] = Span(match.start(), at)
        if stack:
            raise ValueError("unbalanced JSON text")

    def get(self, pointer: str) -> Span | None:
        """The span of the value at ``pointer``, if it was wanted (or a member of one)."""
        return self._spans.get(pointer)

    def position(self, offset: int) -> Position:
        """The line and column of ``offset``."""
        line = bisect.bisect_right(self._lines, offset)
        return Position(line, offset - self._lines[line - 1] + 1)
