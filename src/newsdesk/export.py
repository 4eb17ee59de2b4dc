"""The public JSON export: a documented, versioned contract (``docs/export-format.md``).

Two layouts carry the same objects. ``json`` is one document ``{"format": "newsdesk", "version": …,
"articles": [...], "events": [...], "stories": [...]}``; ``jsonl`` is one object per line, each with a ``type`` key,
the first line being the header. Articles are streamed, so exporting a large desk stays light on memory.

Versioning: ``EXPORT_VERSION`` is ``MAJOR.MINOR``. Adding keys or object types bumps MINOR (readers must ignore
what they do not know); renaming, removing or changing the meaning of a key bumps MAJOR.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import IO, Any, Literal

from newsdesk import __version__
from newsdesk.dossier import Dossier
from newsdesk.model import Article, EventDetail, StorySummary

EXPORT_FORMAT = "newsdesk"
EXPORT_VERSION = "1.4"

#: An article on its own, or with the ids of its event and story and what the analysis stage found in it.
Placed = Article | tuple[Article, str | None, str | None, dict[str, Any] | None]


def export_header() -> dict[str, Any]:
    """The fields that open every export: format name, contract version, producer version and time."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generator": f"newsdesk {__version__}",
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def article_record(item: Placed) -> dict[str, Any]:
    """One article in the export contract (see ``docs/export-format.md`` for every key)."""
    article, event, story, analysis = (item, None, None, None) if isinstance(item, Article) else item
    return {**article.to_dict(), "event": event, "story": story, "analysis": analysis}


def event_record(detail: EventDetail) -> dict[str, Any]:
    """One event: its counts, its independent articles and the copies of them (ids, in the order added)."""
    event = detail.event
    return {
        "id": event.id,
        "title": event.title,
        "story": event.story,
        "origin": event.origin,
        "articles": [member.id for member in detail.members if member.copy_of is None],
        "copies": [member.id for member in detail.members if member.copy_of is not None],
        "outlets": event.outlets,
        "first_published": event.first,
        "last_published": event.last,
    }


def story_record(story: StorySummary, event_ids: list[str], dossier: Dossier | None = None) -> dict[str, Any]:
    """A story as exported; with its dossier (``Dossier.to_dict``, which carries ``version``) when one is given."""
    record = {
        "id": story.id,
        "title": story.title,
        "events": event_ids,
        "articles": story.articles,
        "copies": story.copies,
        "outlets": story.outlets,
        "first_published": story.first,
        "last_published": story.last,
    }
    if dossier is not None:
        record["dossier"] = dossier.to_dict()
    return record


def write_export(
    articles: Iterable[Placed],
    out: IO[str],
    *,
    format: Literal["json", "jsonl"] = "json",
    events: Iterable[EventDetail] = (),
    stories: Iterable[StorySummary] = (),
    dossier: Callable[[str], Dossier] | None = None,
) -> int:
    """Stream ``articles``, then ``events`` and ``stories``, to ``out`` in the given layout; ``dossier`` (a story id
    → its dossier, e.g. ``Desk.dossier``) puts each story's dossier in its record.

    RETURNS (int): the number of articles written.
    """
    if format not in ("json", "jsonl"):
        raise ValueError(f"unknown export format {format!r}; choose 'json' or 'jsonl'")
    header = export_header()
    story_events: dict[str, list[str]] = {}
    event_records = []
    for detail in events:
        event_records.append(event_record(detail))
        story_events.setdefault(detail.event.story, []).append(detail.event.id)
    story_records = [story_record(story, story_events.get(story.id, []), dossier(story.id) if dossier else None)
                     for story in stories]
    count = 0
    if format == "jsonl":
        out.write(_dumps({"type": "header", **header}) + "\n")
        for article in articles:
            out.write(_dumps({"type": "article", **article_record(article)}) + "\n")
            count += 1
        for kind, records in (("event", event_records), ("story", story_records)):
            for record in records:
                out.write(_dumps({"type": kind, **record}) + "\n")
        return count
    out.write("{\n" + ",\n".join(f"  {_dumps(key)}: {_dumps(value)}" for key, value in header.items()))
    out.write(',\n  "articles": [')
    for article in articles:
        out.write(("\n    " if count == 0 else ",\n    ") + _dumps(article_record(article)))
        count += 1
    out.write("\n  ]" if count else "]")
    for key, records in (("events", event_records), ("stories", story_records)):
        out.write(f',\n  "{key}": [' + ",".join("\n    " + _dumps(record) for record in records))
        out.write("\n  ]" if records else "]")
    out.write("\n}\n")
    return count


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
