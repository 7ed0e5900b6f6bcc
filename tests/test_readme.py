"""The README's quick start and shown output stay true."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block is not None
    return [
        line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")
    ]


def shown_outputs() -> list[tuple[str, str]]:
    """Each ```text block that starts with "$ backsafe ...": (arguments, output shown)."""
    found = []
    for block in re.findall(r"```text\n(.*?)```", README, re.S):
        first, _, rest = block.partition("\n")
        if first.startswith("$ backsafe "):
            found.append((first[len("$ backsafe ") :], rest))
    return found


def test_the_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "backsafe check examples/plans/" in commands[0]
    assert "pytest" in commands[1]


def test_the_output_shown_is_what_backsafe_prints() -> None:
    shown = shown_outputs()
    assert shown
    for arguments, output in shown:
        result = subprocess.run(
            [sys.executable, "-m", "backsafe", *arguments.split()],
            capture_output=True,
            text=True,
            cwd=ROOT,
            # the suite's cache directory (tests/conftest.py), not the user's
            env={
                "NO_COLOR": "1",
                "PATH": "",
                "BACKSAFE_CACHE_DIR": os.environ["BACKSAFE_CACHE_DIR"],
            },
            check=False,
        )
        for line in output.splitlines():
            assert line in result.stdout.splitlines(), (
                f"README shows {line!r}, backsafe does not print it"
            )
