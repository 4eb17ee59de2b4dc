"""Entities as the analysis record stores them (``newsdesk.analysis.analysis_record``): linked across the articles of
a story, and summed up per entity for a reader.

A stored record holds one dict per mention. Readers that show a story (the dossier) need the ids of several
articles to agree, and readers that show one article (``newsdesk article``) need one line per entity rather than
per mention; both work on the records, so they need neither the text nor the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.analysis.entities.types import Entity

__all__ = ["link_records", "summarize_entities"]

Record = dict[str, Any]


def _entity(item: Record) -> Entity:
    return Entity(item["start"], item["end"], item["text"], item["type"], item["kind"], item["id"], item["name"],
                  item.get("role"), bool(item.get("metonym")), item.get("source", "model"), item.get("key") or "")


def link_records(analyses: Sequence[Record | None]) -> list[Record | None]:
    """The records with their entities linked as ``newsdesk.analysis.entities.link_articles`` links them: every entity's
    ``id``, ``name`` and ``key`` become the ones it has across all the records ("Kim Yong-Un" in one article and
    "Kim Jong-un" in another get one id), and every quote's ``speaker_id`` follows its entity. Records are copied,
    never changed in place; ``None`` (an article without analysis) stays ``None``. Records written before entities
    had keys are linked by their ids."""
    from newsdesk.analysis.entities import link_articles

    linked = link_articles([[_entity(item) for item in (record or {}).get("entities") or []]
                            for record in analyses])
    result: list[Record | None] = []
    for record, entities in zip(analyses, linked, strict=True):
        if record is None:
            result.append(None)
            continue
        renamed: dict[str, str] = {}
        items = []
        for item, entity in zip(record.get("entities") or [], entities, strict=True):
            renamed.setdefault(item["id"], entity.canonical_id)
            items.append({**item, "id": entity.canonical_id, "name": entity.canonical_name, "key": entity.key})
        quotes = [{**quote, "speaker_id": renamed.get(quote.get("speaker_id") or "", quote.get("speaker_id"))}
                  for quote in record.get("quotes") or []]
        result.append({**record, "entities": items, "quotes": quotes})
    return result


def summarize_entities(entities: Sequence[Record]) -> list[Record]:
    """One dict per entity of an article's entity records: ``id``, ``name``, ``type``, ``kind``, ``mentions``,
    ``roles`` and ``variants`` (the forms of the name written, in order), ``fields`` (``title``, ``text``: where
    it is named); most mentioned first, ties by name."""
    summary: dict[str, Record] = {}
    for item in entities:
        entry = summary.setdefault(item["id"], {
            "id": item["id"], "name": item["name"], "type": item["type"], "kind": item["kind"], "mentions": 0,
            "roles": [], "variants": [], "fields": []})
        entry["mentions"] += 1
        written = item["text"] if item["kind"] != "role" else None  # "der Diktator" is no form of the name
        for key, value in (("roles", item.get("role")), ("variants", written),
                           ("fields", item.get("field", "text"))):
            if value and value not in entry[key]:
                entry[key].append(value)
    return sorted(summary.values(), key=lambda entry: (-entry["mentions"], entry["name"], entry["id"]))
