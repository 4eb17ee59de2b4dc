"""Per-language knowledge (rules, lexicons, trained models): one sub-package per language code.

A component of a language is a module ``newsdesk.lang.<code>.<component>`` (``timex``, ``quotes``, …) or a data
file beside it (``clean.json``, ``abbreviations.json``), so adding a language is adding files, never editing the
stages that use them.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

__all__ = ["has_component"]

_CODE = re.compile(r"^[a-z]{2,3}$")


@lru_cache(maxsize=64)
def has_component(code: str, component: str) -> bool:
    """Whether language ``code`` (ISO 639-1, e.g. ``"de"``) has the module ``newsdesk.lang.<code>.<component>``."""
    if not _CODE.match(code):
        return False
    try:
        return importlib.util.find_spec(f"newsdesk.lang.{code}.{component}") is not None
    except ModuleNotFoundError:  # no package for the language at all
        return False
