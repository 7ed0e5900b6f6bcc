"""``python -m backsafe``: the command line."""

from backsafe.cli import run

run()
