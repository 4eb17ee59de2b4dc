"""HTML → article text and metadata, with a fallback cascade so that one extractor's miss is not a lost article.

The cascade follows trafilatura's own design (precise extractor first, generic ones as fallbacks):

1. ``trafilatura``: ``bare_extraction`` with its balanced default focus, without comments, with tables, each row
   one line with its cells separated by `` | ``. (``favor_recall`` was tried: on 352 real German pages of
   trafilatura's own evaluation it found fewer must-have snippets, 0.921 against 0.932, and let in more debris.)
2. ``justext``: jusText with the German stoplist when the language hint is ``de`` (else English), with lengths
   lowered for short news items; used when trafilatura finds under ``MIN_TEXT_CHARS`` characters.
3. ``lxml``: the text of the ``<p>`` elements outside navigation, header, footer, asides and forms (for a snippet
   without ``<p>``, its text split at ``<br>`` and block elements).

The first method that yields ``MIN_TEXT_CHARS`` wins and is recorded in ``ExtractedHtml.method``. Snippets (HTML
from feeds or JSON records, with no ``<html>``/``<body>``) are often short teasers, so for them the longest
result is taken even under the threshold; a full page under it has no article ("no article text found in HTML").

Metadata comes from the page (trafilatura's title, author, sitename and URL; the publication date-time from
``article:published_time`` and similar tags, which keep the time that trafilatura's date-only value drops), but
whatever the ``SourceDocument`` already carries (from a feed or a JSON record) wins over it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import lxml.html
from lxml import etree

from newsdesk.lang import get as get_language
from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.plaintext import markup_without_control_references
from newsdesk.sources._common import (
    clean_str,
    normalise_language,
    outlet_from_url,
    split_authors,
    to_iso_date,
)

__all__ = ["MIN_TEXT_CHARS", "ExtractedHtml", "extract_html"]

LOGGER = logging.getLogger(__name__)

#: fewer characters than this from one method means "found nothing", and the next method is tried
MIN_TEXT_CHARS = 100

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_FULL_PAGE = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\u00a0\u200b]+")
#: trafilatura's text writes a table row as ``| cell | cell |`` and a header rule as ``|---|---|``
_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_TABLE_RULE = re.compile(r"^[\s|:-]*$")
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
#: meta tags naming the publication date, most reliable first (matched on name, property or itemprop, lowercased)
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
    "sailthru.date",
)
_BOILERPLATE_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button")
_BLOCK_TAGS = frozenset(
    ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "pre", "tr")
)


@dataclass(frozen=True, slots=True)
class ExtractedHtml:
    """The article found in an HTML page.

    text (str): The body text, one paragraph per line, paragraphs separated by a blank line.
    method (str): Which extractor produced ``text``: ``"trafilatura"``, ``"justext"`` or ``"lxml"``.
    title, published, outlet, url, language (str | None): Metadata, the source document's where it had them.
        ``published`` is ISO 8601, with the time of day when the page gives one.
    authors (tuple[str, ...]): Author names, split ("A; B" → two names).
    sites (tuple[str, ...]): Names the page gives its site (``og:site_name``, trafilatura's site name, the host),
        which page titles and bylines repeat.
    headlines (tuple[str, ...]): The page's first ``<h1>`` headings, to tell the headline from a title's decoration.
    """

    text: str
    method: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    sites: tuple[str, ...] = ()
    headlines: tuple[str, ...] = ()


def extract_html(doc: SourceDocument) -> ExtractedHtml | SourceProblem:
    """Extract the article text and metadata from ``doc.content`` (HTML), or say why there is none.

    doc (SourceDocument): A document with ``content_type="html"``; its metadata wins over the page's.
    RETURNS (ExtractedHtml | SourceProblem): The article, or a problem labelled with ``doc.origin``.
    """
    html = markup_without_control_references(_XML_DECLARATION.sub("", doc.content, count=1))
    if not html.strip():
        return SourceProblem(doc.origin, "HTML is empty")
    tree = _parse(html)
    page = _page_metadata(tree, html) if tree is not None else {}
    found = _trafilatura(html, doc.url)
    meta = found.pop("meta", {})
    language = doc.language or page.get("language") or normalise_language(meta.get("language"))
    candidates: list[tuple[str, str]] = [("trafilatura", found.get("text", ""))]
    if len(candidates[-1][1]) < MIN_TEXT_CHARS:
        candidates.append(("justext", _justext(html, language)))
    if len(candidates[-1][1]) < MIN_TEXT_CHARS and tree is not None:
        candidates.append(("lxml", _paragraphs(tree)))
    method, text = candidates[-1]
    if len(text) < MIN_TEXT_CHARS:
        method, text = max(candidates, key=lambda candidate: len(candidate[1]))
        if not text or _FULL_PAGE.search(html[:20000]):
            return SourceProblem(doc.origin, "no article text found in HTML")
    url = doc.url or clean_str(meta.get("url")) or page.get("url")
    return ExtractedHtml(
        text=text,
        method=method,
        title=doc.title or clean_str(meta.get("title")) or page.get("title"),
        authors=doc.authors or split_authors(meta.get("author")) or split_authors(page.get("author")),
        published=doc.published or page.get("published") or to_iso_date(meta.get("date")),
        outlet=doc.outlet or clean_str(meta.get("sitename")) or page.get("outlet") or outlet_from_url(url),
        url=url,
        language=language,
        sites=tuple(dict.fromkeys(
            site for site in (clean_str(meta.get("sitename")), page.get("outlet"), outlet_from_url(url)) if site
        )),
        headlines=_headlines(tree) if tree is not None else (),
    )



def _headlines(tree: Any) -> tuple[str, ...]:
    return tuple(text for h1 in tree.xpath("(//h1)[position() <= 3]") if (text := clean_str(h1.text_content())))


def _parse(html: str) -> Any:
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as error:
        LOGGER.debug("lxml cannot parse the HTML: %s", error)
        return None


def _trafilatura(html: str, url: str | None) -> dict[str, Any]:
    """trafilatura's text (paragraphs separated by blank lines) and metadata; empty when it finds nothing."""
    import trafilatura  # here, not at module level: it takes a third of a second, which every CLI call would pay

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            # no extensive search: it turns a footer's "© 2021" into a publication date of 2021-01-01
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:
        LOGGER.debug("trafilatura failed", exc_info=True)
        return {}
    if result is None or isinstance(result, dict):
        return {}
    fields = ("title", "author", "date", "sitename", "url", "language")
    meta = {name: getattr(result, name, None) for name in fields}
    return {"text": _join_paragraphs(_table_rows((result.text or "").split("\n"))), "meta": meta}


def _table_rows(lines: list[str]) -> list[str]:
    """Table rows as plain lines ("Basis | 29,90 Euro"): the outer pipes and the header rule go, the cells stay."""
    rows = []
    for line in lines:
        row = _TABLE_ROW.match(line)
        if row is None:
            rows.append(line)
        elif not _TABLE_RULE.match(row.group("cells")):
            rows.append(" | ".join(cell.strip() for cell in row.group("cells").split("|") if cell.strip()))
    return rows


def _justext(html: str, language: str | None) -> str:
    import justext

    try:
        paragraphs = justext.justext(
            html,
            _stoplist(get_language(language).data("extract").get("justext_stoplist", DEFAULT_STOPLIST)),
            length_low=30,
            length_high=100,
            stopwords_low=0.1,
            stopwords_high=0.2,
            max_link_density=0.2,
        )
    except Exception:
        LOGGER.debug("jusText failed", exc_info=True)
        return ""
    return _join_paragraphs(paragraph.text for paragraph in paragraphs if not paragraph.is_boilerplate)


DEFAULT_STOPLIST = "English"
"""jusText's stop-word list for a page whose language has no ``lang/<code>/extract.json`` (or is unknown)."""


@lru_cache(maxsize=4)
def _stoplist(name: str) -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist(name))


def _paragraphs(tree: Any) -> str:
    """The last resort: ``<p>`` text outside page furniture; for snippets without ``<p>``, their text blocks."""
    for element in tree.xpath("|".join(f"//{tag}" for tag in _BOILERPLATE_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    paragraphs = [element.text_content() for element in tree.iter("p")]
    if not paragraphs:
        paragraphs = _text_blocks(tree)
    return _join_paragraphs(paragraphs)


def _text_blocks(tree: Any) -> list[str]:
    """Text split at ``<br>`` and block elements, for snippets such as ``Erster Absatz<br><br>Zweiter``."""
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return tree.text_content().split("\n")


def _join_paragraphs(lines: Any) -> str:
    """One paragraph per line, whitespace inside collapsed, blank lines between paragraphs."""
    cleaned = (_SPACE.sub(" ", " ".join(line.split("\n"))).strip() for line in lines)
    return "\n\n".join(line for line in cleaned if line)


def _page_metadata(tree: Any, html: str) -> dict[str, str]:
    """Metadata trafilatura does not give as precisely: the publication date-time, language, and fallbacks."""
    found: dict[str, str] = {}
    dates: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = clean_str(meta.get("content"))
        if not key or not content:
            continue
        if key in _DATE_META:
            dates.setdefault(key, content)
        elif key in ("og:site_name", "application-name"):
            found.setdefault("outlet", content)
        elif key in ("author", "article:author", "dc.creator") and not content.startswith("http"):
            found.setdefault("author", content)
        elif key in ("og:title", "twitter:title"):
            found.setdefault("title", content)
        elif key == "og:url":
            found.setdefault("url", content)
    for time in tree.xpath('//time[@itemprop="datePublished"][@datetime]'):
        dates.setdefault("datepublished", time.get("datetime"))
    json_ld = _JSON_LD_DATE.search(html)
    if json_ld:
        dates.setdefault("datepublished", json_ld.group(1))
    for key in _DATE_META:
        published = to_iso_date(dates.get(key))
        if published:
            found["published"] = published
            break
    root = tree.getroottree().getroot()
    language = normalise_language(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    if language:
        found["language"] = language
    if "title" not in found:
        title = tree.findtext(".//title")
        if title and title.strip():
            found["title"] = clean_str(title) or ""
    return found
