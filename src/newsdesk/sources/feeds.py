"""RSS (0.9x, 1.0, 2.0) and Atom feed files: each item or entry is one article.

Feeds are streamed with lxml's pull parser (not feedparser: one dependency less, and constant memory, because
each item is dropped from the tree once read). Per item, labelled ``path#N`` (N counts items from 1):

* title ← ``title``; url ← ``link`` (Atom: the ``alternate`` link), else a permalink ``guid``;
* published ← ``pubDate`` / ``dc:date`` / Atom ``published``, else ``updated`` (RFC 822 or ISO → ISO 8601);
* authors ← ``author`` (RSS ``"mail@host (Name)"`` gives the name) / ``dc:creator`` / Atom ``author/name``;
* content ← ``content:encoded`` or Atom ``content``, else ``description`` / ``summary`` (noted as
  ``"feed summary only"``: a short article); content with HTML tags is passed on as HTML for extraction;
* outlet ← the channel's (feed's) title, else the host of its link; language ← channel ``language`` / ``xml:lang``.

XML that breaks off or is malformed yields the items read before the damage, then one problem naming the file
and the parser's message. External entities are never resolved and the network is never used.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import IO

from lxml import etree

from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources._common import (
    clean_str,
    looks_like_html,
    normalise_language,
    outlet_from_url,
    oversize_reason,
    split_authors,
    strip_tags,
    to_iso_date,
)

LOGGER = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
_ATOM03 = "http://purl.org/atom/ns#"
_RSS1 = "http://purl.org/rss/1.0/"
_RSS09 = "http://my.netscape.com/rdf/simple/0.9/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_RSS_NS = ("", _RSS1, _RSS09)
_ATOM_NS = (ATOM, _ATOM03)
_ROOTS = ("rss", "RDF", "feed")
_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^)]+)\)$")
_EMAIL = re.compile(r"^\S+@\S+\.\S+$")

Result = SourceDocument | SourceProblem
#: the note on an item that has only a description or summary, no full content: a short article (most real feeds)
SUMMARY_ONLY = "feed summary only"


def _tags(local: str, *namespaces: str) -> tuple[str, ...]:
    return tuple(f"{{{ns}}}{local}" if ns else local for ns in namespaces)


_ITEM_TAGS = frozenset(_tags("item", *_RSS_NS) + _tags("entry", *_ATOM_NS))
_CHANNEL_TAGS = frozenset(_tags("channel", *_RSS_NS) + _tags("feed", *_ATOM_NS))
_TITLE = _tags("title", *_RSS_NS, *_ATOM_NS)
_FULL_CONTENT = (f"{{{_CONTENT}}}encoded", *_tags("content", *_ATOM_NS))
_SUMMARY = _tags("description", *_RSS_NS) + _tags("summary", *_ATOM_NS)
_PUBLISHED = ("pubDate", f"{{{_DC}}}date", *_tags("published", *_ATOM_NS), f"{{{_ATOM03}}}issued")
_UPDATED = (*_tags("updated", *_ATOM_NS), f"{{{_ATOM03}}}modified")
_LANGUAGE = ("language", f"{{{_DC}}}language")


def is_feed(head: bytes) -> bool:
    """True when the first bytes of an XML file show an RSS or Atom root element (``.xml`` files may be anything)."""
    sample = head[:4096].lower()
    return b"<rss" in sample or b"<feed" in sample or (b"<rdf:rdf" in sample and b"rss" in sample)


def iter_feed(stream: IO[bytes], origin: str, *, max_bytes: int) -> Iterator[Result]:
    """Stream the items of an RSS or Atom feed as documents labelled ``origin#N``.

    stream (IO[bytes]): The feed file; lxml reads its encoding from the XML declaration.
    max_bytes (int): Largest accepted item content, in UTF-8 bytes.
    YIELDS (SourceDocument | SourceProblem): One item per feed item, then a problem if the XML is broken.
    """
    channel: dict[str, str | None] = {"title": None, "link": None, "language": None}
    number = 0
    try:
        for event, element in _parse_events(stream):
            if event == "start":
                if element.getparent() is None and _local(element.tag) not in _ROOTS:
                    root = _local(element.tag)
                    yield SourceProblem(origin, f"XML file is not an RSS or Atom feed (root element <{root}>)")
                    return
                if element.tag in _CHANNEL_TAGS and element.get(_XML_LANG):
                    channel["language"] = element.get(_XML_LANG)
                continue
            if element.tag in _ITEM_TAGS:
                number += 1
                yield _item(element, f"{origin}#{number}", channel, max_bytes)
                _forget(element)
            elif element.getparent() is not None and element.getparent().tag in _CHANNEL_TAGS:
                _note_channel(element, channel)
    except etree.XMLSyntaxError as error:
        LOGGER.debug("feed %s broken after item %d", origin, number, exc_info=True)
        message = str(error.msg or error).strip() or "unexpected end of file"
        yield SourceProblem(origin, f"malformed XML after item {number}: {message}")
        return
    if number == 0:
        yield SourceProblem(origin, "feed holds no items")


_READ_BYTES = 1 << 16
"""Bytes fed to the parser at a time: the items before a damaged part are read however large the file is."""


def _parse_events(stream: IO[bytes]) -> Iterator[tuple[str, etree._Element]]:
    """``(event, element)`` pairs of the XML in ``stream``; on broken XML, every pair parsed before the damage, then
    the ``XMLSyntaxError``.

    A pull parser fed block by block rather than ``etree.iterparse``: iterparse (lxml 6.2.1) raises on damage
    before handing out the elements of the block it was parsing, which in a small file is all of them.
    """
    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    while True:
        block = stream.read(_READ_BYTES)
        try:
            if block:
                parser.feed(block)
            else:
                parser.close()
        except etree.XMLSyntaxError:
            yield from parser.read_events()
            raise
        yield from parser.read_events()
        if not block:
            return


def _item(item: etree._Element, origin: str, channel: dict[str, str | None], max_bytes: int) -> Result:
    full = _content(item, _FULL_CONTENT)
    content = full or _content(item, _SUMMARY)
    if not content:
        return SourceProblem(origin, "feed item has no content or description")
    if len(content) > max_bytes // 4 and len(content.encode("utf-8")) > max_bytes:
        return SourceProblem(origin, oversize_reason(max_bytes, size=len(content.encode("utf-8")), what="item"))
    title = _text(item, _TITLE)
    url = _link(item)
    published = to_iso_date(_text(item, _PUBLISHED)) or to_iso_date(_text(item, _UPDATED))
    return SourceDocument(
        origin=origin,
        content=content,
        content_type="html" if looks_like_html(content) else "text",
        title=strip_tags(title) if title and looks_like_html(title) else title,
        authors=_authors(item),
        published=published,
        url=url,
        outlet=clean_str(channel["title"]) or outlet_from_url(channel["link"]) or outlet_from_url(url),
        language=normalise_language(item.get(_XML_LANG) or channel["language"]),
        notes=() if full else (SUMMARY_ONLY,),
    )


def _note_channel(element: etree._Element, channel: dict[str, str | None]) -> None:
    """Remember the channel-level title, link and language, which all items share."""
    if element.tag in _TITLE and channel["title"] is None:
        channel["title"] = clean_str(element.xpath("string()"))
    elif _local(element.tag) == "link" and channel["link"] is None:
        if element.get("href") is None:  # RSS: <link>https://…</link>
            channel["link"] = clean_str(element.text)
        elif element.get("rel", "alternate") == "alternate":  # Atom: <link rel="alternate" href="…"/>
            channel["link"] = clean_str(element.get("href"))
    elif element.tag in _LANGUAGE and channel["language"] is None:
        channel["language"] = clean_str(element.text)


def _content(item: etree._Element, tags: tuple[str, ...]) -> str | None:
    """The first non-empty child among ``tags``; Atom ``type="xhtml"`` content is serialised back to markup."""
    for tag in tags:
        for child in item.iterchildren(tag):
            if child.get("type") == "xhtml" and len(child):
                text = "".join(etree.tostring(part, encoding="unicode", with_tail=True) for part in child)
            else:
                text = child.xpath("string()")
            if text and text.strip():
                return text.strip()
    return None


def _text(item: etree._Element, tags: tuple[str, ...]) -> str | None:
    for tag in tags:
        for child in item.iterchildren(tag):
            text = clean_str(child.xpath("string()"))
            if text:
                return text
    return None


def _link(item: etree._Element) -> str | None:
    for child in item.iterchildren(*_tags("link", *_RSS_NS, *_ATOM_NS)):
        if child.get("href") is not None:
            if child.get("rel", "alternate") == "alternate":
                return clean_str(child.get("href"))
        elif clean_str(child.text):
            return clean_str(child.text)
    for guid in item.iterchildren("guid"):
        text = clean_str(guid.text)
        if text and guid.get("isPermaLink", "true") != "false" and text.startswith(("http://", "https://")):
            return text
    return None


def _authors(item: etree._Element) -> tuple[str, ...]:
    names: list[str] = []
    for child in item.iterchildren(*_tags("author", *_RSS_NS, *_ATOM_NS), f"{{{_DC}}}creator"):
        if len(child):  # Atom: <author><name>…</name><email>…</email></author>
            text = clean_str(next((part.text for part in child if _local(part.tag) == "name"), None))
        else:
            text = clean_str(child.text)
        if not text:
            continue
        named = _EMAIL_NAME.match(text)
        if named:
            text = named.group("name").strip()
        elif _EMAIL.match(text):
            continue  # an address alone is not a byline
        names.extend(name for name in split_authors(text) if name not in names)
    return tuple(names)


def _forget(element: etree._Element) -> None:
    """Drop a finished item and its read siblings from the tree, so memory does not grow with the feed."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]
