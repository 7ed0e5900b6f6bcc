"""The ``backsafe`` command line.

Exit codes (a contract): 0 the verdict is below ``--fail-on``; 1 it is at or above it;
2 unusable input or arguments, with every offending field path on stderr; 3 the check is
incomplete (a rule crashed or a pack failed to load); 4 the output could not be written;
130 interrupted (Ctrl-C). A closed output pipe does not change the verdict's code.
"""

from backsafe.cli._main import main, run

__all__ = ["main", "run"]
