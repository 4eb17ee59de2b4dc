"""Clean a scraped plain-text article: keep the body, move title, byline and dateline to metadata, drop debris.

Scraped text carries page furniture around the article: breadcrumbs, bylines, datelines, photo credits and
captions, "Lesen Sie auch" teasers, comment widgets, social embeds, adverts, trailing author tags and stray markup.
Later stages (sentences, quotes, clustering) read every line as article prose, so debris must go; but a lost body
sentence is worse than a kept teaser, so every rule is anchored on a pattern that body prose does not have, and
every decision is recorded as a :class:`~newsdesk.model.RemovedLine` so that a user can audit and dispute it.

The input keeps one paragraph (or heading) per line; the output separates paragraphs by one blank line. The
patterns are data (``newsdesk/lang/<code>/clean.json``, compiled by :mod:`newsdesk.lang.rules`); this module holds
the structural decisions that need context: where the title is, which numbered lines at the top are navigation,
which caption sits next to a credit, what the tag at the end of the last paragraph is, which lines are in another
language than the article.

Invariant: every non-blank input line is either in ``CleanedText.text`` (whitespace-normalised, possibly with
recorded fragments cut out) or in ``CleanedText.removed``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsdesk.lang import normalise
from newsdesk.lang.rules import CleanRules, load_rules, shared_matcher
from newsdesk.langid import LanguageGuess, detect_language, detect_lines
from newsdesk.model import RemovedLine

__all__ = ["RULE_NAMES", "CleanedText", "clean_authors", "clean_text", "clean_title", "normalize_line"]

LOGGER = logging.getLogger(__name__)

#: every rule name ``RemovedLine.rule`` can carry
RULE_NAMES = (
    "title", "byline", "dateline", "breadcrumb", "photo_credit", "photo_caption", "teaser", "comments",
    "social_embed", "advert", "widget", "author_tag", "markup", "foreign_language",
)  # fmt: skip
TITLE_MAX_WORDS = 20
#: a kicker above the headline has at most this many words
KICKER_MAX_WORDS = 2
#: a line of at least this many words that ends like a sentence is article body
BODY_MIN_WORDS = 8
#: metadata lines (bylines, datelines) are short; longer lines are never tried against those patterns
META_MAX_CHARS = 160
CAPTION_MAX_WORDS = 30
#: a teaser line this short is a heading over a list of teaser headlines ("Auch interessant", "Related:")
TEASER_HEADING_MAX_WORDS = 5
CREDIT_ONLY_MAX_WORDS = 8
FOREIGN_MIN_WORDS = 4
FOREIGN_MIN_CONFIDENCE = 0.9
#: if more of the body than this is in other languages, the page is bilingual (or its language wrong), and the lines
#: are content, not debris: drop nothing (on pages with German articles under English comments, the German lines
#: were 39-46 % of the text)
FOREIGN_MAX_SHARE = 0.25
#: language detection on the body needs this confidence, else the language stays unknown
LANGUAGE_MIN_CONFIDENCE = 0.3
#: characters of body text whose lines language detection sees: the majority is settled long before, and the cost of
#: detection grows with length
_SAMPLE_CHARS = 20000
#: characters of one line that language detection sees
_LINE_CHARS = 400

_INVISIBLE = str.maketrans("", "", "\u200b\u2060\ufeff\u00ad")
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,200})?/?>|</[A-Za-z][\w-]*\s*$")
_TAG_AT_END = re.compile(r"(?<=[.!?“”\"»«'’])\s*\((?P<tag>[^()]{1,60})\)\s*$")
_TAG_LINE = re.compile(r"^\((?P<tag>[^()]{1,60})\)$")
#: Debris lines (comment footers, embeds, bylines) are short; a line this long that a rule matches is a paragraph
#: with debris inside it, cleaned sentence by sentence.
PARAGRAPH_MIN_CHARS = 400
_SENTENCE_GAP = re.compile(r"[.!?…][“”\"»«'’)]*(\s+)(?=[„\"»«(]?[A-ZÄÖÜ0-9])")
_SENTENCE_END = re.compile(r"[.!?:;…][“”\"»«'’)]*$")
_ENDS_SENTENCE_BEFORE = re.compile(r"[.!?…][“”\"»«'’)]*\s*$")
_QUOTED = re.compile(r"„[^“”\"]*[“”\"]|“[^”„]*”|\"[^\"]*\"|»[^«]*«|«[^»]*»")
_QUOTE_CHARS = '„“”"»«'
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PLACE = re.compile(r"^[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*){0,2}$")
_OUTLET_SUFFIX = re.compile(r"^\s*[|–—:-]\s*\S")
#: An outlet name after a title ("… | Hanse Nachrichten") is short; a longer rest is body text that a dash starts.
OUTLET_SUFFIX_MAX_WORDS = 5
#: what separates a site name or date from a page title: "Titel | Kurier", "Titel – DW – 13.06.2023", "Golem.de: …"
_TITLE_SEPARATOR = re.compile(r"\s+[|–—·•/~»-]{1,2}\s+|\s*\|\s*|(?<=\S):\s+")
_SEPARATOR_CHARS = "|–—·•/~»-:"
_DATE_ONLY = re.compile(r"[\d\s./:,-]+(?:Uhr)?", re.IGNORECASE)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_TLD = re.compile(r"^(?:www\.)?(?P<name>.+?)(?:\.(?:de|at|ch|com|net|org|eu|info|online|news|example))?$")
#: legal forms and newsroom words: an "author" carrying one is an organisation, not a person
_ORGANISATION = re.compile(
    r"\b(?:GmbH|AG|KG|KGaA|SE|mbH|e\.\s?V\.|Ltd\.?|Inc\.?|LLC|S\.A\.|Verlag|Verlagsgruppe|Mediengruppe|"
    r"Redaktion|Newsroom|Online-Redaktion|Staff)(?!\w)"
)
_AUTHOR_PREFIX = re.compile(
    r"^(?:(?:ein\s+)?(?:Beitrag|Artikel|Text|Kommentar)\s+von|Autor(?:in)?|Author|Verfasst\s+von|Written\s+by|"
    r"Von|By|Text|Fotos?)\s*[:|–-]?\s+(?=[A-ZÄÖÜ])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The result of cleaning one article.

    text: the body, one paragraph per input line, paragraphs separated by one blank line.
    title: the headline found as the first line (``None`` when given by the caller or not found).
    authors: from the byline, else a full name in the closing author tag, else agencies.
    published: ISO date (``YYYY-MM-DD``) or date-time (``YYYY-MM-DDTHH:MM:00``) from a dateline.
    language: the caller's language, else the one detected on the body (``None`` when unsure).
    removed: every non-blank input line (or cut-out fragment) not in ``text``, in line order.
    """

    text: str
    title: str | None
    authors: list[str]
    published: str | None
    language: str | None
    removed: list[RemovedLine]


@dataclass(slots=True)
class _Line:
    no: int
    raw: str
    text: str  # whitespace-normalised; fragments cut out as they are found
    blank_before: bool  # a blank line (or the start of the text) precedes it
    rule: str | None = None  # set when the whole line is removed
    parts: list[tuple[str, str]] = field(default_factory=list)  # (fragment, rule) cut out of the line


@dataclass(slots=True)
class _Meta:
    persons: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)  # (kind, iso)


def normalize_line(line: str) -> str:
    """A line with invisible characters dropped and runs of whitespace collapsed to one space (the form in which
    kept lines appear in ``CleanedText.text``)."""
    if "\u200b" in line or "\u2060" in line or "\ufeff" in line or "\u00ad" in line:
        line = line.translate(_INVISIBLE)
    return " ".join(line.split())


def _site_keys(name: str) -> set[str]:
    """Ways a site name appears in a title or byline: "Börsen-Zeitung", "boersen-zeitung.de", initials ("DW")."""
    key = normalize_line(name).casefold()
    keys = {key, key.translate(_UMLAUTS)}
    keys |= {found.group("name") for key in list(keys) if (found := _TLD.match(key))}
    words = re.findall(r"[^\W\d_]+", key)
    if len(words) >= 2:
        keys.add("".join(word[0] for word in words))
    return {key for key in keys if key}


def _is_site(part: str, sites: set[str]) -> bool:
    part = part.strip(" -–—|:")
    return bool(part) and (bool(_site_keys(part) & sites) or bool(_DATE_ONLY.fullmatch(part)))


def clean_title(title: str, *, sites: Iterable[str] = (), headlines: Iterable[str] = ()) -> str:
    """A page title without the site name and date that pages add around the headline.

    Where an on-page headline (``<h1>``) is the title up to a separator, it is the answer. Otherwise only parts
    before the first or after the last separator that are a site name (``sites``: outlet, ``og:site_name``, host;
    matched also as host name and initials) or a date are cut, so "Merz: Die Union steht" keeps its colon part.
    sites (Iterable[str]): Names of the outlet or site.
    headlines (Iterable[str]): Headings found on the page.
    RETURNS (str): The title, never empty.
    """
    title = normalize_line(title)
    for headline in map(normalize_line, headlines):
        if len(headline.split()) < 2 or headline == title:
            continue
        if title.startswith(headline) and _TITLE_SEPARATOR.match(title[len(headline) :]):
            return headline
        before = title[: -len(headline)]
        if title.endswith(headline) and before[-1:].isspace() and before.rstrip()[-1:] in _SEPARATOR_CHARS:
            return headline
    keys = set().union(*map(_site_keys, (site for site in sites if site)))
    parts = _TITLE_SEPARATOR.split(title)
    while len(parts) > 1 and _is_site(parts[-1], keys):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], keys):
        parts.pop(0)
    if len(parts) == len(_TITLE_SEPARATOR.split(title)):
        return title
    start = title.index(parts[0])
    end = title.rindex(parts[-1]) + len(parts[-1])
    return title[start:end]


def clean_authors(names: Iterable[str], *, sites: Iterable[str] = ()) -> list[str]:
    """Author names without prefixes ("Autor", "Von", "By") and without organisations: the outlet (``sites``, also
    by initials) or anything with a legal form or newsroom word ("… GmbH", "Redaktion") is not an author."""
    keys = set().union(*map(_site_keys, (site for site in sites if site)))
    cleaned: list[str] = []
    for name in names:
        name = _AUTHOR_PREFIX.sub("", normalize_line(name)).strip(" ,;")
        if not name or _ORGANISATION.search(name) or _site_keys(name) & keys:
            continue
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


def clean_text(text: str, *, language: str | None = None, title: str | None = None) -> CleanedText:
    """Clean one plain-text article (see the module docstring).

    language: the article language from metadata (``de``, ``de-DE``); ``None`` detects it on the body.
    title: the headline from metadata, if any: then no title is searched in the text, but a first line equal to
        it is dropped.

    A language that detection on the raw lines could not settle is detected again on the cleaned body, and the
    text cleaned with it: debris such as markup lines can hide the language of a short body, and our own export
    of the article (clean text, language unknown) must come out with the language that this text gets.
    """
    lines = _split(text)
    shared = shared_matcher()
    for line in lines:
        line.rule = shared.rule(line.text)
    lang = language or _detect(lines)
    code = normalise(lang)
    rules = load_rules(code)
    meta = _Meta()
    if rules is not None:
        for line in lines:
            if line.rule is None:
                line.rule = _classify(line.text, rules, meta)
    _keep_paragraphs(lines, lambda sentence: shared.rule(sentence) or (rules.lines.rule(sentence) if rules else None))
    if rules is not None:
        _numbered_breadcrumbs(lines, rules)
    _strip_markup(lines)
    found_title = _take_title(lines, rules, title)
    if rules is not None:
        _glued_teasers(lines, rules)
    _teaser_lists(lines)
    _captions(lines)
    if code:
        _foreign_lines(lines, code, rules)
    tag_person = _author_tag(lines, rules, meta) if rules is not None else None
    body = "\n\n".join(line.text for line in lines if line.rule is None and line.text)
    if lang is None and (settled := _detect(_split(body))) is not None:
        return clean_text(text, language=settled, title=title)
    return CleanedText(
        text=body,
        title=found_title,
        authors=_authors(meta, tag_person),
        published=_published(meta),
        language=lang,
        removed=_removed(lines),
    )


def _split(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = True
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        normal = normalize_line(raw)
        if not normal:
            blank = True
            continue
        lines.append(_Line(number, raw, normal, blank))
        blank = False
    return lines


def _detect(lines: list[_Line]) -> str | None:
    """The majority language of the body by characters, judged line by line on its body-like lines (debris such as
    English comment footers left out). Not the first lines: a German page whose top is English PHP warnings or a
    cookie notice is German."""
    sample: list[str] = []
    size = 0
    for line in lines:
        if line.rule is None and line.text.count(" ") >= 5:
            sample.append(line.text)
            size += len(line.text)
            if size >= _SAMPLE_CHARS:
                break
    if not sample:  # only short lines: one guess on all of them together
        guess = detect_language(" ".join(line.text for line in lines if line.rule is None), max_chars=1000)
        return guess.code if guess.confidence >= LANGUAGE_MIN_CONFIDENCE else None
    return _majority(zip(sample, detect_lines(sample, max_chars=_LINE_CHARS)))


def _majority(guessed: Iterable[tuple[str, LanguageGuess]]) -> str | None:
    """The language with the most characters among lines guessed with ``LANGUAGE_MIN_CONFIDENCE`` or more."""
    chars: Counter[str] = Counter()
    for text, guess in guessed:
        if guess.code and guess.confidence >= LANGUAGE_MIN_CONFIDENCE:
            chars[guess.code] += len(text)
    return chars.most_common(1)[0][0] if chars else None


# --------------------------------------------------------------------------------------------------------------
# Whole-line rules


def _keep_paragraphs(lines: list[_Line], rule_of: Callable[[str], str | None]) -> None:
    """A whole paragraph on one line (10kGNAD, news-please ``maintext``) that a rule matched keeps its sentences:
    only the sentences the rule matches are cut out, so an inline tweet embed does not take the article with it."""
    for line in lines:
        if line.rule is None or len(line.text) < PARAGRAPH_MIN_CHARS:
            continue
        sentences = _rough_sentences(line.text)
        if len(sentences) < 2:
            continue
        cut = [(sentence, rule_of(sentence)) for sentence in sentences]
        if all(rule is not None for _, rule in cut):
            continue
        line.text = " ".join(sentence for sentence, rule in cut if rule is None)
        line.parts.extend((sentence, rule) for sentence, rule in cut if rule is not None)
        line.rule = None


def _rough_sentences(text: str) -> list[str]:
    """Split at a sentence end followed by a capital; cheap and good enough to isolate debris inside a paragraph
    (the analysis stage has the real sentence splitter)."""
    sentences, start = [], 0
    for gap in _SENTENCE_GAP.finditer(text):
        sentences.append(text[start : gap.start(1)])
        start = gap.end(1)
    sentences.append(text[start:])
    return sentences


def _classify(text: str, rules: CleanRules, meta: _Meta) -> str | None:
    """The rule that removes this line, recording byline names and dateline dates on the way."""
    rule = rules.lines.rule(text)
    if rule is not None or len(text) > META_MAX_CHARS:
        return rule
    if _byline(text, rules, meta):
        return "byline"
    found = _dateline(text, rules)
    if found is not None:
        meta.dates.extend(found)
        return "dateline"
    return None


def _byline(text: str, rules: CleanRules, meta: _Meta) -> bool:
    for pattern in rules.bylines:
        found = pattern.match(text)
        if found is None:
            continue
        extra = (found.groupdict().get("extra") or "").strip()
        extra_date = _dateline(extra, rules) if extra else None
        if extra and extra.casefold() not in rules.agencies and extra_date is None and not _PLACE.match(extra):
            continue  # "Von Angela Merkel, der damaligen Kanzlerin, …" is prose, not a byline
        for name in rules.name_separator.split(found.group("names")):
            name = name.strip(" .")
            if not name:
                continue
            agency = rules.agencies.get(name.casefold())
            target = meta.agencies if agency else meta.persons if " " in name else meta.others
            target.append(agency or name)
        if extra and extra.casefold() in rules.agencies:
            meta.agencies.append(rules.agencies[extra.casefold()])
        meta.dates.extend(extra_date or ())
        return True
    return False


def _dateline(text: str, rules: CleanRules) -> list[tuple[str, str]] | None:
    return rules.dateline.parse(text) if len(text) <= META_MAX_CHARS else None


def _numbered_breadcrumbs(lines: list[_Line], rules: CleanRules) -> None:
    """Numbered navigation at the top ("1. Startseite", "2. Politik"): a run numbered 1, 2, … or one item that is
    a known section name. A single "1. FC Köln siegt" headline is left alone."""
    run: list[_Line] = []
    for line in lines:
        if line.rule is not None:
            continue
        found = rules.numbered_nav.match(line.text)
        if found is None or int(line.text.split(".", 1)[0]) != len(run) + 1:
            break
        run.append(line)
    labels = [rules.numbered_nav.sub(r"\g<label>", line.text).casefold() for line in run[:1]]
    if len(run) >= 2 or (labels and labels[0] in rules.nav_words):
        for line in run:
            line.rule = "breadcrumb"


# --------------------------------------------------------------------------------------------------------------
# Structural rules


def _strip_markup(lines: list[_Line]) -> None:
    for line in lines:
        if line.rule is not None or "<" not in line.text:
            continue
        fragments = [m.group() for m in _MARKUP.finditer(line.text)]
        if not fragments:
            continue
        stripped = normalize_line(_MARKUP.sub(" ", line.text))
        if stripped:
            line.text = stripped
            line.parts.extend((fragment.strip(), "markup") for fragment in fragments)
        else:
            line.rule = "markup"


def _title_like(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= TITLE_MAX_WORDS or text[0].islower():
        return False
    core = text.rstrip("“”\"'»«’)")
    if core.endswith((",", ";", "-", "–")) or (core.endswith(".") and not core.endswith("...")):
        return False
    return any(char.isalpha() for char in text)


def _body_like(text: str) -> bool:
    words = text.count(" ") + 1
    return words >= 15 or (words >= BODY_MIN_WORDS and bool(_SENTENCE_END.search(text)))


def _title_key(text: str) -> str:
    return normalize_line(text).casefold().rstrip(" .:!?“”\"'»«’")


def _same_title(line: str, title: str) -> bool:
    a, b = _title_key(line), _title_key(title)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    rest = long[len(short) :]
    outlet = rest.lstrip(" |–—:-")
    short_suffix = len(outlet.split()) <= OUTLET_SUFFIX_MAX_WORDS
    return long.startswith(short) and bool(_OUTLET_SUFFIX.match(rest)) and short_suffix


def _headline(line: _Line, rules: CleanRules | None) -> tuple[str, str | None]:
    """A headline line split from a teaser glued to it ("Titel Lesen Sie auch: …"): (headline, teaser or None)."""
    if rules is not None and (glued := rules.glued_teaser.search(line.text)) and glued.start() > 0:
        head = line.text[: glued.start()].rstrip(" |–—-:")
        if head.count(" ") >= 1:
            return head, line.text[glued.start() :]
    return line.text, None


def _is_kicker(text: str) -> bool:
    """A kicker (German "Dachzeile") over the headline: one or two words, no punctuation ("Ukraine-Krieg")."""
    return len(text.split()) <= KICKER_MAX_WORDS and text[0].isupper() and text[-1].isalnum()


def _mark_title(line: _Line, headline: str, teaser: str | None) -> None:
    if teaser is not None or line.parts:
        line.parts.append((headline, "title"))
        if teaser is not None:
            line.parts.append((teaser, "teaser"))
    line.rule = "title"


def _take_title(lines: list[_Line], rules: CleanRules | None, given: str | None) -> str | None:
    """The headline: the first line that no rule removed, if it is short, does not end like a sentence and body
    text follows (a one- or two-word kicker above it goes with it). Headings further down are never titles.
    With ``given`` (metadata) nothing is searched: a first line (or the one below a kicker) equal to it is dropped."""
    kept = [line for line in lines if line.rule is None]
    if not kept:
        return None
    if given is not None:
        for index, line in enumerate(kept[:2]):
            headline, teaser = _headline(line, rules)
            if _same_title(headline, given) or _same_title(line.text, given):
                if index == 1 and not _is_kicker(kept[0].text):
                    return None
                if index == 1:
                    kept[0].rule = "title"
                _mark_title(line, headline, teaser)
                return None
        return None
    first, kicker = 0, False
    if len(kept) > 2 and _is_kicker(kept[0].text):
        second = _headline(kept[1], rules)[0]
        kicker = _title_like(second) and len(second.split()) > KICKER_MAX_WORDS
        first = int(kicker)
    headline, teaser = _headline(kept[first], rules)
    if not _title_like(headline) or not any(_body_like(line.text) for line in kept[first + 1 :]):
        return None
    if kicker:
        kept[0].rule = "title"
    _mark_title(kept[first], headline, teaser)
    return headline


def _glued_teasers(lines: list[_Line], rules: CleanRules) -> None:
    """A teaser glued to the end of a body line ("… berichtet.Lesen Sie auch: …"): only after a sentence end."""
    for line in lines:
        if line.rule is not None:
            continue
        glued = rules.glued_teaser.search(line.text)
        if glued is None or glued.start() == 0 or not _ENDS_SENTENCE_BEFORE.search(line.text[: glued.start()]):
            continue
        line.parts.append((line.text[glued.start() :], "teaser"))
        line.text = line.text[: glued.start()].rstrip()


def _teaser_lists(lines: list[_Line]) -> None:
    """Headlines listed under a teaser heading ("Auch interessant", "Related:") after the last body paragraph.

    Only after the body ends: inside the article a short line after a teaser heading may be a section heading.
    """
    last_body = max((i for i, line in enumerate(lines) if line.rule is None and _body_like(line.text)), default=-1)
    under_teaser = False
    for line in lines[last_body + 1 :]:
        if line.rule == "teaser" and line.text.count(" ") < TEASER_HEADING_MAX_WORDS:
            under_teaser = True
        elif under_teaser and line.rule is None and not line.parts and _title_like(line.text):
            line.rule = "teaser"


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _near_duplicate(a: str, b: str) -> bool:
    """Two captions of one photo: the same words, give or take a credit or marker at either end."""
    wa, wb = _words(a), _words(b)
    shortest = min(len(wa), len(wb))
    if shortest < 4:
        return False
    prefix = next((i for i, (x, y) in enumerate(zip(wa, wb)) if x != y), shortest)
    suffix = next((i for i, (x, y) in enumerate(zip(reversed(wa), reversed(wb))) if x != y), shortest)
    return max(prefix, suffix) >= 0.8 * shortest


def _captions(lines: list[_Line]) -> None:
    """Caption lines that belong to a removed credit: a near-duplicate neighbour (the caption printed twice, once
    with credit), or a short line glued (no blank line between) to a credit-only line in a text whose paragraphs
    are blank-line separated (where a missing blank line means the two lines belong together)."""
    blank_separated = sum(line.blank_before for line in lines[1:]) >= 0.5 * max(1, len(lines) - 1)
    for index, line in enumerate(lines):
        if line.rule not in ("photo_credit", "photo_caption"):
            continue
        credit_only = line.rule == "photo_credit" and line.text.count(" ") < CREDIT_ONLY_MAX_WORDS
        for near in (index - 1, index + 1):
            if not 0 <= near < len(lines) or lines[near].rule is not None or lines[near].parts:
                continue
            other = lines[near]
            glued = not (other if near > index else line).blank_before
            if _near_duplicate(other.text, line.text) or (
                blank_separated and glued and credit_only and other.text.count(" ") < CAPTION_MAX_WORDS
            ):
                other.rule = "photo_caption"


def _mostly_quoted(text: str) -> bool:
    if not any(char in text for char in _QUOTE_CHARS):
        return False
    if text[0] in _QUOTE_CHARS and not _QUOTED.match(text):
        return True  # a quotation that runs on past the end of the line
    return sum(len(m.group()) for m in _QUOTED.finditer(text)) >= 0.5 * len(text)


def _foreign_lines(lines: list[_Line], language: str, rules: CleanRules | None) -> None:
    """Remove lines in a minority language of the article (English comment forms in German articles).

    A line goes only when it is in neither the article language nor the body's majority language (by characters):
    a declared or detected language can be wrong, and removing the majority would leave only the debris.
    Conservative: only lines of ``FOREIGN_MIN_WORDS`` words or more, never mostly-quoted lines, only confident
    guesses; lines with two or more function words of the article language skip the model entirely (cheap, and
    an English quote inside a German sentence stays)."""
    kept = [line for line in lines if line.rule is None and line.text]
    function_words = rules.function_words if rules is not None else frozenset()
    native: list[tuple[str, LanguageGuess]] = []
    suspects = []
    for line in kept:
        words = line.text.lower().split(None, 40)[:40]
        if len(words) < FOREIGN_MIN_WORDS:
            continue
        if function_words and len(function_words.intersection(words)) >= 2:
            native.append((line.text, LanguageGuess(language, 1.0)))  # no model call needed
        elif not _mostly_quoted(line.text):
            suspects.append(line)
    if not suspects:
        return
    guesses = detect_lines([line.text for line in suspects], max_chars=_LINE_CHARS)
    majority = _majority([*native, *((line.text, guess) for line, guess in zip(suspects, guesses, strict=True))])
    foreign = [
        line for line, guess in zip(suspects, guesses, strict=True)
        if guess.code not in (None, language, majority) and guess.confidence >= FOREIGN_MIN_CONFIDENCE
    ]  # fmt: skip
    if not foreign:
        return
    if sum(len(line.text) for line in foreign) > FOREIGN_MAX_SHARE * sum(len(line.text) for line in kept):
        LOGGER.info("%d of %d lines look foreign to %r: keeping them all", len(foreign), len(kept), language)
        return
    for line in foreign:
        line.rule = "foreign_language"


def _author_tag(lines: list[_Line], rules: CleanRules, meta: _Meta) -> str | None:
    """Cut an author tag ("(lp)", "(dpa)", "(Jan Oeftger)") from the end of the last paragraph; return a full name
    found in it. Agencies found in it are kept for when nothing better names the author."""
    last = next((line for line in reversed(lines) if line.rule is None and line.text), None)
    if last is None:
        return None
    whole = _TAG_LINE.match(last.text)
    found = whole or _TAG_AT_END.search(last.text)
    if found is None:
        return None
    tag = rules.author_tag.fullmatch(found.group("tag").strip())
    if tag is None:
        return None
    if whole:
        last.rule = "author_tag"
    else:
        last.parts.append((last.text[found.start() :].strip(), "author_tag"))
        last.text = last.text[: found.start()].rstrip()
    for piece in re.split(r"[/,]|\s+(?:und|and|mit|with)\s+", found.group("tag")):
        agency = rules.agencies.get(piece.strip().casefold())
        if agency:
            meta.agencies.append(agency)
    groups = tag.groupdict()
    return groups.get("person") or groups.get("person2")


# --------------------------------------------------------------------------------------------------------------
# Results


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _authors(meta: _Meta, tag_person: str | None) -> list[str]:
    """Persons from the byline; else a full name from the closing tag; else other byline names; else agencies."""
    if meta.persons:
        return _unique(meta.persons)
    if tag_person:
        return [tag_person]
    return _unique(meta.others) or _unique(meta.agencies)


def _published(meta: _Meta) -> str | None:
    """The first publication date; an update date only when no dateline says when the article first appeared."""
    for kind, iso in meta.dates:
        if kind == "published":
            return iso
    return meta.dates[0][1] if meta.dates else None


def _removed(lines: list[_Line]) -> list[RemovedLine]:
    removed: list[RemovedLine] = []
    for line in lines:
        if line.rule is None or (line.rule == "title" and line.parts):  # kept, or a title with a glued teaser
            removed.extend(RemovedLine(line.no, text, rule) for text, rule in line.parts)
        else:
            removed.append(RemovedLine(line.no, line.raw.strip(), line.rule))
    return removed
