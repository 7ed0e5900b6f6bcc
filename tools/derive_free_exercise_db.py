"""Derive backsafe's compact copy of the free-exercise-db.

The free-exercise-db (https://github.com/yuhonas/free-exercise-db) is in the public domain
(the Unlicense). backsafe ships only the fields its catalog reads, one exercise per line,
sorted by id, so that an update shows as a readable diff::

    python tools/derive_free_exercise_db.py path/to/free-exercise-db/dist/exercises.json

writes ``src/backsafe/catalog/free_exercise_db.json`` and, when the database's
``LICENSE.md`` sits next to (or one folder above) the source file, copies it to
``src/backsafe/catalog/FREE_EXERCISE_DB_LICENSE.md``. The classification of the entries is
``rules/free_exercise_db.toml``; review it after an update (the catalog refuses to load if
it names an entry the copy no longer has).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

FIELDS = (
    "id",
    "name",
    "category",
    "equipment",
    "mechanic",
    "force",
    "primaryMuscles",
    "secondaryMuscles",
)
HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE.parent / "src" / "backsafe" / "catalog"


def derive(exercises: list[dict[str, Any]]) -> str:
    """Return the compact copy's text: a JSON object with one exercise per line."""
    rows = []
    for exercise in sorted(exercises, key=lambda e: e["id"]):
        missing = [field for field in FIELDS if field not in exercise]
        if missing:
            raise ValueError(f"exercise {exercise.get('id')!r} lacks {', '.join(missing)}")
        row = {field: exercise[field] for field in FIELDS}
        rows.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    header = {
        "source": "https://github.com/yuhonas/free-exercise-db",
        "license": "The Unlicense (public domain); see FREE_EXERCISE_DB_LICENSE.md",
        "fields": list(FIELDS),
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":"))[:-1]
    return head + ',"exercises":[\n' + ",\n".join(rows) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the database's exercises.json")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="output folder")
    args = parser.parse_args(argv)
    exercises = json.loads(args.source.read_text(encoding="utf-8"))
    text = derive(exercises)
    args.output.mkdir(parents=True, exist_ok=True)
    target = args.output / "free_exercise_db.json"
    target.write_text(text, encoding="utf-8")
    print(f"wrote {len(exercises)} exercises to {target}")
    for folder in (args.source.parent, args.source.parent.parent):
        license_file = folder / "LICENSE.md"
        if license_file.is_file():
            shutil.copyfile(license_file, args.output / "FREE_EXERCISE_DB_LICENSE.md")
            print(f"copied {license_file}")
            break
    else:
        print("LICENSE.md not found next to the source; copy it by hand", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
