"""Timing shared by the benchmark scripts: CPU time per call."""

from __future__ import annotations

import time
from collections.abc import Callable


def cpu(function: Callable[[], object], number: int) -> float:
    """CPU seconds per call of ``function``, over ``number`` calls."""
    start = time.process_time()
    for _ in range(number):
        function()
    return (time.process_time() - start) / number
