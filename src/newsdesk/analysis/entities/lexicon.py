"""Per-language entity knowledge, read from ``newsdesk/lang/<code>/entities.json`` and ``gazetteer.json``.

Everything a language contributes is data, so a new language is two JSON files (and, optionally, a trained model
in ``lang/<code>/ner/``); the code in this package stays language-neutral. A language without the files gets an
empty lexicon: ``find_entities`` then returns what the model alone finds, or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsdesk.lang import get as get_language
from newsdesk.lang import normalise

__all__ = ["Lexicon", "Place", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class Place:
    """What a surface form in the gazetteer names.

    kind: "country", "capital", "seat" (a seat of power: "Kreml"), "adjective" ("russische"), "place", or
        "organisation" (not a place, but known the same way: "Reuters", "UN").
    code: ISO 3166-1 alpha-2 code of the state it belongs to or stands for ("" for organisations).
    name: the form's base name ("Pjöngjang" for "Pjöngjangs"; the state's name for adjectives and seats).
    """

    kind: str
    code: str
    name: str


@dataclass(frozen=True)
class Lexicon:
    """One language's knowledge; see ``lang/de/entities.json`` for what each field holds."""

    code: str
    countries: dict[str, str] = field(default_factory=dict)  # ISO code -> state name
    forms: dict[str, Place] = field(default_factory=dict)  # surface form (inflected too) -> place
    articles: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    role_endings: tuple[str, ...] = ()
    inflections: tuple[str, ...] = ()
    metonym_verbs: tuple[str, ...] = ()
    place_prepositions: frozenset[str] = frozenset()
    conjunctions: frozenset[str] = frozenset()  # words that join places in a list ("und", ",")
    folds: tuple[tuple[str, str], ...] = ()
    id_folds: tuple[tuple[str, str], ...] = ()
    office_of: dict[str, int] = field(default_factory=dict)  # role -> number of its group of equivalent roles
    form_tokens: dict[str, int] = field(default_factory=dict)  # first word of a form -> most words such a form has
    # role() and fold() run for every capitalised word of every article: their answers are kept per word
    _roles_of: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _folded: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _slugs: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def same_office(self, a: str, b: str) -> bool:
        """Two roles name one office ("Machthaber", "Diktator"); every role is its own office too."""
        return a == b or (a in self.office_of and self.office_of.get(a) == self.office_of.get(b))

    def role(self, word: str) -> str | None:
        """The base form of a role noun ("Außenministers" -> "Außenminister"), or None if ``word`` is none."""
        if not word[:1].isupper():
            return None
        if word not in self._roles_of:
            _keep_bounded(self._roles_of)
            self._roles_of[word] = self._role_base(word)
        return self._roles_of[word]

    def _role_base(self, word: str) -> str | None:
        for ending in self.inflections:  # longest first, see load_lexicon
            base = word[: len(word) - len(ending)] if ending else word
            if not base or not word.endswith(ending):
                continue
            if base in self.roles or (len(base) > 6 and base.lower().endswith(self.role_endings)):
                return base
        return None

    def fold(self, name: str) -> str:
        """A spelling key under which transliterations of one name compare equal ("Schoigu", "Shoigu" ->
        "shoigu"; "Sergej", "Sergei" -> "sergei"; "Jong-un", "Yong-Un" -> "yongun")."""
        folded = self._folded.get(name)
        if folded is None:
            _keep_bounded(self._folded)
            folded = self._folded[name] = re.sub(r"[^a-z0-9]+", "", _ascii_lower(name, self.folds))
        return folded

    def slug(self, name: str) -> str:
        """The readable part of a canonical id: ``name`` in ASCII, lower case, words joined by "-" ("Kim Jong-un"
        -> "kim-jong-un", "Pjöngjang" -> "pjoengjang"). Unlike ``fold`` it keeps the spelling a reader chose."""
        slug = self._slugs.get(name)
        if slug is None:
            _keep_bounded(self._slugs)
            slug = self._slugs[name] = re.sub(r"[^a-z0-9]+", "-", _ascii_lower(name, self.id_folds)).strip("-")
        return slug


_WORD_CACHE_LIMIT = 200_000


def _ascii_lower(name: str, folds: tuple[tuple[str, str], ...]) -> str:
    """``name`` lower-cased with the language's letter folds applied and remaining accents dropped."""
    key = name.lower()
    for source, target in folds:
        key = key.replace(source, target)
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


def _keep_bounded(cache: dict[str, Any]) -> None:
    """Start a per-word cache afresh once it holds ``_WORD_CACHE_LIMIT`` words, so a long run's memory stays flat."""
    if len(cache) >= _WORD_CACHE_LIMIT:
        cache.clear()


def _genitive(name: str) -> str:
    """German-style genitive of a name: "Nordkorea" -> "Nordkoreas"; names ending in a hissing sound keep theirs."""
    return name if name.endswith(("s", "ß", "x", "z")) else name + "s"


def _form_tokens(forms: dict[str, Place]) -> dict[str, int]:
    """For each word a form starts with, the most words of a form starting with it: the gazetteer pass tries
    only those lengths, and no length at all at the many words no form starts with."""
    longest: dict[str, int] = {}
    for form in forms:
        words = form.split()
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


@lru_cache(maxsize=8)
def load_lexicon(language: str) -> Lexicon:
    """The lexicon of ``language`` (ISO 639-1), loaded once; unknown languages get an empty one."""
    code = normalise(language) or ""
    known = get_language(code)
    rules, gazetteer = known.data("entities"), known.data("gazetteer")
    if not rules and not gazetteer:
        return Lexicon(code=code)
    countries: dict[str, str] = gazetteer.get("countries", {})
    forms: dict[str, Place] = {}

    def add(name: str, place: Place, inflect: bool = True) -> None:
        for form in (name, _genitive(name)) if inflect else (name,):
            forms.setdefault(form, place)

    for name, code_ in gazetteer.get("places", {}).items():
        add(name, Place("place", code_, name))
    for name, code_ in {**gazetteer.get("capitals", {}), **rules.get("capitals_extra", {})}.items():
        forms.pop(name, None)
        add(name, Place("capital", code_, name))
    for name, code_ in rules.get("seats", {}).items():
        add(name, Place("seat", code_, countries.get(code_, name)))
    for name, code_ in {**{n: c for c, n in countries.items()}, **rules.get("country_aliases", {})}.items():
        forms.pop(name, None)
        add(name, Place("country", code_, countries.get(code_, name)))
    for form, name in rules.get("organisations", {}).items():
        add(form, Place("organisation", "", name), inflect=False)
    for stem, code_ in rules.get("adjectives", {}).items():
        for ending in rules.get("adjective_endings", []):
            for form in (stem + ending, stem[:1].upper() + stem[1:] + ending):
                forms.setdefault(form, Place("adjective", code_, countries.get(code_, stem)))
    return Lexicon(
        code=code,
        countries=countries,
        forms=forms,
        articles=frozenset(rules.get("articles", [])),
        roles=frozenset(rules.get("roles", [])),
        role_endings=tuple(rules.get("role_endings", [])),
        inflections=tuple(sorted(rules.get("inflections", [""]), key=len, reverse=True)),
        metonym_verbs=tuple(rules.get("metonym_verbs", [])),
        place_prepositions=frozenset(rules.get("place_prepositions", [])),
        conjunctions=frozenset(rules.get("conjunctions", [])),
        folds=tuple((a, b) for a, b in rules.get("folds", [])),
        id_folds=tuple((a, b) for a, b in rules.get("id_folds", [])),
        office_of={role: number for number, group in enumerate(rules.get("role_groups", [])) for role in group},
        form_tokens=_form_tokens(forms),
    )
