"""``newsdesk eval dossier``: the story dossier's disagreements and timeline against the demo corpus' answer key.

The key (``demo/dossier_gold.json``) names stories and articles by their files in the demo corpus, never by
generated ids, so it survives re-clustering. A desk is built from the corpus in a temporary folder and every
story's dossier computed, exactly as ``newsdesk dossier`` would.

- Disagreements: a dossier's disagreement is right when its story holds the key's story (the one holding its
  ``anchor`` article) and it matches one of that story's expected disagreements: the same kind, and each expected
  value found in one of its claims. Every disagreement of every story counts for precision.
- Timeline: for the exhaustively annotated articles, each (date, article, sentence) the timeline gives is right when
  the key lists a happening of that article with that date whose phrase is in the sentence.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from newsdesk.demo import corpus_path
from newsdesk.desk import Desk
from newsdesk.dossier import Disagreement, Dossier


def default_gold() -> Path:
    """The answer key shipped next to the demo corpus."""
    return Path(str(resources.files("newsdesk.demo") / "dossier_gold.json"))


def evaluate_dossier(gold_path: Path | str | None = None) -> dict[str, Any]:
    """Build the demo desk in a temporary folder and score every story's dossier against ``gold_path``.

    RETURNS (dict): disagreement_precision, disagreement_recall, timeline_precision, timeline_recall, their counts,
    and ``missed`` / ``wrong`` lists for people to read.
    """
    gold = json.loads(Path(gold_path or default_gold()).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder, Desk(Path(folder) / "desk.db") as desk:
        desk.add([str(corpus_path())], outlet_from_folder=True)
        keys = {article.id: _gold_key(article.source) for article in desk.articles()}
        dossiers = [desk.dossier(story.id) for story in desk.stories()]
    return _score(gold, dossiers, keys)


def _gold_key(source: str) -> str:
    """``/…/corpus/blickpunkt24/x.jsonl:3`` → ``blickpunkt24/x.jsonl#3``."""
    return re.sub(r"[:#](\d+)$", r"#\1", source.replace(str(corpus_path()) + "/", ""))


def _score(gold: dict[str, Any], dossiers: list[Dossier], keys: dict[str, str]) -> dict[str, Any]:
    expected = {id(d): [e for s in gold["stories"] for e in s["disagreements"] if _holds(d, s["anchor"], keys)]
                for d in dossiers}
    found = {id(e) for d in dossiers for e in expected[id(d)] for x in d.disagreements if _matches(x, e)}
    wrong = [f"{x.kind}: {x.subject} ({' / '.join(c.value for c in x.claims)})" for d in dossiers
             for x in d.disagreements if not any(_matches(x, e) for e in expected[id(d)])]
    predicted = sum(len(d.disagreements) for d in dossiers)
    all_expected = [e for s in gold["stories"] for e in s["disagreements"]]
    missed = [f"{e['kind']}: {e['subject']} ({' / '.join(e['values'])})" for e in all_expected if id(e) not in found]
    given = list(_timeline_pairs(dossiers, keys, set(gold["timeline"]["articles"])))
    happenings = gold["timeline"]["happenings"]
    right = [pair for pair in given if any(_happening_matches(pair, h) for h in happenings)]
    recalled = [h for h in happenings if any(_happening_matches(pair, h) for pair in given)]
    return {"disagreement_precision": _ratio(predicted - len(wrong), predicted),
            "disagreement_recall": _ratio(len(found), len(all_expected)),
            "timeline_precision": _ratio(len(right), len(given)),
            "timeline_recall": _ratio(len(recalled), len(happenings)),
            "disagreements_found": predicted, "disagreements_expected": len(all_expected),
            "disagreements_right": predicted - len(wrong), "timeline_given": len(given),
            "timeline_expected": len(happenings), "timeline_right": len(right),
            "stories": len(dossiers), "missed": missed, "wrong": wrong}


def _holds(dossier: Dossier, anchor: str, keys: dict[str, str]) -> bool:
    return any(keys.get(article) == anchor for article in dossier.articles)


def _normal(text: str) -> str:
    return re.sub(r"(?<=\d)\.(?=\d{3})", "", text).casefold()


def _matches(found: Disagreement, expected: dict[str, Any]) -> bool:
    values = [_normal(claim.value) for claim in found.claims]
    return found.kind == expected["kind"] and all(any(_normal(v) in value for value in values)
                                                  for v in expected["values"])


def _timeline_pairs(dossiers: list[Dossier], keys: dict[str, str],
                    annotated: set[str]) -> Iterable[tuple[str, str, str]]:
    """(date value, article key, sentence) for each source of each timeline entry in an annotated article."""
    for dossier in dossiers:
        for entry in dossier.timeline:
            for citation in entry.sources:
                key = keys.get(citation.article, "")
                if key in annotated:
                    yield entry.date.value, key, citation.text


def _happening_matches(pair: tuple[str, str, str], happening: dict[str, str]) -> bool:
    value, article, sentence = pair
    return (value, article) == (happening["date"], happening["article"]) and \
        _normal(happening["phrase"]) in _normal(" ".join(sentence.split()))


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def format_dossier_report(result: dict[str, Any]) -> str:
    """The figures for people: precision and recall with their counts, then what was missed or wrongly flagged."""
    lines = [f"Dossier on the demo corpus ({result['stories']} stories)",
             f"  disagreements  precision {result['disagreement_precision']:.3f} "
             f"({result['disagreements_right']}/{result['disagreements_found']})  recall "
             f"{result['disagreement_recall']:.3f} ({result['disagreements_expected'] - len(result['missed'])}"
             f"/{result['disagreements_expected']})",
             f"  timeline       precision {result['timeline_precision']:.3f} "
             f"({result['timeline_right']}/{result['timeline_given']})  recall {result['timeline_recall']:.3f} "
             f"(of {result['timeline_expected']} annotated happenings)"]
    lines += [f"  missed: {item}" for item in result["missed"]]
    lines += [f"  wrongly flagged: {item}" for item in result["wrong"]]
    return "\n".join(lines)
