"""Registers backsafe's model types with Hypothesis (entry point group ``hypothesis``).

Hypothesis runs `_hypothesis_setup_hook` when it is imported, in any environment where
backsafe is installed, so that ``st.from_type(backsafe.Plan)`` (and ``Week``,
``Session``, ``Block``, ``Profile``, ``Symptom``) draws from `backsafe.testing.strategies`.
The strategies module is imported only when a type is first resolved.
"""

from __future__ import annotations

from typing import Any

__all__ = ["_hypothesis_setup_hook"]

_STRATEGIES = {
    "Plan": "plans",
    "Week": "weeks",
    "Session": "sessions",
    "Block": "blocks",
    "Profile": "profiles",
    "Symptom": "symptoms",
}


def _resolve(kind: type) -> Any:
    from backsafe.testing import strategies  # noqa: PLC0415 - on first use only

    return getattr(strategies, _STRATEGIES[kind.__name__])()


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each model type (Hypothesis calls this on import)."""
    from hypothesis import strategies as st  # noqa: PLC0415

    from backsafe import model  # noqa: PLC0415

    for name in _STRATEGIES:
        st.register_type_strategy(getattr(model, name), _resolve)
