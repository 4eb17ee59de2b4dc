"""JSON and JSON Lines records in news-please's layout, or in any layout through a field map.

A ``.jsonl`` / ``.ndjson`` file (optionally gzipped) holds one record per line; a ``.json`` file holds one record,
a list of records, or several records one after another. Both are streamed, so a 1 GB file needs no more memory
than its largest record; a record over ``max_bytes`` is reported and skipped.

Default keys (news-please's field names), per newsdesk field:

===========  ====================================================================================================
title        ``title``
text         ``maintext``, else ``text``, else ``description`` (a teaser, used as last resort and noted)
published    ``date_publish`` only: news-please's ``date_modify`` and ``date_download`` say when a page changed or
             was crawled, not when it was published, and a wrong date is worse than none for story timelines
authors      ``authors``: a list of names, or one string such as ``"A; B"``
url          ``url``
outlet       ``source_domain``, else the host of ``url``
language     ``language`` (``"de-DE"`` → ``"de"``)
===========  ====================================================================================================

``field_map`` maps a newsdesk field name (the left column) to the record key that holds it, for records in
another layout. A key may be a dotted path into nested objects and lists: ``{"text": "body.content",
"published": "meta.date", "authors": "byline.0.name"}``. A key that literally contains dots is matched first.
A mapped field reads only its mapped key (no fallbacks). Text that starts with ``<`` and contains HTML tags is
passed on as HTML (``content_type="html"``) for extraction. Dates become ISO 8601 (``"2023-08-15 10:12:00"`` →
``"2023-08-15T10:12:00"``); a date that cannot be read is dropped with a note, never fatal.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from typing import IO, Any

from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources._common import (
    clean_str,
    looks_like_html,
    normalise_language,
    outlet_from_url,
    oversize_reason,
    split_authors,
    to_iso_date,
)
from newsdesk.sources._decode import decode_bytes, repair_mojibake

LOGGER = logging.getLogger(__name__)

FIELDS = ("title", "text", "published", "authors", "url", "outlet", "language")
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "text": ("maintext", "text", "description"),
    "published": ("date_publish",),
    "authors": ("authors",),
    "url": ("url",),
    "outlet": ("source_domain",),
    "language": ("language",),
}
FieldKeys = Mapping[str, tuple[str, ...]]
Result = SourceDocument | SourceProblem
_CHUNK = 1 << 20
_TOO_DEEP = "JSON nested too deeply"
#: JSON whitespace, skipped in one step: a file of a billion spaces must not cost a billion Python steps
_SPACE = re.compile(r"[ \t\r\n]*")
#: what decides the nesting of a JSON value: complete strings (brackets in them do not count), brackets, and a
#: string's opening quote when the string goes on in the next chunk
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}"]')


def resolve_field_keys(field_map: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The keys to read per field: the defaults, with ``field_map`` entries replacing theirs.

    RAISES (ValueError): For a field name that is not one of ``FIELDS`` or an empty key, because that is a mistake
        in the caller's configuration, not bad input.
    """
    keys = dict(DEFAULT_KEYS)
    for field, key in (field_map or {}).items():
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r} in field map; use one of {', '.join(FIELDS)}")
        if not key or not key.strip():
            raise ValueError(f"empty key for field {field!r} in field map")
        keys[field] = (key.strip(),)
    return keys


def lookup(record: Any, path: str) -> Any:
    """The value at ``path`` in ``record``: a plain key, or a dotted path through objects and list indexes."""
    if isinstance(record, Mapping) and path in record:
        return record[path]
    value = record
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        else:
            return None
        if value is None:
            return None
    return value


def record_to_document(record: Any, origin: str, keys: FieldKeys, *, notes: tuple[str, ...] = ()) -> Result:
    """One decoded JSON record → a ``SourceDocument``, or a problem naming the record when it holds no article."""
    if not isinstance(record, Mapping):
        return SourceProblem(origin, f"record is a JSON {_json_type(record)}, not an object")
    text, text_key = None, None
    for key in keys["text"]:
        value = lookup(record, key)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = "\n\n".join(value)  # paragraphs as a list
        if isinstance(value, str) and value.strip():
            text, text_key = value, key
            break
    if text is None:
        looked = " or ".join(f"'{key}'" for key in keys["text"])
        return SourceProblem(origin, f"record has no article text (no {looked} field with text)")
    found_notes = list(notes)
    if text_key == "description" and keys["text"] == DEFAULT_KEYS["text"]:
        found_notes.append("text from description (no maintext)")
    text, repaired = repair_mojibake(text)
    if repaired:
        found_notes.append("repaired mojibake")
    raw_date = _first(record, keys["published"])
    published = to_iso_date(raw_date)
    if raw_date not in (None, "") and published is None:
        found_notes.append(f"ignored unreadable date {str(raw_date)[:40]!r}")
    url = clean_str(_first(record, keys["url"]))
    title = clean_str(_first(record, keys["title"]))
    return SourceDocument(
        origin=origin,
        content=text.replace("\r\n", "\n").replace("\r", "\n"),
        content_type="html" if looks_like_html(text, at_start=True) else "text",
        title=repair_mojibake(title)[0] if title else None,
        authors=split_authors(_first(record, keys["authors"])),
        published=published,
        url=url,
        outlet=clean_str(_first(record, keys["outlet"])) or outlet_from_url(url),
        language=normalise_language(_first(record, keys["language"])),
        notes=tuple(found_notes),
    )


def iter_jsonl(stream: IO[bytes], origin: str, *, keys: FieldKeys, max_bytes: int) -> Iterator[Result]:
    """Stream JSON Lines records; each becomes a document or a problem labelled ``origin:LINE``.

    Lines are read with a length cap, so one runaway line costs at most ``max_bytes`` of memory. Blank lines are
    skipped. A line that is not UTF-8 is decoded like a text file (cp1252 …) and the record notes it.
    """
    number = records = 0
    while True:
        number += _skip_blank_lines(stream)
        line = stream.readline(max_bytes + 1)
        if not line:
            if records == 0:
                yield SourceProblem(origin, "file is empty" if origin != "-" else "standard input is empty")
            return
        number += 1
        where = f"{origin}:{number}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            yield SourceProblem(where, oversize_reason(max_bytes, what="record"))
            continue
        if not line.endswith(b"\n"):
            stream.read(1)  # at the end: raises first the gzip damage that cut this line off (see sources._Pushback)
        if not line.strip():
            continue
        records += 1
        parsed = _parse_line(line)
        if isinstance(parsed, str):
            yield SourceProblem(where, parsed)
        else:
            yield record_to_document(parsed[0], where, keys, notes=parsed[1])


def _parse_line(line: bytes) -> tuple[Any, tuple[str, ...]] | str:
    """One JSON Lines record with the notes its decoding needed, or the reason the line holds none."""
    try:
        return json.loads(line), ()
    except (json.JSONDecodeError, RecursionError) as error:
        return _line_error(error)
    except UnicodeDecodeError:  # not UTF-8: decoded like a text file (cp1252 …) below
        pass
    decoded = decode_bytes(line)
    if isinstance(decoded, str):
        return f"line is not JSON text: {decoded}"
    try:
        return json.loads(decoded.text), decoded.notes
    except (json.JSONDecodeError, RecursionError) as error:
        return _line_error(error)


def _line_error(error: json.JSONDecodeError | RecursionError) -> str:
    if isinstance(error, RecursionError):  # json decodes recursively: 100,000 brackets exhaust the stack
        return _TOO_DEEP
    return _invalid(error, with_line=False)


def iter_json(stream: IO[bytes], origin: str, *, keys: FieldKeys, max_bytes: int) -> Iterator[Result]:
    """Stream a ``.json`` file: one record (labelled ``origin``), or a list or sequence of them (``origin#N``)."""
    reader = _JsonValues(stream, max_bytes)
    for number, value in enumerate(reader, 1):
        if isinstance(value, SourceProblem):  # a record nested too deeply, or damage that ends the file
            yield SourceProblem(f"{origin}#{number}" if number > 1 or reader.in_array else origin, value.reason)
            continue
        single = number == 1 and not reader.in_array and reader.at_end
        yield record_to_document(value, origin if single else f"{origin}#{number}", keys)
    if reader.count == 0 and reader.error is None:
        yield SourceProblem(origin, "file is empty" if not reader.in_array else "file holds an empty JSON list")


class _JsonValues:
    """Iterate the values of a JSON document that is one value, a list of values, or values one after another.

    Reads 1 MB chunks and decodes each value with ``json.JSONDecoder.raw_decode`` as soon as it is complete, so
    memory stays bounded by the largest value. After iteration, ``in_array`` tells whether the top level was a list
    and ``at_end`` whether nothing but whitespace followed the last value.
    """

    def __init__(self, stream: IO[bytes], max_bytes: int) -> None:
        import codecs

        self._decode = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self._stream, self._max_chars = stream, max_bytes
        self._buffer, self._pos, self._eof, self._lines_before = "", 0, False, 0
        self._decoder = json.JSONDecoder()
        self.in_array = self.at_end = False
        self.count = 0
        self.error: str | None = None

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._values()
        except UnicodeDecodeError as error:
            self.error = f"file is not UTF-8 encoded JSON ({error.reason} at byte {error.start})"
            yield SourceProblem("", self.error)

    def _values(self) -> Iterator[Any]:
        first = self._peek()
        if first == "[":
            self.in_array, self._pos = True, self._pos + 1
        while True:
            char = self._peek()
            if self.in_array and char == "":
                self._fail("unexpected end of file inside the list")
                yield self._problem(self.error or "")
                return
            if char == "" or (self.in_array and char == "]" and self.count == 0):
                break
            try:
                value = self._decode_value()
            except RecursionError:  # json decodes recursively: step over the value, a problem of its own
                if not self._skip_nested():
                    yield self._problem(_TOO_DEEP)
                    return
                value = SourceProblem("", _TOO_DEEP)
            else:
                if isinstance(value, SourceProblem):
                    yield value
                    return
            self.count += 1
            after = self._peek()
            if self.in_array:
                if after == ",":
                    self._pos += 1
                elif after == "]":
                    self._pos += 1
                    yield value  # before looking further, which may meet damaged gzip data
                    self.at_end = self._peek() == ""
                    if not self.at_end:
                        yield self._problem("extra data after the closing ']'")
                    return
                else:
                    self._fail("Expecting ',' delimiter" if after else "unexpected end of file inside the list")
                    yield value
                    yield self._problem(self.error or "")
                    return
            self.at_end = after == ""
            yield value

    def _decode_value(self) -> Any:
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                if not self._eof and self._fill():
                    continue
                if len(self._buffer) - self._pos > self._max_chars:
                    return self._problem(oversize_reason(self._max_chars, what="record"))
                return self._problem(_invalid(error, line_offset=self._lines_before))
            if end == len(self._buffer) and not self._eof and self._fill():
                continue  # a number or literal may go on in the next chunk
            self._pos = end
            return value

    def _skip_nested(self) -> bool:
        """Step over the array or object at the read position without decoding it; False when the input ends first."""
        depth = 0
        while True:
            for token in _NESTING.finditer(self._buffer, self._pos):
                if token.group() == '"':  # a string that goes on in the next chunk: read on from its start
                    self._pos = token.start()
                    break
                depth += 1 if token.group() in "[{" else -1 if token.group() in "]}" else 0
                if depth == 0:
                    self._pos = token.end()
                    return True
            else:
                self._pos = len(self._buffer)
            if not self._fill():
                return False

    def _peek(self) -> str:
        """The next non-whitespace character (filling the buffer as needed), or ``""`` at the end of the input."""
        while True:
            self._pos = _SPACE.match(self._buffer, self._pos).end()  # type: ignore[union-attr]  # always matches
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if self._eof or not self._fill():
                return ""

    def _fill(self) -> bool:
        """Append the next chunk, dropping what was consumed; False at end of input or when a value is too big."""
        if len(self._buffer) - self._pos > self._max_chars:
            return False
        chunk = self._stream.read(_CHUNK)
        self._lines_before += self._buffer.count("\n", 0, self._pos)
        text = self._decode.decode(chunk, final=not chunk)
        self._buffer, self._pos = self._buffer[self._pos :] + text, 0
        if not chunk:
            self._eof = True
        return bool(chunk)

    def _fail(self, message: str) -> None:
        line = self._lines_before + self._buffer.count("\n", 0, self._pos) + 1
        self.error = f"invalid JSON: {message} at line {line}"

    def _problem(self, reason: str) -> SourceProblem:
        self.error = reason
        return SourceProblem("", reason)


def _invalid(error: json.JSONDecodeError, *, with_line: bool = True, line_offset: int = 0) -> str:
    if not with_line:
        return f"invalid JSON: {error.msg} at column {error.colno}"
    return f"invalid JSON: {error.msg} at line {error.lineno + line_offset} column {error.colno}"


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = lookup(record, key)
        if value not in (None, "", []):
            return value
    return None


def _skip_blank_lines(stream: IO[bytes]) -> int:
    """Consume the whitespace before the next record in bulk and return how many line ends it held.

    Reading a million blank lines one ``readline`` at a time costs seconds, and a gzip file of them is tiny.
    """
    peek = getattr(stream, "peek", None)
    lines = 0
    while peek is not None:
        ahead = peek(_CHUNK)
        rest = ahead.lstrip()
        if len(rest) < len(ahead):
            lines += ahead.count(b"\n", 0, len(ahead) - len(rest))
            stream.read(len(ahead) - len(rest))
        if rest or not ahead:
            break
    return lines


def _skip_line(stream: IO[bytes]) -> None:
    while True:
        rest = stream.readline(_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return


def _json_type(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), "null")
