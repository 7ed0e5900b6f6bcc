"""What a test run asks of backsafe: the bar of ``assert_safe`` and the packs to check with.

The pytest plugin (``_backsafe_pytestplugin``) keeps the settings of the runs in progress
(a stack, since pytest can run inside pytest); outside pytest, or with the plugin off, the
defaults apply: ``caution`` at most, and the installed packs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from backsafe.engine import Checker
from backsafe.packs import PackOptions, PackSet
from backsafe.report import Level

__all__ = ["DEFAULT_MAX_LEVEL", "active_settings", "bar", "pack_options", "packset", "run_checker"]

#: The highest verdict ``assert_safe`` accepts unless told otherwise.
DEFAULT_MAX_LEVEL = Level.CAUTION
_PLUGIN = "_backsafe_pytestplugin"


def active_settings() -> Any:
    """The settings of the innermost pytest run with the plugin on, or ``None``."""
    plugin = sys.modules.get(_PLUGIN)
    return None if plugin is None else plugin.current_settings()


def _level(value: Level | str, what: str) -> Level:
    try:
        return value if isinstance(value, Level) else Level(value)
    except ValueError:
        raise ValueError(f"{what}={value!r}: levels are {', '.join(Level)}") from None


def bar(max_level: Level | str | None) -> Level:
    """The highest verdict to accept: ``max_level``, else the run's, else ``caution``.

    The run's comes from ``--backsafe-fail-on LEVEL`` (fail at ``LEVEL`` and above).
    """
    if max_level is not None:
        return _level(max_level, "max_level")
    settings = active_settings()
    if settings is None or settings.fail_on is None:
        return DEFAULT_MAX_LEVEL
    fail_on = _level(settings.fail_on, "--backsafe-fail-on")
    return list(Level)[max(fail_on.rank - 1, 0)]


def pack_options(names: Iterable[str]) -> PackOptions:
    """The packs a run names: directories of data-only packs, or installed packs to require.

    Naming an installed pack turns autoloading on (whatever the environment says), since
    the pack must load; every pack must load (strict), so that a broken pack fails its
    tests instead of passing them without its rules.
    """
    paths: list[str] = []
    required: list[str] = []
    for name in names:
        (paths if os.sep in name or "/" in name or os.path.isdir(name) else required).append(name)
    return PackOptions(
        paths=paths, required=required, autoload=True if required else None, strict=True
    )


def packset(extra: Sequence[str] = ()) -> PackSet:
    """The packs of the run (``--backsafe-pack``), and ``extra`` ones (a vignette file's)."""
    settings = active_settings()
    names = [*(settings.packs if settings is not None else ()), *extra]
    return PackSet.load(pack_options(dict.fromkeys(names)))


def run_checker(checker: Checker | None = None) -> Checker:
    """``checker``, else the checker of the run's packs."""
    return checker if checker is not None else packset().checker()
