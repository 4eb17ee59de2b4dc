"""How many cores this process may run on (the worker pools and the encoder tagger's threads size themselves by it)."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The CPUs this process may use (its affinity mask where the platform has one, else every CPU)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
