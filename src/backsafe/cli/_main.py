"""Argument parsing and dispatch for the ``backsafe`` command."""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from backsafe.cli._check import FORMATS, LEVELS, codes, jobs, run_check
from backsafe.cli._exit import ExitCode, ReaderGone
from backsafe.cli._inputs import PLAN_FORMATS, UnusableInput
from backsafe.cli._packs import CommandFailed, add_pack_arguments, pack_set, run_packs

__all__ = ["build_parser", "main", "run_and_exit"]

Command = Callable[[argparse.Namespace], ExitCode]


def _version() -> str:
    from importlib_metadata import version  # noqa: PLC0415 - only for --version

    return f"backsafe {version('backsafe')}"


class _VersionAction(argparse.Action):
    """``--version``: argparse's, with the version looked up only when it is asked for.

    Reading the distribution's metadata costs more than the rest of parsing the command
    line; every other run does without it.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, **kwargs
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(_version())
        parser.exit()


def _add_input_arguments(parser: argparse.ArgumentParser, *, many: bool = False) -> None:
    if many:
        parser.add_argument(
            "plan",
            metavar="PLAN",
            nargs="*",
            help="plan documents (.json or .toml; - for stdin) or directories (their *.json "
            "and *.toml files, recursively); may be left out with --symptoms, to triage the "
            "symptoms alone",
        )
    else:
        parser.add_argument(
            "plan",
            metavar="PLAN",
            nargs="?",
            help="plan document (.json or .toml; - for stdin); may be left out with "
            "--symptoms, to triage the symptoms alone",
        )
    parser.add_argument("--profile", metavar="FILE", help="profile document")
    parser.add_argument("--symptoms", metavar="FILE", help="symptoms document")
    parser.add_argument(
        "--input-format",
        choices=PLAN_FORMATS,
        default="backsafe",
        help="format of PLAN (default: backsafe)",
    )


#: The documents ``backsafe schema`` describes (``backsafe._schema.DOCUMENTS``, and packs).
SCHEMA_DOCUMENTS = ("plan", "profile", "symptoms", "report", "pack")


def run_fix(args: argparse.Namespace) -> ExitCode:
    """``backsafe fix`` (``backsafe.cli._fix``, imported when the command runs)."""
    from backsafe.cli._fix import run_fix  # noqa: PLC0415 - only for this command

    return run_fix(args)


def run_validate(args: argparse.Namespace) -> ExitCode:
    """``backsafe validate`` (``backsafe.cli._validate``, imported when it runs)."""
    from backsafe.cli._validate import run_validate  # noqa: PLC0415 - only for this command

    return run_validate(args)


def run_rules(args: argparse.Namespace) -> ExitCode:
    """``backsafe rules`` (``backsafe.cli._rules``, imported when it runs)."""
    from backsafe.cli._rules import run_rules  # noqa: PLC0415 - only for this command

    return run_rules(args)


def run_explain(args: argparse.Namespace) -> ExitCode:
    """``backsafe explain`` (``backsafe.cli._rules``, imported when it runs)."""
    from backsafe.cli._rules import run_explain  # noqa: PLC0415 - only for this command

    return run_explain(args)


def run_schema(args: argparse.Namespace) -> ExitCode:
    """Print the JSON Schema of a document kind (``pack``: a pack's TOML files)."""
    from backsafe._schema import json_schema  # noqa: PLC0415 - only for this command

    if args.document == "pack":
        from backsafe.packs._schema import pack_schema  # noqa: PLC0415 - only when asked

        schema = pack_schema(pack_set(args).kinds)
    else:
        schema = json_schema(args.document)
    print(json.dumps(schema, indent=2))
    return ExitCode.OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``backsafe`` command."""
    parser = argparse.ArgumentParser(
        prog="backsafe",
        description="Check strength-training programs for lower-back safety.",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser("check", help="check plans against the rules and report")
    _add_input_arguments(check, many=True)
    check.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default: text)"
    )
    check.add_argument(
        "--select",
        type=codes,
        metavar="CODES",
        help="run only these codes or prefixes (comma-separated)",
    )
    check.add_argument(
        "--ignore",
        type=codes,
        metavar="CODES",
        help="skip these codes or prefixes (red flags always run)",
    )
    check.add_argument(
        "--fail-on",
        choices=LEVELS,
        default="modify",
        metavar="LEVEL",
        help=f"exit 1 when the verdict is at or above LEVEL ({', '.join(LEVELS)}; default: modify)",
    )
    many = check.add_argument_group("many plans (more than one PLAN, or a directory)")
    many.add_argument(
        "-j",
        "--jobs",
        type=jobs,
        default=1,
        metavar="N",
        help="check on N processes (0 or auto: one per core; default: 1)",
    )
    many.add_argument(
        "--summary-only",
        action="store_true",
        help="print only the summary table, not each plan's report (text format)",
    )
    many.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar, and no summary on stderr with --format json or sarif",
    )
    add_pack_arguments(check)
    check.set_defaults(run=run_check, parser=check)

    repair = commands.add_parser(
        "fix",
        help="repair a plan: write the nearest plan the rules find safer, and say why",
        description="Repair PLAN and write it in interchange format v1 (JSON) to OUT; print "
        "what changed and why, and what was left, on stderr.",
    )
    _add_input_arguments(repair)
    repair.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the repaired plan (- for stdout); replaced atomically",
    )
    repair.add_argument(
        "--safe-only",
        action="store_true",
        help="apply only safe fixes (cues, warm-ups, cool-downs), no unsafe ones (load, "
        "volume, exercise choice, schedule)",
    )
    repair.add_argument(
        "--diff",
        action="store_true",
        help="show the changes as a diff of the plan (on stdout; on stderr with -o -)",
    )
    repair.add_argument(
        "--fail-on",
        choices=LEVELS,
        default="modify",
        metavar="LEVEL",
        help="exit 1 when the repaired plan's verdict is at or above LEVEL (default: modify)",
    )
    add_pack_arguments(repair)
    repair.set_defaults(run=run_fix)

    validate = commands.add_parser(
        "validate", help="check that the input documents are valid (no rules are run)"
    )
    _add_input_arguments(validate)
    add_pack_arguments(validate)
    validate.set_defaults(run=run_validate, parser=validate)

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    add_pack_arguments(rules)
    rules.set_defaults(run=run_rules)

    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("code", metavar="CODE")
    add_pack_arguments(explain)
    explain.set_defaults(run=run_explain)

    packs = commands.add_parser(
        "packs", help="list the rule packs: origin, rules, overrides, load errors"
    )
    packs.add_argument("--format", choices=("text", "json"), default="text")
    add_pack_arguments(packs)
    packs.set_defaults(run=run_packs)

    schema = commands.add_parser("schema", help="print the JSON Schema of a document kind")
    schema.add_argument("document", choices=SCHEMA_DOCUMENTS)
    add_pack_arguments(schema)
    schema.set_defaults(run=run_schema)
    return parser


def _say(message: str) -> None:
    """One line on stderr, if stderr can still take it."""
    with contextlib.suppress(OSError, ValueError):
        print(f"backsafe: {message}", file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a file (tests)
        pass


class _ClosedStream(io.TextIOBase):
    """Stands for a standard stream the process was started without (``>&-``).

    Writing to it fails as writing to a closed descriptor does, so that a report that
    cannot be written ends the command with exit code 4; a command that writes nothing
    there (``fix -o FILE``) is not troubled.
    """

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _Nowhere(io.TextIOBase):
    """Stands for standard error when the process was started without it (``2>&-``).

    Messages to it are dropped (there is no one to tell), and do not change the exit code.
    """

    def write(self, text: str) -> int:
        return len(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit code (see ``ExitCode``).

    Whatever happens, the process ends with a documented exit code and at most one line
    on stderr, never a traceback: a closed output pipe ends ``check`` with the code its
    verdict calls for, an output that cannot be written with 4, Ctrl-C with 130.
    """
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = _Nowhere()
    collecting = gc.isenabled()
    # A command frees what it allocates by reference counting; the cyclic collector's
    # passes over a large document's millions of objects cost a third of the time of
    # checking it and find nothing.
    gc.disable()
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "plan", "") is None and args.symptoms is None:
            # exits 2 with the command's usage
            args.parser.error("give a PLAN, or --symptoms FILE to triage symptoms without a plan")
        command: Command = args.run
        code = int(command(args))
        sys.stdout.flush()
        return code
    except UnusableInput:
        return int(ExitCode.USAGE)
    except ReaderGone as gone:  # ``backsafe check ... | head``: the verdict stands
        _silence_stdout()
        return int(gone.code)
    except CommandFailed as failed:
        return int(failed.code)
    except BrokenPipeError:  # the reader went away (``backsafe rules | head``)
        _silence_stdout()
        return int(ExitCode.OK)
    except OSError as error:  # writing the output failed (``> /dev/full``)
        _silence_stdout()
        _say(f"cannot write the output: {error.strerror or error}")
        return int(ExitCode.OUTPUT_FAILED)
    except UnicodeEncodeError as error:
        _silence_stdout()
        _say(
            f"cannot write the output: its encoding ({error.encoding}) cannot represent"
            f" {error.object[error.start : error.end]!a}; set PYTHONIOENCODING=utf-8"
        )
        return int(ExitCode.OUTPUT_FAILED)
    except KeyboardInterrupt:
        _say("interrupted")
        return int(ExitCode.INTERRUPTED)
    finally:
        if collecting:
            gc.enable()


def run_and_exit(*, collecting: bool) -> NoReturn:
    """Run `main`, then exit with its code (see `backsafe.cli.run`).

    The collector is paused; ``collecting`` says whether it was running before.
    """
    code = main()
    if _nothing_left():
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # sys.exit reports a failed flush as Python always has
        else:
            os._exit(code)
    if collecting:
        gc.enable()
    sys.exit(code)


#: Top-level modules, besides the standard library's, whose objects need no teardown: ours
#: and our dependencies'. Any other code (a pack with Python rules, a site hook, a program
#: calling `run`) may hold a buffered file or a finalizer, so its process exits normally.
_OWN_MODULES = frozenset(
    {
        "__main__",
        "_distutils_hack",  # setuptools' import shim, from a .pth file
        "attr",
        "attrs",
        "backsafe",
        "cattr",
        "cattrs",
        "exceptiongroup",
        "importlib_metadata",
        "lazy_importer",  # importlib-metadata's
        "msgspec",
        "orjson",
        "tomli",
        "typing_extensions",
        "zipp",
    }
)


def _ran_as_the_command() -> bool:
    """Whether ``__main__`` is the ``backsafe`` console script or ``python -m backsafe``."""
    entry = sys.modules.get("__main__")
    spec = getattr(entry, "__spec__", None)
    if spec is not None and spec.name == "backsafe.__main__":
        return True
    path = getattr(entry, "__file__", None)
    return path is not None and os.path.basename(path).lower() in {"backsafe", "backsafe.exe"}


def _nothing_left() -> bool:
    """Whether exiting at once skips nothing.

    Only the command itself exits at once, when no exit handler is registered, no other
    thread runs, and no code but backsafe's, its dependencies' and the standard library's
    was imported (`_OWN_MODULES`).
    """
    import atexit  # noqa: PLC0415 - builtin module, imported for this alone

    handlers = getattr(atexit, "_ncallbacks", None)  # CPython's count of handlers
    if handlers is None or handlers() > 0 or not _ran_as_the_command():
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() != 1:
        return False
    stdlib = sys.stdlib_module_names
    return all(
        top in stdlib or top in _OWN_MODULES or top.startswith("__editable__")
        for top in {name.partition(".")[0] for name in list(sys.modules)}
    )
