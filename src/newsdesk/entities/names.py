"""Which name mentions mean the same person (or organisation): transliteration-aware, genitive-aware matching.

A name is compared token by token under ``Lexicon.fold`` ("Sergej Schoigu" = "Sergei Shoigu", "Kim Jong-Un" =
"Kim Yong-Un" = "Kim Jong-un"), with a small edit tolerance for the spellings the folds do not cover, and with the
German genitive -s allowed on the last token ("Kim Jong-uns", "Putins"). A one-word mention ("Kim", "Shoigu")
joins the full name whose first or last word it is, but only when exactly one full name in the article fits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = ["same_name", "same_word", "name_key"]

SIMILAR = 0.85
"""Folded words at least this similar (difflib ratio) are one spelling: "selenskyi" / "selensky"."""


@lru_cache(maxsize=65_536)  # called for every capitalised word against every name group of an article
def same_word(a: str, b: str) -> bool:
    """Two folded words are one name word, allowing a genitive -s on either side and small spelling drift."""
    if a == b or a + "s" == b or b + "s" == a:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 3:
        return False
    # the letters both words share bound difflib's ratio from above (its quick_ratio), without building a matcher;
    # first a cruder bound from the sets of letters (one letter only one side has costs that side at least one
    # character), which turns most pairs of unrelated words away with two integer operations
    letters_a, letters_b = _letter_set(a), _letter_set(b)
    crude = min(len(a) - (letters_a & ~letters_b).bit_count(), len(b) - (letters_b & ~letters_a).bit_count())
    if 2 * crude < SIMILAR * (len(a) + len(b)):
        return False
    shared = sum((_letter_counts(a) & _letter_counts(b)).values())
    if 2 * shared < SIMILAR * (len(a) + len(b)):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


@lru_cache(maxsize=65_536)
def _letter_counts(word: str) -> Counter[str]:
    return Counter(word)


@lru_cache(maxsize=65_536)
def _letter_set(word: str) -> int:
    """The distinct characters of ``word`` as a bit set, one bit per code point modulo 1,024 (folded words are
    [a-z0-9]; a collision elsewhere only loosens the bound)."""
    bits = 0
    for char in word:
        bits |= 1 << (ord(char) & 1023)
    return bits


def same_name(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two folded multi-word names are one name: same number of words, each pair the same word."""
    return len(a) == len(b) and all(same_word(x, y) for x, y in zip(a, b, strict=True))


def name_key(words: Sequence[str]) -> str:
    """The part of a canonical id that names the entity: folded words joined by "-"."""
    return "-".join(words)
