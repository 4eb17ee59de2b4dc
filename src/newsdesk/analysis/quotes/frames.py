"""Frames: what one sentence says about speech — its cue (a speech verb, "so", "laut", a colon), the speaker and the
token ranges of the reported content."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.analysis.quotes.clauses import clause_end, has_konjunktiv, only_quoted, opens_relative, skip_adverbs, trim
from newsdesk.analysis.quotes.speakers import CLOSE_MARKS, TERMINAL, Doc, Speaker

DASHES = frozenset("–—")  # "Headline – Löw: „…“": a dash opens a clause of its own


@dataclass(slots=True)
class Frame:
    """What one sentence says about speech: the cue, the speaker, the content token ranges and via sources."""

    kind: str  # "verb-pre", "verb-post", "so", "wie", "attr", "colon", "generic", "back"
    cue: int
    cue_end: int
    speaker: Speaker | None
    content: list[tuple[int, int]]
    via: list[str]
    partials: tuple[int, ...] = ()  # quotation regions the cue governs without a clause ("nannte es „…“")
    scope: tuple[int, int] | None = None  # the clause an attribution vouches for, when not the whole sentence


def _accept_complement(doc: Doc, cue: int, i: int, j: int, colon: bool) -> bool:
    """Is tokens[i:j] after a cue verb its reported content (and not a relative clause or an adverbial)?"""
    lex = doc.lex
    if i >= j:
        return False
    if colon or doc.region_of[i] >= 0 or only_quoted(doc, i, j):
        return True
    first = doc.lower[i]
    if first in lex.complementizers:
        return True
    konj = has_konjunktiv(doc, i, j)
    if first in lex.subordinators or opens_relative(doc, i, j):
        return konj
    last = doc.lower[j - 1]
    zu = lex.infinitive_marker
    if konj or zu and (j - i >= 2 and doc.lower[j - 2] == zu or zu in last[2:-3]):
        return True  # Konjunktiv, or a zu-infinitive: "kündigte an, … zurückzutreten"
    return doc.lower[cue] in lex.say_core and j - i >= 3


def _says(doc: Doc, cue: int, particle: int) -> bool:
    """Is the cue a verb of saying that may report plain indicative content ("…, teilte die Polizei mit")? A
    separated particle verb counts by its joined form ("mit" + "teilte" = "mitteilte")."""
    say = doc.lex.say_core
    return doc.lower[cue] in say or particle != cue and doc.lower[particle] + doc.lower[cue] in say


def _find_cue(doc: Doc, a: int, b: int, used: list[bool]) -> list[tuple[int, int]]:
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
            end = clause_end(doc, i + 1, b)
            while k < end:
                if doc.lower[k] in particles or (k + 1 < end and doc.lower[k] + " " + doc.lower[k + 1] in particles):
                    found.append((i, k))
                    break
                k += 1
            else:
                if lw in lex.speech_verbs:
                    found.append((i, i))
            continue
        if lw in lex.impersonal_verbs and not _impersonal_subject(doc, a, i, b):
            continue
        if lw in lex.speech_verbs and (doc.words[i][:1].islower() or i == a):
            found.append((i, i))
    return found


def _narration_start(doc: Doc, i: int, j: int) -> int:
    """Where reported content in the Konjunktiv, tokens[i:j], gives way to the writer's narration: at a comma
    before a main clause in the indicative that opens with an adverb and its verb ("er sei ein Wrack, dabei klingt
    er gesund"); ``j`` when there is none."""
    lex = doc.lex
    if not has_konjunktiv(doc, i, j, quoted=False):
        return j
    for k in range(i + 1, j - 2):
        if doc.words[k] == "," and doc.region_of[k] < 0 and doc.lower[k + 1] in lex.adverbs \
                and doc.words[k + 2][:1].islower() and doc.lower[k + 2] not in lex.konjunktiv \
                and doc.lower[k + 2] not in lex.determiners and doc.lower[k + 2] not in lex.prepositions \
                and has_konjunktiv(doc, i, k, quoted=False) and not has_konjunktiv(doc, k + 1, j, quoted=False):
            return trim(doc, i, k)[1]
    return j


def _impersonal_subject(doc: Doc, a: int, i: int, b: int) -> bool:
    """Has the verb at ``i`` an impersonal subject ("es") in its clause: before it ("in denen es dazu heißt") or
    right after it ("heißt es")?"""
    k = i - 1
    while k >= a and doc.words[k] not in (",", ":", ";"):
        if doc.lower[k] in doc.lex.impersonal:
            return True
        k -= 1
    return any(doc.lower[k] in doc.lex.impersonal for k in range(i + 1, min(b, i + 3)))


def _attribution_frames(doc: Doc, a: int, b: int, used: list[bool]) -> list[Frame]:
    """'laut X', 'X zufolge', 'nach Angaben von X', 'Demnach' as frames; marks their tokens as used."""
    lex = doc.lex
    frames = []
    for i in range(a, b):
        if used[i - a] or doc.region_of[i] >= 0:
            continue
        lw = doc.lower[i]
        rng: tuple[int, int] | None = None
        frame: tuple[int, int] | None = None
        speaker: Speaker | None = None
        if lw in lex.attribution_prefix or (i + 1 < b and (lw, doc.lower[i + 1]) in lex.attribution_prefix_pairs):
            skip = 2 if lw not in lex.attribution_prefix else 1
            rng = doc.np_forward(i + skip, b) or _quoted_name(doc, i + skip, b)
            if rng:
                frame = (i, rng[1])
        elif lw in lex.attribution_postfix:
            rng = doc.np_backward(i, a)
            if rng:
                frame = (rng[0], i + 1)
                if doc.lower[rng[0]] in lex.self_source:  # "Eigenen Angaben zufolge hat X …"
                    speaker = _view_holder(doc, a, frame[0], i + 2, b, rng) or _main_subject(doc, a, *frame, b)
                    rng = None if speaker is not None else rng
        elif lw in lex.source_preposition and lex.source_noun is not None:
            k = i + 1
            own = False
            while k < b and doc.words[k][:1].islower() and k - i <= 2:
                own = own or doc.lower[k] in lex.self_source
                k += 1
            if k < b and lex.source_noun.fullmatch(doc.words[k]) and not (
                    i > a and doc.words[i - 1] == "," and opens_relative(doc, i + 1, b)):  # "…, nach der die …"
                rng = None
                if k + 1 < b and doc.lower[k + 1] in lex.genitive_openers:
                    rng = doc.np_forward(k + 1 + (doc.lower[k + 1] in lex.agent_prepositions), b)
                frame = (i, rng[1] if rng else k + 1)
                standalone = bool(lex.standalone_source and lex.standalone_source.fullmatch(doc.words[k]))
                if rng is None and (own or not standalone):
                    speaker = _view_holder(doc, a, frame[0], k + 2, b, (i + 1, k + 1))
                    if speaker is None and own:  # "X tat es, weil dort nach eigenen Worten …": the main subject
                        speaker = _main_subject(doc, a, i, frame[1], b)
                elif rng is None:
                    rng = (k, k + 1)  # "nach Polizeiangaben"
        elif lw in lex.anaphoric_source:
            frame = (i, i + 1)  # "Demnach …": the source of the previous report, mentioned by the adverb
            earlier = [sp for sp in doc.speakers if doc.starts[i] - sp.end < 400]
            if earlier:
                speaker = Speaker(earlier[-1].name, doc.starts[i], doc.ends[i], earlier[-1].role, earlier[-1].person)
        if frame is None:
            continue
        if rng is not None:
            speaker = doc.speaker_of(rng, source=True)
        for k in range(frame[0], frame[1]):
            used[k - a] = True
        scope = _governed_clause(doc, a, frame[0], frame[1], b) or _semicolon_clause(doc, a, frame[0], frame[1], b)
        frames.append(Frame("attr", i, i + 1, speaker, [], [], scope=scope))
        frames[-1].content = [frame]  # temporarily: the frame's own extent
    return frames


def _view_holder(doc: Doc, a: int, first: int, k: int, b: int, mention: tuple[int, int]) -> Speaker | None:
    """"nach eigenen Angaben", "nach Ansicht", "eigenen Angaben zufolge" opening the sentence (token ``first`` is
    its start ``a``): the subject after the verb (from token ``k``) holds the view. The speaker is that subject,
    its mention the attribution phrase (tokens ``mention``)."""
    subject = doc.np_forward(skip_adverbs(doc, k, b), b) if first == a else None
    found = doc.speaker_of(subject) if subject else None
    if found is None:
        return None
    return Speaker(found.name, doc.starts[mention[0]], doc.ends[mention[1] - 1], found.role, found.person)


def _governed_clause(doc: Doc, a: int, first: int, last: int, b: int) -> tuple[int, int] | None:
    """The subordinate or relative clause that an attribution, tokens[first:last], stands in ("…, weil dort nach
    eigenen Worten …", "Ein Skandal, der nach Erkenntnissen der Polizei 30 Häuser betrifft, …"): the attribution
    vouches for that clause alone. Its range after the conjunction or relative pronoun, to the clause's end; None
    when the attribution belongs to the main clause."""
    lex = doc.lex
    comma = next((k for k in range(first - 1, a, -1) if doc.words[k] == "," and doc.region_of[k] < 0), None)
    if comma is None or comma + 2 > first:
        return None
    opener = comma + 1 + (doc.lower[comma + 1] in lex.prepositions and doc.lower[comma + 1] not in lex.subordinators)
    if opener >= first or not (doc.lower[opener] in lex.subordinators or opens_relative(doc, opener, b)):
        return None
    return opener + 1, clause_end(doc, last, b)


def _semicolon_clause(doc: Doc, a: int, first: int, last: int, b: int) -> tuple[int, int] | None:
    """The part of the sentence tokens[a:b] between semicolons that holds the attribution tokens[first:last]
    ("Laut dem Gesetz darf er das; seine Macht aber …"): a semicolon joins sentences that could stand alone, and
    the attribution vouches for its own; None when the sentence has no semicolon."""
    marks = [k for k in range(a, b) if doc.words[k] == ";" and doc.region_of[k] < 0]
    if not marks:
        return None
    start = max((k + 1 for k in marks if k < first), default=a)
    return start, min((k for k in marks if k >= last), default=b)


def _main_subject(doc: Doc, a: int, first: int, last: int, b: int) -> Speaker | None:
    """The subject that opens the sentence from token ``a`` as the holder of "nach eigenen Worten" (tokens
    first:last) later in its clause ("Der Wirt hat eigenen Angaben zufolge …") or in a subordinate one ("Die
    Autorin wählte das Dorf, weil dort nach eigenen Worten …"); its mention is the phrase, as for ``_view_holder``.
    None when the sentence opens otherwise or a comma starts another main clause before the phrase."""
    clause = _governed_clause(doc, a, first, last, b)
    depth = 0
    for k in range(a, first if clause is None else a):
        depth += (doc.words[k] == "(") - (doc.words[k] == ")")
        if doc.words[k] == "," and depth == 0:
            return None
    subject = None if _inverted(doc, a) else doc.np_forward(a, clause[0] if clause else first)
    found = doc.speaker_of(subject) if subject is not None else None
    if found is None:
        return None
    return Speaker(found.name, doc.starts[first], doc.ends[last - 1], found.role, found.person)


def _quoted_name(doc: Doc, i: int, b: int) -> tuple[int, int] | None:
    """The tokens of a short quotation starting at ``i`` (at most three words): a source named in quotation marks,
    as in "laut „Computerwoche“"."""
    if i >= b or doc.region_of[i] < 0:
        return None
    j = i
    while j < b and doc.region_of[j] == doc.region_of[i]:
        j += 1
    return (i, j) if sum(doc.is_word(k) for k in range(i, j)) <= 3 else None


def _inverted(doc: Doc, i: int) -> bool:
    """Does the clause starting at token ``i`` open with something other than its subject (V2 inversion)?"""
    lex = doc.lex
    w0 = doc.lower[i]
    if i + 3 < len(doc.words) and (w0, doc.lower[i + 1]) in lex.name_particles and doc.is_cap(i + 2) \
            and doc.words[i + 3][:1].islower():
        return False  # "Von der Leyen sagte"
    return (w0 in lex.prepositions or w0 in lex.adverbs or w0 in lex.subordinators or w0[:1].isdigit()
            or w0 in lex.time_words or (i + 1 < len(doc.lower) and doc.lower[i + 1] in lex.time_words)
            or w0 in lex.not_speaker and w0 not in lex.determiners or w0 in lex.anaphoric_source
            or w0 in lex.oblique_determiners or doc.region_of[i] >= 0 and not _quoted_subject(doc, i))


def _quoted_subject(doc: Doc, i: int) -> bool:
    """Is the quotation at token ``i`` a name standing as the subject ("„Die Zeit“ berichtete, …")? A quoted
    statement is set off from its frame by a comma; a short quotation that the verb follows directly is a name."""
    r = doc.region_of[i]
    k = i
    while k < len(doc.words) and doc.region_of[k] == r:
        k += 1
    words = doc.text[doc.regions[r][0]:doc.regions[r][1]].split()
    return k < len(doc.words) and doc.words[k][:1].islower() and len(words) <= 4 and not any(
        w[-1:] in TERMINAL for w in words)


def _skip_adverbials(doc: Doc, i: int, b: int) -> int:
    """First token after the adverbials at ``i`` (adverbs, time words, prepositional phrases: "am Mittwoch in
    Washington"), where the subject of a postposed frame stands; ``i`` when none is there."""
    lex = doc.lex
    k = i
    for _ in range(4):
        k = skip_adverbs(doc, k, b)
        if k >= b or doc.region_of[k] >= 0 or doc.lower[k] not in lex.prepositions and doc.lower[k] not in \
                lex.time_words or doc.lower[k] in lex.attribution_prefix:
            break
        k += 1
        while k < b and doc.words[k][:1].islower() and (doc.lower[k] in lex.determiners or doc.lower[k].endswith(
                lex.adjective_endings)) and doc.lower[k] not in lex.np_stop:
            k += 1
        while k < b and doc.is_cap(k) and doc.region_of[k] < 0 and doc.role_of(k) is None and doc.lower[k] \
                not in lex.determiners and (doc.named[k] >= 0 or k + 1 >= b or not doc.is_cap(k + 1)
                                            or doc.lower[k] in lex.time_words):
            k += 1
    return k


def _clause_subject(doc: Doc, i: int, f: int) -> Speaker | None:
    """The subject of a subordinate clause from token ``i`` to its verb ``f`` that opens with a conjunction or a
    (prepositional) relative pronoun: "weil die Ministerin sagte", "bei dem sie gesagt hatte"."""
    lex = doc.lex
    k = i + (doc.lower[i] in lex.prepositions and doc.lower[i] not in lex.subordinators)
    if k >= f or not (doc.lower[k] in lex.subordinators or k > i and doc.lower[k] in lex.relative_pronouns):
        return None
    rng = doc.np_forward(k + 1, f)
    return doc.speaker_of(rng) if rng is not None and rng[1] >= f - 1 else None


def _bare_name(doc: Doc, i: int, j: int) -> bool:
    """Are tokens[i:j] a name without an article ("Haller", "Anna Berg", a tagged name): the subject, so that a
    pronoun after the verb is its object ("Haller nannte sie „…“")?"""
    return 0 < j - i <= 3 and (all(doc.is_cap(k) and doc.lower[k] not in doc.lex.determiners and doc.lower[k]
                                   not in doc.lex.not_speaker and doc.region_of[k] < 0 for k in range(i, j))
                               or all(doc.named[k] >= 0 for k in range(i, j)))


def _subject(doc: Doc, i: int, end: int) -> Speaker | None:
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
    if rng is None or opening is None:
        return _subject_after_verb(doc, i + 1, end)
    if opening.person:
        return opening
    after = _subject_after_verb(doc, rng[1], end)
    return after if after is not None and after.person else opening


def _subject_after_verb(doc: Doc, k: int, end: int) -> Speaker | None:
    """The phrase after the first finite-verb-like word at or after ``k`` (a lower-case word that is no article,
    preposition or attributive adjective) as a speaker."""
    lex = doc.lex
    while k < end and not (doc.words[k][:1].islower() and doc.lower[k] not in lex.determiners
                           and doc.lower[k] not in lex.prepositions and not (
                               k + 1 < end and doc.is_cap(k + 1) and doc.lower[k].endswith(lex.adjective_endings))):
        k += 1
    rng = doc.np_forward(skip_adverbs(doc, k + 1, end), end)
    return doc.speaker_of(rng) if rng else None


def _origin_phrase(doc: Doc, i: int, b: int) -> tuple[int, int] | None:
    """A phrase in the clause from token ``i`` that names where words came from ("[auf Nachfrage] aus dem Büro des
    Ministers", "aus Militärkreisen"), with its preposition; None when there is none."""
    k = i
    while k < b and doc.region_of[k] < 0 and doc.words[k] not in (",", ":", ";", "."):
        if doc.lower[k] in doc.lex.origin_prepositions and (k == i or doc.words[k][:1].islower()):
            phrase = doc.np_forward(k + 1, b)
            return (k, phrase[1]) if phrase else None
        k += 1
    return None


def _preposed_speaker(doc: Doc, first: int, f: int, rng: tuple[int, int] | None, *, impersonal: bool,
                      ends_clause: bool) -> Speaker | None:
    """The speaker of a speech verb (finite part at ``f``) in a clause from token ``first``: its subject before the
    verb, or the phrase ``rng`` after it when something else opens the clause (an object, an adverbial, "es")."""
    lex = doc.lex
    if f <= first:
        return doc.speaker_of(rng) if rng is not None else None
    w0 = doc.lower[first]
    comma = next((k for k in range(f - 1, first, -1) if doc.words[k] == "," and doc.region_of[k] < 0), None)
    if rng is not None and rng == (f + 1, f + 2) and lex.pronouns.get(doc.lower[f + 1]) in ("m", "f") \
            and not _bare_name(doc, first, f):
        return doc.speaker_of(rng)  # "Die Tat bezeichnete er als …": a pronoun after the verb is the subject
    if comma is not None and f - comma <= 3 and opens_relative(doc, comma + 1, f + 1):
        antecedent = doc.np_backward(comma, first)  # "…, der erklärt hat, …": the noun before the clause
        return doc.speaker_of(antecedent) if antecedent else None
    subordinate = _clause_subject(doc, comma + 1, f) if comma is not None else None
    if subordinate is not None:
        return subordinate  # "…, bei dem sie gesagt hatte, …"
    if impersonal and w0 in lex.place_prepositions:  # "In dem Bericht heißt es, …"
        end = next((k for k in range(first + 1, f) if doc.words[k] == ","), f)
        return doc.speaker_of((first, end), keep_all=True)
    if w0 in lex.origin_prepositions:  # "Aus Militärkreisen verlautete, …"
        origin = _origin_phrase(doc, first, f)
        return doc.speaker_of(origin, keep_all=True) if origin else None
    if impersonal and w0 in lex.agent_prepositions:  # "Vom Diktator heißt es, …"
        sub = doc.np_forward(first + 1, f)
        return doc.speaker_of(sub) if sub else None
    if f - first == 1 and w0 in lex.impersonal:
        return doc.resolve_pronoun(doc.starts[first], doc.ends[first], "n")
    if w0 in lex.subordinators and w0 not in lex.prepositions and doc.words[f - 1] != "," and ends_clause:
        sub = doc.np_forward(first + 1, f)  # "Als X am Sonntag sagte, dass …"
        return doc.speaker_of(sub) if sub else None
    if _inverted(doc, first):
        return doc.speaker_of(rng, keep_all=impersonal) if rng else None
    end = f
    for k in range(first + 1, f):
        if doc.words[k] == "," and k + 1 < f and (doc.lower[k + 1] in lex.relative_pronouns
                                                  or doc.lower[k + 1] in lex.subordinators):
            end = k
            break
    return doc.speaker_of((first, end)) or (doc.speaker_of(rng) if rng else None)


def _reported_source(doc: Doc, f: int, last: int) -> Speaker | None:
    """A report as the object inside the verb bracket ("X hat Berichte der Zeitung „…“ zurückgewiesen, er sei …"):
    the content is the report's claim, so the report is its source; None when no report stands there."""
    lex = doc.lex
    for k in range(f + 1, last):
        if doc.region_of[k] < 0 and doc.is_cap(k) and lex.source_noun is not None and lex.source_noun.fullmatch(
                doc.words[k]):
            m = k
            while m - 1 > f and doc.words[m - 1][:1].islower() and (doc.lower[m - 1] in lex.determiners or doc.lower[
                    m - 1].endswith(lex.adjective_endings)) and doc.lower[m - 1] not in lex.prepositions:
                m -= 1
            if doc.lower[m - 1] in lex.prepositions:
                return None  # "in einer Erklärung": the frame's subject speaks through it
            phrase = doc.np_forward(m, last)
            return doc.speaker_of(phrase, source=True) if phrase else None
    return None


def _verb_frame(doc: Doc, a: int, b: int, cue: int, particle: int, start: int) -> Frame | None:
    """Analyse one speech verb: where its speaker and its content are."""
    lex = doc.lex
    f = cue
    k = cue - 1
    lc = doc.lower[cue]
    participle = lex.participle is not None and lex.participle.fullmatch(lc) is not None
    while participle and k >= start and doc.region_of[k] < 0 and doc.words[k] not in (",", ":", ";"):
        if doc.lower[k] in lex.auxiliaries and doc.words[k][:1].islower():
            f = k
        k -= 1
    prev = f - 1
    after = skip_adverbs(doc, f + 1, b)
    rng = doc.np_forward(after, b) if after < b and doc.lower[after] not in lex.complementizers else None
    if rng is None and after < b:  # "erklärte am Mittwoch in Washington die Vizechefin …"
        behind = _skip_adverbials(doc, after, b)
        rng = doc.np_forward(behind, b) if behind > after else None
    impersonal = rng is not None and doc.lower[rng[0]] in lex.impersonal
    if rng is not None and impersonal:  # "heißt es in dem Bericht": the document is the speaker
        k = skip_adverbs(doc, rng[0] + 1, b)
        rng = _origin_phrase(doc, k, b)
        if rng is None and k < b and doc.lower[k] in lex.place_prepositions:
            pp = doc.np_forward(k + 1, b)
            rng = (k, pp[1]) if pp else None
    last = max(cue, particle)
    if prev - 1 > start and doc.lower[prev] in lex.anaphoric_content and doc.words[prev - 1] == ",":
        prev -= 1  # "…, das berichtet der Guardian": the demonstrative takes up the clause before it
    post = prev >= start and (doc.words[prev] in (",", "–") or doc.region_of[prev] >= 0
                              or doc.words[prev] in CLOSE_MARKS)
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
        resumptive = nxt + 1 < prev and doc.lower[nxt + 1] in lex.auxiliaries  # "…, das ist nicht …, sagte X"
        before = doc.np_forward(start, k) if k > start else None  # the clause is one of a subject phrase
        post = not ((doc.lower[nxt] in lex.relative_pronouns and doc.words[nxt][:1].islower() and not resumptive
                     or doc.lower[nxt] in lex.subordinators) and (k == start or before is not None and before[1] >= k))
        subject = doc.np_forward(start, prev + 1)  # "Der Politiker, Anja Hajduk, kritisierte": the subject first
        post = post and not (subject is not None and subject[1] >= prev - 1)
    if post and (rng is not None or impersonal):
        frame_end = clause_end(doc, max(rng[1] if rng else after, last + 1), b)
        tail = trim(doc, frame_end + 1, b) if frame_end < b - 1 and doc.words[frame_end] == "," else (b, b)
        if tail[0] < b and doc.lower[tail[0]] in lex.complementizers:
            post = False
    if post and (rng is not None or impersonal):
        content_end = prev if doc.region_of[prev] < 0 else prev + 1
        # "X führte Regie: Die Produzenten fragten mich …, sagt X": the content starts after a colon
        c_start = max((k + 1 for k in range(start, prev) if doc.words[k] == ":" and doc.region_of[k] < 0),
                      default=start)
        if doc.region_of[content_end - 1] >= 0:  # „…“, sagte X: only the quotation is the content
            c_start = content_end - 1
            while c_start > start and doc.region_of[c_start - 1] >= 0:
                c_start -= 1
        ci, cj = trim(doc, c_start, content_end)
        ok = ci < cj and not (c_start == start and doc.lower[ci] in lex.subordinators
                              and doc.words[ci][:1].isupper() and doc.region_of[ci] < 0) and (
            _says(doc, cue, particle) or has_konjunktiv(doc, ci, cj) or only_quoted(doc, ci, cj)
            or doc.lower[ci] in lex.complementizers)
        if ok:
            content = [(ci, cj)]
            if tail[0] < tail[1] and (has_konjunktiv(doc, *tail) or only_quoted(doc, *tail)):
                content.append(tail)
            speaker = doc.speaker_of(rng, keep_all=impersonal) if rng else None
            return Frame("verb-post", cue, last + 1, speaker, content, [])
    # preposed frame: speaker before the verb (or right after it when something else stands first)
    first = start
    speaker = _reported_source(doc, f, max(cue, particle)) or _preposed_speaker(
        doc, first, f, rng, impersonal=impersonal, ends_clause=(last + 1 >= b or doc.words[last + 1] in (",", ":")))
    boundary = clause_end(doc, last + 1, b)
    if rng is not None and rng[0] > last and rng[1] > boundary:  # "sagte X, Professorin für …, die Lage sei …"
        boundary = clause_end(doc, rng[1], b)
    regions = tuple(sorted({doc.region_of[k] for k in range(cue + 1, boundary) if doc.region_of[k] >= 0}))
    partial_frame = Frame("verb-pre", cue, last + 1, speaker, [], [], regions) if regions and speaker else None
    if boundary >= b - 1 and not lex.nouns_capitalised:  # English: "He said (that) the talks had failed."
        k = next((m for m in range(last + 1, min(b, last + 5)) if doc.lower[m] in lex.complementizers), last + 1)
        ci, cj = trim(doc, k, b)
        if cj - ci >= 3 and doc.lower[ci] not in lex.prepositions and doc.region_of[ci] < 0:
            return Frame("verb-pre", cue, last + 1, speaker, [(ci, cj)], [])
    if boundary >= b - 1 and f == first and rng is not None and _says(doc, cue, particle) and all(
            not doc.is_word(k) for k in range(rng[1], b)):
        # "Sagt Iggy Pop.": a frame of its own after the sentence it reports (``find_quotes`` moves it there)
        return Frame("back", cue, last + 1, doc.speaker_of(rng), [], [])
    if boundary >= b - 1 and f == first + 1 and doc.lower[first] in lex.anaphoric_content and rng is not None \
            and _says(doc, cue, particle):
        # "Dies bestätigte der Sprecher.": the frame reports the sentence before it (``find_quotes`` moves it there)
        return Frame("back", cue, last + 1, doc.speaker_of(rng), [], [])
    if boundary >= b - 1:
        return partial_frame
    colon = doc.words[boundary] == ":"
    ci, cj = trim(doc, boundary + 1, b)
    if doc.lower[ci] in lex.complementizers:  # "dass …, wurden die Redakteure …": the main clause goes on
        for k in range(ci + 2, cj - 1):
            nxt = skip_adverbs(doc, k + 1, cj)
            if doc.region_of[k] < 0 and (doc.words[k] == ":" or doc.words[k] == "," and nxt < cj and doc.lower[
                    nxt] in lex.auxiliaries and doc.words[nxt][:1].islower()):
                cj = k
                break
    if not _accept_complement(doc, cue, ci, cj, colon):
        return partial_frame
    return Frame("verb-pre", cue, last + 1, speaker, [(ci, _narration_start(doc, ci, cj))], [])


def _so_frames(doc: Doc, a: int, b: int, used: list[bool]) -> list[Frame]:
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
            if k < b and doc.lower[k] in lex.impersonal_verbs and not _impersonal_subject(doc, a, k, b):
                continue  # "„…“, so heißt ein Projekt": a name
            if k < b and doc.lower[k] in lex.speech_verbs and doc.words[k][:1].islower():
                k = skip_adverbs(doc, k + 1, b)
            rng = doc.np_forward(k, b)
            if rng is None or (rng[1] < b and doc.words[rng[1]] not in (",", ".", ")", "–", ";", "!")
                               and doc.lower[rng[1]] not in lex.np_stop):
                continue
            end = clause_end(doc, rng[1], b)
            content = [trim(doc, a, i)]
            tail = trim(doc, end + 1, b) if end < b - 1 else (b, b)
            if tail[0] < tail[1] and (has_konjunktiv(doc, *tail) or only_quoted(doc, *tail)) and not opens_relative(
                    doc, tail[0], b):  # "…, so X, die auch angab …" / "…, so X, bewirkte aber …": narration
                content.append(tail)
            frames.append(Frame("so", i, i + 1, doc.speaker_of(rng), content, []))
            for k in range(i - 1, end):
                used[k - a] = True
        elif lw in lex.as_frame and (i == a or doc.words[i - 1] == "," or opens_sentence):
            verb = next((k for k in range(i + 1, min(b, i + 16)) if doc.lower[k] in lex.speech_verbs
                         and doc.words[k][:1].islower() and doc.region_of[k] < 0), None)
            if verb is None:
                continue
            last = verb + (verb + 1 < b and doc.lower[verb + 1] in lex.auxiliaries)  # "wie X bekanntgegeben hat,"
            end = clause_end(doc, last, b)
            rng = _origin_phrase(doc, i + 1, verb) or doc.np_forward(i + 1, verb)
            apposition = rng is not None and rng[1] >= verb - 1  # "wie die Sprecherin, Eva Roth, mitteilte"
            if (last + 1 < b and doc.words[last + 1] not in (",", ".", ")", ":", ";")) or not apposition and any(
                    doc.words[k] == "," for k in range(i + 1, verb)):
                continue
            origin = rng is not None and doc.lower[rng[0]] in lex.origin_prepositions
            clause = max((k + 2 for k in range(a, i - 2) if doc.words[k] == "," and doc.region_of[k] < 0
                          and doc.lower[k + 1] in lex.subordinators), default=a)  # "…, da X gilt, wie Y sagte"
            content = [trim(doc, clause, i)] if i > a and not opens_sentence else []
            if end < b - 1:
                content.append(trim(doc, end + 1, b))
            content = [c for c in content if c[0] < c[1]]
            if not content:
                continue
            speaker = doc.speaker_of(rng, keep_all=origin) if rng else None
            frames.append(Frame("wie", verb, verb + 1, speaker, content, []))
            for k in range(max(a, i - 1), end):
                used[k - a] = True
    return frames


def _without_reported_cues(frames: list[Frame]) -> list[Frame]:
    """Drop the frames whose cue lies in the content of another: in "Das Amt sagt nicht alles, schrieb X" the
    postposed "schrieb X" reports a sentence that itself holds "sagt"; one frame owns each cue."""
    kept = []
    for fr in frames:
        inside = any(c[0] <= fr.cue < c[1] for other in frames if other is not fr for c in other.content)
        if not inside or fr.kind == "verb-post":
            kept.append(fr)
    return [fr for fr in kept if fr.kind == "verb-post" or not any(
        c[0] <= other.cue < c[1] for other in kept if other is not fr for c in fr.content)]


def sentence_frames(doc: Doc, a: int, b: int) -> list[Frame]:
    """All frames of the sentence tokens[a:b]; attribution phrases become ``via`` of a verb or so frame."""
    a = _after_dateline(doc, a, b)
    used = [False] * (b - a)
    attrs = _attribution_frames(doc, a, b, used)
    frames = _so_frames(doc, a, b, used)
    verbs: list[Frame] = []
    for cue, particle in _find_cue(doc, a, b, used):
        if used[cue - a] or any(c[0] <= cue < c[1] for fr in frames + verbs if fr.kind != "verb-pre"
                                for c in fr.content):
            continue
        fr = _verb_frame(doc, a, b, cue, particle, a)
        if fr is not None:
            verbs.append(fr)
    frames += _without_reported_cues(verbs)
    for k in range(a, b - 1):  # "X: „…“" / "X begründete es mit den Worten: „…“"
        if doc.words[k] == ":" and doc.region_of[k] < 0 and doc.region_of[k + 1] >= 0 and not any(
                c[0] <= k + 1 < c[1] for fr in frames for c in fr.content):
            r = doc.region_of[k + 1]
            end = k + 1
            while end < b and doc.region_of[end] == r:
                end += 1
            clause = max((m + 1 for m in range(a, k) if doc.words[m] in DASHES and doc.region_of[m] < 0), default=a)
            frames.append(Frame("colon", k, k + 1, _subject(doc, clause, k), [(k + 1, end)], []))
    if not frames and not attrs:
        generic = _generic_frame(doc, a, b, used)
        if generic is not None:
            frames.append(generic)
    spans = [fr.content[0] for fr in attrs]
    doc.speakers.extend(fr.speaker for fr in frames + attrs if fr.speaker is not None)
    if frames:
        via = [fr.speaker.name for fr in attrs if fr.speaker is not None]
        for fr in frames:
            # a speaker never passes on his own words ("…, sagte er" with "laut Putin" for the same Putin)
            fr.via = [] if fr.speaker is None else [v for v in via if not _same_person(v, fr.speaker.name)]
            if fr.speaker is None and attrs:
                fr.speaker = attrs[0].speaker
            fr.content = [t for c in fr.content for p in _subtract(c, spans) for t in [trim(doc, *p)] if t[0] < t[1]]
        return frames
    result = []
    for fr in attrs[:1]:
        i, j = trim(doc, *(fr.scope or (a, b)))
        parts = [t for p in _subtract((i, j), spans) for t in [trim(doc, *p)] if t[0] < t[1]]
        if parts:
            result.append(Frame("attr", fr.cue, fr.cue_end, fr.speaker, parts, []))
    return result


def _after_dateline(doc: Doc, a: int, b: int) -> int:
    """The first token after a dateline that opens the sentence ("Wien/London – Die Zeitung …"): places, joined by
    slashes, and a dash; ``a`` when there is none. The dateline is neither speaker nor content."""
    k = a
    while k < min(b, a + 6) and (doc.is_cap(k) and doc.region_of[k] < 0 or doc.words[k] == "/"):
        k += 1
    return k + 1 if a < k < b - 1 and doc.words[k] in DASHES else a


def _generic_frame(doc: Doc, a: int, b: int, used: list[bool]) -> Frame | None:
    """A clause that reports speech without a known cue: "X ist der Auffassung, dass …", "X folgte der
    Einschätzung, die Lage sei ernst". The content starts after a comma with "dass"/"ob" or a Konjunktiv clause; the
    speaker is the subject of the main clause. The main clause itself must not be in the Konjunktiv (then the whole
    sentence is free indirect speech), nor a judgement ("Es ist wichtig, dass …": the writer's statement)."""
    lex = doc.lex
    first_comma = None
    for k in range(a + 1, b - 1):
        if doc.words[k] != "," or doc.region_of[k] >= 0 or used[k - a]:
            continue
        if first_comma is None:
            first_comma = k
            if has_konjunktiv(doc, a, k, quoted=False):
                return None
        nxt = doc.lower[k + 1]
        consecutive = any(doc.lower[m] in lex.consecutive for m in range(max(a, k - 3), k))
        fact = doc.judgement(a, k) or any(doc.lower[m] in lex.fact_verbs or doc.lower[m] in lex.modal_verbs
                                          for m in range(a, k) if doc.words[m][:1].islower())
        dass = nxt in lex.complementizers and doc.lower[k - 1] not in lex.dass_exclude and not consecutive \
            and not fact
        konj = nxt not in lex.subordinators and not opens_relative(doc, k + 1, b) and main_konjunktiv(doc, k + 1, b)
        if not (dass or konj and not has_konjunktiv(doc, a, k)):
            continue
        ci, cj = trim(doc, k + 1, b)
        if cj - ci < 3:
            return None
        return Frame("generic", k, k + 1, _subject(doc, a, k), [(ci, _narration_start(doc, ci, cj))], [])
    return None


def main_konjunktiv(doc: Doc, i: int, j: int, **kinds: bool) -> bool:
    """``has_konjunktiv`` (with its keyword arguments ``kinds``) outside the relative clauses of tokens[i:j]. A
    form inside one ("…, setzte er auf Hologramme, die sein Konzert übertragen würden") describes a thing and
    reports no one's words."""
    k = i
    while k < j:
        if doc.words[k] == "," and doc.region_of[k] < 0 and k + 1 < j and opens_relative(doc, k + 1, j):
            if has_konjunktiv(doc, i, k, **kinds):
                return True
            i = k = clause_end(doc, k + 1, j)
            continue
        k += 1
    return has_konjunktiv(doc, i, j, **kinds)


def _same_person(source: str, speaker: str) -> bool:
    """Whether an attribution names the speaker himself ("Weber" for the speaker "Karl Weber")."""
    source, speaker = source.casefold(), speaker.casefold()
    return source == speaker or speaker.endswith(" " + source) or source.endswith(" " + speaker)


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


