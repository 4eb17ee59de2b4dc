"""Text that reaches the desk is plain: no lone surrogates, terminal escapes or markup in metadata."""

from newsdesk.ingest import build_article
from newsdesk.model import SourceDocument
from newsdesk.plaintext import plain_field, plain_text

BODY = ("Der Stadtrat hat am Montag beschlossen, dass die Brücke saniert wird. Die Arbeiten sollen im Herbst "
        "beginnen und ein Jahr dauern.\n\nDie Kosten trägt zum größten Teil das Land.")


def test_plain_text_removes_escapes_controls_and_surrogates():
    assert plain_text("a\x1b]0;owned\x07b\x1b[31mc\x1b[0m\x00d\ud800e\r\nf") == "abcd\ufffde\nf"


def test_plain_field_strips_markup_and_keeps_comparisons():
    assert plain_field('<img src=x onerror="alert(1)">Anna Muster') == "Anna Muster"
    assert plain_field("<script>alert(1)</script>Kurier") == "Kurier"
    assert plain_field("&lt;script&gt;alert(1)&lt;/script&gt;Kurier") == "Kurier"
    assert plain_field("Preis < 5 Euro") == "Preis < 5 Euro"
    assert plain_field("\x1b[2J") is None


def test_build_article_stores_plain_text_only():
    doc = SourceDocument("hostile.json", BODY.replace("Montag", "Montag \ud800\x1b]0;owned\x07"),
                         title="Brücke \x1b[31mwird saniert\ud800", authors=("<b>Anna</b> Muster",),
                         outlet="<script>x</script>Kurier")
    article = build_article(doc)
    assert "\x1b" not in article.text and "\ud800" not in article.text
    assert article.title == "Brücke wird saniert\ufffd"
    assert article.authors == ["Anna Muster"]
    assert article.outlet == "Kurier"


def test_markup_loses_references_to_control_characters_only():
    from newsdesk.plaintext import markup_without_control_references

    assert markup_without_control_references("a&#x1b;b&#0;c&#9;d&#228;e&#x110000;f&#xD800;g") == "abc&#9;d&#228;efg"
