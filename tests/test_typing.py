"""The typed API as a generator writes it: the documented style passes ``mypy --strict``.

One mypy run checks two modules: ``typing/user_style.py`` (code written like the docs,
which must type-check) and ``typing/user_style_errors.py`` (mistakes, each marked with
``# error``, which mypy must report, and no others).
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from backsafe import Level, Report

HERE = Path(__file__).parent / "typing"
GOOD = HERE / "user_style.py"
BAD = HERE / "user_style_errors.py"


def _marked_lines(path: Path) -> set[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {number for number, line in enumerate(lines, 1) if line.endswith("# error")}


@pytest.mark.slow
def test_documented_style_type_checks_and_mistakes_do_not(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, _ = api.run(
        ["--strict", "--cache-dir", str(tmp_path / "cache"), "--no-pretty", str(GOOD), str(BAD)]
    )
    assert stderr == ""
    errors: dict[str, set[int]] = {}
    for match in re.finditer(r"^(.+?):(\d+): error: ", stdout, re.MULTILINE):
        errors.setdefault(Path(match[1]).name, set()).add(int(match[2]))
    assert GOOD.name not in errors, stdout
    assert errors.get(BAD.name) == _marked_lines(BAD), stdout


def test_documented_style_runs() -> None:
    namespace = runpy.run_path(str(GOOD))
    report = namespace["run"]()
    assert isinstance(report, Report)
    assert report.verdict >= Level.CAUTION
