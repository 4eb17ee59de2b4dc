"""Temporal expressions: spans, values and anchoring on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.analysis.timex import Timex, find_timexes, parse_value

WEDNESDAY = date(2023, 8, 16)


def one(text: str, phrase: str, **kwargs) -> Timex:
    """The timex whose text is ``phrase`` (and check that its offsets point at it)."""
    found = [t for t in find_timexes(text, **kwargs) if t.text == phrase]
    assert found, f"{phrase!r} not found in {[t.text for t in find_timexes(text, **kwargs)]}"
    timex = found[0]
    assert text[timex.start : timex.end] == phrase
    return timex


def values(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_timexes(text, **kwargs)]


# ----------------------------------------------------------------------------------------------------------------
# German: absolute expressions


def test_timex_full_date_offsets_and_value() -> None:
    text = "Der Vertrag wurde am 15. August 2023 in Genf unterzeichnet."
    timex = one(text, "15. August 2023")
    assert (timex.start, timex.end) == (21, 36)
    assert (timex.type, timex.value, timex.anchor) == ("DATE", "2023-08-15", "absolute")


def test_timex_numeric_and_iso_dates() -> None:
    assert one("Die Frist endete am 03.10.2022.", "03.10.2022").value == "2022-10-03"
    assert one("Stand: 2024-01-31, alle Angaben ohne Gewähr.", "2024-01-31").value == "2024-01-31"
    assert one("Befehl vom 1.9.39 an alle Einheiten.", "1.9.39", anchoring="narrative").value == "1939-09-01"


def test_timex_month_year_and_year() -> None:
    text = "Im September 1939 begann der Feldzug, der 1945 endete."
    assert values(text) == [("September 1939", "1939-09"), ("1945", "1945")]


def test_timex_ranges_are_two_expressions() -> None:
    assert values("Die Besatzung dauerte von 1910 bis 1945.") == [("1910", "1910"), ("1945", "1945")]
    assert values("Die Amtszeit (1920–1924) war kurz.") == [("1920", "1920"), ("1924", "1924")]


def test_timex_range_partner_lends_year_and_month() -> None:
    text = "Der Feldzug Mai/Juni 1940 und die Kämpfe am 27./28. September 1939 waren kurz."
    assert values(text, anchoring="narrative") == [
        ("Mai", "1940-05"),
        ("Juni 1940", "1940-06"),
        ("27.", "1939-09-27"),
        ("28. September 1939", "1939-09-28"),
    ]


def test_timex_modifiers_inside_the_span() -> None:
    text = "Anfang Mai 1940 griffen sie an, Mitte 1917 zogen sie ab und zum Ende des Jahres 1939 kehrten sie heim."
    assert one(text, "Anfang Mai 1940").mod == "START"
    mid = one(text, "Mitte 1917")
    assert (mid.value, mid.mod) == ("1917", "MID")
    end = one(text, "Ende des Jahres 1939")
    assert (end.value, end.mod) == ("1939", "END")


def test_timex_seasons_decades_centuries_and_bc() -> None:
    text = (
        "Im Sommer 1943 wendete sich das Blatt; im Spätsommer 1940 war es noch anders. In den 1930er Jahren "
        "und im 20. Jahrhundert wuchs die Stadt, die 490 v. Chr. gegründet wurde."
    )
    assert one(text, "Sommer 1943").value == "1943-SU"
    late = one(text, "Spätsommer 1940")
    assert (late.value, late.mod) == ("1940-SU", "END")
    assert one(text, "den 1930er Jahren").value == "193"
    assert one(text, "20. Jahrhundert").value == "19"
    assert one(text, "490 v. Chr.").value == "BC0490"


def test_timex_bare_ancient_years_only_after_bc_dates() -> None:
    text = "Im Jahr 218 v. Chr. begann der Krieg. 217 siegte das Heer, bis 202 dauerte er; 200 Schiffe sanken."
    assert values(text, anchoring="narrative") == [("Jahr 218 v. Chr.", "BC0218"), ("217", "BC0217"), ("202", "BC0202")]
    assert values("Die Firma hat 217 Mitarbeiter. 217 wurden entlassen.", anchoring="narrative") == []


def test_timex_holiday_and_clock_time() -> None:
    text = "Am 1. September 1939 um 4:45 Uhr fielen Schüsse; zu Weihnachten 1966 ruhten die Waffen."
    assert one(text, "4:45 Uhr", anchoring="narrative").value == "1939-09-01T04:45"
    assert one(text, "4:45 Uhr", anchoring="narrative").type == "TIME"
    assert one(text, "Weihnachten 1966").value == "1966-12-25"


def test_timex_durations() -> None:
    text = (
        "Der Krieg dauerte drei Jahre. Nach mehr als drei Tagen gaben sie auf, mehrere Tage später kam Hilfe. "
        "Das Regime hielt anderthalb Jahre und die neunmonatige Ausbildung begann."
    )
    assert one(text, "drei Jahre").value == "P3Y"
    assert one(text, "drei Jahre").type == "DURATION"
    more = one(text, "mehr als drei Tagen")
    assert (more.value, more.mod) == ("P3D", "MORE_THAN")
    assert one(text, "anderthalb Jahre").value == "P1Y6M"
    assert one(text, "neunmonatige").value == "P9M"
    assert one(text, "mehrere Tage später").value == "FUTURE_REF"


def test_timex_halves_quarters_and_calendar_weeks() -> None:
    text = "Im 1. Halbjahr 2020 sank der Umsatz, im letzten Quartal 2022 stieg er, in KW 33 2023 blieb er gleich."
    assert one(text, "1. Halbjahr 2020").value == "2020-H1"
    assert one(text, "letzten Quartal 2022").value == "2022-Q4"
    assert one(text, "KW 33 2023").value == "2023-W33"
    half = one("In der zweiten Jahreshälfte wächst sie.", "zweiten Jahreshälfte", reference=WEDNESDAY)
    assert half.value == "2023-H2"


def test_timex_quantities_and_names_are_not_dates() -> None:
    text = "Die Armee griff mit 1500 Panzern an. August Bebel sprach, die Menge jubelte, mit Zustimmung."
    assert find_timexes(text) == []


# ----------------------------------------------------------------------------------------------------------------
# German: relative to the last mentioned date (narratives)


def test_timex_anaphora_count_from_the_previous_date() -> None:
    text = (
        "Am 10. Mai 1940 begann der Angriff. Zwei Tage später fiel die Festung, am selben Tag floh der König. "
        "Im folgenden Jahr kam der Frieden, im Jahr darauf die Wahl."
    )
    found = find_timexes(text, anchoring="narrative")
    assert [(t.text, t.value) for t in found] == [
        ("10. Mai 1940", "1940-05-10"),
        ("Zwei Tage später", "1940-05-12"),
        ("am selben Tag", "1940-05-12"),
        ("folgenden Jahr", "1941"),
        ("Jahr darauf", "1942"),
    ]
    assert [t.anchor for t in found][1:] == ["previous_timex"] * 4


def test_timex_month_without_year_takes_the_narrative_year() -> None:
    text = "Im Juni 1941 überschritten sie die Grenze. Am 3. Juli erreichten sie den Fluss, Ende August die Stadt."
    found = values(text, anchoring="narrative")
    assert found == [("Juni 1941", "1941-06"), ("3. Juli", "1941-07-03"), ("Ende August", "1941-08")]


def test_timex_headings_restart_the_narrative_year() -> None:
    text = "1862\n\nIm Frühjahr zogen sie nach Süden, 1864 lag noch fern.\n\nWestfront\n\nIm Oktober fiel Schnee."
    assert values(text, anchoring="narrative")[-1] == ("Oktober", "1862-10")


# ----------------------------------------------------------------------------------------------------------------
# German: relative to the document date (news)


def test_timex_deictic_days_weeks_and_years() -> None:
    text = (
        "Heute beginnt der Gipfel. Gestern reisten die Delegationen an, morgen wird abgestimmt. Vor zwei Wochen "
        "scheiterten Gespräche, letzte Woche gab es einen Entwurf, im vergangenen Jahr einen Vertrag."
    )
    found = dict(values(text, reference=WEDNESDAY))
    assert found["Heute"] == "2023-08-16"
    assert found["Gestern"] == "2023-08-15"
    assert found["morgen"] == "2023-08-17"
    assert found["Vor zwei Wochen"] == "2023-W31"
    assert found["letzte Woche"] == "2023-W32"
    assert found["vergangenen Jahr"] == "2022"


def test_timex_weekday_follows_tense() -> None:
    past = "Am Dienstag haben die beiden Präsidenten Briefe ausgetauscht."
    future = "Das Treffen wird am Freitag in der Hauptstadt stattfinden."
    also_past = "Am Freitag hatte die Regierung den Plan vorgestellt."
    friday = date(2023, 8, 18)
    assert one(past, "Dienstag", reference=friday).value == "2023-08-15"
    assert one(future, "Freitag", reference=WEDNESDAY).value == "2023-08-18"
    assert one(also_past, "Freitag", reference=WEDNESDAY).value == "2023-08-11"
    assert one(past, "Dienstag", reference=friday).anchor == "document_date"


def test_timex_day_month_year_from_reference_and_tense() -> None:
    assert one("Am 15. August wurde gefeiert.", "15. August", reference=WEDNESDAY).value == "2023-08-15"
    january = date(2024, 1, 10)
    assert one("Am 28. Dezember hatte er unterschrieben.", "28. Dezember", reference=january).value == "2023-12-28"


def test_timex_without_reference_keeps_placeholders() -> None:
    text = "Am Dienstag, dem 15. August, erinnerte er an den Jahrestag. Am Montag reiste er ab."
    found = find_timexes(text)
    assert [(t.text, t.value, t.anchor) for t in found] == [
        ("Dienstag, dem 15. August", "XXXX-08-15", "unresolved"),
        ("Montag", "XXXX-WXX-1", "unresolved"),
    ]
    assert parse_value("XXXX-08-15") == (None, 8, 15)


def test_timex_deictic_words_in_narratives_mean_nowadays() -> None:
    timex = one("Die Stadt heißt heute anders.", "heute", reference=WEDNESDAY, anchoring="narrative")
    assert timex.value == "PRESENT_REF"


def test_timex_word_die_is_not_a_weekday() -> None:
    assert find_timexes("Die Mitte der Stadt, die mit dem Fluss wächst.") == []


# ----------------------------------------------------------------------------------------------------------------
# English


def test_timex_english_dates_and_deixis() -> None:
    text = (
        "On Tuesday the ministers met. The vote will take place next Friday. Two weeks ago talks failed; "
        "the treaty of May 2, 2013 expired in late 2019, and yesterday a new draft appeared."
    )
    found = dict(values(text, language="en", reference=WEDNESDAY))
    assert found["Tuesday"] == "2023-08-15"
    assert found["next Friday"] == "2023-08-18"
    assert found["Two weeks ago"] == "2023-W31"
    assert found["May 2, 2013"] == "2013-05-02"
    assert found["late 2019"] == "2019"
    assert found["yesterday"] == "2023-08-15"
    assert one(text, "late 2019", language="en").mod == "END"


def test_timex_english_relative_to_previous_and_durations() -> None:
    text = "On 5 June 2020 the siege began. Two days later the town fell; the war lasted three years."
    found = dict(values(text, language="en", anchoring="narrative"))
    assert found == {"5 June 2020": "2020-06-05", "Two days later": "2020-06-07", "three years": "P3Y"}


def test_timex_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError):
        find_timexes("x", language="xx")


# ----------------------------------------------------------------------------------------------------------------
# Offsets and speed


_ARTICLE = (
    "Berlin – Am Dienstag haben sich die Minister getroffen. Seit dem 24. Februar 2022 hat sich viel verändert, "
    "sagte sie. Im Juni reiste die Delegation nach Paris, Ende Juli folgte ein Gegenbesuch. Die nächste Sitzung "
    "wird am Freitag stattfinden; bereits vor zwei Wochen waren 1500 Beobachter angereist. Der Konflikt dauert "
    "seit mehr als drei Jahren an, im vergangenen Jahr starben Hunderte. Zwischen 2014 und 2019 gab es "
    "Verhandlungen, die im Herbst 2019 scheiterten. "
)


def test_timex_offsets_are_exact_everywhere() -> None:
    text = _ARTICLE * 3
    for language in ("de", "en"):
        for timex in find_timexes(text, language=language, reference=WEDNESDAY):
            assert text[timex.start : timex.end] == timex.text
            assert timex.start < timex.end


def test_timex_clock_time_takes_the_day_its_sentence_talks_about() -> None:
    text = "In der Nacht zum 15. Juli 2021 stieg das Wasser. Gegen 23 Uhr brach der Damm. Das Amt ist heute offen."
    assert one(text, "23 Uhr", reference=date(2023, 3, 20)).value == "2021-07-15T23:00"
    later = "Die Flut kam 2021. Das Rathaus ist wieder offen. Der Rat tagt um 10 Uhr."
    assert one(later, "10 Uhr", reference=date(2023, 3, 20)).value == "2023-03-20T10:00"


def test_timex_shift_from_a_dated_happening_is_a_date() -> None:
    ref = date(2023, 3, 20)
    dated = "Die SVB brach am 10. März zusammen. Zwei Tage nach der SVB-Pleite fielen die Kurse."
    assert one(dated, "Zwei Tage nach der SVB-Pleite", reference=ref).value == "2023-03-12"
    assert one("Zwei Tage vor dem 10. März kam er.", "Zwei Tage", reference=ref).value == "2023-03-08"
    undated = one("Zwei Tage nach der SVB-Pleite fielen die Kurse.", "Zwei Tage nach der SVB-Pleite", reference=ref)
    assert (undated.type, undated.value, undated.anchor) == ("DATE", "XXXX-XX-XX", "unresolved")
    assert one("Er kam 15 Tage nach einem Angriff.", "15 Tage").value == "P15D"  # indefinite: a duration


def test_timex_duration_ranges_are_caught_whole() -> None:
    assert values("Die Reparatur dauert vier bis fünf Wochen.") == [("vier", "P4W"), ("fünf Wochen", "P5W")]
    assert values("Sie dauerte 18-20 Stunden.") == [("18", "PT18H"), ("20 Stunden", "PT20H")]


def test_timex_named_days_from_the_data_file() -> None:
    text = "Die Botschaft kam anlässlich des russischen Nationalfeiertags, wie zum Tag der Befreiung Koreas."
    assert values(text) == [("russischen Nationalfeiertags", "XXXX-06-12"), ("Tag der Befreiung Koreas", "XXXX-08-15")]
    unity = one("Am Tag der Deutschen Einheit 1990 feierten sie.", "Tag der Deutschen Einheit 1990")
    assert unity.value == "1990-10-03"
