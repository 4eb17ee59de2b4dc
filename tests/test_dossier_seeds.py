"""The dossier of the Russia–North Korea story on ../shared/seeds (read in place, never copied)."""

from __future__ import annotations

import pytest

from newsdesk import Desk


@pytest.fixture(scope="module")
def seed_dossier(seeds_dir, tmp_path_factory):
    with Desk(tmp_path_factory.mktemp("seeds") / "desk.db") as desk:
        desk.add([str(seeds_dir)])
        (story,) = [s for s in desk.stories() if s.articles >= 4]
        found = desk.dossier(story.id)
        files = {article.id: article.source.rsplit("/", 1)[-1][:3] for article in desk.articles()}
    return found, files


def test_seed_dossier_has_exactly_the_three_disagreements(seed_dossier):
    found, files = seed_dossier
    seen = {(d.kind, tuple((c.value, tuple(sorted({files[s.article] for s in c.sources}))) for c in d.claims))
            for d in found.disagreements}
    assert seen == {
        ("role", (("Außenminister", ("000",)), ("Verteidigungsminister", ("001",)))),
        ("date", (("Ende Juni (2023-06, END)", ("000",)), ("Ende Juli (2023-07, END)", ("001",)))),
        ("place", (("Camp David", ("000",)), ("Washington", ("001",)))),
    }
    assert next(d for d in found.disagreements if d.kind == "role").subject == "Sergei Shoigu"


def test_seed_dossier_timeline_brief_speakers_and_sources(seed_dossier):
    found, files = seed_dossier
    values = {entry.date.value for entry in found.timeline}
    assert "2023-08-15" in values  # the August 2023 letters
    assert {"000", "001"} <= {files[c.article] for e in found.timeline if e.date.value == "2023-08-18"
                              for c in e.sources}
    assert 3 <= len(found.brief) <= 6 and len({s.citation.article for s in found.brief}) >= 3
    names = {speaker.name for speaker in found.speakers}
    assert {"Wladimir Putin", "Kim Jong-un"} <= names
    assert any("cites state media" in source.flags and "KCNA" in source.state_media for source in found.sources)
