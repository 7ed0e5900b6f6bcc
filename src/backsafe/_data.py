"""Find the default pack's data files: the top-level ``rules/`` folder.

A wheel carries ``rules/`` inside the package as ``backsafe/_rules`` (hatchling's
force-include); a source checkout, and so an editable install, reads ``rules/`` in place,
two levels above this package in the src layout. Nothing else in backsafe knows where the
files are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["DataNotFoundError", "rules_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parent


class DataNotFoundError(RuntimeError):
    """The default pack's data is missing from this installation."""


@cache
def rules_dir() -> Path:
    """Return the folder that holds the default pack's TOML files."""
    candidates = (_PACKAGE_DIR / "_rules", _PACKAGE_DIR.parent.parent / "rules")
    for candidate in candidates:
        if (candidate / "exercises.toml").is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise DataNotFoundError(f"backsafe's rule data is not installed (looked in {looked})")
