"""An article as the columns of the ``articles`` table, and back; the small encodings ``Store`` writes into columns.

Kept apart from ``Store``'s queries so that both read as what they are: the table's columns and their encodings
here, the conversations with the database there. Both backends store the same text in the same columns.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from newsdesk.model import Article, RemovedLine

#: Joins the headline terms of one title in a column: the ASCII unit separator, which no term contains (terms are
#: word tokens or their lemmas). Cheaper to split than JSON, which matters at 64 candidate titles per retitle.
TERM_SEPARATOR = "\x1f"


def join_terms(terms: tuple[str, ...] | None) -> str | None:
    return None if terms is None else TERM_SEPARATOR.join(terms)


def split_terms(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(TERM_SEPARATOR)) if joined else ()


ARTICLE_COLUMNS = (
    "id, source, title, text, authors, outlet, url, language, published, published_from, removed, text_hash, "
    "duplicate_of, extraction, notes, added_at"
)
ARTICLE_COLUMN_NAMES = tuple(name.strip() for name in ARTICLE_COLUMNS.split(","))
#: Where ``duplicate_of`` is among them (and in ``article_row``).
DUPLICATE_OF = ARTICLE_COLUMN_NAMES.index("duplicate_of")
#: The same columns of ``articles a`` in a join.
JOINED_ARTICLE_COLUMNS = ", ".join(f"a.{name}" for name in ARTICLE_COLUMN_NAMES)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def article_row(article: Article) -> tuple[object, ...]:
    removed = [[item.line, item.text, item.rule] for item in article.removed]
    return (
        article.id,
        article.source,
        article.title,
        article.text,
        json.dumps(article.authors, ensure_ascii=False),
        article.outlet,
        article.url,
        article.language,
        article.published,
        article.published_from,
        json.dumps(removed, ensure_ascii=False),
        article.text_hash,
        article.duplicate_of,
        article.extraction,
        json.dumps(article.notes, ensure_ascii=False),
        article.added_at or now(),
    )


def article_from_row(row: tuple[object, ...]) -> Article:
    (id_, source, title, text, authors, outlet, url, language, published, published_from, removed, text_hash,
     duplicate_of, extraction, notes, added_at) = row
    return Article(
        id=id_,
        source=source,
        title=title,
        text=text,
        authors=json.loads(authors),
        outlet=outlet,
        url=url,
        language=language,
        published=published,
        published_from=published_from,
        removed=[RemovedLine(line, text_, rule) for line, text_, rule in json.loads(removed)],
        text_hash=text_hash,
        duplicate_of=duplicate_of,
        extraction=extraction,
        notes=json.loads(notes),
        added_at=added_at,
    )


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
