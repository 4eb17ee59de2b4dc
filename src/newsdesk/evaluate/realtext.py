"""Read the hand-annotated real-text set ``data/10kgnad-annotations/{dev,test}`` (see its README).

Each split folder holds one JSON file per article of the 10kGNAD test file (derStandard.at, CC BY-NC-SA 4.0) with
character offsets only: ``row``, ``text_sha256``, ``quotes`` (type, quote/cue/speaker/speaker_entity as lists of
[start, end]) and ``entities`` (start, end, type). The texts are not in the repository, so this module joins each
annotation with its row of ``test.csv`` and refuses a row whose SHA-256 differs (another version of the corpus
would shift every offset). ``quote_document`` turns an article into the shape the Wikinews quote corpus has, so one
scorer serves both sets.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["AnnotatedArticle", "default_texts_path", "is_annotation_folder", "quote_document",
           "read_annotated_folder", "read_texts", "word_tokens"]

#: The keys that tell an annotation file of this set from a Wikinews quote-corpus article.
ANNOTATION_KEYS = frozenset({"source", "row", "text_sha256", "quotes", "entities"})
QUOTE_PARTS = ("quote", "cue", "speaker", "speaker_entity")
ENTITY_TYPES = frozenset({"PER", "LOC", "ORG", "OTH"})
#: Words as the scorer counts them: punctuation and quotation marks at span edges do not matter.
WORD = re.compile(r"\w[\w-]*")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """One annotated article joined with its text; quotes keep the file's layout (lists of [start, end])."""

    name: str
    row: int
    label: str
    text: str
    quotes: tuple[dict[str, Any], ...]
    entities: tuple[tuple[int, int, str], ...]


def is_annotation_folder(path: Path) -> bool:
    """Whether ``path`` is a split folder of this set: its first ``*.json`` file has the set's keys."""
    files = sorted(Path(path).glob("*.json")) if Path(path).is_dir() else []
    if not files:
        return False
    try:
        first = json.loads(files[0].read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(first, dict) and ANNOTATION_KEYS <= set(first)


def default_texts_path(data_dir: Path) -> Path:
    """``../shared/datasets/10kgnad/test.csv`` beside the repository that holds ``data/10kgnad-annotations/<split>``
    (found from the split folder, so the evaluation runs from any working directory)."""
    repo_root = Path(data_dir).resolve().parents[2]
    return repo_root.parent / "shared" / "datasets" / "10kgnad" / "test.csv"


@lru_cache(maxsize=4)
def read_texts(path: Path) -> tuple[tuple[str, str], ...]:
    """(label, text) per row of the 10kGNAD CSV, read exactly as the annotators read it."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: 10kGNAD texts file not found (point --texts at the corpus' test.csv)")
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple((row[0], row[1]) for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) >= 2)


def _spans(value: Any, where: str, length: int) -> list[list[int]]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list of [start, end] spans")
    for span in value:
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
                and 0 <= span[0] < span[1] <= length):
            raise ValueError(f"{where}: span {span!r} is not [start, end] inside the text (length {length})")
    return value


def _article(path: Path, texts: Path, rows: Sequence[tuple[str, str]]) -> AnnotatedArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        row = int(data["row"])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: not an annotation file of the 10kGNAD set ({error})") from error
    if not 0 <= row < len(rows):
        raise ValueError(f"{path}: row {row} is not in {texts} ({len(rows)} rows)")
    label, text = rows[row]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != data.get("text_sha256"):
        raise ValueError(f"{texts}: row {row} does not match {path.name} (SHA-256 differs: another version of "
                         f"the corpus?)")
    try:
        quotes = tuple(_quote(quote, f"{path}: quote {number}", len(text))
                       for number, quote in enumerate(data["quotes"]))
        entities = tuple(_entity(entity, f"{path}: entity {number}", len(text))
                         for number, entity in enumerate(data["entities"]))
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: malformed annotation ({error!r})") from error
    return AnnotatedArticle(path.name, row, label, text, quotes, entities)


def _quote(quote: dict[str, Any], where: str, length: int) -> dict[str, Any]:
    parsed = {"type": quote["type"], **{part: _spans(quote.get(part, []), f"{where} {part}", length)
                                         for part in QUOTE_PARTS}}
    if not parsed["quote"]:
        raise ValueError(f"{where}: no quote span")
    return parsed


def _entity(entity: dict[str, Any], where: str, length: int) -> tuple[int, int, str]:
    start, end, kind = entity["start"], entity["end"], entity["type"]
    _spans([[start, end]], where, length)
    if kind not in ENTITY_TYPES:
        raise ValueError(f"{where}: type {kind!r} is not one of {', '.join(sorted(ENTITY_TYPES))}")
    return start, end, kind


def read_annotated_folder(data_dir: Path, texts: Path | None = None) -> list[AnnotatedArticle]:
    """Every article of one split folder joined with its text (``texts``: default ``default_texts_path``)."""
    files = sorted(Path(data_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no *.json annotation files under {data_dir}")
    texts = Path(texts) if texts else default_texts_path(data_dir)
    rows = read_texts(texts)
    return [_article(path, texts, rows) for path in files]


def word_tokens(text: str) -> list[dict[str, Any]]:
    """The words of ``text`` as corpus tokens (id, charBegin, charEnd, text)."""
    return [{"id": i, "charBegin": m.start(), "charEnd": m.end(), "text": m.group()}
            for i, m in enumerate(WORD.finditer(text))]


def quote_document(article: AnnotatedArticle) -> dict[str, Any]:
    """The article in the Wikinews quote-corpus shape (``originalText``, ``tokens``, ``annotations``).

    A quote's tokens are the words whose midpoint lies in one of its spans (as predictions are counted). The
    speaker part lists the mention and then the named antecedent (``speaker_entity``), so a predicted speaker is
    right when it overlaps either, or when the surnames agree.
    """
    from newsdesk.evaluate.quotes import covered_tokens

    tokens = word_tokens(article.text)

    def part(spans: list[list[int]]) -> dict[str, Any]:
        return {"spans": [{"charBegin": s, "charEnd": e} for s, e in spans],
                "text": " ".join(article.text[s:e] for s, e in spans),
                "tokenIds": sorted(covered_tokens(tokens, [(s, e) for s, e in spans]))}

    annotations = [{"id": number, "type": quote["type"], "quote": part(quote["quote"]), "cue": part(quote["cue"]),
                    "speaker": part(quote["speaker"] + quote["speaker_entity"])}
                   for number, quote in enumerate(article.quotes)]
    return {"documentName": article.name, "originalText": article.text, "tokens": tokens,
            "annotations": annotations}
