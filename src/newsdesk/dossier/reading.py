"""What the dossier parts read: each article of a story with its stored analysis record, as one ``Report``.

The analysis record (``newsdesk.analysis.analysis_record``) keeps offsets into the clean text; a ``Report`` adds what
every part needs from it: the sentence texts, which sentence an offset is in, the article's date and whether the
article is a copy. Language knowledge the dossier uses is data (``lang/<code>/dossier.json``, ``state_media.json``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from newsdesk.analysis import MIN_DATE_CONFIDENCE, body_findings, publication_day
from newsdesk.dossier.model import Citation
from newsdesk.lang import get as get_language
from newsdesk.lang import normalise
from newsdesk.model import Article


@dataclass(frozen=True, slots=True)
class Report:
    """One article of a story, read for the dossier.

    order (int): Its place in the story (events oldest first, members in arrival order), used to break ties.
    event (str | None): The event it is filed in. copy_of (str | None): The article it copies.
    date (str | None): Its publication day (``YYYY-MM-DD``): from the source, else a confident inference.
    date_inferred (bool): ``date`` was inferred from the text.
    analysis holds the findings in the text only (every part indexes the text); title_entities are the entities
    of the headline, for the parts that only count them.
    """

    article: Article
    analysis: dict[str, Any]
    order: int
    event: str | None = None
    copy_of: str | None = None
    date: str | None = None
    date_inferred: bool = False
    sentences: tuple[str, ...] = field(default=())
    title_entities: tuple[dict[str, Any], ...] = field(default=())

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def outlet(self) -> str | None:
        return self.article.outlet

    @property
    def language(self) -> str:
        return normalise(self.analysis.get("language") or self.article.language) or "und"

    def sentence_index(self, offset: int) -> int | None:
        """Index of the sentence holding ``offset``, ``None`` between sentences."""
        spans = self.analysis.get("sentences") or []
        index = bisect_right(spans, offset, key=lambda span: span[0]) - 1
        return index if index >= 0 and offset < spans[index][1] else None

    def cite(self, sentence: int | None) -> Citation:
        """A citation of one of this article's sentences (``None``: the article as a whole, by its title)."""
        text = self.sentences[sentence] if sentence is not None and sentence < len(self.sentences) else ""
        return Citation(self.id, self.outlet, sentence, text or self.article.title or "")

    def in_sentence(self, items: list[dict[str, Any]], sentence: int) -> list[dict[str, Any]]:
        """The analysis items (entities, timexes) that start in sentence ``sentence``."""
        return [item for item in items if self.sentence_index(item["start"]) == sentence]


def read_report(article: Article, analysis: dict[str, Any] | None, *, order: int, event: str | None = None,
                copy_of: str | None = None) -> Report:
    """``article`` with its analysis record (an empty one when it was never analysed)."""
    analysis = analysis or {"language": article.language, "sentences": [], "entities": [], "timexes": [],
                            "quotes": [], "inferred_published": None}
    sentences = tuple(article.text[start:end] for start, end in analysis.get("sentences") or [])
    day, inferred = _article_day(article, analysis)
    title_entities = tuple(item for item in analysis.get("entities") or [] if item.get("field") == "title")
    return Report(article, body_findings(analysis), order, event, copy_of or article.duplicate_of, day, inferred,
                  sentences, title_entities)


def _article_day(article: Article, analysis: dict[str, Any]) -> tuple[str | None, bool]:
    known = publication_day(article.published)
    if known is not None:
        return known.isoformat(), False
    guess = analysis.get("inferred_published") or {}
    if guess.get("value") and guess.get("confidence", 0) >= MIN_DATE_CONFIDENCE:
        return guess["value"], True
    return None, False


def language_data(language: str, name: str) -> dict[str, Any]:
    """``lang/<language>/<name>.json`` as a dict (:meth:`newsdesk.lang.Language.data`); empty for a language
    without the file."""
    return get_language(language).data(name)
