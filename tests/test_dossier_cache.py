"""The desk keeps each story's dossier (``Desk.dossier``): read back while the story is unchanged, rebuilt when an
article joins it, an article moves, the analysis or the dossier changes version; a read-only desk still gets one."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsdesk.desk
from newsdesk import Desk

BRIDGE = ("Die Brücke über die Lindach in Lindenau ist am 4. März eingestürzt. Nach Angaben der Polizei wurden "
          "{n} Menschen verletzt. Bürgermeisterin Anna Keller sagte: \"Wir tun alles, um die Verletzten zu "
          "versorgen.\" Die Brücke war 1968 gebaut worden. {extra}")
OTHER = ("Der Stadtrat von Ostheim hat am Dienstag den Haushalt für das kommende Jahr beschlossen. Kämmerer Paul "
         "Brandt nannte die Lage der Stadtkasse angespannt. Die Gewerbesteuer steigt um zwei Punkte.")


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    """A desk with a two-report story about a bridge collapse and a one-report story about a budget."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BRIDGE.format(n=12, extra="Die Staatsanwaltschaft ermittelt."), encoding="utf-8")
    (folder / "b.txt").write_text(BRIDGE.format(n=14, extra="Taucher suchen im Fluss nach Vermissten."),
                                  encoding="utf-8")
    (folder / "c.txt").write_text(OTHER, encoding="utf-8")
    path = tmp_path / "desk.db"
    with Desk(path) as desk:
        desk.add([str(folder)])
    return path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stories whose dossier the desk builds (rather than reads back) from now on."""
    built: list[str] = []
    build = newsdesk.desk.build_dossier

    def counting(story, articles, analyses):
        built.append(story.story.id)
        return build(story, articles, analyses)

    monkeypatch.setattr(newsdesk.desk, "build_dossier", counting)
    return built


def _bridge(desk: Desk) -> str:
    return max(desk.stories(), key=lambda story: story.articles + story.copies).id


def test_a_kept_dossier_is_read_back_equal(desk_path: Path, builds: list[str]) -> None:
    with Desk(desk_path) as desk:
        story = _bridge(desk)
        first = desk.dossier(story)
        again = desk.dossier(story)
    assert builds == [story]
    assert again == first
    assert len(first.articles) == 2


def test_a_new_article_in_the_story_rebuilds_it(desk_path: Path, builds: list[str], tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(BRIDGE.format(n=12, extra="Die Staatsanwaltschaft ermittelt wegen Fahrlässigkeit."),
                    encoding="utf-8")
    with Desk(desk_path) as desk:
        story = _bridge(desk)
        desk.dossier(story)
        desk.add([str(copy)])
        assert _bridge(desk) == story
        rebuilt = desk.dossier(story)
    assert builds == [story, story]
    assert len(rebuilt.articles) == 3


def test_a_move_rebuilds_it(desk_path: Path, builds: list[str]) -> None:
    with Desk(desk_path) as desk:
        story = _bridge(desk)
        before = desk.dossier(story)
        other = next(summary.id for summary in desk.stories() if summary.id != story)
        target = desk.events(story=story)[0].id
        desk.move(desk.story(other).events[0].members[0].id, target)
        after = desk.dossier(story)
    assert builds == [story, story]
    assert len(after.articles) == len(before.articles) + 1


def test_a_new_analysis_or_dossier_version_rebuilds_it(desk_path: Path, builds: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with Desk(desk_path) as desk:
        story = _bridge(desk)
        desk.dossier(story)
        monkeypatch.setattr(newsdesk.desk, "ANALYSIS_VERSION", newsdesk.desk.ANALYSIS_VERSION + 1)
        assert desk.analyze() == 3
        desk.dossier(story)
        desk.dossier(story)
        monkeypatch.setattr(newsdesk.desk, "DOSSIER_VERSION", newsdesk.desk.DOSSIER_VERSION + 1)
        desk.dossier(story)
    assert builds == [story, story, story]


def test_a_read_only_desk_builds_once_per_process_without_keeping(desk_path: Path, builds: list[str]) -> None:
    with Desk(desk_path, read_only=True) as reader, Desk(desk_path, read_only=True) as other:
        story = _bridge(reader)
        first = reader.dossier(story)
        assert other.dossier(story) is first  # kept in this process (the web app opens a desk per request)
    with Desk(desk_path) as desk:
        assert desk.dossier(story) == first  # not in the desk: built again, and stored now
        assert desk.dossier(story) == first
    assert builds == [story, story]

