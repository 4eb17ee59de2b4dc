"""The reader: frames of every sentence, then the quotes they claim, in reading order, with speakers carried on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from newsdesk.analysis.quotes.clauses import only_quoted, trim
from newsdesk.analysis.quotes.frames import Frame, main_konjunktiv, sentence_frames
from newsdesk.analysis.quotes.model import Quote, QuoteType, lexicon_for
from newsdesk.analysis.quotes.speakers import CLOSE_MARKS, OPEN_MARKS, TERMINAL, Doc, Speaker
from newsdesk.analysis.sentences import Span

_CONTINUE_SENTENCES = 3  # a quote without its own frame inherits the speaker of a quote at most this far back


def _make(doc: Doc, parts: list[tuple[int, int]], qtype: QuoteType, fr: Frame | None,
          speaker: Speaker | None, *, chars: tuple[int, int] | None = None) -> Quote:
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


def _move_back_frames(doc: Doc, frames: list[list[Frame]]) -> None:
    """Give each "back" frame the sentence before it as content and file it with that sentence, which then counts
    as framed. The sentence must have no frame of its own and end with ".", "!" or "?" (a headline or a list item
    is no report); otherwise the back frame is dropped."""
    for si, sentence_frames in enumerate(frames):
        for fr in [fr for fr in sentence_frames if fr.kind == "back"]:
            sentence_frames.remove(fr)
            if si == 0 or frames[si - 1]:
                continue
            a, b = doc.sent_range[si - 1]
            last = b - 1 - (doc.words[b - 1] in CLOSE_MARKS and b - 2 >= a)
            i, j = trim(doc, a, b)
            if i < j and doc.words[last] in TERMINAL:
                fr.content = [(i, j)]
                frames[si - 1].append(fr)


def _after_title_noun(doc: Doc, first: int) -> bool:
    """Does a title noun or "so genannt" stand before the quotation at token ``first`` ("der Newsletter „…“",
    "Film „…“")? Then it names something and is no quotation, whatever frame surrounds it."""
    lex = doc.lex
    k = first - 1
    while k >= 0 and doc.lower[k] in lex.determiners:
        k -= 1
    return k >= 0 and bool((lex.title_nouns and lex.title_nouns.match(doc.words[k]))
                           or (lex.so_called and lex.so_called.match(doc.words[k])))


def _whole_sentence(doc: Doc, first: int, b: int) -> bool:
    """Does the quotation starting at token ``first`` run to the end of its sentence (only punctuation after it)?
    One that the sentence goes on after ("„Hier ist Nordstadt“ erscheint …") is its subject: a name, a slogan."""
    k = first
    while k < b and doc.region_of[k] == doc.region_of[first]:
        k += 1
    return all(not doc.is_word(m) for m in range(k, b))


def _title_like(doc: Doc, r: int, first: int) -> bool:
    """A name or title in quotation marks, not a quotation: after a title noun ("Typs „Pilatus“") or "so genannt",
    or short and capitalised throughout after anything but "als"/an indefinite article ("der „Berliner Zeitung“",
    "meldete die Agentur „Xinhua“", but "nannte es einen „Militärputsch“")."""
    lex = doc.lex
    if _after_title_noun(doc, first):
        return True
    words = [w for w in re.findall(r"[^\W_][\w.-]*", doc.text[doc.regions[r][0]:doc.regions[r][1]])]
    capitalised = 0 < len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words)
    return capitalised and first > 0 and doc.lower[first - 1] not in lex.predicative


def _after_narration_colon(doc: Doc, a: int, b: int) -> int:
    """Where the first-person words of the sentence tokens[a:b] begin when the writer introduces them with a colon
    ("Das Lob kam von oben: Wir trafen den Minister"): after the last colon before the first first-person word,
    else the sentence start."""
    first = next((k for k in range(a, b) if doc.first_person(k, k + 1)), b)
    return max((k + 1 for k in range(a, first) if doc.words[k] == ":" and doc.region_of[k] < 0), default=a)


def find_quotes(text: str, *, language: str = "de", sentences: Sequence[Span] | None = None,
                entities: Sequence[tuple[int, int, str]] | None = None,
                tokens: Sequence[Span] | None = None) -> list[Quote]:
    """Find quotations and reported speech in ``text``.

    text (str): Article text, one paragraph per line.
    language (str): "de" or "en"; chooses the lexicon in ``newsdesk/lang/<code>/quotes.py``.
    sentences (Sequence[Span] | None): Sentences of ``text`` from ``split_sentences`` if already computed.
    tokens (Sequence[Span] | None): ``tokenize`` of ``text`` with those sentences, if already computed.
    entities (Sequence[tuple[int, int, str]] | None): Named entities as (start, end, label); persons ("PER…") and
        organisations ("ORG…") are the names speakers resolve to (pronouns, role nouns, interview partners).
    RETURNS (list[Quote]): Quotes ordered by start offset; a partial quote may lie inside an indirect one.
    """
    if not text.strip():
        return []
    doc = Doc(text, lexicon_for(language), sentences, language, entities, tokens)
    # pass 1: frames of every sentence, in reading order (so that the salience memory grows left to right)
    frames = [(sentence_frames(doc, a, b) if a < b else []) for a, b in doc.sent_range]
    _move_back_frames(doc, frames)
    # pass 2: emit in order; quotes without a frame inherit the last speaker
    out = _Reader(doc, frames).read()
    out.sort(key=lambda q: (q.start, -q.end, q.speaker is None))
    return [q for n, q in enumerate(out) if n == 0 or (q.parts, q.type) != (out[n - 1].parts, out[n - 1].type)]


class _Reader:
    """The second pass: reads the sentences in order, emits the quotes their frames claim and carries the current
    speaker to quotes without a frame of their own."""

    def __init__(self, doc: Doc, frames: list[list[Frame]]) -> None:
        self.doc = doc
        self.frames = frames
        self.out: list[Quote] = []
        self.last: tuple[Speaker, int] | None = None  # the current speaker and the sentence it last spoke in
        self.done: set[int] = set()
        self.region_first: dict[int, int] = {}
        for k, r in enumerate(doc.region_of):
            if r >= 0 and r not in self.region_first:
                self.region_first[r] = k
        self.claimed: dict[int, tuple[Frame, bool]] = {}  # region -> (frame, region is the whole content)
        for sent_frames in frames:
            for fr in sent_frames:
                whole = all(only_quoted(doc, *c) for c in fr.content)
                for c in fr.content:
                    for k in range(*c):
                        r = doc.region_of[k]
                        if r >= 0 and r not in self.claimed:
                            self.claimed[r] = (fr, whole)

    def read(self) -> list[Quote]:
        for si, (a, b) in enumerate(self.doc.sent_range):
            last = self.last
            recent = last[0] if last is not None and si - last[1] <= _CONTINUE_SENTENCES else None
            full_direct = self._framed(si, a, b, recent)
            if self.last is not None and self.last[1] == si:
                recent = self.last[0]
            full_direct = self._standalone(si, a, b, recent) or full_direct
            if not self.frames[si] and not full_direct:
                self._unframed(si, a, b, None if self.last is None or si - self.last[1] > _CONTINUE_SENTENCES
                               else self.last[0])
        return self.out

    def emit_region(self, r: int, qtype: QuoteType, fr: Frame | None, speaker: Speaker | None) -> None:
        doc, first = self.doc, self.region_first[r]
        if r in self.done or _after_title_noun(doc, first) or (
                qtype != "direct" or fr is not None and fr.kind == "colon") and _title_like(doc, r, first):
            return
        self.done.add(r)
        self.out.append(_make(doc, [], qtype, fr, speaker, chars=doc.regions[r]))

    def _framed(self, si: int, a: int, b: int, recent: Speaker | None) -> bool:
        """Emit the quotes of the sentence's frames and the quotations frames claim; True if one of those was a
        whole direct quote."""
        doc = self.doc
        for fr in self.frames[si]:
            # "…, heißt es." / a frame whose subject was not found / "Wir wissen, dass …" (a quotation that lost
            # its marks): the current speaker
            if fr.speaker is None and (fr.kind != "generic" or doc.first_person(a, fr.cue)):
                fr.speaker = recent
        full_direct = False
        for k in range(a, b):  # quotations claimed by a frame, possibly one in a later sentence
            r = doc.region_of[k]
            if r >= 0 and self.region_first[r] == k and r in self.claimed:
                fr, whole = self.claimed[r]
                self.emit_region(r, "direct" if whole else "partial", fr, fr.speaker)
                full_direct = full_direct or whole
        for fr in self.frames[si]:
            regions = sorted({doc.region_of[k] for c in fr.content for k in range(*c) if doc.region_of[k] >= 0})
            if fr.content and not all(only_quoted(doc, *c) for c in fr.content):
                self.out.append(_make(doc, fr.content, "indirect", fr, fr.speaker))
            for r in regions:
                whole = self.claimed.get(r, (fr, False))[1]
                self.emit_region(r, "direct" if whole else "partial", fr, fr.speaker)
            for r in fr.partials:
                self.emit_region(r, "partial", fr, fr.speaker)
            if fr.speaker is not None:
                self.last = (fr.speaker, si)
        return full_direct

    def _standalone(self, si: int, a: int, b: int, recent: Speaker | None) -> bool:
        """Quotations without a frame that stand as direct quotes: a whole sentence, after a colon, or a quoted
        sentence of four words or more. Their speaker is the current one, else (an interview) the person named in
        the sentence before."""
        doc = self.doc
        found = False
        for k in range(a, b):
            r = doc.region_of[k]
            if r < 0 or r in self.done or self.region_first[r] != k:
                continue
            rs, re_ = doc.regions[r]
            if k == a and _whole_sentence(doc, k, b) or doc.words[k - 1] == ":" or (
                    len(doc.text[rs:re_].split()) >= 4 and doc.text[re_ - 2] in TERMINAL):
                if recent is None and si > 0:
                    recent = doc.last_named(*doc.sent_range[si - 1])
                self.emit_region(r, "direct", None, recent)
                found = True
                if recent is not None:
                    self.last = (recent, si)
        return found

    def _unframed(self, si: int, a: int, b: int, recent: Speaker | None) -> None:
        """A sentence without frame or quotation that goes on with the current speaker's words: free indirect
        speech in the Konjunktiv ("Die Lage sei ernst."; "Er schäme sich." even with no speaker before, the pronoun
        naming him), or, where quotation marks are missing, a sentence in the first person ("Wir bleiben dabei.")."""
        doc = self.doc
        if all(doc.region_of[k] >= 0 for k in range(a, b)):
            return
        konjunktiv = main_konjunktiv(doc, a, b, quoted=False, conditional=False) or doc.konjunktiv_after_pronoun(a, b)
        if recent is None and konjunktiv and (main_konjunktiv(doc, a, b, quoted=False, strong=True)
                                              or doc.konjunktiv_after_pronoun(a, b)):
            recent = doc.pronoun_subject(a, b)
        if recent is None:
            return
        if konjunktiv:
            i, j = trim(doc, a, b, keep_final=True)
            self.out.append(_make(doc, [(i, j)], "free_indirect", None, recent))
            for k in range(a, b):
                if doc.region_of[k] >= 0:
                    self.emit_region(doc.region_of[k], "partial", None, recent)
            self.last = (recent, si)
        elif self.last is not None and si - self.last[1] <= 1 and doc.first_person(a, b):
            i, j = trim(doc, _after_narration_colon(doc, a, b), b)
            self._continue(si, _make(doc, [(i, j)], "direct", None, recent))
            self.last = (recent, si)

    def _continue(self, si: int, quote: Quote) -> None:
        """Add a first-person sentence that lost its quotation marks: it joins the speaker's quote in the sentence
        before when that one is still open, since consecutive sentences of one speaker are one quotation."""
        prev = self.out[-1] if self.out else None
        if prev is None or prev.speaker_start != quote.speaker_start or not self._open(prev, si):
            self.out.append(quote)
            return
        self.out[-1] = replace(prev, end=quote.end, text=self.doc.text[prev.start:quote.end],
                               parts=((prev.start, quote.end),))

    def _open(self, quote: Quote, si: int) -> bool:
        """Does ``quote`` reach into sentence ``si - 1`` without marks and stay open: its frame came first and ended
        in a colon ("X sagt: Wir …"), or it was itself such an unframed sentence? A quote closed by its frame
        ("…, sagt X."), a "dass" clause or Konjunktiv speech is not continued."""
        doc = self.doc
        a, b = doc.sent_range[si - 1] if si > 0 else (0, 0)
        if a >= b or quote.end <= doc.starts[a] or quote.text[:1] in OPEN_MARKS:
            return False
        if quote.cue_start is None:
            return quote.type == "direct"
        return quote.cue_start < quote.start and ":" in doc.text[quote.cue_start:quote.start]
