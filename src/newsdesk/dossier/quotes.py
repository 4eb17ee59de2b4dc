"""Who said what: quotes and reported speech grouped by speaker, each with every article that carries it.

A partial quote inside a longer quote of the same article is part of it, not a second statement. The same words
quoted by several articles (compared without case, punctuation and quotation marks) are one quote with all their
sources.
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.dossier.model import Citation, QuoteReport, Speaker
from newsdesk.dossier.reading import Report

_NOT_WORD = re.compile(r"\W+")


def build_speakers(reports: list[Report], names: dict[str, str]) -> list[Speaker]:
    """Speakers, the most quoted first; a speaker without an entity is keyed by the words naming them."""
    quotes: dict[tuple[str | None, str], dict[str, tuple[dict[str, Any], list[Citation]]]] = {}
    for report in sorted(reports, key=lambda r: r.order):
        if report.copy_of:
            continue
        found = report.analysis.get("quotes") or []
        for quote in found:
            if _inside_another(quote, found):
                continue
            speaker_id = quote.get("speaker_id")
            name = names.get(speaker_id or "", quote.get("speaker") or "(unattributed)")
            key = (speaker_id, name if speaker_id is None else "")
            same = quotes.setdefault(key, {}).setdefault(_normal(quote["text"]), (quote, []))
            citation = report.cite(quote.get("sentence"))
            if citation not in same[1]:
                same[1].append(citation)
    speakers = []
    for (speaker_id, name), said in quotes.items():
        reports_ = tuple(QuoteReport(q["text"], q["type"], q.get("cue"), tuple(q.get("via") or ()), tuple(cited))
                         for q, cited in said.values())
        speakers.append(Speaker(speaker_id, names.get(speaker_id or "", name), reports_))
    return sorted(speakers, key=lambda s: (s.id is None, -len(s.quotes), s.name))


def _inside_another(quote: dict[str, Any], found: list[dict[str, Any]]) -> bool:
    return any(other is not quote and other["start"] <= quote["start"] and quote["end"] <= other["end"]
               and (other["end"] - other["start"]) > (quote["end"] - quote["start"]) for other in found)


def _normal(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()
