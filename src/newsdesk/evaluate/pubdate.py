"""Evaluate publication-date inference on German Wikinews articles (quotes_wikinews_de layout).

Each ``*.json`` file is one article; its true publication date sits only in the file name and in the
``documentName`` field ("10022 - Der Astronaut … (2005-08-05)"). The inference sees the headline (the document
name without its numeric id and without the date) and ``originalText`` — never the date. Files are read from
``train/`` and ``dev/`` below the folder given, or from the folder itself.

Rates are over all documents, so an article without any dated clue counts as a miss: ``exact_day``,
``within_7_days``, ``correct_year``; ``guessed`` is the share with any guess at all, and the ``confident`` figures
score only guesses whose confidence reaches 0.5 (what a caller that trusts the confidence would see).
``calibration`` says whether the confidence is right about itself: for each confidence band, how many guesses fell
in it and the share of them within 7 days of the truth (a band of 0.5–0.7 should be right about that often).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from newsdesk.analysis.pubdate import infer_publication_date
from newsdesk.evaluate.quotes import read_article

__all__ = ["evaluate_pubdate", "format_pubdate_report", "read_wikinews"]

_DATE_IN_NAME = re.compile(r"\((\d{4})-(\d\d)-(\d\d)\)")
_NAME_DATE = re.compile(r"\s*\(\d{4}-\d\d-\d\d\)(?:\.pretty)?\s*$")
_NAME_ID = re.compile(r"^\s*\d+\s*-\s*")


def read_wikinews(data_dir: Path) -> list[tuple[str, date, str]]:
    """(file name, true date, text for inference) per article; the text is headline + body, date removed."""
    root = Path(data_dir)
    files = sorted(p for split in ("train", "dev") for p in (root / split).glob("*.json"))
    if not files:
        files = sorted(root.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no *.json articles under {data_dir} (or its train/ and dev/)")
    documents = []
    for path in files:
        match = _DATE_IN_NAME.search(path.name)
        if match is None:
            continue
        true = date(*map(int, match.groups()))
        data = read_article(path)
        headline = _NAME_ID.sub("", _NAME_DATE.sub("", str(data.get("documentName", ""))))
        body = str(data.get("originalText", ""))
        documents.append((path.name, true, f"{headline}\n\n{body}" if headline else body))
    return documents


#: Confidence bands of the calibration table: (name, lowest confidence in it)
CONFIDENCE_BANDS = (("<0.3", 0.0), ("0.3-0.5", 0.3), ("0.5-0.7", 0.5), (">=0.7", 0.7))


def _band(confidence: float) -> str:
    return [name for name, lowest in CONFIDENCE_BANDS if confidence >= lowest][-1]


def evaluate_pubdate(data_dir: Path, *, language: str = "de") -> dict[str, Any]:
    """Infer each article's date from its text alone and compare with the date in its file name."""
    documents = read_wikinews(Path(data_dir))
    counts = {"guessed": 0, "exact": 0, "week": 0, "year": 0, "confident": 0, "confident_week": 0}
    bands = {name: [0, 0] for name, _lowest in CONFIDENCE_BANDS}  # guesses, within 7 days
    for _name, true, text in documents:
        guess = infer_publication_date(text, language=language)
        if guess.value is None:
            continue
        counts["guessed"] += 1
        distance = abs((guess.value - true).days)
        bands[_band(guess.confidence)][0] += 1
        bands[_band(guess.confidence)][1] += distance <= 7
        counts["exact"] += distance == 0
        counts["week"] += distance <= 7
        counts["year"] += guess.value.year == true.year
        if guess.confidence >= 0.5:
            counts["confident"] += 1
            counts["confident_week"] += distance <= 7
    total = len(documents)

    def rate(number: int) -> float:
        return number / total if total else 0.0

    return {
        "documents": total,
        "exact_day": rate(counts["exact"]),
        "within_7_days": rate(counts["week"]),
        "correct_year": rate(counts["year"]),
        "guessed": rate(counts["guessed"]),
        "confident": rate(counts["confident"]),
        "confident_within_7_days": counts["confident_week"] / counts["confident"] if counts["confident"] else 0.0,
        "calibration": [{"band": name, "guesses": guesses, "within_7_days": right / guesses if guesses else None}
                        for name, (guesses, right) in bands.items()],
        "counts": counts,
    }


def format_pubdate_report(result: dict[str, Any]) -> str:
    """Human-readable summary of :func:`evaluate_pubdate`."""
    return "\n".join(
        [
            f"Publication date inference: {result['documents']} articles (date hidden from the text)",
            f"  exact day        {result['exact_day']:.3f}",
            f"  within 7 days    {result['within_7_days']:.3f}",
            f"  correct year     {result['correct_year']:.3f}",
            f"  any guess        {result['guessed']:.3f}",
            f"  confident (≥0.5) {result['confident']:.3f} of articles, "
            f"{result['confident_within_7_days']:.3f} of them within 7 days",
            "  calibration (confidence band: guesses, share within 7 days)",
            *(f"    {row['band']:<8} {row['guesses']:>4}  "
              + (f"{row['within_7_days']:.3f}" if row["within_7_days"] is not None else "-")
              for row in result["calibration"]),
        ]
    )
