"""Extraction and cleaning on hostile real-world shapes (issue 19): pages whose top is in another language than the
body, feed items that are only a headline and a summary, titles with site suffixes, outlets posing as authors,
tables and "… mehr" teaser links. All fixtures are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.clean import clean_authors, clean_text, clean_title
from newsdesk.ingest import build_article
from newsdesk.model import Article, SourceDocument, SourceProblem
from newsdesk.sources import iter_sources

GERMAN = [
    "Der Gemeinderat von Delmsen hat am Dienstagabend beschlossen, die alte Brücke über die Velme abzureißen und "
    "bis zum Jahr 2027 durch einen Neubau zu ersetzen.",
    "Die Kosten für das Vorhaben schätzt die Verwaltung auf rund elf Millionen Euro, von denen das Land einen "
    "großen Teil übernehmen soll, wie der Bürgermeister nach der Sitzung sagte.",
    "Während der Bauzeit sollen Fußgänger und Radfahrer eine Behelfsbrücke nutzen können, die bereits im "
    "kommenden Frühjahr aufgebaut wird und etwa zwei Jahre lang stehen bleibt.",
    "Anwohner hatten sich in einer Bürgerversammlung für den Neubau ausgesprochen, weil die alte Brücke seit "
    "Jahren nur noch mit Einschränkungen befahren werden darf und immer wieder gesperrt war.",
    "Der Naturschutzbund verlangt, dass die Arbeiten außerhalb der Brutzeit der Vögel am Ufer stattfinden, und "
    "will die Pläne in den nächsten Wochen genau prüfen, bevor er eine Stellungnahme abgibt.",
    "Die Ausschreibung für den Neubau soll noch vor dem Sommer beginnen; mit einer Vergabe rechnet die "
    "Verwaltung im Herbst, sofern bis dahin alle Genehmigungen der Wasserbehörde vorliegen.",
]
WARNINGS = [
    "Warning: Undefined variable $sidebar in /var/www/html/wp-content/themes/portal/header.php on line 42",
    "Warning: Cannot modify header information - headers already sent by output started at /var/www/html/index.php",
    "Notice: Trying to access array offset on value of type null in /var/www/html/wp-includes/widgets.php on line 7",
    "Deprecated: The function get_currentuserinfo is deprecated since version 4.5 and will be removed soon",
]


def _article(result: object) -> Article:
    assert isinstance(result, Article), result
    return result


# -- case 5: the article language is the declared one, else the body's majority; the majority is never removed


def test_german_page_with_english_php_warnings_on_top_keeps_its_german_body() -> None:
    warnings = [f"{warning} (request {number})" for number in range(2) for warning in WARNINGS]
    text = "\n\n".join(warnings + GERMAN)  # the warnings fill the top, the German body is the majority
    cleaned = clean_text(text)
    assert cleaned.language == "de"
    assert all(paragraph in cleaned.text for paragraph in GERMAN)
    assert not any(line.rule == "foreign_language" and "Gemeinderat" in line.text for line in cleaned.removed)


def test_declared_language_wins_and_the_majority_is_never_removed() -> None:
    page = "<html lang=\"en\"><body><article>" + "".join(f"<p>{p}</p>" for p in GERMAN) + "</article></body></html>"
    article = _article(build_article(SourceDocument("page.html", page, "html")))
    assert article.language == "en"  # declared by the page
    assert all(paragraph in article.text for paragraph in GERMAN)
    assert not [line for line in article.removed if line.rule == "foreign_language"]


def test_declared_html_language_reaches_cleaning_and_a_minority_line_can_go() -> None:
    english = "If you enjoyed reading this post, would you consider supporting our work with a small donation today?"
    page = ("<html lang=\"de\"><body><article>" + "".join(f"<p>{p}</p>" for p in GERMAN) + f"<p>{english}</p>"
            "</article></body></html>")
    article = _article(build_article(SourceDocument("page.html", page, "html")))
    assert article.language == "de"
    assert all(paragraph in article.text for paragraph in GERMAN)
    assert [line.text for line in article.removed if line.rule == "foreign_language"] == [english]


# -- case 6: feed items with a headline and a short summary are short articles, marked as such

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Velmetaler Anzeiger</title><link>https://anzeiger.example/</link>
<language>de</language>
<item><title>Neue Brücke in Delmsen eröffnet</title><link>https://anzeiger.example/a</link>
<description>Neue Brücke in Delmsen eröffnet</description></item>
<item><title>Fähre fällt aus</title><link>https://anzeiger.example/b</link>
<description>&lt;img src="f.jpg"/&gt;&lt;p&gt;Wegen eines Maschinenschadens bleibt die Fähre im Hafen. &lt;a
 href="https://anzeiger.example/b"&gt;mehr&lt;/a&gt;&lt;/p&gt;</description></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Velme-Kurier</title>
<link href="https://kurier.example/"/>
<entry><title>Stadtrat tagt am Dienstag</title><link href="https://kurier.example/a"/>
<updated>2024-06-03T08:00:00Z</updated><summary>Der Stadtrat berät über den Haushalt. Lesen Sie mehr</summary></entry>
<entry><title>Freibad öffnet</title><link href="https://kurier.example/b"/>
<content type="html">&lt;p&gt;Das Freibad in Delmsen öffnet am Samstag, teilte die Stadt mit. Der Eintritt
 bleibt wie im Vorjahr bei vier Euro für Erwachsene und zwei Euro für Kinder.&lt;/p&gt;</content></entry>
</feed>
"""


def _feed_articles(path: Path) -> list[Article | object]:
    return [build_article(doc) if isinstance(doc, SourceDocument) else doc for doc in iter_sources([str(path)])]


def test_rss_items_with_headline_and_summary_are_short_articles(tmp_path: Path) -> None:
    feed = tmp_path / "anzeiger.rss"
    feed.write_text(RSS, encoding="utf-8")
    first, second = map(_article, _feed_articles(feed))
    assert first.text == "Neue Brücke in Delmsen eröffnet" and "feed summary only" in first.notes
    assert second.text == "Wegen eines Maschinenschadens bleibt die Fähre im Hafen."
    assert "feed summary only" in second.notes


def test_atom_summary_is_a_short_article_and_full_content_is_not_marked(tmp_path: Path) -> None:
    feed = tmp_path / "kurier.atom"
    feed.write_text(ATOM, encoding="utf-8")
    summary, full = map(_article, _feed_articles(feed))
    assert summary.text == "Der Stadtrat berät über den Haushalt." and "feed summary only" in summary.notes
    assert summary.title == "Stadtrat tagt am Dienstag"
    assert not any(note.startswith("feed ") for note in full.notes)


# -- case 14: titles, authors, tables, teaser debris


@pytest.mark.parametrize(
    ("title", "sites", "headline", "expected"),
    [
        ("Brücke in Delmsen gesperrt | Velme-Zeitung", ("Velme-Zeitung",), None, "Brücke in Delmsen gesperrt"),
        ("Brücke gesperrt – VK – 13.06.2023", ("Velme Kurier",), None, "Brücke gesperrt"),
        ("Neue Chips im Test - Rechner.de", ("rechner.de",), None, "Neue Chips im Test"),
        ("Börsen im Minus | Börsen-Blatt", ("boersen-blatt.example",), None, "Börsen im Minus"),
        ("Velmetal: Fähre fällt aus - Kurier", (), "Velmetal: Fähre fällt aus", "Velmetal: Fähre fällt aus"),
        ("Merz: Die Union steht zusammen", ("Kurier",), None, "Merz: Die Union steht zusammen"),
        ("Streit um A - B - Trasse", ("Kurier",), None, "Streit um A - B - Trasse"),
        ("Kurier", ("Kurier",), None, "Kurier"),
    ],
)
def test_clean_title_strips_site_suffixes_only(title: str, sites: tuple[str, ...], headline: str | None,
                                               expected: str) -> None:
    assert clean_title(title, sites=sites, headlines=(headline,) if headline else ()) == expected


def test_clean_authors_drops_outlets_and_prefixes() -> None:
    names = ["Autor Monika Beispiel", "Von Tom Muster", "By Jane Example", "Velme Kurier",
             "Frankfurter Rundblick Zeitung GmbH", "Anna von Wegen", "dpa"]
    assert clean_authors(names, sites=("VK",)) == ["Monika Beispiel", "Tom Muster", "Jane Example",
                                                   "Anna von Wegen", "dpa"]


def test_page_title_and_authors_are_cleaned_and_tables_kept_as_rows() -> None:
    page = """<html lang="de"><head><title>Neue Tarife der Stadtwerke | Velme-Kurier</title>
<meta property="og:site_name" content="Velme-Kurier"><meta name="author" content="Velme-Kurier GmbH">
</head><body><article><h1>Neue Tarife der Stadtwerke</h1>
<p>Die Stadtwerke Delmsen haben am Montag die neuen Tarife für das kommende Jahr veröffentlicht, wie ein Sprecher
des Unternehmens mitteilte.</p>
<table><tr><th>Tarif</th><th>Preis im Monat</th></tr><tr><td>Basis</td><td>29,90 Euro</td></tr>
<tr><td>Komfort</td><td>39,90 Euro</td></tr></table>
<p>Die Preise gelten ab dem ersten Januar für alle Haushalte in der Stadt und im Umland der Gemeinde, teilten
die Stadtwerke weiter mit.</p></article></body></html>"""
    article = _article(build_article(SourceDocument("tarife.html", page, "html")))
    assert article.title == "Neue Tarife der Stadtwerke"
    assert article.authors == []
    assert "Basis | 29,90 Euro\n\nKomfort | 39,90 Euro" in article.text
    assert "---" not in article.text


def test_more_links_and_glued_teasers_leave_the_body() -> None:
    text = "\n\n".join([GERMAN[0] + " … mehr", GERMAN[1], "Schon gelesen?", "Fähre nach Helgoland fällt aus",
                        "Mehr Themen:", "Zum Weiterlesen"])
    cleaned = clean_text(text, language="de")
    assert cleaned.text == f"{GERMAN[0]}\n\n{GERMAN[1]}"


def test_control_character_references_in_html_do_not_break_extraction() -> None:
    # found by bench/fuzz_parsers.py: lxml refused the text node trafilatura built from "&#x1b;" before a table
    assert isinstance(build_article(SourceDocument("fuzz.html", "&#x1b;<table><tr><td>", content_type="html")),
                      SourceProblem)
    html = ("<html><body><article>&#x1b;&#0;&#1114112;<table><tr><td>Zelle</td></tr></table>"
            + "<p>Der Gemeinderat hat am Abend die neue Satzung für den Markt beschlossen und veröffentlicht.</p>" * 4
            + "</article></body></html>")
    result = build_article(SourceDocument("fuzz.html", html, content_type="html"))
    assert not isinstance(result, SourceProblem)
    assert "Satzung" in result.text and "\x1b" not in result.text
