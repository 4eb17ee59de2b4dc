"""Named entities of an article, with canonical identities within and across articles.

``find_entities(text)`` is a pure function: text in, ``Entity`` list out (character offsets into ``text``). It runs
a small pipeline, each step written so the next can trust it:

1. ``newsdesk.analysis.sentences`` cuts sentences and tokens (exact offsets);
2. newsdesk's own NER tagger (``newsdesk.analysis.entities.model``: the fine-tuned encoder in
   ``newsdesk/lang/<code>/ner-encoder`` or the spaCy model in ``.../ner``) tags each sentence (PER, LOC, ORG, OTH and the GermEval ``deriv`` / ``part``
   variants);
3. person spans that swallowed their title are repaired ("Nordkoreas Machthaber Kim Jong-un" -> LOC "Nordkoreas",
   role "Machthaber", PER "Kim Jong-un"), because the model learnt from data where that happens;
4. the gazetteer adds the states, capitals, seats of power and state adjectives the model missed, and tells which
   state each place belongs to;
5. roles are read from appositions ("der russische Außenminister Sergei Shoigu": role "Außenminister", state RU);
6. mentions are grouped into entities per article (``names``: transliterations, genitive -s, "Kim" -> "Kim Jong-un")
   and the article is made consistent: an untagged or mistyped "Shoigu" gets the type of "Sergei Shoigu";
7. capitals and seats of power that act ("Pjöngjang bestritt", "der Kreml") stand for their state (``metonym``);
8. role nouns without a name ("der nordkoreanische Diktator") become mentions of the one person the article gives
   that role or state, when exactly one fits.

Canonical ids are readable: the entity's canonical name as a slug ("per:sergei-shoigu" for "Sergei Shoigu"), or a
state's ISO code ("loc:RU"). Each entity also has a matching key, its name folded so that transliterations compare
equal ("per:sergei-shoigu" for "Sergej Schoigu" too), which is never shown: two articles spelling a name differently
get different ids but the same key. ``link_articles`` (and ``link_records`` for stored analyses) gives entities of
several articles one id by their keys, and merges what only several articles together show (a bare "Putin" in one
article, "Wladimir Putin" in another).

Languages: everything language-specific is data in ``newsdesk/lang/<code>/`` (see ``lexicon``). A language without
that data or model returns no entities rather than failing, so English articles pass through unharmed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsdesk.analysis.entities.finder import find_entities, tag_sentences
from newsdesk.analysis.entities.model import tag_tokens
from newsdesk.analysis.entities.names import NameIndex, WordIndex
from newsdesk.analysis.entities.records import link_records, summarize_entities
from newsdesk.analysis.entities.types import Entity

__all__ = ["Entity", "find_entities", "link_articles", "link_records", "summarize_entities", "tag_sentences",
           "tag_tokens"]


@dataclass
class _Group:
    number: int
    prefix: str
    words: list[str]
    keys: set[str]
    mentions: int


DOMINANCE = 3
"""A bare "Kim" joins the one "Kim …" of several that is mentioned at least this many times as often as any other
(across articles "Kim" means Kim Jong-un, not the vice-minister Kim Son Gyong named twice)."""


def _dominant(groups: list[_Group]) -> list[_Group]:
    if len(groups) < 2:
        return groups
    ranked = sorted(groups, key=lambda g: -g.mentions)
    return ranked[:1] if ranked[0].mentions >= DOMINANCE * ranked[1].mentions else groups


def _key(entity: Entity) -> str:
    return entity.key or entity.canonical_id


def link_articles(articles: Sequence[Sequence[Entity]]) -> list[list[Entity]]:
    """Give entities of several articles one canonical id per real-world entity.

    Matching keys that already agree stay together ("Kim Yong-Un" in one article, "Kim Jong-un" in another);
    keys whose names match as in one article (``names.same_name``) merge, and a one-word person ("per:putin")
    joins the one multi-word person whose first or last word it is (or the one that dominates, see
    ``DOMINANCE``). The merged entity takes the fullest key, and of its names the one most articles give it,
    with that name's readable id. Articles and entity order are kept.
    """
    counts: Counter[str] = Counter(_key(e) for entities in articles for e in entities)
    named: dict[str, Counter[tuple[str, str]]] = {}  # key -> (id, name) -> number of articles using it
    for entities in articles:
        for key, identity in {(_key(e), (e.canonical_id, e.canonical_name)) for e in entities}:
            named.setdefault(key, Counter())[identity] += 1
    groups: list[_Group] = []
    by_name: dict[str, NameIndex[_Group]] = {}  # prefix -> groups by name
    by_word: dict[str, WordIndex[_Group]] = {}  # prefix -> multi-word groups by first and last word
    for key in sorted(counts, key=lambda k: (-len(k.split("-")), -counts[k], k)):
        prefix, _, name = key.partition(":")
        words = name.split("-")
        fits = by_name.setdefault(prefix, NameIndex()).find(words)
        if not fits and prefix == "per" and len(words) == 1:
            either = by_word.get(prefix, WordIndex()).find(words[0])
            fits = _dominant(sorted({g.number: g for g in either}.values(), key=lambda g: g.number))
        if len(fits) == 1:
            fits[0].keys.add(key)
            fits[0].mentions += counts[key]
            continue
        group = _Group(len(groups), prefix, words, {key}, counts[key])
        groups.append(group)
        by_name[prefix].add(words, group)
        if len(words) > 1:
            for word in {words[0], words[-1]}:
                by_word.setdefault(prefix, WordIndex()).add(word, group)
    mapping: dict[str, tuple[str, str, str]] = {}
    for group in groups:
        best_key = max(group.keys, key=lambda k: (len(k.split("-")), counts[k], k))  # the fullest name
        best_id, best_name = min(named[best_key].items(), key=lambda item: (-item[1], item[0]))[0]
        mapping.update({k: (best_id, best_name, best_key) for k in group.keys})
    linked = []
    for entities in articles:
        identities = [mapping[_key(e)] for e in entities]
        linked.append([replace(e, canonical_id=canonical_id, canonical_name=name, key=key)
                       for e, (canonical_id, name, key) in zip(entities, identities, strict=True)])
    return linked
