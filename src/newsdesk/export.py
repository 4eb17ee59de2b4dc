"""The public JSON export: a documented, versioned contract (``docs/export-format.md``).

Two layouts carry the same objects. ``json`` is one document ``{"format": "newsdesk", "version": …,
"articles": [...]}``; ``jsonl`` is one object per line, each with a ``type`` key, the first line being the header.
Both are streamed, so exporting a large desk takes constant memory.

Versioning: ``EXPORT_VERSION`` is ``MAJOR.MINOR``. Adding keys or object types bumps MINOR (readers must ignore
what they do not know); renaming, removing or changing the meaning of a key bumps MAJOR.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import IO, Any, Literal

from newsdesk import __version__
from newsdesk.model import Article

EXPORT_FORMAT = "newsdesk"
EXPORT_VERSION = "1.0"


def export_header() -> dict[str, Any]:
    """The fields that open every export: format name, contract version, producer version and time."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generator": f"newsdesk {__version__}",
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def article_record(article: Article) -> dict[str, Any]:
    """One article in the export contract (see ``docs/export-format.md`` for every key)."""
    return article.to_dict()


def write_export(articles: Iterable[Article], out: IO[str], *, format: Literal["json", "jsonl"] = "json") -> int:
    """Stream ``articles`` to ``out`` in the given layout. RETURNS (int): the number of articles written."""
    if format not in ("json", "jsonl"):
        raise ValueError(f"unknown export format {format!r}; choose 'json' or 'jsonl'")
    header = export_header()
    count = 0
    if format == "jsonl":
        out.write(_dumps({"type": "header", **header}) + "\n")
        for article in articles:
            out.write(_dumps({"type": "article", **article_record(article)}) + "\n")
            count += 1
        return count
    out.write("{\n" + ",\n".join(f"  {_dumps(key)}: {_dumps(value)}" for key, value in header.items()))
    out.write(',\n  "articles": [')
    for article in articles:
        out.write(("\n    " if count == 0 else ",\n    ") + _dumps(article_record(article)))
        count += 1
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
