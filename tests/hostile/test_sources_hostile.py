"""Hostile input to the source readers: each bad file, line or record is one clear problem, the rest is read."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk import Desk
from newsdesk.cli import cli
from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources import iter_sources

TOPICS = ("die Brücke", "den Hafen", "die Fähre", "das Rathaus", "die Schule")


def body(number: int) -> str:
    topic = TOPICS[number % len(TOPICS)]
    return (f"Der Stadtrat hat am Montag beschlossen, {topic} zu sanieren. Die Arbeiten sollen im Herbst beginnen "
            f"und {number + 1} Jahre dauern.\n\nDie Kosten trägt zum größten Teil das Land, sagte die Sprecherin.")


def record(number: int) -> str:
    return json.dumps({"title": f"Meldung {number}", "maintext": body(number)}, ensure_ascii=False)


def read(*paths: Path | str, **options) -> list[SourceDocument | SourceProblem]:
    return list(iter_sources([os.fsdecode(path) for path in paths], **options))


def origins(items: list) -> list[str]:
    return [item.origin for item in items if isinstance(item, SourceDocument)]


def problems(items: list) -> list[SourceProblem]:
    return [item for item in items if isinstance(item, SourceProblem)]


def add(tmp_path: Path, *paths: Path | str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["add", "--no-analyze", "-j", "1", "--db", str(tmp_path / "desk.db"),
                                      *(os.fsdecode(path) for path in paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# --- JSON: lone surrogates, deep nesting --------------------------------------------------------------------


def test_jsonl_with_lone_surrogates_in_a_record_stores_every_record(tmp_path: Path) -> None:
    text = json.dumps(body(1))[1:-1]
    hostile = f'{{"title": "Meldung \\ud800", "maintext": "{text} \\udfff", "authors": ["Anna \\ud800 Muster"]}}'
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([record(0), hostile, record(2)]) + "\n", encoding="utf-8")
    with Desk(tmp_path / "desk.db") as desk:
        report = desk.add([str(path)], analyze=False)
        stored = list(desk.articles())
    assert (report.added, report.problems) == (3, [])
    assert {article.title for article in stored} == {"Meldung 0", "Meldung \ufffd", "Meldung 2"}


def test_deeply_nested_json_line_is_one_problem_and_the_other_lines_are_read(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([record(0), record(1), record(2)[:-1] + f', "extra": {deep}}}',
                               deep, record(4)]) + "\n", encoding="utf-8")
    items = read(path)
    assert origins(items) == [f"{path}:1", f"{path}:2", f"{path}:5"]
    assert [str(problem) for problem in problems(items)] == [
        f"{path}:3: JSON nested too deeply", f"{path}:4: JSON nested too deeply"]


def test_deeply_nested_json_file_is_one_problem(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert [str(item) for item in read(deep)] == [f"{deep}#1: JSON nested too deeply"]
    listed = tmp_path / "list.json"
    nested = '{"a": "[{", "b": ' + "[" * 50_000 + '"]}"' + "]" * 50_000 + "}"  # brackets in strings do not count
    listed.write_text(f"[{record(0)}, {nested}, {record(2)}]", encoding="utf-8")
    items = read(listed)
    assert origins(items) == [f"{listed}#1", f"{listed}#3"]
    assert [str(problem) for problem in problems(items)] == [f"{listed}#2: JSON nested too deeply"]


# --- file names that are not UTF-8 ------------------------------------------------------------------------------


def test_file_name_that_is_not_utf8_is_read_and_its_origin_is_printable(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw_name = os.path.join(os.fsencode(folder), b"bericht-\xff.txt")
    try:
        with open(raw_name, "wb") as handle:
            handle.write(body(0).encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    shown = f"{folder}/bericht-\\xff.txt"
    assert origins(read(folder)) == [shown]
    assert origins(read(os.fsdecode(raw_name))) == [shown]
    code, output = add(tmp_path, folder)
    assert code == 0, output
    code, output = add(tmp_path, os.fsdecode(raw_name))  # the same file named directly: already on the desk
    assert code == 0 and "1 already on the desk" in output, output
    with Desk(tmp_path / "desk.db") as desk:
        assert [article.source for article in desk.articles()] == [shown]
    exported = CliRunner().invoke(cli, ["articles", "--json", "--db", str(tmp_path / "desk.db")])
    assert exported.exit_code == 0 and "bericht-\\\\xff.txt" in exported.output, exported.output


# --- globs over folder links ------------------------------------------------------------------------------------


def test_glob_never_follows_folder_links_and_reads_each_file_once(tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "z.txt").write_text(body(0), encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "up").symlink_to(tmp_path, target_is_directory=True)
    items = read(f"{folder}/**/*.txt")
    assert origins(items) == [f"{folder}/sub/z.txt"] and problems(items) == []


# --- compressed input: bombs, blank padding, damage --------------------------------------------------------------


def test_gzip_that_inflates_like_a_bomb_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    padding = gzip.compress(b"\n" * 1_000_000)
    path.write_bytes(gzip.compress((record(0) + "\n").encode()) + padding * 3)  # gzip members may follow each other
    items = read(path, max_bytes=100_000)
    assert origins(items) == [f"{path}:1"]
    [problem] = problems(items)
    assert problem.origin == str(path)
    assert problem.reason.startswith("gzip data inflates over 100-fold past 1 MB (10 times --max-bytes)")


def test_gzip_cut_short_keeps_every_complete_record_and_is_one_problem(tmp_path: Path) -> None:
    lines = gzip.compress("\n".join(record(n) for n in range(3)).encode() + b"\n")
    listed = gzip.compress(f"[{record(0)}, {record(1)}, {record(2)}]".encode())
    trailer = tmp_path / "trailer.jsonl.gz"  # only the checksum at the end is missing
    trailer.write_bytes(lines[:-4])
    middle = tmp_path / "middle.jsonl.gz"  # cut inside the last record
    middle.write_bytes(lines[: len(lines) - 20])
    array = tmp_path / "trailer.json.gz"
    array.write_bytes(listed[:-4])
    items = read(trailer, middle, array)
    assert origins(items) == [*(f"{trailer}:{n}" for n in (1, 2, 3)), *(f"{middle}:{n}" for n in (1, 2)),
                              *(f"{array}#{n}" for n in (1, 2, 3))]
    assert [problem.origin for problem in problems(items)] == [str(trailer), str(middle), str(array)]
    assert all(problem.reason.startswith("corrupt or truncated gzip data") for problem in problems(items))


def test_gzip_of_blank_lines_or_spaces_is_an_empty_file(tmp_path: Path) -> None:
    lines = tmp_path / "blank.jsonl.gz"
    lines.write_bytes(gzip.compress(b"\n" * 2_000_000))
    spaces = tmp_path / "blank.json.gz"
    spaces.write_bytes(gzip.compress(b" \r\n" * 700_000))
    assert [str(item) for item in read(lines, spaces)] == [f"{lines}: file is empty", f"{spaces}: file is empty"]


def test_blank_lines_between_records_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gaps.jsonl"
    path.write_text(record(0) + "\n\n  \n\t\n" + "\n" * 100_000 + "  " + record(1) + "\n{broken\n", encoding="utf-8")
    items = read(path)
    assert origins(items) == [f"{path}:1", f"{path}:100005"]
    assert [problem.origin for problem in problems(items)] == [f"{path}:100006"]


def _warc(records: list[tuple[str, bytes, list[tuple[str, str]]]], *, gz: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, page, extra in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *extra], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=http))
    return buffer.getvalue()


def _page(number: int) -> bytes:
    return f"<html><head><title>Meldung {number}</title></head><body><article><p>{body(number)}</p></article>".encode()


@pytest.mark.parametrize("extra", [[("X-Padding", "a" * 2_000_000)], [("X-Many", "b")] * 100_000])
def test_warc_record_with_oversize_headers_is_a_problem_naming_record_and_limit(
        tmp_path: Path, extra: list[tuple[str, str]]) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([("https://a.example/1", _page(1), []), ("https://a.example/2", _page(2), extra)]))
    items = read(path)
    assert origins(items) == [f"{path}#1"]
    assert [str(problem) for problem in problems(items)] == [
        f"{path}#2: record headers are over the 256 kB limit; the rest of the file is not read"]


def test_warc_gz_that_inflates_like_a_bomb_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    padding = b" " * 3_000_000
    path.write_bytes(_warc([("https://a.example/1", _page(1), []), ("https://a.example/2", padding, [])]))
    items = read(path, max_bytes=100_000)
    assert origins(items) == [f"{path}#1"]
    assert [problem.origin for problem in problems(items)] == [str(path)]
    assert problems(items)[0].reason.startswith("gzip data inflates over 100-fold past 1 MB")


def test_warc_blank_lines_between_records_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    first, second = (_warc([(f"https://a.example/{n}", _page(n), [])], gz=False) for n in (1, 2))
    path.write_bytes(first + b"\r\n" * 1_000_000 + second)
    items = read(path)
    assert origins(items) == [f"{path}#1"]
    assert [problem.reason for problem in problems(items)] == [
        "record headers are over the 256 kB limit; the rest of the file is not read"]


def _warc_cut_in_the_middle(first: int) -> bytes:
    """Three records, each its own gzip member; the second is complete gzip data but ends before its length."""
    members = [_warc([(f"https://a.example/{n}", _page(n), [])]) for n in range(first, first + 3)]
    cut = gzip.decompress(members[1])
    members[1] = gzip.compress(cut[: len(cut) - 200])
    return b"".join(members)


def test_warc_gz_with_a_record_cut_short_in_the_middle_keeps_the_records_after_it(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc_cut_in_the_middle(0))
    items = read(path)
    assert origins(items) == [f"{path}#1", f"{path}#3"]
    assert [str(problem) for problem in problems(items)] == [f"{path}#2: record ends before its declared length"]


# --- `newsdesk add` on damaged and odd files: one line each, the good records stored, exit 1 -------------------


def _damaged_inputs() -> dict[str, tuple[bytes, str]]:
    """file name → (content, the reason its one problem line gives)."""
    good_gz = gzip.compress("\n".join([record(10), record(11)]).encode() + b"\n")
    return {
        "empty.jsonl.gz": (b"", "file is empty"),
        "cut.jsonl.gz": (good_gz[: len(good_gz) // 2], "corrupt or truncated gzip data"),
        "kinds.jsonl": ("\n".join([record(20), "[1, 2]", "7", '"Text"', record(21)]).encode(),
                        "record is a JSON list, not an object"),
        "bom.jsonl": (b"\xef\xbb\xbf" + "\n".join([record(30), record(31), "{"]).encode(), "invalid JSON"),
        "nul.jsonl": ("\n".join([record(40), "\x00\x00", record(41)]).encode(), "invalid JSON"),
        "cut.warc.gz": (_warc_cut_in_the_middle(50), "record ends before its declared length"),
    }


def test_cli_add_on_damaged_files_prints_one_line_each_and_stores_the_good_records(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (content, _) in _damaged_inputs().items():
        (folder / name).write_bytes(content)
    code, output = add(tmp_path, folder)
    assert code == 1
    failed = [line for line in output.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 8, output  # kinds.jsonl has three bad lines
    for name, (_, reason) in _damaged_inputs().items():
        assert any(name in line and reason in line for line in failed), (name, output)
    with Desk(tmp_path / "desk.db") as desk:
        titles = {article.title for article in desk.articles()}
    assert titles == {"Meldung 20", "Meldung 21", "Meldung 30", "Meldung 31", "Meldung 40", "Meldung 41",
                      "Meldung 50", "Meldung 52"}
