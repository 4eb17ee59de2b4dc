"""newsdesk: turn a pile of news articles into stories.

The public API is small: ``Desk`` (one SQLite-backed desk: add, search, export) and the shared data objects in
``newsdesk.model``. ``Desk`` is imported on first use, so ``import newsdesk.model`` stays light for stages that
only need the data objects.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from newsdesk.errors import DeskError
from newsdesk.model import Article, RemovedLine, SourceDocument, SourceProblem

if TYPE_CHECKING:
    from newsdesk.desk import AddReport, Desk

__version__ = "0.1.0"
__all__ = ["AddReport", "Article", "Desk", "DeskError", "RemovedLine", "SourceDocument", "SourceProblem", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    if name in ("Desk", "AddReport"):
        from newsdesk import desk

        return getattr(desk, name)
    raise AttributeError(f"module 'newsdesk' has no attribute {name!r}")
