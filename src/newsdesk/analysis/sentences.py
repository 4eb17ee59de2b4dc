"""Sentence splitting and tokenisation with exact character offsets, tuned for German news text.

Why a rule splitter and not pysbd: pysbd's offset mode (``char_span=True``) is slow (well under 100k chars/s) and
re-finds sentences by string search, and its German rules do not know news conventions (ordinals such as
"am 15. August", "Benedikt XVI. sagte", "Mrd." before a capitalised noun). The decision here is local and cheap:
a full stop, "!", "?" or ellipsis, optionally followed by closing quotes or brackets, is a boundary candidate when
whitespace follows; the word before it and the word after it decide (abbreviation lists and a closed list of
sentence openers live in ``newsdesk/lang/<code>/abbreviations.json``). A line break always ends a sentence, because
newsdesk keeps one paragraph (or headline) per line.

``Span`` offsets always index the input string: ``text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.lang import get as get_language

__all__ = ["Span", "split_sentences", "tokenize"]

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input text.

    start (int): Offset of the first character in the input string.
    end (int): Offset one past the last character.
    text (str): ``input[start:end]``, kept so callers need not carry the input around.
    """

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    never_end: frozenset[str]
    may_end: frozenset[str]
    never_end_lower: frozenset[str]  # lower-case entries, matched against a lower-cased word ("Bzw." -> "bzw")
    may_end_lower: frozenset[str]
    starters: frozenset[str]
    ordinal_stop: bool  # the language writes ordinals with a full stop ("15. August")
    months: frozenset[str]  # lower-cased month names (``calendar.json``): "15. August" is an ordinal, not an end


@lru_cache(maxsize=8)
def _lexicon(language: str) -> _Lexicon:
    """Load the abbreviation lexicon of a language; unknown languages get an empty one (generic rules only)."""
    known = get_language(language)
    data = known.data("abbreviations")
    if not data:
        LOGGER.debug("no abbreviation list for language %r; using generic rules", language)
    never = frozenset(data.get("never_end", []))
    may = frozenset(data.get("may_end", []))
    return _Lexicon(
        never_end=never,
        may_end=may,
        never_end_lower=frozenset(w for w in never if w == w.lower()),
        may_end_lower=frozenset(w for w in may if w == w.lower()),
        starters=frozenset(data.get("sentence_starters", [])),
        ordinal_stop=bool(data.get("ordinal_stop")),
        months=frozenset(known.months),
    )


# A boundary candidate: terminal punctuation, optional closing quotes/brackets, then whitespace or line end.
_CANDIDATE = re.compile(r"(?:\.\.\.|[.!?…])+[\"“”»«’‘')\]]*(?=\s|$)")
_CLOSERS = frozenset("\"“”»«’‘')]")
_OPENERS = "„\"“”»«‚‘'`([–—-*•·"
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_NEXT_WORD = re.compile(r"\w+")
_ROMAN = re.compile(r"[IVXLC]+")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")


def _abbreviation_class(word: str, lex: _Lexicon) -> str | None:
    """'never', 'may' or None for a word written before a full stop (without the stop)."""
    if word in lex.never_end:
        return "never"
    if word in lex.may_end:
        return "may"
    lower = word.lower()
    if lower != word:
        if lower in lex.never_end_lower:
            return "never"
        if lower in lex.may_end_lower:
            return "may"
    return None


def _word_before(line: str, pos: int) -> tuple[str, int]:
    """The whitespace-delimited word ending at ``pos`` (leading quotes/brackets stripped) and its start offset."""
    start = pos
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    while start < pos and line[start] in _OPENERS:
        start += 1
    return line[start:pos], start


def _stop_class(line: str, stop: int, lex: _Lexicon) -> str | None:
    """How the full stop at ``line[stop]`` behaves: 'never' / 'may' end a sentence, or None (a normal stop)."""
    word, wstart = _word_before(line, stop)
    if not word:
        return None
    pend = wstart
    while pend > 0 and line[pend - 1].isspace():
        pend -= 1
    if pend < wstart and line[pend - 1 : pend] == ".":
        # two-part abbreviations written with a space: "z. B.", "u. a.", "d. h."
        pstart = pend
        while pstart > 0 and not line[pstart - 1].isspace() and pend - pstart < 5:
            pstart -= 1
        prev = line[pstart:pend]
        if len(prev) <= 4 and (pstart == 0 or line[pstart - 1].isspace()):
            cls = _abbreviation_class(prev.lstrip(_OPENERS) + word, lex)
            if cls is not None:
                return cls
    cls = _abbreviation_class(word, lex)
    if cls is None and "-" in word:
        cls = _abbreviation_class(word.rsplit("-", 1)[1], lex)  # "Zimmermann-Str."
    if cls is not None:
        return cls
    if "." in word and _DOTTED.fullmatch(word):
        return "may"  # "U.S", "d.h" not in the list
    if len(word) == 1 and word.isalpha():
        return "may" if word.isupper() else "never"  # initials ("John F. Kennedy"); enumerations "a."
    if lex.ordinal_stop and word.isdigit() and len(word) <= 3:
        return "ordinal"
    if _ROMAN.fullmatch(word) and len(word) > 1:
        return "may"  # "Benedikt XVI."
    return None


def _is_boundary(line: str, match: re.Match[str], lex: _Lexicon) -> bool:
    """Decide whether the candidate ``match`` in ``line`` ends a sentence."""
    pos = match.end()
    n = len(line)
    while pos < n and line[pos].isspace():
        pos += 1
    while pos < n and line[pos] in _OPENERS:
        pos += 1
    while pos < n and line[pos].isspace():
        pos += 1
    if pos >= n:
        return True
    nxt = line[pos]
    if nxt.islower() or nxt in ",;":
        return False
    punct = match.group(0)
    if "." not in punct or "!" in punct or "?" in punct or punct.startswith("...") or punct[0] == "…":
        return True
    if punct[-1] in _CLOSERS:
        return True  # a sentence ending inside a quote: „… gewinnen.“ Er …
    stop = match.start()
    if stop + 1 < len(line) and line[stop + 1] == ".":
        return True
    cls = _stop_class(line, stop, lex)
    if cls is None:
        return True
    if cls == "never":
        return False
    next_word_match = _NEXT_WORD.match(line, pos)
    next_word = next_word_match.group(0) if next_word_match else ""
    if cls == "ordinal" and (nxt.isdigit() or next_word.lower() in lex.months):
        return False  # "am 15. August", "15. 8. 2005"
    return next_word in lex.starters


#: A closing mark set off by a space (French « Nous verrons. ») belongs to the sentence before it; an opening
#: mark is followed by the quoted word (»Komm«), so only a mark followed by a space or the line end is taken.
_SPACED_CLOSER = re.compile(r"[ \u00a0\u202f]+[»«”\"’)]+(?=\s|$)")


def split_sentences(text: str, *, language: str = "de") -> list[Span]:
    """Split ``text`` into sentences with exact offsets.

    text (str): Article text; one paragraph or headline per line.
    language (str): ISO 639-1 code choosing the abbreviation list ("de", "en"); others use generic rules.
    RETURNS (list[Span]): Sentences in order, leading and trailing whitespace excluded, blank lines skipped.
    """
    lex = _lexicon(language)
    spans: list[Span] = []
    append = spans.append
    for line_match in _LINE.finditer(text):
        line = line_match.group(0)
        base = line_match.start()
        start = 0
        for cand in _CANDIDATE.finditer(line):
            if cand.start() < start or not _is_boundary(line, cand, lex):
                continue
            s, e = start, cand.end()
            spaced_closer = _SPACED_CLOSER.match(line, e)
            if spaced_closer:
                e = spaced_closer.end()
            while s < e and line[s].isspace():
                s += 1
            if s < e:
                append(Span(base + s, base + e, line[s:e]))
            start = e
        s, e = start, len(line)
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if s < e:
            append(Span(base + s, base + e, line[s:e]))
    return spans


_TOKEN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"“”„»«]*[^\s<>\"“”„»«.,;:!?)\]'’]"  # URLs
    r"|[\w.+-]+@\w[\w-]*(?:\.[\w-]+)+"  # e-mail addresses
    r"|\d+(?:[.,:/]\d+)+(?:-\w+)*"  # 10.30 / 1.000.000 / 3,5 / 2006/2007
    r"|\w+(?:[-'’.&]\w+)*(?:-(?=\s+(?:und|oder|sowie|bis|bzw\.|and|or)\b))?"  # words, "Kim Jong-un", "Kinder-"
    r"|\.\.\.|…|-{2,}"
    r"|\S"
)


def tokenize(text: str, *, language: str = "de", sentences: Sequence[Span] | None = None) -> list[Span]:
    """Split ``text`` into tokens with exact offsets.

    Abbreviations keep their full stop ("z.", "B.", "Dr.", "Mrd."); German ordinals keep theirs ("15.") unless the
    stop ends the sentence; other punctuation is one token per character (an ellipsis is one token).

    text (str): Any text.
    language (str): Chooses the abbreviation list, as in ``split_sentences``.
    sentences (Sequence[Span] | None): Sentences of ``text`` if already split (saves a second pass).
    RETURNS (list[Span]): Tokens in order.
    """
    lex = _lexicon(language)
    if sentences is None:
        sentences = split_sentences(text, language=language)
    ends = {s.end for s in sentences}
    raw = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tokens: list[Span] = []
    i = 0
    while i < len(raw):
        start, end = raw[i]
        if i + 1 < len(raw) and raw[i + 1][0] == end and text[end] == "." and text[end - 1 : end].isalnum():
            word = text[start:end]
            cls = _abbreviation_class(word, lex)
            if cls is None:
                if ("." in word and _DOTTED.fullmatch(word)) or (len(word) == 1 and word.isalpha()):
                    cls = "may"
                elif tokens and tokens[-1].text.endswith(".") and len(tokens[-1].text) <= 3:
                    cls = _abbreviation_class(tokens[-1].text + word, lex)
                if cls is None and lex.ordinal_stop and word.isdigit() and len(word) <= 3:
                    cls = "may"
            at_end = end + 1 in ends
            if cls == "never" or (cls == "may" and not at_end):
                tokens.append(Span(start, end + 1, text[start : end + 1]))
                i += 2
                continue
        tokens.append(Span(start, end, text[start:end]))
        i += 1
    return tokens
