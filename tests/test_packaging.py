"""The default pack's data reaches users from a wheel and from a source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from backsafe._data import rules_dir
from backsafe.packs._default import PACK_FILES

ROOT = Path(__file__).parent.parent
DATA_FILES = (
    *PACK_FILES,
    "exercises.toml",
    "free_exercise_db.toml",
    "coverage.toml",
    "wger.toml",
)


def test_this_installation_finds_the_rules() -> None:
    folder = rules_dir()
    for name in DATA_FILES:
        assert (folder / name).is_file(), name


@pytest.mark.slow
def test_the_wheel_carries_the_rules_and_the_catalog(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("backsafe-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in DATA_FILES:
        assert f"backsafe/_rules/{name}" in names, name
    assert "backsafe/catalog/free_exercise_db.json" in names
    assert "backsafe/py.typed" in names
    # The testing toolkit: its pytest plugin (a module beside the package) and entry points.
    assert "_backsafe_pytestplugin.py" in names
    assert "backsafe/testing/strategies.py" in names
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    declared = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[pytest11]\nbacksafe = _backsafe_pytestplugin" in declared
    assert (
        "[hypothesis]\nbacksafe = backsafe.testing._hypothesis:_hypothesis_setup_hook" in declared
    )

    # Unpacked on its own, away from the source tree, the wheel loads its data.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    plan = ROOT / "examples" / "plans" / "glute-builder.json"
    routine = ROOT / "examples" / "wger" / "glute-builder.date-sequence-display.json"
    code = (
        "import backsafe, backsafe._data as d; "
        "from backsafe.adapters.wger import mapping, read_wger; "
        f"assert str(d.rules_dir()).startswith({str(site)!r}), d.rules_dir(); "
        "assert mapping().exercise(901) == 'barbell-hip-thrust'; "
        f"assert 'BS903' in backsafe.check(read_wger({str(routine)!r})).codes; "
        f"print(backsafe.check({str(plan)!r}).verdict)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        # the suite's cache directory (tests/conftest.py), not the user's
        env={"PYTHONPATH": str(site), "PATH": "", **_cache_dir()},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _cache_dir() -> dict[str, str]:
    name = "BACKSAFE_CACHE_DIR"
    return {name: os.environ[name]} if name in os.environ else {"BACKSAFE_NO_CACHE": "1"}
