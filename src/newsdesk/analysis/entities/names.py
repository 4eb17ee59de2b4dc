"""Which name mentions mean the same person (or organisation): transliteration-aware, genitive-aware matching.

A name is compared token by token under ``Lexicon.fold`` ("Sergej Schoigu" = "Sergei Shoigu", "Kim Jong-Un" =
"Kim Yong-Un" = "Kim Jong-un"), with a small edit tolerance for the spellings the folds do not cover, and with the
German genitive -s allowed on the last token ("Kim Jong-uns", "Putins"). A one-word mention ("Kim", "Shoigu")
joins the full name whose first or last word it is, but only when exactly one full name in the article fits.

These keys are for *matching*; what a reader sees is the name itself (``Lexicon.slug`` makes the readable id).
``WordIndex`` and ``NameIndex`` answer "which known names match this one" without comparing it with every name, so
an article's cost grows with its length, not with the square of its names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Generic, TypeVar

__all__ = ["NameIndex", "WordIndex", "name_key", "same_name", "same_word"]

T = TypeVar("T")

SIMILAR = 0.85
"""Folded words at least this similar (difflib ratio) are one spelling: "selenskyi" / "selensky"."""

FUZZY_MIN = 5
"""Words shorter than this match only exactly or with a genitive -s (``same_word``); longer ones may drift."""


@lru_cache(maxsize=65_536)  # called for every capitalised word against every name group of an article
def same_word(a: str, b: str) -> bool:
    """Two folded words are one name word, allowing a genitive -s on either side and small spelling drift."""
    if a == b or a + "s" == b or b + "s" == a:
        return True
    if min(len(a), len(b)) < FUZZY_MIN or abs(len(a) - len(b)) > 3:
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
    """The part of a matching key that names the entity: folded words joined by "-" ("kim-yongun")."""
    return "-".join(words)



def _bigrams(word: str) -> list[str]:
    return [word[i:i + 2] for i in range(len(word) - 1)]


@lru_cache(maxsize=1024)
def _shared_bigrams_needed(length: int, other: int) -> int:
    """The fewest bigrams (counted with repeats) two words of these lengths share when ``same_word`` finds them
    similar: difflib's ratio >= SIMILAR bounds their edit distance k by (1 - SIMILAR) * (la + lb), and two words
    k edits apart share at least max(la, lb) - 1 - 2k bigrams (Ukkonen's q-gram lemma); at least one from
    FUZZY_MIN letters on."""
    edits = int((1 - SIMILAR) * (length + other) + 1e-9)
    return max(1, max(length, other) - 1 - 2 * edits)


SCAN_BELOW = 64
"""An index of fewer words compares with each (``same_word`` keeps its answers): cheaper than counting bigrams
for the handful of names a news article has, and still a bounded cost per look-up."""


class WordIndex(Generic[T]):
    """Folded words with their items, found again by ``same_word`` without comparing a word with every other one.

    Exact and genitive forms are dictionary look-ups; for spelling drift, only the words of a near length that
    share enough bigrams with the query are compared (fewer cannot be similar, see ``_shared_bigrams_needed``), so
    the answer is exactly ``same_word``'s, and a long article's thousands of names cost counting, not thousands of
    comparisons each.
    """

    def __init__(self) -> None:
        self._items: dict[str, list[T]] = {}  # word -> its items
        self._number: dict[str, int] = {}  # word -> when it was first added, for an answer in a stable order
        # (bigram, length) -> the words of that length (at least FUZZY_MIN letters) containing the bigram, each with
        # how often it does
        self._holding: dict[tuple[str, int], dict[str, int]] = {}

    def add(self, word: str, item: T) -> None:
        if word not in self._items:
            self._items[word] = []
            self._number[word] = len(self._number)
            if len(word) >= FUZZY_MIN:
                for gram, count in Counter(_bigrams(word)).items():
                    self._holding.setdefault((gram, len(word)), {})[word] = count
        self._items[word].append(item)

    def similar(self, word: str) -> list[str]:
        """The indexed words that are ``same_word`` as ``word``, in the order they were added."""
        if len(self._items) < SCAN_BELOW:
            return [other for other in self._items if same_word(word, other)]
        forms = (word, word + "s", word[:-1]) if word.endswith("s") else (word, word + "s")  # genitives
        found = {other for other in forms if other in self._items}
        if len(word) >= FUZZY_MIN:
            grams = Counter(_bigrams(word)).items()
            for length in range(max(FUZZY_MIN, len(word) - 3), len(word) + 4):  # same_word's length bound
                shared: Counter[str] = Counter()  # word of this length -> bigrams shared with ``word``, repeats too
                for gram, count in grams:
                    holding = self._holding.get((gram, length))
                    if holding is None:
                        continue
                    if count == 1:
                        shared.update(holding.keys())
                    else:
                        for other, repeats in holding.items():
                            shared[other] += min(count, repeats)
                needed = _shared_bigrams_needed(len(word), length)
                found.update(other for other, number in shared.items() if number >= needed and same_word(word, other))
        return sorted(found, key=self._number.__getitem__)

    def find(self, word: str) -> list[T]:
        """The items of every indexed word that is ``same_word`` as ``word``."""
        return [item for other in self.similar(word) for item in self._items[other]]


class NameIndex(Generic[T]):
    """Multi-word names with their items, found again by ``same_name`` through their last word."""

    def __init__(self) -> None:
        self._last_words: WordIndex[tuple[str, ...]] = WordIndex()
        self._items: dict[tuple[str, ...], list[T]] = {}

    def add(self, name: Sequence[str], item: T) -> None:
        key = tuple(name)
        if key not in self._items:
            self._items[key] = []
            self._last_words.add(key[-1], key)
        self._items[key].append(item)

    def find(self, name: Sequence[str]) -> list[T]:
        """The items of every indexed name that is ``same_name`` as ``name``, in the order the names were added."""
        if not name:
            return []
        return [item for other in self._last_words.find(name[-1]) if same_name(other, name)
                for item in self._items[other]]

    def __contains__(self, name: Sequence[str]) -> bool:
        return bool(self.find(name))
