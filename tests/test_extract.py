"""HTML extraction: article text without page furniture, metadata, the fallback cascade and pages with no article."""

from __future__ import annotations

import pytest

from newsdesk.extract import MIN_TEXT_CHARS, ExtractedHtml, extract_html
from newsdesk.model import SourceDocument, SourceProblem

PARAGRAPHS = [
    (
        "Nach drei Jahren Bauzeit ist die neue Fußgängerbrücke über die Saale am Montagvormittag freigegeben "
        "worden. Rund 400 Menschen kamen zur Eröffnung an das Ufer im Stadtteil Kröllwitz."
    ),
    (
        "Die Brücke ersetzt einen maroden Steg aus den sechziger Jahren, der seit 2019 gesperrt war. Die Baukosten "
        "lagen mit 9,8 Millionen Euro knapp über der ursprünglichen Planung."
    ),
    (
        "„Endlich kommen die Menschen wieder trockenen Fußes auf die andere Seite“, sagte die Oberbürgermeisterin "
        "bei der Eröffnung. Der Stadtrat hatte den Neubau im Jahr 2020 beschlossen."
    ),
    (
        "Für Radfahrer ist die Brücke ebenfalls freigegeben. Im Sommer soll ein Rundweg entlang beider Ufer "
        "folgen, teilte die Stadtverwaltung mit."
    ),
]

PAGE = f"""<!DOCTYPE html>
<html lang="de-DE">
<head>
<meta charset="utf-8">
<title>Neue Brücke über die Saale eröffnet | Saalebote</title>
<meta property="og:site_name" content="Saalebote">
<meta property="og:title" content="Neue Brücke über die Saale eröffnet">
<meta name="author" content="Marta Beispiel; Tom Muster">
<meta property="article:published_time" content="2024-03-12T07:45:00+01:00">
<link rel="canonical" href="https://www.saalebote.example/region/neue-bruecke">
<script>window.dataLayer = [];</script>
</head>
<body>
<header><a href="/">Startseite</a> <a href="/region">Region</a> <a href="/sport">Sport</a></header>
<nav><ul><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li></ul></nav>
<main><article>
<h1>Neue Brücke über die Saale eröffnet</h1>
{"".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)}
</article></main>
<aside><h3>Meistgelesen</h3><ul><li><a href="/a">Stau auf der A14 nach Unfall</a></li>
<li><a href="/b">Neues Café am Marktplatz</a></li></ul></aside>
<footer><p>© 2021–2024 Saalebote Verlag · <a href="/impressum">Impressum</a> · <a href="/daten">Datenschutz</a></p>
</footer>
</body>
</html>
"""

NO_ARTICLE = """<!DOCTYPE html><html lang="de"><head><title>Saalebote – Startseite</title></head><body>
<header><a href="/">Startseite</a> <a href="/region">Region</a></header>
<nav><ul><li><a href="/politik">Politik</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie"><p>Wir verwenden Cookies.</p><button>OK</button></div>
<footer><p>© 2024 Saalebote Verlag · Impressum</p></footer></body></html>"""


def html_doc(content: str, **metadata) -> SourceDocument:
    return SourceDocument(origin="page.html", content=content, content_type="html", **metadata)


def test_extracts_article_text_and_metadata() -> None:
    result = extract_html(html_doc(PAGE))
    assert isinstance(result, ExtractedHtml)
    assert result.method == "trafilatura"
    for paragraph in PARAGRAPHS:
        assert f"\n\n{paragraph}" in result.text  # one paragraph per line, blank lines between
    for furniture in ("Startseite", "Politik", "Meistgelesen", "Stau auf der A14", "Impressum", "dataLayer"):
        assert furniture not in result.text
    assert result.title == "Neue Brücke über die Saale eröffnet"
    assert result.authors == ("Marta Beispiel", "Tom Muster")
    assert result.published == "2024-03-12T07:45:00+01:00"  # the time of day is kept
    assert result.outlet == "Saalebote"
    assert result.url == "https://www.saalebote.example/region/neue-bruecke"
    assert result.language == "de"


def test_source_metadata_wins_over_the_page() -> None:
    doc = html_doc(PAGE, title="Brücke eröffnet", authors=("Feed Autorin",), published="2024-03-11",
                   outlet="Saale-Feed", url="https://feed.example/1", language="de")  # fmt: skip
    result = extract_html(doc)
    assert (result.title, result.authors, result.published) == ("Brücke eröffnet", ("Feed Autorin",), "2024-03-11")
    assert (result.outlet, result.url) == ("Saale-Feed", "https://feed.example/1")


def test_page_without_article_is_a_problem() -> None:
    assert extract_html(html_doc(NO_ARTICLE)) == SourceProblem("page.html", "no article text found in HTML")
    assert extract_html(html_doc("   ")) == SourceProblem("page.html", "HTML is empty")


def test_copyright_year_is_not_taken_for_a_publication_date() -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2024-03-12T07:45:00+01:00">', "")
    assert extract_html(html_doc(page)).published is None


def test_date_from_json_ld_and_xml_declaration() -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2024-03-12T07:45:00+01:00">',
                        '<script type="application/ld+json">{"@type": "NewsArticle", '
                        '"datePublished": "2024-03-10T18:00:00+01:00"}</script>')  # fmt: skip
    result = extract_html(html_doc('<?xml version="1.0" encoding="utf-8"?>\n' + page))
    assert result.published == "2024-03-10T18:00:00+01:00"
    assert PARAGRAPHS[0] in result.text


def test_feed_snippets_are_accepted_even_when_short() -> None:
    teaser = extract_html(html_doc("<p>Die Brücke über die Saale ist offen.</p>", title="Brücke offen"))
    assert isinstance(teaser, ExtractedHtml) and teaser.text == "Die Brücke über die Saale ist offen."
    assert len(teaser.text) < MIN_TEXT_CHARS and teaser.title == "Brücke offen"
    lines = extract_html(html_doc("Erster Absatz über die Brücke.<br><br>Zweiter Absatz, <b>fett</b> gesetzt."))
    assert lines.text == "Erster Absatz über die Brücke.\n\nZweiter Absatz, fett gesetzt."


def test_fallback_to_justext_then_lxml(monkeypatch: pytest.MonkeyPatch) -> None:
    import justext
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    by_justext = extract_html(html_doc(PAGE))
    assert by_justext.method == "justext"
    assert PARAGRAPHS[2] in by_justext.text and "Impressum" not in by_justext.text
    assert by_justext.published == "2024-03-12T07:45:00+01:00" and by_justext.outlet == "Saalebote"

    def broken(*args, **kwargs):
        raise RuntimeError("jusText broke")

    monkeypatch.setattr(justext, "justext", broken)
    by_lxml = extract_html(html_doc(PAGE))
    assert by_lxml.method == "lxml"
    assert by_lxml.text == "\n\n".join(PARAGRAPHS)  # the <p> elements outside header, nav, aside and footer
