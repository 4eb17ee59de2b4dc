"""Quotations and reported speech: who said what, with exact offsets (language-neutral engine).

``find_quotes(text, language="de")`` returns ``Quote`` records for
- direct quotes in quotation marks („…“, »…«, "…", “…”), with the speaker taken from the frame around them
  ("X sagte: „…“", "„…“, sagte X", "„…“, so X") or, for a quote standing alone, from the previous quote;
- partial quotes: a quoted fragment inside a sentence that reports speech ("nannte das Abkommen ein „…“");
- indirect speech: a complement clause after a speech verb ("X erklärte, dass …", "Er sagte, die Lage sei ernst"),
  a clause before a postposed frame ("…, habe X gesagt", "…, so X"), and attributions ("laut X …", "X zufolge …",
  "nach Angaben von X …", "wie X berichtete, …");
- free indirect speech: a sentence in the Konjunktiv that continues the previous quote's speaker.

Why rules: no German quotation model ships offline, and the cues are few and well studied (speech verbs,
Konjunktiv, attribution phrases); rules are fast, explainable and tunable on the Wikinews corpus. All language
knowledge lives in ``newsdesk/lang/<code>/quotes.py`` as a ``QuoteLexicon``.

Speakers are resolved with a small salience model: role + name mentions ("der russische Präsident Wladimir Putin"),
named speakers and, when given, person entities from a NER; a pronoun goes to the most recent compatible person and
a definite role noun ("der Diktator") to the most recent person with that role.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.sentences import Span, split_sentences, tokenize

__all__ = ["Quote", "QuoteLexicon", "find_quotes"]

QuoteType = str  # "direct" | "partial" | "indirect" | "free_indirect"


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation or piece of reported speech.

    start, end (int): Offsets of the quoted content (direct quotes include their quotation marks).
    text (str): ``input[start:end]``.
    type (str): "direct", "partial" (a quoted fragment inside a sentence), "indirect" or "free_indirect".
    speaker (str | None): Who said it, as a name where one could be resolved ("Wladimir Putin"), else the surface
        of the mention ("die Sprecherin", "Polizei"); None when unknown.
    speaker_start, speaker_end (int | None): Offsets of the speaker mention in the text (may be a pronoun).
    mention (str | None): The mention as written, ``input[speaker_start:speaker_end]``.
    cue, cue_start, cue_end: The word that marks the speech: a verb ("sagte"), "so", "laut", "zufolge", ":" ….
    via (tuple[str, ...]): Sources that passed the statement on, in chain order ("Putin said it, according to
        KCNA" gives speaker "Putin", via ("KCNA",)).
    parts (tuple[tuple[int, int], ...]): The content without an attribution inside it ("Anschließend sei [laut X]
        die Lage ernst" has two parts); one part equal to (start, end) otherwise.
    """

    start: int
    end: int
    text: str
    type: QuoteType
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    mention: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    via: tuple[str, ...] = ()
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class QuoteLexicon:
    """The language knowledge the engine reads; one instance per language in ``lang/<code>/quotes.py``."""

    speech_verbs: frozenset[str]
    say_core: frozenset[str]
    particle_verbs: dict[str, tuple[str, ...]]
    konjunktiv: frozenset[str]
    konjunktiv_weak: frozenset[str]
    complementizers: frozenset[str]
    attribution_prefix: frozenset[str]
    attribution_postfix: frozenset[str]
    source_noun: re.Pattern[str] | None
    source_preposition: frozenset[str]
    self_source: frozenset[str]
    so_frame: frozenset[str]
    as_frame: frozenset[str]
    anaphoric_source: frozenset[str]
    impersonal: frozenset[str]
    pronouns: dict[str, str]
    determiners: frozenset[str]
    np_linkers: frozenset[str]
    np_stop: frozenset[str]
    relative_pronouns: frozenset[str]
    not_speaker: frozenset[str]
    adverbs: frozenset[str]
    auxiliaries: frozenset[str]
    subordinators: frozenset[str]
    prepositions: frozenset[str]
    role_suffixes: tuple[str, ...]
    titles: frozenset[str]
    title_nouns: re.Pattern[str] | None
    so_called: re.Pattern[str] | None
    nouns_capitalised: bool
    attribution_prefix_pairs: frozenset[tuple[str, str]] = frozenset()  # ("according", "to")
    genitive_openers: frozenset[str] = frozenset()  # "nach Angaben [des|von] X"
    agent_prepositions: frozenset[str] = frozenset()  # "von", "vom": "Angaben von X", "Vom Diktator heißt es"
    place_prepositions: frozenset[str] = frozenset()  # "in", "im", "auf": "In dem Bericht heißt es"
    role_linkers: frozenset[str] = frozenset()  # may follow a role noun in a name: "Botschafter in Moskau"
    definite: frozenset[str] = frozenset()  # articles that make a role noun refer back: "der Diktator"
    object_pronouns: frozenset[str] = frozenset()  # skipped between verb and subject: "sagte ihm der Minister"
    consecutive: frozenset[str] = frozenset()  # "so heftig, dass" is no reported speech
    feminine_suffix: str = ""  # role nouns with it are feminine ("Ministerin"); "er" skips them
    standalone_source: re.Pattern[str] | None = None  # source nouns that name the source alone ("Polizeiangaben")
    # words before ", dass" that make the clause no reported speech ("führte dazu, dass", "die Tatsache, dass")
    dass_exclude: frozenset[str] = frozenset()
    # time words that open a clause before the verb ("Ende Juli sagte X", "Wenige Wochen später erklärte X")
    time_words: frozenset[str] = frozenset()
    # words before a capitalised quotation that make it a quoted word, not a name ("als „Skandal“", "einen „…“")
    predicative: frozenset[str] = frozenset()
    # determiners that never open a subject, so a clause opening with one has its subject after the verb ("Den
    # Unmut der CDU brachte die Sprecherin … zum Ausdruck: „…“")
    oblique_determiners: frozenset[str] = frozenset()
    # conjunctions that may stand before a sentence's first clause without taking its place ("Denn wie X berichtete")
    coordinators: frozenset[str] = frozenset()
    # demonstratives that open a frame reporting the previous sentence ("… . Dies bestätigte der Sprecher.")
    anaphoric_content: frozenset[str] = frozenset()


@lru_cache(maxsize=8)
def _lexicon(language: str) -> QuoteLexicon:
    code = (language or "de").split("-")[0].lower()
    try:
        module = importlib.import_module(f"newsdesk.lang.{code}.quotes")
    except ModuleNotFoundError as err:
        raise ValueError(f"no quotation rules for language {language!r} (have: de, en)") from err
    return module.LEXICON  # type: ignore[no-any-return]


# Quotation mark pairs; a pair never crosses a line break (one paragraph per line).
_REGION = re.compile(
    r"„[^„“”\"\n]{1,3000}?[“”\"]|»[^»«\n]{1,3000}?«|«[^«»\n]{1,3000}?»|“[^“”\n]{1,3000}?”|\"[^\"\n]{1,3000}?\""
)
_TERMINAL = frozenset(".!?…")
_CLOSE_MARKS = frozenset("“”\"«»")


@dataclass(slots=True)
class _Speaker:
    """A resolved speaker: the name (or surface), its mention offsets, and attributes used for resolution."""

    name: str
    start: int
    end: int
    role: str | None = None
    person: bool = False


@dataclass(slots=True)
class _Frame:
    """What one sentence says about speech: the cue, the speaker, the content token ranges and via sources."""

    kind: str  # "verb-pre", "verb-post", "so", "wie", "attr", "colon", "generic", "back"
    cue: int
    cue_end: int
    speaker: _Speaker | None
    content: list[tuple[int, int]]
    via: list[str]
    partials: tuple[int, ...] = ()  # quotation regions the cue governs without a clause ("nannte es „…“")


class _Doc:
    """Token view of one text, plus the salience memory used while reading it from left to right."""

    def __init__(self, text: str, lex: QuoteLexicon, sentences: Sequence[Span] | None, language: str,
                 entities: Sequence[tuple[int, int, str]] | None, tokens: Sequence[Span] | None = None) -> None:
        self.text = text
        self.lex = lex
        self.sentences = list(sentences) if sentences is not None else split_sentences(text, language=language)
        toks = tokens if tokens is not None else tokenize(text, language=language, sentences=self.sentences)
        self.starts = [t.start for t in toks]
        self.ends = [t.end for t in toks]
        self.words = [t.text for t in toks]
        self.lower = [w.lower() for w in self.words]
        self.regions: list[tuple[int, int]] = [(m.start(), m.end()) for m in _REGION.finditer(text)]
        self.region_of = [-1] * len(toks)
        r = 0
        for i, s in enumerate(self.starts):
            while r < len(self.regions) and self.regions[r][1] <= s:
                r += 1
            if r < len(self.regions) and self.regions[r][0] <= s < self.regions[r][1]:
                self.region_of[i] = r
        # token range of every sentence
        self.sent_range: list[tuple[int, int]] = []
        i = 0
        for sent in self.sentences:
            while i < len(toks) and self.starts[i] < sent.start:
                i += 1
            j = i
            while j < len(toks) and self.ends[j] <= sent.end:
                j += 1
            self.sent_range.append((i, j))
            i = j
        self.people: list[tuple[int, _Speaker]] = []  # (offset, person) in reading order
        self.speakers: list[_Speaker] = []  # speakers of frames found so far, in reading order
        self.entities = sorted(entities or [])
        self._seed_people()

    # -- word classes -------------------------------------------------------------------------------------------
    def is_cap(self, i: int) -> bool:
        """Capitalised, or a name with a lower-case particle ("el-Baradei", "al-Assad"), or "G8-Gipfel"."""
        w = self.words[i]
        if w[:1].isupper():
            return True
        head, _, rest = w.partition("-")
        return bool(rest) and (rest[:1].isupper() and len(head) <= 3 or head[:1].isdigit())

    def is_word(self, i: int) -> bool:
        return self.words[i][:1].isalnum()

    def role_of(self, i: int) -> str | None:
        """The role suffix a (capitalised) noun ends with, e.g. 'minister' for 'Außenminister'."""
        w = self.lower[i]
        suffixes = self.lex.role_suffixes
        if not w.endswith(suffixes) or len(w) < 4 or (self.lex.nouns_capitalised and not self.is_cap(i)):
            return None
        w = w.rsplit("-", 1)[-1]
        return next((suffix for suffix in suffixes if w.endswith(suffix)), None)

    def _seed_people(self) -> None:
        """Collect 'Role Name' mentions ("Präsident Wladimir Putin") and person entities for later resolution."""
        n = len(self.words)
        for i in range(n - 1):
            role = self.role_of(i)
            if role is None or self.region_of[i] >= 0:
                continue
            j = i + 1
            while j < n and j - i <= 4 and self.is_cap(j) and self.role_of(j) is None and self.lower[j] not in \
                    self.lex.not_speaker and self.lower[j] not in self.lex.prepositions:
                j += 1
            if j > i + 1 and not self._looks_genitive(i + 1, j) and not (j == i + 2 and self.lower[i + 1].endswith("s")):
                self.people.append((self.starts[i + 1], _Speaker(self._span_text(i + 1, j), self.starts[i + 1],
                                                                  self.ends[j - 1], role, True)))
        for start, end, label in self.entities:
            if label.upper().startswith("PER"):
                self.people.append((start, _Speaker(self.text[start:end], start, end, None, True)))
        self.people.sort(key=lambda p: p[0])

    def _looks_genitive(self, i: int, j: int) -> bool:
        return self.lex.nouns_capitalised and j - i == 1 and self.lower[i] in self.lex.determiners

    def _span_text(self, i: int, j: int) -> str:
        return self.text[self.starts[i]:self.ends[j - 1]]

    # -- speaker phrases ----------------------------------------------------------------------------------------
    def np_forward(self, i: int, limit: int) -> tuple[int, int] | None:
        """The speaker phrase starting at token ``i`` (not beyond ``limit``), or None."""
        lex = self.lex
        if i >= limit:
            return None
        if self.lower[i] in lex.pronouns and self.region_of[i] < 0 and (
                i + 1 >= limit or not (self.is_cap(i + 1) or self.words[i + 1][:1].islower()
                                       and self.lower[i] in lex.determiners)):
            return (i, i + 1)
        j = i
        seen_head = False
        while j < limit:
            w, lw = self.words[j], self.lower[j]
            r = self.region_of[j]
            if r >= 0:  # a name in quotation marks: "schreibt die „Computerwoche“"
                k = j
                while k < limit and self.region_of[k] == r:
                    k += 1
                if seen_head or j == i or self.lower[j - 1] not in lex.determiners or len(
                        self.text[self.regions[r][0]:self.regions[r][1]].split()) > 3:
                    break
                seen_head, j = True, k
                continue
            if w in lex.titles:
                j += 1
                continue
            if lw in lex.determiners and not seen_head:
                j += 1
                continue
            if (self.is_cap(j) or not lex.nouns_capitalised and w[:1].islower() and w.isalpha()
                    and lw not in lex.speech_verbs and lw not in lex.auxiliaries and lw not in lex.not_speaker) \
                    and lw not in lex.np_stop and lw not in lex.prepositions and lw not in lex.adverbs:
                seen_head = True
                j += 1
                continue
            if w[:1].islower() and (not seen_head or self.lower[j - 1] in lex.determiners
                                    or self.lower[j - 1] in lex.np_linkers) and lw not in lex.np_stop and \
                    lw not in lex.speech_verbs and lw not in lex.auxiliaries and lw not in lex.konjunktiv and j + 1 < limit and \
                    (self.is_cap(j + 1) or (lex.nouns_capitalised and self.words[j + 1][:1].islower()
                                            and j + 2 < limit and self.is_cap(j + 2))) and \
                    (lw.endswith(("e", "en", "er", "es", "em")) or not lex.nouns_capitalised):
                j += 1  # adjective before a noun ("der russische Präsident")
                continue
            if seen_head and lw in lex.np_linkers and j + 1 < limit and (
                    self.is_cap(j + 1) or self.lower[j + 1] in lex.determiners) and self.region_of[j + 1] < 0:
                if lw in lex.role_linkers and (self.role_of(j - 1) is None or not lex.nouns_capitalised):
                    break
                j += 1
                continue
            if seen_head and w == "(" and j + 2 < limit and self.words[j + 2] == ")":
                j += 3  # party affiliation: "Schäuble (CDU)"
                continue
            if seen_head and w == "," and j + 1 < limit:
                k = j + 1
                while k < limit and k - j <= 5 and self.is_cap(k) and self.region_of[k] < 0 and \
                        self.lower[k] not in lex.np_stop and self.lower[k] not in lex.prepositions:
                    k += 1
                if k > j + 1 and (k >= limit or self.words[k] in {",", ".", ":", ";"} or
                                  self.lower[k] in lex.speech_verbs or self.lower[k] in lex.auxiliaries):
                    j = k  # apposition: "der Botschafter, Sin Hong-chol,"
                    continue
            break
        if not seen_head:
            return None
        return (i, j)

    def np_backward(self, j: int, lo: int) -> tuple[int, int] | None:
        """The phrase ending just before token ``j`` ("Der Nachrichtenagentur Reuters [zufolge]")."""
        lex = self.lex
        i = j
        while i > lo and self.region_of[i - 1] < 0:
            w, lw = self.words[i - 1], self.lower[i - 1]
            noun = self.is_cap(i - 1) and lw not in lex.prepositions
            linker = lw in lex.determiners or lw in lex.genitive_openers or lw in lex.np_linkers
            adjective = w[:1].islower() and lw.endswith(("e", "en", "er", "es", "em")) and lw not in lex.auxiliaries \
                and lw not in lex.konjunktiv and lw not in lex.np_stop and lw not in lex.speech_verbs
            if noun or linker or adjective:
                i -= 1
            else:
                break
        while i < j and self.words[i][:1].islower() and (self.lower[i] in lex.np_linkers
                                                          or self.lower[i] in lex.genitive_openers):
            i += 1
        return (i, j) if i < j else None

    def speaker_of(self, rng: tuple[int, int], *, keep_all: bool = False) -> _Speaker | None:
        """Turn a phrase into a speaker: resolve pronouns and role nouns, prefer the name inside the phrase."""
        i, j = rng
        lex = self.lex
        while i < j and (self.words[j - 1] in {",", "(", ")"} or self.lower[j - 1] in lex.adverbs):
            j -= 1
        if i >= j:
            return None
        start, end = self.starts[i], self.ends[j - 1]
        if keep_all:
            return _Speaker(self.text[start:end], start, end)
        if j - i == 1 and self.lower[i] in lex.pronouns:
            return self.resolve_pronoun(start, end, lex.pronouns[self.lower[i]])
        if j - i == 1 and self.lower[i] in lex.not_speaker:
            return None
        # name after a comma (apposition) or after a role noun
        role = None
        for k in range(i, j):
            r = self.role_of(k)
            if r is not None:
                role = r
                m = k + 1
                while m < j and self.is_cap(m) and self.role_of(m) is None and self.lower[m] not in lex.np_linkers:
                    m += 1
                if m > k + 1 and not self._looks_genitive(k + 1, m):
                    return self._person(k + 1, m, role)
        for k in range(j - 1, i, -1):
            if self.words[k] == ",":
                if all(self.is_cap(m) for m in range(k + 1, j)) and k + 1 < j:
                    return self._person(k + 1, j, role)
                break
        if self.words[i] in lex.titles and j - i >= 2:
            return self._person(i + 1, j, role)
        first = i
        while first < j and self.lower[first] in lex.determiners:
            first += 1
        if first >= j:
            return None
        definite = self.lower[i] in lex.definite
        if role is not None and definite and all(self.words[k][:1].islower() for k in range(first, j - 1)):
            found = self.resolve_role(start, role)
            if found is not None:
                return _Speaker(found.name, start, end, role, True)
        name = self._span_text(first, j)
        if role is None and not lex.nouns_capitalised and all(self.is_cap(k) for k in range(first, j)):
            return self._person(first, j, None)
        return _Speaker(name, start, end, role, role is not None)

    def _person(self, i: int, j: int, role: str | None) -> _Speaker:
        sp = _Speaker(self._span_text(i, j), self.starts[i], self.ends[j - 1], role, True)
        self.people.append((sp.start, sp))
        return sp

    def resolve_pronoun(self, start: int, end: int, gender: str) -> _Speaker:
        """Resolve a pronoun (or "dieser", "letztere") to the most salient compatible earlier speaker.

        Persons (named speakers, "Role Name" mentions, PER entities) are the candidates for "er"/"sie"; a role
        whose feminine form contradicts "er" is skipped. Neuter "es" goes to the last speaker that is no person
        (an organisation, a court). Unresolved pronouns stay as written.
        """
        if gender == "n":
            for sp in reversed(self.speakers):
                if sp.start < start and not sp.person:
                    return _Speaker(sp.name, start, end, sp.role, False)
            return _Speaker(self.text[start:end], start, end)
        for pos, person in reversed(self.people):
            if pos >= start:
                continue
            role = person.role or ""
            if gender == "m" and self.lex.feminine_suffix and role.endswith(self.lex.feminine_suffix):
                continue
            return _Speaker(person.name, start, end, person.role, True)
        return _Speaker(self.text[start:end], start, end, None, False)

    def resolve_role(self, start: int, role: str) -> _Speaker | None:
        """The most recent earlier person with a compatible role ("der Minister" -> "Außenminister Max Muster"):
        news introduce a person with role and name once and refer back with the role alone."""
        for pos, person in reversed(self.people):
            if pos < start and person.role and (person.role == role or person.role.endswith(role)
                                                or role.endswith(person.role)):
                return person
        return None


# -- frames --------------------------------------------------------------------------------------------------------
def _skip_adverbs(doc: _Doc, i: int, b: int) -> int:
    """First token at or after ``i`` that is no adverb or object pronoun ("sagte zudem ihm der Minister")."""
    while i < b and (doc.lower[i] in doc.lex.adverbs or doc.lower[i] in doc.lex.object_pronouns):
        i += 1
    return i


def _trim(doc: _Doc, i: int, j: int, *, keep_final: bool = False) -> tuple[int, int]:
    """Drop punctuation at both ends of a token range (keeps a closing quotation mark and, if asked, the stop)."""
    while i < j and not doc.is_word(i) and doc.region_of[i] < 0 and doc.words[i] not in ("„", "»", "\"", "“"):
        i += 1
    while j > i and not doc.is_word(j - 1) and doc.region_of[j - 1] < 0 and not (
            keep_final and doc.words[j - 1] in _TERMINAL):
        j -= 1
    return i, j


def _has_konjunktiv(doc: _Doc, i: int, j: int, *, quoted: bool = True) -> bool:
    weak = 0
    for k in range(i, j):
        if not quoted and doc.region_of[k] >= 0:
            continue
        lw = doc.lower[k]
        if lw in doc.lex.konjunktiv:
            if lw not in doc.lex.konjunktiv_weak:
                return True
            weak += 1
    return weak >= 2


def _clause_end(doc: _Doc, i: int, b: int) -> int:
    while i < b and not (doc.region_of[i] < 0 and doc.words[i] in (",", ":", ";")):
        i += 1
    return i


def _only_quoted(doc: _Doc, i: int, j: int) -> bool:
    """True when the range holds quotation(s) and at most one unquoted word (e.g. "und")."""
    outside = sum(1 for k in range(i, j) if doc.region_of[k] < 0 and doc.is_word(k))
    return outside <= 1 and any(doc.region_of[k] >= 0 for k in range(i, j))


def _accept_complement(doc: _Doc, cue: int, i: int, j: int, colon: bool) -> bool:
    """Is tokens[i:j] after a cue verb its reported content (and not a relative clause or an adverbial)?"""
    lex = doc.lex
    if i >= j:
        return False
    if colon or doc.region_of[i] >= 0 or _only_quoted(doc, i, j):
        return True
    first = doc.lower[i]
    if first in lex.complementizers:
        return True
    konj = _has_konjunktiv(doc, i, j)
    if first in lex.subordinators or _relative(doc, i, j):
        return konj
    last = doc.lower[j - 1]
    if konj or lex.nouns_capitalised and (j - i >= 2 and doc.lower[j - 2] == "zu" or "zu" in last[2:-3]):
        return True  # Konjunktiv, or a zu-infinitive: "kündigte an, … zurückzutreten"
    return doc.lower[cue] in lex.say_core and j - i >= 3


def _relative(doc: _Doc, i: int, j: int) -> bool:
    """Does a relative clause start at token ``i`` ("…, die sich …") rather than a noun phrase ("die Lage")?"""
    if doc.lower[i] not in doc.lex.relative_pronouns or not doc.words[i][:1].islower() or i + 1 >= j:
        return False
    nxt = doc.lower[i + 1]
    if doc.is_cap(i + 1):
        return False
    adjective = nxt.endswith(("e", "en", "er", "es", "em")) and i + 2 < j and doc.is_cap(i + 2)
    return not adjective


def _says(doc: _Doc, cue: int, particle: int) -> bool:
    """Is the cue a verb of saying that may report plain indicative content ("…, teilte die Polizei mit")? A
    separated particle verb counts by its joined form ("mit" + "teilte" = "mitteilte")."""
    say = doc.lex.say_core
    return doc.lower[cue] in say or particle != cue and doc.lower[particle] + doc.lower[cue] in say


def _find_cue(doc: _Doc, a: int, b: int, used: list[bool]) -> list[tuple[int, int]]:
    """Speech-verb cues in the sentence: (verb index, index of its particle or the verb itself)."""
    lex = doc.lex
    found = []
    for i in range(a, b):
        if used[i - a] or doc.region_of[i] >= 0:
            continue
        lw = doc.lower[i]
        particles = lex.particle_verbs.get(lw)
        if particles:
            k = i + 1
            end = _clause_end(doc, i + 1, b)
            while k < end:
                if doc.lower[k] in particles or (k + 1 < end and doc.lower[k] + " " + doc.lower[k + 1] in particles):
                    found.append((i, k))
                    break
                k += 1
            else:
                if lw in lex.speech_verbs:
                    found.append((i, i))
            continue
        if lw in lex.speech_verbs and (doc.words[i][:1].islower() or i == a):
            found.append((i, i))
    return found


def _attribution_frames(doc: _Doc, a: int, b: int, used: list[bool]) -> list[_Frame]:
    """'laut X', 'X zufolge', 'nach Angaben von X', 'Demnach' as frames; marks their tokens as used."""
    lex = doc.lex
    frames = []
    for i in range(a, b):
        if used[i - a] or doc.region_of[i] >= 0:
            continue
        lw = doc.lower[i]
        rng: tuple[int, int] | None = None
        frame: tuple[int, int] | None = None
        speaker: _Speaker | None = None
        if lw in lex.attribution_prefix or (i + 1 < b and (lw, doc.lower[i + 1]) in lex.attribution_prefix_pairs):
            skip = 2 if lw not in lex.attribution_prefix else 1
            rng = doc.np_forward(i + skip, b) or _quoted_name(doc, i + skip, b)
            if rng:
                frame = (i, rng[1])
        elif lw in lex.attribution_postfix:
            rng = doc.np_backward(i, a)
            if rng:
                frame = (rng[0], i + 1)
        elif lw in lex.source_preposition and lex.source_noun is not None:
            k = i + 1
            own = False
            while k < b and doc.words[k][:1].islower() and k - i <= 2:
                own = own or doc.lower[k] in lex.self_source
                k += 1
            if k < b and lex.source_noun.fullmatch(doc.words[k]):
                rng = None
                if k + 1 < b and doc.lower[k + 1] in lex.genitive_openers:
                    rng = doc.np_forward(k + 1 + (doc.lower[k + 1] in lex.agent_prepositions), b)
                frame = (i, rng[1] if rng else k + 1)
                standalone = bool(lex.standalone_source and lex.standalone_source.fullmatch(doc.words[k]))
                if rng is None and (own or not standalone):
                    # "nach eigenen Angaben", "nach Ansicht": the subject after the verb holds the view
                    subject = doc.np_forward(_skip_adverbs(doc, k + 2, b), b) if frame[0] == a else None
                    found = doc.speaker_of(subject) if subject else None
                    if found is not None:
                        speaker = _Speaker(found.name, doc.starts[i + 1], doc.ends[k], found.role, found.person)
                elif rng is None:
                    rng = (k, k + 1)  # "nach Polizeiangaben"
        elif lw in lex.anaphoric_source and (i == a or doc.words[i - 1] == ","):
            frame = (i, i + 1)  # "Demnach …": the source of the previous report, mentioned by the adverb
            earlier = [sp for sp in doc.speakers if doc.starts[i] - sp.end < 400]
            if earlier:
                speaker = _Speaker(earlier[-1].name, doc.starts[i], doc.ends[i], earlier[-1].role, earlier[-1].person)
        if frame is None:
            continue
        if rng is not None:
            speaker = doc.speaker_of(rng)
        for k in range(frame[0], frame[1]):
            used[k - a] = True
        frames.append(_Frame("attr", i, i + 1, speaker, [], []))
        frames[-1].content = [frame]  # temporarily: the frame's own extent
    return frames


def _quoted_name(doc: _Doc, i: int, b: int) -> tuple[int, int] | None:
    """The tokens of a short quotation starting at ``i`` (at most three words): a source named in quotation marks,
    as in "laut „Computerwoche“"."""
    if i >= b or doc.region_of[i] < 0:
        return None
    j = i
    while j < b and doc.region_of[j] == doc.region_of[i]:
        j += 1
    return (i, j) if sum(doc.is_word(k) for k in range(i, j)) <= 3 else None


def _inverted(doc: _Doc, i: int) -> bool:
    """Does the clause starting at token ``i`` open with something other than its subject (V2 inversion)?"""
    lex = doc.lex
    w0 = doc.lower[i]
    return (w0 in lex.prepositions or w0 in lex.adverbs or w0 in lex.subordinators or w0[:1].isdigit()
            or w0 in lex.time_words or (i + 1 < len(doc.lower) and doc.lower[i + 1] in lex.time_words)
            or w0 in lex.not_speaker and w0 not in lex.determiners or w0 in lex.anaphoric_source
            or w0 in lex.oblique_determiners or doc.region_of[i] >= 0)


def _subject(doc: _Doc, i: int, end: int) -> _Speaker | None:
    """The subject of the clause tokens[i:end]: the opening phrase, or the phrase after the finite verb.

    An opening phrase that names no person yields to a person named right after the verb: in "Die Anwendung der
    Richtlinie stellte der SPD-Vorsitzende Franz Müntefering in Frage:" the opening phrase is the object (German
    puts objects first, and "die" does not tell the case).
    """
    if i >= end:
        return None
    if _inverted(doc, i):
        return _subject_after_verb(doc, i + 1, end)
    rng = doc.np_forward(i, end)
    opening = doc.speaker_of(rng) if rng else None
    if rng is None or opening is None or opening.person:
        return opening
    after = _subject_after_verb(doc, rng[1], end)
    return after if after is not None and after.person else opening


def _subject_after_verb(doc: _Doc, k: int, end: int) -> _Speaker | None:
    """The phrase after the first finite-verb-like word at or after ``k`` (a lower-case word that is no article,
    preposition or attributive adjective) as a speaker."""
    lex = doc.lex
    while k < end and not (doc.words[k][:1].islower() and doc.lower[k] not in lex.determiners
                           and doc.lower[k] not in lex.prepositions and not (
                               k + 1 < end and doc.is_cap(k + 1) and doc.lower[k].endswith(("e", "en", "er", "em")))):
        k += 1
    rng = doc.np_forward(_skip_adverbs(doc, k + 1, end), end)
    return doc.speaker_of(rng) if rng else None


def _verb_frame(doc: _Doc, a: int, b: int, cue: int, particle: int, start: int) -> _Frame | None:
    """Analyse one speech verb: where its speaker and its content are."""
    lex = doc.lex
    f = cue
    k = cue - 1
    lc = doc.lower[cue]
    participle = lc.startswith("ge") or (lc.endswith(("t", "en")) and not lc.endswith(("te", "ten")))
    while participle and k >= start and doc.region_of[k] < 0 and doc.words[k] not in (",", ":", ";"):
        if doc.lower[k] in lex.auxiliaries and doc.words[k][:1].islower():
            f = k
        k -= 1
    prev = f - 1
    after = _skip_adverbs(doc, f + 1, b)
    rng = doc.np_forward(after, b) if after < b and doc.lower[after] not in lex.complementizers else None
    impersonal = rng is not None and doc.lower[rng[0]] in lex.impersonal
    if rng is not None and impersonal:  # "heißt es in dem Bericht": the document is the speaker
        k = _skip_adverbs(doc, rng[0] + 1, b)
        rng = None
        if k < b and doc.lower[k] in lex.place_prepositions:
            pp = doc.np_forward(k + 1, b)
            rng = (k, pp[1]) if pp else None
    last = max(cue, particle)
    post = prev >= start and (doc.words[prev] in (",", "–") or doc.region_of[prev] >= 0
                              or doc.words[prev] in _CLOSE_MARKS)
    q = prev
    while q >= start and doc.region_of[q] < 0 and f - q <= 6:
        q -= 1
    if not lex.nouns_capitalised and q >= start and doc.region_of[q] >= 0 and q < prev:  # '"…," she said'
        x = q + 1 + (doc.words[q + 1] == ",")
        subject = doc.np_forward(x, f)
        if subject is not None and subject[1] == f:
            post, rng, prev = True, subject, x - 1
    if post and doc.region_of[prev] < 0:
        k = prev - 1  # "X, der …, sagte": the verb continues the main clause, it is no postposed frame
        while k > start and not (doc.words[k] == "," and doc.region_of[k] < 0) and doc.region_of[k] < 0:
            k -= 1
        nxt = k + 1 if doc.words[k] == "," else k
        post = not (doc.lower[nxt] in lex.relative_pronouns and doc.words[nxt][:1].islower()
                    or doc.lower[nxt] in lex.subordinators)
        subject = doc.np_forward(start, prev + 1)  # "Der Politiker, Anja Hajduk, kritisierte": the subject first
        post = post and not (subject is not None and subject[1] >= prev - 1)
    if post and (rng is not None or impersonal):
        frame_end = _clause_end(doc, max(rng[1] if rng else after, last + 1), b)
        tail = _trim(doc, frame_end + 1, b) if frame_end < b - 1 and doc.words[frame_end] == "," else (b, b)
        if tail[0] < b and doc.lower[tail[0]] in lex.complementizers:
            post = False
    if post and (rng is not None or impersonal):
        content_end = prev if doc.region_of[prev] < 0 else prev + 1
        c_start = start
        if doc.region_of[content_end - 1] >= 0:  # „…“, sagte X: only the quotation is the content
            c_start = content_end - 1
            while c_start > start and doc.region_of[c_start - 1] >= 0:
                c_start -= 1
        ci, cj = _trim(doc, c_start, content_end)
        ok = ci < cj and not (doc.lower[ci] in lex.subordinators and doc.words[ci][:1].isupper()
                              and doc.region_of[ci] < 0) and (
            _says(doc, cue, particle) or _has_konjunktiv(doc, ci, cj) or _only_quoted(doc, ci, cj)
            or doc.lower[ci] in lex.complementizers)
        if ok:
            content = [(ci, cj)]
            if tail[0] < tail[1] and (_has_konjunktiv(doc, *tail) or _only_quoted(doc, *tail)):
                content.append(tail)
            speaker = doc.speaker_of(rng, keep_all=impersonal) if rng else None
            return _Frame("verb-post", cue, last + 1, speaker, content, [])
    # preposed frame: speaker before the verb (or right after it when something else stands first)
    first = start
    speaker = None
    comma = next((k for k in range(f - 1, first, -1) if doc.words[k] == "," and doc.region_of[k] < 0), None)
    if f > first:
        w0 = doc.lower[first]
        if rng is not None and rng == (f + 1, f + 2) and lex.pronouns.get(doc.lower[f + 1]) in ("m", "f"):
            speaker = doc.speaker_of(rng)  # "Die Tat bezeichnete er als …": a pronoun after the verb is the subject
        elif comma is not None and f - comma <= 3 and _relative(doc, comma + 1, f + 1):
            antecedent = doc.np_backward(comma, first)  # "…, der erklärt hat, …": the noun before the clause
            speaker = doc.speaker_of(antecedent) if antecedent else None
        elif impersonal and w0 in lex.place_prepositions:  # "In dem Bericht heißt es, …"
            end = next((k for k in range(first + 1, f) if doc.words[k] == ","), f)
            speaker = doc.speaker_of((first, end), keep_all=True)
        elif impersonal and w0 in lex.agent_prepositions:  # "Vom Diktator heißt es, …"
            sub = doc.np_forward(first + 1, f)
            speaker = doc.speaker_of(sub) if sub else None
        elif f - first == 1 and w0 in lex.impersonal:
            speaker = doc.resolve_pronoun(doc.starts[first], doc.ends[first], "n")
        elif w0 in lex.subordinators and w0 not in lex.prepositions and doc.words[f - 1] != "," and (
                last + 1 >= b or doc.words[last + 1] in (",", ":")):  # "Als X am Sonntag sagte, dass …"
            sub = doc.np_forward(first + 1, f)
            speaker = doc.speaker_of(sub) if sub else None
        elif _inverted(doc, first):
            speaker = doc.speaker_of(rng) if rng else None
        else:
            end = f
            for k in range(first + 1, f):
                if doc.words[k] == "," and k + 1 < f and (doc.lower[k + 1] in lex.relative_pronouns
                                                          or doc.lower[k + 1] in lex.subordinators):
                    end = k
                    break
            speaker = doc.speaker_of((first, end))
    elif rng is not None:
        speaker = doc.speaker_of(rng)
    boundary = _clause_end(doc, last + 1, b)
    regions = tuple(sorted({doc.region_of[k] for k in range(cue + 1, boundary) if doc.region_of[k] >= 0}))
    partial_frame = _Frame("verb-pre", cue, last + 1, speaker, [], [], regions) if regions and speaker else None
    if boundary >= b - 1 and not lex.nouns_capitalised:  # English: "He said (that) the talks had failed."
        k = next((m for m in range(last + 1, min(b, last + 5)) if doc.lower[m] in lex.complementizers), last + 1)
        ci, cj = _trim(doc, k, b)
        if cj - ci >= 3 and doc.lower[ci] not in lex.prepositions and doc.region_of[ci] < 0:
            return _Frame("verb-pre", cue, last + 1, speaker, [(ci, cj)], [])
    if boundary >= b - 1 and f == first + 1 and doc.lower[first] in lex.anaphoric_content and rng is not None \
            and _says(doc, cue, particle):
        # "Dies bestätigte der Sprecher.": the frame reports the sentence before it (``find_quotes`` moves it there)
        return _Frame("back", cue, last + 1, doc.speaker_of(rng), [], [])
    if boundary >= b - 1:
        return partial_frame
    colon = doc.words[boundary] == ":"
    ci, cj = _trim(doc, boundary + 1, b)
    if doc.lower[ci] in lex.complementizers:  # "dass …, wurden die Redakteure …": the main clause goes on
        for k in range(ci + 2, cj - 1):
            nxt = _skip_adverbs(doc, k + 1, cj)
            if doc.region_of[k] < 0 and (doc.words[k] == ":" or doc.words[k] == "," and nxt < cj and doc.lower[
                    nxt] in lex.auxiliaries and doc.words[nxt][:1].islower()):
                cj = k
                break
    if not _accept_complement(doc, cue, ci, cj, colon):
        return partial_frame
    return _Frame("verb-pre", cue, last + 1, speaker, [(ci, cj)], [])


def _so_frames(doc: _Doc, a: int, b: int, used: list[bool]) -> list[_Frame]:
    """'…, so X.' and '…, wie X berichtete, …' frames."""
    lex = doc.lex
    frames = []
    for i in range(a, b):
        lw = doc.lower[i]
        if used[i - a] or doc.region_of[i] >= 0:
            continue
        prev_ok = i > a and (doc.words[i - 1] in (",", "–", "(") or doc.region_of[i - 1] >= 0)
        opens_sentence = i == a + 1 and doc.lower[a] in lex.coordinators  # "Denn wie X berichtete, …"
        if lw in lex.so_frame and prev_ok:
            k = i + 1  # "…, so X" or "…, so vermutet die Zeitung, …"
            if k < b and doc.lower[k] in lex.speech_verbs and doc.words[k][:1].islower():
                k = _skip_adverbs(doc, k + 1, b)
            rng = doc.np_forward(k, b)
            if rng is None or (rng[1] < b and doc.words[rng[1]] not in (",", ".", ")", "–", ";", "!")
                               and doc.lower[rng[1]] not in lex.np_stop):
                continue
            end = _clause_end(doc, rng[1], b)
            content = [_trim(doc, a, i)]
            if end < b - 1:
                content.append(_trim(doc, end + 1, b))
            frames.append(_Frame("so", i, i + 1, doc.speaker_of(rng), content, []))
            for k in range(i - 1, end):
                used[k - a] = True
        elif lw in lex.as_frame and (i == a or doc.words[i - 1] == "," or opens_sentence):
            verb = next((k for k in range(i + 1, min(b, i + 16)) if doc.lower[k] in lex.speech_verbs
                         and doc.words[k][:1].islower() and doc.region_of[k] < 0), None)
            if verb is None:
                continue
            last = verb + (verb + 1 < b and doc.lower[verb + 1] in lex.auxiliaries)  # "wie X bekanntgegeben hat,"
            if (last + 1 < b and doc.words[last + 1] not in (",", ".", ")", ":", ";")) or any(
                    doc.words[k] == "," for k in range(i + 1, verb)):
                continue
            end = _clause_end(doc, last, b)
            rng = doc.np_forward(i + 1, end)
            content = [_trim(doc, a, i)] if i > a and not opens_sentence else []
            if end < b - 1:
                content.append(_trim(doc, end + 1, b))
            content = [c for c in content if c[0] < c[1]]
            if not content:
                continue
            frames.append(_Frame("wie", verb, verb + 1, doc.speaker_of(rng) if rng else None, content, []))
            for k in range(max(a, i - 1), end):
                used[k - a] = True
    return frames


def _sentence_frames(doc: _Doc, a: int, b: int) -> list[_Frame]:
    """All frames of the sentence tokens[a:b]; attribution phrases become ``via`` of a verb or so frame."""
    used = [False] * (b - a)
    attrs = _attribution_frames(doc, a, b, used)
    frames = _so_frames(doc, a, b, used)
    start = a
    for cue, particle in _find_cue(doc, a, b, used):
        if used[cue - a] or any(c[0] <= cue < c[1] for fr in frames for c in fr.content):
            continue
        fr = _verb_frame(doc, a, b, cue, particle, start)
        if fr is not None:
            frames.append(fr)
    for k in range(a, b - 1):  # "X: „…“" / "X begründete es mit den Worten: „…“"
        if doc.words[k] == ":" and doc.region_of[k] < 0 and doc.region_of[k + 1] >= 0 and not any(
                c[0] <= k + 1 < c[1] for fr in frames for c in fr.content):
            r = doc.region_of[k + 1]
            end = k + 1
            while end < b and doc.region_of[end] == r:
                end += 1
            frames.append(_Frame("colon", k, k + 1, _subject(doc, a, k), [(k + 1, end)], []))
    if not frames and not attrs:
        generic = _generic_frame(doc, a, b, used)
        if generic is not None:
            frames.append(generic)
    spans = [fr.content[0] for fr in attrs]
    doc.speakers.extend(fr.speaker for fr in frames + attrs if fr.speaker is not None)
    if frames:
        via = [fr.speaker.name for fr in attrs if fr.speaker is not None]
        for fr in frames:
            fr.via = via if fr.speaker is not None else []
            if fr.speaker is None and attrs:
                fr.speaker = attrs[0].speaker
            fr.content = [t for c in fr.content for p in _subtract(c, spans) for t in [_trim(doc, *p)] if t[0] < t[1]]
        return frames
    result = []
    for fr in attrs[:1]:
        i, j = _trim(doc, a, b)
        parts = [t for p in _subtract((i, j), spans) for t in [_trim(doc, *p)] if t[0] < t[1]]
        if parts:
            result.append(_Frame("attr", fr.cue, fr.cue_end, fr.speaker, parts, []))
    return result


def _generic_frame(doc: _Doc, a: int, b: int, used: list[bool]) -> _Frame | None:
    """A clause that reports speech without a known cue: "X ist der Auffassung, dass …", "X folgte der
    Einschätzung, die Lage sei ernst". The content starts after a comma with "dass"/"ob" or a Konjunktiv clause; the
    speaker is the subject of the main clause. The main clause itself must not be in the Konjunktiv (then the whole
    sentence is free indirect speech)."""
    lex = doc.lex
    first_comma = None
    for k in range(a + 1, b - 1):
        if doc.words[k] != "," or doc.region_of[k] >= 0 or used[k - a]:
            continue
        if first_comma is None:
            first_comma = k
            if _has_konjunktiv(doc, a, k, quoted=False):
                return None
        nxt = doc.lower[k + 1]
        consecutive = any(doc.lower[m] in lex.consecutive for m in range(max(a, k - 3), k))
        dass = nxt in lex.complementizers and doc.lower[k - 1] not in lex.dass_exclude and not consecutive
        konj = nxt not in lex.subordinators and not _relative(doc, k + 1, b) and _has_konjunktiv(doc, k + 1, b)
        if not (dass or konj and not _has_konjunktiv(doc, a, k)):
            continue
        ci, cj = _trim(doc, k + 1, b)
        if cj - ci < 3:
            return None
        return _Frame("generic", k, k + 1, _subject(doc, a, k), [(ci, cj)], [])
    return None


def _subtract(rng: tuple[int, int], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    parts = [rng]
    for h0, h1 in holes:
        nxt = []
        for p0, p1 in parts:
            if h1 <= p0 or h0 >= p1:
                nxt.append((p0, p1))
                continue
            if p0 < h0:
                nxt.append((p0, h0))
            if h1 < p1:
                nxt.append((h1, p1))
        parts = nxt
    return parts


# -- the reader ------------------------------------------------------------------------------------------------------
_CONTINUE_SENTENCES = 3  # a quote without its own frame inherits the speaker of a quote at most this far back


def _make(doc: _Doc, parts: list[tuple[int, int]], qtype: QuoteType, fr: _Frame | None,
          speaker: _Speaker | None, *, chars: tuple[int, int] | None = None) -> Quote:
    spans = (chars,) if chars is not None else tuple((doc.starts[i], doc.ends[j - 1]) for i, j in parts)
    start, end = spans[0][0], spans[-1][1]
    cue = cue_start = cue_end = None
    if fr is not None and fr.kind != "generic":
        cue_start, cue_end = doc.starts[fr.cue], doc.ends[fr.cue]
        cue = doc.words[fr.cue]
        if fr.cue_end - 1 > fr.cue:
            cue = f"{cue} {doc.words[fr.cue_end - 1]}"
    return Quote(
        start=start, end=end, text=doc.text[start:end], type=qtype,
        speaker=speaker.name if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        mention=doc.text[speaker.start:speaker.end] if speaker else None,
        cue=cue, cue_start=cue_start, cue_end=cue_end,
        via=tuple(fr.via) if fr is not None else (), parts=spans,
    )


def _move_back_frames(doc: _Doc, frames: list[list[_Frame]]) -> None:
    """Give each "back" frame the sentence before it as content and file it with that sentence, which then counts
    as framed. The sentence must have no frame of its own and end with ".", "!" or "?" (a headline or a list item
    is no report); otherwise the back frame is dropped."""
    for si, sentence_frames in enumerate(frames):
        for fr in [fr for fr in sentence_frames if fr.kind == "back"]:
            sentence_frames.remove(fr)
            if si == 0 or frames[si - 1]:
                continue
            a, b = doc.sent_range[si - 1]
            last = b - 1 - (doc.words[b - 1] in _CLOSE_MARKS and b - 2 >= a)
            i, j = _trim(doc, a, b)
            if i < j and doc.words[last] in _TERMINAL:
                fr.content = [(i, j)]
                frames[si - 1].append(fr)


def _title_like(doc: _Doc, r: int, first: int) -> bool:
    """A name or title in quotation marks, not a quotation: after a title noun ("Typs „Pilatus“") or "so genannt",
    or short and capitalised throughout after anything but "als"/an indefinite article ("der „Berliner Zeitung“",
    "meldete die Agentur „Xinhua“", but "nannte es einen „Militärputsch“")."""
    lex = doc.lex
    k = first - 1
    while k >= 0 and doc.lower[k] in lex.determiners:
        k -= 1
    if k >= 0 and ((lex.title_nouns and lex.title_nouns.match(doc.words[k]))
                   or (lex.so_called and lex.so_called.match(doc.words[k]))):
        return True
    words = [w for w in re.findall(r"[^\W_][\w.-]*", doc.text[doc.regions[r][0]:doc.regions[r][1]])]
    capitalised = 0 < len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words)
    return capitalised and first > 0 and doc.lower[first - 1] not in lex.predicative


def find_quotes(text: str, *, language: str = "de", sentences: Sequence[Span] | None = None,
                entities: Sequence[tuple[int, int, str]] | None = None,
                tokens: Sequence[Span] | None = None) -> list[Quote]:
    """Find quotations and reported speech in ``text``.

    text (str): Article text, one paragraph per line.
    language (str): "de" or "en"; chooses the lexicon in ``newsdesk/lang/<code>/quotes.py``.
    sentences (Sequence[Span] | None): Sentences of ``text`` from ``split_sentences`` if already computed.
    tokens (Sequence[Span] | None): ``tokenize`` of ``text`` with those sentences, if already computed.
    entities (Sequence[tuple[int, int, str]] | None): Named entities as (start, end, label); person entities
        (label starting with "PER") are preferred when resolving pronouns.
    RETURNS (list[Quote]): Quotes ordered by start offset; a partial quote may lie inside an indirect one.
    """
    if not text.strip():
        return []
    doc = _Doc(text, _lexicon(language), sentences, language, entities, tokens)
    # pass 1: frames of every sentence, in reading order (so that the salience memory grows left to right)
    frames = [(_sentence_frames(doc, a, b) if a < b else []) for a, b in doc.sent_range]
    _move_back_frames(doc, frames)
    claimed: dict[int, tuple[_Frame, bool]] = {}  # region -> (frame, region is the whole content)
    for sent_frames in frames:
        for fr in sent_frames:
            whole = all(_only_quoted(doc, *c) for c in fr.content)
            for c in fr.content:
                for k in range(*c):
                    r = doc.region_of[k]
                    if r >= 0 and r not in claimed:
                        claimed[r] = (fr, whole)
    # pass 2: emit in order; quotes without a frame inherit the last speaker
    out: list[Quote] = []
    last: tuple[_Speaker, int] | None = None
    done: set[int] = set()
    region_first: dict[int, int] = {}
    for k, r in enumerate(doc.region_of):
        if r >= 0 and r not in region_first:
            region_first[r] = k

    def emit_region(r: int, qtype: QuoteType, fr: _Frame | None, speaker: _Speaker | None) -> None:
        if r in done or (qtype != "direct" or fr is not None and fr.kind == "colon") and _title_like(
                doc, r, region_first[r]):
            return
        done.add(r)
        out.append(_make(doc, [], qtype, fr, speaker, chars=doc.regions[r]))

    for si, (a, b) in enumerate(doc.sent_range):
        recent = last[0] if last is not None and si - last[1] <= _CONTINUE_SENTENCES else None
        for fr in frames[si]:
            if fr.speaker is None and fr.kind != "generic":
                fr.speaker = recent  # "…, heißt es." / a frame whose subject was not found: the current speaker
        full_direct = False
        for k in range(a, b):  # quotations claimed by a frame, possibly one in a later sentence
            r = doc.region_of[k]
            if r >= 0 and region_first[r] == k and r in claimed:
                fr, whole = claimed[r]
                emit_region(r, "direct" if whole else "partial", fr, fr.speaker)
                full_direct = full_direct or whole
        for fr in frames[si]:
            regions = sorted({doc.region_of[k] for c in fr.content for k in range(*c) if doc.region_of[k] >= 0})
            if fr.content and not all(_only_quoted(doc, *c) for c in fr.content):
                out.append(_make(doc, fr.content, "indirect", fr, fr.speaker))
            for r in regions:
                emit_region(r, "partial" if claimed.get(r, (fr, False))[1] is False else "direct", fr, fr.speaker)
            for r in fr.partials:
                emit_region(r, "partial", fr, fr.speaker)
            if fr.speaker is not None:
                last = (fr.speaker, si)
                recent = fr.speaker
        for k in range(a, b):
            r = doc.region_of[k]
            if r < 0 or r in done or region_first[r] != k:
                continue
            rs, re_ = doc.regions[r]
            words = doc.text[rs:re_].split()
            if k == a or doc.words[k - 1] == ":" or (len(words) >= 4 and doc.text[re_ - 2] in _TERMINAL):
                emit_region(r, "direct", None, recent)
                full_direct = True
                if recent is not None:
                    last = (recent, si)
        inside = all(doc.region_of[k] >= 0 for k in range(a, b))
        if not frames[si] and not full_direct and not inside and recent is not None \
                and _has_konjunktiv(doc, a, b, quoted=False):
            i, j = _trim(doc, a, b, keep_final=True)
            out.append(_make(doc, [(i, j)], "free_indirect", None, recent))
            for k in range(a, b):
                if doc.region_of[k] >= 0:
                    emit_region(doc.region_of[k], "partial", None, recent)
            last = (recent, si)
    out.sort(key=lambda q: (q.start, -q.end, q.speaker is None))
    unique = [q for n, q in enumerate(out) if n == 0 or (q.parts, q.type) != (out[n - 1].parts, out[n - 1].type)]
    return unique
