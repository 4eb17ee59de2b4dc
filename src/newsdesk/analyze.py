"""The analysis stage: what one clean article says — its sentences, the dates it mentions, its quotes, and when it
was probably published if its source does not say.

One pure function, :func:`analyze`, runs the language components in the order their inputs require:

1. sentences (``newsdesk.sentences``), which quotes reuse;
2. named entities with canonical ids (``newsdesk.entities``), which quotes use to resolve speakers and pronouns;
3. publication date inference (``newsdesk.pubdate``) when no date is known, from the *unanchored* temporal
   expressions, because relative expressions can only be resolved once a reference day is known;
4. temporal expressions (``newsdesk.timex``), anchored to the known or confidently inferred publication day;
5. quotes and reported speech (``newsdesk.quotes``), each speaker linked to the entity it names.

A language without rules for a component gets that component's empty result and a note saying so (an article in
a language newsdesk has never seen is analysed as far as it can be, never refused). Every finding keeps character
offsets into ``text``, so it can be shown in the article it came from. Only the first ``ANALYSIS_MAX_CHARS``
characters are read, which bounds the time one article takes; a note says when the text was longer.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsdesk.entities import Entity, find_entities
from newsdesk.entities.model import has_model
from newsdesk.lang import has_component
from newsdesk.model import Article
from newsdesk.pubdate import PubDateGuess, infer_publication_date
from newsdesk.quotes import Quote, find_quotes
from newsdesk.sentences import Span, split_sentences, tokenize
from newsdesk.timex import Timex, find_timexes

__all__ = ["ANALYSIS_MAX_CHARS", "ANALYSIS_VERSION", "Analysis", "MIN_DATE_CONFIDENCE", "analysis_record", "analyze",
           "analyze_article", "publication_day"]

#: Version of what ``analyze`` finds and of the stored record's layout. Bump it when a component changes what it
#: finds: ``newsdesk analyze`` then redoes the articles analysed by an older version.
ANALYSIS_VERSION = 3  # 2: the encoder NER tagger by default; 3: its decoding O bias, more quotes, background dates

#: An inferred publication day is used as the reference for relative dates ("am Dienstag") only from this
#: confidence on; below it, relative dates keep their placeholders (``XXXX-WXX-2``) rather than a wrong day.
MIN_DATE_CONFIDENCE = 0.5

#: Characters of an article the analysis reads: its text up to the last line break (else space) before this many.
#: The time analysis takes grows in step with the text (about 3 s per 100,000 characters on two cores, most of it
#: the entity model), so this bounds the time of one article whatever size ``add`` accepts; news features are a
#: fraction of it. The record's notes say when a text was cut.
ANALYSIS_MAX_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Analysis:
    """What :func:`analyze` found in one article's clean text.

    language (str | None): The language the components ran with.
    sentences (tuple[Span, ...]): Sentence spans (offsets into the text).
    entities (tuple[Entity, ...]): Named-entity mentions with canonical ids, in text order.
    timexes (tuple[Timex, ...]): Temporal expressions with normalised values, in reading order.
    quotes (tuple[Quote, ...]): Quotes and reported speech with speaker, cue, type and offsets.
    published_guess (PubDateGuess | None): The inferred publication date with confidence and evidence; ``None``
        when the source gave a date (nothing to infer).
    notes (tuple[str, ...]): Components that could not run, and why.
    """

    language: str | None
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
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
    read = _analysed_part(text)
    if len(read) < len(text):
        notes.append(f"analysed the first {len(read)} of {len(text)} characters (ANALYSIS_MAX_CHARS)")
        text = read
    sentences = tuple(split_sentences(text, language=code or "und"))
    tokens = tokenize(text, language=code, sentences=sentences) if code else []  # for entities and quotes
    entities = tuple(find_entities(text, language=code, sentences=sentences, tokens=tokens)) if code else ()
    if code and not has_model(code):
        notes.append(f"no named-entity model for language {code!r}")
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
        people = [(e.start, e.end, e.type) for e in entities if e.type == "PER" and e.kind == "name"]
        quotes = tuple(find_quotes(text, language=code, sentences=sentences, entities=people, tokens=tokens))
    else:
        notes.append(f"no quotation rules for language {code or 'unknown'!r}")
    return Analysis(code, sentences, entities, timexes, quotes, guess, tuple(notes))


def _analysed_part(text: str) -> str:
    """The part of ``text`` that ``analyze`` reads (see ``ANALYSIS_MAX_CHARS``)."""
    if len(text) <= ANALYSIS_MAX_CHARS:
        return text
    for separator in ("\n", " "):
        cut = text.rfind(separator, 0, ANALYSIS_MAX_CHARS + 1)
        if cut > 0:
            return text[:cut]
    return text[:ANALYSIS_MAX_CHARS]


def analysis_record(analysis: Analysis) -> dict[str, Any]:
    """The analysis as a JSON-ready dict: the shape stored on the desk and exported under ``analysis``
    (``docs/export-format.md``). Offsets index the article's clean ``text``."""
    guess = analysis.published_guess
    return {
        "version": ANALYSIS_VERSION,
        "language": analysis.language,
        "sentences": [[span.start, span.end] for span in analysis.sentences],
        "entities": [
            {"start": e.start, "end": e.end, "text": e.text, "type": e.type, "kind": e.kind, "id": e.canonical_id,
             "name": e.canonical_name, "role": e.role, "metonym": e.metonym, "source": e.source}
            for e in analysis.entities
        ],
        "timexes": [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod,
             "anchor": t.anchor}
            for t in analysis.timexes
        ],
        "quotes": [
            {"start": q.start, "end": q.end, "text": q.text, "type": q.type, "speaker": q.speaker,
             "speaker_start": q.speaker_start, "speaker_end": q.speaker_end, "mention": q.mention, "cue": q.cue,
             "cue_start": q.cue_start, "cue_end": q.cue_end, "via": list(q.via), "parts": [list(p) for p in q.parts],
             "speaker_id": _speaker_entity(analysis.entities, q),
             "sentence": _sentence_index(analysis.sentences, q.start)}
            for q in analysis.quotes
        ],
        "inferred_published": None if guess is None else {
            "value": guess.value.isoformat() if guess.value else None,
            "confidence": round(guess.confidence, 3),
            "used_as_reference": analysis.reference_date is not None,
            "evidence": list(guess.evidence),
        },
        "notes": list(analysis.notes),
    }


def _speaker_entity(entities: tuple[Entity, ...], quote: Quote) -> str | None:
    """The canonical id of the person a quote's speaker is: the entity under the speaker mention, else the person
    entity whose canonical name or surname the resolved speaker is (a pronoun resolved to "Putin")."""
    if quote.speaker_start is not None and quote.speaker_end is not None:
        for entity in entities:
            overlaps = entity.start < quote.speaker_end and quote.speaker_start < entity.end
            if overlaps and entity.kind in ("name", "role"):
                return entity.canonical_id
    if not quote.speaker:
        return None
    speaker = quote.speaker.casefold()
    for entity in entities:
        name = entity.canonical_name.casefold()
        if entity.type == "PER" and (speaker == name or name.split()[-1] == speaker or speaker.endswith(name)):
            return entity.canonical_id
    return None


def _sentence_index(sentences: tuple[Span, ...], offset: int) -> int | None:
    """Index of the sentence holding ``offset`` (quotes are traced to their sentence), ``None`` between them."""
    index = bisect_right(sentences, offset, key=lambda span: span.start) - 1
    return index if index >= 0 and offset < sentences[index].end else None


def publication_day(published: str | None) -> date | None:
    """The day of an ISO date or date-time (``2024-03-12T14:05:00+01:00`` → 2024-03-12); ``None`` if unreadable."""
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def analyze_article(article: Article) -> dict[str, Any]:
    """The stored analysis record of one article. A module-level function of plain data, so that worker processes
    can run it (``Desk.analyze(workers=N)``)."""
    result = analyze(article.text, language=article.language, published=publication_day(article.published))
    return analysis_record(result)
