"""Publication date inference from the text alone, on sentences written here and (when present) the seeds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsdesk.analysis.pubdate import PubDateGuess, infer_publication_date
from newsdesk.analysis.timex import find_timexes
from newsdesk.evaluate.pubdate import evaluate_pubdate, format_pubdate_report, read_wikinews

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
WIKINEWS = SHARED / "datasets" / "quotes_wikinews_de"


def _seed(prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is not present")
    return matches[0].read_text(encoding="utf-8")


def test_pubdate_weekday_and_date_fix_the_year() -> None:
    text = (
        "Der Nationalfeiertag, Dienstag, der 15. August, wurde mit einer Parade begangen. Der Präsident erinnerte "
        "an die Befreiung im Jahr 1945 und an das Abkommen von 2022."
    )
    guess = infer_publication_date(text)
    assert guess.value is not None and guess.value.year == 2023
    assert date(2023, 8, 15) <= guess.value <= date(2023, 8, 18)
    assert any("2023" in note for note in guess.evidence)


def test_pubdate_anniversary_names_the_year() -> None:
    text = "Am Montag feierte die Stadt den 75. Jahrestag ihrer Gründung im Jahr 1948 mit einem Konzert."
    guess = infer_publication_date(text)
    assert guess.value is not None and guess.value.year == 2023
    assert any("Jahrestag" in note for note in guess.evidence)


def test_pubdate_nothing_lies_after_the_latest_possible_day() -> None:
    text = "Der Verein feiert am 3. Mai 2030 sein Jubiläum. Gegründet wurde er 1990 von zwölf Frauen."
    guess = infer_publication_date(text, not_after=date(2026, 12, 1))
    assert guess.value is None or guess.value <= date(2026, 12, 1)
    guess = infer_publication_date("Er ist 140 Jahre alt, geboren 1949.", not_after=date(2026, 12, 1))
    assert guess.value is None or guess.value.year <= 2026


def test_pubdate_reported_events_lie_shortly_before() -> None:
    text = (
        "Am 3. März 2011 trat der Minister zurück. Sein Nachfolger wurde am 4. März 2011 vereidigt. Die Opposition "
        "kritisierte das Verfahren scharf."
    )
    guess = infer_publication_date(text)
    assert guess.value is not None
    assert date(2011, 3, 4) <= guess.value <= date(2011, 3, 7)
    assert 0.0 < guess.confidence <= 1.0


def test_pubdate_one_date_deep_in_the_text_is_not_trusted_for_relative_dates() -> None:
    """A single full date mentioned only after the lead may be background: the guess stays, its confidence drops
    below the 0.5 that relative dates need, and the evidence says why; the same date in the lead keeps it."""
    lead = ("Die Stadtwerke erhöhen die Preise für Strom und Gas deutlich. Betroffen sind rund 40.000 Haushalte in "
            "der Stadt und im Umland. Der Aufschlag beträgt im Schnitt zwölf Prozent. Verbraucherschützer raten, die "
            "Tarife zu vergleichen und einen Wechsel zu prüfen. Die Stadtwerke begründen den Schritt mit gestiegenen "
            "Einkaufspreisen an der Börse. ")
    background = "Die letzte Erhöhung hatten sie am 3. März 2011 beschlossen."
    deep = infer_publication_date(lead + background)
    assert deep.value is not None and date(2011, 3, 3) <= deep.value <= date(2011, 3, 10)
    assert deep.confidence < 0.5 and any("background" in note for note in deep.evidence)
    early = infer_publication_date(background + " " + lead)
    assert early.value == deep.value and early.confidence >= 0.5


def test_pubdate_future_events_lie_after() -> None:
    text = "Die Wahl wird am 24. September 2017 stattfinden. Die Parteien haben ihre Listen eingereicht."
    guess = infer_publication_date(text)
    assert guess.value is not None and guess.value <= date(2017, 9, 24)


def test_pubdate_without_clues_is_none() -> None:
    guess = infer_publication_date("Die Regierung hat einen neuen Plan vorgestellt. Kritiker sind skeptisch.")
    assert guess == PubDateGuess(None, 0.0, ["no dated clue in the text"])


def test_pubdate_english() -> None:
    text = "On Tuesday, August 15, the country celebrated. Leaders recalled the liberation of 1945 and the 2022 accord."
    guess = infer_publication_date(text, language="en")
    assert guess.value is not None and guess.value.year == 2023


def test_pubdate_seed_000_anniversary_and_weekday() -> None:
    text = _seed("000")
    guess = infer_publication_date(text)
    assert guess.value is not None and guess.value.year == 2023
    resolved = [t for t in find_timexes(text, reference=guess.value) if t.text == "15. August"]
    assert resolved and resolved[0].value == "2023-08-15"
    assert any("Jahrestag" in note for note in guess.evidence)
    assert any("15.08." in note and "2023" in note for note in guess.evidence)


def test_pubdate_seed_001_weekday_date() -> None:
    text = _seed("001")
    guess = infer_publication_date(text)
    assert guess.value is not None and guess.value.year == 2023
    resolved = [t for t in find_timexes(text, reference=guess.value) if "15. August" in t.text]
    assert resolved and resolved[0].value == "2023-08-15"


def test_pubdate_reader_hides_the_date(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    article = json.dumps({"documentName": "12 - Minister tritt zurück (2011-03-05)",
                          "originalText": "Am 4. März 2011 trat er zurück."})  # fmt: skip
    (tmp_path / "dev" / "12 - Minister tritt zurück (2011-03-05).pretty.json").write_text(article, encoding="utf-8")
    ((name, true, text),) = read_wikinews(tmp_path)
    assert true == date(2011, 3, 5)
    assert "2011-03-05" not in text and text.startswith("Minister tritt zurück")
    result = evaluate_pubdate(tmp_path)
    assert result["documents"] == 1
    assert result["within_7_days"] == 1.0 and result["correct_year"] == 1.0
    assert "exact day" in format_pubdate_report(result)
    (tmp_path / "dev" / "13 - Kaputt (2011-03-06).json").write_text("{kaputt", encoding="utf-8")
    with pytest.raises(ValueError, match=r"13 - Kaputt \(2011-03-06\)\.json: not a JSON article"):
        read_wikinews(tmp_path)


@pytest.mark.skipif(not WIKINEWS.is_dir(), reason="../shared/datasets/quotes_wikinews_de is not present")
def test_pubdate_wikinews_rates() -> None:
    result = evaluate_pubdate(WIKINEWS)
    assert result["documents"] >= 100
    assert set(result) >= {"exact_day", "within_7_days", "correct_year", "documents"}
    assert result["exact_day"] <= result["within_7_days"]
    assert result["within_7_days"] >= 0.08
    assert result["correct_year"] >= 0.15


def test_pubdate_named_day_and_period_give_the_first_fitting_year() -> None:
    text = ("Zum Tag der Deutschen Einheit schickte der Bürgermeister der Partnerstadt Glückwünsche. Seit Beginn "
            "der Corona-Pandemie hatten sich die Städte nicht mehr besucht; zuletzt trafen sie sich im Mai 2019.")
    guess = infer_publication_date(text, not_after=date(2026, 12, 1))
    assert guess.value is not None and date(2020, 10, 3) <= guess.value <= date(2020, 10, 10)
    assert any("Corona-Pandemie" in note and "2020" in note for note in guess.evidence)
    assert guess.confidence < 0.5  # a named day in the first year after a bound is a guess, not a fact


def test_pubdate_confidence_grows_with_the_clues_that_back_the_day() -> None:
    one = infer_publication_date("Der Minister trat am 3. März 2011 zurück.")
    two = infer_publication_date("Der Minister trat am 3. März 2011 zurück. Am 4. März 2011 wurde sein Nachfolger "
                                 "vereidigt.")
    year = infer_publication_date("Die Firma wurde 1990 gegründet.")
    assert year.confidence < one.confidence < two.confidence
    assert two.confidence >= 0.7


def test_pubdate_calibration_table(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    for number, (name, body) in enumerate([("Rücktritt (2011-03-05)", "Am 4. März 2011 trat er zurück."),
                                           ("Firma (2011-03-05)", "Die Firma wurde 1990 gegründet.")]):
        article = json.dumps({"documentName": f"{number} - {name}", "originalText": body})
        (tmp_path / "dev" / f"{number} - {name}.json").write_text(article, encoding="utf-8")
    result = evaluate_pubdate(tmp_path)
    bands = {row["band"]: row for row in result["calibration"]}
    assert list(bands) == ["<0.3", "0.3-0.5", "0.5-0.7", ">=0.7"]
    assert sum(row["guesses"] for row in bands.values()) == 2
    assert bands["<0.3"]["within_7_days"] == 0.0
    assert "calibration" in format_pubdate_report(result)


def test_pubdate_a_bound_from_elsewhere_moves_a_named_day_to_its_year() -> None:
    text = "Anlässlich des russischen Nationalfeiertags schickte Kim eine Botschaft. Seit Beginn des Ukraine-Kriegs " \
           "hatte er Moskau mehrfach unterstützt."
    alone = infer_publication_date(text, not_after=date(2026, 12, 1))
    told = infer_publication_date(text, not_after=date(2026, 12, 1), not_before=date(2023, 2, 1))
    assert alone.value is not None and alone.value.year == 2022 and alone.precision == "day"
    assert told.value is not None and date(2023, 6, 12) <= told.value <= date(2023, 6, 19)
    assert any("dated elsewhere" in note for note in told.evidence)


def test_pubdate_month_without_year_after_a_dated_one_is_the_next_year() -> None:
    text = "Bei ihrem letzten Treffen im September 2023 stimmten beide zu. Im April legte Russland sein Veto ein."
    guess = infer_publication_date(text, not_after=date(2026, 12, 1))
    assert guess.value is not None and guess.value.year == 2024 and guess.precision == "year"
    assert guess.confidence < 0.3


def test_pubdate_recency_word_beside_a_dated_happening() -> None:
    text = "Vergangene Woche hatte die Regierung am 12. März 2019 das Gesetz beschlossen. Die Opposition klagt."
    guess = infer_publication_date(text)
    assert guess.value is not None and date(2019, 3, 15) <= guess.value <= date(2019, 3, 26)
