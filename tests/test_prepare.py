"""Preparing articles ahead of placing them: in worker processes or not, the desk comes out the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk import Desk
from newsdesk.demo import corpus_path
from newsdesk.model import SourceDocument
from newsdesk.prepare import Preparer, PrepareSettings, prepare
from newsdesk.sources import iter_sources


def exported(desk: Desk, out: Path) -> dict:
    """The desk's export without the times that differ between two runs."""
    desk.export(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("generated_at")
    for article in data["articles"]:
        article.pop("added_at")
    return data


def test_prepare_workers_give_the_same_desk(tmp_path: Path, monkeypatch) -> None:
    """Analysis, copies, events, stories and titles are the same whether two worker processes prepared the
    articles (in chunks, read ahead), this process did, one by one, or the default did the first few here and
    then started a pool."""
    import newsdesk.prepare as prepare_module

    monkeypatch.setattr(prepare_module, "CHUNK", 2)
    monkeypatch.setattr(prepare_module, "AUTO_POOL_AFTER", {False: 5, True: 5})  # None: 5 here, the rest in a pool
    # more chunks than the read-ahead bound (4 per worker), so results are handed out while others are pending
    assert len(list(corpus_path().rglob("*.*"))) > 4 * 2 * 2  # chunks of 2, 4 chunks per worker in flight
    results = []
    for workers in (1, 2, None):
        with Desk(tmp_path / f"desk-{workers}.db") as desk:
            report = desk.add([str(corpus_path())], outlet_from_folder=True, workers=workers)
            assert not report.problems
            results.append(exported(desk, tmp_path / f"export-{workers}.json"))
            assert desk.add([str(corpus_path())], outlet_from_folder=True, workers=workers).unchanged == report.added
    in_process, in_workers, automatic = results
    assert in_workers["events"] == in_process["events"] and in_workers["stories"] == in_process["stories"]
    assert in_workers == in_process
    assert automatic == in_process


def test_prepare_measures_what_the_clusterer_would(tmp_path: Path) -> None:
    """A prepared article carries the clusterer's own features of it, with the headline's terms."""
    from newsdesk.cluster import ClusterDoc, OnlineEventClusterer

    doc = next(iter_sources([str(next(corpus_path().rglob("*.txt")))]))
    clusterer = OnlineEventClusterer()
    item = prepare(doc, "a1", PrepareSettings(clusterer.feature_settings(), analyze=False))
    assert item.analysis is None and item.signature is not None
    cluster_doc = ClusterDoc.from_article(item.article)
    assert item.features == clusterer.features(cluster_doc)
    headline = ClusterDoc("headline", item.article.title, "", None, item.article.language)
    assert item.features.title_terms == tuple(clusterer.features(headline).terms)
    assert item.features.title_terms


def test_prepare_passes_stored_and_failed_inputs_through(tmp_path: Path) -> None:
    """A document stored already is not prepared; unreadable input comes back as its problem, in order."""
    good = tmp_path / "good.txt"
    good.write_text("Ein Titel\n\nEin kurzer Text über den Stadtrat, der am Montag tagte.", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    docs = list(iter_sources([str(tmp_path / "good.txt"), str(tmp_path / "bad.json")]))
    settings = PrepareSettings({}, analyze=False)
    items = list(Preparer(1).map([(None, "stored"), (docs[0], "new"), (docs[1], "")], settings))
    assert [item.article_id for item in items] == ["stored", "new", ""]
    assert items[0].article is None
    assert items[1].article.title == "Ein Titel"
    assert "bad.json" in items[2].article.origin


class _KillsTheWorker:
    """Unpickling this ends the process that does it, as a crash or the OOM killer would end a worker."""

    def __reduce__(self):
        import os

        return os._exit, (3,)


def test_prepare_dead_worker_is_a_clear_error(tmp_path: Path) -> None:
    """A worker that dies stops the add with a DeskError that says what to do, and the batch is rolled back."""
    from newsdesk import DeskError

    preparer = Preparer(2)
    with pytest.raises(DeskError, match="stopped unexpectedly.*run the add again"):
        list(preparer.map([(_KillsTheWorker(), "x")], PrepareSettings({}, analyze=False)))
    assert preparer._pool is None  # closed; the next map starts a fresh pool
    preparer.close()


def test_prepare_rejects_no_workers() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Preparer(0)


@pytest.mark.parametrize("text", [
    '<div class="x">\n\nBahn streikt.\n\n</div>',  # markup hid the language before cleaning
    "Update\n\nNeue Brücke offen.\n\n<span>Mehr</span>",
    "Der Stadtrat tagt am Montag im alten Rathaus.\n\nFoto: Max Muster",
])  # fmt: skip
def test_prepare_gives_our_export_the_language_of_the_original(text: str) -> None:
    """Adding our own export again (clean text, title and language as stored) keeps each article's language and
    text: a language undetected on the raw lines is detected on the clean body, as the export's text will be."""
    settings = PrepareSettings({}, analyze=False)
    first = prepare(SourceDocument("original.txt", text), "a1", settings).article
    export = SourceDocument("export.parquet#0", first.text, title=first.title, language=first.language)
    again = prepare(export, "a1", settings).article
    assert first.language == "de"
    assert (again.language, again.text) == (first.language, first.text)
