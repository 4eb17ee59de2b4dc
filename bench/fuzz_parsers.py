"""Fuzz every parser newsdesk owns with a fixed time budget, as a benchmark-style script (never a timed test).

Each target feeds generated input to one public entry point and asserts the promise the README makes for it: the
source readers yield articles or one ``SourceProblem`` per bad record and never raise; ``build_article`` returns an
article or a problem; the analysis returns a record for any text; a search query is answered or refused with a
``DeskError``; ``to_iso_date`` gives an ISO string or ``None``. Inputs are built by Hypothesis from fragments of the
formats (JSON, feeds, WARC, HTML, German dates and quotes) mixed with random bytes, so that the generator reaches
past the first syntax check. A failure prints Hypothesis' shrunk example; each one found becomes a regression test
under ``tests/hostile/``.

Run: .venv/bin/python bench/fuzz_parsers.py [--seconds 60] [--targets sources,ingest,analyze,search,dates]
(Hypothesis is in the ``test`` extra.)
"""

from __future__ import annotations

import argparse
import gzip
import random
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from run import machine

from newsdesk.analysis import analyze
from newsdesk.errors import DeskError
from newsdesk.ingest import build_article
from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources import iter_sources
from newsdesk.sources._common import to_iso_date
from newsdesk.store import Store

FRAGMENTS = [
    '{"maintext": "', '", "title": "', '"authors": ["', '"date_publish": "', '0001-01-01', '9999-12-31T23:59:59',
    "[", "]", "{", "}", ",", ":", "\\u", "\\ud800", "null", "1e999", "\n", "\r\n", "\x00", "\ufeff",
    "<rss><channel><item><title>", "</title><description>", "</description></item></channel></rss>",
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>', "</entry></feed>", "<![CDATA[", "]]>",
    "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "&amp;", "&#0;", "&#x1b;",
    "WARC/1.0\r\n", "WARC-Type: response\r\n", "Content-Length: ", "WARC-Target-URI: http://x.example/\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
    "<html lang=\"de\"><head><title>", "</title></head><body><article><p>", "</p></article></body></html>",
    '<script type="application/ld+json">{"datePublished": "', '"}</script>', "<table><tr><td>", "</td></tr></table>",
    "Am 3. Oktober 2023 sagte Kanzlerin Anna Muster: „", "“, sagte sie.", " Ende Juli ", " vor zwei Wochen ",
    " im August 1945 ", " 31.12.9999 ", " 29. Februar 2023 ", " am Montag ", " 10.000 Tote ", "»", "«", "„", "“",
    "\x1b]0;x\x07", "\u202e", "Ä", "ß", " ", "Der Bundestag beschloss das Gesetz. ",
]
EXTENSIONS = [".txt", ".html", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc", ".jsonl.gz", ".json.gz",
              ".warc.gz", ".txt.gz"]
QUERY_PARTS = ['"', "*", "-", ":", "(", ")", "AND", "OR", "NOT", "NEAR", "^", "Kim", "Jong-un", "{", "}", "'",
               "\\", "%", "_", " ", "title:", "text:", "\x00", "ü"]

fragment_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=60).map("".join)
mixed_bytes = st.one_of(fragment_text.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=400))


def _write(folder: Path, extension: str, data: bytes) -> Path:
    path = folder / f"input{extension}"
    path.write_bytes(gzip.compress(data) if extension.endswith(".gz") else data)
    return path


def target_sources(folder: Path) -> Callable[[], None]:
    @given(st.sampled_from(EXTENSIONS), mixed_bytes)
    def check(extension: str, data: bytes) -> None:
        for item in iter_sources([str(_write(folder, extension, data))], max_bytes=100_000):
            assert isinstance(item, (SourceDocument, SourceProblem)), type(item)
    return check


def target_ingest(folder: Path) -> Callable[[], None]:
    @given(fragment_text, st.sampled_from(["text", "html"]), st.one_of(st.none(), fragment_text))
    def check(content: str, content_type: str, title: str | None) -> None:
        result = build_article(SourceDocument("fuzz", content, content_type=content_type, title=title))
        assert result is not None
    return check


def target_analyze(folder: Path) -> Callable[[], None]:
    @given(fragment_text, st.sampled_from(["de", "en", None, "xx"]))
    def check(text: str, language: str | None) -> None:
        analyze(text, language=language)
    return check


def target_search(folder: Path) -> Callable[[], None]:
    store = Store(":memory:")

    @given(st.lists(st.one_of(st.sampled_from(QUERY_PARTS), st.text(max_size=5)), max_size=12).map("".join))
    def check(query: str) -> None:
        try:
            store.search(query)
        except DeskError:
            pass
    return check


def target_dates(folder: Path) -> Callable[[], None]:
    @given(st.one_of(fragment_text, st.integers(), st.floats(), st.none(), st.booleans()))
    def check(value: object) -> None:
        result = to_iso_date(value)
        assert result is None or isinstance(result, str)
    return check


TARGETS = {"sources": target_sources, "ingest": target_ingest, "analyze": target_analyze,
           "search": target_search, "dates": target_dates}


def fuzz(name: str, seconds: float, rng: random.Random) -> tuple[int, list[str]]:
    """Run one target in rounds of fresh random examples until ``seconds`` are spent; the distinct failures (one
    per exception type and place raised, with its shrunk example)."""
    failures: dict[tuple[str, str, int | None], str] = {}
    rounds = 0
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as folder:
        while time.monotonic() < deadline:
            check = TARGETS[name](Path(folder))
            configured = seed(rng.getrandbits(64))(settings(max_examples=50, deadline=None, database=None,
                                                            suppress_health_check=list(HealthCheck))(check))
            try:
                configured()
            except Exception as error:  # a shrunk counter-example: the finding this script exists to print
                frame = traceback.extract_tb(error.__traceback__)[-1]
                failures.setdefault((type(error).__name__, frame.filename, frame.lineno),
                                    traceback.format_exc(limit=-3))
            rounds += 1
    return rounds * 50, list(failures.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="budget per target (default 60)")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated, from: " + ", ".join(TARGETS))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"CPU: {machine()}")
    rng = random.Random(args.seed)
    found = 0
    for name in args.targets.split(","):
        examples, failures = fuzz(name, args.seconds, rng)
        found += len(failures)
        print(f"{name:8} {examples:>7,} examples in {args.seconds:.0f} s, {len(failures)} failure(s)")
        for failure in failures:
            print("    " + failure.replace("\n", "\n    "))
    raise SystemExit(1 if found else 0)


if __name__ == "__main__":
    main()
