"""What resolving packs produces: the state passed from one pack to the next, and errors.

Apart from the resolver (``_resolve``), which reads pack data with cattrs and is imported
only when a pack is resolved, so that a pack set built from the cache imports neither.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from backsafe._input_error import InputError
from backsafe.catalog import Catalog
from backsafe.engine import Advice, Check, ConditionInfo, Rule
from backsafe.packs._pack import LoadedPack

__all__ = ["Loaded", "PackError", "Resolved"]


class PackError(InputError):
    """A pack is invalid: every problem, with its file and field path."""


@attrs.frozen
class Loaded:
    """What the packs loaded so far give the next one."""

    catalog: Catalog
    kinds: Mapping[str, type[Check]] = attrs.field(factory=dict)
    rules: Mapping[str, Rule] = attrs.field(factory=dict)
    conditions: Mapping[str, ConditionInfo] = attrs.field(factory=dict)
    advice: Mapping[str, Advice] = attrs.field(factory=dict)
    packs: Mapping[str, LoadedPack] = attrs.field(factory=dict)


@attrs.frozen
class Resolved:
    """A pack, resolved: the pack, the catalog it extends, and the rules it overrides."""

    pack: LoadedPack
    catalog: Catalog
    overridden: Mapping[str, Rule] = attrs.field(factory=dict)
