"""The pack options every command shares, and ``backsafe packs``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from backsafe.cli._exit import ExitCode
from backsafe.output import dumps
from backsafe.output._json import pack_to_dict
from backsafe.packs import MissingPackError, PackLoadError, PackOptions, PackSet

__all__ = ["CommandFailed", "add_pack_arguments", "pack_set", "run_packs"]


class CommandFailed(Exception):
    """The command cannot go on; the message is printed and it exits with ``code``."""

    def __init__(self, code: ExitCode) -> None:
        super().__init__(code.name)
        self.code = code


def add_pack_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--pack``, ``--no-pack``, ``--require-pack`` and ``--strict-packs``."""
    group = parser.add_argument_group("rule packs")
    group.add_argument(
        "--pack",
        dest="pack_paths",
        action="append",
        default=[],
        metavar="PATH",
        help="also load the data-only pack in directory PATH (repeatable)",
    )
    group.add_argument(
        "--no-pack",
        dest="no_packs",
        action="append",
        default=[],
        metavar="NAME",
        help="do not load the installed pack NAME (repeatable)",
    )
    group.add_argument(
        "--require-pack",
        dest="required_packs",
        action="append",
        default=[],
        metavar="NAME",
        help="exit 2 unless pack NAME loads (repeatable)",
    )
    group.add_argument(
        "--strict-packs",
        action="store_true",
        help="exit 3 when a pack fails to load, instead of reporting it and going on",
    )


def pack_set(args: argparse.Namespace) -> PackSet:
    """The packs the command's options ask for; raises `CommandFailed` when unusable."""
    options = PackOptions(
        paths=args.pack_paths,
        disabled=args.no_packs,
        required=args.required_packs,
        strict=args.strict_packs,
    )
    try:
        packs = PackSet.load(options)
    except PackLoadError as error:
        print(f"backsafe: {error}", file=sys.stderr)
        raise CommandFailed(ExitCode.INCOMPLETE) from None
    except MissingPackError as error:
        print(f"backsafe: {error}", file=sys.stderr)
        raise CommandFailed(ExitCode.USAGE) from None
    for note in packs.notes:
        print(f"backsafe: note: {note}", file=sys.stderr)
    return packs


def warn_errors(packs: PackSet) -> None:
    """Print the packs that failed to load on stderr."""
    for error in packs.errors:
        print(f"backsafe: error: {error.message}", file=sys.stderr)


def _pack_to_dict(packs: PackSet) -> dict[str, Any]:
    return {
        "packs": [
            {
                **pack_to_dict(pack.info),
                "title": pack.title,
                "rules": len(pack.rules),
                "conditions": sorted(pack.conditions),
                "kinds": sorted(pack.kinds),
            }
            for pack in packs.packs
        ],
        "errors": [{"kind": e.kind, "message": e.message, "pack": e.pack} for e in packs.errors],
    }


def run_packs(args: argparse.Namespace) -> ExitCode:
    """List the packs: where each comes from, its rules and overrides, and load errors.

    Exits 3 when a pack failed to load.
    """
    packs = pack_set(args)
    if args.format == "json":
        sys.stdout.write(dumps(_pack_to_dict(packs)))
        return ExitCode.INCOMPLETE if packs.errors else ExitCode.OK
    for pack in packs.packs:
        origin = pack.origin.describe()
        print(
            f"{pack.name} {pack.version}  prefix {pack.prefix}  {len(pack.rules)} rules  ({origin})"
        )
        if pack.title:
            print(f"    {pack.title}")
        for override in pack.overrides:
            print(
                f"    overrides {override.rule} ({override.pack}) {override.option}: "
                f"{override.before!r} -> {override.after!r}"
                + (f"  [{override.reason}]" if override.reason else "")
            )
    for error in packs.errors:
        print(f"FAILED: {error.message}")
    return ExitCode.INCOMPLETE if packs.errors else ExitCode.OK
