"""Rule packs: the default pack, and the data format other packs are written in."""

from backsafe.packs._default import default_pack
from backsafe.packs._pack import Pack
from backsafe.packs._toml import DEFAULT_TOPICS, PackError, parse_pack

__all__ = ["DEFAULT_TOPICS", "Pack", "PackError", "default_pack", "parse_pack"]
