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


# The timeline: the 2022 letters, the June 2023 Russia Day message, the August 2023 letters and the June 2024 summit.
# The August 2023 letters are dated happenings. The other three articles date their news too weakly for the analysis
# and are placed by a publication date inferred with what the story knows, marked as inferred: 002 by its named day
# (15 August) after the Ukraine war it names, 004 by Russia Day (12 June) after the US accusation about Wagner that
# 001 dates to February 2023, 003 only by its year (after an April that follows September 2023).

@pytest.fixture(scope="module")
def seed_timeline(seed_dossier):
    found, files = seed_dossier
    return [(entry, {files[c.article] for c in entry.sources}) for entry in found.timeline]


def _entries(timeline, seed: str, prefix: str):
    return [entry for entry, seeds in timeline
            if seed in seeds and entry.date.value.startswith(prefix) and not entry.background]


def test_seed_timeline_august_2023_letters_are_dated_happenings(seed_timeline):
    for seed in ("000", "001"):
        (letters, *_rest) = _entries(seed_timeline, seed, "2023-08-15")
        assert not letters.by_publication


def test_seed_timeline_2022_letters_by_inferred_publication_day(seed_timeline):
    (entry,) = _entries(seed_timeline, "002", "2022-08")
    assert entry.by_publication and entry.date.precision == "day"
    assert entry.date.text.startswith("inferred publication day")


def test_seed_timeline_june_2023_russia_day_message(seed_timeline):
    (entry,) = _entries(seed_timeline, "004", "2023-06")
    assert entry.by_publication and entry.date.text.startswith("inferred publication day")


def test_seed_timeline_2024_summit_by_its_year(seed_timeline):
    (entry,) = _entries(seed_timeline, "003", "2024")
    assert entry.by_publication and entry.date.precision == "year"
    assert "Pjöngjang" in entry.summary


def test_seed_timeline_keeps_story_order(seed_timeline):
    placed = [(entry.date.value[:7], seeds) for entry, seeds in seed_timeline if entry.by_publication]
    assert [seeds for _, seeds in placed] == [{"002"}, {"004"}, {"003"}]
