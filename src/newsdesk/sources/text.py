"""Plain text and HTML files: one file (or one standard input) is one article.

Both are read whole, but never more than ``max_bytes``: the caller checks the file size before opening it, and
``read_limited`` stops one byte past the limit for streams whose size is unknown (gzip, stdin). Decoding is shared
with every other format (``_decode.decode_bytes``): byte order mark, declared charset, UTF-8, cp1252 for Western
text, then charset-normalizer; mojibake is repaired and each such step is written to ``SourceDocument.notes``.

HTML is kept as HTML (``content_type="html"``); turning it into article text is ``newsdesk.extract``'s job, so
that the same extraction serves HTML files, WARC records and HTML in feeds or JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from newsdesk.model import ContentType, SourceDocument, SourceProblem
from newsdesk.sources._common import read_limited
from newsdesk.sources._decode import codec_name, decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

Result = SourceDocument | SourceProblem


def read_text(stream: IO[bytes], origin: str, *, max_bytes: int, what: str = "file") -> Iterator[Result]:
    """Read one plain text article from ``stream``.

    stream (IO[bytes]): The open file (or decompressed gzip, or stdin), read from its current position.
    origin (str): The path (or ``-``) that problems and the document are labelled with.
    max_bytes (int): Largest accepted input; longer input is a problem, not a truncated article.
    what (str): How a problem names the input: ``"file"`` or ``"input"`` (stdin).
    YIELDS (SourceDocument | SourceProblem): Exactly one item.
    """
    data = read_limited(stream, origin, max_bytes, what=what)
    yield data if isinstance(data, SourceProblem) else document_from_bytes(data, origin, "text", what=what)


def read_html(stream: IO[bytes], origin: str, *, max_bytes: int, what: str = "file") -> Iterator[Result]:
    """Read one HTML page from ``stream``, decoded by its ``<meta charset>`` or by guessing (see ``read_text``)."""
    data = read_limited(stream, origin, max_bytes, what=what)
    yield data if isinstance(data, SourceProblem) else document_from_bytes(data, origin, "html", what=what)


def document_from_bytes(
    data: bytes,
    origin: str,
    content_type: ContentType,
    *,
    http_charset: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    what: str = "file",
) -> Result:
    """Decode one article's bytes into a ``SourceDocument``, or say why they are not an article.

    content_type (ContentType): ``"html"`` also honours the page's ``<meta charset>`` declaration.
    http_charset (str | None): The charset of an HTTP ``Content-Type`` header (WARC records), trusted first.
    url, outlet (str | None): Metadata the container knew (WARC target URI and its host).
    """
    declared = [http_charset]
    if content_type == "html":
        declared.append(meta_charset(data))
    decoded = decode_bytes(data, declared)
    if isinstance(decoded, str):
        return SourceProblem(origin, decoded)
    if not decoded.text.strip():
        return SourceProblem(origin, f"{what} is empty")
    return SourceDocument(
        origin=origin, content=decoded.text, content_type=content_type, url=url, outlet=outlet, notes=decoded.notes
    )


def meta_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 8 kB (``<meta charset>`` or ``http-equiv``), if Python knows it.

    A declared UTF-16 is read as UTF-8, as browsers do: a page whose ASCII ``<meta>`` we could read is not UTF-16.
    """
    found = _META_CHARSET.search(data[:8192])
    if not found:
        return None
    codec = codec_name(found.group(1).decode("ascii", errors="replace"))
    if codec and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec
