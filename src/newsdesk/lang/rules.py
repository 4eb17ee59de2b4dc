"""Load the per-language cleaning rules (``lang/<code>/clean.json``) into precompiled patterns, once per language.

The rules are data so that a new language or a new outlet's debris is a JSON edit, not a code change. Every
pattern is compiled here, once, because the cleaner runs on every article: one anchored ``match`` per line for the
line-start rules, and a search only in lines that contain a rule's literal trigger ("©", "pic.twitter.com/") for the
rules that look inside a line, are far cheaper than trying dozens of separate patterns on every line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from newsdesk.lang import alternation, get, languages

__all__ = ["SHARED_RULES", "CleanRules", "DatelineRules", "available_languages", "load_rules", "shared_matcher"]

LOGGER = logging.getLogger(__name__)

#: rule groups that every article gets, whatever its language (German sites run English WordPress footers)
SHARED_RULES = ("comments", "social_embed")
#: how far from the end of a line the ``end`` patterns look (credits are short)
END_WINDOW = 120


@dataclass(frozen=True, slots=True)
class LineMatcher:
    """Line rules of one or more groups, combined into few regexes whose named groups are the rule names.

    ``start`` is one anchored alternation (case-insensitive). The ``anywhere`` and ``end`` patterns are grouped by a
    literal trigger: a substring test in C is far cheaper than searching a long line with an alternation, and most
    lines contain none of the triggers.
    """

    start: re.Pattern[str] | None
    triggered: tuple[tuple[str, re.Pattern[str], bool], ...]  # (trigger, pattern, only in the line's tail)

    def rule(self, line: str) -> str | None:
        """The rule that matches the whitespace-normalised ``line``, or ``None``."""
        if self.start is not None and (found := self.start.match(line)):
            return found.lastgroup
        for trigger, pattern, tail in self.triggered:
            if trigger in line and (found := pattern.search(line, max(0, len(line) - END_WINDOW) if tail else 0)):
                return found.lastgroup
        return None


@dataclass(frozen=True, slots=True)
class DatelineRules:
    """Pieces of a dateline: labels ("Erstellt:") with their kind, date and time patterns, filler words."""

    labels: re.Pattern[str]
    kinds: dict[str, str]  # casefolded label -> "published" | "updated"
    dates: tuple[re.Pattern[str], ...]
    time: re.Pattern[str]
    fillers: re.Pattern[str]
    months: dict[str, int]  # lower-cased month name -> number (``calendar.json``)
    quick: re.Pattern[str]  # cheap test: a digit or a label, without which a line cannot be a dateline

    def parse(self, text: str) -> list[tuple[str, str]] | None:
        """The ``(kind, iso)`` dates of a line that is nothing but labels, dates, times and filler words (an empty
        list for a bare "Erstellt:"); ``None`` when anything else is in the line, so prose is never a dateline."""
        if not self.quick.search(text):
            return None
        labels = list(self.labels.finditer(text))
        dates = sorted((m for pattern in self.dates for m in pattern.finditer(text)), key=lambda m: m.start())
        if not labels and not dates:
            return None
        times = [m for m in self.time.finditer(text) if not any(d.start() <= m.start() < d.end() for d in dates)]
        residue, last = [], 0
        for start, end in sorted((m.start(), m.end()) for m in (*labels, *dates, *times)):
            residue.append(text[last:start])
            last = max(last, end)
        residue.append(text[last:])
        if any(char.isalnum() for char in self.fillers.sub(" ", " ".join(residue))):
            return None
        found: list[tuple[str, str]] = []
        used: set[int] = set()
        for index, match in enumerate(dates):
            prior = [label for label in labels if label.end() <= match.start()]
            kind = self.kinds.get(prior[-1].group().rstrip(": ").casefold(), "published") if prior else "published"
            until = dates[index + 1].start() if index + 1 < len(dates) else len(text)
            since = dates[index - 1].end() if index else 0
            # the time after a date belongs to it ("15.08.2023, 10:12 Uhr"), else an unused one before it
            after = [t for t in times if match.end() <= t.start() < until]
            before = [t for t in times if since <= t.start() < match.start() and t.start() not in used]
            iso = self._iso(match, (after or before)[:1])
            used.update(t.start() for t in (after or before)[:1])
            if iso:
                found.append((kind, iso))
        return found

    def _iso(self, match: re.Match[str], times: list[re.Match[str]]) -> str | None:
        parts = match.groupdict()
        month = self.months.get(parts["monthname"].casefold().rstrip(".")) if parts.get("monthname") else None
        try:
            year = int(parts["year"])
            day = date(year + 2000 if year < 100 else year, month or int(parts["month"]), int(parts["day"]))
        except (TypeError, ValueError):
            return None
        if not times:
            return day.isoformat()
        hour, minute = int(times[0]["hour"]), int(times[0]["minute"])
        ampm = (times[0].groupdict().get("ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00"


@dataclass(frozen=True, slots=True)
class CleanRules:
    """All cleaning rules of one language, compiled."""

    language: str
    lines: LineMatcher
    bylines: tuple[re.Pattern[str], ...]
    name_separator: re.Pattern[str]
    numbered_nav: re.Pattern[str]
    nav_words: frozenset[str]
    glued_teaser: re.Pattern[str]
    author_tag: re.Pattern[str]
    dateline: DatelineRules
    agencies: dict[str, str]  # casefolded -> canonical spelling
    function_words: frozenset[str]


def available_languages() -> tuple[str, ...]:
    """Codes of the known languages that have a ``clean.json``."""
    return tuple(code for code in languages() if get(code).has("clean"))


def _expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace ``%NAME%`` macros (macros may use other macros) so the JSON stays readable."""
    for _ in range(5):
        if "%" not in pattern:
            break
        for key, value in macros.items():
            pattern = pattern.replace(f"%{key}%", value)
    return pattern


def _group(rules: dict[str, list[str]], flags: int) -> re.Pattern[str] | None:
    """One regex with a named group per rule: ``(?P<teaser>a|b)|(?P<comments>c)``; ``lastgroup`` names the rule."""
    parts = [f"(?P<{name}>{'|'.join(f'(?:{p})' for p in patterns)})" for name, patterns in rules.items() if patterns]
    return re.compile("|".join(parts), flags) if parts else None


def _line_matcher(line_rules: dict[str, dict[str, Any]], macros: dict[str, str]) -> LineMatcher:
    starts: dict[str, list[str]] = {}
    triggered: dict[tuple[str, bool], dict[str, list[str]]] = {}
    for name, kinds in line_rules.items():
        starts.setdefault(name, []).extend(_expand(p, macros) for p in kinds.get("start", []))
        for kind in ("anywhere", "end"):
            for trigger, patterns in kinds.get(kind, {}).items():
                group = triggered.setdefault((trigger, kind == "end"), {})
                group.setdefault(name, []).extend(_expand(p, macros) for p in patterns)
    compiled = [(trigger, _group(rules, 0), tail) for (trigger, tail), rules in triggered.items()]
    return LineMatcher(_group(starts, re.IGNORECASE), tuple((t, p, e) for t, p, e in compiled if p is not None))


def _read(language: str) -> dict[str, Any]:
    return get(language).data("clean")


@lru_cache(maxsize=16)
def load_rules(language: str | None) -> CleanRules | None:
    """The compiled rules of ``language``, or ``None`` when newsdesk has none for it (generic cleaning only)."""
    if not language or language not in available_languages():
        return None
    data = _read(language)
    macros = dict(data.get("macros", {}))
    macros["AGENCY"] = f"(?:{alternation(data['agencies'])})"
    # the calendar's names, so that clean.json names no month or weekday of its own
    known = get(language)
    macros["MONTH"] = f"(?:{alternation(known.months, capitalised=True)})"
    macros["WEEKDAY"] = f"(?:{alternation(known.weekdays, capitalised=True)})"
    spec = data["dateline"]
    labels = alternation(spec["labels"])
    dateline = DatelineRules(
        labels=re.compile(rf"(?<!\w)(?:{labels})(?!\w)\s*:?", re.IGNORECASE),
        kinds={key.casefold(): value for key, value in spec["labels"].items()},
        dates=tuple(re.compile(_expand(p, macros), re.IGNORECASE) for p in spec["dates"]),
        time=re.compile(spec["time"], re.IGNORECASE),
        fillers=re.compile(_expand(spec["fillers"], macros), re.IGNORECASE),
        months=known.months,
        quick=re.compile(rf"\d|(?<!\w)(?:{labels})(?!\w)", re.IGNORECASE),
    )
    bylines = tuple(re.compile(_expand(p, macros)) for p in data["bylines"])
    rules = CleanRules(
        language=language,
        lines=_line_matcher(data["line_rules"], macros),
        bylines=bylines,
        name_separator=re.compile(data["name_separator"]),
        numbered_nav=re.compile(data["numbered_nav"]),
        nav_words=frozenset(word.casefold() for word in data["nav_words"]),
        glued_teaser=re.compile(_expand(data["glued_teaser"], macros)),
        author_tag=re.compile(_expand(data["author_tag"], macros)),
        dateline=dateline,
        agencies={agency.casefold(): agency for agency in data["agencies"]},
        function_words=frozenset(data["function_words"]),
    )
    LOGGER.debug("loaded cleaning rules for %s", language)
    return rules


@lru_cache(maxsize=1)
def shared_matcher() -> LineMatcher:
    """The ``SHARED_RULES`` groups of every language, as one matcher applied to every article."""
    merged: dict[str, dict[str, Any]] = {}
    for language in available_languages():
        data = _read(language)
        macros = dict(data.get("macros", {}))
        for name in SHARED_RULES:
            rule = merged.setdefault(name, {"start": [], "anywhere": {}, "end": {}})
            for kind, patterns in data["line_rules"].get(name, {}).items():
                if kind == "start":
                    rule["start"].extend(_expand(p, macros) for p in patterns)
                    continue
                for trigger, listed in patterns.items():
                    rule[kind].setdefault(trigger, []).extend(_expand(p, macros) for p in listed)
    return _line_matcher(merged, {})
