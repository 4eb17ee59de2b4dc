"""German temporal expression patterns and lexicon for :mod:`newsdesk.analysis.timex`.

Each rule is a precompiled regex plus a builder that turns the match into a :class:`~newsdesk.lang.timex_rules.Spec`.
Span conventions follow the TIMEX2 annotation of WikiWarsDE (Strötgen & Gertz 2011), so that the corpus can measure
them: prepositions and articles stay outside ("am [15. August]", "im [Jahr 1915]"), modifiers stay inside
("[Anfang Mai]", "[Gegen Ende des Jahres]", "[mehr als drei Tagen]"), and the anaphoric "[am selben Tag]" and
"[an diesem Tag]" keep their preposition. Ranges ("1910–1945", "von 1910 bis 1945") are two expressions.

The month and weekday names are in ``calendar.json`` (shared with the other stages), the rest of the lexicon
(numerals, seasons, modifiers, preterite verbs) in ``timex.json`` next to this module, the named days with a fixed
date ("Tag der Deutschen Einheit", "russischer Nationalfeiertag") in ``named_days.json``; all written for newsdesk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from newsdesk.lang import alternation, get
from newsdesk.lang.timex_rules import DURATION, SET, Spec, cue_tense, make_rule

__all__ = ["CONNECTOR", "MONTHS", "NUMBERS", "RULES", "WEEKDAYS", "tense"]

_LEXICON = json.loads(Path(__file__).with_name("timex.json").read_text(encoding="utf-8"))
MONTHS: dict[str, int] = get("de").months
WEEKDAYS: dict[str, int] = get("de").weekdays
NUMBERS: dict[str, float] = _LEXICON["numbers"]
_DECADE_WORDS: dict[str, int] = _LEXICON["decade_words"]
_SEASONS: dict[str, tuple[str, str | None]] = {k: (v[0], v[1]) for k, v in _LEXICON["seasons"].items()}
_NAMED_DAYS: list[tuple[re.Pattern[str], int, int]] = [
    (re.compile(entry["pattern"]), entry["day"][0], entry["day"][1])
    for entry in json.loads(Path(__file__).with_name("named_days.json").read_text(encoding="utf-8"))["days"]
]
_MODS: dict[str, str | None] = _LEXICON["period_modifiers"]
_DURATION_MODS: dict[str, str] = _LEXICON["duration_modifiers"]
_TOD: dict[str, str] = _LEXICON["times_of_day"]
_UNIT_CODES: dict[str, tuple[str, bool]] = {k: (v[0], v[1]) for k, v in _LEXICON["units"].items()}
_DEICTIC = frozenset(_LEXICON["deictic_adjectives"])
_ENGLISH_MONTHS: dict[str, int] = get("en").month_names

# ---------------------------------------------------------------------------------------------------------------
# Pattern fragments (case-sensitive: German nouns are capitalised, which keeps "morgen" apart from "Morgen")


def _words(key: str) -> str:
    """A lexicon list whose entries are regex fragments ("bzw\\.", "Laufe\\s+des"), as one alternation."""
    return "|".join(_LEXICON[key])


_END = r"(?![\wäöüß])"
_MONTH_FULL = alternation(get("de").month_names, capitalised=True)
_MONTH = rf"(?P<month>(?:{_MONTH_FULL})s?{_END})"
_MONTH_ABBR = (rf"(?P<month>(?:{_MONTH_FULL})s?{_END}|"
               rf"(?:{alternation(get('de').month_abbreviations, capitalised=True)})\.)")
_DAY = r"(?<![\d.,])(?P<day>0?[1-9]|[12][0-9]|3[01])\."
_YEAR = r"(?<![\d.,])(?P<year>1[0-9]{3}|20[0-9]{2})(?![\d\wäöüß]|[.,]\d)"
_ERA = r"(?:\s?(?P<bc>v\.\s?Chr\.|vor Christus|v\.\s?u\.\s?Z\.)|\s?(?P<ad>n\.\s?Chr\.))"
_ERA_LOOK = r"\s?(?:v\.\s?Chr\.|vor Christus|v\.\s?u\.\s?Z\.|n\.\s?Chr\.)"
_ANY_YEAR = rf"(?:{_YEAR}|(?<![\d.,])(?P<year_bc>\d{{1,4}})(?={_ERA_LOOK})){_ERA}?"
_NUMWORD = alternation([w for w in NUMBERS if " " not in w])
_NUM = rf"(?<![\wäöüß])(?P<num>\d+(?:,\d+)?|(?i:{alternation(list(NUMBERS))})){_END}"
_NUM_WORD2 = rf"(?P<num>(?i:{alternation([w for w, n in NUMBERS.items() if n >= 2 and w != 'beiden'])})){_END}"
_A_WEEKDAY = rf"(?:{alternation(WEEKDAYS, capitalised=True)})"
_WEEKDAY = rf"(?P<wd>{_A_WEEKDAY})"
_WD_TOD = r"(?P<wdtod>morgen|vormittag|mittag|nachmittag|abend|nacht|früh)?"
_UNIT = (
    r"(?P<unit>Sekunden?|Minuten?|Stunden?|Tagen?|Tage|Tag|Wochen?|Monaten?|Monate|Monat|Jahren?|Jahre|Jahr|"
    r"Jahrzehnten?|Jahrzehnte|Jahrzehnt|Jahrhunderten?|Jahrhunderte|Jahrhundert|Quartale?n?)"
)
_MOD_WORD = r"(?P<mod>[Aa]nfang|[Bb]eginn|[Mm]itte|[Ee]nde|[Ll]aufe)"
#: only a sentence-initial "Gegen" belongs to the expression in WikiWarsDE ("Gegen Ende des Jahres" vs "gegen [Ende …]")
_GEGEN = r"(?:(?P<gegen>Gegen)\s+)?"

_REL_UNITS = {"D": "day", "W": "week", "M": "month", "Y": "year"}


def _unit(word: str) -> tuple[str, bool]:
    """Duration letter and whether it is a time unit (PT…) for a German unit noun in any case form."""
    stem = word.lower().removeprefix("folge")
    for key, code in sorted(_UNIT_CODES.items(), key=lambda kv: -len(kv[0])):
        if stem.startswith(key):
            return code
    return "D", False


def _number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word in NUMBERS:
        return NUMBERS[word]
    try:
        return float(word)
    except ValueError:
        return None


def _duration(amount: float | None, unit: str, is_time: bool) -> str:
    """ISO 8601 duration value; fractions become the next smaller unit ("anderthalb Jahre" = P1Y6M)."""
    prefix = "PT" if is_time else "P"
    if amount is None:
        return f"{prefix}X{unit}"
    if amount == int(amount):
        return f"{prefix}{int(amount)}{unit}"
    whole, fraction = int(amount), amount - int(amount)
    smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "DE": ("Y", 10), "CE": ("DE", 10)}
    if unit in smaller and not is_time:
        sub, factor = smaller[unit]
        rest = round(fraction * factor)
        if sub == "H":
            return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
        return f"P{whole}{unit}{rest}{sub}" if whole else f"P{rest}{sub}"
    return f"{prefix}{amount:g}{unit}"


def _month(word: str | None) -> int | None:
    if not word:
        return None
    key = word.lower().rstrip(".")
    if key not in MONTHS and key.endswith("s"):
        key = key[:-1]
    # English names: "July 28, 2023" in an embedded tweet or an English quotation inside a German article
    return MONTHS.get(key) or _ENGLISH_MONTHS.get(key)


def _mod_of(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    word = groups.get("mod")
    mod = _MODS.get(word.lower()) if word else None
    if groups.get("gegen") and mod is None:
        return "APPROX"
    return mod


def _year_fields(match: re.Match[str], spec: Spec) -> Spec:
    groups = match.groupdict()
    raw = groups.get("year") or groups.get("year_bc")
    if raw:
        spec.year = int(raw)
        if groups.get("bc"):
            spec.bc = True
        elif groups.get("ad"):
            spec.bc = False
    return spec


# ---------------------------------------------------------------------------------------------------------------
# Builders


def _b_numeric(m: re.Match[str]) -> Spec | None:
    """"2023-08-15", "15.08.2023", "1.9.39" (a two-digit year takes its century from the context)."""
    raw = m["year"]
    return Spec(year=int(raw), year2=len(raw) == 2, month=int(m["mnum"]), day=int(m["day"]))


def _b_day_month(m: re.Match[str]) -> Spec | None:
    """"15. August 2023", "Dienstag, der 15. August", "frühen Morgen des 6. Juni", "8. Mai, 23:01 Uhr"."""
    spec = _since(m, _b_day_only(m))
    spec.inherit, spec.month = False, _month(m["month"])
    groups = m.groupdict()
    if groups.get("h"):
        spec.clock = _clock(groups["h"], groups.get("mi"), groups.get("tz"))
    return _year_fields(m, spec)


def _clock(hour: str, minute: str | None, zone: str | None) -> str:
    zone = re.sub(r"\s+", " ", (zone or "").lower())
    offset = {"mez": "+01", "mitteleuropäischer zeit": "+01", "mesz": "+02", "mitteleuropäischer sommerzeit": "+02"}
    return f"{int(hour):02d}:{int(minute or 0):02d}{offset.get(zone, '')}"


def _b_day_only(m: re.Match[str]) -> Spec:
    """A day whose month comes from a range partner ("27./28. September", "Nacht vom 16. auf den 17. April")."""
    groups = m.groupdict()
    spec = Spec(day=int(m["day"]), inherit=True, tod=_TOD.get(groups["tod"].lower()) if groups.get("tod") else None)
    if groups.get("tod"):
        if groups.get("early"):
            spec.mod = "START" if groups["early"].startswith("früh") else "END"
        if groups.get("gegen"):
            spec.mod = "APPROX"
    return spec


def _b_month_year(m: re.Match[str]) -> Spec | None:
    return _year_fields(m, Spec(month=_month(m["month"]), mod=_mod_of(m)))


def _b_month_rel(m: re.Match[str]) -> Spec | None:
    which = (m["which"] or "").lower()
    offset = _relative_offset(which)
    anchor = "auto" if which in _DEICTIC else "previous"
    return Spec(month=_month(m["month"]), rel=("year", offset), anchor=anchor, mod=_mod_of(m))


_BEFORE_MONTH = re.compile(rf"(?:\b(?:{_words('month_introducers')})|[/–(-])\s*$")
_AFTER_MONTH = re.compile(r"\s*(?:[/–]|-(?![A-ZÄÖÜ])|bis\b|und\b|oder\b)")
_NAME_AFTER = re.compile(r"-[A-ZÄÖÜ]")


def _b_month(m: re.Match[str]) -> Spec | None:
    """A bare month name counts only after a preposition-like word or before a range connector: "August" alone is
    as often a first name."""
    text, start = m.string, m.start()
    if _NAME_AFTER.match(text, m.end()):
        return None  # "Wladimir Mai-Majewski"
    introduced = _BEFORE_MONTH.search(text, max(0, start - 16), start) or _AFTER_MONTH.match(text, m.end())
    if not m.groupdict().get("mod") and not introduced:
        return None
    return _since(m, Spec(month=_month(m["month"]), mod=_mod_of(m)))


_SINCE = re.compile(r"\b[Ss]eit(?:\s+de[mn])?\s*$")


def _since(m: re.Match[str], spec: Spec) -> Spec:
    """"seit Dezember" lies in the past whatever the verb says: the year is chosen on that side."""
    if _SINCE.search(m.string, max(0, m.start() - 10), m.start()):
        spec.direction = -1
    return spec


def _b_season(m: re.Match[str]) -> Spec | None:
    word = m["season"].lower()
    word = re.sub(r"(?:es|s)$", "", word) if word.rstrip("s") not in _SEASONS else word.rstrip("s")
    if word not in _SEASONS:
        return None
    part, mod = _SEASONS[word]
    groups = m.groupdict()
    if groups.get("adj"):
        mod = "START" if groups["adj"].lower().startswith("früh") else "END"
    spec = _year_fields(m, Spec(part=part, mod=mod))
    if groups.get("which") is not None:
        which = groups["which"].lower()
        spec.rel = ("year", _relative_offset(which))
        spec.anchor = "auto" if which in _DEICTIC else "previous"
    elif spec.year is None:
        text, start = m.string, m.start()
        if not _BEFORE_SEASON.search(text, max(0, start - 14), start) and not groups.get("adj"):
            return None
    return spec


_BEFORE_SEASON = re.compile(rf"(?:\b(?:{_words('season_introducers')})|[/–-])\s*$")


def _b_year(m: re.Match[str]) -> Spec | None:
    groups = m.groupdict()
    spec = _year_fields(m, Spec(mod=_mod_of(m)))
    if spec.year is None:
        return None
    if groups.get("approx"):
        spec.mod = "APPROX"
    if groups.get("year_bc") is None and not groups.get("jahr") and not groups.get("mod") and not groups.get("approx"):
        text, start = m.string, m.start()
        if _NOT_YEAR_AFTER.match(text, m.end()) or _NOT_YEAR_BEFORE.search(text, max(0, start - 14), start):
            return None
        if _CAPITAL_NEXT.match(text, m.end()) and _QUANTITY_BEFORE.search(text, max(0, start - 16), start):
            return None
        spec.background = bool(_BACKGROUND_BEFORE.search(text, max(0, start - 8), start))
    return spec


#: "mit 1500 Panzern", "und 1370 Landungsboote": a number before a noun after a quantity word is no year
_CAPITAL_NEXT = re.compile(r"[ \t]+[A-ZÄÖÜ]")
_QUANTITY_BEFORE = re.compile(rf"\b(?:{_words('quantity_words')})\s*$")
#: "seit 1939", "die ab 1941 ausgearbeiteten Pläne": a year named in passing, not the narrative's new time
_BACKGROUND_BEFORE = re.compile(r"\b(?:seit|ab|bis|vor|nach)\s*$")


#: a bare number followed by a counted noun or unit is a quantity ("1500 Soldaten"), not a year
_NOT_YEAR_AFTER = re.compile(rf"\s*(?:{_words('quantity_nouns')}|[a-zäöüß]+er\s+[A-ZÄÖÜ][a-zäöüß]+en\b)")
_NOT_YEAR_BEFORE = re.compile(rf"(?:\b(?:{_words('number_words_before')})|[$€£+])\s*$")


def _b_year_rel(m: re.Match[str]) -> Spec | None:
    which = (m.groupdict().get("which") or "").lower()
    offset = _relative_offset(which)
    anchor = "auto" if which in _DEICTIC or which in ("dieses", "diesem", "diesen") else "previous"
    return Spec(rel=("year", offset), anchor=anchor, mod=_mod_of(m))


def _b_unit_rel(unit: str, offset: int) -> Callable[..., Spec]:
    def build(_m: re.Match[str]) -> Spec:
        return Spec(rel=(unit, offset), anchor="previous")

    return build


def _b_rel_word(m: re.Match[str]) -> Spec | None:
    """"letzte Woche", "im vergangenen Monat", "nächsten Tag": deictic or anaphoric by the adjective."""
    which = m["which"].lower()
    unit = _unit(m["unit"])[0]
    rel_unit = _REL_UNITS.get(unit)
    if rel_unit is None:
        return None
    offset = _relative_offset(which)
    anchor = "auto" if which in _DEICTIC or which.startswith("dies") else "previous"
    spec = Spec(rel=(rel_unit, offset), anchor=anchor, mod=_mod_of(m))
    if rel_unit == "week":
        spec.week = True
    return spec


def _relative_offset(which: str) -> int:
    """-1, 0 or +1 for the adjective of a relative expression ("des folgenden Jahres" → +1, "Vorjahr" → -1)."""
    which = which.lower().split()[-1] if which.strip() else ""
    if which.startswith(("vergangen", "letzt", "vorig", "vorangegangen", "vorhergehend", "vorherig", "vor")):
        return -1
    if which.startswith(("kommend", "nächst", "folge", "darauffolgend", "darauf", "neu", "weiter", "anschließend")):
        return 1
    return 0


def _shift(m: re.Match[str], sign: int, anchor: str = "previous") -> Spec | None:
    """"zwei Tage später" (+2 days), "einen Monat zuvor" (-1 month), "anderthalb Jahre später" (+18 months)."""
    amount, (unit, is_time) = _number(m["num"]), _unit(m["unit"])
    rel_unit = _REL_UNITS.get(unit)
    if amount is None or is_time or rel_unit is None:
        return None
    if amount != int(amount):
        if rel_unit != "year":
            return None
        rel_unit, amount = "month", amount * 12
    mod = _DURATION_MODS.get((m.groupdict().get("dmod") or "").lower())
    return Spec(rel=(rel_unit, sign * int(amount)), anchor=anchor, mod=mod)


def _b_shift(m: re.Match[str]) -> Spec | None:
    """A shift from the last mentioned date, backwards for "zuvor", "vorher", "früher", "davor"."""
    return _shift(m, -1 if m["dir"].lower() in ("zuvor", "vorher", "früher", "davor") else 1)


def _b_nach(m: re.Match[str]) -> Spec | None:
    """"nach zwei Tagen" reads as a date only when a verb follows; before a noun it measures ("nach sechs Wochen
    verlustreicher Kämpfe")."""
    return None if _NOUN_NEXT.match(m.string, m.end()) else _shift(m, 1)


_NOUN_NEXT = re.compile(r"\s+(?:[a-zäöüß]+er\s+)?[A-ZÄÖÜ]")


def _b_after_event(m: re.Match[str]) -> Spec | None:
    """"fünf Tage nach der Landung", "zwei Tage vor dem 10. März": a shift from a happening or a date, which the
    engine dates (see ``Spec.event``); an indefinite happening ("15 Tage nach einem Angriff") is a duration."""
    spec = _shift(m, -1 if m["dir"] == "vor" else 1)
    if spec is None:
        return None
    spec.kind = "after"
    spec.event = m.span("event") if m.groupdict().get("event") else None
    return spec


def _b_ago(m: re.Match[str]) -> Spec | None:
    """"vor zwei Wochen" counts back from the document date; the value has the unit's granularity."""
    spec = _shift(m, -1, "dct")
    if spec is not None and spec.rel is not None:
        spec.week, spec.fallback = spec.rel[0] == "week", "PAST_REF"
    return spec


def _b_fixed(value: str) -> Callable[..., Spec]:
    def build(_m: re.Match[str]) -> Spec:
        return Spec(kind="fixed", value=value)

    return build


def _b_duration(m: re.Match[str]) -> Spec | None:
    amount = _number(m["num"])
    unit, is_time = _unit(m["unit"])
    if unit == "Q":
        unit, amount = "M", (amount * 3 if amount is not None else None)
    if amount is None or amount > 10000:
        return None
    mod = _DURATION_MODS.get((m.groupdict().get("dmod") or "").lower())
    return Spec(kind="fixed", type=DURATION, value=_duration(amount, unit, is_time), mod=mod)


def _b_month_part(m: re.Match[str]) -> Spec | None:
    return Spec(rel=("month", 0), anchor="previous", mod=_mod_of(m))


def _b_fuzzy_duration(m: re.Match[str]) -> Spec | None:
    """"mehrere Tage" (PXD), "in den ersten beiden Tagen" (P2D), "Jahre zuvor" (PXY), "jahrelang" (PXY)."""
    groups = m.groupdict()
    unit, is_time = _unit(groups.get("unit") or groups["unit2"])
    amount = _number(groups["num"]) if groups.get("num") else None
    return Spec(kind="fixed", type=DURATION, value=_duration(amount, unit, is_time))


def _b_adj_duration(m: re.Match[str]) -> Spec | None:
    amount = _number(m["num"])
    code = {"täg": ("D", False), "wöch": ("W", False), "monat": ("M", False), "jähr": ("Y", False),
            "stünd": ("H", True), "minüt": ("M", True)}  # fmt: skip
    stem = m["adj"].lower()
    for key, (unit, is_time) in code.items():
        if stem.startswith(key):
            mod = _DURATION_MODS.get((m.groupdict().get("dmod") or "").lower())
            if mod == "APPROX" and m.groupdict().get("dmod", "").lower() == "fast":
                mod = "LESS_THAN"
            return Spec(kind="fixed", type=DURATION, value=_duration(amount, unit, is_time), mod=mod)
    return None


def _b_set(m: re.Match[str]) -> Spec | None:
    """"täglich" (a set, P1D as WikiWarsDE annotates it) or "ganzjährig" (a duration)."""
    word = m.group(0).lower()
    if word.startswith("ganzjährig"):
        return Spec(kind="fixed", type=DURATION, value="P1Y")
    value = {"täglich": "P1D", "wöchentlich": "P1W", "monatlich": "P1M", "jährlich": "P1Y"}[word]
    return Spec(kind="fixed", type=SET, value=value)


def _b_decade(m: re.Match[str]) -> Spec | None:
    groups = m.groupdict()
    if groups.get("decw"):
        decade = 190 + _DECADE_WORDS[groups["decw"].lower()]
    else:
        digits = groups["dec"]
        decade = int(digits) // 10
        if len(digits) == 2:
            decade += 190
    spec = Spec(decade=decade, mod=_mod_of(m))
    if groups.get("bc"):
        spec.bc = True
    return spec


def _b_century(m: re.Match[str]) -> Spec | None:
    number = int(m["cent"])
    if not 1 <= number <= 21:
        return None
    return Spec(century=number - 1, bc=True if m["bc"] else None, mod=_mod_of(m))


def _b_clock(m: re.Match[str]) -> Spec | None:
    hour, minute = int(m["h"]), int(m.groupdict().get("mi") or 0)
    if hour > 24 or minute > 59:
        return None
    return Spec(kind="time", type="TIME", clock=_clock(m["h"], m.groupdict().get("mi"), m.groupdict().get("tz")))


def _b_tod(m: re.Match[str]) -> Spec | None:
    spec = Spec(kind="time", type="TIME", tod=_TOD[m["tod"].lower()], anchor="previous")
    if m.groupdict().get("gegen"):
        spec.mod = "APPROX"
    return spec


def _b_deictic_day(offset: int) -> Callable[..., Spec]:
    """"heute", "gestern Abend", "morgen früh": days from the document date ("heute" means "nowadays" without one)."""
    fallback = "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF")

    def build(m: re.Match[str]) -> Spec:
        tod = m.groupdict().get("tod")
        return Spec(rel=("day", offset), anchor="dct", fallback=fallback, tod=_TOD.get(tod.lower()) if tod else None)

    return build


def _b_weekday(m: re.Match[str]) -> Spec | None:
    groups = m.groupdict()
    spec = Spec(kind="weekday", weekday=WEEKDAYS[m["wd"].lower()], anchor="auto")
    which = (groups.get("which") or "").lower()
    if which:
        spec.direction = _relative_offset(which) if not which.startswith("dies") else 0
    tod = groups.get("wdtod")
    if tod:
        spec.tod = _TOD.get(tod.lower())
    return spec


def _b_named_day(m: re.Match[str]) -> Spec | None:
    """A named day with a fixed date ("Tag der Deutschen Einheit 1990", "des russischen Nationalfeiertags")."""
    name = m["hol"]
    month, day = next((month, day) for pattern, month, day in _NAMED_DAYS if pattern.fullmatch(name))
    return _year_fields(m, Spec(month=month, day=day))


def _b_half(m: re.Match[str]) -> Spec | None:
    """"1. Halbjahr", "zweiten Jahreshälfte", "letzten Quartal 2022" (H1/H2, Q1–Q4)."""
    quarter = m["what"].lower().startswith("quartal")
    ordinal = m["ord"].lower()
    number = int(ordinal[0]) if ordinal[0].isdigit() else ("ezdv".find(ordinal[0]) + 1 or (4 if quarter else 2))
    if number > (4 if quarter else 2):
        return None
    spec = _year_fields(m, Spec(part=f"{'Q' if quarter else 'H'}{number}"))
    if spec.year is None:
        spec.rel, spec.anchor = ("year", 0), "auto"
    return spec


_ANCIENT_BEFORE = re.compile(r"(?:(?:^|[.!?:]\s|\n)\s*|\b(?i:bis|seit|ab|von|zwischen|und|um|nach|vor|im)\s+)$")
_ANCIENT_AFTER = re.compile(r"\s+[a-zäöüß]|\s*[,;)–]|\s*\.\s")


def _b_bare_ancient_year(m: re.Match[str]) -> Spec | None:
    """"218 überquerte Hannibal die Alpen", "bis 202": a year only in a text that counts years before Christ (the
    engine drops it elsewhere); after a quantity word or before a noun it is a number ("200 Schiffe")."""
    text, start = m.string, m.start()
    if not _ANCIENT_BEFORE.search(text, max(0, start - 12), start) or not _ANCIENT_AFTER.match(text, m.end()):
        return None
    if _NOT_YEAR_AFTER.match(text, m.end()):
        return None
    return Spec(year=int(m["year_bc"]), era_dependent=True)


def _b_short_year(m: re.Match[str]) -> Spec | None:
    """The "12" of "1911/12": a two-digit year whose century the left partner gives."""
    return Spec(year=int(m["year"]), year2=True)


def _b_iso_week(m: re.Match[str]) -> Spec | None:
    week = int(m["week"])
    if not 1 <= week <= 53:
        return None
    year = m.groupdict().get("year")
    return Spec(kind="fixed", value=f"{year}-W{week:02d}" if year else f"XXXX-W{week:02d}")


def _b_year_word(m: re.Match[str]) -> Spec | None:
    """"Jahresbeginn 1918", "Jahresende", "Jahreswechsel"."""
    word = m["yw"].lower()
    mod = {"beginn": "START", "anfang": "START", "ende": "END", "mitte": "MID"}.get(word)
    spec = _year_fields(m, Spec(mod=mod))
    if spec.year is None:
        spec.rel, spec.anchor = ("year", 0), "previous"
        if word == "wechsel":
            spec.rel, spec.month, spec.day = ("year", 1), 1, 1
    return spec


# ---------------------------------------------------------------------------------------------------------------
# Rules (order is irrelevant: the engine keeps the longest non-overlapping matches; priority breaks ties)

_TOD_PREFIX = (
    r"(?:(?P<gegen>[Gg]egen)\s+)?(?:(?P<early>frühen|späten)\s+)?"
    r"(?P<tod>Morgen|Morgenstunden|Vormittag|Nachmittag|Abend|Abendstunden|Nacht)\s+(?:des|vom)\s+"
)
_CLOCK = (
    r"(?P<h>[01]?\d|2[0-4])[:.](?P<mi>[0-5]\d)\s?Uhr(?:\s+(?P<tz>mitteleuropäischer\s+(?:Sommer)?[Zz]eit|MEZ|MESZ))?"
)
_REL_WHICH = (
    r"(?P<which>selben|gleichen|demselben|folgenden|darauffolgenden|darauf\s+folgenden|nächsten|kommenden|"
    r"vergangenen|letzten|vorigen|vorangegangenen|vorhergehenden|diesen|diesem|dieses|neuen)"
)

_A_MONTH = rf"(?:{_MONTH_FULL})"
_A_TOD = r"(?:Morgen|Vormittag|Nachmittag|Abend|Nacht)"
_NOUN_GROUP = r"(?:[a-zäöüß]+e[mnrs]?\s+){0,2}[A-ZÄÖÜ][\wäöüß]*(?:-[\wäöüß]+)*"
#: a definite noun phrase naming a happening ("der SVB-Pleite", "dem deutschen Abzug", "der Aufnahme der Kämpfe")
_HAPPENING = rf"(?:de[mnrs]|seine[mnrs]?|ihre[mnrs]?)\s+{_NOUN_GROUP}(?:\s+de[rs]\s+{_NOUN_GROUP})?"
_A_NAMED_DAY = r"(?:[Tt]ag|Neujahr|Heilig|Weihnacht|Silvester|Allerheiligen|Bastille|Independence|Bundesfeier)"
_A_UNIT = r"(?:Sekunde|Minute|Stunde|Tag|Woche|Monat|Quartal|Jahr)"
_A_YEAR = (r"\d\d\d\d?(?!\d)", r"v\.\s?Chr\.|vor Christus|v\.\s?u\.\s?Z\.|n\.\s?Chr\.")

RULES = [
    # absolute dates
    make_rule(r"(?<![\d-])(?P<year>\d{4})-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)", _b_numeric, 5,
              anchor=r"\d\d\d\d-\d\d-\d\d"),
    make_rule(rf"{_DAY}(?P<mnum>\d{{1,2}})\.(?P<year>1[0-9]{{3}}|20[0-9]{{2}}|\d\d)(?!\d)", _b_numeric, 5,
              anchor=r"\d\d?\.\d\d?\.\d\d"),
    make_rule(
        rf"(?:(?:(?P<which>vergangenen|letzten|kommenden|nächsten|diesen)\s+)?{_WEEKDAY},?\s+(?:(?:der|den|dem)\s+)?)?"
        rf"(?:{_TOD_PREFIX})?{_DAY}\s?{_MONTH_ABBR}(?:\s+(?:des\s+Jahres\s+)?{_ANY_YEAR})?(?:,\s+{_CLOCK})?",
        _b_day_month, 4, anchor=r"\d\d?\.\s?(?:Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)", back=5,
    ),
    make_rule(rf"{_TOD_PREFIX}{_DAY}(?=\s+(?:auf|zum|zur)\s)", _b_day_only, 3, anchor=_A_TOD, back=2),
    make_rule(rf"{_DAY}(?=\s?(?:/|–|-|bis(?:\s+zum)?|und|oder)\s?\d{{1,2}}\.\s?(?:{_MONTH_FULL}))", _b_day_only,
              anchor=r"\d\d?\.\s?(?:/|–|-|bis|und|oder)"),
    make_rule(rf"{_GEGEN}(?:{_MOD_WORD}\s+)?{_MONTH}\s+(?:des\s+Jahres\s+)?{_ANY_YEAR}", _b_month_year, 3,
              anchor=_A_MONTH, back=2),
    make_rule(
        rf"{_GEGEN}(?:{_MOD_WORD}\s+)?{_MONTH}\s+(?:(?P<which>desselben|des(?:\s+(?:selben|gleichen|folgenden|"
        rf"nächsten|darauffolgenden|vorangegangenen|vorigen|letzten|kommenden|vergangenen))?)\s+Jahres)",
        _b_month_rel, 3, anchor=_A_MONTH, back=2,
    ),
    make_rule(rf"{_GEGEN}(?:{_MOD_WORD}\s+)?{_MONTH}", _b_month, anchor=_A_MONTH, back=2),
    make_rule(
        rf"(?:(?P<adj>frühen|späten)\s+)?(?P<season>Frühling|Frühjahrs?|Frühsommers?|Hochsommers?|Spätsommers?|"
        rf"Sommers?|Frühherbst(?:es|s)?|Spätherbst(?:es|s)?|Herbst(?:es|s)?|Frühwinters?|Spätwinters?|Winters?)"
        rf"{_END}(?:\s+(?:des\s+Jahres\s+)?{_ANY_YEAR}|\s+(?P<which>des(?:\s+(?:selben|gleichen|folgenden|nächsten|"
        rf"darauffolgenden|vorangegangenen|vorigen|letzten|kommenden|vergangenen))?|desselben)\s+Jahres)?",
        _b_season, 2, anchor=r"(?:Früh|Hoch|Spät|Sommer|Herbst|Winter)", back=1,
    ),
    make_rule(
        rf"(?:(?P<approx>[Uu]m\s+das\s+Jahr|[Uu]m|[Ee]twa|[Cc]a\.|[Cc]irca)\s+(?=\d{{1,4}}{_ERA_LOOK})|{_GEGEN}{_MOD_WORD}"
        rf"\s+(?:des\s+Jahres\s+)?|(?P<jahr>Jahr|Jahre|Jahres|Jahren)\s+)?{_ANY_YEAR}",
        _b_year, anchor=_A_YEAR, back=4,
    ),
    make_rule(rf"(?:(?P<jahr>Jahr|Jahre|Jahres|Jahren)\s+|(?P<approx>[Uu]m|[Ee]twa|[Cc]a\.)\s+)(?P<year_bc>\d{{3}})"
              rf"(?=/\d{{3}}{_ERA_LOOK})", _b_year, anchor=r"\d\d\d/\d\d\d", back=1),
    make_rule(r"(?<![\d.,])(?P<year_bc>[1-9]\d\d)(?![\d.,]|\s?[/–-]?\s?\d)", _b_bare_ancient_year,
              anchor=r"[1-9]\d\d(?!\d)"),
    make_rule(r"[/–](?<=\d\d\d\d[/–])(?P<t>(?P<year>\d\d))(?!\d|[.,]\d)", _b_short_year),
    make_rule(rf"(?P<month>{alternation(_ENGLISH_MONTHS, capitalised=True)})"
              r"\s(?P<day>[1-9]|[12]\d|3[01]),\s(?P<year>1[89]\d\d|20\d\d)(?!\d)", _b_day_month, 4),
    make_rule(rf"(?<![\wäöüß-])(?P<hol>{'|'.join(f'(?:{pattern.pattern})' for pattern, _m, _d in _NAMED_DAYS)})"
              rf"(?:\s+{_YEAR})?{_END}", _b_named_day, anchor=_A_NAMED_DAY, back=3),
    make_rule(rf"(?P<ord>[1-4]\.|erste[nrs]?|zweite[nrs]?|dritte[nrs]?|vierte[nrs]?|letzte[nrs]?)\s+"
              rf"(?P<what>Halbjahr(?:es|s)?|Jahreshälfte|Quartals?)(?:\s+{_YEAR})?{_END}", _b_half,
              anchor=r"(?:Halbjahr|Jahreshälfte|Quartal)", back=1),
    make_rule(rf"(?:KW|Kalenderwoche)\s?(?P<week>\d{{1,2}})(?:\s+{_YEAR})?{_END}", _b_iso_week),
    make_rule(
        rf"(?:{_MOD_WORD}\s+der\s+|(?:den|die|der)\s+)?(?:(?P<dec>1[0-9]{{2}}0|20[0-9]0|[1-9][0-9]?0)er(?:\s|-)?"
        rf"Jahre[n]?|(?P<decw>zwanziger|dreißiger|vierziger|fünfziger|sechziger|siebziger|achtziger|neunziger)"
        rf"\s+Jahre[n]?)(?P<bc>\s?v\.\s?Chr\.)?{_END}",
        _b_decade, anchor=(r"\d\d?\d?0er", r"(?:zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)er"),
        back=2,
    ),
    make_rule(rf"(?:{_MOD_WORD}\s+des\s+)?(?P<cent>\d{{1,2}})\.\s?(?:Jahrhunderts?|Jh\.)(?P<bc>\s?v\.\s?Chr\.)?",
              _b_century, anchor=r"\d\d?\.\s?(?:Jahrhundert|Jh\.)", back=2),
    # relative to the last mentioned date
    make_rule(
        rf"{_GEGEN}{_MOD_WORD}\s+des\s+(?:(?P<which>vorangegangenen|vorigen|folgenden|nächsten|selben|gleichen|"
        rf"vergangenen|letzten|kommenden)\s+)?Jahres{_END}",
        _b_year_rel, anchor="Jahres", back=4,
    ),
    make_rule(rf"{_GEGEN}{_MOD_WORD}\s+des\s+(?:selben\s+)?Monats{_END}", _b_month_part, anchor="Monats", back=4),
    make_rule(rf"[Ll]aufe\s+des\s+Tages{_END}", _b_unit_rel("day", 0)),
    make_rule(rf"Jahres(?P<yw>beginn|anfang|ende|mitte|wechsel)(?:\s+{_YEAR})?{_END}", _b_year_word),
    make_rule(rf"(?:[Aa]m|[Aa]n\s+dem)\s+(?:selben|gleichen|demselben)\s+Tag(?:e)?{_END}", _b_unit_rel("day", 0), 2,
              anchor=r"(?:selben|gleichen|demselben)\s+Tag", back=2),
    make_rule(rf"[Aa]n\s+(?:diesem|jenem)\s+Tag(?:e)?{_END}|[Dd]ieses\s+Datum{_END}", _b_unit_rel("day", 0), 2,
              anchor=(r"(?:diesem|jenem)\s+Tag", r"Datum"), back=1),
    make_rule(rf"(?:nächsten|folgenden|darauffolgenden|darauf\s+folgenden)\s+Tag{_END}|(?:am\s+)?Tag\s+darauf{_END}|"
              rf"Folgetag(?:es|s)?{_END}", _b_unit_rel("day", 1),
              anchor=(r"Tag\s+darauf", r"Folgetag", r"folgenden Tag", r"nächsten Tag"), back=1),
    make_rule(rf"(?:vorangegangenen|vorherigen)\s+Tag{_END}|Tag\s+(?:zuvor|davor){_END}|Vortag(?:es|s)?{_END}",
              _b_unit_rel("day", -1),
              anchor=(r"Tag\s+(?:zuvor|davor)", r"Vortag", r"(?:vorangegangenen|vorherigen) Tag")),
    make_rule(rf"(?:[Ii]m\s+)?(?:selben|gleichen|demselben)\s+Monat{_END}", _b_unit_rel("month", 0), 1,
              anchor=r"(?:selben|gleichen|demselben)\s+Monat", back=1),
    make_rule(rf"(?:folgenden|darauffolgenden)\s+Monat{_END}|Folgemonat(?:s)?{_END}", _b_unit_rel("month", 1),
              anchor=(r"(?:folgenden|darauffolgenden)\s+Monat", "Folgemonat")),
    make_rule(rf"das\s+(?:ganze\s+)?(?P<which>folgende|kommende|nächste|weitere|darauffolgende)\s+(?:Kriegs)?Jahr{_END}",
              _b_year_rel),
    make_rule(rf"das\s+ganze\s+Jahr{_END}", _b_unit_rel("year", 0)),
    make_rule(rf"{_REL_WHICH}\s+(?P<unit>Jahr(?:es|e)?|Monat(?:s|e)?|Woche|Tag){_END}", _b_rel_word,
              anchor=r"(?:Jahr|Monat|Woche|Tag)", back=1),
    make_rule(rf"(?P<which>letzte|vergangene|diese|nächste|kommende|vorige)\s+(?P<unit>Woche){_END}", _b_rel_word,
              anchor="Woche", back=1),
    make_rule(rf"(?P<which>Folge|Vor)jahr(?:es|s)?{_END}", _b_year_rel),
    make_rule(rf"Jahr\s+(?P<which>darauf){_END}", _b_year_rel),
    make_rule(rf"(?:(?P<dmod>knapp|etwa|rund|fast|gut|ca\.)\s+)?{_NUM}\s+{_UNIT}\s+(?P<dir>später|danach|darauf|zuvor|"
              rf"vorher|früher|davor){_END}", _b_shift, 1,
              anchor=r"(?:später|danach|darauf|zuvor|vorher|früher|davor)", back=5),
    make_rule(rf"[Nn]ach\s+(?:(?P<dmod>etwa|rund|knapp|fast)\s+)?{_NUM_WORD2}\s+{_UNIT}", _b_nach, 1),
    make_rule(rf"(?<!\bden )(?<!\bdie )(?<!\bder )(?:(?P<dmod>knapp|etwa|rund|gut|fast)\s+)?{_NUM}\s+{_UNIT}\s+"
              rf"(?P<dir>nach|vor)\s+(?P<event>{_HAPPENING})",
              _b_after_event, 2, anchor=r"\s(?:nach|vor)\s+(?:de|sein|ihr)", back=4),
    make_rule(rf"(?P<t>(?:(?P<dmod>knapp|etwa|rund|gut|fast)\s+)?{_NUM}\s+{_UNIT})\s+(?P<dir>nach|vor)\s+"
              rf"(?:dem\s+)?(?=\d{{1,2}}\.\s?(?:{_MONTH_FULL}))", _b_after_event, 2,
              anchor=r"(?:nach|vor)\s+(?:dem\s+)?\d", back=4),
    make_rule(rf"(?<=\d[-–])(?P<num>\d+)\s+{_UNIT}{_END}", _b_duration, anchor=r"(?<=\d[-–])\d+\s"),
    # the first partner of a range ("vier" of "vier bis fünf Wochen") with the unit the second one names
    make_rule(rf"(?P<t>{_NUM})\s*(?:bis|oder|[-–])\s*(?:\d+|(?i:{_NUMWORD}))\s+{_UNIT}{_END}", _b_duration,
              anchor=_A_UNIT, back=4),
    # relative to the document date
    make_rule(rf"[Vv]or\s+(?:(?:etwa|rund|knapp|fast|gut)\s+)?{_NUM}\s+{_UNIT}", _b_ago, 1),
    make_rule(rf"(?<![\wäöüß])(?:[Hh]eute(?!-)|[Hh]eutigen\s+Tag(?:es|e)?)(?:\s+(?P<tod>[Mm]orgen|[Vv]ormittag|[Mm]ittag|"
              rf"[Nn]achmittag|[Aa]bend|[Nn]acht|früh))?{_END}", _b_deictic_day(0), anchor=r"(?:heut|Heut)"),
    make_rule(rf"(?<![\wäöüß])[Gg]estern(?:\s+(?P<tod>[Mm]orgen|[Vv]ormittag|[Mm]ittag|[Nn]achmittag|[Aa]bend|"
              rf"[Nn]acht|früh))?{_END}", _b_deictic_day(-1), anchor=r"(?:gestern|Gestern)"),
    make_rule(rf"(?<![\wäöüß])[Vv]orgestern{_END}", _b_deictic_day(-2), anchor=r"(?:vorgestern|Vorgestern)"),
    make_rule(rf"(?<![\wäöüßA-Z])(?<!\bam )(?<!\bAm )(?<!\bden )(?<!\bdem )(?<!\bdes )(?<!\bjeden )morgen"
              rf"(?:\s+(?P<tod>früh|[Vv]ormittag|[Mm]ittag|[Nn]achmittag|[Aa]bend))?{_END}", _b_deictic_day(1),
              anchor="morgen"),
    make_rule(rf"(?<![\wäöüß])[Üü]bermorgen{_END}", _b_deictic_day(2), anchor=r"(?:übermorgen|Übermorgen)"),
    make_rule(rf"(?<![\wäöüß])(?:[Jj]etzt|[Dd]erzeit|[Zz]urzeit|[Gg]egenwärtig|heutiger|heutigen\s+Sicht){_END}",
              _b_fixed("PRESENT_REF"), anchor=r"(?:jetzt|Jetzt|derzeit|Derzeit|zurzeit|Zurzeit|gegenwärtig|"
                                              r"Gegenwärtig|heutige)"),
    make_rule(rf"(?<![\wäöüß])(?:[Bb]ald|[Zz]ukünftig|[Kk]ünftig|in\s+Zukunft|[Ii]n\s+der\s+Folge|Folgezeit|"
              rf"[Ww]enig\s+später|[Kk]urz\s+(?:darauf|danach)|[Kk]urze\s+Zeit\s+später|später)(?!\s+(?:als|Jahr|Tag))"
              rf"{_END}", _b_fixed("FUTURE_REF"),
              anchor=r"(?:bald|Bald|zukünftig|Zukünftig|künftig|Künftig|Zukunft|Folge|später|darauf|danach)", back=2),
    make_rule(rf"(?<![\wäöüß])(?:[Kk]urz\s+(?:zuvor|vorher)|[Kk]ürzlich|[Zz]wischenzeitlich|[Vv]orher|[Ee]inst){_END}",
              _b_fixed("PAST_REF"), anchor=r"(?:zuvor|vorher|Vorher|kürzlich|Kürzlich|zwischenzeitlich|"
                                           r"Zwischenzeitlich|einst|Einst)", back=1),
    make_rule(rf"(?<![\wäöüß])(?:[Ww]enige|[Ee]inige|[Mm]ehrere)\s+(?P<unit>Minuten|Stunden|Tage|Wochen|Monate|Jahre)\s+"
              rf"später{_END}",
              _b_fixed("FUTURE_REF"), 1, anchor="später", back=2),
    make_rule(rf"(?<![\wäöüß])(?:[Ww]enige|[Ee]inige|[Mm]ehrere)?\s*(?P<unit>Tage|Wochen|Monate|Jahre)\s+(?:zuvor|"
              rf"vorher){_END}", _b_fuzzy_duration, 1, anchor=r"(?:zuvor|vorher)", back=2),
    make_rule(rf"[Vv]or\s+(?:wenigen|einigen|kurzem|kurzer\s+Zeit)(?:\s+(?:Tagen|Wochen|Monaten|Jahren))?{_END}",
              _b_fixed("PAST_REF"), 1),
    make_rule(rf"(?<![\wäöüß]){_WEEKDAY}{_WD_TOD}{_END}", _b_weekday, anchor=_A_WEEKDAY),
    make_rule(rf"(?P<which>vergangenen|letzten|kommenden|nächsten|diesen|vorigen)\s+{_WEEKDAY}{_WD_TOD}{_END}",
              _b_weekday, anchor=_A_WEEKDAY, back=1),
    # durations and sets
    make_rule(rf"(?:(?P<dmod>mehr\s+als|weniger\s+als|über|fast|knapp|etwa|rund|ca\.|circa|ungefähr|gut|mindestens|"
              rf"höchstens|beinahe|nahezu)\s+)?(?<![\d.,]){_NUM}\s+{_UNIT}{_END}", _b_duration, anchor=_A_UNIT, back=4),
    make_rule(rf"(?:(?:[Mm]ehrere[nr]?|[Ee]inige[nr]?|[Ww]enige[nr]?|[Vv]iele[nr]?|[Ee]tliche[nr]?)\s+"
              rf"(?P<unit>Sekunden|Minuten|Stunden|Tagen?|Wochen|Monaten?|Jahren?|Jahrzehnten?)|"
              rf"(?:diesen|ersten|frühen|folgenden|letzten|vergangenen|kommenden|nächsten)\s+(?:{_NUM}\s+)?"
              rf"(?P<unit2>Tagen?|Wochen|Monaten?|Jahren?|Jahrzehnten?))(?![\wäöüß]|\s+\d)", _b_fuzzy_duration,
              anchor=r"(?:Sekunden|Minuten|Stunden|Tage|Wochen|Monate|Jahre)", back=2),
    make_rule(rf"(?<=seit )(?P<unit>Jahren|Monaten|Wochen|Tagen|Jahrzehnten|Stunden){_END}", _b_fuzzy_duration,
              anchor=r"(?:Jahren|Monaten|Wochen|Tagen|Jahrzehnten|Stunden)"),
    make_rule(rf"(?<![\wäöüß])(?P<unit>Jahrzehnte|Jahrhunderte|Folgejahre|Folgejahren){_END}", _b_fuzzy_duration,
              anchor=r"(?:Jahrzehnte|Jahrhunderte|Folgejahre)"),
    make_rule(rf"(?:(?P<dmod>fast|knapp|etwa|rund|über)\s+)?(?<![\wäöüß])(?P<num>\d+|(?i:{_NUMWORD}))-?(?P<adj>tägig|wöchig|monatig|jährig|"
              rf"stündig|minütig)(?:e|en|er|es|em)?{_END}", _b_adj_duration,
              anchor=r"(?:tägig|wöchig|monatig|jährig|stündig|minütig)", back=2),
    make_rule(rf"(?<![\wäöüß])(?P<unit>jahrzehnte|jahre|monate|wochen|tage|stunden)lang(?:e|en|er|es|em)?{_END}",
              _b_fuzzy_duration, anchor=r"(?:jahrzehnte|jahre|monate|wochen|tage|stunden)lang"),
    make_rule(rf"(?<![\wäöüß])(?:ganzjährig(?:e|en|er|es|em)?|täglich|wöchentlich|monatlich|jährlich){_END}",
              _b_set, anchor=r"(?:ganzjährig|täglich|wöchentlich|monatlich|jährlich)"),
    make_rule(rf"(?<![\wäöüß])(?P<num>\d+|(?i:{_NUMWORD}))-(?P<unit>Tage)(?=-)",
              _b_duration, anchor=r"-Tage-", back=1),
    # times of day
    make_rule(rf"(?<![\d.:]){_CLOCK}", _b_clock, 1, anchor=r"\d\d?[:.]\d\d\s?Uhr"),
    make_rule(r"(?<![\d.:])(?P<h>[01]?\d|2[0-4])\s?Uhr(?:\s+(?P<mi>[0-5]\d)(?!\d))?", _b_clock,
              anchor=r"\d\d?\s?Uhr"),
    make_rule(rf"Mitternacht{_END}", lambda m: Spec(kind="time", type="TIME", clock="24:00", anchor="previous")),
    make_rule(r"(?:(?P<gegen>[Gg]egen)\s+|(?<=\bam )|(?<=\bAm )|(?<=\bgleichen )|(?<=\bselben )|(?<=\bder ))"
              r"(?P<tod>Morgen|Vormittag|Nachmittag|Abend|Nacht)(?!\s+(?:des|vom|zum|auf))\b", _b_tod,
              anchor=_A_TOD, back=1),
    make_rule(rf"(?:gleichen|selben)\s+(?P<tod>Abend|Morgen|Nachmittag|Vormittag){_END}", _b_tod, 1,
              anchor=r"(?:gleichen|selben)\s"),
    make_rule(rf"(?<![\wäöüß])(?P<tod>nachts){_END}", _b_tod, anchor="nachts"),
]

#: what may stand between two range partners that share a year or month ("Mai/Juni 1940", "vom 20. Februar bis zum
#: 10. März 1905", "in der Nacht vom 16. auf den 17. April")
CONNECTOR = re.compile(
    r"\s*(?:/|–|-|bis(?:\s+(?:zum|zur|in\s+den|Ende|Anfang|Mitte))?|und|oder|bzw\.|auf\s+den|zum)\s*"
)

_FUTURE = re.compile(rf"\b(?:{'|'.join(_LEXICON['future_cues'])})\b")
_PAST = re.compile(rf"\b(?:{'|'.join(_LEXICON['past_cues'])})\b")
_PERFECT_AUX = re.compile(r"\b(?:hat|haben|habe|hast|ist|sind|seien|sei)\b")
_PARTICIPLE = re.compile(
    r"\b(?!geplant|vorgesehen|angesetzt|angekündigt)(?:ge[a-zäöüß]{3,}(?:t|en)|[a-zäöüß]{3,}iert|(?:aus|an|ab|auf|"
    r"ein|vor|zu|mit|bei|fest|über|unter|zurück|weg|her|hin)ge[a-zäöüß]{3,}(?:t|en))\b"
)
_PRETERITE = re.compile(rf"\b(?:{'|'.join(_LEXICON['preterite_verbs'])})\b")
#: (cue, weight): positive weights point to the future, negative ones to the past
_CUES = ((_FUTURE, 2.0), (_PAST, -2.0), (_PRETERITE, -1.5))
#: "past", "future" or ``None`` for the sentence around a relative expression. Crude on purpose: enough to pick the
#: Tuesday before for "Am Dienstag haben … ausgetauscht" and the Friday after for "wird am Freitag … stattfinden";
#: a perfect tense ("hat … ausgetauscht") counts as past, "geplant"/"vorgesehen" as future.
tense = cue_tense(_CUES, perfect=(_PERFECT_AUX, _PARTICIPLE, -2.0))
