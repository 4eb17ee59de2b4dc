"""Named entities of an article, with canonical identities within and across articles.

``find_entities(text)`` is a pure function: text in, ``Entity`` list out (character offsets into ``text``). It runs
a small pipeline, each step written so the next can trust it:

1. ``newsdesk.sentences`` cuts sentences and tokens (exact offsets);
2. newsdesk's own NER tagger (``newsdesk.entities.model``: the fine-tuned encoder in ``newsdesk/lang/<code>/ner-encoder``
   or the spaCy model in ``.../ner``) tags each sentence (PER, LOC, ORG, OTH and the GermEval ``deriv`` / ``part``
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

Canonical ids are built from folded names ("per:sergei-shoigu", "loc:RU"), so the same person gets the same id in
every article without any shared state; ``link_articles`` additionally merges what only several articles together
show (a bare "Putin" in one article, "Wladimir Putin" in another).

Languages: everything language-specific is data in ``newsdesk/lang/<code>/`` (see ``lexicon``). A language without
that data or model returns no entities rather than failing, so English articles pass through unharmed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsdesk.entities.finder import find_entities, tag_sentences
from newsdesk.entities.model import tag_tokens
from newsdesk.entities.names import same_name, same_word
from newsdesk.entities.types import Entity

__all__ = ["Entity", "find_entities", "link_articles", "tag_sentences", "tag_tokens"]


@dataclass
class _Group:
    prefix: str
    words: list[str]
    ids: set[str]
    names: Counter[str]
    mentions: int


DOMINANCE = 3
"""A bare "Kim" joins the one "Kim …" of several that is mentioned at least this many times as often as any other
(across articles "Kim" means Kim Jong-un, not the vice-minister Kim Son Gyong named twice)."""


def _dominant(groups: list[_Group]) -> list[_Group]:
    if len(groups) < 2:
        return groups
    ranked = sorted(groups, key=lambda g: -g.mentions)
    return ranked[:1] if ranked[0].mentions >= DOMINANCE * ranked[1].mentions else groups


def link_articles(articles: Sequence[Sequence[Entity]]) -> list[list[Entity]]:
    """Give entities of several articles one canonical id per real-world entity.

    Ids that already agree stay; ids whose names match as in one article (``names.same_name``) merge, and a
    one-word person id ("per:putin") joins the one multi-word person whose first or last word it is (or the one
    that dominates, see ``DOMINANCE``). The merged entity takes the fullest id, and the name that most articles
    give it. Articles and
    entity order are kept.
    """
    counts: Counter[str] = Counter(e.canonical_id for entities in articles for e in entities)
    names: dict[str, Counter[str]] = {}  # id -> canonical name -> number of articles using it
    for entities in articles:
        for canonical_id, name in {(e.canonical_id, e.canonical_name) for e in entities}:
            names.setdefault(canonical_id, Counter())[name] += 1
    groups: list[_Group] = []
    for canonical_id in sorted(counts, key=lambda i: (-len(i.split("-")), -counts[i], i)):
        prefix, _, key = canonical_id.partition(":")
        words = key.split("-")
        fits = [g for g in groups if g.prefix == prefix and same_name(g.words, words)]
        if not fits and prefix == "per" and len(words) == 1:
            fits = [g for g in groups if g.prefix == prefix and len(g.words) > 1
                    and (same_word(g.words[0], words[0]) or same_word(g.words[-1], words[0]))]
            fits = _dominant(fits)
        if len(fits) == 1:
            fits[0].ids.add(canonical_id)
            fits[0].names.update(names[canonical_id])
            fits[0].mentions += counts[canonical_id]
        else:
            groups.append(_Group(prefix, words, {canonical_id}, Counter(names[canonical_id]), counts[canonical_id]))
    mapping: dict[str, tuple[str, str]] = {}
    for group in groups:
        best_id = max(group.ids, key=lambda i: (len(i.split("-")), counts[i], i))  # the fullest name
        best_name = names[best_id].most_common(1)[0][0]
        mapping.update({i: (best_id, best_name) for i in group.ids})
    return [[replace(e, canonical_id=mapping[e.canonical_id][0], canonical_name=mapping[e.canonical_id][1])
             for e in entities] for entities in articles]
