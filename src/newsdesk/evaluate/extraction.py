"""Evaluate extraction and cleaning on web pages with must / must-not snippets (trafilatura's evaluation layout).

A dataset folder holds ``gold.jsonl`` (one page per line: ``file``, ``url``, ``with``, ``without``) and
``html/<file>``, the page as fetched (``.html`` or ``.html.gz``). Each page is read the way ``newsdesk add`` reads
it and turned into an article by :func:`newsdesk.ingest.build_article`; the article's clean text is scored.

Scoring follows trafilatura's own evaluation: per page, a ``with`` snippet found verbatim in the text is a true
positive, a missing one a false negative; a ``without`` snippet found is a false positive, an absent one a true
negative. Precision, recall and F1 are over all snippets of all pages; ``pages_all_snippets`` is the share of pages
where every ``with`` snippet is found and no ``without`` snippet is. A page newsdesk rejects has empty text.

The split is fixed by the file name: ``dev`` holds the pages whose SHA-1 of the file name ends in an even hex
digit, ``test`` the others, so that rules can be tuned on one half and reported on the other.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.ingest import build_article
from newsdesk.model import SourceDocument
from newsdesk.sources import iter_sources

__all__ = ["SPLITS", "Page", "evaluate_extraction", "format_extraction_report", "read_pages", "score_text"]

SPLITS = ("all", "dev", "test")


@dataclass(frozen=True, slots=True)
class Page:
    """One annotated page: its file, URL and the snippets its main text must and must not contain."""

    file: str
    url: str | None
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]


def in_split(file_name: str, split: str) -> bool:
    """Whether a page belongs to ``split`` (``all``, ``dev``: even SHA-1 of the file name, ``test``: odd)."""
    if split == "all":
        return True
    even = int(hashlib.sha1(file_name.encode("utf-8")).hexdigest()[-1], 16) % 2 == 0
    return even if split == "dev" else not even


def read_pages(data_dir: Path, *, split: str = "all", limit: int | None = None) -> list[Page]:
    """The pages of ``data_dir/gold.jsonl`` in ``split`` (at most ``limit``); ValueError names a bad line."""
    gold = Path(data_dir) / "gold.jsonl"
    if not gold.is_file():
        raise FileNotFoundError(f"no gold.jsonl in {data_dir}")
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    pages: list[Page] = []
    with gold.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                page = Page(str(row["file"]), row.get("url"), tuple(row["with"]), tuple(row["without"]))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{gold}:{number}: not a page record ({error})") from error
            if in_split(page.file, split):
                pages.append(page)
            if limit is not None and len(pages) >= limit:
                break
    return pages


def score_text(text: str, page: Page) -> dict[str, int]:
    """True/false positives and negatives of one page's extracted text, as trafilatura's evaluation counts them."""
    found = sum(snippet in text for snippet in page.with_snippets)
    leaked = sum(snippet in text for snippet in page.without_snippets)
    return {"tp": found, "fn": len(page.with_snippets) - found, "fp": leaked, "tn": len(page.without_snippets) - leaked}


def _read_document(data_dir: Path, page: Page) -> SourceDocument | None:
    """The page as ``newsdesk add`` reads it (decoding, gzip), with the gold URL; ``None`` when unreadable."""
    path = Path(data_dir) / "html" / page.file
    for doc in iter_sources([str(path)]):
        if isinstance(doc, SourceDocument):
            doc.url = doc.url or page.url
            return doc
    return None


def newsdesk_text(doc: SourceDocument) -> str:
    """The clean text newsdesk stores for the page (empty when it rejects the page)."""
    article = build_article(doc)
    return getattr(article, "text", "")


def trafilatura_text(doc: SourceDocument) -> str:
    """Plain ``trafilatura.extract`` with its default settings: the reference newsdesk's cleaning should beat."""
    import trafilatura

    return trafilatura.extract(doc.content, url=doc.url) or ""


EXTRACTORS: dict[str, Callable[[SourceDocument], str]] = {"newsdesk": newsdesk_text, "trafilatura": trafilatura_text}


def _summary(counts: dict[str, int], pages: int, passed: int, seconds: float) -> dict[str, Any]:
    tp, fn, fp = counts["tp"], counts["fn"], counts["fp"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "pages_all_snippets": passed / pages if pages else 0.0,
        "pages": pages,
        "counts": counts,
        "seconds_per_page": seconds / pages if pages else 0.0,
    }


def _score(extract: Callable[[SourceDocument], str], docs: Iterable[tuple[Page, SourceDocument | None]]) -> tuple[
    dict[str, Any], list[dict[str, Any]]
]:
    counts = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    passed = pages = 0
    failures: list[dict[str, Any]] = []
    elapsed = 0.0
    for page, doc in docs:
        started = time.perf_counter()
        text = extract(doc) if doc is not None else ""
        elapsed += time.perf_counter() - started
        page_counts = score_text(text, page)
        for key, value in page_counts.items():
            counts[key] += value
        pages += 1
        if page_counts["fn"] == 0 and page_counts["fp"] == 0:
            passed += 1
        else:
            missing = [snippet for snippet in page.with_snippets if snippet not in text]
            leaked = [snippet for snippet in page.without_snippets if snippet in text]
            failures.append({"file": page.file, "missing": missing, "leaked": leaked})
    return _summary(counts, pages, passed, elapsed), failures


def evaluate_extraction(
    data_dir: Path, *, split: str = "all", limit: int | None = None, baseline: str | None = None
) -> dict[str, Any]:
    """Score newsdesk's clean text (and with ``baseline="trafilatura"`` plain trafilatura's) on the pages.

    RETURNS (dict): precision, recall, f1, pages_all_snippets, pages, counts, seconds_per_page, split, failures
        (per failed page: missing and leaked snippets), and under ``baseline`` the reference's figures.
    """
    if baseline is not None and baseline not in EXTRACTORS:
        raise ValueError(f"unknown baseline {baseline!r}; choose trafilatura")
    pages = read_pages(data_dir, split=split, limit=limit)
    if not pages:
        raise ValueError(f"no pages in {data_dir}/gold.jsonl for split {split!r}")
    docs = [(page, _read_document(data_dir, page)) for page in pages]
    result, failures = _score(newsdesk_text, docs)
    result.update(split=split, unreadable=sum(doc is None for _, doc in docs), failures=failures)
    if baseline is not None:
        reference, _ = _score(EXTRACTORS[baseline], docs)
        result["baseline"] = {"name": baseline, **reference}
    return result


def format_extraction_report(result: dict[str, Any]) -> str:
    """Human-readable summary of :func:`evaluate_extraction`."""
    rows = [("newsdesk", result)]
    if "baseline" in result:
        rows.append((result["baseline"]["name"], result["baseline"]))
    lines = [
        f"Extraction snippets: {result['pages']} pages (split {result['split']}), "
        f"{result['unreadable']} unreadable",
        f"  {'':12} {'precision':>9} {'recall':>7} {'F1':>6} {'all snippets':>13} {'s/page':>7}",
    ]
    for name, figures in rows:
        lines.append(
            f"  {name:12} {figures['precision']:9.3f} {figures['recall']:7.3f} {figures['f1']:6.3f} "
            f"{figures['pages_all_snippets']:13.3f} {figures['seconds_per_page']:7.3f}"
        )
    return "\n".join(lines)
