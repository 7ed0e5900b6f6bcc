"""backsafe's pytest plugin (entry point ``backsafe`` in the group ``pytest11``).

pytest loads it wherever backsafe is installed; ``-p no:backsafe`` turns it off. It lives
outside the ``backsafe`` package, as Hypothesis's plugin does, so that loading it imports
nothing of backsafe: the packs load when a fixture, an assertion or a vignette first needs
them.

- Fixtures ``backsafe_packs`` (the run's `backsafe.PackSet`) and ``backsafe_checker``.
- ``--backsafe-fail-on LEVEL`` (ini ``backsafe_fail_on``): ``assert_safe`` fails at
  ``LEVEL`` and above (by default it accepts ``caution`` at most).
- ``--backsafe-pack NAME`` (repeatable; ini ``backsafe_packs``): a pack the run needs (an
  installed pack's name, or a directory of a data-only pack).
- ini ``backsafe_vignettes``: patterns of vignette files to collect as tests, matched
  against a file's path from the right (``vignettes/*.toml``).
- Readable ``==`` failures for plans, their parts, profiles, symptoms and reports.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite("backsafe.testing.assertions", "backsafe.testing.properties")

__all__ = ["LEVELS", "Settings", "current_settings"]

#: The levels a check can fail on (`backsafe.Level` without ``ok``), spelled out here so
#: that loading the plugin imports nothing of backsafe.
LEVELS = ("info", "caution", "modify", "stop", "refer", "urgent")
_MODEL_TYPES = ("Plan", "Week", "Session", "Block", "Profile", "Symptom")


@dataclasses.dataclass(frozen=True)
class Settings:
    """What a run asks of backsafe: the level to fail on, and the packs it needs."""

    fail_on: str | None = None
    packs: tuple[str, ...] = ()


_settings_key = pytest.StashKey[Settings]()
#: The settings of the runs in progress, innermost last (pytest may run inside pytest).
_active: list[Settings] = []


def current_settings() -> Settings | None:
    """The settings of the innermost run with the plugin on, or ``None``."""
    return _active[-1] if _active else None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("backsafe", "backsafe (lower-back safety of training plans)")
    group.addoption(
        "--backsafe-fail-on",
        choices=LEVELS,
        default=None,
        metavar="LEVEL",
        help="assert_safe fails at LEVEL and above (default: modify, so caution passes). "
        f"Levels: {', '.join(LEVELS)}.",
    )
    group.addoption(
        "--backsafe-pack",
        action="append",
        default=[],
        metavar="NAME",
        help="a rule pack the tests need: an installed pack's name (it must load) or the "
        "directory of a data-only pack. Repeatable.",
    )
    parser.addini("backsafe_fail_on", "the level assert_safe fails at (as --backsafe-fail-on)")
    parser.addini(
        "backsafe_packs", "rule packs the tests need (as --backsafe-pack)", type="linelist"
    )
    parser.addini(
        "backsafe_vignettes",
        "patterns of backsafe vignette files to collect, matched from the right (vignettes/*.toml)",
        type="linelist",
    )


def pytest_configure(config: pytest.Config) -> None:
    fail_on = config.getoption("backsafe_fail_on") or config.getini("backsafe_fail_on") or None
    if fail_on is not None and fail_on not in LEVELS:
        raise pytest.UsageError(
            f"backsafe_fail_on = {fail_on!r}: choose one of {', '.join(LEVELS)}"
        )
    packs = (*config.getini("backsafe_packs"), *config.getoption("backsafe_pack"))
    settings = Settings(fail_on, tuple(dict.fromkeys(packs)))
    config.stash[_settings_key] = settings
    _active.append(settings)
    config.addinivalue_line(
        "markers", "backsafe_vignette: a vignette collected by the backsafe plugin"
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    settings = config.stash.get(_settings_key, None)
    for index in range(len(_active) - 1, -1, -1):
        if _active[index] is settings:
            del _active[index]
            break


def pytest_report_header(config: pytest.Config) -> str:
    settings = config.stash[_settings_key]
    packs = ", ".join(settings.packs) or "the installed packs"
    return f"backsafe: fail on {settings.fail_on or 'modify'}; packs: {packs}"


@pytest.fixture(scope="session")
def backsafe_packs() -> Any:
    """The run's packs (`backsafe.PackSet`): installed ones and ``--backsafe-pack``."""
    from backsafe.testing import _run  # noqa: PLC0415

    return _run.packset()


@pytest.fixture(scope="session")
def backsafe_checker(backsafe_packs: Any) -> Any:
    """A `backsafe.engine.Checker` of every rule of the run's packs."""
    return backsafe_packs.checker()


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: Any, right: Any) -> Any:
    if op != "==" or type(left) is not type(right):
        return None
    module = type(left).__module__
    if module == "backsafe.report" and type(left).__name__ == "Report":
        from backsafe.testing import _render  # noqa: PLC0415

        return _render.report_diff(left, right)
    if module == "backsafe.model" and type(left).__name__ in _MODEL_TYPES:
        from backsafe.testing import _render  # noqa: PLC0415

        return _render.plan_diff(left, right)
    return None


# --- vignettes -------------------------------------------------------------------------


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".toml":
        return None
    patterns = parent.config.getini("backsafe_vignettes")
    if any(file_path.match(pattern) for pattern in patterns):
        return VignetteFile.from_parent(parent, path=file_path)
    return None


class VignetteFailure(AssertionError):
    """A vignette whose check does not find what it expects."""


class VignetteFile(pytest.File):
    """A vignette file: one test per ``[[vignette]]``."""

    def collect(self) -> Any:
        from backsafe.testing.vignettes import load_file  # noqa: PLC0415

        for vignette in load_file(self.path).vignettes:
            item = VignetteItem.from_parent(self, name=vignette.name, vignette=vignette)
            item.add_marker(pytest.mark.backsafe_vignette)
            if vignette.xfail_reason is not None:
                item.add_marker(pytest.mark.xfail(reason=vignette.xfail_reason, strict=True))
            yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        from backsafe.testing.vignettes import VignetteError  # noqa: PLC0415

        if isinstance(excinfo.value, VignetteError):
            return f"invalid vignette file: {excinfo.value}"
        return super().repr_failure(excinfo)


class VignetteItem(pytest.Item):
    """One vignette: check its plan, and compare the report with what it expects."""

    def __init__(self, *, vignette: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.vignette = vignette

    def runtest(self) -> None:
        report = self.vignette.run()
        problems = self.vignette.mismatches(report)
        if problems:
            raise VignetteFailure(self.vignette.explain(report, problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        from backsafe import InputError  # noqa: PLC0415

        if isinstance(excinfo.value, VignetteFailure):
            return str(excinfo.value)
        if isinstance(excinfo.value, InputError):
            return f"vignette {self.vignette.id}: invalid input\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"vignette {self.vignette.id}"
