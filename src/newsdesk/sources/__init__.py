"""The sources stage: files, folders, globs and standard input → a stream of ``SourceDocument`` / ``SourceProblem``.

One entry point, :func:`iter_sources`, reads every supported format:

=============  ==============================  ==================================================================
format         extensions                      one article is
=============  ==============================  ==================================================================
plain text     ``.txt`` ``.text``              the file (``sources.text``)
HTML           ``.html`` ``.htm`` ``.xhtml``   the page, kept as HTML for ``newsdesk.extract`` (``sources.text``)
JSON Lines     ``.jsonl`` ``.ndjson``          one line, news-please layout or ``field_map`` (``sources.jsonrecords``)
JSON           ``.json``                       the object, or each object of a list (``sources.jsonrecords``)
Parquet        ``.parquet``                    one row, export or news-please columns (``sources.parquet``)
WARC           ``.warc`` ``.warc.gz``          each HTML response with status 200 (``sources.warc``)
RSS / Atom     ``.rss`` ``.atom`` ``.xml``     each item or entry (``sources.feeds``)
=============  ==============================  ==================================================================

Text, HTML, JSON and JSON Lines may also be gzipped (``.txt.gz``, ``.jsonl.gz``, …). Which paths are read, in
which order, is described in ``sources._paths``. Standard input (``-``) is sniffed: JSON Lines, JSON, HTML, a
feed, a WARC, or else plain text.

The stream never raises for bad input: each file, line or record that cannot be an article becomes a
``SourceProblem`` whose origin names it (``a.jsonl:17``, ``crawl.warc.gz#3``) and the stream goes on. Memory is
constant: JSON Lines, JSON lists, WARC and feeds are read record by record, and a single article over
``max_bytes`` is reported without being read whole.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO

from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources._common import InflationError, inflate, looks_like_html, oversize_reason
from newsdesk.sources._decode import sniff_binary
from newsdesk.sources._paths import Entry, Kind, expand_paths
from newsdesk.sources.feeds import is_feed, iter_feed
from newsdesk.sources.jsonrecords import (
    FieldKeys,
    iter_json,
    iter_jsonl,
    resolve_field_keys,
)
from newsdesk.sources.parquet import iter_parquet
from newsdesk.sources.text import read_html, read_text
from newsdesk.sources.warc import is_warc, iter_warc

__all__ = ["iter_entries", "iter_sources"]

LOGGER = logging.getLogger(__name__)

Result = SourceDocument | SourceProblem
_HEAD = 64 * 1024
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"


def iter_sources(
    paths: Sequence[str],
    *,
    field_map: Mapping[str, str] | None = None,
    max_bytes: int = 20_000_000,
    stdin: IO[str] | IO[bytes] | None = None,
) -> Iterator[Result]:
    """Read articles from files, folders, glob patterns and ``-`` (standard input), in a deterministic order.

    paths (Sequence[str]): What to read (see ``newsdesk.sources._paths`` for the rules).
    field_map (Mapping[str, str] | None): For JSON input in another layout: newsdesk field (title, text,
        published, authors, url, outlet, language) → record key, dotted for nested keys (``"body.content"``).
    max_bytes (int): Largest single article (a text or HTML file, a JSON record, a WARC payload, a feed item).
    stdin (IO[str] | IO[bytes] | None): What ``-`` reads; defaults to ``sys.stdin``. Binary is preferred, so that
        the encoding can be detected like a file's.
    RETURNS (Iterator[SourceDocument | SourceProblem]): The stream, lazily read.
    RAISES (ValueError): At call time, for an unknown field in ``field_map`` or a ``max_bytes`` below 1: those are
        configuration mistakes, while everything about the input itself is reported in the stream.
    """
    keys = resolve_field_keys(field_map)
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
    return _iterate(expand_paths(list(paths)), keys, max_bytes, stdin)


def iter_entries(entries: Iterable[Entry], *, field_map: Mapping[str, str] | None = None,
                 max_bytes: int = 20_000_000) -> Iterator[Result]:
    """Read files that ``expand_paths`` listed: the stream ``iter_sources`` gives for the paths they were listed
    from. For readers on other machines (``newsdesk prepare`` lists the files once and reads each in its own task),
    so that a file found in a folder is read as a folder walk reads it (``Entry.explicit``)."""
    return _iterate(iter(entries), resolve_field_keys(field_map), max_bytes, None)


def _iterate(entries: Iterator[Entry | SourceProblem], keys: FieldKeys, max_bytes: int,
             stdin: IO[str] | IO[bytes] | None) -> Iterator[Result]:
    stdin_read = False
    for entry in entries:
        if isinstance(entry, SourceProblem):
            yield entry
            continue
        try:
            if entry.kind == "stdin":
                if stdin_read:
                    yield SourceProblem("-", "standard input was already read earlier in this run")
                    continue
                stdin_read = True
                yield from _read_stdin(stdin, keys, max_bytes)
            else:
                yield from _read_file(entry, keys, max_bytes)
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            yield SourceProblem(entry.origin, f"corrupt or truncated gzip data: {error}")
        except InflationError as error:
            yield SourceProblem(entry.origin, str(error))
        except OSError as error:
            yield SourceProblem(entry.origin, f"cannot read: {_os_reason(error)}")
        except Exception as error:
            LOGGER.warning("unexpected error reading %s", entry.origin, exc_info=True)
            yield SourceProblem(entry.origin, f"could not be read ({type(error).__name__}: {error})")


def _read_file(entry: Entry, keys: FieldKeys, max_bytes: int) -> Iterator[Result]:
    path, origin = entry.path, entry.origin
    if entry.kind == "parquet":  # read by row group from the file itself, which Parquet needs to seek in
        if entry.gz:
            yield SourceProblem(origin, "gzipped Parquet cannot be read; unpack it (Parquet compresses inside)")
        else:
            yield from iter_parquet(path, origin, keys=keys, max_bytes=max_bytes, explicit=entry.explicit)
        return
    if entry.kind in ("text", "html") and not entry.gz:
        size = os.path.getsize(path)
        if size > max_bytes:  # refuse before reading: a 1 GB "article" is a mistake, not an article
            yield SourceProblem(origin, oversize_reason(max_bytes, size=size))
            return
    with open(path, "rb") as raw:
        stream: IO[bytes] = raw
        if entry.gz:  # read through _Pushback, which keeps the records before damaged gzip data
            stream = io.BufferedReader(_Pushback(inflate(raw, max_bytes)), buffer_size=_HEAD)
        kind: Kind | str = entry.kind
        if kind in ("sniff", "xml"):
            head, stream = _peek(stream)
            if kind == "xml":
                if not is_feed(head) and not entry.explicit:
                    LOGGER.debug("skipping %s: XML but not an RSS or Atom feed", origin)
                    return
                kind = "feed"
            else:
                kind = _sniff(head)
                if kind == "gzip":  # an unknown name that turns out gzipped: look inside
                    head, stream = _peek(inflate(stream, max_bytes))
                    kind = _sniff(head)
        yield from _read_kind(kind, stream, origin, keys, max_bytes, what="file")
        yield from _unreported_damage(stream, origin)


def _read_stdin(stdin: IO[str] | IO[bytes] | None, keys: FieldKeys, max_bytes: int) -> Iterator[Result]:
    """Standard input, sniffed: it has no name to tell its format, and a pipe can be read only once."""
    import sys

    stream = _binary(stdin if stdin is not None else sys.stdin)
    head, stream = _peek(stream)
    kind = _sniff(head)
    if kind == "gzip":
        head, stream = _peek(inflate(stream, max_bytes))
        kind = _sniff(head)
    if kind == "sniff-empty":
        yield SourceProblem("-", "standard input is empty")
        return
    yield from _read_kind(kind, stream, "-", keys, max_bytes, what="standard input")
    yield from _unreported_damage(stream, "-")


def _unreported_damage(stream: IO[bytes], origin: str) -> Iterator[SourceProblem]:
    """A problem for gzip damage that a reader never saw, because it stopped at the end of the data before it."""
    raw = getattr(stream, "raw", None)
    if isinstance(raw, _Pushback) and raw.error is not None:
        yield SourceProblem(origin, f"corrupt or truncated gzip data: {raw.error}")


def _read_kind(
    kind: str, stream: IO[bytes], origin: str, keys: FieldKeys, max_bytes: int, what: str
) -> Iterator[Result]:
    readers: dict[str, Callable[[], Iterator[Result]]] = {
        "text": lambda: read_text(stream, origin, max_bytes=max_bytes, what=what),
        "html": lambda: read_html(stream, origin, max_bytes=max_bytes, what=what),
        "json": lambda: iter_json(stream, origin, keys=keys, max_bytes=max_bytes),
        "jsonl": lambda: iter_jsonl(stream, origin, keys=keys, max_bytes=max_bytes),
        "warc": lambda: iter_warc(stream, origin, max_bytes=max_bytes),
        "feed": lambda: iter_feed(stream, origin, max_bytes=max_bytes),
    }
    if kind in readers:
        yield from readers[kind]()
    elif kind == "sniff-empty":
        yield SourceProblem(origin, f"{what} is empty")
    else:  # a binary format recognised from its first bytes
        yield SourceProblem(origin, f"binary file, not text (looks like {kind})")


def _sniff(head: bytes) -> str:
    """The format of input with no telling name, from its first bytes: a reader kind, or a binary format's name."""
    if not head.strip(_BOM_AND_SPACE):
        return "sniff-empty"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    binary = sniff_binary(head)
    if binary:
        return binary
    if is_warc(head):
        return "warc"
    text = head.lstrip(_BOM_AND_SPACE)
    lowered = text[:2048].lower()
    if lowered.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")) and is_feed(text):
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        text.startswith(b"<") and looks_like_html(text[:4096].decode("utf-8", "replace"))
    ):
        return "html"
    if text.startswith((b"{", b"[")):
        first_line, newline, rest = text.partition(b"\n")
        return "jsonl" if newline and rest.strip() and _is_json_object(first_line) else "json"
    return "text"


def _is_json_object(line: bytes) -> bool:
    import json

    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False


def _peek(stream: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The first bytes of ``stream`` and a stream that still starts with them (works on pipes, unlike seek)."""
    raw = _Pushback(stream)
    chunks: list[bytes] = []
    size = 0
    while size < _HEAD:
        chunk = raw.read(_HEAD - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    head = b"".join(chunks)
    raw.unread(head)
    return head, io.BufferedReader(raw, buffer_size=_HEAD)


class _Pushback(io.RawIOBase):
    """A raw stream over ``stream`` that can put bytes back, and that reports damaged gzip data without losing data.

    ``io.BufferedReader.read(n)`` drops the bytes it gathered when a later raw read in the same call raises, so
    the ``EOFError`` of gzip data cut short would also hide everything before the cut. Here the error is turned into
    an end of data first and raised on the next read, after the reader has received every byte before the damage.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream, self._pending = stream, memoryview(b"")
        self._read = getattr(stream, "read1", stream.read)  # one underlying read per call, never gathering
        self._error: Exception | None = None
        self._end_reported = False

    @property
    def error(self) -> Exception | None:
        """The damage met in the underlying stream and not yet raised to the reader."""
        return self._error

    def readable(self) -> bool:
        return True

    def unread(self, data: bytes) -> None:
        self._pending = memoryview(data + bytes(self._pending))
        self._end_reported = False

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pending:
            size = min(len(buffer), len(self._pending))
            buffer[:size] = self._pending[:size]
            self._pending = self._pending[size:]
            return size
        if self._error is not None:
            if not self._end_reported:
                self._end_reported = True
                return 0
            error, self._error = self._error, None
            raise error
        try:
            data = self._read(len(buffer))
        except (EOFError, zlib.error) as error:
            self._error, self._end_reported = error, True
            return 0
        buffer[: len(data)] = data
        return len(data)


class _TextAsBytes(io.RawIOBase):
    """A text stream (e.g. ``io.StringIO`` in tests) presented as UTF-8 bytes, so one code path reads both."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream, self._pending = stream, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._stream.read(8192)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8", "surrogateescape")
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size


def _binary(stream: IO[str] | IO[bytes]) -> IO[bytes]:
    if isinstance(stream.read(0), bytes):
        return stream  # type: ignore[return-value]
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return io.BufferedReader(_TextAsBytes(stream))  # type: ignore[arg-type]


def _os_reason(error: OSError) -> str:
    """``PermissionError(13, 'Permission denied')`` → ``"permission denied"``: the message without the path."""
    return error.strerror.lower() if error.strerror else str(error)
