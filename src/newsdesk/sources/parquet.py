"""Parquet files → articles: newsdesk's own Parquet export, or any table with article-like columns.

A row is read like a JSON record (``sources.jsonrecords``): the same default column names (news-please's
``maintext``, ``title``, ``date_publish``, ``authors``, ``url``, ``source_domain``, ``language``), plus the export
contract's own ``published`` and ``outlet``, and the same ``--field-map``. A row that holds no article (text null,
empty or not a string) becomes a problem named ``file.parquet#ROW`` (1-based) and the rest goes on.

A file that newsdesk exported (key ``newsdesk`` in its key-value metadata, see ``docs/export-format.md``) keeps its
article ids and hands its rows' analysis records on (``SourceDocument.analysis``, reused by ``add`` when current),
so exporting a desk and adding the file to a fresh desk gives the same articles, quickly; its events and
stories files are not articles and are skipped in folders. Files are read one batch of rows at a time, so memory
stays bounded by a row group, not by the file. A folder of part files (``newsdesk prepare``'s ``OUT/de``:
``part-00000.parquet``, ``part-00001.parquet``, …) is read file by file in name order, as every folder is
(``sources._paths``), so its rows arrive in the order they were written: publication order there.

pyarrow is an optional dependency (``pip install 'newsdesk[parquet]'``), imported only when Parquet is read or
written.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from newsdesk.errors import DeskError
from newsdesk.model import Provenance, RemovedLine, SourceDocument, SourceProblem
from newsdesk.sources._common import oversize_reason
from newsdesk.sources.jsonrecords import DEFAULT_KEYS, FieldKeys, record_to_document

LOGGER = logging.getLogger(__name__)

Result = SourceDocument | SourceProblem

PYARROW_MISSING = "Parquet needs pyarrow, which is not installed: pip install 'newsdesk[parquet]'"
#: key of the export header in a Parquet file's key-value metadata
METADATA_KEY = b"newsdesk"
#: the export contract's names for fields whose news-please names come first in ``DEFAULT_KEYS``
_CONTRACT_KEYS = {"published": ("published",), "outlet": ("outlet",)}
_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
_ROWS_PER_BATCH = 1000
#: The columns of a newsdesk row that say how its article was first read (``Provenance``).
_PROVENANCE = ("source", "extraction", "removed", "notes")
_READ_MAJOR = "1"


def load_pyarrow() -> tuple[Any, Any]:
    """``(pyarrow, pyarrow.parquet)``. RAISES (DeskError): with a one-line install hint when pyarrow is missing."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise DeskError(PYARROW_MISSING) from error
    return pyarrow, pyarrow.parquet


def iter_parquet(path: str, origin: str, *, keys: FieldKeys, max_bytes: int, explicit: bool = True) -> Iterator[Result]:
    """Stream the rows of one Parquet file as documents or problems labelled ``origin#ROW``."""
    try:
        pa, pq = load_pyarrow()
    except DeskError as error:
        yield SourceProblem(origin, str(error))
        return
    try:
        table = pq.ParquetFile(path)
    except (pa.ArrowException, ValueError) as error:
        yield SourceProblem(origin, f"not a readable Parquet file ({error})")
        return
    header = _export_header(table.schema_arrow.metadata)
    if isinstance(header, str):
        yield SourceProblem(origin, header)
        return
    part = header.get("table", "articles") if header else "articles"
    if part != "articles":
        if explicit:
            yield SourceProblem(origin, f"holds the {part} of a newsdesk export, not articles; add the articles file")
        else:
            LOGGER.debug("skipping %s: the %s of a newsdesk export", origin, part)
        return
    keys = _parquet_keys(keys)
    columns = _wanted_columns(table.schema_arrow.names, keys, with_id=header is not None)
    if not any(key in columns or key.split(".")[0] in columns for key in keys["text"]):
        looked = " or ".join(f"'{key}'" for key in keys["text"])
        yield SourceProblem(origin, f"no article text column (looked for {looked})")
        return
    yield from _rows(table, columns, origin, keys, max_bytes, keep_ids=header is not None, errors=pa.ArrowException)


def _rows(table: Any, columns: list[str], origin: str, keys: FieldKeys, max_bytes: int, *, keep_ids: bool,
          errors: type[Exception]) -> Iterator[Result]:
    row = 0
    try:
        for batch in table.iter_batches(batch_size=_ROWS_PER_BATCH, columns=columns):
            for record in batch.to_pylist():
                row += 1
                yield _row_document(record, f"{origin}#{row}", keys, max_bytes, keep_id=keep_ids)
    except (errors, OSError) as error:  # a damaged row group ends the file, not the run
        yield SourceProblem(f"{origin}#{row + 1}", f"cannot read the rows from here on ({error})")
        return
    if row == 0:
        yield SourceProblem(origin, "file holds no rows")


def _row_document(record: dict[str, Any], where: str, keys: FieldKeys, max_bytes: int, *, keep_id: bool) -> Result:
    """One row → a document (keeping a newsdesk export's article id), or the problem that names the row."""
    for key in keys["text"]:
        value = record.get(key)
        if isinstance(value, str) and len(value) > max_bytes:
            return SourceProblem(where, oversize_reason(max_bytes, what="row"))
    record = {name: _plain(value) for name, value in record.items()}
    document = record_to_document(record, where, keys)
    if isinstance(document, SourceDocument) and keep_id:
        article_id = record.get("id")
        if isinstance(article_id, str) and _ARTICLE_ID.fullmatch(article_id):
            document.article_id = article_id
        document.provenance = _provenance(record)
        document.analysis = _stored_analysis(record, document)
    return document


def _provenance(record: dict[str, Any]) -> Provenance | None:
    """How the row's article was first read, as the export recorded it (``None`` when the row does not say)."""
    source, extraction = record.get("source"), record.get("extraction")
    if not (isinstance(source, str) and source and isinstance(extraction, str) and extraction):
        return None
    removed = tuple(RemovedLine(item["line"], item["text"], item["rule"]) for item in record.get("removed") or ()
                    if isinstance(item, dict) and isinstance(item.get("text"), str))
    notes = tuple(note for note in record.get("notes") or () if isinstance(note, str))
    return Provenance(source, extraction, removed, notes)


def _stored_analysis(record: dict[str, Any], document: SourceDocument) -> dict[str, Any] | None:
    """The export's analysis record of the row, for ``add`` to reuse (``prepare.reused_analysis`` decides
    whether it may): only when the row was read as it was exported, its text, title and language unchanged by
    reading (no mojibake repair, no mapped field), so that the record's offsets index the same text, and its
    publication day, which relative dates were resolved against, unchanged too."""
    raw = record.get("analysis")
    if not isinstance(raw, str):
        return None
    as_read = (document.content == record.get("text") and document.title == record.get("title")
               and document.language == record.get("language")
               and (document.published or "")[:10] == (record.get("published") or "")[:10])
    try:
        analysis = json.loads(raw) if as_read else None
    except ValueError:
        return None  # analysed again, as any row without a record
    return analysis if isinstance(analysis, dict) else None


def _plain(value: Any) -> Any:
    """Arrow timestamps and dates (datetime objects in Python) as ISO 8601 text, which the date reader takes."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _export_header(metadata: dict[bytes, bytes] | None) -> dict[str, Any] | str | None:
    """The newsdesk export header of a file, ``None`` for a file newsdesk did not write, or why it cannot be read."""
    raw = (metadata or {}).get(METADATA_KEY)
    if raw is None:
        return None
    try:
        header = json.loads(raw)
    except ValueError:
        return f"its '{METADATA_KEY.decode()}' metadata is not JSON"
    if not isinstance(header, dict) or header.get("format") != "newsdesk":
        return None
    version = str(header.get("version", ""))
    if version.split(".")[0] != _READ_MAJOR:
        return f"newsdesk export version {version or '?'} is not readable by this newsdesk (reads {_READ_MAJOR}.x)"
    return header


def _parquet_keys(keys: FieldKeys) -> dict[str, tuple[str, ...]]:
    """The JSON record keys, with the export contract's column names after the defaults of fields not mapped."""
    return {field: (*found, *_CONTRACT_KEYS.get(field, ())) if found == DEFAULT_KEYS[field] else found
            for field, found in keys.items()}


def _wanted_columns(names: list[str], keys: FieldKeys, *, with_id: bool) -> list[str]:
    """The top-level columns the keys read (a dotted key reads into a struct column), so the rest is never loaded."""
    read = {key for found in keys.values() for key in found}
    wanted = read | {key.split(".")[0] for key in read} | ({"id", "analysis", *_PROVENANCE} if with_id else set())
    return [name for name in names if name in wanted]
