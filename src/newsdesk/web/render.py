"""What the web app and the report share: the Jinja2 environment, the story page's data and the article's marked-up
text.

Scraped text is hostile, so the environment autoescapes everything; the only markup made in Python is the SVG of
``svg.py`` (which escapes what it holds) and the search snippet (escaped first, then marked). A link target taken
from an article (its URL) is kept only when it is http or https, so ``javascript:`` never becomes an ``href``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from newsdesk.analysis import body_findings
from newsdesk.desk import Desk
from newsdesk.dossier import Dossier
from newsdesk.dossier.dates import describe
from newsdesk.model import Member, StoryDetail
from newsdesk.web.svg import sparkline, timeline_chart

#: The snippet markers ``Store.search`` puts around matched words.
_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def environment() -> Environment:
    """The templates of ``newsdesk/web/templates`` with autoescaping on for every file (``.svg`` partials too)."""
    env = Environment(loader=PackageLoader("newsdesk.web", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(safe_url=safe_url, describe=describe, day=day, snippet=snippet, counted=counted)
    return env


def safe_url(value: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else ``None`` (shown as text, never linked)."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def day(value: str | None) -> str:
    """An ISO date-time as its day (``2024-06-03``), or ``undated``."""
    return value[:10] if value else "undated"


def counted(number: int, word: str, plural: str | None = None) -> str:
    """``3 articles``, ``1 article``: a count in words (``plural`` when adding an s is wrong)."""
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def snippet(value: str) -> Markup:
    """A search snippet with its matched words in ``<mark>``: escaped first, so the text cannot add markup."""
    return Markup(_SNIPPET_MARK.sub(r"<mark>\1</mark>", str(escape(value))))


#: The dossier parts with pages of their own (``/story/ID/timeline?page=2``); "events" lists the events and articles.
STORY_PARTS = ("disagreements", "timeline", "actors", "speakers", "sources", "events")
#: Items of each part the story page shows before a link to the part's own pages.
OVERVIEW_ITEMS = 10
#: Items per page of a part's own pages.
PART_PAGE_ITEMS = 50
#: Citations, quotes or articles shown under one item before "and N more" (a 500-article story merges hundreds of
#: sources into one timeline entry).
INNER_ITEMS = 5


def part_page(index: int) -> int:
    """The page of a story part's own pages that shows its item ``index``."""
    return index // PART_PAGE_ITEMS + 1


@dataclass(frozen=True, slots=True)
class StoryView:
    """Everything the story page (and the report's section for one story) shows.

    part (str | None): The one part a part page shows (one of ``STORY_PARTS``); ``None`` for the whole dossier.
    page (int): Which page of that part. bounded (bool): Lists are cut to pages (the app: a story of 500 articles
    has hundreds of timeline entries and quotes); the report shows everything.
    """

    detail: StoryDetail
    dossier: Dossier
    members: dict[str, Member]
    chart: Markup
    spark: Markup
    part: str | None = None
    page: int = 1
    bounded: bool = False

    def shows(self, part: str) -> bool:
        """Whether this page shows ``part`` (the brief only on the whole dossier)."""
        return self.part in (None, part)

    def everything(self, part: str) -> Sequence[Any]:
        return self.detail.events if part == "events" else getattr(self.dossier, part)

    def offset(self, part: str) -> int:
        """Index (in the whole part) of the first item this page shows: anchors stay the same on every page."""
        return (self.page - 1) * PART_PAGE_ITEMS if self.bounded and self.part == part else 0

    def items(self, part: str) -> Sequence[Any]:
        """The items of ``part`` this page shows."""
        everything = self.everything(part)
        if not self.bounded:
            return everything
        size = PART_PAGE_ITEMS if self.part == part else OVERVIEW_ITEMS
        return everything[self.offset(part):self.offset(part) + size]

    def more(self, part: str) -> int:
        """How many items of ``part`` the whole dossier's page leaves to the part's own pages."""
        return max(0, len(self.everything(part)) - OVERVIEW_ITEMS) if self.bounded and self.part is None else 0

    def pages(self, part: str) -> int:
        return max(1, -(-len(self.everything(part)) // PART_PAGE_ITEMS))

    def page_of(self, index: int) -> int:
        """The page of a part's own pages that shows its item ``index``."""
        return part_page(index)

    def under(self, part: str, items: Sequence[Any]) -> Sequence[Any]:
        """The items under one item of ``part`` this page shows (a speaker's quotes, a disagreement's values): a
        page's worth on the part's own pages, a few elsewhere."""
        if self.bounded and self.part == part:
            return items[:PART_PAGE_ITEMS]
        return self.firsts(items)

    def firsts(self, items: Sequence[Any]) -> Sequence[Any]:
        """The first ``INNER_ITEMS`` of a list under one item (all of them in the report)."""
        return items[:INNER_ITEMS] if self.bounded else items


def story_view(desk: Desk, story_id: str, *, part: str | None = None, page: int = 1,
               bounded: bool = False) -> StoryView:
    """The story with its events, its dossier and its charts (``DeskError`` when there is no such story); see
    ``StoryView`` for ``part``, ``page`` and ``bounded``."""
    detail = desk.story(story_id)
    dossier = desk.dossier(detail.story.id)
    members = {member.id: member for event in detail.events for member in event.members}
    anchor = f"{detail.story.id}-t"
    if bounded:  # an entry's mark links to the timeline page that lists it
        def href(index: int) -> str:
            return f"/story/{detail.story.id}/timeline?page={part_page(index)}#{anchor}{index}"
    else:
        def href(index: int) -> str:
            return f"#{anchor}{index}"
    return StoryView(detail, dossier, members, timeline_chart(dossier.timeline, href=href),
                     sparkline(member.published for member in members.values() if member.copy_of is None),
                     part, page, bounded)


def story_sparkline(desk: Desk, story_id: str) -> Markup:
    """Articles per day of one story (independent articles only: copies do not count twice)."""
    detail = desk.story(story_id)
    return sparkline(m.published for event in detail.events for m in event.members if m.copy_of is None)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text with the findings that cover it: ``kinds`` are CSS classes (``ent-per``, ``date``,
    ``quote``), ``note`` the tooltip (entity id, TIMEX value, speaker)."""

    text: str
    kinds: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    pieces: tuple[Piece, ...]


def article_paragraphs(text: str, analysis: dict[str, Any] | None) -> list[list[Sentence]]:
    """The clean text as paragraphs of numbered sentences (``#s7`` anchors), each split into pieces by the stored
    analysis offsets. Without an analysis every paragraph is one unnumbered sentence."""
    spans = _finding_spans(analysis or {})
    bounds = [tuple(pair) for pair in (analysis or {}).get("sentences", [])]
    if not bounds:
        return [[Sentence(-1, (Piece(part),))] for part in _PARAGRAPH_BREAK.split(text) if part.strip()]
    paragraphs: list[list[Sentence]] = [[]]
    cursor = 0
    for index, (start, end) in enumerate(bounds):
        gap = text[cursor:start]
        if _PARAGRAPH_BREAK.search(gap) and paragraphs[-1]:
            paragraphs.append([])
        elif gap.strip():
            paragraphs[-1].append(Sentence(-1, (Piece(gap),)))
        paragraphs[-1].append(Sentence(index, _pieces(text, start, end, spans)))
        cursor = end
    if text[cursor:].strip():
        paragraphs[-1].append(Sentence(-1, (Piece(text[cursor:]),)))
    return [paragraph for paragraph in paragraphs if paragraph]


def _finding_spans(analysis: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """Entities, dates and quotes of the text to mark in it (the headline's have offsets into the title)."""
    analysis = body_findings(analysis)
    spans = []
    for entity in analysis.get("entities") or ():
        kind = f"ent ent-{str(entity.get('type', '')).lower()}"
        spans.append((entity["start"], entity["end"], kind, f"{entity.get('type')} {entity.get('id') or ''}".strip()))
    for timex in analysis.get("timexes") or ():
        spans.append((timex["start"], timex["end"], "date", f"{timex.get('type')} {timex.get('value')}"))
    for quote in analysis.get("quotes") or ():
        note = f"{quote.get('type')} quote, {quote.get('speaker') or 'unknown speaker'}"
        for start, end in quote.get("parts") or [(quote["start"], quote["end"])]:
            spans.append((start, end, "quote", note))
        if quote.get("speaker_start") is not None:
            spans.append((quote["speaker_start"], quote["speaker_end"], "said-by", "speaker"))
    return spans


def _pieces(text: str, start: int, end: int, spans: list[tuple[int, int, str, str]]) -> tuple[Piece, ...]:
    """Cut one sentence at every finding boundary; each piece carries every finding that covers it (findings may
    overlap: a name inside a quote), so the markup stays flat."""
    inside = [(max(s, start), min(e, end), kind, note) for s, e, kind, note in spans if s < end and e > start]
    cuts = sorted({start, end, *(s for s, _, _, _ in inside), *(e for _, e, _, _ in inside)})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [(kind, note) for s, e, kind, note in inside if s <= left and e >= right]
        kinds = " ".join(dict.fromkeys(" ".join(kind for kind, _ in covering).split()))
        pieces.append(Piece(text[left:right], kinds, "; ".join(note for _, note in covering)))
    return tuple(pieces)
