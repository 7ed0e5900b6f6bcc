"""Tools for testing with backsafe: strategies, assertions, vignettes and a pytest plugin.

- `backsafe.testing.strategies`: Hypothesis strategies for plans, their parts, profiles
  and symptoms (needs Hypothesis: ``pip install "backsafe[testing]"``).
- `backsafe.testing.assertions`: `assert_safe`, `assert_finding`, `assert_no_finding`,
  whose failures list the findings and show the offending week.
- `backsafe.testing.vignettes`: the vignette format (clinical cases in TOML with their
  expected verdict and findings) and its runner.
- `backsafe.testing.properties`: reusable properties (`check_generator`).
- The pytest plugin (entry point ``backsafe``, loaded by pytest whenever backsafe is
  installed; ``-p no:backsafe`` turns it off): fixtures, options, vignette collection.

Importing this package imports neither Hypothesis nor pytest; the assertion helpers are
importable from here too.
"""

from __future__ import annotations

from typing import Any

__all__ = ["assert_finding", "assert_no_finding", "assert_safe"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that pytest can rewrite the helpers' module when its
    # plugin registers it, even if this package was imported first.
    if name in __all__:
        from backsafe.testing import assertions  # noqa: PLC0415

        return getattr(assertions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
