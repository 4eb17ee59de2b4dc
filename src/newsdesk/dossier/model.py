"""The dossier's data objects: plain frozen dataclasses, so that every part is a pure function and ``to_dict`` is
the JSON the CLI prints (``newsdesk dossier --json``).

Every statement a dossier makes carries ``Citation`` objects: the article, its outlet and the index of the sentence
it came from (the analysis' sentence numbering), so a reader is one step from the text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Version of what ``build_dossier`` computes: a dossier stored or cached under an older version is rebuilt.
DOSSIER_VERSION = 2  # 2: entities linked across the story by their matching keys, headlines counted


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a statement comes from: an article, its outlet (``None`` when the source named none), the index of the
    sentence in the article's analysis and the sentence itself."""

    article: str
    outlet: str | None
    sentence: int | None
    text: str


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as an article gives it: the TIMEX value (``2023-07``), its modifier (``END`` for "Ende Juli"), its
    precision (``day``, ``month``, ``year``) and the words used."""

    value: str
    precision: str
    mod: str | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of the brief, with the date of what it reports (``None`` when it names none)."""

    citation: Citation
    date: DateValue | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated happening: the sentences of every article that reports it, merged.

    background (bool): A date the articles mention as context (a war's start, an anniversary's origin), not news.
    by_publication (bool): No date in the text: the article is placed at its publication day.
    """

    date: DateValue
    summary: str
    sources: tuple[Citation, ...]
    background: bool = False
    by_publication: bool = False


@dataclass(frozen=True, slots=True)
class Role:
    """A role an actor is given ("Verteidigungsminister"), in which articles, and whether it was held before."""

    role: str
    articles: tuple[str, ...]
    former: bool = False


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical person, organisation or place of the story.

    id (str): The analysis' canonical id. name (str): Its canonical name. type (str): ``PER``, ``ORG``, ``LOC``, …
    mentions (int): Mentions in independent articles. articles (tuple[str, ...]): Those articles, in story order.
    first_seen / last_seen: Earliest and latest date of those articles (``None`` when none is dated).
    variants (tuple[str, ...]): The names the articles use for it.
    """

    id: str
    name: str
    type: str
    mentions: int
    articles: tuple[str, ...]
    roles: tuple[Role, ...] = ()
    first_seen: str | None = None
    last_seen: str | None = None
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteReport:
    """One quote or reported statement, with every article that carries it.

    type (str): ``direct``, ``indirect``, ``partial`` or ``free_indirect``. via (tuple[str, ...]): The chain of
    sources it was passed through ("laut KCNA").
    """

    text: str
    type: str
    cue: str | None
    via: tuple[str, ...]
    sources: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Everything one speaker is quoted as saying. ``id`` is ``None`` for a speaker the analysis could not link to
    an entity (then ``name`` is the words that named them)."""

    id: str | None
    name: str
    quotes: tuple[QuoteReport, ...]


@dataclass(frozen=True, slots=True)
class SourceReport:
    """One outlet (or, for sources that name none, one article) with what a reader should know about it.

    flags (tuple[str, ...]): ``cites state media``, ``single source``, ``copy``, ``undated``, ``likely
    machine-translated: <the cue that fired>``.
    state_media (tuple[str, ...]): The state media it cites. exclusive (tuple[str, ...]): Actors only it names.
    """

    outlet: str
    articles: tuple[str, ...]
    dates: tuple[str | None, ...]
    flags: tuple[str, ...] = ()
    state_media: tuple[str, ...] = ()
    copies_of: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One side of a disagreement: a value and every sentence that gives it."""

    value: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """The same fact given differently by different articles.

    kind (str): ``role``, ``date``, ``place`` or ``number``. subject (str): What the fact is about, in words
    ("Sergei Shoigu", "visit of Sergei Shoigu"). confidence (float): How sure the dossier is that the claims
    really contradict each other, in [0, 1].
    """

    kind: str
    subject: str
    claims: tuple[Claim, ...]
    confidence: float


@dataclass(frozen=True, slots=True)
class Dossier:
    """What a story is about, computed from what the desk stores (``newsdesk.dossier.build_dossier``).

    articles (tuple[str, ...]): Its articles in story order. undated (tuple[str, ...]): Articles the timeline cannot
    place (no date in their text, no known publication day). notes: Anything that limited the dossier.
    """

    story: str
    title: str | None
    articles: tuple[str, ...]
    brief: tuple[BriefSentence, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    undated: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    sources: tuple[SourceReport, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    version: int = DOSSIER_VERSION
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The dossier as a JSON-ready dict (tuples become lists)."""
        return asdict(self)
