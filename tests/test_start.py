"""A short command starts like a linter: it imports and builds only what it needs.

The import of a module backsafe does not need for ``backsafe check PLAN`` (fixing, many
plans, SARIF, CDS Hooks, TOML, cattrs, reading the version) would slow every run again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import backsafe
import backsafe.output
from backsafe._schema import DOCUMENTS
from backsafe.cli._main import SCHEMA_DOCUMENTS

ROOT = Path(__file__).parent.parent
PLAN = ROOT / "examples" / "plans" / "glute-builder.json"

#: Modules a warm ``backsafe check PLAN`` (text report) must not import.
NOT_NEEDED = (
    "backsafe._fix",
    "backsafe._many",
    "backsafe._schema",
    "backsafe.adapters.streprogen",
    "backsafe.adapters.wger",
    "backsafe.cli._fix",
    "backsafe.cli._many",
    "backsafe.cli._rules",
    "backsafe.catalog._load",
    "backsafe.cli._validate",
    "backsafe.output._cds_hooks",
    "backsafe.output._sarif",
    "backsafe.packs._resolve",
    "cattrs",
    "email.parser",
    "importlib_metadata",
    "multiprocessing",
    "orjson",
    "tomllib",
    "zipfile",
    "zipp",
)


def _python(script: str, *, file: Path | None = None, autoload: bool = True) -> str:
    """What a Python process running ``script`` prints (from ``file``, when given)."""
    script = textwrap.dedent(script)
    if file is not None:
        file.write_text(script, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, *(["-c", script] if file is None else [str(file)])],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=os.environ if autoload else {**os.environ, "BACKSAFE_DISABLE_PACK_AUTOLOAD": "1"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _modules_after_check(*args: str) -> set[str]:
    output = _python(
        f"""
        import contextlib, io, json, sys
        from backsafe.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", *{list(args)!r}])
        print(json.dumps(sorted(sys.modules)))
        """,
        autoload=False,
    )
    return set(json.loads(output))


def test_a_short_check_imports_only_what_it_needs() -> None:
    _modules_after_check(str(PLAN))  # fills the cache
    imported = _modules_after_check(str(PLAN))
    assert not imported & set(NOT_NEEDED)


def test_sarif_still_imports_its_modules() -> None:
    imported = _modules_after_check("--format", "sarif", str(PLAN))
    assert {"backsafe.output._sarif", "backsafe.cli._rules"} <= imported


@pytest.mark.parametrize(
    ("module", "name", "where"),
    [
        (backsafe, "fix", "backsafe._fix"),
        (backsafe, "FixResult", "backsafe._fix"),
        (backsafe, "Edit", "backsafe._fix"),
        (backsafe, "Unresolved", "backsafe._fix"),
        (backsafe, "check_many", "backsafe._many"),
        (backsafe, "Outcome", "backsafe._many"),
        (backsafe.output, "report_to_sarif", "backsafe.output._sarif"),
        (backsafe.output, "reports_to_sarif", "backsafe.output._sarif"),
        (backsafe.output, "Artifact", "backsafe.output._sarif"),
        (backsafe.output, "Checked", "backsafe.output._sarif"),
        (backsafe.output, "artifact_uri", "backsafe.output._sarif"),
        (backsafe.output, "report_to_cds_hooks", "backsafe.output._cds_hooks"),
        (backsafe.output, "SuggestionActions", "backsafe.output._cds_hooks"),
        (backsafe.output, "ACTIONS", "backsafe.output._cds_hooks"),
        (backsafe.output, "INDICATORS", "backsafe.output._cds_hooks"),
    ],
)
def test_names_imported_on_first_use_are_the_modules_own(
    module: object, name: str, where: str
) -> None:
    value = getattr(module, name)
    assert value is getattr(sys.modules[where], name)
    assert name in dir(module)
    assert name in module.__all__  # type: ignore[attr-defined]


def test_every_public_name_is_there() -> None:
    for module in (backsafe, backsafe.output):
        for name in module.__all__:
            assert getattr(module, name) is not None, name
    assert backsafe.output.SARIF_LEVELS is sys.modules["backsafe.output._sarif"].LEVELS
    from backsafe import check_many, fix  # noqa: F401 - a from-import works too


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'backsafe' has no attribute 'nothing'"):
        backsafe.nothing  # noqa: B018
    with pytest.raises(AttributeError, match="'backsafe.output' has no attribute 'nothing'"):
        backsafe.output.nothing  # noqa: B018


def test_the_schema_command_knows_every_document() -> None:
    assert (*DOCUMENTS, "pack") == SCHEMA_DOCUMENTS


def test_import_backsafe_imports_nothing_until_a_name_is_used() -> None:
    output = _python("""
        import sys
        import backsafe
        print(sorted(m for m in sys.modules if m.startswith("backsafe")))
        print(backsafe.engine.Checker.__name__, backsafe.report.Level.MODIFY.name)
        print(backsafe.check.__module__, backsafe.catalog.__name__)
        import backsafe.cli
        print(sorted(m for m in sys.modules if m.startswith("backsafe.cli")))
        from backsafe.cli import main
        print(main.__module__)
    """)
    assert output.splitlines() == [
        "['backsafe']",
        "Checker MODIFY",
        "backsafe._api backsafe.catalog",
        "['backsafe.cli']",
        "backsafe.cli._main",
    ]


def test_the_submodules_import_backsafe_made_attributes_still_are() -> None:
    for name in ("adapters", "catalog", "engine", "facts", "kinds", "model", "packs", "report"):
        assert getattr(backsafe, name) is sys.modules[f"backsafe.{name}"]
        assert name in dir(backsafe) or name in vars(backsafe)


def test_run_imports_the_command_with_the_collector_paused() -> None:
    output = _python(f"""
        import gc, sys
        gc.callbacks.append(lambda phase, info: phase == "start" and print("collected"))
        sys.argv = ["backsafe", "check", {str(PLAN)!r}]
        from backsafe.cli import run
        print("run")
        run()
    """)
    # A program calling run() gets the interpreter's teardown, which may collect; the
    # command itself must not.
    lines = output.partition("run\n")[2].splitlines()
    during = lines[: lines.index("collected")] if "collected" in lines else lines
    assert all(line == "collected" for line in lines[len(during) :])
    assert "verdict" in during[0]


def test_orjson_is_imported_for_a_second_document_or_a_large_first_one() -> None:
    output = _python(f"""
        import sys
        import backsafe
        small = open({str(PLAN)!r}, "rb").read()
        first = backsafe.load_plan(small)
        print("orjson" in sys.modules)
        second = backsafe.load_plan(small)
        print("orjson" in sys.modules, first == second)
    """)
    assert output.split() == ["False", "True", "True"]
    output = _python(f"""
        import json, sys
        import backsafe
        from backsafe._serde import _sources
        large = json.load(open({str(PLAN)!r}))
        large["metadata"] = {{"pad": "x" * _sources.EAGER_BYTES}}
        backsafe.load_plan(json.dumps(large))
        print("orjson" in sys.modules)
    """)
    assert output.split() == ["True"]


def _exit_decision(tmp_path: Path, script_name: str, extra_import: str = "") -> str:
    """What `_nothing_left` says at the end of a check run from ``script_name``."""
    output = _python(
        f"""
        import contextlib, io, sys
        {extra_import}
        from backsafe.cli._main import _nothing_left, main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", {str(PLAN)!r}])
        print(_nothing_left())
        """,
        file=tmp_path / script_name,
        autoload=False,
    )
    return output.strip()


def test_the_command_alone_ends_without_teardown(tmp_path: Path) -> None:
    assert _exit_decision(tmp_path, "backsafe") == "True"


@pytest.mark.parametrize(
    ("script_name", "extra_import"),
    [
        ("my_program.py", ""),  # a program calling run(): its own objects need teardown
        ("backsafe", "import pytest"),  # code that is not backsafe's nor a dependency's
        ("backsafe", "import atexit; atexit.register(print)"),
    ],
)
def test_other_code_gets_the_interpreters_teardown(
    tmp_path: Path, script_name: str, extra_import: str
) -> None:
    assert _exit_decision(tmp_path, script_name, extra_import) == "False"


def test_a_program_calling_run_keeps_its_buffered_files(tmp_path: Path) -> None:
    written = tmp_path / "written.txt"
    _python(f"""
        import sys
        kept = open({str(written)!r}, "w")
        kept.write("data")
        sys.argv = ["backsafe", "check", {str(PLAN)!r}]
        from backsafe.cli import run
        run()
    """)
    assert written.read_text(encoding="utf-8") == "data"
