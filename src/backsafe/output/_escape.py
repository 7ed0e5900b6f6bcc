r"""Report text is data: make it safe for a terminal, for Markdown and for SARIF messages.

Messages carry user text (exercise names, session and plan names), so every output that
someone else renders treats them as data:

- ``printable`` (text report): control characters, including the bidirectional controls
  that reorder what a terminal shows (U+202E), and the line and paragraph separators,
  become visible escapes such as ``\u202e``, so a name can neither colour nor reorder
  nor break the report's lines.
- ``markdown`` (CDS Hooks ``summary`` and ``detail``): the same characters are dropped
  (line breaks become spaces), and every character that could start Markdown (a link, an
  image, a code span, emphasis, raw HTML, a heading or list at the start of a line, an
  automatic link to a bare URL or address) is backslash-escaped, as GitHub Flavored
  Markdown allows for any ASCII punctuation. Rendered, the text reads exactly as it was written.
- ``one_line`` (CDS Hooks labels, plain strings): the control characters go.
- ``sarif`` (SARIF messages): the control characters go, and so do SARIF's
  embedded-link brackets (``[text](1)`` in a SARIF message is a link): literal
  brackets and backslashes are backslash-escaped, as SARIF 2.1.0 section 3.11.6 asks.
"""

from __future__ import annotations

import re

__all__ = ["markdown", "one_line", "printable", "sarif"]

# C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional
# formatting characters (LRM, RLM, ALM, embeddings and overrides, isolates).
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPACES = re.compile(r"\s+")

# Markdown: ASCII punctuation that can open inline markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&~|!])")
# ... the text the GFM autolink extension links without any markup (a scheme's "://",
# "www.", an e-mail address's "@"),
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=\bwww)(\.)|(@)(?=[\w-])")
# ... and what starts a block (heading, quote, list, setext underline, ordered list).
_BLOCK_START = re.compile(r"^(?:[#>+\-=]|\d+[.)])")


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (for a terminal)."""
    return _CONTROL.sub(_escape_control, text)


def _drop_control(match: re.Match[str]) -> str:
    return " " if match.group().isspace() else ""


def one_line(text: str) -> str:
    """``text`` on one line, without control characters.

    Line breaks and runs of white space become one space; the other control characters
    (the bidirectional controls included) are dropped.
    """
    return _SPACES.sub(" ", _CONTROL.sub(_drop_control, text)).strip()


def _escape_block_start(match: re.Match[str]) -> str:
    found = match.group()
    return found[:-1] + "\\" + found[-1]


def markdown(text: str) -> str:
    """``text`` as Markdown that renders as the text itself, on one line."""
    text = _INLINE.sub(r"\\\1", one_line(text))
    text = _AUTOLINK.sub(lambda m: "\\" + m.group(), text)
    return _BLOCK_START.sub(_escape_block_start, text, count=1)


_SARIF_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]"})


def sarif(text: str) -> str:
    """``text`` as a SARIF plain-text message: one line, brackets and backslashes escaped."""
    return one_line(text).translate(_SARIF_ESCAPES)
