"""English temporal expression patterns for :mod:`newsdesk.analysis.timex` (simpler than German: news English only).

Covers absolute dates ("May 2, 2013", "2 May 2013", "May 2013", "2013-05-02", "2013"), weekdays with tense
("on Tuesday", "last Friday"), deictic words ("yesterday", "today", "tomorrow", "tonight", "last week", "next
month", "this year", "two weeks ago"), anaphora ("the same day", "the next day", "two days later", "a year
earlier"), modifiers ("early May", "mid-2019", "late 2019"), seasons, decades, centuries, clock times and
durations ("three years", "several days"). Spans follow TIMEX conventions: prepositions stay outside ("on
[Tuesday]"), modifiers inside ("[late 2019]", "[two weeks ago]").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsdesk.lang import alternation, get
from newsdesk.lang.timex_rules import DURATION, Spec, cue_tense, make_rule

__all__ = ["CONNECTOR", "MONTHS", "RULES", "WEEKDAYS", "tense"]

MONTHS: dict[str, int] = get("en").months
WEEKDAYS: dict[str, int] = get("en").weekdays
NUMBERS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "a couple of": 2, "a half": 0.5, "half a": 0.5,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_MODS = {"early": "START", "mid": "MID", "late": "END", "the end of": "END", "the beginning of": "START",
         "the start of": "START", "the middle of": "MID"}  # fmt: skip
_TOD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_UNITS = {"second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
          "week": ("W", False), "month": ("M", False), "year": ("Y", False), "decade": ("DE", False),
          "century": ("CE", False), "centurie": ("CE", False)}  # fmt: skip
_REL_UNITS = {"D": "day", "W": "week", "M": "month", "Y": "year"}

_END = r"(?![\w])"
_MONTH_NAME = alternation(get("en").month_names, capitalised=True)
_MONTH_ABBR = alternation(get("en").month_abbreviations, capitalised=True)
_MONTH = rf"(?P<month>(?:{_MONTH_NAME})(?!\w)|(?:{_MONTH_ABBR})\.?(?!\w))"
_A_MONTH = rf"(?:{alternation(MONTHS, capitalised=True)})"
_YEAR = r"(?P<year>1[0-9]{3}|20[0-9]{2})(?!\d)"
_ERA = r"(?:\s?(?P<bc>BC|B\.C\.|BCE)|\s?(?P<ad>AD|A\.D\.|CE))"
_NUMWORDS = "|".join(sorted((re.escape(w) for w in NUMBERS), key=len, reverse=True))
_NUM = rf"(?<![\w])(?P<num>\d+(?:\.\d+)?|(?i:{_NUMWORDS})){_END}"
_UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)"
_A_WEEKDAY = rf"(?:{alternation(WEEKDAYS, capitalised=True)})"
_WEEKDAY = rf"(?P<wd>{_A_WEEKDAY})"
_MOD = r"(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?"


def _unit(word: str) -> tuple[str, bool]:
    stem = word.lower().rstrip("s")
    return _UNITS.get(stem, ("D", False))


def _number(word: str) -> float | None:
    word = word.lower()
    if word in NUMBERS:
        return NUMBERS[word]
    try:
        return float(word)
    except ValueError:
        return None


def _mod(m: re.Match[str]) -> str | None:
    word = m.groupdict().get("mod")
    return _MODS.get(re.sub(r"\s+", " ", word.lower())) if word else None


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _with_year(m: re.Match[str], spec: Spec) -> Spec:
    groups = m.groupdict()
    if groups.get("year"):
        spec.year = int(groups["year"])
        if groups.get("bc"):
            spec.bc = True
    return spec


def _b_iso(m: re.Match[str]) -> Spec | None:
    month, day = int(m["mnum"]), int(m["day"])
    return Spec(year=int(m["year"]), month=month, day=day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _b_mdy(m: re.Match[str]) -> Spec | None:
    spec = _with_year(m, Spec(month=_month(m["month"]), day=int(m["day"])))
    if m.groupdict().get("wd"):
        spec.weekday = WEEKDAYS[m["wd"].lower()]
    return spec


def _b_month(m: re.Match[str]) -> Spec | None:
    if m["month"].startswith("May") and not m.groupdict().get("year") and not m.groupdict().get("mod"):
        before = m.string[max(0, m.start() - 6) : m.start()]
        if not re.search(r"\b(?:in|of|since|until|by|early|late|mid|this|last|next)\s*$", before, re.I):
            return None  # "may" the verb at sentence start, "May" the name
    return _with_year(m, Spec(month=_month(m["month"]), mod=_mod(m)))


def _b_year(m: re.Match[str]) -> Spec | None:
    spec = _with_year(m, Spec(mod=_mod(m)))
    if not m.groupdict().get("mod") and _QUANTITY_AFTER.match(m.string, m.end()):
        return None
    return spec


_QUANTITY_AFTER = re.compile(
    r"\s*(?:%|percent|people|troops|soldiers|dollars|euros|pounds|km|kilometers|miles|yards|feet|meters|metres|tons|"
    r"votes|seats|points|residents|homes|cars|users|employees|workers|copies|units)\b"
)


def _b_season(m: re.Match[str]) -> Spec | None:
    spec = _with_year(m, Spec(part=_SEASONS[m["season"].lower()], mod=_mod(m)))
    if spec.year is None:
        which = (m.groupdict().get("which") or "").lower()
        if not which:
            return None
        spec.rel, spec.anchor = ("year", {"last": -1, "next": 1}.get(which, 0)), "dct"
    return spec


def _b_decade(m: re.Match[str]) -> Spec | None:
    digits = m["dec"]
    decade = int(digits) // 10 if len(digits) == 4 else 190 + int(digits) // 10
    return Spec(decade=decade, mod=_mod(m))


def _b_century(m: re.Match[str]) -> Spec | None:
    number = int(m["cent"])
    if not 1 <= number <= 21:
        return None
    return Spec(century=number - 1, bc=True if m.groupdict().get("bc") else None, mod=_mod(m))


def _b_deictic(offset: int) -> Callable[[re.Match[str]], Spec]:
    def build(m: re.Match[str]) -> Spec:
        fallback = "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF")
        spec = Spec(rel=("day", offset), anchor="dct", fallback=fallback)
        tod = m.groupdict().get("tod")
        if tod:
            spec.tod = _TOD.get(tod.lower())
        return spec

    return build


def _b_rel(m: re.Match[str]) -> Spec | None:
    which = m["which"].lower()
    unit = _REL_UNITS.get(_unit(m["unit"])[0])
    if unit is None:
        return None
    offset = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(which, 0)
    anchor = "previous" if which in ("previous", "following", "same") else "auto"
    return Spec(rel=(unit, offset), anchor=anchor, week=unit == "week")


def _b_shift(m: re.Match[str]) -> Spec | None:
    amount = _number(m["num"])
    unit = _REL_UNITS.get(_unit(m["unit"])[0])
    if amount is None or unit is None or amount != int(amount):
        return None
    direction = m["dir"].lower()
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    anchor = "dct" if direction in ("ago", "from now") else "previous"
    return Spec(rel=(unit, sign * int(amount)), anchor=anchor, week=unit == "week" and anchor == "dct",
                fallback="PAST_REF" if sign < 0 else "FUTURE_REF")


def _b_weekday(m: re.Match[str]) -> Spec | None:
    spec = Spec(kind="weekday", weekday=WEEKDAYS[m["wd"].lower()], anchor="auto")
    which = (m.groupdict().get("which") or "").lower()
    spec.direction = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
    tod = m.groupdict().get("tod")
    if tod:
        spec.tod = _TOD.get(tod.lower())
    return spec


def _b_duration(m: re.Match[str]) -> Spec | None:
    if m.groupdict().get("num", "").lower() == "a" and m["unit"].lower() == "second":
        return None  # "a second rehab center"
    amount = _number(m["num"]) if m.groupdict().get("num") else None
    unit, is_time = _unit(m["unit"])
    prefix = "PT" if is_time else "P"
    if amount is None:
        value = f"{prefix}X{unit}"
    elif amount == int(amount):
        value = f"{prefix}{int(amount)}{unit}"
    elif unit == "Y" and not is_time:
        value = f"P{round(amount * 12)}M"
    else:
        value = f"{prefix}{amount:g}{unit}"
    return Spec(kind="fixed", type=DURATION, value=value)


def _b_fixed(value: str) -> Callable[[re.Match[str]], Spec]:
    def build(_m: re.Match[str]) -> Spec:
        return Spec(kind="fixed", value=value)

    return build


def _b_clock(m: re.Match[str]) -> Spec | None:
    hour, minute = int(m["h"]), int(m.groupdict().get("mi") or 0)
    half = (m.groupdict().get("ampm") or "").lower().replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return Spec(kind="time", type="TIME", clock=f"{hour:02d}:{minute:02d}")


RULES = [
    make_rule(r"(?<![\d-])(?P<year>\d{4})-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)", _b_iso, 5, anchor=r"\d\d\d\d-\d\d-\d\d"),
    make_rule(rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?",
              _b_mdy, 4, anchor=_A_MONTH, back=1),
    make_rule(rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
              rf"(?:,?\s+{_YEAR})?", _b_mdy, 4, anchor=_A_MONTH, back=4),
    make_rule(rf"{_MOD}{_MONTH}(?:,?\s+{_YEAR})?", _b_month, 2, anchor=_A_MONTH, back=3),
    make_rule(rf"{_MOD}(?:the\s+)?(?:(?P<which>last|next|this)\s+)?(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|"
              rf"[Ww]inter)(?:\s+(?:of\s+)?{_YEAR})?{_END}", _b_season, 1,
              anchor=r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)", back=4),
    make_rule(rf"{_MOD}(?<![\d.,$€£]){_YEAR}{_ERA}?(?![.,]\d)", _b_year, anchor=r"\d\d\d\d(?!\d)", back=4),
    make_rule(rf"{_MOD}(?:the\s+)?(?P<dec>1[0-9]{{2}}0|20[0-9]0|[1-9]0)'?s{_END}", _b_decade, anchor=r"\d0'?s", back=4),
    make_rule(rf"{_MOD}(?:the\s+)?(?P<cent>\d{{1,2}})(?:st|nd|rd|th)\s+century{_ERA}?", _b_century,
              anchor=r"\d\d?(?:st|nd|rd|th)\s+century", back=4),
    make_rule(rf"[Tt]oday{_END}", _b_deictic(0)),
    make_rule(rf"[Tt]onight{_END}", lambda m: Spec(rel=("day", 0), anchor="dct", tod="NI", fallback="PRESENT_REF")),
    make_rule(rf"[Yy]esterday(?:\s+(?P<tod>morning|afternoon|evening))?{_END}", _b_deictic(-1)),
    make_rule(rf"[Tt]omorrow(?:\s+(?P<tod>morning|afternoon|evening|night))?{_END}", _b_deictic(1)),
    make_rule(rf"(?:[Tt]he\s+)?(?P<which>(?i:last|past|previous|next|coming|following|this|same))\s+(?P<unit>week|month|year|"
              rf"day){_END}", _b_rel, anchor=r"(?:week|month|year|day)", back=2),
    make_rule(rf"{_NUM}\s+{_UNIT}\s+(?P<dir>ago|earlier|later|from\s+now|(?:before|after)(?=\s*(?:[,.;:!?)]|$))){_END}",
              _b_shift, 1,
              anchor=r"(?:ago|earlier|later|before|after|from)", back=3),
    make_rule(rf"(?:(?P<which>(?i:last|next|this|coming|past))\s+)?{_WEEKDAY}(?:\s+(?P<tod>morning|afternoon|evening|night))?"
              rf"{_END}", _b_weekday, anchor=_A_WEEKDAY, back=1),
    make_rule(rf"{_NUM}\s+{_UNIT}{_END}", _b_duration,
              anchor=r"(?:second|minute|hour|day|week|month|year|decade|centur)", back=3),
    make_rule(rf"(?:[Ss]everal|[Ff]ew|[Mm]any)\s+{_UNIT}{_END}", _b_duration,
              anchor=r"(?:second|minute|hour|day|week|month|year|decade|centur)", back=1),
    make_rule(rf"(?<![\w])(?:[Nn]ow|[Cc]urrently|[Nn]owadays|[Aa]t\s+present){_END}", _b_fixed("PRESENT_REF"),
              anchor=r"(?:now|Now|currently|Currently|nowadays|Nowadays|present)", back=1),
    make_rule(rf"(?<![\w])(?:[Rr]ecently|[Ee]arlier\s+this\s+(?:week|month|year)|[Ff]ormerly){_END}",
              _b_fixed("PAST_REF"), anchor=r"(?:recently|Recently|earlier|Earlier|formerly|Formerly)"),
    make_rule(rf"(?<![\w])(?:[Ss]oon|[Ii]n\s+the\s+future|[Ll]ater\s+this\s+(?:week|month|year)){_END}",
              _b_fixed("FUTURE_REF"), anchor=r"(?:soon|Soon|future|later|Later)", back=2),
    make_rule(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s?(?P<ampm>[ap]\.?m\.?)(?!\w)", _b_clock, 1,
              anchor=r"\d\d?(?::\d\d)?\s?[ap]\.?m"),
    make_rule(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!\d)", _b_clock, anchor=r"\d\d?:\d\d"),
]

#: between range partners that share a year or month ("May 3 to June 5, 2019", "March/April 2020")
CONNECTOR = re.compile(r"\s*(?:/|–|-|to|through|until|and|or)\s*")

_FUTURE = re.compile(r"\b(?:will|shall|going\s+to|is\s+to|are\s+to|plans?\s+to|scheduled|expected\s+to|due\s+to|"
                     r"next|upcoming|tomorrow)\b", re.I)  # fmt: skip
_PAST = re.compile(r"\b(?:was|were|had|did|said|told|met|went|took|gave|came|held|made|saw|left|won|lost|began|"
                   r"spoke|yesterday|last|ago|earlier|[a-z]{3,}ed)\b", re.I)  # fmt: skip


#: "past", "future" or ``None`` for the sentence around a relative expression; cues near it count more
tense = cue_tense(((_FUTURE, 2.0), (_PAST, -1.5)))
