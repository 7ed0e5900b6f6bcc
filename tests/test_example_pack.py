"""The example clinic pack (examples/clinic-pack) installs into a fresh venv and works.

The venv gets backsafe and the example pack installed by pip from their sources; their
dependencies (attrs, cattrs, hatchling, pytest...) come from this environment through a
.pth file, so the test needs no network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "clinic-pack"


def _run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BACKSAFE_DISABLE_PACK_AUTOLOAD", "PYTHONPATH")
    }
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def venv_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("clinic") / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    (Path(site.stdout.strip()) / "_backsafe_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    install = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        ROOT,
        EXAMPLE,
    )
    assert install.returncode == 0, install.stderr
    return python


@pytest.mark.slow
def test_the_installed_example_pack_is_listed_and_checked(
    venv_python: Path, tmp_path: Path
) -> None:
    where = _run(venv_python, "-c", "import backsafe, clinic_pack; print(backsafe.__file__)")
    assert str(venv_python.parent.parent) in where.stdout, "backsafe runs from the venv"
    packs = _run(venv_python, "-m", "backsafe", "packs", "--format", "json")
    assert packs.returncode == 0, packs.stderr
    listed = {pack["name"]: pack for pack in json.loads(packs.stdout)["packs"]}
    assert listed["clinic"]["distribution"] == "backsafe-clinic-example"
    assert listed["clinic"]["entry_point"] == "clinic = clinic_pack:pack"
    assert listed["clinic"]["overrides"][0]["rule"] == "BS601"
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "weeks": [
                    {
                        "sessions": [
                            {
                                "day": 1,
                                "blocks": [
                                    {"exercise": "weighted crunches", "sets": 3, "reps": 12},
                                    {
                                        "exercise": "good morning",
                                        "sets": 3,
                                        "reps": 8,
                                        "cues": ["neutral-spine"],
                                    },
                                ],
                            }
                        ]
                    }
                ]
            }
        )
    )
    check = _run(
        venv_python,
        "-m",
        "backsafe",
        "check",
        plan,
        "--format",
        "json",
        "--profile",
        EXAMPLE / "profiles" / "osteoporosis.json",
    )
    assert check.returncode == 1, check.stderr
    report = json.loads(check.stdout)
    assert {"CL001", "CL002"} <= {finding["code"] for finding in report["findings"]}
    assert [pack["name"] for pack in report["packs"]] == ["backsafe", "clinic"]


@pytest.mark.slow
def test_the_example_packs_own_tests_pass(venv_python: Path) -> None:
    result = _run(
        venv_python, "-m", "pytest", "-v", "-p", "no:cacheprovider", EXAMPLE / "tests", cwd=EXAMPLE
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # backsafe's pytest plugin collects the pack's vignettes, with the pack loaded.
    assert "backsafe: fail on modify; packs: clinic" in result.stdout
    assert "tests/vignettes/clinic.toml::crunches-with-osteoporosis PASSED" in result.stdout
    assert "tests/vignettes/clinic.toml::leg-extension-up-5-percent PASSED" in result.stdout
