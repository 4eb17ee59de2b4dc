"""The one type ``newsdesk.analysis.entities`` hands out."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Entity"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention of a named entity in an article.

    start, end (int): character offsets into the article text: ``text[start:end] == entity.text``.
    text (str): the mention as written ("Kim Jong-uns", "russische", "Diktator").
    type (str): "PER", "LOC", "ORG" or "OTH" (GermEval 2014 classes).
    kind (str): "name" (a proper name), "deriv" (a word derived from one: "russische"), "part" (a word
        containing one: "EU-Staaten"), or "role" (a role noun standing for a named person: "der Diktator").
    canonical_id (str): the same for every mention of one entity in the article, readable: the canonical name as
        a slug ("per:kim-jong-un", "org:evangelische-kirche"), "loc:RU" (states by ISO code), "loc:KP:pjoengjang"
        (a city of a state), "org:kcna". Another article that spells the name otherwise ("Kim Yong-Un") may give
        another id; ``key`` is what stays the same.
    canonical_name (str): the name the id is made from: the fullest form the article uses most ("Kim Jong-un"),
        or the gazetteer's name of a known place or organisation ("Russland", "Vereinte Nationen").
    role (str | None): the role the article gives the person here ("Außenminister").
    metonym (bool): a place standing for its state or government ("Pjöngjang bestritt", "der Kreml");
        canonical_id and canonical_name are then the state's.
    source (str): what found it: "model", "gazetteer", "consistency" (the article names it elsewhere),
        "apposition" (the name after a role noun: "Machthaber Kim Jong-un") or "role" (a role noun, kind "role").
    key (str): the matching key: the canonical name folded so that transliterations compare equal
        ("per:kim-yongun" for "Kim Jong-un" and "Kim Yong-Un"; the id itself for known places). Compare entities
        of different articles by it (``link_articles`` does); never show it.
    """

    start: int
    end: int
    text: str
    type: str
    kind: str
    canonical_id: str
    canonical_name: str
    role: str | None = None
    metonym: bool = False
    source: str = "model"
    key: str = ""
