"""Background document frequencies for comparing two texts alone (``newsdesk compare`` without a desk).

A desk learns which words are common from the articles it holds; two files compared on their own have no such
counts, and with IDF over just the two texts every shared word weighs alike ("domain" as much as "Maduro"). This
recipe turns word frequencies into the document frequencies of a pseudo-corpus that the comparison starts from.

Source: the ``wordfreq`` package's data (Robyn Speer et al., CC BY-SA 4.0; the package itself is MIT), only at build
time: ``pip install wordfreq``. A word of frequency ``f`` (per token) occurs in a document of ``DOCUMENT_TOKENS``
tokens with probability ``1 - (1 - f) ** DOCUMENT_TOKENS``; forms are lemmatised and lower-cased exactly as the
clusterer does (``newsdesk.cluster.features``), and a lemma's probability is that of any of its forms occurring
(capped at 1). The result, per language, is ``src/newsdesk/lang/<code>/document_frequencies.tsv.gz``: a first line
``#documents<TAB>N`` and then ``lemma<TAB>count`` lines, the ``WORDS`` most frequent forms' lemmas. Rebuild::

    pip install wordfreq && python -m newsdesk.training.frequencies de en
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from newsdesk.cluster.background import FILE_NAME, PSEUDO_DOCUMENTS
from newsdesk.cluster.features import lemma_key

__all__ = ["DOCUMENT_TOKENS", "WORDS", "build", "main"]

#: Tokens of a typical news article: what turns a word's frequency into the share of articles that contain it.
DOCUMENT_TOKENS = 400
#: Most frequent word forms read per language: rarer words are absent from the file and count as unseen.
WORDS = 40_000


def build(language: str, *, words: int = WORDS) -> dict[str, int]:
    """Lemma -> pseudo-document count (out of ``PSEUDO_DOCUMENTS``) for one language, from wordfreq."""
    import wordfreq

    absent: dict[str, float] = {}  # lemma -> probability that a document contains none of its forms
    for word in wordfreq.top_n_list(language, words):
        if not word[:1].isalpha():
            continue
        contains = 1.0 - (1.0 - wordfreq.word_frequency(word, language)) ** DOCUMENT_TOKENS
        key = lemma_key(word, language)
        absent[key] = absent.get(key, 1.0) * (1.0 - contains)
    counts = {key: round(PSEUDO_DOCUMENTS * (1.0 - none)) for key, none in absent.items()}
    return {key: count for key, count in sorted(counts.items()) if count > 0}


def write(language: str, counts: dict[str, int], folder: Path) -> Path:
    """Write the table into ``folder`` (a language's package folder); gzip without a timestamp, so a rebuild from
    the same data gives the same bytes."""
    path = folder / FILE_NAME
    lines = [f"#documents\t{PSEUDO_DOCUMENTS}"] + [f"{key}\t{count}" for key, count in counts.items()]
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def main(argv: list[str]) -> int:
    languages = argv or ["de", "en"]
    lang_root = Path(__file__).resolve().parents[1] / "lang"
    for language in languages:
        folder = lang_root / language
        if not folder.is_dir():
            print(f"{folder}: no such language package", file=sys.stderr)
            return 1
        counts = build(language)
        print(f"{write(language, counts, folder)}: {len(counts)} lemmas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
