"""Exit codes of the command line (a contract)."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode", "ReaderGone"]


class ExitCode(IntEnum):
    """What a ``backsafe`` process's exit status means."""

    OK = 0
    FAILED = 1
    USAGE = 2
    INCOMPLETE = 3
    #: The output could not be written (a full disk, a closed terminal).
    OUTPUT_FAILED = 4
    #: Interrupted (Ctrl-C, SIGINT): 128 + the signal's number, as shells report it.
    INTERRUPTED = 130


class ReaderGone(Exception):
    """The reader of the output went away (a closed pipe) after the verdict was known.

    ``code`` is the exit code the verdict calls for: a report that was not read in full
    still reached its verdict, so ``backsafe check ... | head`` exits as the verdict says.
    """

    def __init__(self, code: ExitCode) -> None:
        super().__init__(int(code))
        self.code = code
