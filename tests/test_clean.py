"""Cleaning of scraped plain-text articles (newsdesk.clean): every rule on invented German and English snippets."""

from __future__ import annotations

import pytest

from newsdesk.clean import RULE_NAMES, CleanedText, clean_text, normalize_line
from newsdesk.lang.rules import available_languages, load_rules

BODY_DE = [
    (
        "Die Stadtwerke Lindenau verlangen ab April rund zwölf Prozent mehr für Fernwärme. Das teilte das Unternehmen "
        "am Dienstag mit, nachdem der Aufsichtsrat der Erhöhung zugestimmt hatte."
    ),
    (
        "Schon im vergangenen Herbst hatte der Versorger die Preise angehoben. „Wir geben nur die gestiegenen Kosten "
        "weiter“, sagte Sprecherin Jana Probe am Rande der Sitzung."
    ),
    (
        "Der Mieterverein kündigte an, die neuen Tarife von einem Gutachter prüfen zu lassen. Eine Entscheidung über "
        "mögliche Klagen soll im Sommer fallen."
    ),
]
BODY_EN = [
    (
        "The city council of Port Elden voted on Tuesday to close the old harbour bridge for six weeks of repairs, "
        "after engineers found corroded cables during a routine inspection."
    ),
    (
        "Ferries will run every twenty minutes while the bridge is shut, a spokesperson for the transport authority "
        "said, adding that cyclists could use the ferries free of charge."
    ),
    (
        "Work is expected to begin in early May and to cost about four million pounds, according to figures "
        "published by the council on its website."
    ),
]

ARTICLE_DE = "\n\n".join([
    "1. Startseite",
    "  2. Lokales",
    "Stadtwerke Lindenau erhöhen die Preise für Fernwärme",
    "Erstellt: 12.03.2024, 14:05 Uhr",
    "Aktualisiert: 12.03.2024, 16:30 Uhr",
    "Von: Clara Muster und Tom Beispiel",
    "Kommentare",
    ("Ein Heizkraftwerk am Stadtrand von Lindenau (Archivbild).\n"
     "Ein Heizkraftwerk am Stadtrand von Lindenau. (Archivfoto) © Lindenauer Bote/Max Mustermann"),
    BODY_DE[0],
    "Lesen Sie auch: Warum Lindenau keine Straßenbahn bekommt",
    "Preise steigen zum zweiten Mal",
    BODY_DE[1],
    "Mehr zum Thema – Fernwärme in der Region",
    BODY_DE[2] + " (cm)",
    "Auch interessant",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
])  # fmt: skip

ARTICLE_EN = "\n\n".join([
    "Home > News > Local",
    "Harbour bridge closes for six weeks of repairs",
    "By Sam Example and Dana Brooks",
    "Published: Aug 15, 2023",
    "The old bridge seen from the ferry terminal. Photo: Lee Sample/Port Elden Times",
    BODY_EN[0],
    "Read more: Why the ferry timetable is changing",
    BODY_EN[1],
    "Advertisement",
    BODY_EN[2],
    "Share this:",
    "Leave a Reply",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
])  # fmt: skip


def paragraphs(result: CleanedText) -> list[str]:
    return result.text.split("\n\n") if result.text else []


def assert_invariant(source: str, result: CleanedText) -> None:
    """Every non-blank input line is in the text (less any recorded fragments) or removed as a whole."""
    kept = set(paragraphs(result))
    for number, raw in enumerate(source.split("\n"), start=1):
        line = normalize_line(raw)
        if not line:
            continue
        records = [r for r in result.removed if r.line == number]
        if any(normalize_line(r.text) == line for r in records):
            continue
        rest = line
        for record in records:
            assert normalize_line(record.text) in rest, (number, record, rest)
            rest = normalize_line(rest.replace(normalize_line(record.text), " ", 1))
        rest = normalize_line(rest)
        assert not rest or rest in kept, (number, line, rest)
    assert all(r.rule in RULE_NAMES for r in result.removed)
    assert [r.line for r in result.removed] == sorted(r.line for r in result.removed)


def rule_for(line: str, language: str = "de") -> str | None:
    """Insert ``line`` between body paragraphs; the rule that removed it, or None when it stayed."""
    body = BODY_DE if language == "de" else BODY_EN
    source = "\n\n".join([body[0], line, body[1], body[2]])
    result = clean_text(source, language=language)
    assert_invariant(source, result)
    rules = [r.rule for r in result.removed if r.line == 3]
    return rules[0] if rules else None


# ----------------------------------------------------------------------------------------------------------------
# Whole articles


def test_german_article_title_authors_date_and_debris() -> None:
    result = clean_text(ARTICLE_DE)
    assert_invariant(ARTICLE_DE, result)
    assert result.title == "Stadtwerke Lindenau erhöhen die Preise für Fernwärme"
    assert result.authors == ["Clara Muster", "Tom Beispiel"]
    assert result.published == "2024-03-12T14:05:00"
    assert result.language == "de"
    assert paragraphs(result) == [BODY_DE[0], "Preise steigen zum zweiten Mal", BODY_DE[1], BODY_DE[2]]
    rules = {r.text: r.rule for r in result.removed}
    assert rules["1. Startseite"] == rules["2. Lokales"] == "breadcrumb"
    assert rules["Stadtwerke Lindenau erhöhen die Preise für Fernwärme"] == "title"
    assert rules["Von: Clara Muster und Tom Beispiel"] == "byline"
    assert rules["Erstellt: 12.03.2024, 14:05 Uhr"] == "dateline"
    assert rules["Kommentare"] == "comments"
    assert rules["(cm)"] == "author_tag"
    assert rules["Leave a Reply"] == "comments"
    assert {rules["Lesen Sie auch: Warum Lindenau keine Straßenbahn bekommt"], rules["Auch interessant"]} == {"teaser"}
    assert rules["Ein Heizkraftwerk am Stadtrand von Lindenau (Archivbild)."] in ("photo_caption", "photo_credit")


def test_english_article_title_authors_date_and_debris() -> None:
    result = clean_text(ARTICLE_EN)
    assert_invariant(ARTICLE_EN, result)
    assert result.language == "en"
    assert result.title == "Harbour bridge closes for six weeks of repairs"
    assert result.authors == ["Sam Example", "Dana Brooks"]
    assert result.published == "2023-08-15"
    assert paragraphs(result) == BODY_EN
    rules = {r.rule for r in result.removed}
    assert {"breadcrumb", "title", "byline", "dateline", "photo_credit", "teaser", "advert", "social_embed",
            "comments"} <= rules  # fmt: skip


def test_given_title_drops_matching_first_line_only() -> None:
    result = clean_text(ARTICLE_DE, title="Stadtwerke Lindenau erhöhen die Preise für Fernwärme")
    assert result.title is None
    assert ("title", "Stadtwerke Lindenau erhöhen die Preise für Fernwärme") in {
        (r.rule, r.text) for r in result.removed
    }
    other = clean_text(ARTICLE_DE, title="Ganz anderer Titel")
    assert other.title is None
    assert "Stadtwerke Lindenau erhöhen die Preise für Fernwärme" in paragraphs(other)
    assert_invariant(ARTICLE_DE, other)


def test_empty_and_debris_only_input() -> None:
    assert clean_text("").text == ""
    assert clean_text("   \n\n \t").removed == []
    only = clean_text("Kommentare\n\nLeave a Reply\n", language="de")
    assert only.text == "" and [r.rule for r in only.removed] == ["comments", "comments"]


def test_paragraphs_normalised_and_crlf() -> None:
    source = "Überschrift mit  Leerzeichen\r\n\r\n" + BODY_DE[0].replace(" ", "  \t") + "\r\n" + BODY_DE[1]
    result = clean_text(source, language="de")
    assert result.title == "Überschrift mit Leerzeichen"
    assert result.text == BODY_DE[0] + "\n\n" + BODY_DE[1]
    assert_invariant(source, result)


# ----------------------------------------------------------------------------------------------------------------
# Single rules


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Startseite > Politik > Ausland", "breadcrumb"),
        ("Von: Anna Beispiel", "byline"),
        ("Von Anna Beispiel und Bernd Muster", "byline"),
        ("Ein Kommentar von Anna Beispiel", "byline"),
        ("Erstellt: 15.08.2023, 10:12 Uhr", "dateline"),
        ("Stand: 15.08.2023", "dateline"),
        ("Aktualisiert am 16. August 2023 um 08:00 Uhr", "dateline"),
        ("© Lindenauer Bote/Max Mustermann", "photo_credit"),
        ("Foto: Max Mustermann", "photo_credit"),
        ("Der Bürgermeister bei der Sitzung. Foto: Max Mustermann", "photo_credit"),
        ("Das Rathaus von Lindenau (Symbolbild).", "photo_caption"),
        ("Lesen Sie auch: Warum Lindenau keine Straßenbahn bekommt", "teaser"),
        ("Mehr zum Thema – Fernwärme in der Region", "teaser"),
        ("Auch interessant", "teaser"),
        ("Das könnte Sie auch interessieren", "teaser"),
        ("Kommentare", "comments"),
        ("3 Kommentare", "comments"),
        ("Leave a Reply", "comments"),
        ("Your email address will not be published. Required fields are marked *", "comments"),
        ("This site uses Akismet to reduce spam. Learn how your comment data is processed.", "comments"),
        ("Teilen auf Facebook", "social_embed"),
        ("Facebook Twitter WhatsApp E-Mail", "social_embed"),
        ("Erfundener Tweet über Lindenau pic.twitter.com/AbCdEf1234 — Anna Example (@annaexample) March 12, 2024",
         "social_embed"),
        ("Anzeige", "advert"),
        ("Jetzt den Lindenau-Newsletter kostenlos abonnieren", "advert"),
        ("Artikel anhören", "widget"),
    ],
)  # fmt: skip
def test_german_debris_rules(line: str, rule: str) -> None:
    assert rule_for(line, "de") == rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Home > News > World", "breadcrumb"),
        ("By Sam Example", "byline"),
        ("By Sam Example and Dana Brooks, Reuters", "byline"),
        ("Published: Aug 15, 2023", "dateline"),
        ("Updated 10:12 PM EDT, August 15, 2023", "dateline"),
        ("Photo: Lee Sample", "photo_credit"),
        ("The ferry terminal at dawn. (AP Photo/Lee Sample)", "photo_credit"),
        ("The ferry terminal at dawn (File photo)", "photo_caption"),
        ("Read more: Why the ferry timetable is changing", "teaser"),
        ("Related: Council approves budget", "teaser"),
        ("Leave a Reply", "comments"),
        ("Kommentare", "comments"),
        ("Share on Facebook", "social_embed"),
        ("Advertisement", "advert"),
        ("Sign up for our morning newsletter to get the news in your inbox", "advert"),
    ],
)
def test_english_debris_rules(line: str, rule: str) -> None:
    assert rule_for(line, "en") == rule


@pytest.mark.parametrize(
    "line",
    [
        "Von den zwanzig Ländern waren am Ende nur drei in Lindenau vertreten.",
        "Von Angela Beispiel, der damaligen Bürgermeisterin, stammt der Plan.",
        "Auch interessant ist, dass der Rat am Ende einstimmig entschied.",
        "Stand der Dinge ist, dass bisher niemand die Mehrkosten zahlen will.",
        "Das Foto zeigt den Bürgermeister bei der Eröffnung im Jahr 2019.",
        "Lesen und Schreiben lernen die Kinder in Lindenau schon früh.",
        "Kommentare im Netz fielen überwiegend kritisch aus, wie eine Auswertung zeigt.",
        "Zwischenüberschrift ohne Punkt",
    ],
)
def test_body_lines_that_look_like_debris_stay(line: str) -> None:
    assert rule_for(line, "de") is None


def test_numbered_headline_is_not_a_breadcrumb() -> None:
    source = "1. FC Lindenau gewinnt das Derby gegen Neustadt\n\n" + "\n\n".join(BODY_DE)
    result = clean_text(source, language="de")
    assert result.title == "1. FC Lindenau gewinnt das Derby gegen Neustadt"


def test_duplicated_caption_and_caption_before_credit() -> None:
    source = "\n\n".join([
        BODY_DE[0],
        "Der neue Radweg an der Hauptstraße in Lindenau wurde im Mai eröffnet\nFoto: Max Mustermann",
        BODY_DE[1],
        ("Bürgermeisterin Petra Haldemann bei der Eröffnung des Radwegs.\n"
         "Bürgermeisterin Petra Haldemann bei der Eröffnung des Radwegs. © Lindenauer Bote"),
        BODY_DE[2],
    ])  # fmt: skip
    result = clean_text(source, language="de")
    assert paragraphs(result) == BODY_DE
    assert [r.rule for r in result.removed] == ["photo_caption", "photo_credit", "photo_caption", "photo_credit"]
    assert_invariant(source, result)


def test_markup_fragment_is_cut_from_the_line() -> None:
    source = "\n\n".join([BODY_DE[0], BODY_DE[1] + "</Lokalpolitik", "<b>" + BODY_DE[2] + "</b>"])
    result = clean_text(source, language="de")
    assert paragraphs(result) == BODY_DE
    assert {(r.line, r.text, r.rule) for r in result.removed} == {
        (3, "</Lokalpolitik", "markup"), (5, "<b>", "markup"), (5, "</b>", "markup")}  # fmt: skip
    assert_invariant(source, result)


def test_title_with_glued_teaser() -> None:
    source = "Stadtwerke erhöhen die Preise Lesen Sie auch: Warum Lindenau keine Straßenbahn bekommt\n\n" + "\n\n".join(
        BODY_DE
    )
    result = clean_text(source, language="de")
    assert result.title == "Stadtwerke erhöhen die Preise"
    assert [(r.rule, r.text) for r in result.removed] == [
        ("title", "Stadtwerke erhöhen die Preise"),
        ("teaser", "Lesen Sie auch: Warum Lindenau keine Straßenbahn bekommt"),
    ]
    assert_invariant(source, result)


def test_kicker_above_headline_goes_with_it() -> None:
    source = "Fernwärme\n\nStadtwerke Lindenau erhöhen die Preise\n\n" + "\n\n".join(BODY_DE)
    result = clean_text(source, language="de")
    assert result.title == "Stadtwerke Lindenau erhöhen die Preise"
    assert [(r.rule, r.text) for r in result.removed] == [("title", "Fernwärme"),
                                                         ("title", "Stadtwerke Lindenau erhöhen die Preise")]  # fmt: skip
    given = clean_text(source, language="de", title="Stadtwerke Lindenau erhöhen die Preise")
    assert given.title is None and paragraphs(given) == BODY_DE


def test_teaser_list_after_the_body() -> None:
    source = "\n\n".join([*BODY_DE, "Auch interessant", "Warum Lindenau keine Straßenbahn bekommt",
                          "Fernwärme: Was Mieter jetzt wissen müssen", "Kommentare"])  # fmt: skip
    result = clean_text(source, language="de")
    assert paragraphs(result) == BODY_DE
    assert [r.rule for r in result.removed] == ["teaser", "teaser", "teaser", "comments"]


def test_heading_after_teaser_inside_the_body_stays() -> None:
    source = "\n\n".join([BODY_DE[0], "Auch interessant", "Preise steigen zum zweiten Mal", BODY_DE[1]])
    result = clean_text(source, language="de")
    assert paragraphs(result) == [BODY_DE[0], "Preise steigen zum zweiten Mal", BODY_DE[1]]


def test_wordpress_footer_in_german_and_english() -> None:
    source = "\n\n".join([*BODY_DE, "Teilen:", "Facebook", "E-Mail", "Schreibe einen Kommentar",
                          "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
                          "Comment *", "Name *", "Save my name, email, and website in this browser for the next time I comment.",
                          "Post Comment"])  # fmt: skip
    result = clean_text(source)
    assert paragraphs(result) == BODY_DE
    assert {r.rule for r in result.removed} == {"social_embed", "comments"}


def test_category_line_under_english_headline() -> None:
    source = "\n\n".join(["Harbour bridge closes for repairs", "Posted in Europe, Transport", "By Sam Example",
                          *BODY_EN, "Tags: bridges, Port Elden, transport"])  # fmt: skip
    result = clean_text(source)
    assert result.title == "Harbour bridge closes for repairs" and result.authors == ["Sam Example"]
    assert paragraphs(result) == BODY_EN


def test_teaser_glued_to_end_of_body_line() -> None:
    source = "\n\n".join([BODY_DE[0] + " Lesen Sie auch: Warum Lindenau keine Straßenbahn bekommt", BODY_DE[1]])
    result = clean_text(source, language="de")
    assert paragraphs(result) == BODY_DE[:2]
    assert result.removed[0].rule == "teaser"


def test_headings_stay_and_are_not_titles() -> None:
    source = "\n\n".join([BODY_DE[0], "Preise steigen zum zweiten Mal", BODY_DE[1], "Was Mieter jetzt tun können",
                          BODY_DE[2]])  # fmt: skip
    result = clean_text(source, language="de")
    assert result.title is None
    assert paragraphs(result)[1] == "Preise steigen zum zweiten Mal"
    assert paragraphs(result)[3] == "Was Mieter jetzt tun können"
    assert result.removed == []


def test_title_needs_body_after_it_and_no_final_period() -> None:
    assert clean_text("Nur eine Überschrift\n\nNoch eine Zeile", language="de").title is None
    sentence_first = "Der Rat hat entschieden.\n\n" + "\n\n".join(BODY_DE)
    assert clean_text(sentence_first, language="de").title is None
    question = "Warum steigen die Preise schon wieder?\n\n" + "\n\n".join(BODY_DE)
    assert clean_text(question, language="de").title == "Warum steigen die Preise schon wieder?"


@pytest.mark.parametrize(
    ("tag", "authors", "byline"),
    [
        ("(lp)", [], None),
        ("(dpa)", ["dpa"], None),
        ("(AFP/dpa)", ["AFP", "dpa"], None),
        ("(Jan Beispiel)", ["Jan Beispiel"], None),
        ("(Jan Beispiel)", ["Anna Muster"], "Von: Anna Muster"),
        ("(lp)", ["Anna Muster"], "Von Anna Muster, dpa"),
    ],
)
def test_trailing_author_tag(tag: str, authors: list[str], byline: str | None) -> None:
    source = "\n\n".join(([byline] if byline else []) + BODY_DE[:2] + [BODY_DE[2] + " " + tag])
    result = clean_text(source, language="de")
    assert result.text.endswith(BODY_DE[2])
    assert ("author_tag", tag) in {(r.rule, r.text) for r in result.removed}
    assert result.authors == authors
    assert_invariant(source, result)


def test_parenthesis_inside_last_sentence_is_not_a_tag() -> None:
    last = "Das entschied am Ende die Europäische Union (EU)"
    result = clean_text("\n\n".join([*BODY_DE, last]), language="de")
    assert result.text.endswith(last) and not result.removed


def test_agency_byline_only_if_nothing_else() -> None:
    assert clean_text("Von dpa\n\n" + "\n\n".join(BODY_DE), language="de").authors == ["dpa"]
    assert clean_text("By Reuters\n\n" + "\n\n".join(BODY_EN), language="en").authors == ["Reuters"]


@pytest.mark.parametrize(
    ("line", "language", "published"),
    [
        ("Erstellt: 15.08.2023, 10:12 Uhr", "de", "2023-08-15T10:12:00"),
        ("Stand: 15.08.2023", "de", "2023-08-15"),
        ("Aktualisiert: 16.08.2023, 09:00 Uhr Erstellt: 15.08.2023, 10:12 Uhr", "de", "2023-08-15T10:12:00"),
        ("15. August 2023, 10:12 Uhr", "de", "2023-08-15T10:12:00"),
        ("Published: Aug 15, 2023", "en", "2023-08-15"),
        ("Updated 10:12 PM EDT, August 15, 2023", "en", "2023-08-15T22:12:00"),
        ("Published on 15 August 2023 at 9:05 am", "en", "2023-08-15T09:05:00"),
        ("Erstellt:", "de", None),
    ],
)
def test_dateline_parsing(line: str, language: str, published: str | None) -> None:
    body = BODY_DE if language == "de" else BODY_EN
    result = clean_text("\n\n".join([line, *body]), language=language)
    assert result.published == published
    assert [r.rule for r in result.removed] == ["dateline"]


def test_byline_with_date_or_agency_extra() -> None:
    result = clean_text("Von Anna Beispiel | 15.08.2023\n\n" + "\n\n".join(BODY_DE), language="de")
    assert result.authors == ["Anna Beispiel"] and result.published == "2023-08-15"
    newsroom = clean_text("Von: Lindenauer-Bote-Redaktion mit dpa\n\n" + "\n\n".join(BODY_DE), language="de")
    assert newsroom.authors == ["Lindenauer-Bote-Redaktion"] and newsroom.text == "\n\n".join(BODY_DE)


# ----------------------------------------------------------------------------------------------------------------
# Language


def test_language_detected_unless_given() -> None:
    assert clean_text("\n\n".join(BODY_DE)).language == "de"
    assert clean_text("\n\n".join(BODY_EN)).language == "en"
    assert clean_text("\n\n".join(BODY_EN), language="en").language == "en"
    assert clean_text("Kommentare").language is None


def test_foreign_line_removed_but_english_quote_in_german_sentence_kept() -> None:
    quote = ("Die Bürgermeisterin schrieb auf Englisch: „We will never give up on this city and its people“, "
             "und erntete dafür viel Zustimmung.")  # fmt: skip
    quoted_paragraph = "„We will never give up on this city and its people, whatever the cost may be.“"
    foreign = "Please enable JavaScript to view the comments powered by our discussion partner."
    source = "\n\n".join([BODY_DE[0], quote, quoted_paragraph, BODY_DE[1], foreign, BODY_DE[2]])
    result = clean_text(source)
    assert result.language == "de"
    assert paragraphs(result) == [BODY_DE[0], quote, quoted_paragraph, BODY_DE[1], BODY_DE[2]]
    assert [(r.rule, r.text) for r in result.removed] == [("foreign_language", foreign)]
    assert_invariant(source, result)


def test_regional_language_code_uses_base_rules() -> None:
    result = clean_text("Von: Anna Beispiel\n\n" + "\n\n".join(BODY_DE), language="de-DE")
    assert result.language == "de-DE" and result.authors == ["Anna Beispiel"]


def test_wrong_metadata_language_removes_nothing() -> None:
    """If the whole body is 'foreign', the given language is wrong, not the lines."""
    result = clean_text("\n\n".join(BODY_EN), language="de")
    assert paragraphs(result) == BODY_EN and result.language == "de"


def test_unknown_language_gets_shared_rules_only() -> None:
    body = ("Le conseil municipal a voté mardi la fermeture du vieux pont pendant six semaines pour des "
            "travaux de réparation urgents.")  # fmt: skip
    result = clean_text(f"{body}\n\nLeave a Reply\n\nKommentare")
    assert result.language == "fr"
    assert result.text == body
    assert [r.rule for r in result.removed] == ["comments", "comments"]


# ----------------------------------------------------------------------------------------------------------------
# Rule files


def test_rule_files_load_for_every_language() -> None:
    assert {"de", "en"} <= set(available_languages())
    for code in available_languages():
        rules = load_rules(code)
        assert rules is not None and rules.language == code
        assert load_rules(code) is rules  # cached
    assert load_rules("xx") is None and load_rules(None) is None


def test_rule_names_cover_the_documented_ones() -> None:
    """docs/export-format.md names these rules; the cleaner must use exactly these spellings."""
    assert {"title", "byline", "dateline", "breadcrumb", "teaser", "comments", "social_embed", "advert",
            "author_tag", "markup", "foreign_language", "photo_credit", "photo_caption"} <= set(RULE_NAMES)  # fmt: skip


def test_one_line_paragraph_keeps_its_sentences_around_an_inline_embed() -> None:
    # 10kGNAD and news-please records hold a whole article on one line: a tweet embed inside it must cost only
    # its own sentence, never the article.
    body = (
        "Die Fähre nach Helgoland fällt wegen eines Maschinenschadens bis Freitag aus. "
        "Die Reederei bietet Ersatzflüge an und erstattet die Tickets. "
        "Wir bitten um Verständnis pic.twitter.com/abc123XYZ. "
        "Wie lange die Reparatur dauert, konnte ein Sprecher noch nicht sagen. "
        "Die Inselgemeinde rechnet mit weniger Tagesgästen am Wochenende und bereitet sich auf Absagen vor. "
        "Hotels und Pensionen auf der Insel melden bereits erste Stornierungen für die kommenden Tage."
    )
    cleaned = clean_text(body, language="de")
    assert "Maschinenschadens" in cleaned.text and "Inselgemeinde" in cleaned.text
    assert "pic.twitter.com" not in cleaned.text
    assert [(line.rule, line.text) for line in cleaned.removed] == [
        ("social_embed", "Wir bitten um Verständnis pic.twitter.com/abc123XYZ.")
    ]


def test_given_title_is_not_matched_by_a_paragraph_that_continues_after_a_dash() -> None:
    body = ("Streik bei der Talbahn. Weserholz – Die Gewerkschaft hat am Dienstag zu einem ganztägigen Warnstreik "
            "aufgerufen, der den Verkehr auf allen Linien lahmlegt.")
    cleaned = clean_text(body, language="de", title="Streik bei der Talbahn. Weserholz")
    assert cleaned.text == body
