"""The garbage collector paused while a desk places articles (see ``CollectorPause``)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["CollectorPause", "collector_paused"]


class CollectorPause:
    """While articles are placed, each batch starts with ``gc.freeze()``; when the last add of the process that is
    placing ends, the objects are unfrozen, unless the process had frozen them itself.

    Why: the clustering state is a large heap of long-lived objects that form no garbage cycles (an add finds
    none to collect), yet Python's collections rescan them again and again as the heap grows: 6 % of the time of
    ``bench_desk.py`` at 40,000 articles went to collecting, and the scans evict the caches that placing needs;
    frozen, the same 100,000 articles are added at 239 instead of 223 articles/s (slowest 10,000-article block
    202 instead of 188/s), with the same memory. Frozen objects are still freed when their last reference goes;
    only cyclic garbage made during the add waits for its end. Adds of two desks in two threads count as one
    pause, so the first to end does not unfreeze under the other.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._placing = 0
        self._unfreeze_at_end = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if not self._placing:
                self._unfreeze_at_end = gc.get_freeze_count() == 0  # a caller's own freeze is left alone
            self._placing += 1
        try:
            yield
        finally:
            with self._lock:
                self._placing -= 1
                if not self._placing and self._unfreeze_at_end:
                    gc.unfreeze()


collector_paused = CollectorPause()
"""The one pause of this process: ``with collector_paused(): …`` around placing."""
