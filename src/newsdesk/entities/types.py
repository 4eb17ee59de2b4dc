"""The one type ``newsdesk.entities`` hands out."""

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
    canonical_id (str): the same for every mention of one entity, in every article: "per:kim-yongun",
        "loc:RU" (states by ISO code), "loc:KP:pyoengyang" (a city of a state), "org:kcna".
    canonical_name (str): a readable name for the entity ("Kim Jong-un", "Russland").
    role (str | None): the role the article gives the person here ("Außenminister").
    metonym (bool): a place standing for its state or government ("Pjöngjang bestritt", "der Kreml");
        canonical_id and canonical_name are then the state's.
    source (str): what found it: "model", "gazetteer", "consistency" (the article names it elsewhere),
        "apposition" (the name after a role noun: "Machthaber Kim Jong-un") or "role" (a role noun, kind "role").
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
