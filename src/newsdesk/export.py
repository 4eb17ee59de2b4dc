"""The public JSON export: a documented, versioned contract (``docs/export-format.md``).

Two layouts carry the same objects. ``json`` is one document ``{"format": "newsdesk", "version": …,
"articles": [...], "events": [...], "stories": [...]}``; ``jsonl`` is one object per line, each with a ``type`` key,
the first line being the header. ``parquet`` (``write_parquet_export``) writes the same records as three tables
for pandas, DuckDB and Spark: the articles, and the events and stories beside them. Articles are streamed, so
exporting a large desk stays light on memory.

Versioning: ``EXPORT_VERSION`` is ``MAJOR.MINOR``. Adding keys or object types bumps MINOR (readers must ignore
what they do not know); renaming, removing or changing the meaning of a key bumps MAJOR.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal

from newsdesk import __version__
from newsdesk.dossier import Dossier
from newsdesk.model import Article, EventDetail, StorySummary
from newsdesk.sources.parquet import METADATA_KEY, load_pyarrow

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
    event_records, story_records = _events_and_stories(events, stories, dossier)
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


def _events_and_stories(events: Iterable[EventDetail], stories: Iterable[StorySummary],
                        dossier: Callable[[str], Dossier] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The event and story records; a story lists its events, so the events are gathered first."""
    story_events: dict[str, list[str]] = {}
    event_records = []
    for detail in events:
        event_records.append(event_record(detail))
        story_events.setdefault(detail.event.story, []).append(detail.event.id)
    story_records = [story_record(story, story_events.get(story.id, []), dossier(story.id) if dossier else None)
                     for story in stories]
    return event_records, story_records


#: The Parquet columns of each table, in the contract's key order: ``string`` (null allowed), ``strings`` (a list of
#: strings), ``count`` (int64), ``removed`` (a list of ``{line, text, rule}`` structs), ``json`` (the contract's
#: nested object as JSON text: its keys grow with minor versions, which a fixed Arrow struct could not follow).
PARQUET_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("id", "string"), ("source", "string"), ("text", "string"), ("title", "string"), ("authors", "strings"),
        ("outlet", "string"), ("url", "string"), ("language", "string"), ("published", "string"),
        ("published_from", "string"), ("removed", "removed"), ("text_hash", "string"), ("duplicate_of", "string"),
        ("extraction", "string"), ("notes", "strings"), ("added_at", "string"), ("event", "string"),
        ("story", "string"), ("analysis", "json"),
    ),
    "events": (
        ("id", "string"), ("title", "string"), ("story", "string"), ("origin", "string"), ("articles", "strings"),
        ("copies", "strings"), ("outlets", "count"), ("first_published", "string"), ("last_published", "string"),
    ),
    "stories": (
        ("id", "string"), ("title", "string"), ("events", "strings"), ("articles", "count"), ("copies", "count"),
        ("outlets", "count"), ("first_published", "string"), ("last_published", "string"), ("dossier", "json"),
    ),
}
_PARQUET_ROWS_PER_GROUP = 1000
_JSON_COLUMNS = {table: {name for name, kind in columns if kind == "json"} for table, columns in PARQUET_COLUMNS.items()}


def parquet_export_paths(path: str | Path) -> dict[str, Path]:
    """The three files of a Parquet export: ``desk.parquet`` (the articles), ``desk.events.parquet`` and
    ``desk.stories.parquet``."""
    articles = Path(path)
    stem = articles.name.removesuffix(".parquet")
    return {"articles": articles, "events": articles.with_name(f"{stem}.events.parquet"),
            "stories": articles.with_name(f"{stem}.stories.parquet")}


def write_parquet_export(
    articles: Iterable[Placed],
    path: str | Path,
    *,
    events: Iterable[EventDetail] = (),
    stories: Iterable[StorySummary] = (),
    dossier: Callable[[str], Dossier] | None = None,
) -> int:
    """Write the export as Parquet: ``path`` holds one row per article, its ``.events`` and ``.stories`` siblings
    (``parquet_export_paths``) the rest. Each file's key-value metadata holds the export header under ``newsdesk``
    with ``table`` naming its part. Articles go out in row groups of 1,000, never all in memory; the files appear
    under their names only once all three are complete.

    RETURNS (int): the number of articles written. RAISES (DeskError): when pyarrow is not installed.
    """
    pa, pq = load_pyarrow()
    header = export_header()
    event_records, story_records = _events_and_stories(events, stories, dossier)
    targets = parquet_export_paths(path)
    partial = {part: target.with_name(target.name + ".partial") for part, target in targets.items()}
    try:
        count = _write_parquet_table(pa, pq, partial["articles"], header, "articles", map(article_record, articles))
        _write_parquet_table(pa, pq, partial["events"], header, "events", event_records)
        _write_parquet_table(pa, pq, partial["stories"], header, "stories", story_records)
    except BaseException:
        for file in partial.values():
            file.unlink(missing_ok=True)
        raise
    for part, file in partial.items():
        file.replace(targets[part])
    return count


def parquet_schema(pa: Any, table: str, header: dict[str, Any] | None = None) -> Any:
    """The Arrow schema of one table of the Parquet export (``pa`` is the ``pyarrow`` module); with the export
    ``header``, carrying it (and the table's name) in the file metadata, which tells ``add`` the file is ours."""
    removed = pa.list_(pa.struct([("line", pa.int32()), ("text", pa.string()), ("rule", pa.string())]))
    types = {"string": pa.string(), "json": pa.string(), "strings": pa.list_(pa.string()), "count": pa.int64(),
             "removed": removed}
    schema = pa.schema([(name, types[kind]) for name, kind in PARQUET_COLUMNS[table]])
    return schema if header is None else schema.with_metadata({METADATA_KEY: _dumps({**header, "table": table})})


def parquet_row(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """A contract record as a row of the Parquet table: its ``json`` columns (nested values) as JSON text."""
    return {name: _dumps(value) if value is not None and name in _JSON_COLUMNS[table] else value
            for name, value in record.items()}


def _write_parquet_table(pa: Any, pq: Any, path: Path, header: dict[str, Any], table: str,
                         records: Iterable[dict[str, Any]]) -> int:
    schema = parquet_schema(pa, table, header)
    records = iter(records)
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        while chunk := list(islice(records, _PARQUET_ROWS_PER_GROUP)):
            writer.write_table(pa.Table.from_pylist([parquet_row(table, record) for record in chunk], schema=schema))
            count += len(chunk)
    return count


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
