"""The token view of one text and its speakers: speaker phrases, names, pronouns and role nouns resolved to the
people the text mentioned before."""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsdesk.analysis.sentences import Span, split_sentences, tokenize
from newsdesk.lang.quote_lexicon import QuoteLexicon

# Quotation mark pairs; a pair never crosses a line break (one paragraph per line).
REGION = re.compile(
    r"„[^„“”\"\n]{1,3000}?[“”\"]|»[^»«\n]{1,3000}?«|«[^«»\n]{1,3000}?»|“[^“”\n]{1,3000}?”|\"[^\"\n]{1,3000}?\""
)
TERMINAL = frozenset(".!?…")
SPEAKER_LABELS = ("PER", "ORG")  # entity labels that can speak (places and other names cannot)
MAX_SPEAKER_TOKENS = 16  # a longer "phrase" is a clause or a run-on, not a speaker
CLOSE_MARKS = frozenset("“”\"«»")
OPEN_MARKS = frozenset("„“”\"«»")


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: the name (or surface), its mention offsets, and attributes used for resolution."""

    name: str
    start: int
    end: int
    role: str | None = None
    person: bool = False



class Doc:
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
        self.regions: list[tuple[int, int]] = [(m.start(), m.end()) for m in REGION.finditer(text)]
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
        self.people: list[tuple[int, Speaker]] = []  # (offset, person) in reading order
        self.groups: list[tuple[int, Speaker]] = []  # (offset, organisation) in reading order, for plural "sie"
        self.speakers: list[Speaker] = []  # speakers of frames found so far, in reading order
        self.entities = sorted(e for e in entities or [] if e[2].upper().startswith(SPEAKER_LABELS))
        self.named = self._cover(self.entities)
        self._seed_people()

    def _cover(self, spans: list[tuple[int, int, str]]) -> list[int]:
        """For every token, the index of the entity span it lies in (-1: none)."""
        covered = [-1] * len(self.starts)
        n = 0
        for i, (start, end) in enumerate(zip(self.starts, self.ends)):
            while n < len(spans) and spans[n][1] <= start:
                n += 1
            if n < len(spans) and spans[n][0] < end and start < spans[n][1]:
                covered[i] = n
        return covered

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
            genitive = self._looks_genitive(i + 1, j) or j == i + 2 and bool(self.lex.genitive_suffix) and \
                self.lower[i + 1].endswith(self.lex.genitive_suffix)
            if j > i + 1 and not genitive:
                self.people.append((self.starts[i + 1], Speaker(self._span_text(i + 1, j), self.starts[i + 1],
                                                                  self.ends[j - 1], role, True)))
        for start, end, label in self.entities:
            person = label.upper().startswith("PER")
            role = self._role_after(bisect_right(self.starts, end - 1)) if person else None
            (self.people if person else self.groups).append(
                (start, Speaker(self.text[start:end], start, end, role, person)))
        self.people.sort(key=lambda p: p[0])

    def _role_after(self, k: int) -> str | None:
        """The role given to a name in an apposition or by a copula right after it, from token ``k`` on ("Eva
        Roth, die Ministerin für …", "Eva Roth ist Ministerin"): later "die Ministerin" refers back to her."""
        if k >= len(self.words) or not (self.words[k] == "," or self.lower[k] in self.lex.copulas):
            return None
        k += 1
        while k < len(self.words) and (self.lower[k] in self.lex.determiners or self._adjective(k, len(self.words))):
            k += 1
        return self.role_of(k) if k < len(self.words) else None

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
                    lw not in lex.speech_verbs and lw not in lex.auxiliaries and lw not in lex.konjunktiv and \
                    j + 1 < limit and \
                    (self.is_cap(j + 1) or (lex.nouns_capitalised and self.words[j + 1][:1].islower()
                                            and j + 2 < limit and self.is_cap(j + 2))) and \
                    (lw.endswith(lex.adjective_endings) or not lex.nouns_capitalised):
                j += 1  # adjective before a noun ("der russische Präsident")
                continue
            if seen_head and lw in lex.np_linkers and j + 1 < limit and (
                    self.is_cap(j + 1) or self.lower[j + 1] in lex.determiners or self._adjective(j + 1, limit)) \
                    and self.region_of[j + 1] < 0:
                if lw in lex.role_linkers and (self.role_of(j - 1) is None or not lex.nouns_capitalised):
                    break
                j += 1
                continue
            close = next((k for k in range(j + 2, min(limit, j + 6)) if self.words[k] == ")"), None) \
                if seen_head and w == "(" else None
            if close is not None:
                j = close + 1  # party affiliation: "Schäuble (CDU)", "Ukip (UK Independence Party)"
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
                end = self._role_apposition(j + 1, limit)
                if end is not None:
                    j = end  # "Anna Berg, Professorin für Chemie an der Universität Kiel,"
                    continue
            break
        if not seen_head:
            return None
        return (i, j)

    def _role_apposition(self, k: int, limit: int) -> int | None:
        """The end of an apposition from token ``k`` that gives a role ("[die] Professorin für … in Houston"), when it
        runs to a comma or colon within a few words: the speaker phrase, not the reported content, goes on."""
        lex = self.lex
        first = k + (k < limit and self.lower[k] in lex.determiners)
        if first >= limit or self.role_of(first) is None:
            return None
        for end in range(first + 1, min(limit, first + 12)):
            if self.region_of[end] >= 0 or self.lower[end] in lex.speech_verbs or self.lower[end] in lex.auxiliaries:
                return None
            if self.words[end] in {",", ":"}:
                return end
        return None

    def np_backward(self, j: int, lo: int) -> tuple[int, int] | None:
        """The phrase ending just before token ``j`` ("Der Nachrichtenagentur Reuters [zufolge]")."""
        lex = self.lex
        i = j
        while i > lo and self.region_of[i - 1] < 0:
            w, lw = self.words[i - 1], self.lower[i - 1]
            noun = self.is_cap(i - 1) and lw not in lex.prepositions
            linker = lw in lex.determiners or lw in lex.genitive_openers or lw in lex.np_linkers
            adjective = w[:1].islower() and lw.endswith(lex.adjective_endings) and lw not in lex.auxiliaries \
                and lw not in lex.konjunktiv and lw not in lex.np_stop and lw not in lex.speech_verbs
            if noun or linker or adjective:
                i -= 1
            else:
                break
        while i < j and self.words[i][:1].islower() and (self.lower[i] in lex.np_linkers
                                                          or self.lower[i] in lex.genitive_openers):
            i += 1
        return (i, j) if i < j else None

    def speaker_of(self, rng: tuple[int, int], *, keep_all: bool = False, source: bool = False) -> Speaker | None:
        """Turn a phrase into a speaker: resolve pronouns and role nouns, prefer the name inside the phrase.

        keep_all: the phrase as written ("in dem Bericht" of "heißt es in dem Bericht").
        source: the phrase of an attribution ("laut einer Mitteilung der Polizei"), where a document or an abstract
            noun is the source as written; elsewhere such a phrase is no speaker (see ``plausible``).
        """
        i, j = rng
        lex = self.lex
        while i < j and (self.words[j - 1] in {",", "(", ")"} or self.lower[j - 1] in lex.adverbs):
            j -= 1
        if i >= j:
            return None
        start, end = self.starts[i], self.ends[j - 1]
        if keep_all:
            return Speaker(self.text[start:end], start, end)
        i, j = self._noun_phrase(i, j)
        if i >= j:
            return None
        start, end = self.starts[i], self.ends[j - 1]
        if j - i == 1 and self.lower[i] in lex.pronouns:
            return self.resolve_pronoun(start, end, lex.pronouns[self.lower[i]])
        if j - i == 1 and self.lower[i] in lex.not_speaker:
            return None
        holder = None if source else self._holder(i, j)
        if holder is not None:
            return self.speaker_of(holder)
        start, end = self.starts[i], self.ends[j - 1]
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
                if role is not None and all(self.is_cap(m) for m in range(i, k)):
                    return self._person(i, k, role)  # "Anna Berg, Professorin für Chemie"
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
                return Speaker(found.name, start, end, role, True)
        if not self.plausible(i, j, source=source):
            return None
        name = self._span_text(first, j)
        if role is None and not lex.nouns_capitalised and all(self.is_cap(k) for k in range(first, j)):
            return self._person(first, j, None)
        return Speaker(name, start, end, role, role is not None)

    def _noun_phrase(self, i: int, j: int) -> tuple[int, int]:
        """The noun phrase at the start of tokens[i:j]: from the last line break on, up to the first word that is
        no article, adjective, linker or noun ("Streeck [nannte sie …]"), and up to the end of a tagged name that
        more capitalised words follow ("bezeichnete Sergej Schoigu [Nordkorea] als …": the object)."""
        lex = self.lex
        for k in range(j - 1, i, -1):  # a line break or a capitalised article ends a headline run into the text
            article = self.is_cap(k) and self.lower[k] in lex.definite and self.lower[k] in lex.determiners
            if "\n" in self.text[self.ends[k - 1]:self.starts[k]] or article and self.words[k - 1][:1].isalnum():
                i = k
                break
        if self.lower[i] in lex.pronouns and self.region_of[i] < 0 and (
                i + 1 == j or not (self.is_cap(i + 1) or self._adjective(i + 1, j))):
            return i, i + 1  # "er", or "Er [halte die …]"; but "die Ministerin" is no pronoun
        for k in range(i, j):
            if self.region_of[k] < 0 and self.is_word(k) and not self.is_cap(k) and lex.nouns_capitalised and not (
                    self.words[k][:1].isdigit() or
                    self.lower[k] in lex.determiners or self.lower[k] in lex.np_linkers or self._adjective(k, j)):
                j = k
                break
        for k in range(i, j - 1):
            n = self.named[k]
            if n >= 0 and self.named[k + 1] < 0 and self.is_cap(k + 1) and self.lower[k + 1] not in lex.np_linkers:
                return i, k + 1
        return i, j

    def plausible(self, i: int, j: int, *, source: bool = False) -> bool:
        """Can tokens[i:j] name a speaker: a person, an organisation or a role noun phrase?

        A role noun makes it one. Otherwise the phrase (cut by ``_noun_phrase``) must not open with an adverb or a
        preposition ("Umso", "Gleich zu Beginn …"), and its head noun must be a tagged name or no work title ("Film",
        "Haftbefehl-Doku") and no abstract noun ("Lage"): such words open sentences in front of a speech verb
        without being its subject. The source of an attribution (``source``: "laut dem Bericht") may be a document
        or an abstract noun, but no work title either.
        """
        lex = self.lex
        if j - i > MAX_SPEAKER_TOKENS:
            return False
        if any(self.role_of(k) is not None for k in range(i, j)):
            return True
        first = i
        while first < j and (self.lower[first] in lex.determiners or self.words[first] in lex.titles):
            first += 1
        if first >= j or not source and (self.lower[first] in lex.adverbs or self.lower[first] in lex.prepositions):
            return False
        head, linked = None, False  # the head is the last noun before a linker ("Sprecher [des Ministeriums]")
        for k in range(first, j):
            lw = self.lower[k]
            if lw in lex.np_linkers or lw in lex.determiners or not self.is_word(k):
                linked = linked or head is not None
            elif self.region_of[k] >= 0 or self.is_cap(k) or not lex.nouns_capitalised:
                head = head if linked else k
        if head is None:
            return False
        acronym = any(self.words[k].isupper() and len(self.words[k]) > 1 for k in range(first, head))
        return self.named[head] >= 0 or acronym or not self.no_speaker_noun(head, source=source)

    def no_speaker_noun(self, k: int, *, source: bool = False) -> bool:
        """Is token ``k`` a noun that never speaks: a work title (also as the head of a compound: "Haftbefehl-Doku",
        "Fernsehfilm"), else, unless it is an attribution's ``source``, an abstract noun ("Lage", "Reaktion")?"""
        lex = self.lex
        word = self.lower[k].rsplit("-", 1)[-1]
        if word.endswith(lex.work_nouns):
            return True
        if source or word.endswith(lex.speaker_nouns):
            return False
        return word in lex.no_speaker_nouns or word.endswith(lex.abstract_endings)

    def _adjective(self, k: int, j: int) -> bool:
        """An attributive adjective: an adjective ending, and a noun or another adjective follows ("die
        englischsprachige Zeitung"; the "-e" of "Die Mutter wandte" is a verb's)."""
        lex = self.lex
        lw = self.lower[k]
        if not lw.endswith(lex.adjective_endings) or self.is_cap(k) or self.region_of[k] >= 0 or any(
                lw in words for words in (lex.auxiliaries, lex.speech_verbs, lex.determiners, lex.np_stop,
                                          lex.konjunktiv, lex.pronouns)):
            return False
        return k + 1 < j and (self.is_cap(k + 1) or self._adjective(k + 1, j))

    def _holder(self, i: int, j: int) -> tuple[int, int] | None:
        """The holder of a speech noun that heads the phrase: "die Reaktion der Kirchenleitung" -> "der
        Kirchenleitung" (the reaction does not speak, the church's leaders do)."""
        lex = self.lex
        first = i
        while first < j and self.lower[first] in lex.determiners:
            first += 1
        if first + 2 >= j or self.lower[first] not in lex.speech_nouns or self.lower[first + 1] not in \
                lex.genitive_openers:
            return None
        return self.np_forward(first + 1 + (self.lower[first + 1] in lex.agent_prepositions), j)

    def _person(self, i: int, j: int, role: str | None) -> Speaker:
        sp = Speaker(self._span_text(i, j), self.starts[i], self.ends[j - 1], role, True)
        insort(self.people, (sp.start, sp), key=_position)
        return sp

    def resolve_pronoun(self, start: int, end: int, gender: str) -> Speaker:
        """Resolve a pronoun (or "dieser", "letztere") to the most salient compatible earlier speaker.

        Persons (named speakers, "Role Name" mentions, PER entities) are the candidates for "er"/"sie"; a role
        whose feminine form contradicts "er" is skipped. Neuter "es" goes to the last speaker that is no person
        (an organisation, a court). Unresolved pronouns stay as written.
        """
        if gender == "n":
            for sp in reversed(self.speakers):
                if sp.start < start and not sp.person:
                    return Speaker(sp.name, start, end, sp.role, False)
            return Speaker(self.text[start:end], start, end)
        feminine = self.lex.feminine_suffix
        candidates = _latest_first(start, self.people) if gender == "m" else _latest_first(start, self.people,
                                                                                            self.groups)
        for _, person in candidates:
            role = person.role or ""
            if feminine and role and role.endswith(feminine) != (gender == "f"):
                continue  # "er" is no Ministerin, "sie" no Minister
            return Speaker(person.name, start, end, person.role, person.person)
        return Speaker(self.text[start:end], start, end, None, False)

    def last_named(self, i: int, j: int) -> Speaker | None:
        """The last person or organisation named in tokens[i:j] (a tagged name or "Role Name"), as the speaker of
        the direct quotes that follow: an interview introduces its partner before the questions."""
        if i >= j:
            return None
        lo, hi = self.starts[i], self.ends[j - 1]
        for pos, named in _latest_first(hi, self.people, self.groups):
            if pos < lo:
                break
            if self.region_of[self._token_at(pos)] < 0:
                return named
        return None

    def pronoun_subject(self, i: int, j: int) -> Speaker | None:
        """The speaker of a sentence that opens with a personal pronoun ("Er schäme sich"), resolved to the person
        it refers to; None when the sentence opens otherwise or the pronoun finds no one."""
        gender = self.lex.pronouns.get(self.lower[i]) if i < j and self.region_of[i] < 0 else None
        if gender not in ("m", "f") or i + 1 < j and (self.is_cap(i + 1) or self._adjective(i + 1, j)):
            return None  # "Diese neue Erklärung …" opens with an article, not a pronoun
        found = self.resolve_pronoun(self.starts[i], self.ends[i], gender)
        return found if found.name != self.words[i] else None

    def konjunktiv_after_pronoun(self, i: int, j: int) -> bool:
        """"Er schäme sich", "Sie wisse es": a third-person pronoun followed by a verb of the form the lexicon gives
        for reported speech (German: "-e", where the indicative has "-t") reports speech, whatever the verb."""
        form = self.lex.konjunktiv_after_pronoun
        gender = self.lex.pronouns.get(self.lower[i])
        if form is None or j - i < 3 or gender not in ("m", "f") or self.region_of[i] >= 0:
            return False
        verb = self.lower[i + 1]
        return self.words[i + 1][:1].islower() and form.fullmatch(verb) is not None \
            and verb not in self.lex.determiners and verb not in self.lex.auxiliaries

    def judgement(self, i: int, j: int) -> bool:
        """Do tokens[i:j] hold an expletive subject next to a copula ("es ist wichtig", "war es klar"): a clause
        that judges what follows rather than reporting anyone's words?"""
        copulas = self.lex.judgement_copulas
        return any(self.lower[k] in self.lex.expletive and self.region_of[k] < 0 and (
            k > i and self.lower[k - 1] in copulas or k + 1 < j and self.lower[k + 1] in copulas) for k in range(i, j))

    def first_person(self, i: int, j: int) -> bool:
        """Does tokens[i:j] speak in the first person outside quotation marks ("wir", "mir")? In a news report
        only quoted people do, so such a sentence is a quotation whose marks were lost."""
        return any(self.lower[k] in self.lex.first_person and self.region_of[k] < 0 for k in range(i, j))

    def _token_at(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    def resolve_role(self, start: int, role: str) -> Speaker | None:
        """The most recent earlier person with a compatible role ("der Minister" -> "Außenminister Max Muster"):
        news introduce a person with role and name once and refer back with the role alone."""
        for _, person in _latest_first(start, self.people):
            if person.role and (person.role == role or person.role.endswith(role) or role.endswith(person.role)):
                return person
        return None


def _position(mention: tuple[int, Speaker]) -> int:
    return mention[0]


def _latest_first(offset: int, *mentions: list[tuple[int, Speaker]]) -> Iterator[tuple[int, Speaker]]:
    """The mentions before ``offset`` in lists sorted by position, from the latest back, merged: a long article
    resolves every pronoun in time that grows with the distance to its antecedent, not with the article."""
    def before(found: list[tuple[int, Speaker]]) -> Iterator[tuple[int, Speaker]]:
        k = bisect_left(found, offset, key=_position)
        return (found[n] for n in range(k - 1, -1, -1))

    return heapq.merge(*(before(found) for found in mentions), key=lambda p: -p[0])


