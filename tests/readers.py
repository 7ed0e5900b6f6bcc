"""The JSON readers a loader may use, so that tests can run each: the same answers from all.

``msgspec``: msgspec decodes valid documents into the model (the ``backsafe[fast]`` extra;
orjson parses the rest); ``orjson``: orjson parses, the usual fast path structures;
``stdlib``: the standard library alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from backsafe._serde import _msgspec, _sources

READERS = ("msgspec", "orjson", "stdlib")
_ORJSON = _sources.load_orjson()  # imported now: every document goes through it


def installed(name: str) -> bool:
    """Whether the reader ``name`` can run here (its optional extras are installed)."""
    if name == "msgspec":
        return _msgspec.installed() and _ORJSON is not None
    if name == "orjson":
        return _ORJSON is not None
    return True


@contextmanager
def reader(name: str) -> Iterator[None]:
    """Load with the reader ``name`` inside the block."""
    with pytest.MonkeyPatch.context() as patch:
        if name == "msgspec":
            # Every document through msgspec, the first small one too.
            patch.setattr(_msgspec, "EAGER_BYTES", 0)
        else:
            _msgspec.installed()  # imported now, so that the patch is undone to the module
            patch.setattr(_msgspec, "msgspec", None)
        if name == "stdlib":
            patch.setattr(_sources, "orjson", None)
        yield
