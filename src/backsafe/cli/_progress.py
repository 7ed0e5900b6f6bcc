"""A progress bar on standard error, for runs over many plans that take a while.

It is drawn only on a terminal, only once a run has lasted `DELAY` seconds (a short run
never flashes a bar), at most `INTERVAL` apart, and erased when the run ends. Output
written to the same terminal meanwhile erases it first (`Progress.clear`), so that a
report line never lands after a half-drawn bar.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import IO

__all__ = ["DELAY", "INTERVAL", "Progress", "on_terminal"]

#: Seconds before a bar is first drawn.
DELAY = 1.0
#: Seconds between two drawings of the bar.
INTERVAL = 0.1
_ERASE = "\r\x1b[K"


def on_terminal(stream: IO[str]) -> bool:
    """Whether ``stream`` is a terminal."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stream
        return False


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class Progress:
    """How far a run over ``total`` plans is, drawn on ``stream`` when ``enabled``.

    ``clock`` is the time in seconds (monotonic); tests give their own. Writing the bar
    never fails the run: a terminal that went away just stops showing it.
    """

    def __init__(
        self,
        total: int,
        stream: IO[str],
        *,
        enabled: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.done = 0
        self._stream = stream
        self._enabled = enabled
        self._clock = clock
        self._start = clock()
        self._drawn_at: float | None = None
        self._visible = False

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more plans done; draw the bar if it is due."""
        self.done += count
        if not self._enabled:
            return
        now = self._clock()
        if now - self._start < DELAY:
            return
        if self._visible and self._drawn_at is not None and now - self._drawn_at < INTERVAL:
            return
        self._draw(now)

    def clear(self) -> None:
        """Erase the bar (before other output to the same terminal)."""
        if self._visible:
            self._write(_ERASE)
            self._visible = False

    def close(self) -> None:
        """Erase the bar for good: the run is over."""
        self.clear()
        self._enabled = False

    def line(self, now: float) -> str:
        """The bar's text at time ``now``, fitted to the terminal's width."""
        width = shutil.get_terminal_size((80, 24)).columns - 1
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        share = self.done / self.total if self.total else 1.0
        left = f"  {_clock((self.total - self.done) / rate)} left" if rate > 0 else ""
        head = f"checking {self.done}/{self.total} plans "
        tail = f" {share:4.0%}  {rate:,.0f} plans/s{left}"
        room = width - len(head) - len(tail) - 2
        if room < 10:
            return (head + tail.strip())[:width]
        filled = round(room * share)
        return f"{head}[{'#' * filled}{'.' * (room - filled)}]{tail}"

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        self._write(_ERASE + self.line(now))
        self._visible = True

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            self._enabled = False
            self._visible = False
