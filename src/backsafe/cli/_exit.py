"""Exit codes of the command line (a contract)."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """What a ``backsafe`` process's exit status means."""

    OK = 0
    FAILED = 1
    USAGE = 2
    INCOMPLETE = 3
