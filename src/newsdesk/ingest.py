"""From a source record to a stored-ready ``Article``: extract (HTML) → clean → identify.

Pure functions over the model objects; the ``Desk`` does the I/O around them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from newsdesk.clean import clean_authors, clean_text, clean_title, normalize_line
from newsdesk.errors import DeskError
from newsdesk.extract import extract_html
from newsdesk.model import Article, Provenance, SourceDocument, SourceProblem
from newsdesk.plaintext import plain_field, plain_text
from newsdesk.sources import iter_sources
from newsdesk.sources._common import outlet_from_url
from newsdesk.sources.feeds import SUMMARY_ONLY

_WHITESPACE = re.compile(r"\s+")


def content_id(doc: SourceDocument) -> str:
    """The article id: a hash of what the source delivered, so the same input added twice maps to one article.

    Only content and title count (not the path), so a file copied under another name is recognised too. An id the
    source carried (``SourceDocument.article_id``: a newsdesk export read back) is kept.
    """
    if doc.article_id:
        return doc.article_id
    digest = hashlib.sha256()
    for part in (doc.content_type, doc.title or "", doc.content.strip()):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def text_hash(text: str) -> str:
    """Hash of the clean text, blind to case, Unicode form and spacing: equal for verbatim copies."""
    normal = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def build_article(doc: SourceDocument, *, article_id: str | None = None) -> Article | SourceProblem:
    """Extract and clean one source record into an ``Article``, or say why it cannot be one.

    Metadata the source carried wins over what extraction or cleaning finds in the text, because feeds and
    news-please records were written by the publisher while text clues are guesses.
    """
    title, authors, published, outlet, url = doc.title, list(doc.authors), doc.published, doc.outlet, doc.url
    sites: tuple[str, ...] = ()
    headlines: tuple[str, ...] = ()
    published_from = "source" if published else None
    language = doc.language
    body, extraction = plain_text(doc.content), "text"
    if doc.content_type == "html":
        extracted = extract_html(replace(doc, content=body))
        if isinstance(extracted, SourceProblem):
            return extracted
        body, extraction = plain_text(extracted.text), extracted.method
        title = title or extracted.title
        authors = authors or list(extracted.authors)
        outlet = outlet or extracted.outlet
        url = url or extracted.url
        language = language or extracted.language  # the page's declared language
        sites, headlines = extracted.sites, extracted.headlines
        if not published and extracted.published:
            published, published_from = extracted.published, "source"
    title, outlet, url = plain_field(title), plain_field(outlet), plain_field(url)
    sites = (*sites, outlet or "", outlet_from_url(url) or "")
    title = clean_title(title, sites=sites, headlines=headlines) if title else title
    authors = clean_authors((name for name in map(plain_field, authors) if name), sites=sites)

    cleaned = clean_text(body, language=language, title=title)
    text = cleaned.text
    if not text.strip() and SUMMARY_ONLY in doc.notes:
        text = title or normalize_line(body)  # a feed summary is the article however short, even its headline again
    if not text.strip():
        return SourceProblem(
            doc.origin, f"no article text left after cleaning ({len(cleaned.removed)} lines removed as debris)"
        )
    if not published and cleaned.published:
        published, published_from = cleaned.published, "text"
    first = doc.provenance or Provenance(doc.origin, extraction)  # a first reading: this one
    return Article(
        id=article_id or content_id(doc),
        source=first.source,
        text=text,
        title=title or cleaned.title,
        authors=authors or [name for name in map(plain_field, cleaned.authors) if name],
        outlet=outlet,
        url=url,
        language=cleaned.language,
        published=published,
        published_from=published_from,
        removed=[*first.removed, *cleaned.removed],
        text_hash=text_hash(text),
        extraction=first.extraction,
        notes=[plain_text(note) for note in (*first.notes, *doc.notes)],
    )


def read_article(path: str) -> Article:
    """Read, extract and clean the first article of a file through the normal ingest path (nothing is stored)."""
    for doc in iter_sources([path]):
        result = doc if isinstance(doc, SourceProblem) else build_article(doc)
        if isinstance(result, SourceProblem):
            raise DeskError(str(result))
        return result
    raise DeskError(f"{path}: no article found")


def article_from_text(text: str, origin: str) -> Article | SourceProblem:
    """An article from raw text (first line: headline), cleaned as a plain-text file would be."""
    return build_article(SourceDocument(origin=origin, content=text))
