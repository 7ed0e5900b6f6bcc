"""The ``backsafe`` command line.

Exit codes (a contract): 0 the verdict is below ``--fail-on``; 1 it is at or above it;
2 unusable input or arguments, with every offending field path on stderr; 3 the check is
incomplete (a rule crashed or a pack failed to load); 4 the output could not be written;
130 interrupted (Ctrl-C). A closed output pipe does not change the verdict's code.
"""

import gc
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from backsafe.cli._main import main

__all__ = ["main", "run"]


def run() -> NoReturn:
    """The ``backsafe`` command: run `main` on ``sys.argv`` and exit with its code.

    What the command needs is imported here, with the cyclic garbage collector paused: the
    objects a command creates live until it exits, so collecting them is wasted time. A
    command that leaves nothing to clean up (no exit handlers, no other threads) then
    ends without the interpreter's teardown, which frees every module and object one by
    one: its output is flushed and the process exits. Otherwise it exits as ``sys.exit``
    does, the collector back as it was.
    """
    collecting = gc.isenabled()
    gc.disable()
    from backsafe.cli._main import run_and_exit  # noqa: PLC0415 - with the collector paused

    run_and_exit(collecting=collecting)


def __getattr__(name: str) -> object:
    if name == "main":
        from backsafe.cli._main import main  # noqa: PLC0415 - imported on first use

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
