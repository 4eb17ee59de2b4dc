"""The analysis stage: what one clean article says — its sentences, the dates it mentions, its quotes, and when it
was probably published if its source does not say.

One pure function, :func:`analyze`, runs the language components in the order their inputs require:

1. sentences (``newsdesk.sentences``), which quotes reuse;
2. publication date inference (``newsdesk.pubdate``) when no date is known, from the *unanchored* temporal
   expressions, because relative expressions can only be resolved once a reference day is known;
3. temporal expressions (``newsdesk.timex``), anchored to the known or confidently inferred publication day;
4. quotes and reported speech (``newsdesk.quotes``).

A language without rules for a component gets that component's empty result and a note saying so (an article in
a language newsdesk has never seen is analysed as far as it can be, never refused). Every finding keeps character
offsets into ``text``, so it can be shown in the article it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from newsdesk.lang import has_component
from newsdesk.pubdate import PubDateGuess, infer_publication_date
from newsdesk.quotes import Quote, find_quotes
from newsdesk.sentences import Span, split_sentences
from newsdesk.timex import Timex, find_timexes

__all__ = ["Analysis", "analyze", "MIN_DATE_CONFIDENCE"]

#: An inferred publication day is used as the reference for relative dates ("am Dienstag") only from this
#: confidence on; below it, relative dates keep their placeholders (``XXXX-WXX-2``) rather than a wrong day.
MIN_DATE_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Analysis:
    """What :func:`analyze` found in one article's clean text.

    language (str | None): The language the components ran with.
    sentences (tuple[Span, ...]): Sentence spans (offsets into the text).
    timexes (tuple[Timex, ...]): Temporal expressions with normalised values, in reading order.
    quotes (tuple[Quote, ...]): Quotes and reported speech with speaker, cue, type and offsets.
    published_guess (PubDateGuess | None): The inferred publication date with confidence and evidence; ``None``
        when the source gave a date (nothing to infer).
    notes (tuple[str, ...]): Components that could not run, and why.
    """

    language: str | None
    sentences: tuple[Span, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quotes: tuple[Quote, ...] = ()
    published_guess: PubDateGuess | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def reference_date(self) -> date | None:
        """The inferred day relative dates were resolved against, when it was confident enough to be used."""
        guess = self.published_guess
        return guess.value if guess is not None and guess.confidence >= MIN_DATE_CONFIDENCE else None


def analyze(text: str, *, language: str | None, published: date | None = None) -> Analysis:
    """Analyse one clean article text (one paragraph per line), see the module docstring.

    language (str | None): ISO 639-1 code of the text (``"de"``, ``"en-GB"`` is read as ``"en"``); ``None`` or
        a language without rules still gets sentences split by the generic rules.
    published (date | None): The publication day from the source; relative dates count from it. When ``None``,
        it is inferred from the text (``Analysis.published_guess``).
    """
    code = (language or "").replace("_", "-").split("-", 1)[0].lower() or None
    notes: list[str] = []
    sentences = tuple(split_sentences(text, language=code or "und"))
    timexes: tuple[Timex, ...] = ()
    guess: PubDateGuess | None = None
    if code and has_component(code, "timex"):
        if published is None:
            unanchored = find_timexes(text, language=code)
            guess = infer_publication_date(text, language=code, timexes=unanchored)
            reference = guess.value if guess.value is not None and guess.confidence >= MIN_DATE_CONFIDENCE else None
            anchored = unanchored if reference is None else find_timexes(text, language=code, reference=reference)
        else:
            anchored = find_timexes(text, language=code, reference=published)
        timexes = tuple(anchored)
    else:
        notes.append(f"no temporal expression rules for language {code or 'unknown'!r}")
    quotes: tuple[Quote, ...] = ()
    if code and has_component(code, "quotes"):
        quotes = tuple(find_quotes(text, language=code, sentences=sentences))
    else:
        notes.append(f"no quotation rules for language {code or 'unknown'!r}")
    return Analysis(code, sentences, timexes, quotes, guess, tuple(notes))
