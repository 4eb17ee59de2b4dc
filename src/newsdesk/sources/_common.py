"""Helpers every source format shares: metadata normalisation, size limits and HTML detection.

Keeping them in one place makes the formats agree: a date from a feed, a news-please record and a web page all
become the same ISO 8601 string, and every size problem reads the same.
"""

from __future__ import annotations

import gzip
import io
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import IO, Any
from urllib.parse import urlsplit

from newsdesk.lang import normalise
from newsdesk.model import SourceProblem
from newsdesk.plaintext import plain_field

#: tags whose presence makes a string HTML rather than text that happens to contain "<"
_HTML_TAG = re.compile(
    r"<(?:p|div|br|span|a|b|i|em|strong|h[1-6]|ul|ol|li|article|section|html|body|head|table|img|figure|blockquote)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||\s+und\s+|\s+and\s+|\s+&\s+)\s*")
_LOOSE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?$")

MAX_INFLATION = 100
"""How many times its compressed size gzip data may inflate to. Text, HTML and JSON compress 3 to 20-fold, even
a file of one record repeated only 300-fold; beyond that lies padding or a decompression bomb (up to 1000-fold),
which would cost a thousand times the reading time of a real file of its size."""
INFLATION_ALLOWANCE = 10
"""Inflated bytes read whatever the ratio, in multiples of ``max_bytes``: a small repetitive file is no threat."""


def human_size(size: int) -> str:
    """``104_857_600`` → ``"104.9 MB"``, ``20_000_000`` → ``"20 MB"``: decimal units, as file managers show them."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            return f"{f'{size / factor:.1f}'.removesuffix('.0')} {unit}"
    return f"{size} bytes"


def oversize_reason(max_bytes: int, *, size: int | None = None, what: str = "file") -> str:
    """The one-sentence reason for input over ``max_bytes``; ``size`` is left out when unknown (streams)."""
    limit = f"the {human_size(max_bytes)} limit for one article; raise --max-bytes to accept it"
    if size is None:
        return f"{what} is over {limit}"
    return f"{what} is {human_size(size)}, over {limit}"


def read_limited(stream: IO[bytes], origin: str, max_bytes: int, *, what: str = "file") -> bytes | SourceProblem:
    """Read a whole stream of at most ``max_bytes``; longer input becomes a problem after reading one byte more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return SourceProblem(origin, oversize_reason(max_bytes, what=what))
    return data


class InflationError(Exception):
    """Compressed input that inflates like a decompression bomb; its message is the problem's reason."""


def check_inflation(compressed: int, inflated: int, max_bytes: int) -> None:
    """Raise ``InflationError`` once ``inflated`` bytes are past the allowance and ``MAX_INFLATION`` × ``compressed``.

    Memory is bounded anyway (every reader streams); this bounds time, by the size of the input on disk.
    """
    allowance = INFLATION_ALLOWANCE * max_bytes
    if inflated > allowance and inflated > MAX_INFLATION * compressed:
        raise InflationError(
            f"gzip data inflates over {MAX_INFLATION}-fold past {human_size(allowance)} ({INFLATION_ALLOWANCE} times "
            "--max-bytes): a likely decompression bomb, not read further; raise --max-bytes to accept it"
        )


def inflate(compressed: IO[bytes], max_bytes: int) -> IO[bytes]:
    """``compressed`` with gzip undone (several members in a row too), raising ``InflationError`` as it reads.

    Unbuffered: each read is one read of the gzip stream, so a reader that defers damage (``sources._Pushback``)
    receives every byte before it.
    """
    return _GuardedGzip(compressed, max_bytes)  # type: ignore[return-value]


class _GuardedGzip(io.RawIOBase):
    """A gzip stream that counts the bytes in and out, to ``check_inflation`` after every read."""

    def __init__(self, compressed: IO[bytes], max_bytes: int) -> None:
        self._compressed, self._max_bytes, self._inflated = _Counted(compressed), max_bytes, 0
        self._gzip = gzip.GzipFile(fileobj=self._compressed, mode="rb")  # type: ignore[arg-type]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = self._gzip.readinto1(buffer)
        self._inflated += size
        check_inflation(self._compressed.count, self._inflated, self._max_bytes)
        return size


class _Counted:
    """A readable stream that counts what was read from it (a pipe cannot ``tell``)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream, self.count = stream, 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.count += len(data)
        return data


def clean_str(value: Any) -> str | None:
    """A metadata value as a stripped one-line string, or ``None`` when empty or missing."""
    if value is None or isinstance(value, (dict, list, tuple)):
        return None
    text = _SPACE.sub(" ", str(value)).strip()
    return text or None


def strip_tags(text: str) -> str:
    """Plain text of a short HTML string (a title with ``<em>``), whitespace collapsed (``plaintext.plain_field``)."""
    return plain_field(text) or ""


def looks_like_html(text: str, *, at_start: bool = False) -> bool:
    """True when ``text`` contains HTML markup; ``at_start`` also requires it to begin with ``<``.

    Needed because JSON and feed records carry either plain text or HTML in the same field.
    """
    if at_start and not text.lstrip().startswith("<"):
        return False
    return _HTML_TAG.search(text) is not None


def split_authors(value: Any) -> tuple[str, ...]:
    """Author names from a list or a string such as ``"A; B"``, ``"A und B"`` or ``"A, B"`` (order kept, no repeats).

    A comma splits only when every part has at least two words, so a reversed ``"Muster, Clara"`` stays whole.
    """
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):  # schema.org / JSON Feed style {"name": ...}
            item = item.get("name")
        text = clean_str(item)
        if not text:
            continue
        for part in _AUTHOR_SPLIT.split(text):
            commas = [piece.strip() for piece in part.split(",") if piece.strip()]
            pieces = commas if len(commas) > 1 and all(" " in piece for piece in commas) else [part.strip()]
            names.extend(piece for piece in pieces if piece and piece not in names)
    return tuple(names)


def outlet_from_url(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, used as outlet name when a source names none."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


normalise_language = normalise
"""``"de-DE"`` / ``"de_AT"`` / ``"DE"`` → ``"de"``; not a language tag → ``None``: :func:`newsdesk.lang.normalise`
under the name the source readers import."""


def to_iso_date(value: Any) -> str | None:
    """A publication date in any common form → ISO 8601 (``2023-08-15`` or ``2023-08-15T10:12:00+02:00``).

    Accepts ISO 8601 (``Z`` becomes ``+00:00``), news-please's ``"2023-08-15 10:12:00"``, RFC 822 dates from RSS
    (``"Tue, 15 Aug 2023 10:12:00 +0200"``) and Unix timestamps. The time is kept when the source has one and no
    time is invented when it has none. Returns ``None`` for anything else, so a bad date never stops an article.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds, as JavaScript writes them
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=0).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = clean_str(value)
    if not text:
        return None
    loose = _LOOSE_DATE.match(text)
    if loose:
        day, clock, zone = loose.groups()
        zone = "+00:00" if zone == "Z" else zone or ""
        text = f"{day}T{clock}{zone}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if parsed is None:
            return None
    if ":" not in text and "T" not in text:  # a date without a time of day
        return parsed.date().isoformat()
    return parsed.isoformat()
