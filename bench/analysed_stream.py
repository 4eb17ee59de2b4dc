"""The desk benchmark's stream with every article's analysis stored beforehand, as a newsdesk Parquet export carries it.

``Desk.add`` reuses an analysis record that comes with its input (``prepare.reused_analysis``), so a benchmark of the
desk *with* the analysis-fed signals (entity ids, resolved dates) needs a record for each of its 100,000 articles
without spending ~75 ms of analysis on each. Here the 1,028 real 10kGNAD articles are analysed once (cached under
``CACHE_DIR``, keyed by ``ANALYSIS_VERSION`` and each article's clean input) and every other record is composed:

- a generated article (see ``bench_desk.stream``: a lead naming two invented people "am Montag", then sentences drawn
  from the real articles) gets the findings of each sentence it drew, moved to where the sentence lies in its clean
  text, dates the source resolved against its own publication day moved by the difference of the two days, the two
  names as person entities and the lead's weekday resolved against its publication day;
- a copy gets its original's record, offsets moved past the sentence an edit dropped (findings in it are dropped).

Every offset indexes the clean text or title the desk stores, as ``analyze_article`` would give it; what is composed
is which findings, not how a real analysis of that text would differ. The blocks are written with the desk's own
Parquet export (``export.write_parquet_export``), so ``add`` reads them as it reads any export.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from newsdesk.analysis import ANALYSIS_VERSION, analyze_article, publication_day
from newsdesk.analysis.timex import find_timexes
from newsdesk.export import write_parquet_export
from newsdesk.ingest import build_article, content_id
from newsdesk.lang import normalise
from newsdesk.model import Article, SourceDocument
from newsdesk.prepare import worker_pool
from newsdesk.sources.jsonrecords import DEFAULT_KEYS, record_to_document

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdesk-bench"
#: Findings that carry offsets; each item's ``field`` says whether they index the title or the text.
FINDINGS = ("entities", "timexes", "quotes")
#: Offsets of a quote that come in pairs, either both kept or both left out (as ``analysis_record`` does).
QUOTE_SPANS = (("speaker_start", "speaker_end"), ("cue_start", "cue_end"))
#: Originals a copy may copy (``bench_desk.stream`` draws them from the last 5,000 articles it emitted).
RECENT = 5_000
RELATIVE_ANCHORS = ("document_date", "previous_timex")

Mapper = Callable[[int], int | None]


def sentences_of(text: str) -> list[str]:
    """The sentences a generated article draws from a text: split after . ! ? and kept from four words on."""
    return [s.strip() for s in text.replace("? ", "?\n").replace("! ", "!\n").replace(". ", ".\n").split("\n")
            if len(s.split()) >= 4]


@dataclass(frozen=True, slots=True)
class Recipe:
    """How ``bench_desk.stream`` made a record: ``real`` (a 10kGNAD article), ``generated`` (``names`` and the
    ``sentences`` drawn) or ``copy`` (of the record at url ``original``)."""

    kind: str
    names: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()
    original: str | None = None


@dataclass(slots=True)
class Piece:
    """The findings of one drawn sentence, offsets from its first character, and the day its dates count from."""

    published: date | None
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sentences: list[list[int]] = field(default_factory=list)


def built(record: dict[str, Any]) -> Article | None:
    """The article ``Desk.add`` makes of a news-please record (extracted and cleaned), with its usual id; ``None``
    for a record that ``add`` would report as a problem (nothing left after cleaning)."""
    doc = record_to_document(record, "bench", DEFAULT_KEYS)
    article = build_article(doc, article_id=content_id(doc)) if isinstance(doc, SourceDocument) else doc
    return article if isinstance(article, Article) else None


def _input_key(article: Article) -> str:
    """What an analysis depends on: the clean title and text, the language and the publication day."""
    parts = [article.title, article.text, article.language, str(publication_day(article.published))]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:24]


def real_analyses(articles: list[Article], *, workers: int = 2) -> list[dict[str, Any]]:
    """The analysis record of each article, from the cache where it holds one for that input (else analysed here,
    in ``workers`` processes, and cached)."""
    cache_file = CACHE_DIR / f"gnad-analysis-v{ANALYSIS_VERSION}.json"
    cached: dict[str, dict[str, Any]] = json.loads(cache_file.read_text()) if cache_file.is_file() else {}
    keys = [_input_key(article) for article in articles]
    missing = [article for article, key in zip(articles, keys, strict=True) if key not in cached]
    if missing:
        print(f"bench: analysing {len(missing)} articles once (cached in {cache_file})", flush=True)
        with worker_pool(workers) as pool:
            for article, record in zip(missing, pool.map(analyze_article, missing, chunksize=8), strict=True):
                cached[_input_key(article)] = record
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = cache_file.with_suffix(".partial")
        partial.write_text(json.dumps(cached, ensure_ascii=False))
        partial.replace(cache_file)
    return [cached[key] for key in keys]


def _span(first: int | None, last: int | None, at: Mapper) -> tuple[int, int] | None:
    """The span ``[first, last)`` mapped by ``at``, when it maps whole (its length kept: an edit inside or at its
    edge leaves it out)."""
    if first is None or last is None:
        return None
    start, end = at(first), at(last)
    return (start, end) if start is not None and end is not None and end - start == last - first else None


def _moved(item: dict[str, Any], where: str, at: Mapper) -> dict[str, Any] | None:
    """``item`` with its offsets mapped by ``at`` into field ``where``; ``None`` when its span does not map."""
    span = _span(item["start"], item["end"], at)
    if span is None:
        return None
    moved = {**item, "field": where, "start": span[0], "end": span[1]}
    if "parts" in item:
        for first, last in QUOTE_SPANS:
            moved[first], moved[last] = _span(item[first], item[last], at) or (None, None)
        moved["parts"] = [list(part) for a, b in item["parts"] if (part := _span(a, b, at))]
    return moved


def _window(begin: int, end: int, shift: int) -> Mapper:
    """Offsets in ``[begin, end]`` moved by ``shift``; others do not map."""
    return lambda offset: offset + shift if begin <= offset <= end else None


def _edited(before: str, after: str) -> Mapper:
    """Offsets of ``before`` into ``after``, one contiguous stretch of which an edit replaced: offsets in the
    common prefix stay, those in the common suffix move by the change of length, those in between do not map."""
    prefix = 0
    for a, b in zip(before, after, strict=False):
        if a != b:
            break
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    shift = len(after) - len(before)
    return lambda offset: offset if offset <= prefix else offset + shift if offset >= len(before) - suffix else None


def _shifted_value(value: str, days: int, months: int, years: int) -> str:
    """A resolved ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` moved as its publication day moved; others as they are."""
    try:
        if len(value) == 10:
            return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
        if len(value) == 7 and value[4] == "-":
            month = int(value[:4]) * 12 + int(value[5:]) - 1 + months
            return f"{month // 12:04d}-{month % 12 + 1:02d}"
        if len(value) == 4 and value.isdigit():
            return f"{int(value) + years:04d}"
    except ValueError:
        pass
    return value


def _redated(timex: dict[str, Any], source: date | None, published: date | None) -> dict[str, Any]:
    """A timex resolved against ``source`` as resolved against ``published`` instead (absolute ones stay)."""
    if timex.get("anchor") not in RELATIVE_ANCHORS or source is None or published is None:
        return timex
    months = (published.year - source.year) * 12 + published.month - source.month
    value = _shifted_value(timex["value"], (published - source).days, months, published.year - source.year)
    return {**timex, "value": value}


def sentence_findings(text: str, article: Article, record: dict[str, Any]) -> dict[str, Piece]:
    """The findings of each of ``sentences_of(text)`` (the raw 10kGNAD text of ``article``) that lies unchanged in
    the clean text, by sentence."""
    pieces: dict[str, Piece] = {}
    cursor = 0
    for sentence in sentences_of(text):
        begin = article.text.find(sentence, cursor)
        if begin < 0:
            continue
        cursor = end = begin + len(sentence)
        inside = _window(begin, end, -begin)
        piece = Piece(publication_day(article.published))
        for kind in FINDINGS:
            found = (_moved(item, "text", inside) for item in record[kind] if item.get("field", "text") == "text")
            piece.items[kind] = [item for item in found if item is not None]
        piece.sentences = [[a - begin, b - begin] for a, b in record["sentences"] if begin <= a and b <= end]
        pieces.setdefault(sentence, piece)
    return pieces


class Composer:
    """Analysis records for the stream's articles (see the module docstring), in stream order."""

    def __init__(self, pieces: dict[str, Piece]) -> None:
        self.pieces = pieces
        self.recent: OrderedDict[str, tuple[str, str, str]] = OrderedDict()  # url -> title, text, record as JSON
        self.lead_dates: dict[tuple[str, date | None], list[dict[str, Any]]] = {}

    def record(self, raw: dict[str, Any], recipe: Recipe, article: Article,
               real: dict[str, Any] | None = None) -> dict[str, Any]:
        """The analysis record of ``article``, built from the stream's ``raw`` record as ``recipe`` says (``real``:
        a real article's own record)."""
        if recipe.kind == "copy":
            title, text, record = self.recent[recipe.original or ""]
            return self._copied(title, text, json.loads(record), article)
        record = real if recipe.kind == "real" else self._generated(recipe, article)
        assert record is not None
        self.recent[raw["url"]] = (article.title or "", article.text, json.dumps(record))  # compact: 5,000 are kept
        while len(self.recent) > RECENT:
            self.recent.popitem(last=False)
        return record

    @staticmethod
    def _copied(title: str, text: str, record: dict[str, Any], copy: Article) -> dict[str, Any]:
        """The record of a copy of the article with ``title``, ``text`` and ``record``."""
        maps = {"title": _edited(title, copy.title or ""), "text": _edited(text, copy.text)}
        items: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FINDINGS}
        for kind in FINDINGS:
            for item in record[kind]:
                where = item.get("field", "text")
                moved = _moved(item, where, maps[where])
                if moved is not None:
                    items[kind].append(moved)
        sentences = [list(span) for a, b in record["sentences"] if (span := _span(a, b, maps["text"]))]
        return _record(record["language"], sentences, items)

    def _generated(self, recipe: Recipe, article: Article) -> dict[str, Any]:
        """The record of a generated article: its names, its lead's dates, and each drawn sentence's findings
        where the sentence lies in the clean text (a sentence cleaning changed brings none)."""
        published = publication_day(article.published)
        items: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FINDINGS}
        for where, value in (("title", article.title or ""), ("text", article.text)):
            for name in recipe.names:
                at = value.find(name)
                if at >= 0:
                    items["entities"].append(_person(where, at, name))
        lead_end = article.text.find(". ") + 1
        items["timexes"] += self._lead_dates(article.text[:lead_end], recipe.names, published)
        sentences, cursor = [[0, lead_end]], lead_end
        for sentence in recipe.sentences:
            begin = article.text.find(sentence, cursor)
            piece = self.pieces.get(sentence)
            if begin < 0 or piece is None:
                continue
            cursor = begin + len(sentence)
            place = _window(0, len(sentence), begin)
            for kind in FINDINGS:
                for item in piece.items[kind]:
                    moved = _moved(item, "text", place)
                    if moved is not None:
                        items[kind].append(_redated(moved, piece.published, published) if kind == "timexes"
                                           else moved)
            sentences += [[a + begin, b + begin] for a, b in piece.sentences or [[0, len(sentence)]]]
        return _record(normalise(article.language), sentences, items)

    def _lead_dates(self, lead: str, names: tuple[str, ...], published: date | None) -> list[dict[str, Any]]:
        """The dates of the lead after its names ("äußerten sich am Montag") resolved against ``published``: found
        once per wording and day, which the names do not change."""
        after = max((lead.find(name) + len(name) for name in names if name in lead), default=0)
        key = (lead[after:], published)
        if key not in self.lead_dates:
            self.lead_dates[key] = [
                {"field": "text", "start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
                 "mod": t.mod, "anchor": t.anchor} for t in find_timexes(key[0], language="de", reference=published)
            ]
        return [{**timex, "start": timex["start"] + after, "end": timex["end"] + after}
                for timex in self.lead_dates[key]]


def _person(where: str, at: int, name: str) -> dict[str, Any]:
    """An invented name as the entity tagger records a person it has no other mention of."""
    key = f"per:{name.lower()}"
    return {"field": where, "start": at, "end": at + len(name), "text": name, "type": "PER", "kind": "name",
            "id": key, "name": name, "key": key, "role": None, "metonym": False, "source": "model"}


def _record(language: str | None, sentences: list[list[int]], items: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """An analysis record in ``analysis_record``'s layout: title findings before text ones, each in text order,
    and each quote's ``sentence`` the index of the text sentence it starts in."""
    sentences.sort()
    ordered = {kind: sorted(items[kind], key=lambda item: (item["field"] != "title", item["start"], item["end"]))
               for kind in FINDINGS}
    for quote in ordered["quotes"]:
        quote["sentence"] = next((number for number, (a, b) in enumerate(sentences) if a <= quote["start"] < b),
                                 None) if quote["field"] == "text" else None
    return {"version": ANALYSIS_VERSION, "language": language, "sentences": sentences, **ordered,
            "inferred_published": None, "notes": []}


def write_block(items: Iterable[tuple[Article, dict[str, Any]]], path: Path) -> int:
    """Write articles with their analysis records as a newsdesk Parquet export (no events, no stories), streamed.
    RETURNS (int): the articles written."""
    return write_parquet_export(((article, None, None, record) for article, record in items), path)


def analysed(records: Iterator[tuple[dict[str, Any], Recipe]], rows: list[tuple[str, str]],
             ) -> Iterator[tuple[Article, dict[str, Any]]]:
    """Each record of the stream built into its article, with its analysis record (see the module docstring)."""
    first = [(raw, recipe, built(raw)) for raw, recipe in islice(records, len(rows))]  # the real articles
    real = [(text, article) for (_, text), (_, _, article) in zip(rows, first, strict=False) if article is not None]
    records_of_real = dict(zip((article.id for _, article in real),
                               real_analyses([article for _, article in real]), strict=True))
    pieces: dict[str, Piece] = {}
    for text, article in real:
        for sentence, piece in sentence_findings(text, article, records_of_real[article.id]).items():
            pieces.setdefault(sentence, piece)
    composer = Composer(pieces)
    for raw, recipe, article in first:
        if article is not None:
            yield article, composer.record(raw, recipe, article, records_of_real[article.id])
    for raw, recipe in records:
        article = built(raw)
        if article is not None and (recipe.kind != "copy" or recipe.original in composer.recent):
            yield article, composer.record(raw, recipe, article)
