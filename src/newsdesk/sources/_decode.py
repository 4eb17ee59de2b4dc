"""Bytes → text for every source: encoding detection, binary sniffing and mojibake repair.

Real article collections mix encodings: UTF-8 (with or without a byte order mark), UTF-16 exported from Windows
tools, cp1252 from old CMS exports, and UTF-8 that was once decoded as cp1252 and saved again ("GrÃ¼ÃŸe"). One
decoder for all formats keeps their behaviour identical and their notes (``SourceDocument.notes``) comparable.

The order of trust is: a byte order mark, then encodings the input declares (HTTP header, ``<meta charset>``), then
strict UTF-8, then cp1252 when the result reads as Western European text, then charset-normalizer's best guess.
cp1252 is preferred over charset-normalizer for Western text because on short German text the detector often
picks a Central European code page (cp1250) that turns "–" and "€" into the wrong characters.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ftfy
from ftfy.badness import is_bad

LOGGER = logging.getLogger(__name__)

#: (byte order mark, codec); UTF-32 first because its little-endian mark starts with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: leading bytes of common non-text files → what to call them in a problem report
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows program"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
)

#: characters that Western European text decoded as cp1252 plausibly contains outside ASCII
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŽžŸ"
    "–—„“”‘’‚«»‹›…•·°§€£¥©®™¢²\u00a0"
)
#: Control characters (Unicode category Cc) other than the whitespace ones (\t \n \v \f \r) a text may hold.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: a UTF-8 lead byte followed by a continuation byte, both read as cp1252 or latin-1 ("Ã¼", "â€"): the trace every
#: UTF-8 mojibake leaves. A cheap pre-filter, because ftfy's own test costs ~0.3 ms per article.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
    "\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with what decoding had to do.

    text (str): The text, newlines normalised to ``\\n``.
    encoding (str): The codec used, e.g. ``utf-8`` or ``cp1252``.
    notes (tuple[str, ...]): Human-readable notes for ``SourceDocument.notes`` ("decoded as cp1252").
    """

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def sniff_binary(head: bytes) -> str | None:
    """Name the kind of binary file ``head`` starts, or ``None`` when it is not a known binary format.

    Only the first bytes are needed, so a caller can reject a 1 GB video without reading it.
    """
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        return "an MP4 or QuickTime video"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[head[8:12]]
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text ("binary file, not text (looks like a PNG image)"), or ``None`` when it may be."""
    name = sniff_binary(data[:64])
    if name:
        return f"binary file, not text (looks like {name})"
    if _bom_codec(data) is None and b"\x00" in data[:8192] and not _looks_like_bomless_utf16(data[:8192]):
        return "binary file, not text (contains NUL bytes)"
    return None


def decode_bytes(data: bytes, declared: Iterable[str | None] = ()) -> Decoded | str:
    """Decode ``data`` as text, or return the reason (a sentence) why it is not text.

    data (bytes): The raw input.
    declared (Iterable[str | None]): Encodings the input names for itself, most trusted first (HTTP header,
        ``<meta charset>``); each is tried strictly after the byte order mark and before any guessing.
    RETURNS (Decoded | str): The decoded text with notes, or the reason as a one-sentence string.
    """
    reason = binary_reason(data)
    if reason:
        return reason
    text, encoding = _decode(data, declared)
    if _mostly_control(text):
        return "binary file, not text (mostly control characters)"
    notes: list[str] = []
    if encoding != "utf-8":
        notes.append(f"decoded as {encoding}")
    text, repaired = repair_mojibake(text)
    if repaired:
        notes.append("repaired mojibake")
    return Decoded(normalise_newlines(text), encoding, tuple(notes))


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 that was decoded as cp1252/latin-1 ("GrÃ¼ÃŸe" → "Grüße"); return the text and whether it changed.

    Only ftfy's encoding fixes are applied (not its quote straightening, which would destroy German „quotes“), and
    only when ftfy's badness test finds mojibake, and that only after a cheaper test for its trace (clean text costs
    one fast regular-expression search).
    """
    if not _MOJIBAKE_HINT.search(text) or not is_bad(text):
        return text, False
    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def normalise_newlines(text: str) -> str:
    """``\\r\\n``, ``\\r`` and Unicode line/paragraph separators → ``\\n`` so later stages split lines one way."""
    return _NEWLINES.sub("\n", text)


def codec_name(label: str | None) -> str | None:
    """The Python codec for an encoding label from HTTP or HTML, or ``None`` when Python does not know it.

    Labels for ISO-8859-1 and ASCII map to cp1252, as browsers do (WHATWG Encoding Standard): pages that say
    latin-1 routinely contain cp1252 quotes and dashes.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _bom_codec(data: bytes) -> tuple[bytes, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return bom, codec
    return None


def _decode(data: bytes, declared: Iterable[str | None]) -> tuple[str, str]:
    bom = _bom_codec(data)
    if bom:
        marker, codec = bom
        return data[len(marker) :].decode(codec, errors="replace"), codec.removesuffix("-le").removesuffix("-be")
    for label in declared:
        declared_codec = codec_name(label)
        if declared_codec:
            try:
                return data.decode(declared_codec), declared_codec
            except UnicodeDecodeError:
                LOGGER.debug("declared encoding %s does not fit the bytes; guessing", declared_codec)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_like_bomless_utf16(data[:8192]):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return data.decode(codec, errors="replace"), "utf-16"
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _reads_as_western(western[:65536]):
        return western, "cp1252"
    return _guess(data, western)


def _guess(data: bytes, western: str | None) -> tuple[str, str]:
    from charset_normalizer import (
        from_bytes,  # imported here: slow to import and rarely needed
    )

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    if western is not None:
        return western, "cp1252"
    return data.decode("latin-1"), "latin-1"


def _reads_as_western(text: str) -> bool:
    """True when ``text`` (cp1252-decoded) looks like Western European prose, not a misread Cyrillic or Polish text.

    Western prose is mostly ASCII letters with a few accented ones; text in another single-byte code page decoded as
    cp1252 is either mostly non-ASCII (Cyrillic, Greek) or full of rare symbols such as "¹", "³", "¿".
    """
    letters = non_ascii_letters = odd = 0
    for char in text:
        if char.isalpha():
            letters += 1
            if ord(char) > 127:
                non_ascii_letters += 1
        if ord(char) > 127 and char not in _WESTERN:
            odd += 1
    non_ascii = sum(1 for char in text if ord(char) > 127)
    if non_ascii == 0:
        return True
    return non_ascii_letters <= 0.3 * max(letters, 1) and odd <= 0.05 * non_ascii


def _looks_like_bomless_utf16(head: bytes) -> bool:
    """UTF-16 text without a byte order mark has a NUL in every other byte (for Latin script)."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return odd.count(0) > 0.4 * len(odd) and even.count(0) == 0 or even.count(0) > 0.4 * len(even) and odd.count(0) == 0


def _mostly_control(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) > 0.05 * len(sample)
