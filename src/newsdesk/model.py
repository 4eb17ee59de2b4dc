"""The data objects shared by every newsdesk stage.

Data flows one way: a source yields ``SourceDocument`` records (or ``SourceProblem`` for input it could not read),
extraction and cleaning turn each into an ``Article``, and the store keeps articles. Later stages (analysis,
clustering, story assembly) enrich the same ``Article`` and add ``Event`` / ``Story`` objects.

These objects are plain dataclasses so that every stage is a pure function over them; ``to_dict`` gives the shape of
the public JSON export (see ``docs/export-format.md``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ContentType = Literal["text", "html"]


@dataclass(slots=True, frozen=True)
class Provenance:
    """How an article was first read, carried by a newsdesk Parquet row (an export, or ``newsdesk prepare``'s
    output) so that adding the row keeps the audit trail to the crawl record instead of starting it at the file.

    source (str): Where it was first read (``crawl.warc.gz#14``), not the Parquet file.
    extraction (str): How its text was extracted then (the row's text is that text, already extracted).
    removed (tuple[RemovedLine, ...]): The lines cleaning removed then.
    notes (tuple[str, ...]): What that reading changed.
    """

    source: str
    extraction: str
    removed: tuple[RemovedLine, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class SourceDocument:
    """One article as a source delivered it, before extraction and cleaning.

    origin (str): Where it came from, precise enough to find it again: a path, ``path:LINE`` for a JSON Lines
        record, ``path#N`` for the N-th record of a WARC or feed file, ``-`` for standard input.
    content (str): The decoded text (``content_type="text"``) or HTML (``content_type="html"``).
    title, authors, published, url, outlet, language: Metadata the source carried; ``None`` / empty when unknown.
        ``published`` is an ISO 8601 date or date-time string.
    notes (tuple[str, ...]): What reading changed, e.g. ``"decoded as cp1252"`` or ``"repaired mojibake"``.
    article_id (str | None): The id the source already gave the article (a newsdesk Parquet export), kept so that
        re-adding an export gives the same articles; ``None``: the id is the content hash (``ingest.content_id``).
    analysis (dict | None): The analysis record a newsdesk Parquet export carried beside the text; ``add`` stores
        it instead of analysing again when it is current and fits the article (``prepare.reused_analysis``).
    provenance (Provenance | None): What a newsdesk Parquet row says of the article's first reading, which the
        article keeps; ``None``: this reading is the first.
    """

    origin: str
    content: str
    content_type: ContentType = "text"
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    notes: tuple[str, ...] = ()
    article_id: str | None = None
    analysis: dict[str, Any] | None = None
    provenance: Provenance | None = None


@dataclass(slots=True, frozen=True)
class SourceProblem:
    """Input that could not become an article, with the reason as a value (never only in a log line).

    origin (str): The file, and line or record where known, e.g. ``feeds/a.jsonl:17``.
    reason (str): One human-readable sentence saying what is wrong.
    """

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(slots=True, frozen=True)
class RemovedLine:
    """A line that cleaning took out of the article body, kept so a user can audit every decision.

    line (int): 1-based line number in the extracted text the cleaner received.
    text (str): The line as it was.
    rule (str): The rule that removed it, e.g. ``de.teaser`` or ``title`` (moved to ``Article.title``).
    """

    line: int
    text: str
    rule: str


@dataclass(slots=True)
class Article:
    """One stored news article: clean body text plus metadata and the audit trail of cleaning.

    id (str): Content hash of the raw input, so the same input added twice is the same article.
    source (str): ``SourceDocument.origin`` of the input it came from.
    text (str): The clean article body, paragraphs separated by a blank line.
    published (str | None): ISO 8601 date or date-time, from the source or found in the text.
    published_from (str | None): Where ``published`` came from: ``"source"`` (metadata) or ``"text"`` (a dateline).
    removed (list[RemovedLine]): Every input line that is not in ``text``, with the rule that removed it.
    text_hash (str): Hash of the normalised clean text; equal hashes mean verbatim copies.
    duplicate_of (str | None): Id of the article this one copies, if any.
    extraction (str): How the body was obtained: ``"text"`` (plain text input) or the HTML extractor used.
    """

    id: str
    source: str
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    published: str | None = None
    published_from: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    text_hash: str = ""
    duplicate_of: str | None = None
    extraction: str = "text"
    notes: list[str] = field(default_factory=list)
    added_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The article as a JSON-ready dict in the export contract's field order."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from ``to_dict`` output (unknown keys are ignored for forward compatibility)."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["removed"] = [RemovedLine(**item) for item in known.get("removed", [])]
        return cls(**known)


@dataclass(slots=True, frozen=True)
class Member:
    """One article of an event as listings show it.

    score (float): Same-event score when it joined (1.0 for the article that opened the event); for a copy, the
        estimated text overlap with its original.
    copy_of (str | None): The original when the article is a copy; copies are listed under their original and never
        count as an independent report.
    decision (int | None): Number of the user decision that put it here (``None``: the clusterer did).
    """

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    copy_of: str | None = None
    decision: int | None = None


@dataclass(slots=True, frozen=True)
class EventSummary:
    """One event (a single real-world happening) with its counts.

    articles (int): Independent reports (copies not counted); copies (int): copies of those reports.
    outlets (int): Outlets with an independent report. first / last: Publication date span (``YYYY-MM-DD``).
    origin (str): ``"clusterer"`` or ``"split"`` (made by ``newsdesk split``).
    """

    id: str
    title: str | None
    story: str
    articles: int
    copies: int
    outlets: int
    first: str | None
    last: str | None
    origin: str = "clusterer"


@dataclass(slots=True, frozen=True)
class StorySummary:
    """One story (a continuing subject made of events) with its counts, as ``newsdesk stories`` lists it."""

    id: str
    title: str | None
    events: int
    articles: int
    copies: int
    outlets: int
    first: str | None
    last: str | None


@dataclass(slots=True, frozen=True)
class EventDetail:
    """An event with its members: originals in arrival order, each followed by its copies."""

    event: EventSummary
    members: list[Member]


@dataclass(slots=True, frozen=True)
class StoryDetail:
    """A story with its events, oldest first, each with its members."""

    story: StorySummary
    events: list[EventDetail]


@dataclass(slots=True, frozen=True)
class Explanation:
    """Why an article is in its event.

    score (float): Same-event score when it joined (0.5 is the join boundary). opened (bool): It opened the event.
    shared_terms (list[tuple[str, float]]): Strongest shared terms with their share of the text similarity.
    shared_entities / shared_numbers: Names and figures the article shares with the event.
    date_agreement (str): The date reasoning in words. note (str): Anything else (copies, user decisions, debris).
    copy_of (str | None): For a copy, its original: then ``score`` is the estimated text overlap and the article is
        in its original's event.
    story_note (str): Why its event is in its story, as the story linker measured it when the event opened (""
        when unknown: an event a user made, or a desk filed before this was recorded).
    """

    article: str
    event: str
    story: str
    score: float
    opened: bool
    shared_terms: list[tuple[str, float]]
    shared_entities: list[str]
    shared_numbers: list[str]
    date_agreement: str
    components: dict[str, float]
    note: str
    copy_of: str | None = None
    story_note: str = ""


@dataclass(slots=True, frozen=True)
class Neighbour:
    """An article similar to another one: its same-event score in [0, 1] and where it is filed."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    event: str | None
    copy_of: str | None


@dataclass(slots=True)
class ClusteringRows:
    """The part of a desk's clustering state that changed since it was last saved, as the rows the store writes
    (made by ``newsdesk.stories.Clustering.take_changes``; the store does not interpret the JSON).

    documents (int): Documents the clusterer has counted for its word frequencies.
    sizes (dict[str, int]): How many events, stories, merges, posting lists and frequencies the whole state has
        after this save: a loaded state of other sizes is incomplete and is rebuilt.
    groups (list[tuple[str, str, str]]): (``"event"`` or ``"story"``, id, the group as JSON) of new or changed groups.
    removed (list[str]): Events merged away, whose rows go.
    merges (list[tuple[str, str]]): (merged-away event, the event it was merged into).
    postings (list[tuple[str, str, list[str]]]): (``"event"`` or ``"story"``, index key, group ids oldest first)
        of changed posting lists.
    frequencies (list[tuple[str, str, int]]): (key space, key, documents containing it) of changed counts.
    """

    documents: int = 0
    sizes: dict[str, int] = field(default_factory=dict)
    groups: list[tuple[str, str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    merges: list[tuple[str, str]] = field(default_factory=list)
    postings: list[tuple[str, str, list[str]]] = field(default_factory=list)
    frequencies: list[tuple[str, str, int]] = field(default_factory=list)
