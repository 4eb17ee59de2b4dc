"""Document frequencies shipped per language, for comparing two texts without a desk's learned counts.

``newsdesk compare`` on two files has no corpus to learn word rarity from: IDF over the two texts alone weighs every
shared word alike, so one common word ("domain", "Kredit") can look like the shared subject. Each language package
may ship ``document_frequencies.tsv.gz`` (built by ``python -m newsdesk.training.frequencies``; see CREDITS.md):
lemma counts of a pseudo-corpus of ``PSEUDO_DOCUMENTS`` news-sized documents, which a pair comparison starts from.
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from newsdesk.cluster.features import DocumentFrequencies
from newsdesk.lang import get as get_language

__all__ = ["FILE_NAME", "PSEUDO_DOCUMENTS", "background_counts", "background_frequencies"]

FILE_NAME = "document_frequencies.tsv.gz"
#: Size of the pseudo-corpus the counts are out of.
PSEUDO_DOCUMENTS = 100_000


@lru_cache(maxsize=16)
def background_counts(language: str | None) -> tuple[int, dict[str, int]] | None:
    """(documents, lemma -> count) shipped for ``language`` (an ISO 639-1 code), ``None`` when it ships none."""
    path = get_language(language).path(FILE_NAME) if language else None
    if path is None:
        return None
    data = path.read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    documents = int(lines[0].split("\t")[1])
    counts = {}
    for line in lines[1:]:
        key, _, count = line.rpartition("\t")
        counts[key] = int(count)
    return documents, counts


def background_frequencies(language: str | None, *, prior_docs: float) -> DocumentFrequencies:
    """Frequencies that start from the shipped counts of ``language`` (for terms, and for one-word names, which
    are words too); empty ones with ``prior_docs`` when the language ships none."""
    frequencies = DocumentFrequencies(prior_docs=prior_docs)
    shipped = background_counts(language)
    if shipped is not None:
        documents, counts = shipped
        frequencies.n_docs = documents
        frequencies.counts["t"] = dict(counts)
        frequencies.counts["e"] = dict(counts)
    return frequencies
