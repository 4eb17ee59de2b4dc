"""Sources and provenance: each outlet with its articles and dates, what only it names, and the flags a reader
needs: it cites state media (``lang/<code>/state_media.json``), it rests on a single source, it copies another
article, it is undated, it is likely machine-translated.

"Likely machine-translated" is flagged only on a cue that was measured (``docs/dossier.md``): the text says so
("maschinell übersetzt", "translated by DeepL"), or it spells a name the way English does where German spells it
otherwise ("Shoigu" for "Schoigu"). Both fire on none of the human-written German texts measured; English curly
quotes and calques ("in 2023", "macht Sinn") fire on too many of them and are not used. The cues are data
(``lang/<code>/dossier.json``, ``machine_translation``); the flag names the cue that fired.

An article whose source names no outlet is its own source, labelled by the file it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from newsdesk.dossier.model import Actor, SourceReport
from newsdesk.dossier.reading import Report, language_data


@lru_cache(maxsize=16)
def _state_media(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(outlet name, pattern of its spellings): whole words, though a scrape may glue the next word on ("TASSZu")."""
    outlets = language_data(language, "state_media").get("outlets", [])
    patterns = []
    for outlet in outlets:
        spellings = "|".join(re.escape(v) for v in sorted(outlet["variants"], key=len, reverse=True))
        patterns.append((outlet["name"], re.compile(rf"(?<!\w)(?:{spellings})(?![a-zäöüß])")))
    return tuple(patterns)


def cited_state_media(report: Report) -> list[str]:
    """The state media an article names (in its text or its quotes' chains of sources)."""
    via = " ".join(" ".join(quote.get("via") or ()) for quote in report.analysis.get("quotes") or [])
    text = f"{report.article.text}\n{via}"
    return [name for name, pattern in _state_media(report.language) if pattern.search(text)]


@dataclass(frozen=True, slots=True)
class _TranslationCues:
    disclosures: re.Pattern[str] | None
    spellings: re.Pattern[str] | None
    native: dict[str, str]


@lru_cache(maxsize=16)
def _translation_cues(language: str) -> _TranslationCues:
    rules = language_data(language, "dossier").get("machine_translation", {})
    disclosures = rules.get("disclosures") or []
    native = rules.get("foreign_spellings") or {}
    spellings = "|".join(re.escape(name) for name in sorted(native, key=len, reverse=True))
    return _TranslationCues(re.compile("|".join(f"(?:{d})" for d in disclosures), re.I) if disclosures else None,
                            re.compile(rf"\b(?:{spellings})\b") if spellings else None, native)


def machine_translation_cue(report: Report) -> str | None:
    """The measured cue that an article was machine-translated, in words (``None`` when none fires)."""
    cues = _translation_cues(report.language)
    text = report.article.text
    said = cues.disclosures.search(text) if cues.disclosures else None
    if said:
        return f"says \u201e{' '.join(said.group().split())}\u201c"
    spelled = cues.spellings.search(text) if cues.spellings else None
    if spelled:
        return f"English spelling \u201e{spelled.group()}\u201c (not \u201e{cues.native[spelled.group()]}\u201c)"
    return None


def _sources_of(report: Report) -> set[str]:
    """Where an article's statements come from: for each quote, the source it was passed through last ("laut
    KCNA"), else its speaker."""
    found: set[str] = set()
    for quote in report.analysis.get("quotes") or []:
        via = quote.get("via") or ()
        origin = via[-1] if via else quote.get("speaker_id") or quote.get("speaker")
        if origin:
            found.add(origin)
    return found


def label(report: Report) -> str:
    """The outlet, or for a source naming none, the article's file name."""
    return report.outlet or f"({PurePath(report.article.source.split(':')[0]).name or report.id})"


def build_sources(reports: list[Report], actors: list[Actor]) -> list[SourceReport]:
    """One report per outlet, in story order."""
    by_outlet: dict[str, list[Report]] = {}
    for report in sorted(reports, key=lambda r: r.order):
        by_outlet.setdefault(label(report), []).append(report)
    outlet_of = {report.id: label(report) for report in reports}
    result = []
    for outlet, own in by_outlet.items():
        media = sorted({name for report in own for name in cited_state_media(report)})
        flags = ["cites state media"] if media else []
        if any(len(_sources_of(report)) == 1 for report in own if not report.copy_of):
            flags.append("single source")
        copies = tuple(report.copy_of for report in own if report.copy_of)
        if copies:
            flags.append("copy")
        if any(report.date is None for report in own):
            flags.append("undated")
        translated = next(filter(None, map(machine_translation_cue, own)), None)
        if translated:
            flags.append(f"likely machine-translated: {translated}")
        exclusive = tuple(actor.name for actor in actors if actor.type in ("PER", "ORG")
                          and {outlet_of[a] for a in actor.articles} == {outlet})
        result.append(SourceReport(outlet, tuple(r.id for r in own), tuple(r.date for r in own), tuple(flags),
                                   tuple(media), copies, exclusive))
    return result
