"""From a source record to a stored-ready ``Article``: extract (HTML) → clean → identify.

Pure functions over the model objects; the ``Desk`` does the I/O around them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from newsdesk.clean import clean_text
from newsdesk.extract import extract_html
from newsdesk.model import Article, SourceDocument, SourceProblem
from newsdesk.plaintext import plain_field, plain_text

_WHITESPACE = re.compile(r"\s+")


def content_id(doc: SourceDocument) -> str:
    """The article id: a hash of what the source delivered, so the same input added twice maps to one article.

    Only content and title count (not the path), so a file copied under another name is recognised too.
    """
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
    published_from = "source" if published else None
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
        if not published and extracted.published:
            published, published_from = extracted.published, "source"
    title, outlet, url = plain_field(title), plain_field(outlet), plain_field(url)
    authors = [name for name in map(plain_field, authors) if name]

    cleaned = clean_text(body, language=doc.language, title=title)
    if not cleaned.text.strip():
        return SourceProblem(
            doc.origin, f"no article text left after cleaning ({len(cleaned.removed)} lines removed as debris)"
        )
    if not published and cleaned.published:
        published, published_from = cleaned.published, "text"
    return Article(
        id=article_id or content_id(doc),
        source=doc.origin,
        text=cleaned.text,
        title=title or cleaned.title,
        authors=authors or [name for name in map(plain_field, cleaned.authors) if name],
        outlet=outlet,
        url=url,
        language=doc.language or cleaned.language,
        published=published,
        published_from=published_from,
        removed=list(cleaned.removed),
        text_hash=text_hash(cleaned.text),
        extraction=extraction,
        notes=[plain_text(note) for note in doc.notes],
    )
