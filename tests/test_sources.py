"""The sources stage: every input format, encoding, path form and failure, with all data built in tmp_path."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources import iter_sources
from newsdesk.sources._common import human_size, split_authors, to_iso_date

BODY = "Die Stadt Lindenau baut eine neue Brücke über die Elster. Sie soll im Herbst 2026 fertig sein.\n"


def read(*paths: Path | str, **options) -> list[SourceDocument | SourceProblem]:
    return list(iter_sources([str(path) for path in paths], **options))


def docs(items: list) -> list[SourceDocument]:
    return [item for item in items if isinstance(item, SourceDocument)]


def problems(items: list) -> list[SourceProblem]:
    return [item for item in items if isinstance(item, SourceProblem)]


def put(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# --- plain text and encodings ---------------------------------------------------------------------------------


def test_plain_text_utf8(tmp_path: Path) -> None:
    path = put(tmp_path / "a.txt", "Titel\r\n\r\n" + BODY)
    [doc] = read(path)
    assert isinstance(doc, SourceDocument)
    assert (doc.origin, doc.content_type, doc.notes) == (str(path), "text", ())
    assert doc.content == "Titel\n\n" + BODY


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (b"\xef\xbb\xbf" + "Grüße aus Köln – 5 €".encode(), None),
        ("\ufeffGrüße aus Köln – 5 €".encode("utf-16-le"), "decoded as utf-16"),
        ("\ufeffGrüße aus Köln – 5 €".encode("utf-16-be"), "decoded as utf-16"),
        ("Grüße aus Köln – 5 €".encode("cp1252"), "decoded as cp1252"),
        ("Grüße aus Köln – 5 €\nDer Bürgermeister äußerte sich.".encode("cp1252"), "decoded as cp1252"),
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, note: str | None) -> None:
    [doc] = read(put(tmp_path / "a.txt", data))
    assert doc.content.startswith("Grüße aus Köln – 5 €")
    assert not doc.content.startswith("\ufeff")
    assert doc.notes == ((note,) if note else ())


def test_other_single_byte_encodings_are_guessed_not_forced_to_cp1252(tmp_path: Path) -> None:
    text = "Городской совет принял новый бюджет на следующий год. Мэр города поблагодарил депутатов."
    [doc] = read(put(tmp_path / "ru.txt", text.encode("cp1251")))
    assert doc.content == text


def test_mojibake_is_repaired_and_noted(tmp_path: Path) -> None:
    broken = "Grüße aus Köln – 5 €".encode().decode("cp1252")  # "GrÃ¼ÃŸe aus KÃ¶ln â€“ 5 â‚¬"
    [doc] = read(put(tmp_path / "a.txt", broken))
    assert doc.content == "Grüße aus Köln – 5 €"
    assert "repaired mojibake" in doc.notes


def test_german_quotes_are_not_touched(tmp_path: Path) -> None:
    text = "„Wir bauen“, sagte sie. ‚Gut‘ – so der Rat."
    [doc] = read(put(tmp_path / "a.txt", text))
    assert doc.content == text and doc.notes == ()


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n "])
def test_empty_file_is_a_problem(tmp_path: Path, content: bytes) -> None:
    path = put(tmp_path / "empty.txt", content)
    assert read(path) == [SourceProblem(str(path), "file is empty")]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF document"),
        (b"\xff\xd8\xff\xe0" + bytes(range(256)), "JPEG image"),
        (b"PK\x03\x04" + bytes(range(256)), "ZIP archive"),
        (b"abc\x00\x01\x02\x03" * 50, "NUL bytes"),
    ],
)
def test_binary_file_is_a_problem(tmp_path: Path, data: bytes, named: str) -> None:
    [problem] = read(put(tmp_path / "image.txt", data))
    assert isinstance(problem, SourceProblem)
    assert problem.reason.startswith("binary file, not text") and named in problem.reason


def test_oversize_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = put(tmp_path / "big.txt", "x" * 1234)
    [problem] = read(path, max_bytes=1000)
    assert problem == SourceProblem(
        str(path), "file is 1.2 kB, over the 1 kB limit for one article; raise --max-bytes to accept it"
    )


def test_gzipped_text(tmp_path: Path) -> None:
    path = put(tmp_path / "a.txt.gz", gzip.compress(BODY.encode()))
    [doc] = read(path)
    assert doc.content == BODY
    [problem] = read(path, max_bytes=20)
    assert "over the 20 bytes limit" in problem.reason


# --- paths: missing, folders, globs, stdin -------------------------------------------------------------------


def test_missing_path_is_a_problem_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = put(tmp_path / "a.txt", BODY)
    items = read(tmp_path / "nothing.txt", good)
    assert items[0] == SourceProblem(str(tmp_path / "nothing.txt"), "no such file or directory")
    assert docs(items)[0].origin == str(good)


def test_folder_is_walked_recursively_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    put(root / "b.txt", BODY)
    put(root / "a" / "z.html", f"<html><body><p>{BODY}</p></body></html>")
    put(root / "a" / "y.txt", BODY)
    put(root / "c.md", BODY)  # unknown extension: skipped in folders
    put(root / "notes.pdf", b"%PDF-1.4")
    put(root / ".hidden.txt", BODY)
    put(root / ".git" / "x.txt", BODY)
    put(root / "_manifest.json", '{"inputs": []}')  # a dataset's metadata beside its parts
    put(root / "_SUCCESS", "")
    put(root / "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    items = read(root)
    assert [item.origin for item in items] == [str(root / "a" / "y.txt"), str(root / "a" / "z.html"),
                                               str(root / "b.txt")]  # fmt: skip
    assert [item.content_type for item in docs(items)] == ["text", "html", "text"]
    assert read(root) == items  # deterministic


def test_folder_without_readable_files_is_a_problem(tmp_path: Path) -> None:
    put(tmp_path / "only" / "readme.md", "hello")
    [problem] = read(tmp_path / "only")
    assert "folder holds no files newsdesk can read" in problem.reason


def test_globs_and_each_file_read_once(tmp_path: Path) -> None:
    put(tmp_path / "one.txt", BODY)
    put(tmp_path / "two.txt", BODY + "Zwei.")
    put(tmp_path / "sub" / "deep" / "three.html", f"<html><body><p>{BODY}</p></body></html>")
    put(tmp_path / "sub" / "four.log", BODY)
    flat = read(tmp_path / "*.txt", tmp_path / "one.txt")
    assert [item.origin for item in flat] == [str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]
    deep = read(tmp_path / "**" / "*.html")
    assert [item.origin for item in deep] == [str(tmp_path / "sub" / "deep" / "three.html")]
    logs = read(tmp_path / "sub" / "*.log")  # the pattern names the extension, so it is read by sniffing
    assert docs(logs)[0].content == BODY
    [problem] = read(tmp_path / "*.nothing")
    assert problem.reason == "no files match this pattern"


def test_stdin_plain_text_bytes_and_str() -> None:
    [doc] = list(iter_sources(["-"], stdin=io.BytesIO("Grüße aus Köln – 5 €".encode("cp1252"))))
    assert (doc.origin, doc.content, doc.notes) == ("-", "Grüße aus Köln – 5 €", ("decoded as cp1252",))
    [doc] = list(iter_sources(["-"], stdin=io.StringIO(BODY)))
    assert doc.content == BODY


def test_stdin_json_lines_html_and_empty() -> None:
    lines = "\n".join(json.dumps({"title": f"T{n}", "maintext": f"Text {n}"}) for n in range(3)) + "\n"
    items = list(iter_sources(["-"], stdin=io.BytesIO(lines.encode())))
    assert [(item.origin, item.title) for item in items] == [("-:1", "T0"), ("-:2", "T1"), ("-:3", "T2")]
    [page] = list(iter_sources(["-"], stdin=io.BytesIO(b"<!DOCTYPE html><html><body><p>Hallo</p></body></html>")))
    assert page.content_type == "html"
    assert list(iter_sources(["-"], stdin=io.BytesIO(b"  \n"))) == [SourceProblem("-", "standard input is empty")]
    twice = list(iter_sources(["-", "-"], stdin=io.BytesIO(BODY.encode())))
    assert isinstance(twice[1], SourceProblem) and "already read" in twice[1].reason


def test_stdin_gzip_whole_and_cut_short(tmp_path: Path) -> None:
    lines = gzip.compress(b'{"maintext": "Eins"}\n{"maintext": "Zwei"}\n')
    assert [item.origin for item in iter_sources(["-"], stdin=io.BytesIO(lines))] == ["-:1", "-:2"]
    *records, problem = iter_sources(["-"], stdin=io.BytesIO(lines[:-4]))  # the gzip trailer is missing
    assert len(records) == 2 and problem.reason.startswith("corrupt or truncated gzip data")
    crawl = build_warc(tmp_path / "crawl.warc.gz")
    *pages, damage = iter_sources(["-"], stdin=io.BytesIO(crawl[:-100]))
    assert [page.origin for page in pages] == ["-#3", "-#6"]
    assert damage.origin == "-" and damage.reason.startswith("truncated or corrupt WARC after record 6")


def test_unknown_extension_named_explicitly_is_sniffed(tmp_path: Path) -> None:
    page = put(tmp_path / "page.dat", "<!doctype html><html><body><p>Hallo Welt</p></body></html>")
    records = put(tmp_path / "dump.out", '{"maintext": "Eins"}\n{"maintext": "Zwei"}\n')
    items = read(page, records)
    assert [(item.origin, item.content_type) for item in items] == [
        (str(page), "html"),
        (f"{records}:1", "text"),
        (f"{records}:2", "text"),
    ]


# --- JSON and JSON Lines ------------------------------------------------------------------------------------


NEWS_PLEASE = {
    "title": "Hafenbrücke gesperrt",
    "maintext": "Die alte Hafenbrücke wird ab Montag gesperrt.",
    "date_publish": "2023-08-15 10:12:00",
    "authors": ["Jo Beispiel", "Ana Muster"],
    "url": "https://www.example.org/bruecke",
    "source_domain": "example.org",
    "language": "de",
    "date_download": "2023-08-16 00:00:00",
}


def test_json_lines_in_news_please_layout(tmp_path: Path) -> None:
    path = put(tmp_path / "np.jsonl", json.dumps(NEWS_PLEASE, ensure_ascii=False) + "\n")
    [doc] = read(path)
    assert doc == SourceDocument(
        origin=f"{path}:1",
        content="Die alte Hafenbrücke wird ab Montag gesperrt.",
        title="Hafenbrücke gesperrt",
        authors=("Jo Beispiel", "Ana Muster"),
        published="2023-08-15T10:12:00",
        url="https://www.example.org/bruecke",
        outlet="example.org",
        language="de",
    )


def test_json_lines_bad_lines_are_problems_and_reading_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "Eins", "maintext": "Erster Text."}),
        '{"title": "Zwei" "maintext": "kaputt"}',
        "",
        json.dumps({"title": "Ohne Text", "maintext": "  "}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "Fünf", "text": "<p>Fünfter <b>Text</b>.</p>", "date_publish": "gestern"}),
        json.dumps({"title": "Sechs", "description": "Nur ein Teaser."}),
    ]
    path = put(tmp_path / "feed.jsonl", "\n".join(lines))
    items = read(path)
    assert [item.origin for item in items] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6, 7)]
    assert items[1].reason == "invalid JSON: Expecting ',' delimiter at column 18"
    assert "no article text" in items[2].reason
    assert items[3].reason == "record is a JSON list, not an object"
    assert (items[4].content_type, items[4].published) == ("html", None)
    assert items[4].notes == ("ignored unreadable date 'gestern'",)
    assert items[5].content == "Nur ein Teaser." and items[5].notes == ("text from description (no maintext)",)


def test_json_lines_oversize_record_and_non_utf8_line(tmp_path: Path) -> None:
    big = json.dumps({"maintext": "x" * 500})
    latin = json.dumps({"maintext": "Grüße aus Köln"}, ensure_ascii=False).encode("cp1252")
    path = put(tmp_path / "mixed.jsonl", big.encode() + b"\n" + latin + b"\n")
    first, second = read(path, max_bytes=100)
    assert first == SourceProblem(
        f"{path}:1", "record is over the 100 bytes limit for one article; raise --max-bytes to accept it"
    )
    assert second.content == "Grüße aus Köln" and second.notes == ("decoded as cp1252",)


def test_gzipped_json_lines_are_streamed(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"maintext": f"Artikel {n}"}) + "\n" for n in range(50))
    path = put(tmp_path / "many.jsonl.gz", gzip.compress(lines.encode()))
    items = read(path)
    assert len(items) == 50 and items[-1].origin == f"{path}:50" and items[-1].content == "Artikel 49"


def test_field_map_with_dotted_paths(tmp_path: Path) -> None:
    record = {
        "headline": "Neuer Bahnhof",
        "body": {"content": "Der Bahnhof öffnet im Mai."},
        "meta": {"date": "2024-05-03T08:15:00Z", "byline": [{"name": "Kim Beispiel"}], "site": "Kurier"},
        "lang": "de-DE",
    }
    path = put(tmp_path / "custom.jsonl", json.dumps(record) + "\n")
    field_map = {"title": "headline", "text": "body.content", "published": "meta.date",
                 "authors": "meta.byline.0.name", "outlet": "meta.site", "language": "lang"}  # fmt: skip
    [doc] = read(path, field_map=field_map)
    assert (doc.title, doc.content, doc.published) == ("Neuer Bahnhof", "Der Bahnhof öffnet im Mai.",
                                                       "2024-05-03T08:15:00+00:00")  # fmt: skip
    assert (doc.authors, doc.outlet, doc.language) == (("Kim Beispiel",), "Kurier", "de")
    [problem] = read(path, field_map={"text": "body.missing"})
    assert problem.reason == "record has no article text (no 'body.missing' field with text)"
    with pytest.raises(ValueError, match="unknown field 'body'"):
        iter_sources([str(path)], field_map={"body": "x"})


def test_json_file_with_one_object_or_a_list(tmp_path: Path) -> None:
    single = put(tmp_path / "one.json", json.dumps(NEWS_PLEASE, indent=2))
    [doc] = read(single)
    assert doc.origin == str(single) and doc.title == "Hafenbrücke gesperrt"
    many = put(tmp_path / "list.json", json.dumps([{"maintext": "Eins"}, {"maintext": "Zwei"}, 3], indent=1))
    items = read(many)
    assert [item.origin for item in items] == [f"{many}#1", f"{many}#2", f"{many}#3"]
    assert items[2].reason == "record is a JSON number, not an object"


def test_json_file_broken_list_keeps_records_before_the_damage(tmp_path: Path) -> None:
    path = put(tmp_path / "cut.json", '[{"maintext": "Eins"}, {"maintext": "Zwei"}, {"maintext": "Dr')
    items = read(path)
    assert [item.content for item in docs(items)] == ["Eins", "Zwei"]
    assert items[-1].origin == f"{path}#3" and items[-1].reason.startswith("invalid JSON: Unterminated string")
    assert read(put(tmp_path / "empty.json", "[]")) == [SourceProblem(str(tmp_path / "empty.json"),
                                                                       "file holds an empty JSON list")]  # fmt: skip


def test_json_list_larger_than_one_read_chunk(tmp_path: Path) -> None:
    records = [{"maintext": f"Artikel {n} " + "Text " * 40} for n in range(6000)]  # about 1.3 MB
    path = put(tmp_path / "big.json", json.dumps(records))
    items = read(path)
    assert len(items) == 6000 and all(isinstance(item, SourceDocument) for item in items)
    assert items[5999].content.startswith("Artikel 5999 ")


# --- WARC ---------------------------------------------------------------------------------------------------


def _page(title: str, words: str) -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body><article><p>{words}</p></article></body>"


def build_warc(path: Path, *, gz: bool = True) -> bytes:
    """A small crawl: warcinfo, request, two HTML pages, a 404, an image and a cp1252 page declared in HTTP."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsdesk tests"}))

    def response(url: str, body: bytes, status: str = "200 OK", content_type: str = "text/html; charset=utf-8") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

    request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "www.elbkurier.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://www.elbkurier.example/a", "request", http_headers=request))
    response("https://www.elbkurier.example/a", _page("Fähre", "Die Fähre fährt wieder.").encode())
    response("https://www.elbkurier.example/missing", b"<html>Not found</html>", status="404 Not Found")
    response("https://www.elbkurier.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    response("https://elbkurier.example/b", _page("Köln", "Grüße aus Köln – 5 €").encode("cp1252"),
             content_type="text/html; charset=windows-1252")  # fmt: skip
    response("https://www.elbkurier.example/c", _page("Drei", "Der dritte Artikel. " * 30).encode())
    data = buffer.getvalue()
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("gz", [True, False])
def test_warc_yields_html_responses(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    build_warc(path, gz=gz)
    items = read(path)
    assert [item.origin for item in items] == [f"{path}#3", f"{path}#6", f"{path}#7"]
    first, second, _ = items
    assert (first.content_type, first.url) == ("html", "https://www.elbkurier.example/a")
    assert first.outlet == "elbkurier.example"
    assert "Die Fähre fährt wieder." in first.content and first.published is None
    assert "Grüße aus Köln – 5 €" in second.content and second.notes == ("decoded as cp1252",)


def test_truncated_warc_gz_yields_what_was_read_then_a_problem(tmp_path: Path) -> None:
    data = build_warc(tmp_path / "full.warc.gz")
    cut = put(tmp_path / "cut.warc.gz", data[:-150])
    items = read(cut)
    assert [item.origin for item in docs(items)] == [f"{cut}#3", f"{cut}#6"]
    assert items[-1].origin == str(cut)
    assert items[-1].reason.startswith("truncated or corrupt WARC after record 6: ")


def test_truncated_plain_warc_in_a_record_header(tmp_path: Path) -> None:
    data = build_warc(tmp_path / "full.warc", gz=False)
    last = data.rindex(b"WARC/1.")
    cut = put(tmp_path / "cut.warc", data[: last + 40])
    items = read(cut)
    assert len(docs(items)) == 2 and items[-1].reason.startswith("truncated or corrupt WARC after record 6")


def test_warc_oversize_record_and_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    items = read(path, max_bytes=200)
    assert [item.origin for item in problems(items)] == [f"{path}#7"]
    assert "record is over the 200 bytes limit" in problems(items)[0].reason
    fake = put(tmp_path / "fake.warc", "Dies ist kein Webarchiv.\n" * 5)
    assert read(fake)[0].reason.startswith("not a WARC file")


# --- feeds --------------------------------------------------------------------------------------------------


RSS = """<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Elbkurier – Nachrichten</title>
  <link>https://www.elbkurier.example/</link>
  <language>de-DE</language>
  <item>
    <title>Fähre fährt wieder</title>
    <link>https://www.elbkurier.example/faehre</link>
    <pubDate>Tue, 15 Aug 2023 10:12:00 +0200</pubDate>
    <dc:creator>Jo Beispiel</dc:creator>
    <description>Kurzer Teaser.</description>
    <content:encoded><![CDATA[<p>Die Fähre fährt wieder.</p><p>Grüße aus Köln.</p>]]></content:encoded>
  </item>
  <item>
    <title>Nur Teaser</title>
    <guid>https://www.elbkurier.example/teaser</guid>
    <author>redaktion@elbkurier.example (Ana Muster)</author>
    <description>Ein Satz ohne Markup &amp; mit Entität.</description>
  </item>
  <item><title>Leer</title></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Saalebote</title>
  <link rel="self" href="https://saalebote.example/feed.atom"/>
  <link href="https://saalebote.example/"/>
  <entry>
    <title type="html">Neue &lt;em&gt;Brücke&lt;/em&gt;</title>
    <link rel="alternate" href="https://saalebote.example/bruecke"/>
    <published>2024-03-12T07:45:00Z</published>
    <updated>2024-03-13T09:00:00Z</updated>
    <author><name>Marta Beispiel</name></author>
    <content type="html">&lt;p&gt;Die Brücke ist offen.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Zweiter Eintrag</title>
    <link href="https://saalebote.example/zwei"/>
    <updated>2024-03-14</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Im <b>Rathaus</b> wird gewählt.</p></div>
    </content>
  </entry>
</feed>
"""


def test_rss_items(tmp_path: Path) -> None:
    path = put(tmp_path / "elbkurier.rss", RSS, encoding="cp1252")
    first, second, third = read(path)
    assert first.origin == f"{path}#1" and first.content_type == "html"
    assert "<p>Die Fähre fährt wieder.</p>" in first.content
    assert (first.title, first.url, first.authors) == ("Fähre fährt wieder", "https://www.elbkurier.example/faehre",
                                                       ("Jo Beispiel",))  # fmt: skip
    assert (first.published, first.language) == ("2023-08-15T10:12:00+02:00", "de")
    assert first.outlet == "Elbkurier – Nachrichten"
    assert (second.content, second.content_type) == ("Ein Satz ohne Markup & mit Entität.", "text")
    assert (second.url, second.authors) == ("https://www.elbkurier.example/teaser", ("Ana Muster",))
    assert third == SourceProblem(f"{path}#3", "feed item has no content or description")


def test_atom_entries(tmp_path: Path) -> None:
    path = put(tmp_path / "saale.atom", ATOM)
    first, second = read(path)
    assert (first.title, first.url, first.published) == ("Neue Brücke", "https://saalebote.example/bruecke",
                                                         "2024-03-12T07:45:00+00:00")  # fmt: skip
    assert (first.authors, first.outlet, first.language) == (("Marta Beispiel",), "Saalebote", "de")
    assert first.content == "<p>Die Brücke ist offen.</p>" and first.content_type == "html"
    assert second.published == "2024-03-14" and second.url == "https://saalebote.example/zwei"
    assert "<b>Rathaus</b>" in second.content and second.content_type == "html"


def test_malformed_feed_keeps_items_before_the_damage(tmp_path: Path) -> None:
    broken = RSS.replace("<item><title>Leer</title></item>", "<item><title>Kaputt</titel></item>")
    path = put(tmp_path / "broken.xml", broken, encoding="cp1252")
    items = read(path)
    assert len(docs(items)) == 2
    assert items[-1].origin == str(path) and items[-1].reason.startswith("malformed XML after item 2: ")
    other = put(tmp_path / "sitemap.xml", '<?xml version="1.0"?><urlset><url/></urlset>')
    assert read(other) == [SourceProblem(str(other), "XML file is not an RSS or Atom feed (root element <urlset>)")]


# --- shared helpers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2023-08-15 10:12:00", "2023-08-15T10:12:00"),
        ("2023-08-15", "2023-08-15"),
        ("2023-08-15T10:12:00Z", "2023-08-15T10:12:00+00:00"),
        ("Tue, 15 Aug 2023 10:12:00 GMT", "2023-08-15T10:12:00+00:00"),
        (1692094320, "2023-08-15T10:12:00+00:00"),
        ("letzte Woche", None),
        (None, None),
    ],
)
def test_to_iso_date(value: object, iso: str | None) -> None:
    assert to_iso_date(value) == iso


def test_split_authors_and_human_size() -> None:
    assert split_authors("Jo Beispiel; Ana Muster") == ("Jo Beispiel", "Ana Muster")
    assert split_authors("Jo Beispiel und Ana Muster") == ("Jo Beispiel", "Ana Muster")
    assert split_authors("Jo Beispiel, Ana Muster") == ("Jo Beispiel", "Ana Muster")
    assert split_authors("Muster, Ana") == ("Muster, Ana",)
    assert split_authors(["Jo", {"name": "Ana"}, "Jo", ""]) == ("Jo", "Ana")
    assert human_size(104_857_600) == "104.9 MB" and human_size(20_000_000) == "20 MB"
    assert human_size(1234) == "1.2 kB" and human_size(999) == "999 bytes"
