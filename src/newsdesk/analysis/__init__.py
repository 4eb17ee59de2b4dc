"""The analysis stage: what one clean article says — its sentences, the dates it mentions, its quotes, and when it
was probably published if its source does not say.

One pure function, :func:`analyze`, runs the language components in the order their inputs require:

1. sentences (``newsdesk.analysis.sentences``), which quotes reuse;
2. named entities with canonical ids (``newsdesk.analysis.entities``), which quotes use to resolve speakers and
   pronouns;
3. publication date inference (``newsdesk.analysis.pubdate``) when no date is known, from the *unanchored* temporal
   expressions, because relative expressions can only be resolved once a reference day is known;
4. temporal expressions (``newsdesk.analysis.timex``), anchored to the known or confidently inferred publication day;
5. quotes and reported speech (``newsdesk.analysis.quotes``), each speaker linked to the entity it names.

A language without rules for a component gets that component's empty result and a note saying so (an article in
a language newsdesk has never seen is analysed as far as it can be, never refused). The headline is read with the
body (a blank line between them), so that its names link to the body's and its dates and quotes count; every
finding keeps character offsets, and the stored record says which field (``title`` or ``text``) they index, so it
can be shown in the article it came from. Only the first ``ANALYSIS_MAX_CHARS``
characters are read, which bounds the time one article takes; a note says when the text was longer.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsdesk.analysis.entities import Entity, find_entities
from newsdesk.analysis.entities.model import has_model
from newsdesk.analysis.pubdate import PubDateGuess, infer_publication_date
from newsdesk.analysis.quotes import Quote, find_quotes
from newsdesk.analysis.sentences import Span, split_sentences, tokenize
from newsdesk.analysis.timex import Timex, find_timexes, has_rules
from newsdesk.lang import has_component, normalise
from newsdesk.model import Article

__all__ = ["ANALYSIS_MAX_CHARS", "ANALYSIS_VERSION", "Analysis", "MIN_DATE_CONFIDENCE", "TITLE_MAX_CHARS",
           "analysis_record", "analyze", "analyze_article", "body_findings", "publication_day"]

#: Version of what ``analyze`` finds and of the stored record's layout. Bump it when a component changes what it
#: finds: ``newsdesk analyze`` then redoes the articles analysed by an older version.
ANALYSIS_VERSION = 4  # 2: the encoder NER tagger by default; 3: its decoding O bias, more quotes, background dates;
# 4: the title analysed too ("field"), readable entity ids with matching keys

#: An inferred publication day is used as the reference for relative dates ("am Dienstag") only from this
#: confidence on; below it, relative dates keep their placeholders (``XXXX-WXX-2``) rather than a wrong day.
MIN_DATE_CONFIDENCE = 0.5

#: Characters of an article the analysis reads: its text up to the last line break (else space) before this many.
#: The time analysis takes grows in step with the text (about 3 s per 100,000 characters on two cores, most of it
#: the entity model), so this bounds the time of one article whatever size ``add`` accepts; news features are a
#: fraction of it. The record's notes say when a text was cut.
ANALYSIS_MAX_CHARS = 100_000

#: Characters of a title the analysis reads (a headline is a line; a longer "title" is extraction gone wrong).
TITLE_MAX_CHARS = 1_000

#: What stands between the title and the text in what ``analyze`` reads: a paragraph break, so that no sentence
#: (nor entity, nor quote) runs from one into the other.
TITLE_SEPARATOR = "\n\n"


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
    body_start (int): Where the text starts in what was analysed. 0 without a title; with one, offsets index
        ``title + TITLE_SEPARATOR + text`` and the text starts at ``len(title) + 2`` (``analysis_record`` turns
        them into offsets into each field).
    """

    language: str | None
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quotes: tuple[Quote, ...] = ()
    published_guess: PubDateGuess | None = None
    notes: tuple[str, ...] = field(default=())
    body_start: int = 0

    @property
    def reference_date(self) -> date | None:
        """The inferred day relative dates were resolved against, when it was confident enough to be used."""
        guess = self.published_guess
        return guess.value if guess is not None and guess.confidence >= MIN_DATE_CONFIDENCE else None


def analyze(text: str, *, language: str | None, published: date | None = None, title: str | None = None) -> Analysis:
    """Analyse one clean article text (one paragraph per line), see the module docstring.

    language (str | None): ISO 639-1 code of the text (``"de"``, ``"en-GB"`` is read as ``"en"``); ``None`` or
        a language without rules still gets sentences split by the generic rules.
    published (date | None): The publication day from the source; relative dates count from it. When ``None``,
        it is inferred from the text (``Analysis.published_guess``).
    title (str | None): The headline, read before the text (its first ``TITLE_MAX_CHARS`` characters); offsets
        then index both, see ``Analysis.body_start``.
    """
    code = normalise(language)
    notes: list[str] = []
    read = _analysed_part(text)
    if len(read) < len(text):
        notes.append(f"analysed the first {len(read)} of {len(text)} characters (ANALYSIS_MAX_CHARS)")
        text = read
    heading = (title or "")[:TITLE_MAX_CHARS] if (title or "").strip() else ""
    body_start = len(heading) + len(TITLE_SEPARATOR) if heading else 0
    text = heading + TITLE_SEPARATOR + text if heading else text
    sentences = tuple(split_sentences(text, language=code or "und"))
    tokens = tokenize(text, language=code, sentences=sentences) if code else []  # for entities and quotes
    entities = tuple(find_entities(text, language=code, sentences=sentences, tokens=tokens)) if code else ()
    if code and not has_model(code):
        notes.append(f"no named-entity model for language {code!r}")
    timexes: tuple[Timex, ...] = ()
    guess: PubDateGuess | None = None
    if code and has_rules(code):
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
        names = [(e.start, e.end, e.type) for e in entities if e.type in ("PER", "ORG") and e.kind == "name"]
        quotes = tuple(find_quotes(text, language=code, sentences=sentences, entities=names, tokens=tokens))
    else:
        notes.append(f"no quotation rules for language {code or 'unknown'!r}")
    return Analysis(code, sentences, entities, timexes, quotes, guess, tuple(notes), body_start)


def _analysed_part(text: str) -> str:
    """The part of ``text`` that ``analyze`` reads (see ``ANALYSIS_MAX_CHARS``)."""
    if len(text) <= ANALYSIS_MAX_CHARS:
        return text
    for separator in ("\n", " "):
        cut = text.rfind(separator, 0, ANALYSIS_MAX_CHARS + 1)
        if cut > 0:
            return text[:cut]
    return text[:ANALYSIS_MAX_CHARS]


@dataclass(frozen=True, slots=True)
class _Fields:
    """Offsets into what ``analyze`` read (title, separator, text) as a field and offsets into that field."""

    body_start: int

    @property
    def title_end(self) -> int:
        return max(0, self.body_start - len(TITLE_SEPARATOR))

    def of(self, start: int, end: int) -> str | None:
        """The field ``[start, end)`` lies in: ``title``, ``text``, or ``None`` when it runs across both."""
        if start >= self.body_start:
            return "text"
        return "title" if end <= self.title_end else None

    def at(self, name: str, offset: int | None) -> int | None:
        """``offset`` moved into field ``name``; ``None`` when it is not in that field."""
        if offset is None:
            return None
        if name == "text":
            return offset - self.body_start if offset >= self.body_start else None
        return offset if offset <= self.title_end else None


def analysis_record(analysis: Analysis) -> dict[str, Any]:
    """The analysis as a JSON-ready dict: the shape stored on the desk and exported under ``analysis``
    (``docs/export-format.md``). Offsets index the article's clean ``text``, or its ``title`` where a finding's
    ``field`` says so; ``sentences`` are the text's (a finding across both fields, which the blank line between
    them rules out, would be left out)."""
    guess = analysis.published_guess
    fields = _Fields(analysis.body_start)
    in_title = sum(1 for span in analysis.sentences if span.end <= analysis.body_start)
    shift = analysis.body_start
    return {
        "version": ANALYSIS_VERSION,
        "language": analysis.language,
        "sentences": [[span.start - shift, span.end - shift] for span in analysis.sentences[in_title:]],
        "entities": [
            {"field": where, "start": fields.at(where, e.start), "end": fields.at(where, e.end), "text": e.text,
             "type": e.type, "kind": e.kind, "id": e.canonical_id, "name": e.canonical_name, "key": e.key,
             "role": e.role, "metonym": e.metonym, "source": e.source}
            for e in analysis.entities if (where := fields.of(e.start, e.end))
        ],
        "timexes": [
            {"field": where, "start": fields.at(where, t.start), "end": fields.at(where, t.end), "text": t.text,
             "type": t.type, "value": t.value, "mod": t.mod, "anchor": t.anchor}
            for t in analysis.timexes if (where := fields.of(t.start, t.end))
        ],
        "quotes": [_quote_record(analysis, q, fields, where, in_title)
                   for q in analysis.quotes if (where := fields.of(q.start, q.end))],
        "inferred_published": None if guess is None else {
            "value": guess.value.isoformat() if guess.value else None,
            "confidence": round(guess.confidence, 3),
            "used_as_reference": analysis.reference_date is not None,
            "evidence": list(guess.evidence),
        },
        "notes": list(analysis.notes),
    }


def _quote_record(analysis: Analysis, q: Quote, fields: _Fields, where: str, in_title: int) -> dict[str, Any]:
    """One quote of ``analysis_record``, its offsets in field ``where``; a speaker or cue named in the other field
    keeps its words but not its offsets. ``sentence`` indexes the text's sentences (``None`` in the title)."""
    speaker_start, speaker_end = fields.at(where, q.speaker_start), fields.at(where, q.speaker_end)
    if speaker_start is None or speaker_end is None:
        speaker_start = speaker_end = None
    cue_start, cue_end = fields.at(where, q.cue_start), fields.at(where, q.cue_end)
    if cue_start is None or cue_end is None:
        cue_start = cue_end = None
    sentence = _sentence_index(analysis.sentences, q.start) if where == "text" else None
    return {"field": where, "start": fields.at(where, q.start), "end": fields.at(where, q.end), "text": q.text,
            "type": q.type, "speaker": q.speaker, "speaker_start": speaker_start, "speaker_end": speaker_end,
            "mention": q.mention, "cue": q.cue, "cue_start": cue_start, "cue_end": cue_end, "via": list(q.via),
            "parts": [[fields.at(where, a), fields.at(where, b)] for a, b in q.parts if fields.of(a, b) == where],
            "speaker_id": _speaker_entity(analysis.entities, q),
            "sentence": None if sentence is None else sentence - in_title}


def body_findings(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` (``analysis_record``) with only the findings in the article's text, for readers that index the
    text or its sentences; a record made before titles were analysed has no ``field`` and is all text."""
    return {**record, **{key: [item for item in record.get(key) or [] if item.get("field", "text") == "text"]
                         for key in ("entities", "timexes", "quotes")}}


def _speaker_entity(entities: tuple[Entity, ...], quote: Quote) -> str | None:
    """The canonical id of the person or organisation a quote's speaker is: the entity under the speaker mention,
    else the entity whose canonical name or surname the resolved speaker is (a pronoun resolved to "Putin"), or
    one of whose mentions is written as the speaker is ("Kim" for Kim Jong-un, whose surname comes first)."""
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
        written = entity.text.casefold()
        if entity.type in ("PER", "ORG") and (speaker in (name, written) or name.split()[-1] == speaker
                                              or speaker.endswith(name)):
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
    result = analyze(article.text, language=article.language, published=publication_day(article.published),
                     title=article.title)
    return analysis_record(result)
