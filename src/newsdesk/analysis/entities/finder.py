"""``find_entities``: the pipeline described in ``newsdesk.analysis.entities`` (model, repair, gazetteer, roles,
grouping, consistency, metonyms, role nouns), over one article at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsdesk.analysis.entities.lexicon import Lexicon, Place, load_lexicon
from newsdesk.analysis.entities.model import has_model, predict_spans
from newsdesk.analysis.entities.names import NameIndex, WordIndex, name_key
from newsdesk.analysis.entities.types import Entity
from newsdesk.analysis.sentences import Span, split_sentences, tokenize

__all__ = ["find_entities", "tag_sentences"]

_KINDS = ("deriv", "part")
_ACTING_PLACES = ("capital", "seat")
FOREIGN_MIN_TOKENS = 5
FOREIGN_CONFIDENCE = 0.8
"""A sentence of at least this many tokens that langid puts in another language this surely is not tagged."""
APPOSITION_WORDS = 3
"""At most this many capitalised words after a role noun are read as the name it introduces."""

_Identity = tuple[str, str, str]  # readable canonical id, canonical name, matching key


@dataclass
class _Mention:
    first: int  # token index
    last: int  # one past the last token
    type: str
    kind: str = "name"
    source: str = "model"
    place: Place | None = None
    role: str | None = None
    country: str | None = None
    metonym: bool = False
    group: _Group | None = None


@dataclass
class _Group:
    """One entity of the article: its folded name words and its mentions."""

    type: str
    kind: str
    words: list[str]
    mentions: list[_Mention] = field(default_factory=list)


class _Article:
    """Tokens of one article and the mentions found so far; each pipeline step is a method."""

    def __init__(self, text: str, tokens: list[Span], sentences: list[tuple[int, int]], language: str,
                 lexicon: Lexicon) -> None:
        self.text = text
        self.tokens = tokens
        self.sentences = sentences  # (first token, one past the last token)
        self.sentence_of = [number for number, (a, b) in enumerate(sentences) for _ in range(a, b)]
        self.words = [token.text for token in tokens]
        self.language = language
        self.lex = lexicon
        self.mentions: list[_Mention] = []
        self.groups: list[_Group] = []
        self.foreign: set[int] = set()  # sentences in another language: the model is not asked about them

    @classmethod
    def from_text(cls, text: str, language: str, lexicon: Lexicon, sentence_spans: Sequence[Span] | None = None,
                  tokens: Sequence[Span] | None = None) -> _Article:
        """Sentences and tokens by ``newsdesk.analysis.sentences`` (unless the caller has them already); sentences
        surely in another language (scraped English comment forms, tweet embeds) are marked foreign, because the German
        model reads "Learn how your comment" as names."""
        from newsdesk.langid import detect_lines

        if sentence_spans is None:
            sentence_spans = split_sentences(text, language=language)
        if tokens is None:
            tokens = tokenize(text, language=language, sentences=sentence_spans)
        sentences, index = [], 0
        for sentence in sentence_spans:
            first = index
            while index < len(tokens) and tokens[index].start < sentence.end:
                index += 1
            sentences.append((first, index))
        article = cls(text, tokens, sentences, language, lexicon)
        guesses = detect_lines([span.text for span in sentence_spans])
        article.foreign = {number for number, ((a, b), guess) in enumerate(zip(sentences, guesses, strict=True))
                           if b - a >= FOREIGN_MIN_TOKENS and guess.code not in (None, article.lex.code)
                           and guess.confidence >= FOREIGN_CONFIDENCE}
        return article

    @classmethod
    def from_words(cls, words: Sequence[str], language: str, lexicon: Lexicon) -> _Article:
        """One sentence that comes tokenised (an evaluation corpus): the words joined by spaces."""
        tokens, offset = [], 0
        for word in words:
            tokens.append(Span(offset, offset + len(word), word))
            offset += len(word) + 1
        return cls(" ".join(words), tokens, [(0, len(tokens))], language, lexicon)

    # -- helpers ---------------------------------------------------------------------------------------------

    def covered(self) -> list[_Mention | None]:
        """For each token, the mention covering it (or None)."""
        owner: list[_Mention | None] = [None] * len(self.tokens)
        for mention in self.mentions:
            for index in range(mention.first, mention.last):
                owner[index] = mention
        return owner

    def place_at(self, index: int) -> Place | None:
        return self.lex.forms.get(self.words[index]) if 0 <= index < len(self.words) else None

    def folded(self, mention: _Mention) -> list[str]:
        return [self.lex.fold(word) for word in self.words[mention.first:mention.last]]

    def surface(self, mention: _Mention) -> str:
        return self.text[self.tokens[mention.first].start:self.tokens[mention.last - 1].end]

    # -- steps -----------------------------------------------------------------------------------------------

    def tag(self, spans: list[list[tuple[int, int, str]]] | None = None) -> None:
        """Model mentions, sentence by sentence (``spans``: the model's output if already computed)."""
        if spans is None:
            if not has_model(self.language):
                return
            spans = predict_spans([self.words[a:b] for a, b in self.sentences], language=self.language)
        for number, ((offset, _), found) in enumerate(zip(self.sentences, spans, strict=True)):
            if number in self.foreign:
                continue
            for start, end, label in found:
                kind = next((k for k in _KINDS if label.endswith(k)), "name")
                self.mentions.append(_Mention(offset + start, offset + end, label.removesuffix(kind), kind))

    def repair(self) -> None:
        """Cut titles, articles and state names off the front of person spans, and punctuation off every end."""
        repaired: list[_Mention] = []
        for mention in self.mentions:
            while mention.last - mention.first > 1 and not any(c.isalnum() for c in self.words[mention.last - 1]) \
                    and not self._abbreviation_point(mention.last - 1):
                mention.last -= 1  # "Putin ," -> "Putin"; a mention that is only a sign ("$") stays
            while mention.type == "PER" and mention.kind == "name" and mention.last - mention.first > 1:
                word = self.words[mention.first]
                place, role = self.place_at(mention.first), self.lex.role(word)
                if place is not None and place.kind in ("country", "adjective", "capital"):
                    repaired.append(_Mention(mention.first, mention.first + 1, "LOC",
                                             "deriv" if place.kind == "adjective" else "name", "gazetteer", place))
                    mention.country = place.code
                elif role is not None:
                    mention.role = role
                elif word.lower() not in self.lex.articles:
                    break  # "von Degenfeld", "van Gogh": lower-case name parts stay
                mention.first += 1
            while mention.type == "PER" and mention.last - mention.first > 1:
                place = self.place_at(mention.last - 1)
                if place is None or place.kind not in ("country", "capital") \
                        or not self.words[mention.last - 2][:1].isupper():
                    break  # "Sigismund von Luxemburg" keeps its place
                mention.last -= 1  # "Sergej Schoigu Nordkorea": the state is an object, not a name part
                repaired.append(_Mention(mention.last, mention.last + 1, "LOC", "name", "gazetteer", place))
            if mention.kind == "name" and all(self.lex.role(w) or w.lower() in self.lex.articles
                                              for w in self.words[mention.first:mention.last]):
                continue  # a bare title ("Machthaber"): ``role_nouns`` decides whom it means; "FDP-Chef" (part) stays
            if mention.last > mention.first:
                repaired.append(mention)
        self.mentions = sorted(repaired, key=lambda m: m.first)

    def _abbreviation_point(self, index: int) -> bool:
        """A "." token closing an initial or a short abbreviation ("Susanne R .", "Chr .") belongs to the name."""
        before = self.words[index - 1] if index > 0 else ""
        return self.words[index] == "." and 0 < len(before) <= 3 and before[:1].isupper() and before.isalpha()

    def gazetteer(self) -> None:
        """Attach places (and known organisations) to mentions with the same extent; add the states, capitals,
        seats of power, state adjectives and organisations the model missed (other places only attach)."""
        owner = self.covered()
        by_extent = {(m.first, m.last): m for m in self.mentions}
        index = 0
        while index < len(self.tokens):
            longest = self.lex.form_tokens.get(self.words[index], 0)
            for size in range(min(longest, len(self.tokens) - index), 0, -1):
                end = index + size
                if self.sentence_of[end - 1] != self.sentence_of[index]:
                    continue
                place = self.lex.forms.get(" ".join(self.words[index:end]))
                if place is None:
                    continue
                existing = by_extent.get((index, end))
                known_type = "ORG" if place.kind == "organisation" else "LOC"
                if existing is not None:
                    existing.place = place
                    if existing.type in ("PER", "OTH") or known_type == "ORG":  # "Nordkoreas", "Reuters" read
                        existing.type, existing.source = known_type, "gazetteer"  # as persons: the list knows
                elif place.kind != "place" and all(o is None for o in owner[index:end]):
                    kind = "deriv" if place.kind == "adjective" else "name"
                    self.mentions.append(_Mention(index, end, known_type, kind, "gazetteer", place))
                index = end - 1
                break
            index += 1
        self.mentions.sort(key=lambda m: m.first)

    def roles(self) -> None:
        """Roles from appositions before a person: "(der) (russische|Nordkoreas) Außenminister Sergei Shoigu".
        A name right after a role noun is a person, whatever type the model gave it, and capitalised words
        right after one that the model left out are taken as that name (up to ``APPOSITION_WORDS``)."""
        owner = self.covered()
        for index, word in enumerate(self.words[:-1]):
            named = owner[index + 1]
            if self.lex.role(word) is None or (named is not None and (named.type != "PER" or named.first <= index)):
                continue
            last = index + 1 if named is None else named.last  # "Staatschef Kim" | "Jong-un": take the rest
            while last < min(len(self.words), index + 1 + APPOSITION_WORDS) and owner[last] is None \
                    and self.sentence_of[last] == self.sentence_of[index] and self.words[last][:1].isupper() \
                    and self.place_at(last) is None and self.lex.role(self.words[last]) is None:
                last += 1
            if named is not None:
                named.last = last
            elif last > index + 1:
                self.mentions.append(_Mention(index + 1, last, "PER", source="apposition"))
        self.mentions.sort(key=lambda m: m.first)
        for mention in self.mentions:
            if mention.kind != "name" or mention.place is not None or mention.first == 0:
                continue
            before = mention.first - 1
            role = self.lex.role(self.words[before])
            if role is None:
                continue
            if mention.type != "PER":
                mention.type, mention.source = "PER", "consistency"
            mention.role = mention.role or role
            place = self.place_at(before - 1)
            if place is not None and place.kind in ("adjective", "country"):
                mention.country = mention.country or place.code

    def align_to_known_names(self) -> None:
        """Make person spans agree with the names the article itself uses, because the model glues the next
        capitalised noun on ("Kim Jong-uns Schreiben", "Putin Händchen") or stops early ("Kim" | "Jong-un"):

        - a genitive inside a span ends it when the article also has the word without the -s ("Jong-un");
        - a span that starts with another full name of the article, or with the surname of one, ends there
          (a first name does not cut: "Kim" alone does not make "Kim Jong-un" too long);
        - a span followed by the next word of a longer name of the article grows to take it.
        """
        people = [m for m in self.mentions if m.type == "PER" and m.kind == "name"]
        vocabulary = set(self.words)
        for mention in people:
            for index in range(mention.first, mention.last - 1):
                word = self.words[index]
                if word.endswith("s") and word[:-1] in vocabulary and self.words[index + 1][:1].isupper():
                    mention.last = index + 1
                    break
        # names are looked up in an index, each distinct one once: a long article repeats its names hundreds of
        # times, and comparing every mention with every name would grow with the square of its length
        known: NameIndex[bool] = NameIndex()
        for name in _distinct(self.folded(m) for m in people if m.last - m.first > 1):
            known.add(name, True)
            known.add(name[-1:], True)
        kept: dict[tuple[str, ...], int] = {}  # folded mention -> how many of its words are a known name
        for mention in people:
            words = tuple(self.folded(mention))
            if words not in kept:
                kept[words] = next((size for size in range(len(words) - 1, 0, -1) if words[:size] in known),
                                   len(words))
            mention.last = mention.first + kept[words]
        prefixes: NameIndex[bool] = NameIndex()  # of the full names as trimmed, two words and more
        for name in _distinct(self.folded(m) for m in people if m.last - m.first > 1):
            for size in range(2, len(name) + 1):
                prefixes.add(name[:size], True)
        owner = self.covered()
        for mention in people:
            while mention.last < len(self.words) and owner[mention.last] is None \
                    and self.sentence_of[mention.last] == self.sentence_of[mention.first]:
                if self.folded(mention) + [self.lex.fold(self.words[mention.last])] not in prefixes:
                    break
                owner[mention.last] = mention
                mention.last += 1

    def group(self) -> None:
        """Group mentions into entities; then make types consistent and add untagged occurrences of names."""
        unplaced = [m for m in self.mentions if m.place is None]
        by_name: dict[str, NameIndex[_Group]] = {}  # kind -> the groups by name
        last_words: WordIndex[_Group] = WordIndex()  # of the people with a full name
        first_words: WordIndex[_Group] = WordIndex()
        for mention in sorted(unplaced, key=lambda m: (-(m.last - m.first), m.first)):
            words = self.folded(mention)
            named = by_name.setdefault(mention.kind, NameIndex())
            fits = named.find(words)
            if not fits and len(words) == 1 and mention.kind == "name":
                fits = last_words.find(words[0]) or first_words.find(words[0])  # "Shoigu", else "Kim"
            if len({id(g) for g in fits}) == 1:
                fits[0].mentions.append(mention)
                mention.group = fits[0]
                continue
            mention.group = _Group(mention.type, mention.kind, words, [mention])
            self.groups.append(mention.group)
            named.add(words, mention.group)
            if mention.type == "PER" and len(words) > 1:
                last_words.add(words[-1], mention.group)
                first_words.add(words[0], mention.group)
        for group in self.groups:
            majority = Counter(m.type for m in group.mentions).most_common(1)[0][0]
            group.type = "PER" if any(m.type == "PER" and len(group.words) > 1 for m in group.mentions) else majority
            for mention in group.mentions:
                if mention.type != group.type:
                    mention.type, mention.source = group.type, "consistency"
        self._add_untagged()

    def _add_untagged(self) -> None:
        """Capitalised words the model left out that the article names elsewhere: a person's last word ("Shoigu"
        after "Sergei Shoigu"), or a one-word name tagged elsewhere. First words are left alone: the model's
        mistakes glue nouns on in front ("Kinderpornografie Beschwerdestelle"), and "Kim" it finds itself."""
        owner = self.covered()
        # the word of each name group an untagged word may repeat: a one-word name, or a person's last word
        targets: WordIndex[_Group] = WordIndex()
        for g in self.groups:
            if g.kind == "name" and (len(g.words) == 1 or g.type == "PER"):
                targets.add(g.words[-1], g)
        fitting_group: dict[str, _Group | None] = {}  # folded word → its one fitting group (German nouns repeat)
        for index, word in enumerate(self.words):
            if owner[index] is not None or len(word) < 3 or not word[:1].isupper():
                continue
            key = self.lex.fold(word)
            if key not in fitting_group:
                fits = {id(g): g for g in targets.find(key)}
                fitting_group[key] = next(iter(fits.values())) if len(fits) == 1 else None
            group = fitting_group[key]
            if group is not None:
                previous = owner[index - 1] if index else None
                if previous is not None and previous.group is group and previous.last == index:
                    previous.last += 1  # "Kim" tagged, "Jong-un" not: one mention
                    owner[index] = previous
                    continue
                mention = _Mention(index, index + 1, group.type, source="consistency", group=group)
                group.mentions.append(mention)
                self.mentions.append(mention)
                owner[index] = mention
        self.mentions.sort(key=lambda m: m.first)

    def metonyms(self) -> None:
        """A seat of power always, a capital when it acts (a verb follows, perhaps after "und Moskau"), stands
        for its state; "in Pjöngjang" stays a place."""
        acting = [m for m in self.mentions if m.place is not None and m.place.kind in _ACTING_PLACES]
        for mention in acting:
            if mention.place.kind == "seat":
                mention.metonym = True
                continue
            if self.surface(mention) != mention.place.name:
                mention.metonym = True  # "Pjöngjangs Botschafter": the state's ambassador
                continue
            if mention.first > 0 and self.words[mention.first - 1].lower() in self.lex.place_prepositions:
                continue
            following = mention.last
            while following < len(self.words) - 1 and self.words[following] in self.lex.conjunctions \
                    and self.place_at(following + 1) is not None:
                following += 2
            if following < len(self.words) and self.sentence_of[following] == self.sentence_of[mention.first]:
                verb = self.words[following]
                mention.metonym = verb[:1].islower() and verb.startswith(self.lex.metonym_verbs)

    def role_nouns(self) -> None:
        """A role noun without a name ("der nordkoreanische Diktator", "Nordkoreas Machthaber", "den Machthaber
        Nordkoreas") refers to the one person of the article with that state (and role), if exactly one fits."""
        people = [g for g in self.groups if g.type == "PER"]
        if not people:
            return
        roles_of = {id(g): {m.role for m in g.mentions if m.role} for g in people}
        countries_of = {id(g): {m.country for m in g.mentions if m.country} for g in people}
        owner = self.covered()
        fitting: dict[tuple[str, str | None], list[_Group]] = {}  # (role, state) -> the people it may mean
        for index, word in enumerate(self.words):
            role = self.lex.role(word)
            if role is None or owner[index] is not None:
                continue
            sentence = self.sentence_of[index]
            if any(owner[i] is not None and owner[i].type == "PER" and owner[i].kind == "name"
                   for i in range(index + 1, min(index + 5, len(owner))) if self.sentence_of[i] == sentence):
                continue  # an apposition ("Außenminister von Pjöngjang, Kim Son Gyong"), not a reference
            country = None
            for neighbour in (index - 1, index + 1):
                place = self.place_at(neighbour)
                if place is not None and (place.kind == "adjective" and neighbour < index
                                          or place.kind == "country" and self.words[neighbour] != place.name):
                    country = place.code
                    break
            if (role, country) not in fitting:
                fitting[role, country] = self._people_fitting(people, role, country, roles_of, countries_of)
            fits = fitting[role, country]
            if len(fits) == 1:
                mention = _Mention(index, index + 1, "PER", "role", "role", role=role, group=fits[0])
                fits[0].mentions.append(mention)
                self.mentions.append(mention)
        self.mentions.sort(key=lambda m: m.first)

    def _people_fitting(self, people: list[_Group], role: str, country: str | None,
                        roles_of: dict[int, set[str]], countries_of: dict[int, set[str]]) -> list[_Group]:
        """The people a role noun of ``country`` may mean: same state and office (or no known office), else
        the same office; the very role beats the office."""
        fits = []
        for person in people:
            roles, countries = roles_of[id(person)], countries_of[id(person)]
            office = any(self.lex.same_office(role, known) for known in roles)
            if (country in countries and (office or not roles)) or (country is None and office):
                fits.append(person)
        return [p for p in fits if role in roles_of[id(p)]] or fits

    # -- output ----------------------------------------------------------------------------------------------

    def _canonical(self, mention: _Mention, named: dict[int, _Identity]) -> _Identity:
        """Readable id, canonical name and matching key of a mention; ``named`` keeps each group's, which is
        worked out once. A known place or organisation has the gazetteer's name and its id is also its key."""
        place = mention.place
        if place is not None:
            if place.kind == "organisation":
                known = f"org:{self.lex.slug(place.name)}"
                return known, place.name, known
            if mention.metonym or place.kind in ("country", "adjective", "seat"):
                return f"loc:{place.code}", self.lex.countries.get(place.code, place.name), f"loc:{place.code}"
            known = f"loc:{place.code}:{self.lex.slug(place.name)}"
            return known, place.name, known
        key = id(mention.group)
        if key not in named:
            named[key] = self._group_identity(mention.group)
        return named[key]

    def _group_identity(self, group: _Group) -> _Identity:
        """A group's canonical name, the fullest form the article uses most often (a genitive counts for its base
        form when the article has that too: "Kim Jong-uns" for "Kim Jong-un"); its readable id, that name as a
        slug ("per:kim-jong-un"); and its matching key, the folded name ("per:kim-yongun"), under which other
        spellings of it in other articles compare equal."""
        names = [m for m in group.mentions if m.kind != "role"]
        surfaces = Counter(self.surface(m) for m in names)
        longest = max(len(surface.split()) for surface in surfaces)
        forms: Counter[str] = Counter()
        for surface, count in surfaces.items():
            if len(surface.split()) == longest:
                base = surface[:-1] if surface.endswith("s") and surface[:-1] in surfaces else surface
                forms[base] += count
        best = forms.most_common(1)[0][0]  # ties: the form the article uses first
        prefix = group.type.lower() if group.kind in ("name", "role") else f"{group.type.lower()}-{group.kind}"
        key = name_key([self.lex.fold(word) for word in best.split()])
        return f"{prefix}:{self.lex.slug(best) or key}", best, f"{prefix}:{key}"

    def entities(self) -> list[Entity]:
        found = []
        named: dict[int, _Identity] = {}
        for mention in self.mentions:
            canonical_id, canonical_name, key = self._canonical(mention, named)
            start, end = self.tokens[mention.first].start, self.tokens[mention.last - 1].end
            found.append(Entity(start, end, self.text[start:end], mention.type, mention.kind, canonical_id,
                                canonical_name, mention.role, mention.metonym, mention.source, key))
        return found


def _distinct(names: Iterable[list[str]]) -> list[list[str]]:
    """Each name once, in order of first occurrence."""
    return [list(name) for name in dict.fromkeys(tuple(name) for name in names)]


def _run(article: _Article, spans: list[list[tuple[int, int, str]]] | None = None) -> _Article:
    article.tag(spans)
    article.repair()
    article.gazetteer()
    article.roles()
    article.align_to_known_names()
    article.group()
    article.metonyms()
    article.role_nouns()
    return article


def find_entities(text: str, language: str = "de", *, sentences: Sequence[Span] | None = None,
                  tokens: Sequence[Span] | None = None) -> list[Entity]:
    """The named entities of one article, in text order.

    text (str): the article, one paragraph or headline per line (as newsdesk stores it).
    language (str): ISO 639-1 code; languages without a model or lexicon in ``newsdesk/lang`` yield ``[]``.
    sentences, tokens (Sequence[Span] | None): ``split_sentences`` and ``tokenize`` of ``text`` with this
        language, if the caller has them already (``newsdesk.analysis`` shares them with the quote finder).
    RETURNS (list[Entity]): mentions with offsets into ``text``, types, canonical ids/names, roles, metonyms.
    """
    lexicon = load_lexicon(language)
    if not lexicon.forms and not has_model(language):
        return []
    return _run(_Article.from_text(text, language, lexicon, sentences, tokens)).entities()


def tag_sentences(sentences: Sequence[Sequence[str]], *, language: str = "de",
                  kind: str | None = None) -> list[list[str]]:
    """GermEval-style BIO tags from the whole pipeline, each pre-tokenised sentence read as its own article
    (role nouns standing for a person are not names, so they stay ``O``). The model (``kind``: see
    ``newsdesk.analysis.entities.model``) runs once over all."""
    lexicon = load_lexicon(language)
    spans = predict_spans(sentences, language=language, kind=kind)
    tagged = []
    for words, found in zip(sentences, spans, strict=True):
        article = _run(_Article.from_words(words, language, lexicon), [found])
        tags = ["O"] * len(words)
        for mention in article.mentions:
            if mention.kind != "role":
                label = mention.type + ("" if mention.kind == "name" else mention.kind)
                tags[mention.first:mention.last] = [f"B-{label}"] + [f"I-{label}"] * (mention.last - mention.first - 1)
        tagged.append(tags)
    return tagged
