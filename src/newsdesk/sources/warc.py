"""WARC and WARC.gz web archives (as written by crawlers such as wget, Heritrix or Common Crawl).

Every ``response`` record with HTTP status 200 and an HTML content type becomes one HTML ``SourceDocument``
labelled ``path#N``, where N counts all records of the file from 1 (warcinfo and request records included), so
``warcio index`` finds the same record. Other records (requests, redirects, images, CSS) are skipped silently.
``resource`` records holding HTML (archives of saved pages, no HTTP headers) are read too. The URL comes from
``WARC-Target-URI`` and the outlet is its host; the publication date is left to extraction.

Records are streamed by warcio, one at a time, so archive size does not matter; a record over ``max_bytes`` is
reported and skipped. warcio ends silently on many kinds of truncation, so each record is checked to have its
full declared length and the iteration to have ended exactly at the end of the file; a broken archive yields all
records before the damage, then one problem "truncated or corrupt WARC after record N". A record cut short inside
a file that goes on (its own gzip member, as crawlers write them) is one problem ``path#N``, and reading goes on.

warcio reads header lines without a length limit, so the headers of one record (with the blank lines before it)
are limited to ``MAX_HEADER_BYTES``; past that, the record is a problem and the rest of the file is not read (its
records cannot be found without the headers). gzip data that inflates like a decompression bomb is refused as in
every other format (``_common.check_inflation``).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from functools import lru_cache
from typing import IO, Any

from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources._common import check_inflation, human_size, outlet_from_url, oversize_reason
from newsdesk.sources.text import document_from_bytes

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN = 1 << 16
MAX_HEADER_BYTES = 256_000
"""The WARC and HTTP headers of one record, with the blank lines before it; real ones take a few kB."""

Result = SourceDocument | SourceProblem


def is_warc(head: bytes) -> bool:
    """True when ``head`` (the first bytes, gzip already undone) starts a WARC or ARC file."""
    return head.startswith((b"WARC/", b"filedesc://"))


def iter_warc(stream: IO[bytes], origin: str, *, max_bytes: int) -> Iterator[Result]:
    """Stream the HTML pages of a WARC file (plain or gzip-compressed; warcio detects which).

    stream (IO[bytes]): The raw file, positioned at its start.
    origin (str): The path, to which ``#N`` is added per record.
    max_bytes (int): Largest accepted HTML payload.
    YIELDS (SourceDocument | SourceProblem): One item per HTML page, plus problems for oversize records and damage.
    """
    from warcio.exceptions import ArchiveLoadFailed

    head = _head(stream)
    if head is None or not is_warc(head):
        yield SourceProblem(origin, _not_warc_reason(head))
        return
    iterator = _checked_iterator_class()(stream, max_bytes=max_bytes, arc2warc=True)
    number = pages = problems = cut_short = 0
    try:
        for number, record in enumerate(iterator, 1):
            if cut_short:  # the file went on after a record cut short: that record alone is lost
                yield SourceProblem(f"{origin}#{cut_short}", "record ends before its declared length")
                problems, cut_short = problems + 1, 0
            if not _complete_header(record):
                yield _damaged(origin, number - 1, "a record header breaks off")
                return
            result = _read_record(record, f"{origin}#{number}", max_bytes)
            if _drain(record):  # a page cut short is not yielded: half an article is worse than none
                cut_short = number
                continue
            if result is not None:
                pages += isinstance(result, SourceDocument)
                problems += isinstance(result, SourceProblem)
                yield result
    except _HeadersTooLarge:
        limit = human_size(MAX_HEADER_BYTES)
        yield SourceProblem(f"{origin}#{number + 1}", f"record headers are over the {limit} limit; the rest of the "
                            "file is not read")
        return
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError, AttributeError, TypeError) as error:
        # warcio signals damaged input with a range of exception types (AttributeError on half a header line)
        LOGGER.debug("WARC %s broken after record %d", origin, number, exc_info=True)
        yield _damaged(origin, number, _describe(error))
        return
    if cut_short:
        yield _damaged(origin, cut_short - 1, "the record ends before its declared length")
        return
    consumed, total = iterator.offset, _tell(iterator.fh)
    if total is not None and consumed < total:
        yield _damaged(origin, number, f"{total - consumed} bytes after it are not a complete record")
        return
    if not iterator.gzip_complete:
        yield _damaged(origin, number, "the gzip data ends before its end marker")
        return
    if number == 0:
        yield SourceProblem(origin, "WARC file holds no records")
    elif pages == 0 and not problems:
        yield SourceProblem(origin, f"WARC file holds no HTML pages ({number} records, none an HTML response)")
    LOGGER.debug("WARC %s: %d records, %d HTML pages", origin, number, pages)


class _HeadersTooLarge(Exception):
    """A record's headers went on past ``MAX_HEADER_BYTES``."""


@lru_cache(maxsize=1)
def _checked_iterator_class() -> type:
    """warcio's ``ArchiveIterator``, noting whether the last gzip member was complete (warcio ignores a missing end),
    with its reader bounding header lines and inflation (``MAX_HEADER_BYTES``, ``check_inflation``).

    Built on first use so that importing newsdesk does not import warcio. The reader overrides warcio internals
    (``readline`` while headers are read, ``_process_read``) because warcio offers no limits of its own.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class GuardedReader(DecompressingBufferedReader):  # type: ignore[misc]
        header_budget: int | None = None  # what readline may still return while headers are read

        def __init__(self, stream: IO[bytes], *, max_bytes: int, **options: Any) -> None:
            super().__init__(stream, **options)
            self.max_bytes = max_bytes

        def readline(self, length: int | None = None) -> bytes:
            if self.header_budget is None:
                return super().readline(length)  # type: ignore[no-any-return]
            cap = self.header_budget + 1
            line: bytes = super().readline(cap if length is None else min(length, cap))
            self.header_budget -= len(line)
            if self.header_budget < 0:
                raise _HeadersTooLarge
            return line

        def _process_read(self, data: bytes) -> None:
            super()._process_read(data)
            check_inflation(self.stream.tell(), self.num_read, self.max_bytes)

    class CheckedArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        gzip_complete = True

        def __init__(self, stream: IO[bytes], *, max_bytes: int, **options: Any) -> None:
            super().__init__(stream, **options)
            self.reader = GuardedReader(self.fh, max_bytes=max_bytes, block_size=self.reader.block_size)

        def __iter__(self) -> Iterator[Any]:
            """Records, each read with its headers bounded (warcio reads them, and blank lines, by ``readline``)."""
            reader = self.reader
            while True:
                reader.header_budget = MAX_HEADER_BYTES
                try:
                    record = next(self.the_iter)
                except StopIteration:
                    return
                finally:
                    reader.header_budget = None
                yield record

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None) if self.reader else None
            if decompressor is not None and getattr(decompressor, "eof", True) is False:
                self.gzip_complete = False
            super().close()

    return CheckedArchiveIterator


def _read_record(record: Any, origin: str, max_bytes: int) -> Result | None:
    """The HTML page in one record, a problem for an oversize page, or ``None`` for records that hold no page."""
    http = record.http_headers
    if record.rec_type == "response":
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    media_type, _, params = content_type.partition(";")
    if media_type.strip().lower() not in _HTML_TYPES:
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return SourceProblem(origin, oversize_reason(max_bytes, what="record"))
    url = record.rec_headers.get_header("WARC-Target-URI")
    url = url.strip("<> ") if url else None
    return document_from_bytes(
        payload, origin, "html", http_charset=_charset(params), url=url, outlet=outlet_from_url(url), what="record"
    )


def _complete_header(record: Any) -> bool:
    """Every WARC record declares its Content-Length; a header cut off by truncation lacks it or has it empty."""
    declared = record.rec_headers.get_header("Content-Length")
    return record.length is not None and (declared is None or declared.strip().isdigit())


def _drain(record: Any) -> bool:
    """Read what is left of the record; True when the file ended before the record's declared length."""
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    return bool(getattr(raw, "limit", 0))


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _head(stream: IO[bytes]) -> bytes | None:
    """The first bytes of the archive, gzip undone, with the stream rewound; ``None`` when gzip is broken there."""
    if stream.seekable():
        start = stream.tell()
        raw = stream.read(512)
        stream.seek(start)
    else:
        raw = stream.peek(512)[:512]  # type: ignore[attr-defined]  # unseekable input comes buffered
    if not raw.startswith(b"\x1f\x8b"):
        return raw
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, 64)
    except zlib.error:
        return None


def _not_warc_reason(head: bytes | None) -> str:
    if head is None:
        return "not a WARC file (the gzip data is corrupt)"
    if not head:
        return "file is empty"
    return "not a WARC file (it does not start with a WARC/1.x record header)"


def _damaged(origin: str, number: int, detail: str) -> SourceProblem:
    return SourceProblem(origin, f"truncated or corrupt WARC after record {number}: {detail}")


def _describe(error: Exception) -> str:
    if isinstance(error, (AttributeError, TypeError)):
        return "a record header breaks off"
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _tell(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return None

