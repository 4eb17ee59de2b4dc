"""The records the quote finder returns (``Quote``) and how it finds a language's knowledge (``lexicon_for``; the
form of that knowledge, ``QuoteLexicon``, lives in :mod:`newsdesk.lang.quote_lexicon`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsdesk.lang import get as get_language
from newsdesk.lang import has_component, languages
from newsdesk.lang.quote_lexicon import QuoteLexicon

QuoteType = str  # "direct" | "partial" | "indirect" | "free_indirect"


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation or piece of reported speech.

    start, end (int): Offsets of the quoted content (direct quotes include their quotation marks).
    text (str): ``input[start:end]``.
    type (str): "direct", "partial" (a quoted fragment inside a sentence), "indirect" or "free_indirect".
    speaker (str | None): Who said it, as a name where one could be resolved ("Wladimir Putin"), else the surface
        of the mention ("die Sprecherin", "Polizei"); None when unknown.
    speaker_start, speaker_end (int | None): Offsets of the speaker mention in the text (may be a pronoun).
    mention (str | None): The mention as written, ``input[speaker_start:speaker_end]``.
    cue, cue_start, cue_end: The word that marks the speech: a verb ("sagte"), "so", "laut", "zufolge", ":" ….
    via (tuple[str, ...]): Sources that passed the statement on, in chain order ("Putin said it, according to
        KCNA" gives speaker "Putin", via ("KCNA",)).
    parts (tuple[tuple[int, int], ...]): The content without an attribution inside it ("Anschließend sei [laut X]
        die Lage ernst" has two parts); one part equal to (start, end) otherwise.
    """

    start: int
    end: int
    text: str
    type: QuoteType
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    mention: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    via: tuple[str, ...] = ()
    parts: tuple[tuple[int, int], ...] = ()


@lru_cache(maxsize=8)
def lexicon_for(language: str) -> QuoteLexicon:
    """The quotation lexicon of ``language`` (``newsdesk.lang.<code>.quotes``; "de-AT" reads German)."""
    module = get_language(language or "de").module("quotes")
    if module is None:
        have = ", ".join(code for code in languages() if has_component(code, "quotes"))
        raise ValueError(f"no quotation rules for language {language!r} (have: {have})")
    return module.LEXICON  # type: ignore[no-any-return]

