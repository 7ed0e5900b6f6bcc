"""The base of backsafe's string enumerations."""

from enum import Enum

__all__ = ["Choice"]


class Choice(str, Enum):
    """A string enumeration whose members print as their document value."""

    def __str__(self) -> str:
        return str(self.value)
